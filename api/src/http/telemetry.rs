//! Request metrics for `/metrics` (DESIGN §8), kept in the one `prometheus-client` registry
//! (with what `metrics::Scraped` reads at each scrape): HTTP requests and
//! latency by route, GraphQL operations by name, type and outcome, and WebSocket connections.
//! Labels are chosen so nothing personal can appear: routes are the router's patterns (never a
//! calendar's secret path), operation names are the client's own words but only well-formed
//! ones and at most `MAX_OPERATION_NAMES` of them, outcomes are error codes.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::AppState;
use super::metrics::Scraped;
use sanad_schema::service::push::outbox::OutboxStats;

/// Distinct operation names counted by name; later ones count as `other`, so a client
/// inventing names cannot grow the metrics without end.
pub const MAX_OPERATION_NAMES: usize = 200;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HttpLabels {
    route: &'static str,
    method: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    operation: String,
    r#type: &'static str,
    outcome: &'static str,
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// How a GraphQL operation ended: `OK`, or the first error's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome(pub &'static str);

/// The registry and the metrics in it.
pub struct Telemetry {
    registry: Registry,
    scraped: Arc<Scraped>,
    http_requests: Family<HttpLabels, Counter>,
    http_latency: LatencyFamily,
    operations: Family<OperationLabels, Counter>,
    websockets_open: Gauge,
    websockets: Counter,
    names: Mutex<HashSet<String>>,
}

impl std::fmt::Debug for Telemetry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Telemetry").finish_non_exhaustive()
    }
}

impl Telemetry {
    /// The registry, with the request metrics and `scraped`, read at each scrape.
    pub fn new(scraped: Scraped) -> Self {
        let scraped = Arc::new(scraped);
        let mut registry = Registry::default();
        registry.register_collector(Box::new(scraped.clone()));
        let http_requests = Family::<HttpLabels, Counter>::default();
        registry.register("sanad_http_requests", "HTTP requests by route, method and status", http_requests.clone());
        let http_latency = LatencyFamily::new_with_constructor(latency_histogram);
        registry.register(
            "sanad_http_request_duration_seconds",
            "Time to answer HTTP requests, by route (until the response head)",
            http_latency.clone(),
        );
        let operations = Family::<OperationLabels, Counter>::default();
        registry.register(
            "sanad_graphql_operations",
            "GraphQL operations over HTTP by operation name, type and outcome (OK or the error code)",
            operations.clone(),
        );
        let websockets_open = Gauge::default();
        registry.register(
            "sanad_websocket_connections_open",
            "WebSocket connections open now",
            websockets_open.clone(),
        );
        let websockets = Counter::default();
        registry.register("sanad_websocket_connections", "WebSocket connections accepted", websockets.clone());
        Self {
            registry,
            scraped,
            http_requests,
            http_latency,
            operations,
            websockets_open,
            websockets,
            names: Mutex::new(HashSet::new()),
        }
    }
}

impl Telemetry {
    /// Writes every metric as OpenMetrics text, with the outbox as just read.
    pub fn encode(&self, out: &mut String, outbox: Option<OutboxStats>) {
        if let Ok(mut stats) = self.scraped.outbox.lock() {
            *stats = outbox;
        }
        if let Err(e) = prometheus_client::encoding::text::encode(out, &self.registry) {
            tracing::error!(error = %e, "metrics could not be written");
        }
    }

    fn http(&self, route: &'static str, method: &'static str, status: u16, took: Duration) {
        self.http_requests.get_or_create(&HttpLabels { route, method, status }).inc();
        self.http_latency.get_or_create(&RouteLabels { route }).observe(took.as_secs_f64());
    }

    /// Counts one GraphQL operation.
    pub fn operation(&self, name: Option<&str>, kind: &'static str, outcome: Outcome) {
        let operation = self.label_for(name);
        self.operations.get_or_create(&OperationLabels { operation, r#type: kind, outcome: outcome.0 }).inc();
    }

    fn label_for(&self, name: Option<&str>) -> String {
        let Some(name) = name else { return "anonymous".to_owned() };
        let well_formed = !name.is_empty()
            && name.len() <= 64
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !name.as_bytes()[0].is_ascii_digit();
        if !well_formed {
            return "other".to_owned();
        }
        let mut names = self.names.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if names.contains(name) || names.len() < MAX_OPERATION_NAMES {
            names.insert(name.to_owned());
            name.to_owned()
        } else {
            "other".to_owned()
        }
    }

    /// Counts a WebSocket connection while it is open.
    pub fn websocket_opened(&self) -> WebSocketOpen<'_> {
        self.websockets.inc();
        self.websockets_open.inc();
        WebSocketOpen { gauge: &self.websockets_open }
    }
}

/// Decrements the open-connections gauge when the connection ends.
pub struct WebSocketOpen<'a> {
    gauge: &'a Gauge,
}

impl Drop for WebSocketOpen<'_> {
    fn drop(&mut self) {
        self.gauge.dec();
    }
}

/// The route a path belongs to: the router's pattern, so secrets in paths never become labels.
pub fn route_of(path: &str) -> &'static str {
    match path {
        "/graphql" => "/graphql",
        "/graphiql" => "/graphiql",
        "/schema.graphql" => "/schema.graphql",
        "/healthz" => "/healthz",
        "/readyz" => "/readyz",
        "/metrics" => "/metrics",
        "/schedule.ics" => "/schedule.ics",
        _ if path.starts_with("/graphiql/assets/") => "/graphiql/assets",
        _ if path.starts_with("/sessions/") => "/sessions/{file}",
        _ if path.starts_with("/calendar/") => "/calendar/{file}",
        _ => "other",
    }
}

fn method_of(method: &axum::http::Method) -> &'static str {
    match *method {
        axum::http::Method::GET => "GET",
        axum::http::Method::POST => "POST",
        axum::http::Method::HEAD => "HEAD",
        axum::http::Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The middleware that counts and times every request, refusals by outer layers included.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = route_of(request.uri().path());
    let method = method_of(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    state.telemetry.http(route, method, response.status().as_u16(), started.elapsed());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_never_carry_the_path_itself() {
        assert_eq!(route_of("/calendar/3f9a-secret.ics"), "/calendar/{file}");
        assert_eq!(route_of("/sessions/42.ics"), "/sessions/{file}");
        assert_eq!(route_of("/graphql"), "/graphql");
        assert_eq!(route_of("/wp-admin"), "other");
    }

    #[test]
    fn operation_names_are_bounded() {
        let telemetry = Telemetry::new(Scraped {
            statements: Default::default(),
            push_statements: Default::default(),
            metrics: Default::default(),
            push: Default::default(),
            live: sanad_schema::service::live::Live::new(0),
            admission: Arc::new(crate::http::admission::Admission::new(Default::default())),
            outbox: Default::default(),
            started: 0.0,
        });
        assert_eq!(telemetry.label_for(None), "anonymous");
        assert_eq!(telemetry.label_for(Some("Programme")), "Programme");
        assert_eq!(telemetry.label_for(Some("bad name")), "other");
        assert_eq!(telemetry.label_for(Some("9lives")), "other");
        for i in 0..MAX_OPERATION_NAMES {
            telemetry.label_for(Some(&format!("Op{i}")));
        }
        assert_eq!(telemetry.label_for(Some("OneTooMany")), "other");
        assert_eq!(telemetry.label_for(Some("Programme")), "Programme", "known names keep counting");
    }
}
