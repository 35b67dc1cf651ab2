//! What every file the server publishes shares (the calendar feeds and the schedule exports):
//! the query string (`?lang=`, `?conference=`), the viewer's languages, the errors, and a
//! strong `ETag` over the bytes, so an app that polls gets `304 Not Modified` until the
//! programme changes. Public feeds are kept in the response cache, compressed once per coding.

use std::fmt::Display;
use std::future::Future;

use axum::body::Bytes;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sanad_schema::entities::conference;
use sanad_schema::error::ErrorCode;
use sanad_schema::service::language::{parse_accept_language, parse_tag};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::cache::{CacheKey, CachedResponse, if_none_match};
use super::errors::error_response;

/// The query string of every feed.
#[derive(Debug, Default, Deserialize)]
pub struct FeedParams {
    /// Serve texts in this language (BCP 47) first; wins over `Accept-Language`.
    pub lang: Option<String>,
    /// The conference, by slug (default: the first conference).
    pub conference: Option<String>,
}

pub type Params = Result<Query<FeedParams>, QueryRejection>;

/// Why a feed is not served.
pub enum Failure {
    /// The same answer for every kind of miss: a wrong secret says nothing about who exists.
    NotFound,
    BadInput(&'static str),
    /// Ours; the cause was logged.
    Internal,
}

pub fn internal(cause: impl Display) -> Failure {
    tracing::error!(error = %cause, "cannot serve a feed");
    Failure::Internal
}

impl From<DbErr> for Failure {
    fn from(error: DbErr) -> Self {
        internal(error)
    }
}

impl Failure {
    pub fn response(self, headers: &HeaderMap) -> Response {
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

/// The query string, or why it is refused.
pub fn params(params: Params) -> Result<FeedParams, Failure> {
    params.map(|Query(p)| p).map_err(|_| Failure::BadInput("the query string is not valid"))
}

/// The viewer's languages, best first: `?lang=`, then `Accept-Language`, or failing that the
/// person's saved languages. The conference's own order follows in `Scope`.
pub fn wanted(params: &FeedParams, headers: &HeaderMap, saved: &[String]) -> Result<Vec<String>, Failure> {
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

/// The conference named by `?conference=`, or the first one.
pub async fn conference(db: &DatabaseConnection, slug: Option<&str>) -> Result<conference::Model, Failure> {
    let found = match slug {
        Some(slug) => conference::Entity::find().filter(conference::Column::Slug.eq(slug)).one(db).await?,
        None => conference::Entity::find().order_by_asc(conference::Column::Id).one(db).await?,
    };
    found.ok_or(Failure::NotFound)
}

/// 200 with the file, or 304 when the client already has these bytes.
pub fn conditional(body: String, content_type: &'static str, headers: &HeaderMap) -> Response {
    let etag = format!("\"{:x}\"", Sha256::digest(body.as_bytes()));
    let mut response = if if_none_match(headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = body.into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
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

/// A public feed through the response cache: built once per (what, conference, languages,
/// base URL, programme version) and compressed once per coding, as GraphQL answers are.
/// `what` names the feed and everything else it depends on.
pub async fn cached<Build>(
    state: &super::AppState,
    what: &str,
    languages: &[String],
    content_type: &'static str,
    headers: &HeaderMap,
    build: Build,
) -> Result<Response, Failure>
where
    Build: Future<Output = Result<String, Failure>>,
{
    let key = CacheKey::new(what, Some(content_type), "", languages, state.live.version());
    let entry = match state.cache.get(&key) {
        Some(hit) => hit,
        None => {
            let body = build.await?;
            let etag = format!("\"{:x}\"", Sha256::digest(body.as_bytes()));
            let entry = CachedResponse::new(Bytes::from(body), etag.into(), None);
            state.cache.insert(key, entry.clone());
            entry
        }
    };
    Ok(entry.send(headers, content_type, true))
}
