//! A visit to a web page (the desk or the delegates' app): who is signed in (the session
//! cookie holds the same bearer token the API gives any client), which interface language, and
//! the CSRF token its forms carry. One cookie for both: a coordinator who is also at the
//! conference signs in once.
//!
//! Cookies: `sanad_session` (the token; `HttpOnly`, `SameSite=Strict`, `Secure` when the
//! public URL is https, gone when the token expires), `sanad_csrf` (a random value every form
//! repeats in a hidden field: a POST whose field differs from the cookie is refused; with
//! `SameSite=Strict` another site can neither send the cookie nor read the value), and
//! `sanad_lang` (the language chosen with the switcher).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use cookie::{Cookie, SameSite};
use rand::RngCore;
use sanad_schema::service::accounts::Identity;
use sanad_schema::service::language::parse_accept_language;
use subtle::ConstantTimeEq;

use super::api::{Caller, authenticate};
use super::lang::UiLang;
use crate::http::AppState;
use crate::http::errors::request_id;

pub const SESSION_COOKIE: &str = "sanad_session";
pub const CSRF_COOKIE: &str = "sanad_csrf";
pub const LANG_COOKIE: &str = "sanad_lang";
/// The hidden field of every form.
pub const CSRF_FIELD: &str = "csrf";

/// One request to a web page.
pub struct Visit {
    pub caller: Caller,
    /// The interface language.
    pub lang: UiLang,
    /// The value this visit's forms carry.
    pub csrf: String,
    /// Whether the CSRF cookie came with the request (a POST without it is refused).
    csrf_known: bool,
    secure: bool,
    pub request_id: String,
    set_cookies: Vec<Cookie<'static>>,
    /// Set by signing out: the browser forgets what it kept of this person.
    forget: bool,
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn cookies(headers: &HeaderMap) -> Vec<Cookie<'static>> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse(v.to_owned()).filter_map(Result::ok).collect::<Vec<_>>())
        .map(Cookie::into_owned)
        .collect()
}

/// The session cookie's token, for the WebSocket of a web page (same origin only: the
/// caller checks the Origin).
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookies(headers)
        .into_iter()
        .find(|c| c.name() == SESSION_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|t| !t.is_empty())
}

/// The `lang` query parameter, if the request has one the pages speak.
fn lang_parameter(parts: &Parts) -> Option<UiLang> {
    let query = parts.uri.query()?;
    form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "lang").and_then(|(_, v)| UiLang::from_tag(&v))
}

impl FromRequestParts<AppState> for Visit {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = cookies(&parts.headers);
        let find = |name: &str| jar.iter().find(|c| c.name() == name).map(|c| c.value().to_owned());
        let secure = state.public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
        let request_id = request_id(&parts.headers);
        let address = match parts.extensions.get::<ConnectInfo<SocketAddr>>() {
            Some(ConnectInfo(peer)) => crate::http::client_address(state, *peer, &parts.headers),
            None => std::net::IpAddr::from([127, 0, 0, 1]),
        };
        let mut set_cookies = Vec::new();

        let session = find(SESSION_COOKIE).filter(|t| !t.is_empty());
        let viewer: Option<Arc<Identity>> = match &session {
            None => None,
            Some(token) => match authenticate(state, token).await {
                Ok(viewer) => viewer,
                Err(refused) => return Err(refusal_without_visit(&refused, &request_id)),
            },
        };
        // A session cookie that no longer works (expired, revoked) is dropped, and with it what
        // the browser kept of that person's pages, as on signing out.
        let expired = session.is_some() && viewer.is_none();
        if expired {
            set_cookies.push(removal(SESSION_COOKIE, secure));
        }

        let header_languages = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(parse_accept_language)
            .unwrap_or_default();
        let chosen = lang_parameter(parts);
        if let Some(lang) = chosen {
            set_cookies.push(lasting(LANG_COOKIE, lang.tag().to_owned(), secure));
        }
        let ui = chosen
            .or_else(|| find(LANG_COOKIE).and_then(|l| UiLang::from_tag(&l)))
            .or_else(|| viewer.as_ref().and_then(|v| UiLang::first_of(v.person.languages.0.iter().map(String::as_str))))
            .or_else(|| UiLang::first_of(header_languages.iter().map(String::as_str)))
            .unwrap_or(UiLang::En);
        // Texts from the API: in the interface language first, then the person's own order.
        let mut languages = vec![ui.tag().to_owned()];
        languages.extend(header_languages.into_iter().filter(|l| l != ui.tag()));

        let known = find(CSRF_COOKIE).filter(|v| v.len() >= 32 && v.len() <= 64);
        let csrf_known = known.is_some();
        let csrf = known.unwrap_or_else(|| {
            let fresh = random_token();
            set_cookies.push(base(CSRF_COOKIE, fresh.clone(), secure));
            fresh
        });

