//! The HTTP endpoints besides GraphQL, and the HTTP-level limits (body and header sizes).

use sanad_tests::{TestApp, data, error_code, spawn_app};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

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

/// The body limit (README "Limits": 64 KiB).
const MAX_BODY: usize = 64 * 1024;
/// The request-head limit (README "Limits": 32 KiB of request line and headers).
const MAX_HEAD: usize = 32 * 1024;

/// Sends `request` as raw bytes on a new connection and returns all the server sends back until
/// it closes. The server may stop reading (and close) before the whole request is written: its
/// answer is what counts, so a failed write is not the test's failure.
async fn raw_exchange(app: &TestApp, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let _ = stream.write_all(request).await;
    let mut received = Vec::new();
    let mut chunk = [0u8; 8192];
    let read_all = async {
        // Until the server closes (`Connection: close`), or resets after answering.
        while let Ok(n @ 1..) = stream.read(&mut chunk).await {
            received.extend_from_slice(&chunk[..n]);
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(20), read_all).await.expect("the server answers and closes");
    String::from_utf8_lossy(&received).into_owned()
}

/// The status code of a raw HTTP/1.1 response.
fn status_of(response: &str) -> u16 {
    let status = response.strip_prefix("HTTP/1.1 ").and_then(|rest| rest.get(..3)).and_then(|s| s.parse().ok());
    status.unwrap_or_else(|| panic!("not an HTTP/1.1 response: {:?}", response.chars().take(200).collect::<String>()))
}

/// The body of a raw response (sent with `Content-Length`, as every answer here is).
fn body_of(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

/// A GraphQL operation padded with JSON white space to exactly `size` bytes.
fn operation_of_size(size: usize) -> String {
    let operation = r#"{"query":"{ conference { slug } }"}"#;
    format!("{operation}{}", " ".repeat(size - operation.len()))
}

/// `body` as a chunked request (no `Content-Length`: the limit is found while reading).
fn chunked_post(body: &str) -> Vec<u8> {
    let mut request = b"POST /graphql HTTP/1.1\r\nHost: sanad\r\nContent-Type: application/json\r\n\
        Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        .to_vec();
    for chunk in body.as_bytes().chunks(16 * 1024) {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    request
}

/// One byte over the body limit is refused with 413 in our JSON error shape, whether the size is
/// announced (`Content-Length`) or found while reading (chunked); the limit itself is accepted.
#[tokio::test]
async fn a_body_over_64_kib_is_refused_as_json_with_a_code() {
    let app = spawn_app().await;
    let send = |body: String| {
        app.client.post(app.url("/graphql")).header("content-type", "application/json").body(body).send()
    };

    let refused = send(operation_of_size(MAX_BODY + 1)).await.unwrap();
    assert_eq!(refused.status(), 413);
    assert_eq!(refused.headers()["content-type"], "application/json");
    let id = refused.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: Value = refused.json().await.unwrap();
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["requestId"], id.as_str(), "{body}");
    assert!(body["errors"][0]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");

    let fits = send(operation_of_size(MAX_BODY)).await.unwrap();
    assert_eq!(fits.status(), 200, "exactly 64 KiB is not refused for its size");
    assert_eq!(data(&fits.json().await.unwrap())["conference"]["slug"], "amman-2019");

    let refused = raw_exchange(&app, &chunked_post(&operation_of_size(MAX_BODY + 1))).await;
    assert_eq!(status_of(&refused), 413, "{refused}");
    assert!(refused.to_ascii_lowercase().contains("\r\ncontent-type: application/json\r\n"), "{refused}");
    let body: Value = serde_json::from_str(body_of(&refused)).unwrap_or_else(|e| panic!("{e}: {refused}"));
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");

    let fits = raw_exchange(&app, &chunked_post(&operation_of_size(MAX_BODY))).await;
    assert_eq!(status_of(&fits), 200, "{fits}");
    app.assert_healthy("bodies over the limit").await;
}

/// A request head (request line, headers, their CRLFs and the empty line) of exactly 32 KiB is
/// served and one byte more is refused with 431; so is a 31 KiB header, and 33 KiB of them
/// are refused.
#[tokio::test]
async fn the_request_head_limit_is_exactly_32_kib() {
    let app = spawn_app().await;
    let head_of_size = |size: usize| {
        let start = "GET /healthz HTTP/1.1\r\nHost: sanad\r\nConnection: close\r\nX-Filler: ";
        let end = "\r\n\r\n";
        let head = format!("{start}{}{end}", "a".repeat(size - start.len() - end.len()));
        assert_eq!(head.len(), size);
        head
    };
    let fits = raw_exchange(&app, head_of_size(MAX_HEAD).as_bytes()).await;
    assert_eq!(status_of(&fits), 200, "a head of exactly 32 KiB is served");
    let over = raw_exchange(&app, head_of_size(MAX_HEAD + 1).as_bytes()).await;
    assert_eq!(status_of(&over), 431, "one byte over 32 KiB is refused");

    let with_headers = |headers: &[(&str, usize)]| {
        let mut request = app.client.get(app.url("/healthz"));
        for (name, size) in headers {
            request = request.header(*name, "a".repeat(*size));
        }
        request.send()
    };
    let one_of_31 = with_headers(&[("x-filler", 31 * 1024)]).await.unwrap();
    assert_eq!(one_of_31.status(), 200, "one header of 31 KiB");
    let total_of_33 = with_headers(&[("x-one", 11 * 1024), ("x-two", 11 * 1024), ("x-three", 11 * 1024)]).await;
    assert_eq!(total_of_33.unwrap().status(), 431, "33 KiB of headers in all");
    app.assert_healthy("heads over the limit").await;
}
