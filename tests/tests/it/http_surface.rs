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

/// The metrics body, and the value of the one line that starts with `series` (0 if none).
async fn scrape(app: &sanad_tests::TestApp) -> String {
    app.client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap()
}

fn value_of(metrics: &str, series: &str) -> f64 {
    metrics.lines().find_map(|line| line.strip_prefix(series)?.trim().parse().ok()).unwrap_or(0.0)
}

#[tokio::test]
async fn metrics_count_routes_operations_outcomes_and_websockets() {
    use serde_json::json;
    let app = spawn_app().await;
    app.graphql("query Programme { conference { slug } }", json!({})).await;
    app.graphql("query Programme { conference { slug } }", json!({})).await;
    app.graphql("query Broken { conference { nope } }", json!({})).await;
    app.graphql("query Broken { conference { nope } }", json!({})).await;
    let secret = app.client.get(app.url("/calendar/not-a-real-secret.ics")).send().await.unwrap();
    assert_eq!(secret.status(), 404);

    let metrics = scrape(&app).await;
    assert!(
        value_of(&metrics, r#"sanad_http_requests_total{route="/graphql",method="POST",status="200"}"#) >= 4.0,
        "{metrics}"
    );
    assert_eq!(
        value_of(&metrics, r#"sanad_graphql_operations_total{operation="Programme",type="query",outcome="OK"}"#),
        2.0,
        "answers from the cache count too: {metrics}"
    );
    assert_eq!(
        value_of(
            &metrics,
            r#"sanad_graphql_operations_total{operation="Broken",type="query",outcome="BAD_USER_INPUT"}"#
        ),
        2.0
    );
    assert!(value_of(&metrics, r#"sanad_http_request_duration_seconds_count{route="/graphql"}"#) >= 4.0);
    assert_eq!(
        value_of(&metrics, r#"sanad_http_requests_total{route="/calendar/{file}",method="GET",status="404"}"#),
        1.0
    );
    assert!(!metrics.contains("not-a-real-secret"), "a calendar's address never becomes a label");

    let mut ws = sanad_tests::ws::connect(app.addr, "graphql-transport-ws", &[]).await;
    ws.init(json!({})).await;
    assert_eq!(value_of(&scrape(&app).await, "sanad_websocket_connections_open "), 1.0);
    drop(ws);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while value_of(&scrape(&app).await, "sanad_websocket_connections_open ") != 0.0 {
        assert!(std::time::Instant::now() < deadline, "the closed WebSocket is no longer counted");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(value_of(&scrape(&app).await, "sanad_websocket_connections_total "), 1.0);
}

#[tokio::test]
async fn error_responses_carry_the_request_id_of_their_logs() {
    let app = spawn_app().await;
    let bad = app
        .client
        .post(app.url("/graphql"))
        .json(&serde_json::json!({ "query": "{ conference { nope } }" }))
        .send()
        .await
        .unwrap();
    let id = bad.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["requestId"], id.as_str());
    let refused = app.client.post(app.url("/graphql")).body("{}").send().await.unwrap();
    assert_eq!(refused.status(), 415);
    let id = refused.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["requestId"], id.as_str());
}
