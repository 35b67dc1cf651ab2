//! `/metrics`: one `prometheus-client` registry for everything, written as OpenMetrics text.
//!
//! The page used to be hand-written lines followed by the registry's own output: parsers typed
//! some counters as unknown and the OpenMetrics parser refused it ("clashing name"). Now the
//! request metrics (`telemetry`) and the values kept elsewhere (statement counters, cache hits,
//! push outcomes, the outbox, the programme version, admission, the process) are encoded by the
//! same registry: the latter through [`Scraped`], a collector that reads them at scrape time.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use sanad_schema::service::live::Live;
use sanad_schema::service::push::outbox::OutboxStats;

use super::admission::Admission;
use super::{AppState, Metrics};
use crate::db::StatementCounter;
use crate::push::PushMetrics;

/// The commit this binary was built from (`build.rs`), or `unknown`.
pub const COMMIT: &str = env!("SANAD_COMMIT");

/// What the collector reads at each scrape.
#[derive(Debug)]
pub struct Scraped {
    pub statements: Arc<StatementCounter>,
    pub push_statements: Arc<StatementCounter>,
    pub metrics: Arc<Metrics>,
    pub push: Arc<PushMetrics>,
    pub live: Live,
    pub admission: Arc<Admission>,
    /// The outbox as the handler read it just before encoding (it takes a database query,
    /// which an encoder cannot await); `None` when that read failed.
    pub outbox: Mutex<Option<OutboxStats>>,
    /// When the process started, seconds since the Unix epoch.
    pub started: f64,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
    commit: &'static str,
}

fn counter(encoder: &mut DescriptorEncoder, name: &str, help: &str, value: u64) -> Result<(), std::fmt::Error> {
    let metric = ConstCounter::new(value);
    metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)
}

fn gauge_i64(encoder: &mut DescriptorEncoder, name: &str, help: &str, value: i64) -> Result<(), std::fmt::Error> {
    let metric = ConstGauge::new(value);
    metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)
}

fn gauge_f64(encoder: &mut DescriptorEncoder, name: &str, help: &str, value: f64) -> Result<(), std::fmt::Error> {
    let metric = ConstGauge::new(value);
    metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Collector for Scraped {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let e = &mut encoder;
        let build = ConstGauge::new(1i64);
        let mut family = e.encode_descriptor(
            "sanad_build_info",
            "The running build: its version and commit (always 1).",
            None,
            build.metric_type(),
        )?;
        build.encode(family.encode_family(&BuildLabels { version: env!("CARGO_PKG_VERSION"), commit: COMMIT })?)?;

        counter(e, "sanad_sql_statements", "SQL statements sent to the database.", self.statements.get())?;
        counter(
            e,
            "sanad_graphql_executions",
            "GraphQL operations executed (cache misses).",
            self.metrics.graphql_requests.load(Ordering::Relaxed),
        )?;
        counter(
            e,
            "sanad_response_cache_hits",
            "GraphQL responses served from the public response cache.",
            self.metrics.cache_hits.load(Ordering::Relaxed),
        )?;
        counter(
            e,
            "sanad_graphql_shed",
            "GraphQL operations refused with 503 UNAVAILABLE because the server was at capacity.",
            self.admission.shed.load(Ordering::Relaxed),
        )?;
        counter(
            e,
            "sanad_relay_failures",
            "Reads of changes made elsewhere (other instances, sanad import) that failed and are retried.",
            self.metrics.relay_failures.load(Ordering::Relaxed),
        )?;
        gauge_i64(e, "sanad_programme_version", "Sum of the conferences' programme versions.", self.live.version())?;
        gauge_i64(
            e,
            "sanad_graphql_in_flight",
            "GraphQL operations running now (each holds an admission permit).",
            count(self.admission.in_flight()),
        )?;
        gauge_i64(
            e,
            "sanad_live_subscriptions",
            "GraphQL subscriptions listening for programme changes.",
            count(self.live.subscribers()),
        )?;

        let p = &self.push;
        let deliveries = ConstCounter::new(0u64);
        let mut family = e.encode_descriptor(
            "sanad_push_deliveries",
            "Push deliveries by outcome (refused: our VAPID signature, alert).",
            None,
            deliveries.metric_type(),
        )?;
        for (outcome, value) in [
            ("delivered", &p.delivered),
            ("retried", &p.retried),
            ("failed", &p.failed),
            ("refused", &p.refused),
            ("gone", &p.gone),
            ("expired", &p.expired),
        ] {
            ConstCounter::new(value.load(Ordering::Relaxed))
                .encode(family.encode_family(&OutcomeLabel { outcome })?)?;
        }
        counter(
            e,
            "sanad_push_reminder_scans",
            "Looks for due session reminders.",
            p.reminder_scans.load(Ordering::Relaxed),
        )?;
        counter(e, "sanad_push_reminders", "People reminded of a session.", p.reminders.load(Ordering::Relaxed))?;
        counter(e, "sanad_push_sql_statements", "SQL statements of the push worker.", self.push_statements.get())?;
        let outbox = self.outbox.lock().map(|stats| *stats).unwrap_or(None);
        if let Some(stats) = outbox {
            gauge_i64(
                e,
                "sanad_push_outbox_pending",
                "Push deliveries waiting in the outbox.",
                i64::try_from(stats.pending).unwrap_or(i64::MAX),
            )?;
            gauge_f64(
                e,
                "sanad_push_outbox_oldest_pending_seconds",
                "Age of the oldest waiting push delivery.",
                stats.oldest_pending_seconds,
            )?;
        }

        let process = process::read();
        if let Some(bytes) = process.resident_bytes {
            gauge_i64(e, "process_resident_memory_bytes", "Resident memory size in bytes.", bytes)?;
        }
        if let Some(open) = process.open_fds {
            gauge_i64(e, "process_open_fds", "Number of open file descriptors.", open)?;
        }
        if let Some(max) = process.max_fds {
            gauge_i64(e, "process_max_fds", "Maximum number of open file descriptors.", max)?;
        }
        if let Some(seconds) = process.cpu_seconds {
            let metric = ConstCounter::new(seconds);
            metric.encode(e.encode_descriptor(
                "process_cpu_seconds",
                "Total user and system CPU time spent in seconds.",
                None,
                metric.metric_type(),
            )?)?;
        }
        gauge_f64(e, "process_start_time_seconds", "Start time of the process since the Unix epoch.", self.started)?;
        Ok(())
    }
}

