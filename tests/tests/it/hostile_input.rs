//! Hostile input (DESIGN §8): each attack gets a clear refusal, and afterwards the server still
//! answers and the data is as it was. Simpler bad input is in `bad_input.rs`.

use std::io::Write;
use std::time::Duration;

use sanad_api::server::Protection;
use sanad_schema::entities::enums::Role;
use sanad_schema::service::rate_limit::MutationLimits;
use sanad_tests::ws::{Received, connect};
use sanad_tests::{TestApp, TestOptions, data, error_code, error_field, spawn_app, spawn_app_with};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Longest a test waits for the server to close or answer a connection it should close.
const PATIENCE: Duration = Duration::from_secs(20);

/// Everything the server sends on `stream` until it closes it (or `PATIENCE` runs out, which
/// fails the test: a connection the server should close stays open).
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let read = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut received)).await;
    assert!(read.is_ok(), "the server kept the connection open; it sent {:?}", String::from_utf8_lossy(&received));
    String::from_utf8_lossy(&received).into_owned()
}

fn protected(protection: Protection) -> TestOptions {
    TestOptions { protection, ..TestOptions::default() }
}

#[tokio::test]
async fn a_gzip_bomb_is_refused_unopened() {
    let app = spawn_app().await;
    // 64 MiB of JSON whitespace that gzip packs into a few dozen kilobytes.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(br#"{"query":"{ conference { slug } }""#).unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..64 {
        encoder.write_all(&spaces).unwrap();
    }
    encoder.write_all(b"}").unwrap();
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 64 * 1024, "the bomb fits the body limit: {}", bomb.len());
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(bomb)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "BAD_USER_INPUT");
    app.assert_healthy("a gzip bomb").await;
}

#[tokio::test]
async fn slow_headers_and_slow_bodies_are_cut_off() {
    let protection = Protection {
        connections: sanad_api::http::listener::ConnectionLimits {
            header_timeout: Duration::from_secs(1),
            ..Default::default()
        },
        request_timeout: Duration::from_secs(1),
        ..TestOptions::default().protection
    };
    let app = spawn_app_with(protected(protection)).await;

    // Slowloris: a request line and one header, then nothing.
    let mut slow_headers = TcpStream::connect(app.addr).await.unwrap();
    slow_headers.write_all(b"POST /graphql HTTP/1.1\r\nHost: sanad\r\n").await.unwrap();
    let answer = read_until_closed(&mut slow_headers).await;
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");

    // A body that never arrives: ten bytes of a promised hundred.
    let mut slow_body = TcpStream::connect(app.addr).await.unwrap();
    slow_body
        .write_all(b"POST /graphql HTTP/1.1\r\nHost: sanad\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\":")
        .await
        .unwrap();
    let answer = read_until_closed(&mut slow_body).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    assert!(head.to_ascii_lowercase().contains("content-type: application/json"), "{head}");
    let body: Value = serde_json::from_str(body).expect("a JSON body");
    assert_eq!(error_code(&body), "UNAVAILABLE", "{body}");
    app.assert_healthy("slow clients").await;
}

#[tokio::test]
async fn huge_headers_are_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .header("x-filler", "a".repeat(100 * 1024))
        .body(r#"{"query":"{ conference { slug } }"}"#)
        .send()
        .await;
    // hyper answers 431 and closes; a client may see the close before the answer.
    if let Ok(response) = response {
        assert_eq!(response.status(), 431);
    }
    let mut many = app.client.get(app.url("/healthz"));
    for i in 0..200 {
        many = many.header(format!("x-h{i}"), "1");
    }
    if let Ok(response) = many.send().await {
        assert_eq!(response.status(), 431);
    }
    app.assert_healthy("huge headers").await;
}

