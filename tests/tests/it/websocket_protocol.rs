//! The `graphql-transport-ws` protocol as its specification closes a connection: invalid
//! messages (4400), subscribing before the acknowledgement (4401), a refused init (4403), no
//! init in time (4408), an operation id in use (4409); plus oversized frames and foreign
//! origins. After each, the server still serves everyone else. At shutdown every WebSocket is
//! closed with 1001 (Going Away).

use std::time::Duration;

use sanad_tests::ws::{Received, WsClient, connect};
use sanad_tests::{TestApp, TestOptions, spawn_app, spawn_app_with};
use serde_json::json;

const CHANGES: &str = "subscription { programmeChanged { id } }";

async fn closed_with(client: &mut WsClient) -> (u16, String) {
    match tokio::time::timeout(Duration::from_secs(10), client.receive()).await.expect("the server answers") {
        Received::Closed { code, reason } => (code, reason),
        other => panic!("expected the connection to close, got {other:?}"),
    }
}

/// A fresh connection still works: init, subscribe, no error.
async fn still_serves(app: &TestApp) {
    let mut client = connect(app.addr, "graphql-transport-ws", &[]).await;
    assert!(matches!(client.init(json!({})).await, Received::Json(ack) if ack["type"] == "connection_ack"));
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn protocol_violations_close_with_the_specifications_codes() {
    let app = spawn_app().await;

    let mut invalid = connect(app.addr, "graphql-transport-ws", &[]).await;
    invalid.send_text("{ this is not json").await;
    assert_eq!(closed_with(&mut invalid).await.0, 4400);

    let mut untyped = connect(app.addr, "graphql-transport-ws", &[]).await;
    untyped.init(json!({})).await;
    untyped.send(json!({ "id": "1", "payload": {} })).await;
    assert_eq!(closed_with(&mut untyped).await.0, 4400);

    let mut early = connect(app.addr, "graphql-transport-ws", &[]).await;
    early.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": CHANGES } })).await;
    assert_eq!(closed_with(&mut early).await, (4401, "Unauthorized".to_owned()));

    let mut refused = connect(app.addr, "graphql-transport-ws", &[]).await;
    refused.send(json!({ "type": "connection_init", "payload": { "authorization": "Bearer sanad_wrong" } })).await;
    assert_eq!(closed_with(&mut refused).await.0, 4403);

    let mut twice = connect(app.addr, "graphql-transport-ws", &[]).await;
    twice.init(json!({})).await;
    for _ in 0..2 {
        twice.send(json!({ "id": "same", "type": "subscribe", "payload": { "query": CHANGES } })).await;
    }
    assert_eq!(closed_with(&mut twice).await, (4409, "Subscriber for same already exists".to_owned()));

    // An id may be used again once its operation completed.
    let mut again = connect(app.addr, "graphql-transport-ws", &[]).await;
    again.init(json!({})).await;
    again.send(json!({ "id": "a", "type": "subscribe", "payload": { "query": CHANGES } })).await;
    again.send(json!({ "id": "a", "type": "complete" })).await;
    again.send(json!({ "id": "a", "type": "subscribe", "payload": { "query": CHANGES } })).await;
    again.send(json!({ "type": "ping" })).await;
    loop {
        match again.receive().await {
            Received::Json(message) if message["type"] == "pong" => break,
            Received::Json(message) => assert_eq!(message["type"], "complete", "{message}"),
            closed => panic!("still open: {closed:?}"),
        }
    }

    still_serves(&app).await;
}

#[tokio::test]
async fn a_connection_without_init_is_closed_in_time() {
    let app =
        spawn_app_with(TestOptions { ws_init_timeout: Duration::from_millis(300), ..TestOptions::default() }).await;
    let mut idle = connect(app.addr, "graphql-transport-ws", &[]).await;
    assert_eq!(closed_with(&mut idle).await, (4408, "Connection initialisation timeout".to_owned()));
    let mut legacy = connect(app.addr, "graphql-ws", &[]).await;
    assert_eq!(closed_with(&mut legacy).await.0, 4408, "the legacy protocol too");
    still_serves(&app).await;
}

#[tokio::test]
async fn oversized_frames_and_foreign_origins_are_refused() {
    let allowed = "https://app.sanad.example";
    let app = spawn_app_with(TestOptions { cors_origins: vec![allowed.to_owned()], ..TestOptions::default() }).await;
    let mut big = connect(app.addr, "graphql-transport-ws", &[]).await;
    big.init(json!({})).await;
    big.send_text(&format!("{{\"type\":\"ping\",\"payload\":{{\"x\":\"{}\"}}}}", "x".repeat(70 * 1024))).await;
    assert_eq!(closed_with(&mut big).await.0, 1009, "message too big");

    let refused =
        sanad_tests::ws::try_connect(app.addr, "graphql-transport-ws", &[("origin", "https://evil.example")]).await;
    assert_eq!(refused.err(), Some(403));
    let mut welcome = connect(app.addr, "graphql-transport-ws", &[("origin", allowed)]).await;
    assert!(matches!(welcome.init(json!({})).await, Received::Json(ack) if ack["type"] == "connection_ack"));
    still_serves(&app).await;
}

/// The close frame that ends `client`, skipping what the server sent before it (keep-alives,
/// subscription events).
async fn closed_after_messages(client: &mut WsClient) -> (u16, String) {
    loop {
        // `receive` fails the test when nothing comes in time.
        match client.receive().await {
            Received::Closed { code, reason } => return (code, reason),
            Received::Json(_) => continue,
        }
    }
}

#[tokio::test]
async fn shutdown_closes_every_websocket_with_going_away() {
    let app = spawn_app().await;
    let mut subscribed = connect(app.addr, "graphql-transport-ws", &[]).await;
    assert!(matches!(subscribed.init(json!({})).await, Received::Json(ack) if ack["type"] == "connection_ack"));
    let subscribe = json!({
        "id": "1",
        "type": "subscribe",
        "payload": { "query": "subscription { programmeChanged { programmeVersion } }" },
    });
    subscribed.send(subscribe).await;
    let mut legacy = connect(app.addr, "graphql-ws", &[]).await;
    assert!(matches!(legacy.init(json!({})).await, Received::Json(ack) if ack["type"] == "connection_ack"));
    // Not yet initialised: the guard is still waiting for `connection_init`.
    let mut fresh = connect(app.addr, "graphql-transport-ws", &[]).await;
    app.wait_for_subscriptions(1).await;

    let shutdown = tokio::spawn(app.server.shutdown());
    for (what, client) in [("subscribed", &mut subscribed), ("legacy", &mut legacy), ("fresh", &mut fresh)] {
        let (code, reason) = closed_after_messages(client).await;
        assert_eq!(code, 1001, "{what}: {reason}");
        assert!(!reason.is_empty() && reason.len() <= 123, "{what}: a short reason: {reason:?}");
    }
    // The WebSockets are closed, not waited out: the shutdown ends well before the 30 s drain.
    let stopped = tokio::time::timeout(Duration::from_secs(10), shutdown).await;
    stopped.expect("the shutdown ends once the WebSockets are closed").unwrap().unwrap();
}
