//! Starting and stopping the server.

use std::net::SocketAddr;
use std::sync::Arc;

use sanad_schema::entities::conference;
use sanad_schema::graphql::loaders::ProgrammeSnapshots;
use sanad_schema::graphql::trusted::TrustedOperations;
use sanad_schema::graphql::{Limits, build_schema, sdl};
use sanad_schema::service::accommodation::sealing::Sealer;
use sanad_schema::service::accounts::AccountPolicy;
use sanad_schema::service::clock::Clock;
use sanad_schema::service::live::Live;
use sanad_schema::service::rate_limit::{MutationLimits, SignInLimits};
use sanad_schema::service::secrets::Secret;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use crate::db::{self, DatabaseTarget, DbError, StatementCounter};
use crate::demo;
use crate::http::admission::{Admission, AdmissionLimits};
use crate::http::cache::ResponseCache;
use crate::http::listener::{self, ConnectionLimits};
use crate::http::metrics::Scraped;
use crate::http::telemetry::Telemetry;
use crate::http::{AppState, CorsPolicy, Metrics, Shared, router};
use crate::push::sender::Sender;
use crate::push::vapid::Vapid;
use crate::push::worker::{self, Worker};
use crate::push::{PushConfig, PushMetrics};
use crate::relay;
use crate::schedule::sync::{self, SourceConfig, Syncer};
use sanad_schema::graphql::types::push::PushSettings;

/// Everything `sanad serve` needs. Its `Debug` is safe to log: the keys are [`Secret`]s and the
/// database and programme source print without their passwords and tokens.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    pub database: DatabaseTarget,
    pub demo: bool,
    pub clock: Clock,
    pub cors: CorsPolicy,
    /// Bytes the public response cache may hold; 0 turns it off.
    pub cache_bytes: u64,
    pub introspection: bool,
    /// How long tokens and invitation codes last.
    pub accounts: AccountPolicy,
    pub sign_in_limits: SignInLimits,
    /// Take the client's address from `X-Forwarded-For` (only behind a reverse proxy).
    pub trust_forwarded_for: bool,
    /// The key that seals accommodation details (see `data_key`): with a database copy it opens
    /// every request's details, so it prints as `Secret([REDACTED])`.
    pub data_key: Secret<[u8; 32]>,
    pub push: PushConfig,
    /// How long a WebSocket may wait before `connection_init`.
    pub ws_init_timeout: std::time::Duration,
    pub protection: Protection,
    /// The public base URL, as clients reach the server (links in exported documents).
    pub public_url: Option<String>,
    /// A programme kept in pretalx or frab, fetched at start and then every so often.
    pub programme_source: Option<SourceConfig>,
    /// When set, the only operations clients may send (`--trusted-operations`).
    pub trusted_operations: Option<TrustedOperations>,
}

/// Defences against slow, greedy or hostile clients (DESIGN §8).
#[derive(Clone, Copy, Debug)]
pub struct Protection {
    pub connections: ConnectionLimits,
    /// Longest time for one whole request, its body included (then 408).
    pub request_timeout: std::time::Duration,
    pub mutations: MutationLimits,
    /// Operations running and waiting at once; past that, 503 and `UNAVAILABLE`.
    pub admission: AdmissionLimits,
}

impl Default for Protection {
    fn default() -> Self {
        Self {
            connections: ConnectionLimits::default(),
            request_timeout: std::time::Duration::from_secs(30),
            mutations: MutationLimits::default(),
            admission: AdmissionLimits::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("cannot load the demo conference: {0}")]
    Demo(String),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("push: {0}")]
    Push(String),
    #[error("programme source: {0}")]
    Source(String),
}

/// A server running in the background.
pub struct RunningServer {
    pub addr: SocketAddr,
    pub state: AppState,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    push_stop: watch::Sender<bool>,
    push_worker: JoinHandle<()>,
    /// The LISTEN/NOTIFY tasks (PostgreSQL), or the tasks watching the file (SQLite).
    relay: Option<(JoinHandle<()>, JoinHandle<()>)>,
    /// The programme source's syncer, when one is configured (tests run it with `sync_once`).
    pub sync: Option<Arc<Syncer>>,
    sync_task: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// Stops accepting, lets in-flight requests finish and closes WebSockets with 1001 (Going
    /// Away; see `http::listener::Draining`), both up to the drain deadline, and waits.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(sync) = self.sync_task.take() {
            sync.abort();
        }
        let served = self.task.await.unwrap_or_else(|e| Err(std::io::Error::other(e)));
        // The worker finishes its batch and records it: nothing claimed is left half-done
        // (and what is, its lease returns to the outbox).
        let _ = self.push_stop.send(true);
        let _ = self.push_worker.await;
        if let Some((outgoing, incoming)) = self.relay.take() {
            outgoing.abort();
            incoming.abort();
        }
        served
    }

    /// Waits until the server stops by itself (it does not, unless it fails).
    pub async fn wait(self) -> std::io::Result<()> {
        let RunningServer { task, stop, push_stop, push_worker, relay, sync_task, .. } = self;
        let result = task.await.unwrap_or_else(|e| Err(std::io::Error::other(e)));
        drop(stop);
        let _ = push_stop.send(true);
        let _ = push_worker.await;
        if let Some(sync) = sync_task {
            sync.abort();
        }
        if let Some((outgoing, incoming)) = relay {
            outgoing.abort();
            incoming.abort();
        }
        result
    }
}

