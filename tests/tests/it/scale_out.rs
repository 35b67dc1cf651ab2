//! Several `sanad serve` processes on one PostgreSQL database (DESIGN §3): they migrate once
//! when started together, a change made through one reaches subscribers of the other
//! (LISTEN/NOTIFY), and the push outbox is shared without sending anything twice. These run
//! only with `TEST_DATABASE_URL` (SQLite is one process by design).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use sanad_schema::entities::enums::Role;
use sanad_schema::entities::push_delivery;
use sanad_schema::service::accounts::{AccountPolicy, NewPerson, create_person};
use sanad_tests::push_service::PushService;
use sanad_tests::ws::connect;
use sanad_tests::{TestDatabase, data};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(60);

/// A real server process; killed when dropped.
struct Instance {
    child: Child,
    addr: SocketAddr,
    client: reqwest::Client,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The settings every instance of one deployment shares.
struct Deployment {
    database_url: String,
    data_key: String,
    vapid_key: String,
    data_dir: tempfile::TempDir,
}

impl Deployment {
    fn new(database_url: String) -> Self {
        use base64::Engine;
        Self {
            database_url,
            data_key: base64::engine::general_purpose::STANDARD.encode([7u8; 32]),
            vapid_key: sanad_api::push::vapid::generate(),
            data_dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Starts `sanad serve` and waits for its start-up line.
    fn start(&self, demo: bool) -> Instance {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sanad-instance"));
        command
            .args(["serve", "--listen", "127.0.0.1:0", "--push-allow-loopback", "true", "--push-timeout-seconds", "5"])
            .env("SANAD_DATABASE_URL", &self.database_url)
            .env("SANAD_DATA_DIR", self.data_dir.path())
            .env("SANAD_DATA_KEY", &self.data_key)
            .env("SANAD_VAPID_PRIVATE_KEY", &self.vapid_key)
            .env("SANAD_CLOCK", sanad_tests::DEMO_NOW)
            .env("SANAD_LOG", "info,sqlx=warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if demo {
            command.arg("--demo");
        }
        let mut child = command.spawn().unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("the instance starts or says why not").unwrap();
            if let Some(rest) = line.split("sanad serving http://").nth(1) {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
            assert!(!line.contains("error"), "{line}");
        };
        // Keep reading its log, so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Instance { child, addr, client: reqwest::Client::builder().no_proxy().build().unwrap() }
    }
}

impl Instance {
    async fn graphql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let mut request = self
            .client
            .post(format!("http://{}/graphql", self.addr))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap().json().await.unwrap()
    }

    async fn metric(&self, name: &str) -> u64 {
        let body = self.client.get(format!("http://{}/metrics", self.addr)).send().await.unwrap().text().await.unwrap();
        body.lines().find_map(|line| line.strip_prefix(name)?.trim().parse().ok()).unwrap_or(0)
    }
}

/// A fresh PostgreSQL database, or `None` on SQLite.
async fn postgres() -> Option<(TestDatabase, String)> {
    let (database, target) = TestDatabase::create().await;
    match &target {
        sanad_api::db::DatabaseTarget::Postgres(url) => Some((database, url.clone())),
        sanad_api::db::DatabaseTarget::Sqlite(_) => {
            eprintln!("scale-out tests need TEST_DATABASE_URL (PostgreSQL); skipped on SQLite");
            None
        }
    }
}

async fn organiser(db: &DatabaseConnection, instance: &Instance) -> String {
    use sanad_schema::entities::conference;
    let conference = conference::Entity::find().one(db).await.unwrap().unwrap();
    let new = NewPerson {
        role: Role::Organizer,
        name: "Lead".into(),
        organisation: None,
        delegation: None,
        languages: vec!["en".into()],
    };
    let code = create_person(db, conference.id, new, chrono::Utc::now(), &AccountPolicy::default()).await.unwrap().code;
    let signed =
        instance.graphql("mutation($c: String!) { signIn(code: $c) { token } }", json!({ "c": code }), None).await;
    data(&signed)["signIn"]["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn instances_started_together_migrate_once_and_share_every_change() {
    let Some((_database, url)) = postgres().await else { return };
    let deployment = Deployment::new(url.clone());
    // Both at once on an empty database: one migrates under the advisory lock, the other waits.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| deployment.start(false));
        let b = s.spawn(|| deployment.start(false));
        (a.join().unwrap(), b.join().unwrap())
    });
    let db = sea_orm::Database::connect(&url).await.unwrap();
    let applied = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM seaql_migrations",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    use sanad_migrations::MigratorTrait;
    assert_eq!(applied as usize, sanad_migrations::Migrator::migrations().len(), "each migration applied once");
    sanad_api::demo::load_if_absent(&db).await.unwrap();

