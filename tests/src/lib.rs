//! Test support: start the real server on port 0 over a fresh database (a temporary SQLite
//! file, or a fresh PostgreSQL database when `TEST_DATABASE_URL` is set), and talk HTTP to it.
//! Also the synthetic programmes the tests and benchmarks share.

// Test support may panic: a failed setup is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod browser;
pub mod process;
pub mod push_service;
pub mod seed;
pub mod synthetic;
pub mod ws;

use std::net::SocketAddr;

use sanad_api::db::DatabaseTarget;
use sanad_api::http::CorsPolicy;
use sanad_api::push::PushConfig;
use sanad_api::server::{Protection, RunningServer, ServeConfig, start};
use sanad_schema::entities::enums::Role;
use sanad_schema::service::accounts::{AccountPolicy, NewPerson, create_person};
use sanad_schema::service::clock::Clock;
use sanad_schema::service::rate_limit::{MutationLimits, SignInLimits};
use sea_orm::{ConnectionTrait, Database, EntityTrait, QueryOrder};
use serde_json::{Value, json};

/// The instant the tests' clock stands at: the opening plenary of the demo is under way.
pub const DEMO_NOW: &str = "2019-09-10T09:30:00+03:00";

/// How to start a test server.
#[derive(Clone, Debug)]
pub struct TestOptions {
    pub demo: bool,
    pub clock: String,
    pub cache_bytes: u64,
    pub introspection: bool,
    /// A programme document imported before the server starts.
    pub programme: Option<String>,
    pub accounts: AccountPolicy,
    pub sign_in_limits: SignInLimits,
    pub trust_forwarded_for: bool,
    /// The data key (a fresh one per test; a restart keeps it).
    pub data_key: [u8; 32],
    /// A clock the test moves itself; when set, `clock` is ignored.
    pub manual_clock: Option<Clock>,
    /// The VAPID private key (a fresh one per test; a restart keeps it).
    pub vapid_key: String,
    /// How long the server waits for a push service.
    pub push_timeout: std::time::Duration,
    /// How often the server looks for due reminders.
    pub reminder_scan: std::time::Duration,
    /// How long a WebSocket may wait before `connection_init`.
    pub ws_init_timeout: std::time::Duration,
    /// Browser origins allowed; any when empty.
    pub cors_origins: Vec<String>,
    /// Timeouts, header limits and mutation rate limits. Tests script many mutations per
    /// token in a moment, so by default the mutation limits are far above a person's pace;
    /// the rate-limit tests set tight ones.
    pub protection: Protection,
    /// A programme source the server keeps in step with (tests sync with `sync_once`).
    pub programme_source: Option<sanad_api::schedule::sync::SourceConfig>,
    /// The public base URL (`--public-url`): https makes the web clients' cookies `Secure`.
    pub public_url: Option<String>,
    /// The only operations clients may send (`--trusted-operations`).
    pub trusted_operations: Option<sanad_schema::graphql::trusted::TrustedOperations>,
}

impl Default for TestOptions {
    fn default() -> Self {
        Self {
            demo: true,
            clock: DEMO_NOW.to_owned(),
            cache_bytes: 16 << 20,
            introspection: true,
            programme: None,
            accounts: AccountPolicy::default(),
            sign_in_limits: SignInLimits::default(),
            trust_forwarded_for: false,
            data_key: sanad_schema::service::accommodation::sealing::Sealer::generate_key(),
            manual_clock: None,
            vapid_key: sanad_api::push::vapid::generate(),
            push_timeout: std::time::Duration::from_secs(2),
            reminder_scan: std::time::Duration::from_millis(200),
            ws_init_timeout: std::time::Duration::from_secs(10),
            cors_origins: Vec::new(),
            protection: Protection {
                mutations: MutationLimits {
                    token_burst: 100_000,
                    address_burst: 1_000_000,
                    ..MutationLimits::default()
                },
                ..Protection::default()
            },
            programme_source: None,
            public_url: None,
            trusted_operations: None,
        }
    }
}