/// The operators' list with the web pages' own operations added: the desk and the delegates'
/// app run in-process through the same gate, and must not stop when the list is on.
fn trusted(list: TrustedOperations) -> Arc<TrustedOperations> {
    let own = crate::app::api::ALL.iter().chain(crate::desk::api::ALL.iter()).map(|operation| operation.document);
    Arc::new(list.with_documents(own))
}

/// Opens the database (loading the demo if asked), binds, and serves in the background.
pub async fn start(config: ServeConfig) -> Result<RunningServer, StartError> {
    let statements = Arc::new(StatementCounter::default());
    let db = db::open(&config.database, statements.clone()).await?;
    if config.demo {
        match demo::load_if_absent(&db).await {
            Ok(Some(imported)) => tracing::info!(sessions = imported.sessions, "loaded the demo conference"),
            Ok(None) => tracing::info!("the demo conference is already loaded"),
            Err(e) => return Err(StartError::Demo(e.to_string())),
        }
    }
    let version = programme_version(&db).await.map_err(|e| {
        StartError::Database(DbError::Open { target: config.database.describe(), message: e.to_string() })
    })?;
    let live = Live::new(version);
    let vapid = Vapid::new(config.push.vapid_private_key.expose(), &config.push.contact)
        .map_err(|e| StartError::Push(e.to_string()))?;
    let push_settings = PushSettings { public_key: vapid.public_key().to_owned(), policy: config.push.policy.clone() };
    let sender = Arc::new(Sender::new(&config.push, vapid).map_err(|e| StartError::Push(e.to_string()))?);
    // The push worker and `/metrics` use their own pool: polling the outbox neither waits for
    // nor counts as request work.
    let push_statements = Arc::new(StatementCounter::default());
    let push_db = db::open(&config.database, push_statements.clone()).await?;
    let limits = Limits {
        introspection: config.introspection,
        sign_in: config.sign_in_limits,
        mutations: config.protection.mutations,
        trusted: config.trusted_operations.clone().map(trusted),
        ..Limits::default()
    };
    let (metrics, admission) = (Arc::new(Metrics::default()), Arc::new(Admission::new(config.protection.admission)));
    let push_metrics = Arc::new(PushMetrics::default());
    let scraped_live = live.clone();
    let state = AppState::new(Shared {
        schema: build_schema(
            db.clone(),
            config.clock.clone(),
            &limits,
            config.accounts,
            live.clone(),
            Arc::new(Sealer::new(config.data_key.expose())),
            push_settings,
        ),
        programme: Arc::new(ProgrammeSnapshots::new(db.clone())),
        db,
        clock: config.clock.clone(),
        sdl: sdl().into(),
        cache: ResponseCache::new(config.cache_bytes),
        live,
        metrics: metrics.clone(),
        admission: admission.clone(),
        telemetry: Arc::new(Telemetry::new(Scraped {
            statements: statements.clone(),
            push_statements: push_statements.clone(),
            metrics,
            push: push_metrics.clone(),
            live: scraped_live,
            admission,
            outbox: Default::default(),
            started: crate::http::metrics::unix_now(),
        })),
        push: push_metrics,
        push_statements,
        push_db,
        ws_init_timeout: config.ws_init_timeout,
        cors: config.cors.clone(),
        trust_forwarded_for: config.trust_forwarded_for,
        statements,
        public_url: config.public_url.as_deref().map(Arc::from),
        persisted: Default::default(),
    });
    let listener =
        TcpListener::bind(config.listen).await.map_err(|source| StartError::Listen { addr: config.listen, source })?;
    let addr = listener.local_addr().map_err(|source| StartError::Listen { addr: config.listen, source })?;
    let (push_stop, push_stopped) = watch::channel(false);
    let worker = Worker {
        db: state.push_db.clone(),
        live: state.live.clone(),
        clock: config.clock.clone(),
        config: config.push.clone(),
        sender,
        metrics: state.push.clone(),
    };
    let push_worker = worker::spawn(worker, push_stopped);
    let failures = state.metrics.relay_failures.clone();
    let relay = match &config.database {
        DatabaseTarget::Postgres(url) => {
            relay::start(url.clone(), state.push_db.clone(), state.live.clone(), failures).await
        }
        // Another process (`sanad import`) may commit to the same file.
        DatabaseTarget::Sqlite(_) => relay::watch(state.push_db.clone(), state.live.clone(), failures).await,
    }
    .map_err(|e| StartError::Database(DbError::Open { target: config.database.describe(), message: e.to_string() }))?;
    let relay = Some(relay);
    let (sync, sync_task) = match config.programme_source.clone() {
        Some(source) => {
            let syncer = start_sync(source, &config.database, &state).await?;
            let task = syncer.clone().spawn();
            (Some(syncer), Some(task))
        }
        None => (None, None),
    };
    let app = router(state.clone(), &config.cors, config.protection.request_timeout);
    let (stop, stopped) = oneshot::channel::<()>();
    let connections = config.protection.connections;
    let task = tokio::spawn(listener::serve(listener, app, connections, async move {
        let _ = stopped.await;
    }));
    Ok(RunningServer { addr, state, stop: Some(stop), task, push_stop, push_worker, relay, sync, sync_task })
}

