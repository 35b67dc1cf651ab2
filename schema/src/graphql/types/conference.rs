//! The conference: the root of everything public.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{Days, NaiveDate};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::enums::SessionStatus;
use crate::entities::enums::{ItemStatus, ServiceType};
use crate::entities::{announcement, glossary_entry, person, place, room, route, session, speaker, track, venue};
use crate::error::{AppError, AppResult};
use crate::graphql::access::{coordinator, organizer};
use crate::graphql::context::{Scope, db, loaders, now};
use crate::graphql::execution::eager::Eager;
use crate::graphql::relay::{Kind, decode_as, decode_queue_cursor, encode};
use crate::graphql::scalars;
use crate::graphql::types::access_needs::AccessNeedsSummary;
use crate::graphql::types::accommodation::ConsentText;
use crate::graphql::types::accommodation_service::AccommodationService;
use crate::graphql::types::announcement::Announcement;
use crate::graphql::types::deletion::{self, Deletion};
use crate::graphql::types::delta::ProgrammeDelta;
use crate::graphql::types::glossary::GlossaryEntry;
use crate::graphql::types::language::{Language, languages};
use crate::graphql::types::person::Person;
use crate::graphql::types::request_item_connection::RequestItemConnection;
use crate::graphql::types::search::{self, SearchConnection};
use crate::graphql::types::session::Session;
use crate::graphql::types::session_connection::{SessionConnection, SessionFilter, page};
use crate::graphql::types::speaker::Speaker;
use crate::graphql::types::text::Text;
use crate::graphql::types::track::Track;
use crate::graphql::types::venue::{Room, Venue};
use crate::service::accommodation::queue::{self as accommodation_queue, QueueFilter};
use crate::service::accommodation::requests as accommodation_requests;
use crate::service::search::SearchKind;
use crate::service::spoken;

/// Most people `people` returns.
const MAX_PEOPLE: u64 = 100;

/// Most sessions `upNext` returns.
const MAX_UP_NEXT: i32 = 50;

pub struct Conference {
    pub scope: Arc<Scope>,
}

