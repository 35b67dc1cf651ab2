//! The small endpoints: health, readiness, the SDL, GraphiQL and metrics.

use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::AppState;

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: the database answers.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

pub async fn schema(State(state): State<AppState>) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], state.sdl.to_string()).into_response()
}

pub async fn graphiql() -> Html<String> {
    Html(async_graphql::http::GraphiQLSource::build().endpoint("/graphql").title("Sanad GraphiQL").finish())
}

/// Prometheus text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let m = &state.metrics;
    let p = &state.push;
    let lines = [
        ("sanad_sql_statements_total", "SQL statements sent to the database.", state.statements.get()),
        (
            "sanad_graphql_executions_total",
            "GraphQL operations executed (cache misses).",
            m.graphql_requests.load(Ordering::Relaxed),
        ),
        (
            "sanad_response_cache_hits_total",
            "GraphQL responses served from the public response cache.",
            m.cache_hits.load(Ordering::Relaxed),
        ),
        (
            "sanad_graphql_shed_total",
            "GraphQL operations refused with 503 UNAVAILABLE because the server was at capacity.",
            state.admission.shed.load(Ordering::Relaxed),
        ),
        (
            "sanad_relay_failures_total",
            "Reads of changes made elsewhere (other instances, sanad import) that failed and are retried.",
            m.relay_failures.load(Ordering::Relaxed),
        ),
    ];
    let mut body = String::new();
    for (name, help, value) in lines {
        body.push_str(&format!("# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n"));
    }
    let gauges = [
        ("sanad_programme_version", "Sum of the conferences' programme versions.", state.live.version()),
        (
            "sanad_graphql_in_flight",
            "GraphQL operations running now (each holds an admission permit).",
            i64::try_from(state.admission.in_flight()).unwrap_or(i64::MAX),
        ),
        (
            "sanad_live_subscriptions",
            "GraphQL subscriptions listening for programme changes.",
            i64::try_from(state.live.subscribers()).unwrap_or(i64::MAX),
        ),
    ];
    for (name, help, value) in gauges {
        body.push_str(&format!("# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n"));
    }
    let name = "sanad_push_deliveries_total";
    body.push_str(&format!(
        "# HELP {name} Push deliveries by outcome (refused: our VAPID signature, alert).\n# TYPE {name} counter\n"
    ));
    for (outcome, counter) in [
        ("delivered", &p.delivered),
        ("retried", &p.retried),
        ("failed", &p.failed),
        ("refused", &p.refused),
        ("gone", &p.gone),
        ("expired", &p.expired),
    ] {
        body.push_str(&format!("{name}{{outcome=\"{outcome}\"}} {}\n", counter.load(Ordering::Relaxed)));
    }
    for (name, help, counter) in [
        ("sanad_push_reminder_scans_total", "Looks for due session reminders.", &p.reminder_scans),
        ("sanad_push_reminders_total", "People reminded of a session.", &p.reminders),
    ] {
        body.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}\n",
            counter.load(Ordering::Relaxed)
        ));
    }
    let name = "sanad_push_sql_statements_total";
    body.push_str(&format!(
        "# HELP {name} SQL statements of the push worker.\n# TYPE {name} counter\n{name} {}\n",
        state.push_statements.get()
    ));
    // Read at scrape time: the outbox is shared by every instance.
    match sanad_schema::service::push::outbox::stats(&state.push_db, chrono::Utc::now()).await {
        Ok(stats) => {
            for (name, help, value) in [
                ("sanad_push_outbox_pending", "Push deliveries waiting in the outbox.", stats.pending as f64),
                (
                    "sanad_push_outbox_oldest_pending_seconds",
                    "Age of the oldest waiting push delivery.",
                    stats.oldest_pending_seconds,
                ),
            ] {
                body.push_str(&format!("# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n"));
            }
        }
        Err(e) => tracing::error!(error = ?e, "metrics: the outbox could not be read"),
    }
    state.telemetry.encode(&mut body);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}