/// Syncs the programme source once before serving: a server started on an empty database
/// with a source serves its programme from the first request. When that sync fails, the server
/// starts anyway if it has a programme to serve (the last good one), and refuses to otherwise.
async fn start_sync(
    source: SourceConfig,
    database: &DatabaseTarget,
    state: &AppState,
) -> Result<Arc<Syncer>, StartError> {
    let url = source.url.clone();
    let syncer = Syncer::new(source, database, state.db.clone(), state.live.clone(), state.clock.clone())
        .map_err(|e| StartError::Source(e.to_string()))?;
    let first = syncer.sync_once().await;
    sync::log(&first, &url);
    if let Err(error) = first {
        let conferences = conference::Entity::find()
            .count(&state.db)
            .await
            .map_err(|e| StartError::Database(DbError::Open { target: database.describe(), message: e.to_string() }))?;
        if conferences == 0 {
            return Err(StartError::Source(error.to_string()));
        }
    }
    Ok(Arc::new(syncer))
}

/// The sum of all conferences' programme versions: it grows whenever any of them changes.
async fn programme_version(db: &DatabaseConnection) -> Result<i64, sea_orm::DbErr> {
    Ok(conference::Entity::find().all(db).await?.iter().map(|c| c.programme_version).sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::fetch::FetchPolicy;
    use crate::schedule::import;

    /// A configuration as `sanad serve` builds one, with every secret known.
    fn config_with_secrets() -> ServeConfig {
        ServeConfig {
            listen: "127.0.0.1:8080".parse().unwrap(),
            database: DatabaseTarget::Postgres("postgres://sanad:hunter2@db/sanad".to_owned()),
            demo: false,
            clock: Clock::System,
            cors: CorsPolicy::Any,
            cache_bytes: 64 << 20,
            introspection: true,
            accounts: AccountPolicy::default(),
            sign_in_limits: SignInLimits::default(),
            trust_forwarded_for: false,
            data_key: Secret::new([0xAB; 32]),
            push: PushConfig::new("vApIdPrIvAtEkEy_secret".to_owned(), "mailto:desk@example.org".to_owned()),
            ws_init_timeout: std::time::Duration::from_secs(10),
            protection: Protection::default(),
            public_url: Some("https://sanad.example".to_owned()),
            programme_source: Some(SourceConfig {
                url: reqwest::Url::parse("https://pretalx.example/x/schedule.json?token=abc123").unwrap(),
                every: std::time::Duration::from_secs(300),
                import: import::Options::default(),
                fetch: FetchPolicy::default(),
            }),
            trusted_operations: None,
        }
    }

    #[test]
    fn debug_of_the_whole_config_holds_no_secret() {
        let config = config_with_secrets();
        for printed in [format!("{config:?}"), format!("{config:#?}")] {
            for secret in ["hunter2", "vApIdPrIvAtEkEy_secret", "abc123", "token="] {
                assert!(!printed.contains(secret), "{secret} in {printed}");
            }
            // The data key as `[171, 171, …]`, hex or base64 (0xAB repeated is `q6ur…`).
            let lower = printed.to_ascii_lowercase();
            assert!(!printed.contains("171") && !lower.contains("abab") && !printed.contains("q6ur"), "{printed}");
            // Still useful: where it listens, which database and which source, that keys are set.
            for useful in ["127.0.0.1:8080", "postgres://sanad:***@db/sanad", "https://pretalx.example/", "Secret("] {
                assert!(printed.contains(useful), "{useful} not in {printed}");
            }
        }
    }
}
