//! iCalendar feeds (DESIGN §5): the programme (`/schedule.ics`), one session
//! (`/sessions/{id}.ics`) and a person's agenda at a secret address (`/calendar/{secret}.ics`).
//!
//! Every feed carries the conference zone's own `VTIMEZONE` (see [`timezone`]), texts in the
//! viewer's language (`?lang=`, then `Accept-Language`, then a person's saved languages, then the
//! conference's order), and a strong `ETag` over its bytes, so a calendar app that polls gets
//! `304 Not Modified` until the programme changes.

mod render;
mod timezone;

use std::collections::{BTreeSet, HashMap};

use async_graphql::ID;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use sanad_schema::entities::{conference, person, room, schedule_change, session};
use sanad_schema::graphql::context::Scope;
use sanad_schema::graphql::relay::{Kind, decode_as};
use sanad_schema::service::agenda;
use sea_orm::sea_query::{Expr, Func, IntoCondition};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::AppState;
use super::feed::{self, Failure, Params, internal, wanted};
use render::Feed;

type File = Result<Path<String>, PathRejection>;

const CALENDAR: &str = "text/calendar; charset=utf-8";

/// `GET /schedule.ics[?conference=SLUG][&lang=TAG]`: every session of a conference.
pub async fn schedule(State(state): State<AppState>, headers: HeaderMap, params: Params) -> Response {
    let result = async {
        let params = feed::params(params)?;
        let wanted = wanted(&params, &headers, &[])?;
        let db = &state.db;
        let conference = feed::conference(db, params.conference.as_deref()).await?;
        let what = format!("schedule.ics {}", conference.id);
        let build = async {
            let sessions = session::Entity::find()
                .filter(session::Column::ConferenceId.eq(conference.id))
                .order_by_asc(session::Column::StartsAt)
                .order_by_asc(session::Column::Id)
                .all(db)
                .await?;
            let changes = change_counts(db, schedule_change::Column::ConferenceId.eq(conference.id)).await?;
            render(db, conference, wanted.clone(), sessions, changes).await
        };
        feed::cached(&state, &what, &wanted, CALENDAR, &headers, build).await
    }
    .await;
    result.unwrap_or_else(|failure| failure.response(&headers))
}

/// `GET /sessions/{id}.ics`: one session, by its GraphQL id.
pub async fn session(State(state): State<AppState>, file: File, headers: HeaderMap, params: Params) -> Response {
    let result = async {
        let id = ics_name(file).ok_or(Failure::NotFound)?;
        let id = decode_as(&ID(id), Kind::Session, "id").map_err(|_| Failure::NotFound)?;
        let params = feed::params(params)?;
        let wanted = wanted(&params, &headers, &[])?;
        let db = &state.db;
        let session = session::Entity::find_by_id(id).one(db).await?.ok_or(Failure::NotFound)?;
        let what = format!("session.ics {}", session.id);
        let build = async {
            let conference = conference_of(db, session.conference_id).await?;
            let changes = change_counts(db, schedule_change::Column::SessionId.eq(session.id)).await?;
            render(db, conference, wanted.clone(), vec![session], changes).await
        };
        feed::cached(&state, &what, &wanted, CALENDAR, &headers, build).await
    }
    .await;
    result.unwrap_or_else(|failure| failure.response(&headers))
}

/// `GET /calendar/{secret}.ics`: the agenda of the person whose calendar secret this is.
pub async fn personal(State(state): State<AppState>, file: File, headers: HeaderMap, params: Params) -> Response {
    let result = async {
        let params = feed::params(params)?;
        // Checked before the secret is looked at, so the answer cannot depend on the person.
        wanted(&params, &headers, &[])?;
        let secret = ics_name(file).filter(|s| is_secret_shaped(s)).ok_or(Failure::NotFound)?;
        let db = &state.db;
        let person = person::Entity::find()
            .filter(person::Column::CalendarSecret.eq(secret))
            .one(db)
            .await?
            .ok_or(Failure::NotFound)?;
        let wanted = wanted(&params, &headers, &person.languages.0)?;
        let conference = conference_of(db, person.conference_id).await?;
        let sessions = agenda::sessions(db, person.id).await.map_err(|e| internal(format!("agenda: {e:?}")))?;
        let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
        let changes = if ids.is_empty() {
            HashMap::new()
        } else {
            change_counts(db, schedule_change::Column::SessionId.is_in(ids)).await?
        };
        render(db, conference, wanted, sessions, changes).await
    }
    .await;
    respond_privately(result, &headers)
}

/// `NAME` of a path segment `NAME.ics` (axum cannot match `{id}.ics` within one segment).
fn ics_name(file: File) -> Option<String> {
    let Path(file) = file.ok()?;
    file.strip_suffix(".ics").filter(|name| !name.is_empty()).map(str::to_owned)
}

/// Calendar secrets are short runs of letters and digits; anything else is not looked up.
fn is_secret_shaped(secret: &str) -> bool {
    (1..=64).contains(&secret.len()) && secret.bytes().all(|b| b.is_ascii_alphanumeric())
}

async fn conference_of(db: &DatabaseConnection, id: i64) -> Result<conference::Model, Failure> {
    conference::Entity::find_by_id(id).one(db).await?.ok_or_else(|| internal(format!("conference {id} is missing")))
}

/// Schedule changes per session: the `SEQUENCE` that makes calendar apps apply a move.
async fn change_counts(db: &DatabaseConnection, filter: impl IntoCondition) -> Result<HashMap<i64, i64>, DbErr> {
    let rows: Vec<(i64, i64)> = schedule_change::Entity::find()
        .select_only()
        .column(schedule_change::Column::SessionId)
        .column_as(Expr::from(Func::count(Expr::col(schedule_change::Column::Id))), "changes")
        .filter(filter)
        .group_by(schedule_change::Column::SessionId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

async fn render(
    db: &DatabaseConnection,
    conference: conference::Model,
    wanted: Vec<String>,
    sessions: Vec<session::Model>,
    changes: HashMap<i64, i64>,
) -> Result<String, Failure> {
    let room_ids: BTreeSet<i64> = sessions.iter().filter_map(|s| s.room_id).collect();
    let rooms: HashMap<i64, room::Model> = if room_ids.is_empty() {
        HashMap::new()
    } else {
        room::Entity::find()
            .filter(room::Column::Id.is_in(room_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect()
    };
    let scope = Scope::new(conference, wanted);
    Feed { scope: &scope, sessions: &sessions, rooms: &rooms, changes: &changes }.render().map_err(internal)
}

/// A personal feed: its address is the secret, so it stays out of shared caches (ours
/// included) and `Referer` headers.
fn respond_privately(result: Result<String, Failure>, headers: &HeaderMap) -> Response {
    let mut response = match result {
        Ok(body) => feed::conditional(body, CALENDAR, headers),
        Err(failure) => failure.response(headers),
    };
    let out = response.headers_mut();
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    out.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}