#[tokio::test]
async fn deep_nesting_is_refused_with_short_messages() {
    let app = spawn_app().await;
    let url = app.url("/graphql");
    let nested_json = |depth: usize| {
        format!(
            r#"{{"query":"{{ conference {{ slug }} }}","variables":{{"a":{}1{}}}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    let send = |body: String| app.client.post(&url).header("content-type", "application/json").body(body).send();
    let response = send(nested_json(100_000)).await.unwrap();
    assert_eq!(response.status(), 413, "JSON nested 100,000 deep is over the body limit");
    let response = send(nested_json(30_000)).await.unwrap();
    assert_eq!(response.status(), 400, "JSON nested 30,000 deep fits the limit and is refused by the parser");
    assert_eq!(error_code(&response.json().await.unwrap()), "BAD_USER_INPUT");

    for (what, query) in [
        ("selections", format!("{{{}}}", "conference {".repeat(5000) + &"}".repeat(5000))),
        ("lists", format!("{{ conference(slug: {}{}) {{ slug }} }}", "[".repeat(20_000), "]".repeat(20_000))),
        ("objects", format!("{{ conference(slug: {}1{}) {{ slug }} }}", "{a:".repeat(10_000), "}".repeat(10_000))),
    ] {
        let response = app.graphql(&query, json!({})).await;
        assert_eq!(error_code(&response), "BAD_USER_INPUT", "{what}");
        let message = response["errors"][0]["message"].as_str().unwrap();
        assert!(message.chars().count() <= 301, "{what}: the message does not echo the document back");
    }
    app.assert_healthy("deep nesting").await;
}

#[tokio::test]
async fn duplicate_fields_directives_and_fragment_fan_out_are_refused() {
    let app = spawn_app().await;
    let cases = [
        (
            "4,000 duplicate fields",
            format!("{{ conference {{ sessions {{ nodes {{ {} }} }} }} }}", "title { value } ".repeat(2000)),
        ),
        ("directive bomb", format!("{{ conference {} {{ slug }} }}", "@include(if: true) ".repeat(1000))),
        (
            "fragment fan-out",
            format!(
                "{{ conference {{ ...F39 }} }} fragment F0 on Conference {{ slug }} {}",
                (1..40)
                    .map(|i| format!("fragment F{i} on Conference {{ ...F{} ...F{} }} ", i - 1, i - 1))
                    .collect::<String>()
            ),
        ),
        ("fragment cycle", "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }".to_owned()),
        ("fragment fan-out to 2^40 fields", fan_out("QueryRoot", "__typename", "{ ...F20 }")),
        (
            "fragment fan-out inside a long list",
            fan_out("Session", "id", "{ conference { sessions(first: 2000) { nodes { ...F20 } } } }"),
        ),
    ];
    for (what, query) in cases {
        let response = app.graphql(&query, json!({})).await;
        assert_eq!(error_code(&response), "BAD_USER_INPUT", "{what}: {response}");
        assert!(response["data"].is_null(), "{what}: nothing ran");
    }
    let response = app.graphql(&format!("{{ conference {{ {} }} }}", "slug ".repeat(4000)), json!({})).await;
    assert!(response["errors"][0]["message"].as_str().unwrap().contains("too many fields"), "{response}");
    app.assert_healthy("query bombs").await;
}

/// Twenty fragments on `on`, each spreading the one below four times, under `operation`: about
/// 1 KB that expands to 4^20 = 2^40 fields.
fn fan_out(on: &str, field: &str, operation: &str) -> String {
    let mut text = format!("{operation} fragment F0 on {on} {{ {field} }} ");
    for level in 1..=20 {
        text.push_str(&format!("fragment F{level} on {on} {{ {}}} ", format!("...F{} ", level - 1).repeat(4)));
    }
    text
}

/// The bound is counted before validation, so the refusal names it (async-graphql's own
/// complexity check would expand the fragments, for seconds or forever), over HTTP and
/// WebSocket, and several bombs at once leave the server answering.
#[tokio::test]
async fn fragment_bombs_are_refused_by_their_expanded_size_on_every_transport() {
    let app = spawn_app().await;
    let bomb = fan_out("QueryRoot", "__typename", "{ ...F20 }");
    assert!(bomb.len() < 1_200, "{} bytes", bomb.len());
    let bombs = (0..4).map(|_| app.graphql(&bomb, json!({})));
    for response in futures::future::join_all(bombs).await {
        assert_eq!(error_code(&response), "BAD_USER_INPUT", "{response}");
        let message = response["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("once fragments are expanded"), "{response}");
        assert!(response["data"].is_null(), "nothing ran: {response}");
    }
    let get = app.client.get(app.url("/graphql")).query(&[("query", bomb.as_str())]).send().await.unwrap();
    let get: Value = get.json().await.unwrap();
    assert!(get["errors"][0]["message"].as_str().unwrap().contains("once fragments are expanded"), "{get}");

    let mut socket = connect(app.addr, "graphql-transport-ws", &[]).await;
    assert!(matches!(socket.init(json!({})).await, Received::Json(ack) if ack["type"] == "connection_ack"));
    socket.send(json!({ "id": "b", "type": "subscribe", "payload": { "query": bomb } })).await;
    let refused = socket.json().await;
    assert_eq!(refused["id"], "b", "{refused}");
    assert!(refused.to_string().contains("once fragments are expanded"), "{refused}");

    // A document just as long that expands to little still runs: the bound is on expansion.
    let fine = app.graphql("{ ...F } fragment F on QueryRoot { conference { slug } }", json!({})).await;
    assert_eq!(data(&fine)["conference"]["slug"], "amman-2019");
    app.assert_healthy("fragment bombs").await;
}

#[tokio::test]
async fn introspection_can_be_turned_off() {
    let app = spawn_app_with(TestOptions { introspection: false, ..TestOptions::default() }).await;
    for query in ["{ __schema { types { name } } }", r#"{ __type(name: "Session") { fields { name } } }"#] {
        let response = app.graphql(query, json!({})).await;
        assert!(response.get("errors").is_some() || data(&response)["__schema"].is_null(), "{query}: {response}");
        assert!(!response.to_string().contains("\"types\":["), "{query}: the schema stays hidden: {response}");
        assert!(!response.to_string().contains("startsAt"), "{query}: {response}");
    }
    let misspelt = app.graphql("{ conferense { slug } }", json!({})).await;
    assert!(!misspelt.to_string().contains("Did you mean"), "no suggestions: {misspelt}");
    app.assert_healthy("introspection").await;
}

const SUBMIT: &str = "mutation($key: String!, $items: [RequestItemInput!]!) {
  submitAccommodationRequest(idempotencyKey: $key, items: $items) { id items { details { value } } }
}";
const MY_REQUESTS: &str = "{ me { accommodationRequests { id } } }";

async fn consenting_delegate(app: &TestApp, name: &str) -> String {
    let token = app.signed_in(Role::Delegate, name).await;
    let consent = "mutation { giveAccommodationConsent(version: 1, lang: \"en\") { version } }";
    assert!(app.graphql_with_token(consent, json!({}), &token).await.get("errors").is_none());
    token
}

fn item(details: &str) -> Value {
    json!([{ "serviceType": "DIETARY", "details": details, "days": ["2019-09-10"] }])
}

/// PostgreSQL refuses NUL in text; with the check gone this is an INTERNAL error there and a
/// stored NUL on SQLite. Run on both.
#[tokio::test]
async fn nul_in_any_text_input_is_bad_input_and_nothing_is_written() {
    let app = spawn_app().await;
    let delegate = consenting_delegate(&app, "Amina").await;
    let organiser = app.signed_in(Role::Organizer, "Lead").await;

    let refused =
        app.graphql_with_token(SUBMIT, json!({ "key": "k1", "items": item("no nuts\u{0}") }), &delegate).await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
    assert_eq!(error_field(&refused), "items[0].details");
    let refused = app.graphql_with_token(SUBMIT, json!({ "key": "k\u{0}", "items": item("no nuts") }), &delegate).await;
    assert_eq!(error_field(&refused), "key");
    let mine = app.graphql_with_token(MY_REQUESTS, json!({}), &delegate).await;
    assert_eq!(data(&mine)["me"]["accommodationRequests"], json!([]), "nothing half-written");

    let texts = |value: &str| json!([{ "lang": "en", "value": value }, { "lang": "ar", "value": value }]);
    let announce = "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }";
    let input =
        json!({ "severity": "INFO", "title": texts("Lift\u{0}"), "whatChanged": texts("x"), "whatToDo": texts("y") });
    assert_eq!(
        error_code(&app.graphql_with_token(announce, json!({ "input": input }), &organiser).await),
        "BAD_USER_INPUT"
    );
    let listed = app.graphql("{ conference { announcements { id } } }", json!({})).await;
    let before = data(&listed)["conference"]["announcements"].as_array().unwrap().len();

    // In the document itself, as an escape, in a mutation and in a query.
    let glossary = r#"mutation { createGlossaryEntry(input: { term: "A\u0000B", expansion: [{ lang: "en", value: "x" }] }) { term } }"#;
    let refused = app.graphql_with_token(glossary, json!({}), &organiser).await;
    assert_eq!((error_code(&refused), error_field(&refused)), ("BAD_USER_INPUT", "query"));
    let search = r#"{ conference { sessions(filter: { text: "mine\u0000" }) { totalCount } } }"#;
    assert_eq!(error_code(&app.graphql(search, json!({})).await), "BAD_USER_INPUT");
    let sign_in = app.graphql("mutation($c: String!) { signIn(code: $c) { token } }", json!({ "c": "AB\u{0}" })).await;
    assert_eq!(error_code(&sign_in), "BAD_USER_INPUT");

    let listed = app.graphql("{ conference { announcements { id } glossary { term } } }", json!({})).await;
    assert_eq!(data(&listed)["conference"]["announcements"].as_array().unwrap().len(), before);
    assert!(!listed.to_string().contains("A\\u0000B"));
    app.assert_healthy("NUL bytes").await;
}

/// Right-to-left overrides, marks and zero-width characters belong to real Arabic text: they
/// are stored and given back exactly.
#[tokio::test]
async fn right_to_left_and_zero_width_characters_round_trip() {
    let app = spawn_app().await;
    let delegate = consenting_delegate(&app, "Amina").await;
    let tricky = "\u{200F}بدون\u{200D}مكسرات\u{200B} \u{202E}olleh\u{202C} \u{FEFF}\u{2066}x\u{2069}";
    let submitted = app.graphql_with_token(SUBMIT, json!({ "key": "rtl", "items": item(tricky) }), &delegate).await;
    assert_eq!(data(&submitted)["submitAccommodationRequest"]["items"][0]["details"]["value"], tricky);
    let search = app
        .graphql(
            "query($t: String) { conference { sessions(filter: { text: $t }) { totalCount } } }",
            json!({ "t": tricky }),
        )
        .await;
    assert_eq!(data(&search)["conference"]["sessions"]["totalCount"], 0);
    app.assert_healthy("bidirectional text").await;
}

#[tokio::test]
async fn first_over_the_maximum_is_refused_on_every_connection() {
    let app = spawn_app().await;
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    for (query, token) in [
        ("{ conference { sessions(first: 1000000000) { totalCount } } }", None),
        ("{ conference { sessions(first: -1) { totalCount } } }", None),
        ("{ conference { accommodationQueue(first: 1000000000) { totalCount } } }", Some(&coordinator)),
        ("{ conference { accommodationQueue(first: -5) { totalCount } } }", Some(&coordinator)),
    ] {
        let response = match token {
            Some(token) => app.graphql_with_token(query, json!({}), token).await,
            None => app.graphql(query, json!({})).await,
        };
        assert_eq!((error_code(&response), error_field(&response)), ("BAD_USER_INPUT", "first"), "{query}");
    }
    app.assert_healthy("huge pages").await;
}

const ADD: &str = "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { agenda { slug } } }";

#[tokio::test]
async fn mutations_are_rate_limited_per_token_and_per_address() {
    let limits = MutationLimits {
        token_burst: 5,
        token_period: Duration::from_secs(3600),
        address_burst: 6,
        address_period: Duration::from_secs(3600),
    };
    let protection = Protection { mutations: limits, ..Protection::default() };
    let app = spawn_app_with(TestOptions { trust_forwarded_for: true, ..protected(protection) }).await;
    // Signing in is itself a mutation: each delegate signs in from an address of its own.
    let sign_in = |name: &'static str, address: &'static str| {
        let app = &app;
        async move {
            let code = app.invite(Role::Delegate, name).await;
            let signed = app
                .client
                .post(app.url("/graphql"))
                .header("x-forwarded-for", address)
                .json(&json!({ "query": "mutation($c: String!) { signIn(code: $c) { token } }", "variables": { "c": code } }))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap();
            data(&signed)["signIn"]["token"].as_str().unwrap().to_owned()
        }
    };
    let amina = sign_in("Amina", "192.0.2.1").await;
    let omar = sign_in("Omar", "192.0.2.2").await;
    let lucia = sign_in("Lucía", "192.0.2.3").await;
    let session = app.session_ids().await["opening-plenary"].clone();
    let add = |token: &str, address: &str| {
        app.client
            .post(app.url("/graphql"))
            .bearer_auth(token)
            .header("x-forwarded-for", address)
            .json(&json!({ "query": ADD, "variables": { "id": session } }))
            .send()
    };
    let venue = "198.51.100.7";
    for i in 0..5 {
        let response: Value = add(&amina, venue).await.unwrap().json().await.unwrap();
        assert!(response.get("errors").is_none(), "mutation {i} of the burst: {response}");
    }
    let limited: Value = add(&amina, venue).await.unwrap().json().await.unwrap();
    assert_eq!(error_code(&limited), "RATE_LIMITED", "the token's burst is spent");
    assert!(limited["errors"][0]["extensions"]["retryAfterSeconds"].as_u64().unwrap() > 0);
    let reading = app.graphql_with_token("{ me { agenda { slug } } }", json!({}), &amina).await;
    assert!(reading.get("errors").is_none(), "queries are not charged: {reading}");

    // The venue's address has paid for five: one more from anyone there, then none.
    let response: Value = add(&omar, venue).await.unwrap().json().await.unwrap();
    assert!(response.get("errors").is_none(), "{response}");
    let response: Value = add(&omar, venue).await.unwrap().json().await.unwrap();
    assert_eq!(error_code(&response), "RATE_LIMITED", "the address's burst is spent");
    let elsewhere: Value = add(&lucia, "203.0.113.9").await.unwrap().json().await.unwrap();
    assert!(elsewhere.get("errors").is_none(), "another address is not held up: {elsewhere}");

    // The same limits hold for mutations sent over a WebSocket.
    let mut ws = connect(app.addr, "graphql-transport-ws", &[("x-forwarded-for", "203.0.113.50")]).await;
    assert!(matches!(ws.init(json!({ "authorization": format!("Bearer {amina}") })).await, Received::Json(_)));
    ws.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": ADD, "variables": { "id": session } } }))
        .await;
    let answer = ws.json().await;
    let errors = if answer["type"] == "error" { &answer["payload"] } else { &answer["payload"]["errors"] };
    assert_eq!(errors[0]["extensions"]["code"], "RATE_LIMITED", "{answer}");
    app.assert_healthy("rate limits").await;
}

#[tokio::test]
async fn huge_strings_are_bad_input_naming_their_field() {
    let app = spawn_app().await;
    let delegate = consenting_delegate(&app, "Amina").await;
    let huge = "ع".repeat(20_000);
    let search = app
        .graphql(
            "query($t: String) { conference { sessions(filter: { text: $t }) { totalCount } } }",
            json!({ "t": huge }),
        )
        .await;
    assert_eq!((error_code(&search), error_field(&search)), ("BAD_USER_INPUT", "filter.text"));
    let key = app.graphql_with_token(SUBMIT, json!({ "key": huge, "items": item("no nuts") }), &delegate).await;
    assert_eq!((error_code(&key), error_field(&key)), ("BAD_USER_INPUT", "idempotencyKey"));
    let details = app.graphql_with_token(SUBMIT, json!({ "key": "k", "items": item(&huge) }), &delegate).await;
    assert_eq!((error_code(&details), error_field(&details)), ("BAD_USER_INPUT", "items[0].details"));
    let sign_in = app.graphql("mutation($c: String!) { signIn(code: $c) { token } }", json!({ "c": huge })).await;
    assert!(matches!(error_code(&sign_in), "BAD_USER_INPUT" | "UNAUTHENTICATED"), "{sign_in}");
    let mine = app.graphql_with_token(MY_REQUESTS, json!({}), &delegate).await;
    assert_eq!(data(&mine)["me"]["accommodationRequests"], json!([]), "nothing half-written");
    app.assert_healthy("huge strings").await;
}
