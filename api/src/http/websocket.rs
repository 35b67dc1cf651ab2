//! GraphQL over WebSocket on `/graphql` (DESIGN §5): `graphql-transport-ws` and the legacy
//! `graphql-ws`, served by async-graphql's protocol implementation. Authentication comes in
//! the `connection_init` payload (`{"authorization": "Bearer sanad_…"}`), or for a page of
//! this same origin (the desk) its session cookie; a browser's Origin
//! must be on the CORS allow-list when one is configured; frames are capped like bodies; the
//! protocol's close codes and init timeout are enforced by `ws_guard`, which also closes every
//! connection with 1001 (Going Away) when the server shuts down.

use std::net::SocketAddr;
use std::sync::Arc;

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::Extension;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sanad_schema::error::{AppError, ErrorCode};
use sanad_schema::graphql::RequestContext;
use sanad_schema::service::accounts;
use sanad_schema::service::language::parse_accept_language;

use super::errors::error_response;
use super::listener::Draining;
use super::{AppState, CorsPolicy, MAX_BODY_BYTES};

/// True for a request that asks to become a WebSocket.
pub fn is_upgrade(headers: &HeaderMap) -> bool {
    headers.get(header::UPGRADE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
}

pub async fn upgrade(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    draining: Option<Extension<Draining>>,
    protocol: GraphQLProtocol,
    socket: WebSocketUpgrade,
) -> Response {
    if let CorsPolicy::Only(allowed) = &state.cors
        && let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
        && !allowed.iter().any(|a| a == origin)
    {
        // A page on another site must not ride on a delegate's browser session.
        return error_response(StatusCode::FORBIDDEN, ErrorCode::Forbidden, "this origin may not connect", &headers);
    }
    let header_languages = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(parse_accept_language)
        .unwrap_or_default();
    let schema = state.schema.clone();
    let address = super::client_address(&state, peer, &headers);
    // The protocol async-graphql chose: the first one offered that it speaks.
    let strict = headers.get(header::SEC_WEBSOCKET_PROTOCOL).and_then(|v| v.to_str().ok()).and_then(|offered| {
        offered.split(',').map(str::trim).find(|p| *p == "graphql-transport-ws" || *p == "graphql-ws")
    }) == Some("graphql-transport-ws");
    // A page of this origin (the desk) signs in with its session cookie; an `authorization` in
    // the payload wins. Only from this origin: a page elsewhere must not ride on the cookie.
    let cookie_token = same_origin(&headers).then(|| crate::web::session::session_token(&headers)).flatten();
    let init_timeout = state.ws_init_timeout;
    let telemetry = state.telemetry.clone();
    socket
        // tungstenite keeps a 128 KiB read buffer per connection by default: 1,000 idle
        // subscribers would hold 128 MB. A client sends small frames (init, subscribe, pong),
        // and the buffer grows for one that is not.
        .read_buffer_size(1024)
        .write_buffer_size(4 * 1024)
        .max_frame_size(MAX_BODY_BYTES)
        .max_message_size(MAX_BODY_BYTES)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            let _open = telemetry.websocket_opened();
            let draining = draining.map(|Extension(draining)| draining);
            let (sink, stream) = super::ws_guard::guard(socket, strict, init_timeout, draining);
            GraphQLWebSocket::new_with_pair(sink, stream, schema, protocol)
                .on_connection_init(move |payload| async move {
                    connection_data(&state, payload, cookie_token, header_languages, address)
                        .await
                        .map_err(|e| e.into())
                })
                .serve()
                .await;
        })
        .into_response()
}

/// Whether the upgrade comes from a page of this server: its `Origin` names the `Host` asked for.
fn same_origin(headers: &HeaderMap) -> bool {
    let value = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
    let (Some(origin), Some(host)) = (value(header::ORIGIN), value(header::HOST)) else { return false };
    let Ok(origin) = url::Url::parse(origin) else { return false };
    let Some(name) = origin.host_str() else { return false };
    let authority = match origin.port() {
        Some(port) => format!("{name}:{port}"),
        None => name.to_owned(),
    };
    authority.eq_ignore_ascii_case(host)
}

/// The connection's data: who signed in (the payload's `authorization`, else a same-origin
/// page's session cookie), the languages (the payload's `acceptLanguage`, else the upgrade
/// request's header).
async fn connection_data(
    state: &AppState,
    payload: serde_json::Value,
    cookie_token: Option<String>,
    header_languages: Vec<String>,
    address: std::net::IpAddr,
) -> Result<async_graphql::Data, AppError> {
    let authorization = payload.get("authorization").or_else(|| payload.get("Authorization"));
    let viewer = match authorization {
        None | Some(serde_json::Value::Null) => match cookie_token {
            Some(token) => Some(Arc::new(accounts::authenticate(&state.db, &token, state.clock.now()).await?)),
            None => None,
        },
        Some(value) => {
            let token = value
                .as_str()
                .and_then(|v| v.split_once(' '))
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, token)| token.trim())
                .ok_or_else(|| AppError::unauthenticated(accounts::MALFORMED_TOKEN))?;
            Some(Arc::new(accounts::authenticate(&state.db, token, state.clock.now()).await?))
        }
    };
    let accept_languages = match payload.get("acceptLanguage").and_then(|v| v.as_str()) {
        Some(languages) => parse_accept_language(languages),
        None => header_languages,
    };
    let context = RequestContext { accept_languages, viewer, client_address: Some(address) };
    Ok(context.into_connection_data())
}