/// A database made for one test and removed after it.
pub enum TestDatabase {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// SQLite in a temporary directory, or a new PostgreSQL database `sanad_test_<uuid>` on the
    /// server of `TEST_DATABASE_URL`.
    pub async fn create() -> (Self, DatabaseTarget) {
        match std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
            None => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let target = DatabaseTarget::Sqlite(dir.path().join("sanad.db"));
                (Self::Sqlite(dir), target)
            }
            Some(admin_url) => {
                let name = format!("sanad_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url).await.expect("TEST_DATABASE_URL reachable");
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
                admin.close().await.ok();
                let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin_url);
                let target = DatabaseTarget::Postgres(format!("{base}/{name}"));
                (Self::Postgres { admin_url, name }, target)
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres { .. })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Self::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop may run inside the test's runtime: use a thread with its own.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                runtime.block_on(async {
                    let admin = Database::connect(&admin_url).await.ok()?;
                    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok()?;
                    admin.close().await.ok()
                })
            })
            .join();
        }
    }
}

/// A plain HTTP response (feeds, exports): status, headers, body.
pub struct Fetched {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Fetched {
    /// A header's value; panics when it is missing.
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("no {name} header"))
    }
}

/// A running server and a client for it.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub server: RunningServer,
    pub database: TestDatabase,
    pub target: DatabaseTarget,
    /// The server's data key, kept across restarts.
    pub data_key: [u8; 32],
    pub vapid_key: String,
}

/// Starts the demo server with the default options.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(TestOptions::default()).await
}

pub async fn spawn_app_with(options: TestOptions) -> TestApp {
    try_spawn_app_with(options).await.expect("server starts")
}

/// The same, or why the server refused to start.
pub async fn try_spawn_app_with(options: TestOptions) -> Result<TestApp, sanad_api::server::StartError> {
    let (database, target) = TestDatabase::create().await;
    if let Some(json) = &options.programme {
        let db = sanad_api::db::open(&target, Default::default()).await.expect("database opens");
        let doc = sanad_schema::service::programme_import::parse(json).expect("programme parses");
        sanad_schema::service::programme_import::import(&db, &doc).await.expect("programme imports");
        db.close().await.expect("database closes");
    }
    try_start_on(database, target, options).await
}

/// Starts a server on an existing test database: one a test filled itself, such as the file
/// `sanad restore` wrote from a backup (so a second server serves what the first backed up).
pub async fn start_on(database: TestDatabase, target: DatabaseTarget, options: TestOptions) -> TestApp {
    try_start_on(database, target, options).await.expect("server starts")
}

async fn try_start_on(
    database: TestDatabase,
    target: DatabaseTarget,
    options: TestOptions,
) -> Result<TestApp, sanad_api::server::StartError> {
    let config = ServeConfig {
        listen: "127.0.0.1:0".parse().expect("loopback address"),
        database: target.clone(),
        demo: options.demo,
        clock: options.manual_clock.clone().unwrap_or_else(|| Clock::parse(&options.clock).expect("test clock")),
        cors: if options.cors_origins.is_empty() {
            CorsPolicy::Any
        } else {
            CorsPolicy::Only(options.cors_origins.clone())
        },
        cache_bytes: options.cache_bytes,
        introspection: options.introspection,
        accounts: options.accounts,
        sign_in_limits: options.sign_in_limits,
        trust_forwarded_for: options.trust_forwarded_for,
        data_key: sanad_schema::service::secrets::Secret::new(options.data_key),
        push: {
            let mut push = PushConfig::new(options.vapid_key.clone(), "mailto:tests@sanad.invalid".to_owned());
            push.policy.allow_loopback = true;
            push.timeout = options.push_timeout;
            push.reminder_scan = options.reminder_scan;
            push.poll = std::time::Duration::from_millis(500);
            push.first_backoff = std::time::Duration::from_millis(200);
            push
        },
        ws_init_timeout: options.ws_init_timeout,
        protection: options.protection,
        public_url: options.public_url.clone(),
        programme_source: options.programme_source.clone(),
        trusted_operations: options.trusted_operations.clone(),
    };
    let server = start(config).await?;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    Ok(TestApp {
        addr: server.addr,
        client,
        server,
        database,
        target,
        data_key: options.data_key,
        vapid_key: options.vapid_key,
    })
}

