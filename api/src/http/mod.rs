//! The HTTP surface (DESIGN §5).

pub mod admission;
pub mod cache;
pub mod calendar;
pub mod errors;
pub mod feed;
pub mod graphiql;
pub mod graphql;
pub mod listener;
pub mod metrics;
pub mod pages;
pub mod persisted;
pub mod schedule;
pub mod telemetry;
pub mod websocket;
pub mod ws_guard;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::routing::get;
use sanad_schema::error::ErrorCode;
use sanad_schema::graphql::gate::Gate;
use sanad_schema::graphql::loaders::ProgrammeSnapshots;
use sanad_schema::service::clock::Clock;
use sanad_schema::service::live::Live;
use sea_orm::DatabaseConnection;
use tower::ServiceBuilder;
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::db::StatementCounter;
use cache::ResponseCache;

/// Largest request body (DESIGN §8).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Debug, Default)]
pub struct Metrics {
    pub graphql_requests: AtomicU64,
    pub cache_hits: AtomicU64,
    /// Reads of the relay (catch-up, agenda holders) that failed and are tried again.
    pub relay_failures: crate::relay::Failures,
}

/// Request ids: random UUIDs (v4) from the thread's generator in user space. tower-http's
/// `MakeRequestUuid` asks the kernel for the 16 bytes of each, a system call per request.
#[derive(Clone, Copy, Debug, Default)]
struct RequestIds;

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let id = uuid::Builder::from_random_bytes(rand::random()).into_uuid();
        HeaderValue::from_str(&id.to_string()).ok().map(RequestId::new)
    }
}

/// Shared by every request: one `Arc`, so each handler and middleware that takes the state
/// clones one pointer (cloning the fields, a dozen `Arc`s and caches, was 3% of a cached hit).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] holds.
pub struct Shared {
    /// The schema behind its checks (limits, NUL, mutation rate limits).
    pub schema: Gate,
    pub db: DatabaseConnection,
    /// The server's clock (a test clock under `SANAD_CLOCK`): token expiry is judged by it.
    pub clock: Clock,
    pub sdl: Arc<str>,
    pub cache: ResponseCache,
    /// The programme version (part of every cache key) and the stream of changes.
    pub live: Live,
    /// The programme rows of the running version, shared by queries.
    pub programme: Arc<ProgrammeSnapshots>,
    pub metrics: Arc<Metrics>,
    /// How many operations run at once, and the line past that (`admission`).
    pub admission: Arc<admission::Admission>,
    /// Requests, operations and WebSockets for `/metrics`.
    pub telemetry: Arc<telemetry::Telemetry>,
    pub push: Arc<crate::push::PushMetrics>,
    /// Statements of the push worker's own pool (reminders, outbox).
    pub push_statements: Arc<crate::db::StatementCounter>,
    pub push_db: DatabaseConnection,
    /// How long a WebSocket may wait before `connection_init` (then 4408).
    pub ws_init_timeout: std::time::Duration,
    /// Browser origins allowed (also checked on WebSocket upgrades).
    pub cors: CorsPolicy,
    /// Behind a reverse proxy: the client's address is the last `X-Forwarded-For` entry.
    pub trust_forwarded_for: bool,
    pub statements: Arc<StatementCounter>,
    /// The public base URL (`--public-url`), for links in exported documents.
    pub public_url: Option<Arc<str>>,
    /// Documents registered by Apollo's automatic persisted queries.
    pub persisted: persisted::PersistedQueries,
}

/// Which browser origins may call the API. Phone apps send no Origin; web clients do.
#[derive(Clone, Debug, Default)]
pub enum CorsPolicy {
    /// Any origin (the API uses bearer tokens, never cookies).
    #[default]
    Any,
    /// Only these origins.
    Only(Vec<String>),
}

/// The client's address, for rate limits: the peer, or behind a trusted reverse proxy the
/// address it appended last to `X-Forwarded-For` (entries before it are the client's word).
pub fn client_address(
    state: &AppState,
    peer: std::net::SocketAddr,
    headers: &axum::http::HeaderMap,
) -> std::net::IpAddr {
    if !state.trust_forwarded_for {
        return peer.ip();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        // Only the proxy's own entry counts; an unreadable one falls back to the peer, never to
        // an entry the client wrote.
        .next_back()
        .and_then(|entry| entry.trim().parse::<std::net::IpAddr>().ok())
        .unwrap_or(peer.ip())
}

/// `GET /graphql` is a query, or the start of a WebSocket.
async fn get_or_upgrade(State(state): State<AppState>, request: axum::extract::Request) -> axum::response::Response {
    use axum::handler::Handler;
    if websocket::is_upgrade(request.headers()) {
        websocket::upgrade.call(request, state).await
    } else {
        graphql::get.call(request, state).await
    }
}

/// The path as logs may show it: a personal calendar's address is a secret.
fn loggable_path(path: &str) -> &str {
    if path.starts_with("/calendar/") { "/calendar/<secret>" } else { path }
}

pub fn router(state: AppState, cors: &CorsPolicy, request_timeout: Duration) -> Router {
    let cors = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, header::ACCEPT_LANGUAGE, header::IF_NONE_MATCH])
        .expose_headers([header::ETAG, HeaderName::from_static(errors::REQUEST_ID)])
        .max_age(Duration::from_secs(3600))
        .allow_origin(match cors {
            CorsPolicy::Any => AllowOrigin::any(),
            CorsPolicy::Only(origins) => {
                AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
            }
        });
    let request_id = HeaderName::from_static(errors::REQUEST_ID);
    let track = axum::middleware::from_fn_with_state(state.clone(), telemetry::track);
    Router::new()
        .route("/graphql", get(get_or_upgrade).post(graphql::post))
        .route("/graphiql", get(graphiql::page))
        .route("/graphiql/assets/{tag}/{name}", get(graphiql::asset))
        .route("/schema.graphql", get(pages::schema))
        .route("/healthz", get(pages::healthz))
        .route("/readyz", get(pages::readyz))
        .route("/metrics", get(metrics::page))
        .route("/schedule.ics", get(calendar::schedule))
        .route("/schedule.xml", get(schedule::xml))
        .route("/schedule.json", get(schedule::json))
        .route("/calendar/{file}", get(calendar::personal))
        .merge(crate::desk::router())
        .merge(crate::app::router())
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), RequestIds))
                // Outside the limits and timeouts, so their refusals are counted too.
                .layer(track)
                // One access line per request at info (method, path without secrets, status,
                // latency), inside a span carrying the request id that error bodies carry.
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|request: &axum::http::Request<_>| {
                            let id =
                                request.headers().get(errors::REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
                            tracing::info_span!("request", request_id = %id, method = %request.method(), path = %loggable_path(request.uri().path()))
                        })
                        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO).latency_unit(LatencyUnit::Millis)),
                )
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(CatchPanicLayer::custom(|_| {
                    errors::error_response(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "internal error", &Default::default())
                }))
                .layer(cors)
                .layer(CompressionLayer::new())
                // The body limits below answer in plain text; this gives their 413 our JSON shape.
                .layer(axum::middleware::from_fn(errors::json_refusals))
                // The limit layer wraps bodies in its own type; unwrap to axum's for the layers above.
                .layer(tower_http::map_response_body::MapResponseBodyLayer::new(axum::body::Body::new))
                .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout)),
        )
}
