//! The signed-in person's own view: profile, preferences, agenda and its clashes.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use tokio::sync::OnceCell;

use crate::entities::enums::Role;
use crate::entities::{person, session};
use crate::error::{AppError, AppResult};
use crate::graphql::context::{Scope, db, loaders};
use crate::graphql::relay::{Kind, decode_as, encode};
use crate::graphql::types::accommodation::{AccommodationRequest, ConsentGiven, RequestViewEntry};
use crate::graphql::types::conference::Conference;
use crate::graphql::types::session::Session;
use crate::graphql::types::text::Text;
use crate::service::accommodation::requests;
use crate::service::agenda::{self, Clash, ClashKind};
use crate::service::spoken;

pub struct Me {
    pub person: Arc<person::Model>,
    pub scope: Arc<Scope>,
    /// The agenda's sessions, read once for `agenda` and `agendaClashes` together.
    sessions: OnceCell<Vec<Arc<session::Model>>>,
}

impl Me {
    pub fn new(person: impl Into<Arc<person::Model>>, scope: Arc<Scope>) -> Self {
        Self { person: person.into(), scope, sessions: OnceCell::new() }
    }

    async fn sessions(&self, ctx: &Context<'_>) -> AppResult<&[Arc<session::Model>]> {
        let sessions = self
            .sessions
            .get_or_try_init(|| async {
                let rows = agenda::sessions(db(ctx)?, self.person.id).await?;
                let rows: Vec<Arc<session::Model>> = rows.into_iter().map(Arc::new).collect();
                loaders(ctx)?.remember_sessions(&rows).await;
                AppResult::Ok(rows)
            })
            .await?;
        Ok(sessions)
    }
}

/// You: the signed-in delegate or member of staff. Everything here is yours alone; nobody can
/// ask for another person's `me`.
#[Object]
impl Me {
    /// Your global id.
    async fn id(&self) -> ID {
        encode(Kind::Person, self.person.id)
    }

    /// Your name as you write it.
    async fn name(&self) -> &str {
        &self.person.name
    }

    /// Your organisation, as the organisers listed it.
    async fn organisation(&self) -> Option<&str> {
        self.person.organisation.as_deref()
    }

    /// The delegation you belong to.
    async fn delegation(&self) -> Option<&str> {
        self.person.delegation.as_deref()
    }

    /// What you may do.
    async fn role(&self) -> Role {
        self.person.role
    }

    /// Your languages (BCP 47 tags), best first. Texts are served in them when a request sends
    /// no `Accept-Language` and no `lang` argument.
    async fn preferred_languages(&self) -> &[String] {
        &self.person.languages.0
    }

    /// How you like to take part; clients adapt to these, and agenda clashes count them.
    async fn accessibility(&self) -> AccessibilityPreferences {
        AccessibilityPreferences::from(&*self.person)
    }

    /// Which notifications you want (change them with `updateMyPreferences`).
    async fn notifications(&self) -> crate::graphql::types::push::NotificationPreferences {
        crate::graphql::types::push::NotificationPreferences::from(&*self.person)
    }

    /// Your devices that receive notifications, oldest first.
    async fn push_subscriptions(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Vec<crate::graphql::types::push::PushSubscription>> {
        let rows = crate::service::push::subscriptions::of_person(db(ctx)?, self.person.id).await?;
        Ok(rows
            .into_iter()
            .map(|model| crate::graphql::types::push::PushSubscription { model, scope: self.scope.clone() })
            .collect())
    }

    /// The path of your personal calendar feed (iCalendar) of your agenda, relative to this
    /// server's base URL: `/calendar/<secret>.ics`. Anyone with the address can read your
    /// agenda, so share it only with your calendar app; `rotateMyCalendarSecret` replaces it.
    async fn calendar_path(&self) -> String {
        format!("/calendar/{}.ics", self.person.calendar_secret)
    }

    /// Your consent to the accommodation desk's processing of your requests; null when not given
    /// (or withdrawn).
    async fn accommodation_consent(&self, ctx: &Context<'_>) -> AppResult<Option<ConsentGiven>> {
        let row = requests::current_consent(db(ctx)?, self.person.id).await?;
        Ok(row.map(|row| ConsentGiven::new(&row, &self.scope)))
    }

    /// Your accommodation requests, newest first, with each item's status, history and who
    /// viewed them. Only yours: nobody else's requests are reachable from here.
    async fn accommodation_requests(&self, ctx: &Context<'_>) -> AppResult<Vec<AccommodationRequest>> {
        let rows = requests::of_person(db(ctx)?, self.person.id).await?;
        Ok(rows.into_iter().map(|model| AccommodationRequest { model, scope: self.scope.clone() }).collect())
    }

    /// Every time a coordinator opened one of your requests, newest first (DESIGN §6 rule 4).
    async fn who_viewed_my_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request's id.")] request_id: ID,
    ) -> AppResult<Vec<RequestViewEntry>> {
        let id = decode_as(&request_id, Kind::AccommodationRequest, "requestId")?;
        let mine = requests::of_person(db(ctx)?, self.person.id).await?.into_iter().find(|r| r.id == id);
        let request = mine.ok_or_else(|| AppError::not_found("request"))?;
        AccommodationRequest { model: request, scope: self.scope.clone() }.views(ctx).await
    }

