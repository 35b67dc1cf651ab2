//! Keeping a conference in step with the programme its organisers keep in pretalx or frab
//! (`sanad serve --programme-source URL --sync-every 5m`): fetch the export with the last ETag,
//! import it through the same path as `sanad import`, and tell this server's listeners (and,
//! through them, the other instances) what changed.
//!
//! One instance syncs: on PostgreSQL the one holding a session advisory lock on its own
//! connection (when it dies, the lock goes with it and another instance takes over at its next
//! tick); on SQLite there is only one server per file. A sync that fails (the source answers
//! 500, a web page, nothing in time, or a file that does not import) writes nothing and leaves
//! the last good programme served; the failure is logged with the source's host and retried at
//! the next tick.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use sanad_schema::service::clock::Clock;
use sanad_schema::service::live::Live;
use sea_orm::DatabaseConnection;
use sqlx::Connection;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

use super::fetch::{FetchError, FetchPolicy, Fetched, SourceClient};
use super::import::{self, ImportError};
use crate::db::DatabaseTarget;

/// Where the programme comes from, and how often to look.
#[derive(Clone)]
pub struct SourceConfig {
    /// The export's address. Its user part, query or even path may hold an access token
    /// (`?token=…`), so `Debug` shows only its origin, as logs and errors name only its host.
    pub url: Url,
    pub every: Duration,
    /// Conference, format, time zone and removals, as for `sanad import`.
    pub import: import::Options,
    pub fetch: FetchPolicy,
}

impl std::fmt::Debug for SourceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Self { url, every, import, fetch } = self;
        f.debug_struct("SourceConfig")
            .field("url", &format_args!("{}", origin_only(url)))
            .field("every", every)
            .field("import", import)
            .field("fetch", fetch)
            .finish()
    }
}

/// `https://pretalx.example/…`: the scheme, host and port of `url`, never its user part,
/// path, query or fragment.
fn origin_only(url: &Url) -> String {
    let origin = url.origin();
    if origin.is_tuple() { format!("{}/…", origin.ascii_serialization()) } else { format!("{}:…", url.scheme()) }
}

/// What one sync did.
#[derive(Debug, PartialEq, Eq)]
pub enum Synced {
    /// Another instance syncs.
    NotLeader,
    /// The source answered 304 to our ETag.
    NotModified,
    /// The source was read; `changes` sentences were applied (none: nothing written).
    Imported { conference: String, changes: Vec<String>, version: i64 },
}

/// Why a sync wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Fetch(#[from] FetchError),
    #[error("{host}: not a format Sanad reads (frab XML, pretalx or c3voc JSON)")]
    Format { host: String },
    #[error("{host}: nothing was imported: {error}")]
    Import { host: String, error: ImportError },
    #[error("cannot reach the database to decide which instance syncs: {0}")]
    Leader(String),
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

/// Who may sync.
enum Leadership {
    /// SQLite: the only server on its file.
    Alone,
    /// PostgreSQL: the lock's connection while held.
    Postgres { url: String, key: i64, held: Option<sqlx::PgConnection> },
}

struct State {
    etag: Option<String>,
    leadership: Leadership,
}

/// Syncs one source into its conference.
pub struct Syncer {
    config: SourceConfig,
    client: SourceClient,
    db: DatabaseConnection,
    live: Live,
    clock: Clock,
    /// One sync at a time, and what it remembers between runs.
    state: Mutex<State>,
}

impl std::fmt::Debug for Syncer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Syncer").field("host", &self.config.url.host_str()).finish_non_exhaustive()
    }
}

/// The advisory lock key for a source: the same on every instance that names it.
fn lock_key(url: &Url) -> i64 {
    // FNV-1a, fixed here so that every build of sanad agrees (std's hasher may change).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in b"sanad programme source ".iter().chain(url.as_str().as_bytes()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    i64::from_ne_bytes(hash.to_ne_bytes())
}

impl Syncer {
    pub fn new(
        config: SourceConfig,
        database: &DatabaseTarget,
        db: DatabaseConnection,
        live: Live,
        clock: Clock,
    ) -> Result<Self, SyncError> {
        let client = SourceClient::new(config.fetch).map_err(|e| SyncError::Client(e.to_string()))?;
        let leadership = match database {
            DatabaseTarget::Sqlite(_) => Leadership::Alone,
            DatabaseTarget::Postgres(url) => {
                Leadership::Postgres { url: url.clone(), key: lock_key(&config.url), held: None }
            }
        };
        Ok(Self { config, client, db, live, clock, state: Mutex::new(State { etag: None, leadership }) })
    }

