//! The full-programme query costs a small constant number of SQL statements, whatever the
//! number of sessions (per-request DataLoaders); a signed-in request pays one statement for
//! its token, whatever it asks.

use sanad_schema::entities::enums::Role;
use sanad_tests::{FULL_PROGRAMME, TestApp, TestOptions, data, spawn_app_with, synthetic};
use serde_json::json;

async fn statements_for_full_programme(app: &TestApp, expected_sessions: usize) -> u64 {
    let before = app.metric("sanad_sql_statements_total").await;
    let response = app.graphql(FULL_PROGRAMME, json!({ "first": 2000 })).await;
    let after = app.metric("sanad_sql_statements_total").await;
    let edges = data(&response)["conference"]["sessions"]["edges"].as_array().unwrap().len();
    assert_eq!(edges, expected_sessions);
    after - before
}

#[tokio::test]
async fn statements_do_not_grow_with_the_programme() {
    let uncached = TestOptions { cache_bytes: 0, ..Default::default() };
    let demo = spawn_app_with(uncached.clone()).await;
    let small = statements_for_full_programme(&demo, 36).await;
    assert!(small <= 10, "{small} statements for the demo programme");

    let big =
        spawn_app_with(TestOptions { demo: false, programme: Some(synthetic::programme_json(400)), ..uncached }).await;
    let large = statements_for_full_programme(&big, 400).await;
    assert_eq!(small, large, "400 sessions cost {large} statements, the demo {small}");
}

#[tokio::test]
async fn a_bearer_token_costs_one_statement() {
    let app = spawn_app_with(TestOptions { cache_bytes: 0, ..Default::default() }).await;
    let token = app.signed_in(Role::Delegate, "Amina").await;
    let query = "{ me { name role } }";
    app.graphql_with_token(query, json!({}), &token).await;
    let before = app.metric("sanad_sql_statements_total").await;
    let response = app.graphql_with_token(query, json!({}), &token).await;
    let after = app.metric("sanad_sql_statements_total").await;
    assert_eq!(data(&response)["me"]["name"], "Amina");
    assert_eq!(after - before, 1, "the token and its person are read together, and `me` needs nothing more");
}