    /// The conference you are invited to.
    async fn conference(&self) -> Conference {
        Conference { scope: self.scope.clone() }
    }

    /// The sessions you chose, in time order. Kept on the server: a new phone gets them back
    /// when you sign in. Cancelled sessions stay listed, with their status, until you remove them.
    async fn agenda(&self, ctx: &Context<'_>) -> AppResult<Vec<Session>> {
        Ok(self.sessions(ctx).await?.iter().map(|s| Session::new(s.clone(), &self.scope)).collect())
    }

    /// Pairs of sessions in your agenda you cannot both attend as planned: overlaps, and moves
    /// between rooms that take longer than the time between sessions (when the venue knows
    /// walking times; counting your extra time and step-free preference).
    async fn agenda_clashes(&self, ctx: &Context<'_>) -> AppResult<Vec<AgendaClash>> {
        let sessions = self.sessions(ctx).await?;
        let models: Vec<session::Model> = sessions.iter().map(|s| (**s).clone()).collect();
        let clashes = agenda::clashes(db(ctx)?, &self.person, &models).await?;
        let by_id = |id: i64| sessions.iter().find(|s| s.id == id).cloned();
        Ok(clashes
            .into_iter()
            .filter_map(|clash| {
                let (first, second) = (by_id(clash.first)?, by_id(clash.second)?);
                Some(AgendaClash {
                    first: Session::new(first, &self.scope),
                    second: Session::new(second, &self.scope),
                    clash,
                    scope: self.scope.clone(),
                })
            })
            .collect())
    }
}

/// How a person likes to take part.
#[derive(SimpleObject)]
pub struct AccessibilityPreferences {
    /// They use a screen reader.
    pub screen_reader: bool,
    /// They want live captions where sessions have them.
    pub captions: bool,
    /// They want large text.
    pub large_text: bool,
    /// Only step-free routes count when the server works out walking times.
    pub step_free_routes_only: bool,
    /// Minutes they add to every walk between rooms.
    pub extra_minutes_between_rooms: i32,
    /// How many minutes before a session they want its reminder.
    pub reminder_minutes_before: i32,
}

impl From<&person::Model> for AccessibilityPreferences {
    fn from(p: &person::Model) -> Self {
        Self {
            screen_reader: p.screen_reader,
            captions: p.captions,
            large_text: p.large_text,
            step_free_routes_only: p.step_free_only,
            extra_minutes_between_rooms: p.extra_transfer_minutes,
            reminder_minutes_before: p.reminder_minutes,
        }
    }
}

pub struct AgendaClash {
    clash: Clash,
    first: Session,
    second: Session,
    scope: Arc<Scope>,
}

/// Two sessions of your agenda that you cannot both attend as planned.
#[Object]
impl AgendaClash {
    /// Why they clash.
    async fn kind(&self) -> ClashKind {
        self.clash.kind
    }

    /// The session that starts first.
    async fn first(&self) -> &Session {
        &self.first
    }

    /// The session that starts later (or at the same time).
    async fn second(&self) -> &Session {
        &self.second
    }

    /// For an overlap, the minutes both take place at once; otherwise the minutes between the
    /// end of the first and the start of the second.
    async fn minutes(&self) -> i64 {
        self.clash.minutes
    }

    /// For a move between rooms, the minutes it needs: walking time plus your extra time.
    async fn minutes_needed(&self) -> Option<i64> {
        self.clash.minutes_needed
    }

    /// The clash said plainly, for reading aloud.
    async fn description(&self) -> Text {
        let clash = &self.clash;
        self.scope.spoken(|lang| match clash.kind {
            ClashKind::Overlap => spoken::clash_overlap(lang, clash.minutes),
            ClashKind::NotEnoughTime => {
                spoken::clash_not_enough_time(lang, clash.minutes, clash.minutes_needed.unwrap_or_default())
            }
        })
    }
}