/// A conference: its programme, venue, speakers and announcements.
#[Object]
impl Conference {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::Conference, self.scope.conference.id)
    }

    /// Stable short name used in URLs ("amman-2019").
    async fn slug(&self) -> &str {
        &self.scope.conference.slug
    }

    /// Full name.
    async fn name(&self) -> Text {
        self.scope.required_text(&self.scope.conference.name)
    }

    /// One-line description.
    async fn tagline(&self) -> Text {
        self.scope.required_text(&self.scope.conference.tagline)
    }

    /// What the conference is about.
    async fn description(&self) -> Text {
        self.scope.required_text(&self.scope.conference.description)
    }

    /// Who organises it.
    async fn organiser(&self) -> Text {
        self.scope.required_text(&self.scope.conference.organiser)
    }

    /// The city it takes place in.
    async fn city(&self) -> Text {
        self.scope.required_text(&self.scope.conference.city)
    }

    /// Present when the content is sample data rather than a real programme; show it.
    async fn sample_notice(&self) -> Option<Text> {
        self.scope.opt_text(&self.scope.conference.sample_notice)
    }

    /// Official website.
    async fn website(&self) -> Option<&str> {
        self.scope.conference.website.as_deref()
    }

    /// IANA zone all times of the conference are given in ("Asia/Amman").
    async fn time_zone(&self) -> &str {
        &self.scope.conference.time_zone
    }

    /// First day (YYYY-MM-DD, in the conference's zone).
    async fn start_date(&self) -> scalars::Date {
        scalars::Date(self.scope.conference.start_date)
    }

    /// Last day (YYYY-MM-DD, in the conference's zone).
    async fn end_date(&self) -> scalars::Date {
        scalars::Date(self.scope.conference.end_date)
    }

    /// The conference's languages, in the order used for fallback.
    async fn languages(&self, ctx: &Context<'_>) -> AppResult<Vec<ConferenceLanguage>> {
        let entries = &self.scope.conference.languages.0;
        let found = languages(ctx, &self.scope, entries.iter().map(|l| l.tag.clone()).collect()).await?;
        Ok(entries
            .iter()
            .zip(found)
            .map(|(entry, language)| ConferenceLanguage { language, required: entry.required })
            .collect())
    }

    /// The language texts are served in when the viewer's languages are not available.
    async fn default_language(&self, ctx: &Context<'_>) -> AppResult<Language> {
        let mut found = languages(ctx, &self.scope, vec![self.scope.conference.default_language.clone()]).await?;
        found.pop().ok_or_else(|| AppError::unexpected("default language missing"))
    }

    /// The order in which languages are tried for this viewer: their own (from the `lang`
    /// argument, then `Accept-Language`), then the default language, then the others.
    async fn language_order(&self) -> Vec<String> {
        self.scope.locale.order()
    }

    /// Grows by at least one on every change to the public programme. Offline clients compare
    /// it to decide whether to refetch.
    async fn programme_version(&self) -> i64 {
        self.scope.conference.programme_version
    }

    /// When the conference record last changed, with the conference zone's offset.
    async fn updated_at(&self) -> scalars::DateTime {
        scalars::DateTime(self.scope.local(self.scope.conference.updated_at))
    }

    /// The conference days, first to last.
    async fn days(&self) -> Vec<Day> {
        let conference = &self.scope.conference;
        let mut days = Vec::new();
        let mut date = conference.start_date;
        while date <= conference.end_date && days.len() < 366 {
            days.push(Day { date, scope: self.scope.clone() });
            let Some(next) = date.checked_add_days(Days::new(1)) else { break };
            date = next;
        }
        days
    }

    /// The programme in time order, one page at a time.
    async fn sessions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many sessions to return (0 to 2000; 200 when omitted).")] first: Option<i32>,
        #[graphql(desc = "Return the sessions after this cursor (`pageInfo.endCursor`).")] after: Option<String>,
        #[graphql(desc = "Only the sessions that match.")] filter: Option<SessionFilter>,
    ) -> AppResult<SessionConnection> {
        page(ctx, &self.scope, filter.unwrap_or_default(), first, after).await
    }

    /// One session of this conference.
    async fn session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session's id.")] id: ID,
    ) -> AppResult<Eager<Session>> {
        let id = decode_as(&id, Kind::Session, "id")?;
        match loaders(ctx)?.session(id).await? {
            Some(row) if row.conference_id == self.scope.conference.id => Ok(Eager(Session::new(row, &self.scope))),
            _ => Err(AppError::not_found("session")),
        }
    }

    /// Sessions taking place now (by the server's clock), not cancelled.
    // Depends on the clock: never served from the response cache.
    #[graphql(cache_control(no_cache))]
    async fn happening_now(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<Session>>> {
        let now = now(ctx)?;
        let rows = session::Entity::find()
            .filter(session::Column::ConferenceId.eq(self.scope.conference.id))
            .filter(session::Column::StartsAt.lte(now))
            .filter(session::Column::EndsAt.gt(now))
            .filter(session::Column::Status.ne(SessionStatus::Cancelled))
            .order_by_asc(session::Column::StartsAt)
            .order_by_asc(session::Column::Id)
            .all(db(ctx)?)
            .await?;
        Ok(rows.into_iter().map(|s| Eager(Session::new(s, &self.scope))).collect())
    }

    /// The next sessions to start (by the server's clock), not cancelled, soonest first.
    // Depends on the clock: never served from the response cache.
    #[graphql(cache_control(no_cache))]
    async fn up_next(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many sessions (1 to 50).", default = 5)] limit: i32,
    ) -> AppResult<Vec<Eager<Session>>> {
        if !(1..=MAX_UP_NEXT).contains(&limit) {
            return Err(AppError::bad_input("limit", format!("must be between 1 and {MAX_UP_NEXT}")));
        }
        let rows = session::Entity::find()
            .filter(session::Column::ConferenceId.eq(self.scope.conference.id))
            .filter(session::Column::StartsAt.gt(now(ctx)?))
            .filter(session::Column::Status.ne(SessionStatus::Cancelled))
            .order_by_asc(session::Column::StartsAt)
            .order_by_asc(session::Column::Id)
            .limit(u64::try_from(limit).unwrap_or(5))
            .all(db(ctx)?)
            .await?;
        Ok(rows.into_iter().map(|s| Eager(Session::new(s, &self.scope))).collect())
    }

    /// Meeting rooms, by floor then name.
    async fn rooms(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<Room>>> {
        Ok(load_venue(ctx, &self.scope)
            .await?
            .map(|v| v.rooms.into_iter().map(|r| Eager(Room::new(r, &self.scope))).collect())
            .unwrap_or_default())
    }

    /// The venue, with entrances, lifts, points of interest and routes.
    async fn venue(&self, ctx: &Context<'_>) -> AppResult<Option<Venue>> {
        load_venue(ctx, &self.scope).await
    }

    /// Speakers, by Latin transliteration of their names.
    async fn speakers(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<Speaker>>> {
        let rows = speaker::Entity::find()
            .filter(speaker::Column::ConferenceId.eq(self.scope.conference.id))
            .order_by_asc(speaker::Column::Transliteration)
            .all(db(ctx)?)
            .await?;
        Ok(rows.into_iter().map(|s| Eager(Speaker::new(s, &self.scope))).collect())
    }

    /// One speaker of this conference.
    async fn speaker(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The speaker's id.")] id: ID,
    ) -> AppResult<Eager<Speaker>> {
        let id = decode_as(&id, Kind::Speaker, "id")?;
        match loaders(ctx)?.speaker(id).await? {
            Some(row) if row.conference_id == self.scope.conference.id => Ok(Eager(Speaker::new(row, &self.scope))),
            _ => Err(AppError::not_found("speaker")),
        }
    }

    /// Thematic tracks.
    async fn tracks(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<Track>>> {
        let rows = track::Entity::find()
            .filter(track::Column::ConferenceId.eq(self.scope.conference.id))
            .order_by_asc(track::Column::Id)
            .all(db(ctx)?)
            .await?;
        Ok(rows.into_iter().map(|t| Eager(Track::new(t, &self.scope))).collect())
    }

    /// Acronyms and terms, alphabetically.
    async fn glossary(&self, ctx: &Context<'_>) -> AppResult<Vec<GlossaryEntry>> {
        let rows = glossary_entry::Entity::find()
            .filter(glossary_entry::Column::ConferenceId.eq(self.scope.conference.id))
            .order_by_asc(glossary_entry::Column::Term)
            .all(db(ctx)?)
            .await?;
        Ok(rows.into_iter().map(|model| GlossaryEntry { model, scope: self.scope.clone() }).collect())
    }

    /// Announcements published so far (by the server's clock), newest first.
    // Depends on the clock: never served from the response cache.
    #[graphql(cache_control(no_cache))]
    async fn announcements(&self, ctx: &Context<'_>) -> AppResult<Vec<Announcement>> {
        let rows = announcement::Entity::find()
            .filter(announcement::Column::ConferenceId.eq(self.scope.conference.id))
            .filter(announcement::Column::PublishedAt.lte(now(ctx)?))
            .order_by_desc(announcement::Column::PublishedAt)
            .order_by_desc(announcement::Column::Id)
            .all(db(ctx)?)
            .await?;
        Ok(rows.into_iter().map(|model| Announcement { model, scope: self.scope.clone() }).collect())
    }

    /// What was deleted after programme version `since` (sessions, rooms, routes, speakers,
    /// documents, glossary entries), oldest first. A client that keeps the programme offline
    /// drops these ids, then re-reads what it shows.
    async fn deleted_since(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The programme version the client's copy has.")] since: i64,
    ) -> AppResult<Vec<Deletion>> {
        deletion::after(db(ctx)?, &self.scope, since, None).await
    }

    /// What changed after programme version `since` (the `programmeVersion` of your copy):
    /// the changed sessions, rooms, speakers and the rest as they are now, and what was
    /// deleted. One small read instead of the whole programme after every edit.
    async fn changed_since(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The programme version your copy has.")] since: i64,
    ) -> AppResult<ProgrammeDelta> {
        ProgrammeDelta::load(ctx, &self.scope, since).await
    }

    /// Finds sessions, speakers, rooms, points of interest, glossary entries, documents and
    /// published announcements whose texts, in any of the conference's languages, hold every
    /// word of `query`, best matches first. Forgives what quick typing leaves out: case,
    /// accents, Arabic hamza, tashkeel, tatweel, ة typed as ه, ى as ي, the article ال,
    /// a word's end (prefixes of 3+ letters) and one typo in a word of 5+ letters. Common
    /// words ("the", "de", "في") are optional. A query with no letter or digit finds nothing.
    // Announcements appear when published, by the server's clock: never served from the cache.
    #[graphql(cache_control(no_cache))]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What the delegate typed: at most 200 characters and 16 distinct words.")] query: String,
        #[graphql(desc = "How many hits to return (0 to 50; 20 when omitted).")] first: Option<i32>,
        #[graphql(desc = "Return the hits after this cursor (`pageInfo.endCursor`).")] after: Option<String>,
        #[graphql(desc = "Only these kinds of thing (all when omitted).")] kinds: Option<Vec<SearchKind>>,
    ) -> AppResult<SearchConnection> {
        search::search(ctx, &self.scope, &query, first.unwrap_or(search::DEFAULT_FIRST), after.as_deref(), kinds).await
    }

    /// The text delegates consent to before their first accommodation request.
    async fn accommodation_consent_text(&self) -> ConsentText {
        ConsentText::current(&self.scope)
    }

    /// Every kind of support the accessibility desk arranges, one entry per `ServiceType`:
    /// its name and description in the viewer's language, and the cut-off for each. Public and
    /// free of personal data, so a delegate can read what may be asked for before signing in.
    async fn accommodation_services(&self) -> Vec<AccommodationService> {
        AccommodationService::all(&self.scope)
    }

    /// Open accommodation items, most urgent first (earliest cut-off, then earliest concerned
    /// session). Coordinators only; each request shown is logged as read by you, and its
    /// delegate can see that.
    // GraphQL arguments, one per filter.
    #[allow(clippy::too_many_arguments)]
    async fn accommodation_queue(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only these statuses; all open ones when omitted.")] status: Option<Vec<ItemStatus>>,
        #[graphql(desc = "Only these services.")] service_type: Option<Vec<ServiceType>>,
        #[graphql(desc = "Only late (true) or timely (false) items.")] late: Option<bool>,
        #[graphql(desc = "Only items assigned to you.", default)] assigned_to_me: bool,
        #[graphql(desc = "Only items concerning this session.")] session_id: Option<ID>,
        #[graphql(desc = "Only items concerning this conference day.")] day: Option<scalars::Date>,
        #[graphql(desc = "Only items whose cut-off is before this date.")] due_before: Option<scalars::Date>,
        #[graphql(desc = "How many (at most 200).", default = 50)] first: i32,
        #[graphql(desc = "The `endCursor` of the previous page.")] after: Option<String>,
    ) -> AppResult<RequestItemConnection> {
        let coordinator = coordinator(ctx)?;
        if coordinator.identity.person.conference_id != self.scope.conference.id {
            return Err(AppError::not_found("conference"));
        }
        let filter = QueueFilter {
            statuses: status.unwrap_or_default(),
            service_types: service_type.unwrap_or_default(),
            late,
            assignee: assigned_to_me.then_some(coordinator.identity.person.id),
            session: session_id.as_ref().map(|id| decode_as(id, Kind::Session, "sessionId")).transpose()?,
            day: day.map(|day| day.0),
            due_before: due_before.map(|day| day.0),
        };
        let limit = u64::try_from(first)
            .ok()
            .filter(|n| *n <= accommodation_queue::MAX_QUEUE)
            .ok_or_else(|| AppError::bad_input("first", format!("0 to {}", accommodation_queue::MAX_QUEUE)))?;
        let position = after.as_deref().map(|cursor| decode_queue_cursor(cursor, "after")).transpose()?;
        let (rows, more) =
            accommodation_queue::page(db(ctx)?, self.scope.conference.id, &filter, position, limit).await?;
        let requests: std::collections::BTreeSet<i64> = rows.iter().map(|r| r.request_id).collect();
        accommodation_requests::record_views(db(ctx)?, requests, coordinator.identity.person.id, now(ctx)?).await?;
        Ok(RequestItemConnection::new(rows, &self.scope, filter, more, position.is_some()))
    }

    /// Accommodation needs per session and per day, with room seating checks: counts only,
    /// never who. Organisers and coordinators.
    async fn access_needs_summary(&self, ctx: &Context<'_>) -> AppResult<AccessNeedsSummary> {
        let viewer = crate::graphql::access::signed_in(ctx)?;
        let staff = matches!(
            viewer.role(),
            crate::entities::enums::Role::Organizer | crate::entities::enums::Role::Coordinator
        );
        if !staff {
            return Err(AppError::Forbidden);
        }
        if viewer.person.conference_id != self.scope.conference.id {
            return Err(AppError::not_found("conference"));
        }
        let summary = crate::service::accommodation::summary::summary(db(ctx)?, self.scope.conference.id).await?;
        Ok(AccessNeedsSummary { summary, scope: self.scope.clone() })
    }

    /// People invited to this conference whose name, organisation or delegation contains
    /// `search` (all when empty), by name; at most 100. Organisers only.
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Part of a name, organisation or delegation, ignoring case.")] search: Option<String>,
    ) -> AppResult<Vec<Person>> {
        organizer(ctx)?.owns(self.scope.conference.id, "conference")?;
        let mut query = person::Entity::find().filter(person::Column::ConferenceId.eq(self.scope.conference.id));
        if let Some(search) = search.filter(|s| !s.trim().is_empty()) {
            let escaped: String = search.trim().to_lowercase().chars().fold(String::new(), |mut out, c| {
                if matches!(c, '%' | '_' | '\\') {
                    out.push('\\');
                }
                out.push(c);
                out
            });
            let like = || LikeExpr::new(format!("%{escaped}%")).escape('\\');
            let lower = |column: person::Column| Expr::expr(Func::lower(Expr::col(column)));
            query = query.filter(
                sea_orm::Condition::any()
                    .add(lower(person::Column::Name).like(like()))
                    .add(lower(person::Column::Organisation).like(like()))
                    .add(lower(person::Column::Delegation).like(like())),
            );
        }
        let rows = query.order_by_asc(person::Column::Name).limit(MAX_PEOPLE).all(db(ctx)?).await?;
        Ok(rows.into_iter().map(|model| Person { model: Arc::new(model) }).collect())
    }
}

/// Reads the venue of a conference with its places, rooms and routes: from the programme
/// snapshot in a query (phones read the venue with the programme, and directions read its
/// routes on every request), else from the database.
pub async fn load_venue(ctx: &Context<'_>, scope: &Arc<Scope>) -> AppResult<Option<Venue>> {
    let (model, mut places, mut rooms, mut routes) = match loaders(ctx)?.programme() {
        Some(rows) => {
            let Some(model) = rows.venues().await?.iter().find(|v| v.conference_id == scope.conference.id).cloned()
            else {
                return Ok(None);
            };
            let places: Vec<Arc<place::Model>> =
                rows.places().await?.values().filter(|p| p.venue_id == model.id).cloned().collect();
            let rooms: Vec<Arc<room::Model>> =
                rows.rooms().await?.values().filter(|r| r.venue_id == model.id).cloned().collect();
            let routes: Vec<Arc<route::Model>> =
                rows.routes().await?.iter().filter(|r| r.venue_id == model.id).cloned().collect();
            ((*model).clone(), places, rooms, routes)
        }
        None => {
            let db = db(ctx)?;
            let Some(model) =
                venue::Entity::find().filter(venue::Column::ConferenceId.eq(scope.conference.id)).one(db).await?
            else {
                return Ok(None);
            };
            let places = place::Entity::find().filter(place::Column::VenueId.eq(model.id)).all(db).await?;
            let rooms = room::Entity::find().filter(room::Column::VenueId.eq(model.id)).all(db).await?;
            let routes = route::Entity::find().filter(route::Column::VenueId.eq(model.id)).all(db).await?;
            (
                model,
                places.into_iter().map(Arc::new).collect(),
                rooms.into_iter().map(Arc::new).collect(),
                routes.into_iter().map(Arc::new).collect(),
            )
        }
    };
    places.sort_by_key(|p| (p.floor, p.id));
    rooms.sort_by_cached_key(|r| {
        (r.floor, scope.text(&r.name).map(|t| t.value.to_lowercase()).unwrap_or_default(), r.id)
    });
    routes.sort_by_key(|r| r.id);
    Ok(Some(Venue { model, places, rooms, routes, scope: scope.clone() }))
}

/// A language of the conference.
#[derive(SimpleObject)]
pub struct ConferenceLanguage {
    /// The language.
    pub language: Language,
    /// True when every public text is provided in it.
    pub required: bool,
}

pub struct Day {
    pub date: NaiveDate,
    pub scope: Arc<Scope>,
}

/// One day of the conference.
#[Object]
impl Day {
    /// The date (YYYY-MM-DD) in the conference's zone.
    async fn date(&self) -> scalars::Date {
        scalars::Date(self.date)
    }

    /// The day as a phrase: "Tuesday 10 September".
    async fn label(&self) -> Text {
        self.scope.spoken(|lang| spoken::day_label(lang, self.date))
    }

    /// The day's sessions in time order.
    async fn sessions(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<Session>>> {
        let filter = SessionFilter { day: Some(scalars::Date(self.date)), ..Default::default() };
        let rows = crate::graphql::types::session_connection::filtered(&self.scope, &filter)?
            .order_by_asc(session::Column::StartsAt)
            .order_by_asc(session::Column::Id)
            .all(db(ctx)?)
            .await?;
        Ok(rows.into_iter().map(|s| Eager(Session::new(s, &self.scope))).collect())
    }
}
