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
use std::fmt::Display;

use async_graphql::ID;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sanad_schema::entities::{conference, person, room, schedule_change, session};
use sanad_schema::error::ErrorCode;
use sanad_schema::graphql::context::Scope;
use sanad_schema::graphql::relay::{Kind, decode_as};
use sanad_schema::service::agenda;
use sanad_schema::service::language::{parse_accept_language, parse_tag};
use sea_orm::sea_query::{Expr, Func, IntoCondition};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::AppState;
use super::errors::error_response;
use render::Feed;

/// The query string of every feed.
#[derive(Debug, Default, Deserialize)]
pub struct FeedParams {
    /// Serve texts in this language (BCP 47) first; wins over `Accept-Language`.
    lang: Option<String>,
    /// The conference of `/schedule.ics`, by slug (default: the first conference).
    conference: Option<String>,
}

type Params = Result<Query<FeedParams>, QueryRejection>;
type File = Result<Path<String>, PathRejection>;

/// Why a feed is not served.
enum Failure {
    /// The same answer for every kind of miss: a wrong secret says nothing about who exists.
    NotFound,
    BadInput(&'static str),
    /// Ours; the cause was logged.
    Internal,
}

fn internal(cause: impl Display) -> Failure {
    tracing::error!(error = %cause, "cannot serve a calendar feed");
    Failure::Internal
}

impl From<DbErr> for Failure {
    fn from(error: DbErr) -> Self {
        internal(error)
    }
}

impl Failure {
    fn response(self, headers: &HeaderMap) -> Response {
        match self {
            Self::NotFound => error_response(StatusCode::NOT_FOUND, ErrorCode::NotFound, "not found", headers),
            Self::BadInput(message) => {
                error_response(StatusCode::BAD_REQUEST, ErrorCode::BadUserInput, message, headers)
            }
            Self::Internal => {
                error_response(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "internal error", headers)
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Privacy {
    Public,
    /// The address is the secret: keep it out of shared caches and `Referer` headers.
    Personal,
}

/// `GET /schedule.ics[?conference=SLUG][&lang=TAG]`: every session of a conference.
pub async fn schedule(State(state): State<AppState>, headers: HeaderMap, params: Params) -> Response {
    let result = async {
        let params = params.map_err(|_| Failure::BadInput("the query string is not valid"))?.0;
        let wanted = wanted(&params, &headers, &[])?;
        let db = &state.db;
        let found = match &params.conference {
            Some(slug) => conference::Entity::find().filter(conference::Column::Slug.eq(slug.as_str())).one(db).await?,
            None => conference::Entity::find().order_by_asc(conference::Column::Id).one(db).await?,
        };
        let conference = found.ok_or(Failure::NotFound)?;
        let sessions = session::Entity::find()
            .filter(session::Column::ConferenceId.eq(conference.id))
            .order_by_asc(session::Column::StartsAt)
            .order_by_asc(session::Column::Id)
            .all(db)
            .await?;
        let changes = change_counts(db, schedule_change::Column::ConferenceId.eq(conference.id)).await?;
        render(db, conference, wanted, sessions, changes).await
    }
    .await;
    respond(result, &headers, Privacy::Public)
}

/// `GET /sessions/{id}.ics`: one session, by its GraphQL id.
pub async fn session(State(state): State<AppState>, file: File, headers: HeaderMap, params: Params) -> Response {
    let result = async {
        let id = ics_name(file).ok_or(Failure::NotFound)?;
        let id = decode_as(&ID(id), Kind::Session, "id").map_err(|_| Failure::NotFound)?;
        let params = params.map_err(|_| Failure::BadInput("the query string is not valid"))?.0;
        let wanted = wanted(&params, &headers, &[])?;
        let db = &state.db;
        let session = session::Entity::find_by_id(id).one(db).await?.ok_or(Failure::NotFound)?;
        let conference = conference_of(db, session.conference_id).await?;
        let changes = change_counts(db, schedule_change::Column::SessionId.eq(session.id)).await?;
        render(db, conference, wanted, vec![session], changes).await
    }
    .await;
    respond(result, &headers, Privacy::Public)
}

/// `GET /calendar/{secret}.ics`: the agenda of the person whose calendar secret this is.
pub async fn personal(State(state): State<AppState>, file: File, headers: HeaderMap, params: Params) -> Response {
    let result = async {
        let params = params.map_err(|_| Failure::BadInput("the query string is not valid"))?.0;
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
    respond(result, &headers, Privacy::Personal)
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

/// The viewer's languages, best first: `?lang=`, then `Accept-Language`, or failing that the
/// person's saved languages. The conference's own order follows in [`Scope`].
fn wanted(params: &FeedParams, headers: &HeaderMap, saved: &[String]) -> Result<Vec<String>, Failure> {
    let mut wanted = Vec::new();
    if let Some(lang) = &params.lang {
        wanted.push(parse_tag(lang).map_err(|_| Failure::BadInput("`lang` must be a BCP 47 language tag"))?);
    }
    let header = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(parse_accept_language)
        .unwrap_or_default();
    if header.is_empty() {
        wanted.extend(saved.iter().cloned());
    } else {
        wanted.extend(header);
    }
    Ok(wanted)
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

fn respond(result: Result<String, Failure>, headers: &HeaderMap, privacy: Privacy) -> Response {
    let mut response = match result {
        Ok(body) => calendar_response(body, headers),
        Err(failure) => failure.response(headers),
    };
    if privacy == Privacy::Personal {
        let out = response.headers_mut();
        out.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
        out.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
    response
}

/// 200 with the feed, or 304 when the client already has these bytes.
fn calendar_response(body: String, headers: &HeaderMap) -> Response {
    let etag = format!("\"{:x}\"", Sha256::digest(body.as_bytes()));
    let mut response = if if_none_match(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = body.into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
        response
    };
    let out = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        out.insert(header::ETAG, value);
    }
    // Revalidate every time: a 304 costs a few bytes on the venue's Wi-Fi.
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    out.insert(header::VARY, HeaderValue::from_static("accept-language"));
    response
}

/// `If-None-Match` uses the weak comparison: `W/"x"` matches `"x"`.
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(header::IF_NONE_MATCH).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |candidate| {
            let candidate = candidate.trim();
            candidate == "*" || candidate.trim_start_matches("W/") == etag
        },
    )
}
