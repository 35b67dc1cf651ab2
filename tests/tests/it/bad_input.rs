//! Every bad input gets a clear error code, and the server stays healthy.

use sanad_tests::{error_code, error_field, spawn_app};
use serde_json::{Value, json};

fn encode(raw: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

#[tokio::test]
async fn unknown_and_malformed_ids() {
    let app = spawn_app().await;
    let cases: [(&str, Value, &str, Option<&str>); 6] = [
        ("query($id: ID!) { node(id: $id) { id } }", json!({ "id": encode("Session:999999") }), "NOT_FOUND", None),
        ("query($id: ID!) { node(id: $id) { id } }", json!({ "id": encode("Room:999999") }), "NOT_FOUND", None),
        (
            "query($id: ID!) { conference { session(id: $id) { id } } }",
            json!({ "id": encode("Session:999999") }),
            "NOT_FOUND",
            None,
        ),
        (
            "query($id: ID!) { conference { speaker(id: $id) { id } } }",
            json!({ "id": encode("Speaker:424242") }),
            "NOT_FOUND",
            None,
        ),
        ("query($id: ID!) { node(id: $id) { id } }", json!({ "id": "not-an-id" }), "BAD_USER_INPUT", Some("id")),
        (
            "query($id: ID!) { conference { session(id: $id) { id } } }",
            json!({ "id": encode("Room:1") }),
            "BAD_USER_INPUT",
            Some("id"),
        ),
    ];
    for (query, variables, code, field) in cases {
        let response = app.graphql(query, variables.clone()).await;
        assert_eq!(error_code(&response), code, "{variables}: {response}");
        if let Some(field) = field {
            assert_eq!(error_field(&response), field);
        }
    }
    let response = app.graphql(r#"{ conference(slug: "no-such-conference") { slug } }"#, json!({})).await;
    assert_eq!(error_code(&response), "NOT_FOUND");
    app.assert_healthy("unknown ids").await;
}

#[tokio::test]
async fn bad_arguments_name_their_field() {
    let app = spawn_app().await;
    let cases = [
        (r#"{ conference { sessions(after: "garbage!") { totalCount } } }"#, "after"),
        (r#"{ conference { sessions(first: 2001) { totalCount } } }"#, "first"),
        (r#"{ conference { sessions(first: -1) { totalCount } } }"#, "first"),
        (r#"{ conference(lang: "not a language") { slug } }"#, "lang"),
        (
            r#"{ conference { sessions(filter: { floorLanguage: "12345678901" }) { totalCount } } }"#,
            "filter.floorLanguage",
        ),
        (r#"{ conference { sessions(filter: { room: "bm9wZQ" }) { totalCount } } }"#, "filter.room"),
        (r#"{ conference { upNext(limit: 0) { id } } }"#, "limit"),
    ];
    for (query, field) in cases {
        let response = app.graphql(query, json!({})).await;
        assert_eq!(error_code(&response), "BAD_USER_INPUT", "{query}: {response}");
        assert_eq!(error_field(&response), field, "{query}: {response}");
    }
    let long = "x".repeat(201);
    let response = app
        .graphql(
            "query($t: String) { conference { sessions(filter: { text: $t }) { totalCount } } }",
            json!({ "t": long }),
        )
        .await;
    assert_eq!(error_field(&response), "filter.text");
    let response = app
        .graphql(
            "query($t: String) { conference { sessions(filter: { text: $t }) { totalCount } } }",
            json!({ "t": "a\u{0}b" }),
        )
        .await;
    assert_eq!(error_code(&response), "BAD_USER_INPUT", "a NUL byte is bad input, not a database error: {response}");
    app.assert_healthy("bad arguments").await;
}

#[tokio::test]
async fn unknown_enum_values_and_fields_are_bad_input() {
    let app = spawn_app().await;
    for query in [
        r#"{ conference { sessions(filter: { kinds: [PICNIC] }) { totalCount } } }"#,
        r#"{ conference { noSuchField } }"#,
        r#"{ conference { sessions(first: "ten") { totalCount } } }"#,
        r#"{ conference { sessions(first: 99999999999) { totalCount } } }"#,
        "{ conference { slug ",
    ] {
        let response = app.graphql(query, json!({})).await;
        assert_eq!(error_code(&response), "BAD_USER_INPUT", "{query}: {response}");
        let message = response["errors"][0]["message"].as_str().unwrap();
        assert!(!message.contains("Did you mean"), "suggestions are off: {message}");
    }
    app.assert_healthy("unknown enum values").await;
}

#[tokio::test]
async fn deep_wide_and_aliased_queries_are_refused() {
    let app = spawn_app().await;
    let deep = format!(
        "{{ conference {{ {}id{} }} }}",
        "sessions { nodes { speakers { speaker { sessions { ".repeat(3),
        " } } } } }".repeat(3)
    );
    let response = app.graphql(&deep, json!({})).await;
    assert_eq!(error_code(&response), "BAD_USER_INPUT", "{response}");
    assert!(response["data"].is_null(), "nothing ran: {response}");

    let aliases: String = (0..100).map(|i| format!("a{i}: conference {{ slug }} ")).collect();
    let response = app.graphql(&format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(error_code(&response), "BAD_USER_INPUT");
    assert!(response["errors"][0]["message"].as_str().unwrap().contains("aliases"));

    let fragment_cycle = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
    assert_eq!(error_code(&app.graphql(fragment_cycle, json!({})).await), "BAD_USER_INPUT");
    app.assert_healthy("query bombs").await;
}

#[tokio::test]
async fn transport_refusals() {
    let app = spawn_app().await;
    let url = app.url("/graphql");

    let big = json!({ "query": format!("{{ conference {{ slug }} }} #{}", "x".repeat(70 * 1024)) });
    let response = app.client.post(&url).json(&big).send().await.unwrap();
    assert_eq!(response.status(), 413);

    let batch = json!([{ "query": "{ conference { slug } }" }, { "query": "{ conference { slug } }" }]);
    let response = app.client.post(&url).json(&batch).send().await.unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "BAD_USER_INPUT");

    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
        let mut request = app.client.post(&url).body(r#"{"query":"{ conference { slug } }"}"#);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 415, "{content_type:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
    }

    for body in
        ["", "{", "\"just a string\"", r#"{"query": 42}"#, r#"{"query":"{ conference { slug } }","variables":[1]}"#]
    {
        let response =
            app.client.post(&url).header("content-type", "application/json").body(body).send().await.unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
    }
    let response = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body(vec![0xff, 0xfe, 0x00])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "invalid UTF-8");

    let response = app.client.get(&url).query(&[("query", "mutation { x }")]).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "BAD_USER_INPUT");

    let response = app
        .client
        .get(&url)
        .query(&[("query", "{ conference { slug } }"), ("variables", "{nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let response = app.client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 400, "GET without a query");
    app.assert_healthy("transport refusals").await;
}