        Ok(Visit {
            caller: Caller { viewer, languages, address },
            lang: ui,
            csrf,
            csrf_known,
            secure,
            request_id,
            set_cookies,
            forget: expired,
        })
    }
}

/// A cookie scripts cannot read and other sites cannot send.
fn base(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value)).path("/").http_only(true).same_site(SameSite::Strict).secure(secure).build()
}

fn lasting(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    let mut cookie = base(name, value, secure);
    cookie.set_max_age(cookie::time::Duration::days(365));
    cookie
}

fn removal(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut cookie = base(name, String::new(), secure);
    cookie.make_removal();
    cookie
}

impl Visit {
    /// Whether a form's hidden field matches this browser's CSRF cookie.
    pub fn csrf_ok(&self, field: Option<&str>) -> bool {
        self.csrf_known && field.is_some_and(|f| bool::from(f.as_bytes().ct_eq(self.csrf.as_bytes())))
    }

    /// Signs in: the token goes into the session cookie until it expires.
    pub fn sign_in(&mut self, token: String, seconds_left: i64) {
        let mut cookie = base(SESSION_COOKIE, token, self.secure);
        cookie.set_max_age(cookie::time::Duration::seconds(seconds_left.max(0)));
        self.set_cookies.push(cookie);
        // A new CSRF value with the new session: one seen before signing in is not reused.
        let fresh = random_token();
        self.set_cookies.push(base(CSRF_COOKIE, fresh.clone(), self.secure));
        self.csrf = fresh;
    }

    /// Signs out: the session cookie goes, and so does every copy the browser kept of this
    /// person's pages (the app's offline copies, its queued edits, its service worker).
    pub fn sign_out(&mut self) {
        self.set_cookies.push(removal(SESSION_COOKIE, self.secure));
        self.caller.viewer = None;
        self.forget = true;
    }

    pub fn viewer(&self) -> Option<&Identity> {
        self.caller.viewer.as_deref()
    }

    fn finish(self, mut response: Response) -> Response {
        let headers = response.headers_mut();
        for cookie in &self.set_cookies {
            if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
                headers.append(header::SET_COOKIE, value);
            }
        }
        if self.forget {
            headers
                .insert(HeaderName::from_static("clear-site-data"), HeaderValue::from_static("\"cache\", \"storage\""));
        }
        secure_headers(headers);
        response
    }

    /// An HTML page.
    pub fn page(self, status: StatusCode, html: String) -> Response {
        let mut response = (status, html).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        self.finish(response)
    }

    /// A short plain-text answer for a page's script (a status and a code, never a page).
    pub fn status(self, status: StatusCode, text: &'static str) -> Response {
        let mut response = (status, text).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        self.finish(response)
    }

    /// After a form: see the result with GET (303), so a reload never sends it twice.
    pub fn redirect(self, location: &str) -> Response {
        let mut response = StatusCode::SEE_OTHER.into_response();
        if let Ok(value) = HeaderValue::from_str(location) {
            response.headers_mut().insert(header::LOCATION, value);
        }
        self.finish(response)
    }
}

/// Headers of every web page's response: nothing from another origin, no framing, no referrer, no
/// copy in a shared cache (pages hold requests' details).
pub fn secure_headers(headers: &mut HeaderMap) {
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; \
             manifest-src 'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
}

/// Signs `visit` in with an invitation `code` through `operation` (a `signIn` mutation that
/// asks for `token` and `expiresAt`), run as nobody: the token goes into the session cookie
/// until it expires, and never into a page. The desk and the app both sign in here.
pub async fn sign_in_with_code(
    state: &AppState,
    visit: &mut Visit,
    operation: super::api::Operation,
    code: &str,
) -> Result<(), super::api::Refused> {
    #[derive(serde::Deserialize)]
    struct Data {
        #[serde(rename = "signIn")]
        sign_in: Signed,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Signed {
        token: String,
        expires_at: chrono::DateTime<chrono::FixedOffset>,
    }
    let caller = Caller { viewer: None, ..visit.caller.clone() };
    let data = super::api::run::<Data>(state, operation, serde_json::json!({ "code": code }), &caller).await?;
    let left = (data.sign_in.expires_at.to_utc() - state.clock.now()).num_seconds();
    visit.sign_in(data.sign_in.token, left);
    Ok(())
}

/// Used before a visit exists (the session could not be checked): a plain 503 page.
pub fn refusal_without_visit(refused: &super::api::Refused, request_id: &str) -> Response {
    tracing::warn!(code = refused.code.as_str(), request_id, "a web session could not be checked");
    let mut response = (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::RETRY_AFTER, "2")],
        "The server is busy. Try again in a few seconds.",
    )
        .into_response();
    secure_headers(response.headers_mut());
    response
}
