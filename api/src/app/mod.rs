//! The delegates' app at `/`: the programme, each session's page, my agenda, my requests to
//! the accessibility desk, my settings and data, and the glossary,
//! in English, French, Arabic or Spanish, for a phone's browser and a screen reader first
//! (DESIGN §5, issue 19).
//!
//! Server-rendered pages over our own GraphQL operations (`api.rs`, `operations/`), run by
//! `crate::web` as the delegate: the public programme needs no sign-in; the invitation code
//! signs in with the same cookie and CSRF rules as the desk. Plain links and forms do every
//! task; the small script only improves. Every asset is compiled into the binary and served
//! from this origin: a venue LAN without internet works.

pub mod api;
pub mod i18n;
mod pages;
mod requests;
mod settings;
pub mod views;

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::http::AppState;

const STYLE: &str = include_str!("assets/app.css");
const SCRIPT: &str = include_str!("assets/app.js");
const ICON: &str = include_str!("assets/icon.svg");
const WORKER: &str = include_str!("assets/sw.js");

/// Asset paths carry a version of their content, so a browser may keep them for a year and
/// still never run an old copy after an upgrade.
pub const STYLE_PATH: &str = concat!("/app/assets/app-", env!("SANAD_APP_ASSETS"), ".css");
pub const SCRIPT_PATH: &str = concat!("/app/assets/app-", env!("SANAD_APP_ASSETS"), ".js");
pub const ICON_PATH: &str = concat!("/app/assets/icon-", env!("SANAD_APP_ASSETS"), ".svg");

fn asset(body: &'static str, content_type: &'static str, max_age: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(max_age));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

const FOREVER: &str = "public, max-age=31536000, immutable";

async fn assets(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let path = format!("/app/assets/{file}");
    if path == STYLE_PATH {
        asset(STYLE, "text/css; charset=utf-8", FOREVER)
    } else if path == SCRIPT_PATH {
        asset(SCRIPT, "text/javascript; charset=utf-8", FOREVER)
    } else if path == ICON_PATH {
        asset(ICON, "image/svg+xml", FOREVER)
    } else {
        (StatusCode::NOT_FOUND, "no such asset").into_response()
    }
}

/// The web app manifest: installable from the browser's menu, opening on the programme.
/// Its words are English (one manifest per origin); the pages speak the delegate's language.
async fn manifest() -> Response {
    let body = serde_json::json!({
        "name": "Sanad – conference companion",
        "short_name": "Sanad",
        "description": "The programme, your agenda and the venue's access information, readable with a screen reader.",
        "lang": "en",
        "dir": "auto",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b3d5c",
        "icons": [
            { "src": ICON_PATH, "sizes": "any", "type": "image/svg+xml", "purpose": "any", "label": "Sanad" }
        ]
    });
    let mut response = body.to_string().into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/manifest+json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// The service worker, at the root so that it may serve every page of the app when the venue
/// Wi-Fi is gone. Its address never changes, so browsers ask for it again on every visit
/// (`no-cache`) and pick up a new version at once.
async fn service_worker() -> Response {
    asset(WORKER, "text/javascript; charset=utf-8", "no-cache")
}

/// `/sessions/{id}` is a session's page; `/sessions/{id}.ics` its calendar file (DESIGN §5).
async fn session_or_calendar(State(state): State<AppState>, request: Request) -> Response {
    if request.uri().path().ends_with(".ics") {
        Handler::call(crate::http::calendar::session, request, state).await
    } else {
        Handler::call(pages::session, request, state).await
    }
}

/// The app's routes, merged into the server's router (same origin, same limits and logs).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::programme))
        .route("/sessions/{id}", get(session_or_calendar))
        .route("/sessions/{id}/agenda", post(pages::change_agenda))
        .route("/agenda", get(pages::agenda))
        .route("/glossary", get(pages::glossary))
        .route("/announcements", get(pages::announcements))
        .route("/requests", get(requests::list))
        .route("/requests/consent", post(requests::consent))
        .route("/requests/new", get(requests::new_form).post(requests::submit))
        .route("/requests/items/{id}", get(requests::item))
        .route("/requests/items/{id}/message", post(requests::send_message))
        .route("/requests/items/{id}/move", post(requests::move_item))
        .route("/settings", get(settings::show).post(settings::save))
        .route("/settings/push", post(settings::register_push))
        .route("/settings/devices/{id}/remove", post(settings::remove_device))
        .route("/settings/my-data.json", get(settings::export))
        .route("/settings/delete", get(settings::delete_form).post(settings::delete))
        .route("/sign-in", get(pages::sign_in_form).post(pages::sign_in))
        .route("/sign-out", post(pages::sign_out))
        .route("/manifest.webmanifest", get(manifest))
        .route("/sw.js", get(service_worker))
        .route("/app/assets/{file}", get(assets))
}
