//! The HTTP endpoints besides GraphQL.

use sanad_tests::spawn_app;

#[tokio::test]
async fn health_readiness_sdl_graphiql_and_metrics() {
    let app = spawn_app().await;
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), "ok");
    assert_eq!(app.client.get(app.url("/readyz")).send().await.unwrap().status(), 200);

    let sdl = app.client.get(app.url("/schema.graphql")).send().await.unwrap();
    assert!(sdl.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    assert_eq!(sdl.text().await.unwrap(), sanad_schema::graphql::sdl());

    let graphiql = app.client.get(app.url("/graphiql")).send().await.unwrap().text().await.unwrap();
    assert!(graphiql.contains("/graphql") && graphiql.to_lowercase().contains("graphiql"));

    assert!(app.metric("sanad_sql_statements_total").await > 0);
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_cors_allows_web_clients() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("origin", "https://app.example.org")
        .json(&serde_json::json!({ "query": "{ conference { slug } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
}

#[tokio::test]
async fn responses_are_compressed_for_clients_that_ask() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "{ conference { sessions { nodes { title { value } } } } }")])
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "gzip");
}