    /// Fetches the source once and imports it if it changed (what the timer runs; tests call
    /// it directly instead of waiting).
    pub async fn sync_once(&self) -> Result<Synced, SyncError> {
        let mut state = self.state.lock().await;
        if !lead(&mut state.leadership).await? {
            return Ok(Synced::NotLeader);
        }
        let host = self.config.url.host_str().unwrap_or("the source").to_owned();
        let (bytes, etag) = match self.client.fetch(&self.config.url, state.etag.as_deref()).await? {
            Fetched::NotModified => return Ok(Synced::NotModified),
            Fetched::Body { bytes, etag } => (bytes, etag),
        };
        let mut options = self.config.import.clone();
        if options.format.is_none() {
            options.format = Some(super::read::detect(&bytes).ok_or_else(|| SyncError::Format { host: host.clone() })?);
        }
        let report = import::import_source(&self.db, &bytes, &options, self.clock.now())
            .await
            .map_err(|error| SyncError::Import { host, error })?;
        // Remembered only once imported: a source that failed is fetched whole again.
        state.etag = etag;
        for change in report.outcome.published {
            self.live.publish(change);
        }
        Ok(Synced::Imported {
            conference: report.conference,
            changes: report.outcome.changes,
            version: report.outcome.version,
        })
    }

    /// Syncs every `every`, logging each outcome, until the task is aborted.
    pub fn spawn(self: Arc<Self>) -> JoinHandle<()> {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(self.config.every);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // The first tick is now, and `start` has just synced.
            every.tick().await;
            loop {
                every.tick().await;
                log(&self.sync_once().await, &self.config.url);
            }
        })
    }
}

/// Logs what a sync did, naming the source by its host only (its query may hold a token).
pub fn log(outcome: &Result<Synced, SyncError>, url: &Url) {
    let host = url.host_str().unwrap_or("");
    match outcome {
        Ok(Synced::NotLeader) => tracing::debug!(host, "programme source: another instance syncs"),
        Ok(Synced::NotModified) => tracing::debug!(host, "programme source: not modified"),
        Ok(Synced::Imported { conference, changes, version }) if changes.is_empty() => {
            tracing::debug!(host, conference, version, "programme source: unchanged")
        }
        Ok(Synced::Imported { conference, changes, version }) => {
            tracing::info!(host, conference, version, changes = changes.len(), "programme source: changes imported")
        }
        Err(error) => tracing::warn!(host, error = %error, "programme source: sync failed; the last programme stays"),
    }
}

/// Whether this instance leads, taking the lock if it is free.
async fn lead(leadership: &mut Leadership) -> Result<bool, SyncError> {
    let Leadership::Postgres { url, key, held } = leadership else { return Ok(true) };
    if let Some(connection) = held {
        if connection.ping().await.is_ok() {
            return Ok(true);
        }
        // The connection died, and the lock with it: try again from the start.
        *held = None;
    }
    let mut connection = sqlx::PgConnection::connect(url).await.map_err(|e| SyncError::Leader(e.to_string()))?;
    let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(*key)
        .fetch_one(&mut connection)
        .await
        .map_err(|e| SyncError::Leader(e.to_string()))?;
    if locked {
        *held = Some(connection);
    }
    Ok(locked)
}

/// Reads `--sync-every`: seconds, or a number with `s`, `m` or `h`; at least 10 seconds, so
/// that a typo does not hammer the organisers' server.
pub fn parse_every(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let number: u64 = number.parse().map_err(|_| format!("'{text}' is not a duration such as 30s, 5m or 1h"))?;
    let seconds = match unit.trim() {
        "s" => Some(number),
        "m" => number.checked_mul(60),
        "h" => number.checked_mul(3600),
        _ => None,
    }
    .ok_or_else(|| format!("'{text}' is not a duration such as 30s, 5m or 1h"))?;
    if seconds < 10 {
        return Err(format!("'{text}' is too often: at least 10s"));
    }
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_source_host_but_no_token() {
        let config = SourceConfig {
            url: Url::parse("https://reader:pw4321@pretalx.example:8443/x/schedule.json?token=abc123#frag").unwrap(),
            every: Duration::from_secs(300),
            import: import::Options { conference: Some("x".to_owned()), ..import::Options::default() },
            fetch: FetchPolicy::default(),
        };
        let printed = format!("{config:?} {config:#?}");
        for secret in ["abc123", "token", "pw4321", "reader", "schedule.json", "frag"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert!(printed.contains("url: https://pretalx.example:8443/…"), "{printed}");
        assert!(printed.contains("every: 300s") && printed.contains(r#"conference: Some("x")"#), "{printed}");
    }

    #[test]
    fn sync_intervals() {
        assert_eq!(parse_every("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_every("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_every("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_every("1h"), Ok(Duration::from_secs(3600)));
        assert!(parse_every("5").unwrap_err().contains("at least 10s"));
        assert!(parse_every("5 minutes").is_err());
        assert!(parse_every("").is_err());
        assert!(parse_every("m").is_err());
        assert!(parse_every("99999999999999999h").is_err());
    }

    #[test]
    fn lock_keys_are_stable_and_per_source() {
        let a = Url::parse("https://pretalx.example/democon/schedule/export/schedule.json").unwrap();
        let b = Url::parse("https://pretalx.example/other/schedule/export/schedule.json").unwrap();
        assert_eq!(lock_key(&a), lock_key(&a.clone()));
        assert_ne!(lock_key(&a), lock_key(&b));
    }
}
