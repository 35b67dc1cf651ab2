//! The accessibility desk at `/desk`: coordinators work the request queue and organisers read
//! the planning counts, in a browser, in English, French, Arabic or Spanish (DESIGN §5).
//!
//! Server-rendered pages over our own GraphQL operations (`api.rs`, `operations/`, run by
//! `crate::web`), so the
//! desk can do exactly what the API lets its visitor do and no more. Plain HTML forms do every
//! task; the one small script only improves (focus on the error summary). Every asset is
//! compiled into the binary and served from this origin: a venue LAN without internet works.

pub mod api;
pub mod i18n;
mod pages;
pub mod views;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::http::AppState;

const STYLE: &str = include_str!("assets/desk.css");
const SCRIPT: &str = include_str!("assets/desk.js");

/// Asset paths carry a version of their content, so a browser may keep them for a year and
/// still never run an old copy after an upgrade.
pub const STYLE_PATH: &str = concat!("/desk/assets/desk-", env!("SANAD_DESK_ASSETS"), ".css");
pub const SCRIPT_PATH: &str = concat!("/desk/assets/desk-", env!("SANAD_DESK_ASSETS"), ".js");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

async fn assets(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let path = format!("/desk/assets/{file}");
    if path == STYLE_PATH {
        asset(STYLE, "text/css; charset=utf-8")
    } else if path == SCRIPT_PATH {
        asset(SCRIPT, "text/javascript; charset=utf-8")
    } else {
        (StatusCode::NOT_FOUND, "no such asset").into_response()
    }
}

/// The desk's routes, merged into the server's router (same origin, same limits and logs).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/desk", get(pages::home))
        .route("/desk/", get(pages::home))
        .route("/desk/sign-in", get(pages::sign_in_form).post(pages::sign_in))
        .route("/desk/sign-out", post(pages::sign_out))
        .route("/desk/items/{id}", get(pages::item))
        .route("/desk/items/{id}/move", post(pages::move_item))
        .route("/desk/items/{id}/assign", post(pages::assign_item))
        .route("/desk/items/{id}/message", post(pages::send_message))
        .route("/desk/announcements", get(pages::announcement_form).post(pages::publish_announcement))
        .route("/desk/assets/{file}", get(assets))
        .route("/desk/{*rest}", get(pages::not_found))
}
