//! What `bench load` and `bench ws` share: the server in a child process on a fresh database
//! (SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set), people made directly in the
//! database and signed in over HTTP, GraphQL calls that tell every kind of failure apart, the
//! server's memory, and latency percentiles.

use std::process::Child;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sanad_api::db::{self, DatabaseTarget};
use sanad_schema::entities::conference;
use sanad_schema::entities::enums::Role;
use sanad_schema::service::accounts::{AccountPolicy, Invited, NewPerson, create_person};
use sanad_schema::service::clock::Clock;
use sanad_tests::TestDatabase;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use serde_json::{Value, json};

/// The server (this binary's `serve-child`: the demo, the demo clock, a 64 MB response cache
/// like `sanad serve`) on a fresh database, and a connection to that database for set-up.
pub struct Server {
    pub child: Child,
    pub addr: String,
    /// Further instances on the same PostgreSQL database (`SANAD_BENCH_INSTANCES`), with their
    /// addresses; empty for one.
    pub others: Vec<(Child, String)>,
    pub db: DatabaseConnection,
    pub conference_id: i64,
    /// The database's URL, for other processes (`sanad import`).
    pub db_url: String,
    /// The demo clock: what the server believes the time is.
    pub now: DateTime<Utc>,
    // Dropped after the child is killed (fields drop after `Drop::drop`).
    _database: TestDatabase,
}

