//! Real `sanad serve` processes, for tests that need a process boundary: several instances on
//! one database (scale-out), a process killed with SIGKILL or stopped with SIGTERM mid-work and
//! started again on the same database (faults).
//!
//! The binary is the test package's `sanad-instance`, whose path only integration tests know
//! (`env!("CARGO_BIN_EXE_sanad-instance")`), so callers pass it in.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine;
use sanad_api::db::DatabaseTarget;
use sanad_schema::entities::conference;
use sanad_schema::entities::enums::Role;
use sanad_schema::service::accounts::{AccountPolicy, NewPerson, create_person};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use serde_json::{Value, json};

use crate::TestDatabase;

/// How often exit is looked for: short next to any deadline, long enough not to steal the CPU
/// the process under test needs.
const EXIT_POLL: Duration = Duration::from_millis(20);

/// The settings every instance of one deployment shares: the database, the data directory and
/// the keys. Starting an instance again after a crash is starting another of these.
pub struct Deployment {
    binary: PathBuf,
    pub database_url: String,
    pub target: DatabaseTarget,
    data_key: [u8; 32],
    vapid_key: String,
    data_dir: tempfile::TempDir,
    /// The PostgreSQL database made for this deployment, if it made one: held only so it is
    /// dropped with the deployment (declared last, so after everything else).
    _database: Option<TestDatabase>,
}

/// How to start one instance.
#[derive(Clone, Debug, Default)]
pub struct Launch {
    /// Load the demo conference if absent (`--demo`).
    pub demo: bool,
    /// More `serve` flags. Flags win over the environment the harness sets (loopback push
    /// endpoints allowed, a 5-second push timeout), so these may override those.
    pub args: Vec<String>,
}

impl Launch {
    pub fn demo() -> Self {
        Self { demo: true, args: Vec::new() }
    }

    pub fn with_args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| (*a).to_owned()));
        self
    }
}

impl Deployment {
    /// A deployment on a database the caller made (and keeps alive).
    pub fn new(binary: impl Into<PathBuf>, database_url: String) -> Self {
        let data_dir = tempfile::tempdir().expect("temporary data directory");
        let target = DatabaseTarget::from_config(Some(&database_url), data_dir.path()).expect("a database URL");
        Self::with(binary.into(), database_url, target, data_dir, None)
    }

    /// A deployment on a fresh database: a SQLite file in its data directory, or a new
    /// PostgreSQL database when `TEST_DATABASE_URL` is set (dropped with the deployment).
    pub async fn create(binary: impl Into<PathBuf>) -> Self {
        let data_dir = tempfile::tempdir().expect("temporary data directory");
        let (database, target) = TestDatabase::create().await;
        match target {
            DatabaseTarget::Postgres(url) => {
                let target = DatabaseTarget::Postgres(url.clone());
                Self::with(binary.into(), url, target, data_dir, Some(database))
            }
            // The file lives in the data directory, like a real `sanad serve` default; the
            // temporary directory `TestDatabase` made is not needed.
            DatabaseTarget::Sqlite(_) => {
                let path = data_dir.path().join("sanad.db");
                let url = format!("sqlite:{}", path.display());
                Self::with(binary.into(), url, DatabaseTarget::Sqlite(path), data_dir, None)
            }
        }
    }

    fn with(
        binary: PathBuf,
        database_url: String,
        target: DatabaseTarget,
        data_dir: tempfile::TempDir,
        database: Option<TestDatabase>,
    ) -> Self {
        Self {
            binary,
            database_url,
            target,
            data_key: sanad_schema::service::accommodation::sealing::Sealer::generate_key(),
            vapid_key: sanad_api::push::vapid::generate(),
            data_dir,
            _database: database,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.target, DatabaseTarget::Postgres(_))
    }

    /// The key every instance seals accommodation details with.
    pub fn data_key(&self) -> [u8; 32] {
        self.data_key
    }

    /// The test's own connection to the deployment's database (migrated, so it may be opened
    /// before any instance starts; on SQLite with the server's WAL mode and busy timeout, so it
    /// can write beside a running instance).
    pub async fn connect(&self) -> DatabaseConnection {
        sanad_api::db::open(&self.target, Default::default()).await.expect("the deployment's database opens")
    }

    /// Starts `sanad serve` and waits for its start-up line. Blocks the calling thread while
    /// the instance starts: use [`Deployment::spawn`] when this runtime serves something the
    /// instance talks to meanwhile (a push service).
    pub fn start(&self, demo: bool) -> Instance {
        self.start_with(&Launch { demo, args: Vec::new() })
    }

    /// [`Deployment::start`] with flags.
    pub fn start_with(&self, launch: &Launch) -> Instance {
        Instance::spawn(self.command(launch))
    }

    /// Starts an instance without blocking the runtime: the test's own servers (a push
    /// service the instance starts sending to at once) keep answering while it starts.
    pub async fn spawn(&self, launch: &Launch) -> Instance {
        let command = self.command(launch);
        tokio::task::spawn_blocking(move || Instance::spawn(command)).await.expect("the start-up thread")
    }

    fn command(&self, launch: &Launch) -> Command {
        let mut command = Command::new(&self.binary);
        command
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(&launch.args)
            .env("SANAD_DATABASE_URL", &self.database_url)
            .env("SANAD_DATA_DIR", self.data_dir.path())
            .env("SANAD_DATA_KEY", base64::engine::general_purpose::STANDARD.encode(self.data_key))
            .env("SANAD_VAPID_PRIVATE_KEY", &self.vapid_key)
            .env("SANAD_CLOCK", crate::DEMO_NOW)
            .env("SANAD_LOG", "info,sqlx=warn")
            .env("SANAD_PUSH_ALLOW_LOOPBACK", "true")
            .env("SANAD_PUSH_TIMEOUT_SECONDS", "5")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if launch.demo {
            command.arg("--demo");
        }
        command
    }
}