impl TestApp {
    /// `GET path` with these headers.
    pub async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Fetched {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("request sent");
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        Fetched { status, headers, body: response.text().await.expect("a body") }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops this server and starts another on the same database (a restart, a later clock).
    pub async fn restart(self, options: TestOptions) -> TestApp {
        let TestApp { server, database, target, data_key, vapid_key, .. } = self;
        server.shutdown().await.expect("server stops");
        start_on(database, target, TestOptions { demo: false, programme: None, data_key, vapid_key, ..options }).await
    }

    /// Creates a person in the first conference and returns their invitation code.
    pub async fn invite(&self, role: Role, name: &str) -> String {
        self.invite_to(None, role, name).await
    }

    /// Creates a person in the conference with this slug (the first when `None`).
    pub async fn invite_to(&self, slug: Option<&str>, role: Role, name: &str) -> String {
        use sanad_schema::entities::conference;
        use sea_orm::{ColumnTrait, QueryFilter};
        let db = &self.server.state.db;
        let query = conference::Entity::find().order_by_asc(conference::Column::Id);
        let query = match slug {
            Some(slug) => query.filter(conference::Column::Slug.eq(slug)),
            None => query,
        };
        let conference = query.one(db).await.expect("conferences readable").expect("the conference is loaded");
        let new = NewPerson {
            role,
            name: name.to_owned(),
            organisation: Some("Test Organisation".to_owned()),
            delegation: None,
            languages: vec!["en".to_owned()],
        };
        let now = self.server.state.clock.now();
        create_person(db, conference.id, new, now, &AccountPolicy::default()).await.expect("person created").code
    }

    /// Signs in with a code and returns the bearer token.
    pub async fn sign_in(&self, code: &str) -> String {
        let response =
            self.graphql("mutation($code: String!) { signIn(code: $code) { token } }", json!({ "code": code })).await;
        data(&response)["signIn"]["token"].as_str().expect("a token").to_owned()
    }

    /// The ids of the programme's sessions, by slug.
    pub async fn session_ids(&self) -> std::collections::HashMap<String, Value> {
        let response =
            self.graphql("{ conference { sessions(first: 2000) { edges { node { id slug } } } } }", json!({})).await;
        data(&response)["conference"]["sessions"]["edges"]
            .as_array()
            .expect("sessions")
            .iter()
            .map(|e| (e["node"]["slug"].as_str().expect("slug").to_owned(), e["node"]["id"].clone()))
            .collect()
    }

    /// Invites a person and signs them in; returns their token.
    pub async fn signed_in(&self, role: Role, name: &str) -> String {
        let code = self.invite(role, name).await;
        self.sign_in(&code).await
    }

    /// POSTs a GraphQL operation with a bearer token.
    pub async fn graphql_with_token(&self, query: &str, variables: Value, token: &str) -> Value {
        self.graphql_with_token_as(query, variables, token, None).await
    }

    /// The same, with an `Accept-Language` header.
    pub async fn graphql_with_token_as(
        &self,
        query: &str,
        variables: Value,
        token: &str,
        accept_language: Option<&str>,
    ) -> Value {
        let mut request = self
            .client
            .post(self.url("/graphql"))
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(lang) = accept_language {
            request = request.header("accept-language", lang);
        }
        request.send().await.expect("request sent").json().await.expect("JSON response")
    }

    /// The database URL the CLI takes for this app's database.
    pub fn database_url(&self) -> String {
        match &self.target {
            DatabaseTarget::Sqlite(path) => format!("sqlite:{}", path.display()),
            DatabaseTarget::Postgres(url) => url.clone(),
        }
    }

    /// POSTs a GraphQL operation and returns the JSON response (whatever the status).
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.graphql_as(query, variables, None).await
    }

