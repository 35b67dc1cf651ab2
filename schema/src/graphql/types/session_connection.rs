//! The programme as a Relay connection, with the filters a delegate needs ("sessions with
//! International Sign tomorrow in step-free rooms").

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};

use crate::entities::enums::{Fact, LanguageRole, SessionKind};
use crate::entities::{room, session, session_language};
use crate::error::{AppError, AppResult};
use crate::graphql::context::{Scope, db, loaders};
use crate::graphql::execution::eager::Eager;
use crate::graphql::loaders::{SearchItem, SessionParts};
use crate::graphql::relay::{Kind, decode_as, decode_session_cursor, session_cursor};
use crate::graphql::scalars;
use crate::graphql::types::session::Session;
use crate::service::language::parse_tag;
use crate::service::programme_import::local_instant;
use crate::service::search::{Query as SearchQuery, SearchKind};

/// Most sessions one page may hold: a whole UN-scale programme fits in two pages, and one
/// page of it stays a few megabytes.
pub const MAX_PAGE_SIZE: i32 = 2_000;
/// The page size when `first` is omitted.
pub const DEFAULT_PAGE_SIZE: i32 = 200;

/// Which sessions to list. All conditions must hold.
#[derive(Clone, Debug, Default, InputObject)]
pub struct SessionFilter {
    /// Only sessions starting on this day, in the conference's zone (YYYY-MM-DD).
    pub day: Option<scalars::Date>,
    /// Only sessions in this room.
    pub room: Option<ID>,
    /// Only sessions in this track.
    pub track: Option<ID>,
    /// Only sessions of these kinds.
    pub kinds: Option<Vec<SessionKind>>,
    /// Only sessions with this language on the floor (BCP 47 tag).
    pub floor_language: Option<String>,
    /// True: only sessions with sign-language interpretation; false: only those without.
    pub sign_language: Option<bool>,
    /// Only sessions interpreted into this language (BCP 47 tag): on a channel of the
    /// receivers ("fr"), or by sign-language interpreters for a sign language ("ils", "jos").
    pub interpreted_into: Option<String>,
    /// True: only sessions with live captions (`YES`); false: the others.
    pub live_captions: Option<bool>,
    /// True: only sessions in rooms known to be step-free; false: the others.
    pub step_free_room: Option<bool>,
    /// Words to find in the title, the summaries or a speaker's name, in any language, as
    /// `conference.search` finds them (case, accents and Arabic spellings folded; at most 200
    /// characters).
    pub text: Option<String>,
}

impl SessionFilter {
    /// True when it lets every session through.
    fn is_empty(&self) -> bool {
        let Self {
            day,
            room,
            track,
            kinds,
            floor_language,
            sign_language,
            interpreted_into,
            live_captions,
            step_free_room,
            text,
        } = self;
        day.is_none()
            && room.is_none()
            && track.is_none()
            && kinds.is_none()
            && floor_language.is_none()
            && sign_language.is_none()
            && interpreted_into.is_none()
            && live_captions.is_none()
            && step_free_room.is_none()
            && text.is_none()
    }
}