    let token = organiser(&db, &a).await;
    let sessions = a
        .graphql("{ conference { sessions(first: 100) { nodes { id slug time { start } } } } }", json!({}), None)
        .await;
    let ids: HashMap<String, Value> = data(&sessions)["conference"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["slug"].as_str().unwrap().to_owned(), s["id"].clone()))
        .collect();
    let session = ids["panel-q1-challenges"].clone();
    let read = "query($id: ID!) { node(id: $id) { ... on Session { time { start } } } }";
    // B caches the session's time before the change.
    let before = b.graphql(read, json!({ "id": session }), None).await;

    let mut socket = connect(b.addr, "graphql-transport-ws", &[]).await;
    socket.init(json!({})).await;
    socket
        .send(json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { programmeChanged { id action } }" } }))
        .await;
    let deadline = std::time::Instant::now() + WAIT;
    while b.metric("sanad_live_subscriptions").await < 1 {
        assert!(std::time::Instant::now() < deadline, "the subscription never started");
        tokio::task::yield_now().await;
    }
    let moved = a
        .graphql(
            "mutation($id: ID!) { moveSession(id: $id, startsAt: \"2019-09-10T16:00:00+03:00\", force: true) { id } }",
            json!({ "id": session }),
            Some(&token),
        )
        .await;
    assert!(moved.get("errors").is_none(), "{moved}");
    let event = tokio::time::timeout(WAIT, socket.json()).await.expect("B hears of A's change");
    assert_eq!(event["payload"]["data"]["programmeChanged"], json!({ "id": session, "action": "MOVED" }));
    let after = b.graphql(read, json!({ "id": session }), None).await;
    assert_ne!(before, after, "B's cached response went with the change");
    assert_eq!(data(&after)["node"]["time"]["start"], "2019-09-10T16:00:00+03:00");
}

#[tokio::test]
async fn five_thousand_notifications_from_two_instances_arrive_exactly_once() {
    let Some((_database, url)) = postgres().await else { return };
    let deployment = Deployment::new(url.clone());
    let a = deployment.start(true);
    let b = deployment.start(false);
    let db = sea_orm::Database::connect(&url).await.unwrap();
    let push = PushService::start().await;
    let devices: Vec<_> = (0..5_000).map(|_| push.new_device()).collect();
    sanad_tests::seed::push_subscribers(&db, &devices, 0).await;
    let token = organiser(&db, &a).await;
    let texts =
        |v: &str| json!([{ "lang": "en", "value": v }, { "lang": "fr", "value": v }, { "lang": "ar", "value": v }]);
    let input = json!({ "severity": "CHANGE", "title": texts("Hall B"), "whatChanged": texts("Moved."), "whatToDo": texts("Go.") });
    let published = a
        .graphql(
            "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }",
            json!({ "input": input }),
            Some(&token),
        )
        .await;
    assert!(published.get("errors").is_none(), "{published}");
    assert_eq!(push.wait_for_total(5_000, Duration::from_secs(180)).await, 5_000);
    // Wait until both have recorded every outcome, then count.
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let done = push_delivery::Entity::find()
            .filter(push_delivery::Column::Status.eq("delivered"))
            .count(&db)
            .await
            .unwrap();
        if done == 5_000 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{done} deliveries recorded");
        tokio::task::yield_now().await;
    }
    for device in &devices {
        assert_eq!(push.received(device).len(), 1, "exactly once");
    }
    assert_eq!(push.accepted_total(), 5_000);
    let delivered = "sanad_push_deliveries_total{outcome=\"delivered\"}";
    let (by_a, by_b) = (a.metric(delivered).await, b.metric(delivered).await);
    assert_eq!(by_a + by_b, 5_000, "no delivery counted twice (A {by_a}, B {by_b})");
    eprintln!("deliveries by instance: A {by_a}, B {by_b}");
    assert!(push.violations().is_empty(), "{:?}", push.violations());
}
