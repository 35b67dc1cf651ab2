//! Several `sanad serve` processes on one PostgreSQL database (DESIGN §3): they migrate once
//! when started together, a change made through one reaches subscribers of the other
//! (LISTEN/NOTIFY), and the push outbox is shared without sending anything twice. These run
//! only with `TEST_DATABASE_URL` (SQLite is one process by design).

use std::collections::HashMap;
use std::time::Duration;

use sanad_schema::entities::enums::Role;
use sanad_schema::entities::push_delivery;
use sanad_tests::process::{Deployment, Instance, invite};
use sanad_tests::push_service::PushService;
use sanad_tests::ws::connect;
use sanad_tests::{TestDatabase, data};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(60);

/// The server binary this package builds (only integration tests know its path).
const BINARY: &str = env!("CARGO_BIN_EXE_sanad-instance");

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
    let (_, code) = invite(db, Role::Organizer, "Lead").await;
    instance.sign_in(&code).await
}

#[tokio::test]
async fn instances_started_together_migrate_once_and_share_every_change() {
    let Some((_database, url)) = postgres().await else { return };
    let deployment = Deployment::new(BINARY, url.clone());
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
    let deployment = Deployment::new(BINARY, url.clone());
    let a = deployment.start(true);
    let b = deployment.start(false);
    let db = sea_orm::Database::connect(&url).await.unwrap();
    let push = PushService::start().await;
    let devices: Vec<_> = (0..5_000).map(|_| push.new_device()).collect();
    sanad_tests::seed::push_subscribers(&db, &devices, 0).await;
    let token = organiser(&db, &a).await;
    a.publish_announcement(&token).await;
    assert_eq!(push.wait_for_total(5_000, Duration::from_secs(180)).await, 5_000);
    // Wait until both have recorded every outcome, then count.
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let done = push_delivery::Entity::find()
            .filter(push_delivery::Column::Status.eq(push_delivery::DeliveryStatus::Delivered))
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
    // Each worker counts a chunk just after recording it: wait for the counts to catch up.
    let delivered = "sanad_push_deliveries_total{outcome=\"delivered\"}";
    let (by_a, by_b) = loop {
        let (by_a, by_b) = (a.metric(delivered).await, b.metric(delivered).await);
        if by_a + by_b >= 5_000 || std::time::Instant::now() > deadline {
            break (by_a, by_b);
        }
        tokio::task::yield_now().await;
    };
    assert_eq!(by_a + by_b, 5_000, "no delivery counted twice (A {by_a}, B {by_b})");
    eprintln!("deliveries by instance: A {by_a}, B {by_b}");
    assert!(push.violations().is_empty(), "{:?}", push.violations());
}