impl Server {
    /// Prints `cores`, `database` and the open-file limit, then starts the server.
    pub async fn start() -> Self {
        println!("cores: {}", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0));
        let (database, target) = TestDatabase::create().await;
        println!("database: {}", if database.is_postgres() { "postgres" } else { "sqlite" });
        println!("open_files_soft_limit: {}", open_files_limit().map_or_else(|| "unknown".into(), |n| n.to_string()));
        let url = match &target {
            DatabaseTarget::Sqlite(path) => format!("sqlite:{}", path.display()),
            DatabaseTarget::Postgres(url) => url.clone(),
        };
        let (child, addr, _static_addr) = super::spawn_child(&url, 64, None);
        let db = db::open(&target, Default::default()).await.unwrap();
        let conference =
            conference::Entity::find().order_by_asc(conference::Column::Id).one(&db).await.unwrap().unwrap();
        let now = Clock::parse(sanad_tests::DEMO_NOW).unwrap().now();
        let others = Self::others(database.is_postgres(), &url, &conference.slug);
        Self { child, addr, others, db, conference_id: conference.id, db_url: url, now, _database: database }
    }

    /// `SANAD_BENCH_INSTANCES` − 1 more servers on the same database (PostgreSQL only: they
    /// relay their changes through it), serving the demo the first one loaded.
    fn others(postgres: bool, url: &str, slug: &str) -> Vec<(Child, String)> {
        let instances: usize =
            std::env::var("SANAD_BENCH_INSTANCES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(1).max(1);
        println!("instances: {instances}");
        assert!(instances == 1 || postgres, "several instances share a PostgreSQL database: set TEST_DATABASE_URL");
        (1..instances)
            .map(|_| {
                let (child, addr, _) = super::spawn_child(url, 64, Some(slug));
                (child, addr)
            })
            .collect()
    }

    /// Every instance's address, the first first.
    pub fn addrs(&self) -> Vec<String> {
        std::iter::once(self.addr.clone()).chain(self.others.iter().map(|(_, a)| a.clone())).collect()
    }

    /// Every instance's process id.
    pub fn pids(&self) -> Vec<u32> {
        std::iter::once(self.child.id()).chain(self.others.iter().map(|(c, _)| c.id())).collect()
    }

    pub fn url(&self) -> String {
        format!("http://{}/graphql", self.addr)
    }

    /// Creates people of a role directly in the database; returns them with their codes.
    pub async fn people(&self, role: Role, prefix: &str, count: usize) -> Vec<Invited> {
        let mut people = Vec::with_capacity(count);
        for i in 0..count {
            let new = NewPerson {
                role,
                name: format!("{prefix} {i}"),
                organisation: Some(format!("Organisation {}", i % 40)),
                delegation: None,
                languages: vec![["en", "fr", "ar"][i % 3].to_owned()],
            };
            people.push(
                create_person(&self.db, self.conference_id, new, self.now, &AccountPolicy::default()).await.unwrap(),
            );
        }
        people
    }

    /// The server's resident memory now, in MB.
    pub fn rss_mb(&self) -> f64 {
        proc_status_mb(self.child.id(), "VmRSS:")
    }

    /// The server's peak resident memory so far, in MB (the largest of the instances').
    pub fn peak_rss_mb(&self) -> f64 {
        self.others.iter().map(|(c, _)| super::peak_rss_mb(c)).fold(super::peak_rss_mb(&self.child), f64::max)
    }

    /// A Prometheus value from the server's `/metrics`.
    pub async fn metric(&self, client: &reqwest::Client, name: &str) -> u64 {
        let body = client.get(format!("http://{}/metrics", self.addr)).send().await.unwrap().text().await.unwrap();
        body.lines()
            .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("no metric {name} in {body}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        for (child, _) in &mut self.others {
            child.kill().ok();
            child.wait().ok();
        }
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn proc_status_mb(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix(field).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// This process's soft limit on open files (the server child inherits it).
fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.trim_start_matches("Max open files").split_whitespace().next()?.parse().ok()
}

/// A client of one simulated person: its own connection pool.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

/// A client whose connections come from its own loopback address (127.0.0.2 to 127.0.0.201:
/// Linux answers on all of 127/8), as phones on mobile data come from many addresses. With
/// `SANAD_BENCH_ONE_ADDRESS=1` everyone shares 127.0.0.1, like a venue behind one NAT.
pub fn client_from(n: usize) -> reqwest::Client {
    if std::env::var("SANAD_BENCH_ONE_ADDRESS").is_ok_and(|v| v == "1") {
        return client();
    }
    let address = std::net::Ipv4Addr::new(127, 0, 0, 2 + (n % 200) as u8);
    reqwest::Client::builder()
        .no_proxy()
        .local_address(std::net::IpAddr::V4(address))
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Why a call failed.
#[derive(Debug)]
pub struct Failure {
    /// `extensions.code`, `HTTP 503`, or `TRANSPORT`.
    pub code: String,
    pub message: String,
    pub retry_after_seconds: Option<u64>,
}

impl Failure {
    fn transport(e: reqwest::Error) -> Self {
        let kind = if e.is_timeout() {
            "timeout"
        } else if e.is_connect() {
            "connect"
        } else if e.is_body() || e.is_decode() {
            "body"
        } else {
            "request"
        };
        // Without the URL: the same failure reads the same for every caller.
        Self { code: "TRANSPORT".into(), message: format!("{kind}: {}", e.without_url()), retry_after_seconds: None }
    }
}

/// What `send` reads of an answer: `errors` always, `data` only when asked for (a big answer,
/// like the whole programme, is then scanned without being built in memory).
#[derive(serde::Deserialize)]
struct Answer<D> {
    data: Option<D>,
    #[serde(default)]
    errors: Vec<Value>,
}

/// Sends a request and reads a GraphQL answer. Success is a 2xx (or a 304, returned as
/// `Value::Null`) without `errors`; anything else is a failure with its code and message.
/// With `keep_data` false, the data is checked but not kept (`Value::Null`).
pub async fn send(request: reqwest::RequestBuilder, keep_data: bool) -> Result<(Value, Option<String>), Failure> {
    let response = request.send().await.map_err(Failure::transport)?;
    let status = response.status();
    let etag = response.headers().get("etag").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok((Value::Null, etag));
    }
    let bytes = response.bytes().await.map_err(Failure::transport)?;
    let (data, errors) = if keep_data {
        let answer: Answer<Value> = serde_json::from_slice(&bytes).unwrap_or(Answer { data: None, errors: Vec::new() });
        (answer.data.unwrap_or(Value::Null), answer.errors)
    } else {
        let answer: Answer<serde::de::IgnoredAny> =
            serde_json::from_slice(&bytes).unwrap_or(Answer { data: None, errors: Vec::new() });
        (Value::Null, answer.errors)
    };
    let first = errors.first().cloned().unwrap_or(Value::Null);
    let code = first["extensions"]["code"].as_str().map(str::to_owned);
    let failure = |code: String| Failure {
        code,
        message: first["message"].as_str().unwrap_or("").to_owned(),
        retry_after_seconds: first["extensions"]["retryAfterSeconds"].as_u64(),
    };
    if !status.is_success() {
        return Err(failure(match code {
            Some(code) => format!("HTTP {} {code}", status.as_u16()),
            None => format!("HTTP {}", status.as_u16()),
        }));
    }
    if !errors.is_empty() {
        return Err(failure(code.unwrap_or_else(|| "NO_CODE".into())));
    }
    Ok((data, etag))
}

/// POSTs an operation as `token` (anonymous when `None`), in the person's language.
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    lang: &str,
    query: &str,
    variables: Value,
) -> Result<Value, Failure> {
    let mut request =
        client.post(url).header("accept-language", lang).json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    send(request, true).await.map(|(data, _)| data)
}

/// Signs in with a code over HTTP, waiting as told when the server says `RATE_LIMITED` (a
/// venue's morning: everyone signs in through one address). Returns the token and how many
/// times it was told to wait.
pub async fn sign_in(client: &reqwest::Client, url: &str, code: &str) -> (String, u32) {
    let mut waits = 0;
    loop {
        match post(
            client,
            url,
            None,
            "en",
            "mutation($c: String!) { signIn(code: $c) { token } }",
            json!({ "c": code }),
        )
        .await
        {
            Ok(data) => return (data["signIn"]["token"].as_str().unwrap().to_owned(), waits),
            Err(Failure { code, retry_after_seconds: Some(wait), .. })
                if code.contains("RATE_LIMITED") && waits < 20 =>
            {
                waits += 1;
                tokio::time::sleep(Duration::from_secs(wait.max(1))).await;
            }
            Err(failure) => panic!("sign-in failed: {failure:?}"),
        }
    }
}

/// Publishes an announcement in the demo's three languages as an organiser.
pub async fn announce(client: &reqwest::Client, url: &str, token: &str, title: &str) -> Result<Value, Failure> {
    let texts = |v: &str| json!([{ "lang": "en", "value": v }, { "lang": "fr", "value": v }, { "lang": "ar", "value": format!("{v} بالعربية") }]);
    let input = json!({
        "severity": "CHANGE",
        "title": texts(title),
        "whatChanged": texts("The closing plenary moves from Hall A to Hall B, ground floor, step-free entrance on the east side."),
        "whatToDo": texts("Follow the signs from the registration desk; volunteers in green can guide you."),
    });
    post(
        client,
        url,
        Some(token),
        "en",
        "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }",
        json!({ "input": input }),
    )
    .await
}

/// The value at quantile `q` of sorted values (NaN when there are none).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

/// A small, fast pseudo-random generator (SplitMix64): each simulated person has its own.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}