/// Seconds since the Unix epoch, now.
pub fn unix_now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

/// The process's own figures, from `/proc/self` (Linux; elsewhere each is `None` and left out).
mod process {
    pub struct Figures {
        pub resident_bytes: Option<i64>,
        pub open_fds: Option<i64>,
        pub max_fds: Option<i64>,
        pub cpu_seconds: Option<f64>,
    }

    /// Clock ticks per second of `/proc/self/stat`'s times: 100 on every Linux this runs on
    /// (`sysconf(_SC_CLK_TCK)`; USER_HZ is fixed by the kernel's ABI).
    const TICKS_PER_SECOND: f64 = 100.0;

    pub fn read() -> Figures {
        let status = std::fs::read_to_string("/proc/self/status").ok();
        let resident_bytes = status.as_deref().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<i64>().ok())
                .map(|kb| kb * 1024)
        });
        let open_fds = std::fs::read_dir("/proc/self/fd").ok().map(|dir| dir.count() as i64);
        let max_fds = std::fs::read_to_string("/proc/self/limits").ok().and_then(|limits| {
            limits
                .lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3))
                .and_then(|soft| soft.parse().ok())
        });
        // Fields after the command name (which may hold spaces, so split after its ')').
        let cpu_seconds = std::fs::read_to_string("/proc/self/stat").ok().and_then(|stat| {
            let rest = stat.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after ')'.
            let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
            Some(ticks / TICKS_PER_SECOND)
        });
        Figures { resident_bytes, open_fds, max_fds, cpu_seconds }
    }
}

/// The page: OpenMetrics text of the one registry for a scraper that asks for it (Prometheus
/// does), else the classic Prometheus text format (what `curl` and older tools read).
pub async fn page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    // Read at scrape time: the outbox is shared by every instance.
    let stats = match sanad_schema::service::push::outbox::stats(&state.push_db, chrono::Utc::now()).await {
        Ok(stats) => Some(stats),
        Err(e) => {
            tracing::error!(error = ?e, "metrics: the outbox could not be read");
            None
        }
    };
    let mut body = String::new();
    state.telemetry.encode(&mut body, stats);
    let openmetrics = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("application/openmetrics-text"));
    if openmetrics {
        ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], body).into_response()
    } else {
        ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], classic_text(&body)).into_response()
    }
}

/// OpenMetrics text as the classic Prometheus format: a counter's family is named with its
/// `_total` (OpenMetrics names it without, and a classic parser would then see a family of
/// unknown type), and there is no `# EOF`. Samples are the same in both.
fn classic_text(openmetrics: &str) -> String {
    let counters: std::collections::HashSet<&str> =
        openmetrics.lines().filter_map(|line| line.strip_prefix("# TYPE ")?.strip_suffix(" counter")).collect();
    let mut out = String::with_capacity(openmetrics.len());
    for line in openmetrics.lines() {
        if line == "# EOF" {
            continue;
        }
        let renamed = ["# HELP ", "# TYPE "].iter().find_map(|prefix| {
            let rest = line.strip_prefix(prefix)?;
            let (name, tail) = rest.split_once(' ').unwrap_or((rest, ""));
            counters.contains(name).then(|| format!("{prefix}{name}_total {tail}"))
        });
        out.push_str(renamed.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn classic_text_names_counter_families_with_total() {
        let openmetrics = "# HELP a_requests Requests.\n# TYPE a_requests counter\na_requests_total{x=\"1\"} 3\n\
                           # HELP b_open Open.\n# TYPE b_open gauge\nb_open 2\n# EOF\n";
        assert_eq!(
            super::classic_text(openmetrics),
            "# HELP a_requests_total Requests.\n# TYPE a_requests_total counter\na_requests_total{x=\"1\"} 3\n\
             # HELP b_open Open.\n# TYPE b_open gauge\nb_open 2\n"
        );
    }

    #[test]
    fn the_process_reads_itself() {
        let figures = super::process::read();
        assert!(figures.resident_bytes.is_some_and(|b| b > 1 << 20), "at least a megabyte resident");
        assert!(figures.open_fds.is_some_and(|n| n >= 3));
        assert!(figures.max_fds.is_some_and(|n| n >= 64));
        assert!(figures.cpu_seconds.is_some_and(|s| s >= 0.0));
    }
}