/// The filtered, unordered set of a conference's sessions.
pub fn filtered(scope: &Scope, filter: &SessionFilter) -> AppResult<Select<session::Entity>> {
    let mut query = session::Entity::find().filter(session::Column::ConferenceId.eq(scope.conference.id));
    if let Some(scalars::Date(day)) = filter.day {
        let start =
            local_instant(&format!("{day}T00:00"), scope.zone).map_err(|m| AppError::bad_input("filter.day", m))?;
        let end = local_instant(&format!("{}T00:00", day.succ_opt().unwrap_or(day)), scope.zone)
            .map_err(|m| AppError::bad_input("filter.day", m))?;
        query = query.filter(session::Column::StartsAt.gte(start)).filter(session::Column::StartsAt.lt(end));
    }
    if let Some(room) = &filter.room {
        query = query.filter(session::Column::RoomId.eq(decode_as(room, Kind::Room, "filter.room")?));
    }
    if let Some(track) = &filter.track {
        query = query.filter(session::Column::TrackId.eq(decode_as(track, Kind::Track, "filter.track")?));
    }
    if let Some(kinds) = &filter.kinds {
        query = query.filter(session::Column::Kind.is_in(kinds.iter().copied()));
    }
    if let Some(lang) = &filter.floor_language {
        let lang = parse_tag(lang).map_err(|m| AppError::bad_input("filter.floorLanguage", m))?;
        query = query.filter(
            session::Column::Id.in_subquery(
                Query::select()
                    .column(session_language::Column::SessionId)
                    .from(session_language::Entity)
                    .and_where(session_language::Column::Kind.eq(LanguageRole::Floor))
                    .and_where(session_language::Column::Lang.eq(lang))
                    .to_owned(),
            ),
        );
    }
    if let Some(wanted) = filter.sign_language {
        let signed = Query::select()
            .column(session_language::Column::SessionId)
            .from(session_language::Entity)
            .and_where(session_language::Column::Kind.eq(LanguageRole::Sign))
            .to_owned();
        query = query.filter(if wanted {
            session::Column::Id.in_subquery(signed)
        } else {
            session::Column::Id.not_in_subquery(signed)
        });
    }
    if let Some(lang) = &filter.interpreted_into {
        let lang = parse_tag(lang).map_err(|m| AppError::bad_input("filter.interpretedInto", m))?;
        query = query.filter(
            session::Column::Id.in_subquery(
                Query::select()
                    .column(session_language::Column::SessionId)
                    .from(session_language::Entity)
                    .and_where(session_language::Column::Kind.is_in([LanguageRole::Interpretation, LanguageRole::Sign]))
                    .and_where(session_language::Column::Lang.eq(lang))
                    .to_owned(),
            ),
        );
    }
    if let Some(wanted) = filter.live_captions {
        query = query.filter(if wanted {
            session::Column::Captions.eq(Fact::Yes)
        } else {
            session::Column::Captions.ne(Fact::Yes)
        });
    }
    if let Some(wanted) = filter.step_free_room {
        let step_free = Query::select()
            .column(room::Column::Id)
            .from(room::Entity)
            .and_where(room::Column::StepFree.eq(Fact::Yes))
            .to_owned();
        query = query.filter(if wanted {
            Condition::all().add(session::Column::RoomId.in_subquery(step_free))
        } else {
            Condition::any()
                .add(session::Column::RoomId.is_null())
                .add(session::Column::RoomId.not_in_subquery(step_free))
        });
    }
    Ok(query)
}

/// The sessions whose texts or speakers' names hold the words of `filter.text`, found as
/// `conference.search` finds them (the same index and rules). `None` when there is no text.
async fn text_matches(ctx: &Context<'_>, scope: &Scope, text: Option<&str>) -> AppResult<Option<Vec<i64>>> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    if text.chars().any(char::is_control) {
        return Err(AppError::bad_input("filter.text", "must not contain control characters"));
    }
    let query = SearchQuery::parse(text).map_err(|e| AppError::bad_input("filter.text", e.to_string()))?;
    if query.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let index = loaders(ctx)?.search_index(scope.conference.id).await?;
    let hits = index.search(&query, |_, kind| kind == SearchKind::Session);
    Ok(Some(
        hits.iter()
            .filter_map(|hit| match index.item(hit).0 {
                SearchItem::Session(row) => Some(row.id),
                _ => None,
            })
            .collect(),
    ))
}