/// A real server process; killed when dropped.
pub struct Instance {
    child: Child,
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    /// Every line it logged so far.
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Instance {
    /// Spawns the command and reads its log until the start-up line names the address.
    fn spawn(mut command: Command) -> Instance {
        let mut child = command.spawn().expect("the instance binary runs");
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut lines = BufReader::new(child.stderr.take().expect("stderr is piped")).lines();
        let addr = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the instance stopped before serving:\n{}", lock(&log).join("\n"));
            };
            lock(&log).push(line.clone());
            if let Some(address) = serving_address(&line) {
                break address;
            }
            assert!(!line.contains("error"), "{line}");
        };
        // Keep reading its log, so it never blocks on a full pipe, and keep it for the test.
        let kept = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                lock(&kept).push(line);
            }
        });
        let client = reqwest::Client::builder().no_proxy().build().expect("an HTTP client");
        Instance { child, addr, client, log }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// POSTs a GraphQL operation, with a bearer token if given; the JSON answer.
    pub async fn graphql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let mut request =
            self.client.post(self.url("/graphql")).json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("the instance answers").json().await.expect("a JSON answer")
    }

    /// A counter or gauge on `/metrics` (0 when absent).
    pub async fn metric(&self, name: &str) -> u64 {
        let body = self.client.get(self.url("/metrics")).send().await.unwrap().text().await.unwrap();
        body.lines().find_map(|line| line.strip_prefix(name)?.trim().parse().ok()).unwrap_or(0)
    }

    /// Signs in with an invitation code over HTTP; the bearer token.
    pub async fn sign_in(&self, code: &str) -> String {
        let signed =
            self.graphql("mutation($c: String!) { signIn(code: $c) { token } }", json!({ "c": code }), None).await;
        crate::data(&signed)["signIn"]["token"].as_str().expect("a token").to_owned()
    }

    /// Publishes an announcement (a change, in en/fr/ar) that goes to every device, as the
    /// organiser with `token`; the answer, which must have no errors.
    pub async fn publish_announcement(&self, token: &str) -> Value {
        let texts =
            |v: &str| json!([{ "lang": "en", "value": v }, { "lang": "fr", "value": v }, { "lang": "ar", "value": v }]);
        let input = json!({ "severity": "CHANGE", "title": texts("Hall B"), "whatChanged": texts("Moved."), "whatToDo": texts("Go.") });
        let published = self
            .graphql(
                "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }",
                json!({ "input": input }),
                Some(token),
            )
            .await;
        assert!(published.get("errors").is_none(), "{published}");
        published
    }

    /// The status of `GET path`.
    pub async fn status(&self, path: &str) -> u16 {
        self.client.get(self.url(path)).send().await.expect("the instance answers").status().as_u16()
    }

    /// SIGKILL: the process ends at once, whatever it was doing. Returns once it is gone.
    pub fn kill(&mut self) -> ExitStatus {
        self.child.kill().expect("SIGKILL sent");
        self.child.wait().expect("the killed instance reaped")
    }

    /// SIGTERM: asks the process to shut down gracefully; returns at once.
    pub fn terminate(&self) {
        let status =
            Command::new("kill").args(["-TERM", &self.pid().to_string()]).status().expect("the kill command runs");
        assert!(status.success(), "kill -TERM {} failed: {status}", self.pid());
    }

    /// The exit status, if the process has exited.
    pub fn try_wait(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().expect("the instance's status readable")
    }

    /// Waits until the process exits by itself; panics, with its log, when it is still running
    /// after `within`.
    pub async fn wait_for_exit(&mut self, within: Duration) -> ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.try_wait() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the instance still runs {within:?} later; its log:\n{}",
                self.log().join("\n")
            );
            tokio::time::sleep(EXIT_POLL).await;
        }
    }

    /// Every line the instance logged so far.
    pub fn log(&self) -> Vec<String> {
        lock(&self.log).clone()
    }
}

/// Creates a person in the first conference straight in the database, as an organiser's
/// invitation would; returns their id and one-time invitation code.
pub async fn invite(db: &DatabaseConnection, role: Role, name: &str) -> (i64, String) {
    let conference = conference::Entity::find()
        .order_by_asc(conference::Column::Id)
        .one(db)
        .await
        .expect("conferences readable")
        .expect("a conference is loaded (start the first instance with the demo)");
    let new = NewPerson {
        role,
        name: name.to_owned(),
        organisation: None,
        delegation: None,
        languages: vec!["en".to_owned()],
    };
    let invited = create_person(db, conference.id, new, chrono::Utc::now(), &AccountPolicy::default())
        .await
        .expect("person created");
    (invited.person.id, invited.code)
}

/// The address in `sanad serving http://ADDR/graphql …`, the line `sanad serve` logs once it
/// listens.
fn serving_address(line: &str) -> Option<SocketAddr> {
    let rest = line.split("sanad serving http://").nth(1)?;
    rest.split('/').next()?.parse().ok()
}

/// The log, even if a panicking reader poisoned the lock (each update is one push).
fn lock(log: &Mutex<Vec<String>>) -> std::sync::MutexGuard<'_, Vec<String>> {
    log.lock().unwrap_or_else(PoisonError::into_inner)
}