    /// The same, with an `Accept-Language` header.
    pub async fn graphql_as(&self, query: &str, variables: Value, accept_language: Option<&str>) -> Value {
        let mut request =
            self.client.post(self.url("/graphql")).json(&json!({ "query": query, "variables": variables }));
        if let Some(lang) = accept_language {
            request = request.header("accept-language", lang);
        }
        let response = request.send().await.expect("request sent");
        response.json().await.expect("JSON response")
    }

    /// Waits until at least `count` subscriptions listen for changes (as `/metrics` reports),
    /// so a change made next is sure to reach them.
    pub async fn wait_for_subscriptions(&self, count: u64) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.metric("sanad_live_subscriptions").await < count {
            assert!(std::time::Instant::now() < deadline, "{count} subscriptions never started");
            tokio::task::yield_now().await;
        }
    }

    /// Panics unless the server still answers its health check and a real query after `what`.
    pub async fn assert_healthy(&self, what: &str) {
        let health = self.client.get(self.url("/healthz")).send().await.expect("the server answers");
        assert_eq!(health.status(), 200, "after {what}");
        let response = self.graphql("{ conference { slug } }", serde_json::json!({})).await;
        assert_eq!(data(&response)["conference"]["slug"], "amman-2019", "after {what}");
    }

    /// The value of a Prometheus counter on `/metrics`.
    pub async fn metric(&self, name: &str) -> u64 {
        let body = self.client.get(self.url("/metrics")).send().await.expect("metrics").text().await.expect("text");
        body.lines()
            .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("no metric {name} in {body}"))
    }
}

/// The `extensions.code` of the first error of a response.
pub fn error_code(response: &Value) -> &str {
    response["errors"][0]["extensions"]["code"].as_str().unwrap_or_else(|| panic!("no error code in {response}"))
}

/// The `extensions.field` of the first error of a response.
pub fn error_field(response: &Value) -> &str {
    response["errors"][0]["extensions"]["field"].as_str().unwrap_or_else(|| panic!("no error field in {response}"))
}

/// Panics with the response when it holds errors; returns `data`.
pub fn data(response: &Value) -> &Value {
    assert!(response.get("errors").is_none(), "unexpected errors: {response}");
    &response["data"]
}

/// The query a phone runs to take the whole programme offline.
pub const FULL_PROGRAMME: &str = r#"
query FullProgramme($first: Int) {
  conference {
    slug programmeVersion timeZone
    name { value lang dir isFallback }
    sessions(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id slug kind status
        title { value lang dir isFallback }
        summary { value lang dir isFallback }
        plainSummary { value lang dir isFallback }
        contentNote { value lang dir isFallback }
        time { start end timeZone durationMinutes spoken { value lang dir isFallback } }
        room { id name { value lang dir isFallback } floor floorName { value lang dir isFallback } stepFree hearingLoop stageAccess wheelchairSpaces }
        track { id name { value lang dir isFallback } }
        languages {
          floor { tag name { value lang dir isFallback } }
          interpretation { channel language { tag name { value lang dir isFallback } } }
          sign { tag name { value lang dir isFallback } }
        }
        captions { available streamUrl }
        speakers { role speaker { id name { value lang dir isFallback } transliteration
          pronunciation { ipa hint { value lang dir isFallback } }
          honorific { value lang dir isFallback } affiliation { value lang dir isFallback }
          photo { url decorative alt { value lang dir isFallback } } } }
        documents { id title { value lang dir isFallback } variants { format lang dir url sizeBytes } }
        changes { kind description { value lang dir isFallback } }
      } }
    }
  }
}"#;