/// Reads one page of the programme.
pub async fn page(
    ctx: &Context<'_>,
    scope: &Arc<Scope>,
    filter: SessionFilter,
    first: Option<i32>,
    after: Option<String>,
) -> AppResult<SessionConnection> {
    let first = first.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(0..=MAX_PAGE_SIZE).contains(&first) {
        return Err(AppError::bad_input("first", format!("must be between 0 and {MAX_PAGE_SIZE}")));
    }
    let mut base = filtered(scope, &filter)?;
    if let Some(ids) = text_matches(ctx, scope, filter.text.as_deref()).await? {
        base = base.filter(session::Column::Id.is_in(ids));
    }
    let cursor = after.as_deref().map(|cursor| decode_session_cursor(cursor, "after")).transpose()?;
    let limit = usize::try_from(first).unwrap_or(0);
    let loaders = loaders(ctx)?;
    let mut rows = match loaders.programme() {
        // The whole programme, the query every phone sends: straight from the snapshot.
        Some(programme) if filter.is_empty() => {
            let all = programme.sessions().await?.by_conference.get(&scope.conference.id);
            let all = all.map_or(&[][..], Vec::as_slice);
            let from = cursor.map_or(0, |(at, id)| all.partition_point(|s| (s.starts_at, s.id) <= (at, id)));
            all[from..].iter().take(limit + 1).cloned().collect()
        }
        _ => {
            let mut query = base.clone();
            if let Some((at, id)) = cursor {
                query = query.filter(
                    Condition::any()
                        .add(session::Column::StartsAt.gt(at))
                        .add(Condition::all().add(session::Column::StartsAt.eq(at)).add(session::Column::Id.gt(id))),
                );
            }
            let rows = query
                .order_by_asc(session::Column::StartsAt)
                .order_by_asc(session::Column::Id)
                .limit(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
                .all(db(ctx)?)
                .await?;
            rows.into_iter().map(Arc::new).collect::<Vec<_>>()
        }
    };
    let has_next_page = rows.len() > limit;
    rows.truncate(limit);
    loaders.prefetch(&rows, parts_asked_for(ctx)).await?;
    let rows_len = rows.len() as u64;
    Ok(SessionConnection {
        edges: rows
            .into_iter()
            .map(|row| {
                Eager(SessionEdge {
                    cursor: session_cursor(row.starts_at, row.id),
                    node: Eager(Session::new(row, scope)),
                })
            })
            .collect(),
        has_next_page,
        // The first page holds everything: its length is the total, no count needed.
        known_total: (after.is_none() && !has_next_page).then_some(rows_len),
        has_previous_page: after.is_some(),
        base,
    })
}

/// The rows related to each session that the query selects.
fn parts_asked_for(ctx: &Context<'_>) -> SessionParts {
    let look = ctx.look_ahead();
    let wants =
        |name: &str| look.field("edges").field("node").field(name).exists() || look.field("nodes").field(name).exists();
    SessionParts {
        room: wants("room"),
        track: wants("track"),
        languages: wants("languages"),
        speakers: wants("speakers"),
        documents: wants("documents"),
        changes: wants("changes"),
    }
}

pub struct SessionConnection {
    pub edges: Vec<Eager<SessionEdge>>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
    known_total: Option<u64>,
    base: Select<session::Entity>,
}

/// A page of sessions in time order (Relay cursor connection).
#[Object]
impl SessionConnection {
    /// The sessions of this page with their cursors.
    async fn edges(&self) -> &[Eager<SessionEdge>] {
        &self.edges
    }

    /// The sessions of this page.
    async fn nodes(&self) -> Vec<&Eager<Session>> {
        self.edges.iter().map(|e| &e.node).collect()
    }

    /// Where this page is in the whole list.
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(self.has_next_page, self.has_previous_page, self.edges.iter().map(|e| &e.cursor))
    }

    /// How many sessions match the filter, on all pages.
    async fn total_count(&self, ctx: &Context<'_>) -> AppResult<u64> {
        match self.known_total {
            Some(total) => Ok(total),
            None => Ok(self.base.clone().count(db(ctx)?).await?),
        }
    }
}

/// A session and its place in the list.
#[derive(SimpleObject)]
pub struct SessionEdge {
    /// Pass as `after` to get the sessions that follow this one.
    pub cursor: String,
    /// The session.
    pub node: Eager<Session>,
}

/// Paging state (Relay cursor connections specification).
#[derive(SimpleObject)]
pub struct PageInfo {
    /// True when more entries follow this page.
    pub has_next_page: bool,
    /// True when this page was asked for after a cursor.
    pub has_previous_page: bool,
    /// Cursor of the first entry of the page.
    pub start_cursor: Option<String>,
    /// Cursor of the last entry of the page; pass it as `after` for the next page.
    pub end_cursor: Option<String>,
}

impl PageInfo {
    /// The paging state of a page whose entries have these cursors, in order.
    pub fn of<'a>(
        has_next_page: bool,
        has_previous_page: bool,
        cursors: impl Iterator<Item = &'a String> + Clone,
    ) -> Self {
        Self {
            has_next_page,
            has_previous_page,
            start_cursor: cursors.clone().next().cloned(),
            end_cursor: cursors.last().cloned(),
        }
    }
}
