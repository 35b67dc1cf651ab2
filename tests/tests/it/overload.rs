//! Past its capacity the server refuses early and says so (issue 15, item 6): an operation
//! that cannot get a permit is answered at once with 503, `Retry-After` and the code
//! `UNAVAILABLE`, instead of waiting out the database pool and failing as `INTERNAL`. Cached
//! answers, health checks and metrics go on; the operations admitted finish.
//!
//! The capacity here is one operation and no waiting line. The one operation is a mutation
//! kept waiting by a write lock another connection holds (SQLite: the database's; PostgreSQL:
//! the person's row), which the test lets go of when it has seen the refusals.

use std::time::{Duration, Instant};

use sanad_api::http::admission::AdmissionLimits;
use sanad_api::server::Protection;
use sanad_schema::entities::enums::Role;
use sanad_schema::entities::person;
use sanad_tests::{TestOptions, data, error_code, spawn_app_with};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::json;

const LANGUAGES: &str =
    "mutation($langs: [String!]!) { updateMyPreferences(input: { preferredLanguages: $langs }) { name } }";

#[tokio::test]
async fn past_capacity_operations_are_refused_at_once_and_the_admitted_one_finishes() {
    let defaults = TestOptions::default();
    let app = spawn_app_with(TestOptions {
        protection: Protection {
            admission: AdmissionLimits { in_flight: 1, queue: 0, wait: Duration::from_secs(60) },
            ..defaults.protection
        },
        ..defaults
    })
    .await;
    let token = app.signed_in(Role::Delegate, "Amina").await;
    // A query answered once is served from the cache, without a permit, all along.
    let cached = "{ conference { slug } }";
    assert_eq!(data(&app.graphql(cached, json!({})).await)["conference"]["slug"], "amman-2019");

    let other = sanad_api::db::open(&app.target, Default::default()).await.unwrap();
    let amina = person::Entity::find().filter(person::Column::Name.eq("Amina")).one(&other).await.unwrap().unwrap();
    let lock = other.begin().await.unwrap();
    lock.execute_unprepared(&format!("UPDATE person SET updated_at = updated_at WHERE id = {}", amina.id))
        .await
        .unwrap();

    let admitted = {
        let (client, url, token) = (app.client.clone(), app.url("/graphql"), token.clone());
        tokio::spawn(async move {
            let body = json!({ "query": LANGUAGES, "variables": { "langs": ["ar", "en"] } });
            let response = client.post(url).bearer_auth(token).json(&body).send().await.unwrap();
            response.json::<serde_json::Value>().await.unwrap()
        })
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while app.metric("sanad_graphql_in_flight").await < 1 {
        assert!(Instant::now() < deadline, "the mutation never started");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // Full: a query that needs the database is refused at once, over POST and GET.
    let refused = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ conference { slug timeZone } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers()["retry-after"], "1");
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(error_code(&body), "UNAVAILABLE", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["retryAfterSeconds"], 1, "{body}");
    assert!(body["errors"][0]["extensions"]["requestId"].is_string(), "{body}");
    let get = app.client.get(app.url("/graphql")).query(&[("query", "{ conference { name { value } } }")]);
    assert_eq!(get.send().await.unwrap().status(), 503);
    // What needs no database goes on.
    assert_eq!(data(&app.graphql(cached, json!({})).await)["conference"]["slug"], "amman-2019");
    assert_eq!(app.client.get(app.url("/healthz")).send().await.unwrap().status(), 200);
    assert!(app.metric("sanad_graphql_shed_total").await >= 2);

    // The lock goes; the admitted mutation finishes, and the server takes work again.
    lock.rollback().await.unwrap();
    let done = admitted.await.unwrap();
    assert!(done.get("errors").is_none(), "the admitted operation completes: {done}");
    let after = app.graphql("{ conference { slug timeZone } }", json!({})).await;
    assert_eq!(data(&after)["conference"]["timeZone"], "Asia/Amman");
}
