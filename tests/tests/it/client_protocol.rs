//! What client developers' tools and phones on venue Wi-Fi send (issue 17): graphql-js's
//! standard introspection query, GraphQL over HTTP's media type, Apollo's automatic persisted
//! queries, request errors for variables out of range, the headers caches need, and GraphiQL
//! served from the binary. (The same, driven by the npm `graphql` package and chromium, is
//! `tests/browser/client-tooling.mjs`.)

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use sanad_tests::{TestApp, data, error_code, error_field, spawn_app};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// `getIntrospectionQuery()` of graphql 16.15.0 with every option on (descriptions,
/// `specifiedByURL`, repeatable directives, the schema's description, deprecated arguments),
/// as GraphiQL, graphql-codegen and graphql-inspector send it.
const INTROSPECTION: &str = include_str!("fixtures/introspection-graphql-js-16.graphql");

async fn post(app: &TestApp, body: Value, accept: Option<&str>) -> reqwest::Response {
    let mut request = app.client.post(app.url("/graphql")).json(&body);
    if let Some(accept) = accept {
        request = request.header(ACCEPT, accept);
    }
    request.send().await.unwrap()
}

/// `depth` fields nested: `conference { speakers { sessions { speakers { speaker { sessions …`,
/// down to a leaf.
fn nested(depth: usize) -> String {
    let mut path = vec!["conference", "speakers"];
    while path.len() < depth - 1 {
        path.extend(["sessions", "speakers", "speaker"]);
    }
    path.truncate(depth - 1);
    // Speaker, Session and Conference have a slug; SessionSpeaker has a role.
    let leaf = if path.last() == Some(&"speakers") && path.len() > 2 { "role" } else { "slug" };
    let open: String = path.iter().map(|f| format!("{f} {{ ")).collect();
    format!("{{ {open}{leaf} {}}}", "} ".repeat(path.len()))
}

#[tokio::test]
async fn the_standard_introspection_query_passes_and_business_depth_stays_bounded() {
    let app = spawn_app().await;
    let response: Value = post(&app, json!({ "query": INTROSPECTION }), None).await.json().await.unwrap();
    let schema = &data(&response)["__schema"];
    assert_eq!(schema["queryType"]["name"], "QueryRoot");
    let scalars: Vec<&Value> = schema["types"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "SCALAR" && t["name"].as_str().is_some_and(|n| n.chars().next().is_some()))
        .filter(|t| !["Int", "Float", "String", "Boolean", "ID"].contains(&t["name"].as_str().unwrap()))
        .collect();
    assert_eq!(scalars.len(), 3, "DateTime, JSON, NaiveDate");
    for scalar in scalars {
        assert!(scalar["specifiedByURL"].as_str().is_some_and(|u| u.starts_with("https://")), "{scalar}");
        let description = scalar["description"].as_str().unwrap();
        assert!(!description.contains("Implement the") && description.len() > 40, "{scalar}");
    }

    // Business fields stay within 12 levels, introspection or not.
    let twelve = nested(12);
    let answer: Value = post(&app, json!({ "query": twelve }), None).await.json().await.unwrap();
    assert!(answer.get("errors").is_none(), "{twelve}: {answer}");
    let thirteen = nested(13);
    let refused: Value = post(&app, json!({ "query": thirteen }), None).await.json().await.unwrap();
    assert_eq!(error_code(&refused), "BAD_USER_INPUT");
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("nested too deep"), "{refused}");
    assert!(refused.get("data").is_none(), "a request error has no data: {refused}");

    // The same depth through a fragment.
    let through_fragment = format!("query {{ ...F }} fragment F on QueryRoot {}", &thirteen[..]);
    let refused: Value = post(&app, json!({ "query": through_fragment }), None).await.json().await.unwrap();
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("nested too deep"), "{refused}");

    // Introspection has a bound of its own: 21 levels of ofType is refused.
    let of_type = (0..20).fold("name".to_owned(), |inner, _| format!("ofType {{ {inner} }}"));
    let deep = format!("{{ __type(name: \"Session\") {{ {of_type} }} }}");
    let refused: Value = post(&app, json!({ "query": deep }), None).await.json().await.unwrap();
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("introspection"), "{refused}");
    app.assert_healthy("deep documents").await;
}

#[tokio::test]
async fn the_graphql_response_media_type_is_negotiated_with_its_status_codes() {
    let app = spawn_app().await;
    let graphql_response = "application/graphql-response+json, application/json;q=0.9";
    let good = json!({ "query": "{ conference { slug } }" });
    let broken = json!({ "query": "{ conference { slug " });
    let invalid = json!({ "query": "{ conference { noSuchField } }" });

    let ok = post(&app, good.clone(), Some(graphql_response)).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()[CONTENT_TYPE], "application/graphql-response+json");
    for bad in [&broken, &invalid] {
        let response = post(&app, bad.clone(), Some(graphql_response)).await;
        assert_eq!(response.status(), 400, "{bad}");
        assert_eq!(response.headers()[CONTENT_TYPE], "application/graphql-response+json");
        let body: Value = response.json().await.unwrap();
        assert!(body.get("data").is_none(), "{body}");
        assert_eq!(error_code(&body), "BAD_USER_INPUT");

        // Legacy clients (application/json, or no Accept) get 200, and no data either.
        for accept in [Some("application/json"), None, Some("*/*")] {
            let response = post(&app, bad.clone(), accept).await;
            assert_eq!(response.status(), 200, "{accept:?}");
            assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
            let body: Value = response.json().await.unwrap();
            assert!(body.get("data").is_none() && body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT");
        }
    }
    // A field error is not a request error: 200 with data, under either media type.
    let missing = json!({ "query": "{ node(id: \"no-such-id\") { id } }" });
    let response = post(&app, missing, Some(graphql_response)).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert!(body.get("data").is_some() && body["errors"].is_array(), "{body}");
}

#[tokio::test]
async fn an_int_variable_out_of_range_is_a_request_error_without_data() {
    let app = spawn_app().await;
    let query = "query($first: Int) { conference { sessions(first: $first) { totalCount } } }";
    for (first, fine) in [
        (json!(2), true),
        (json!(2_147_483_647_i64), true),
        (json!(4_294_967_296_i64), false),
        (json!(-2_147_483_649_i64), false),
    ] {
        let response: Value =
            post(&app, json!({ "query": query, "variables": { "first": first } }), None).await.json().await.unwrap();
        if fine {
            // In range, the field decides: 2 is fine, 2^31-1 is over its own bound.
            assert!(response.get("data").is_some(), "{first}: {response}");
        } else {
            assert!(response.get("data").is_none(), "{first}: {response}");
            assert_eq!(error_code(&response), "BAD_USER_INPUT");
            assert_eq!(error_field(&response), "first");
        }
    }
    // A value written in the document, at any depth, through a fragment.
    let written = "{ ...F } fragment F on QueryRoot { conference { sessions(first: 4294967296) { totalCount } } }";
    let response: Value = post(&app, json!({ "query": written }), None).await.json().await.unwrap();
    assert!(response.get("data").is_none(), "{response}");
    assert_eq!(error_field(&response), "first");
    // A default the document gives is checked as if sent.
    let defaulted = "query($first: Int = 4294967296) { conference { sessions(first: $first) { totalCount } } }";
    let response: Value = post(&app, json!({ "query": defaulted }), None).await.json().await.unwrap();
    assert!(response.get("data").is_none(), "{response}");
    assert_eq!(error_field(&response), "first");
    // Through a list.
    let query = "mutation($days: [NaiveDate!], $n: [Int!]) { signOut }";
    let response: Value = post(&app, json!({ "query": query, "variables": { "n": [1, 3_000_000_000_i64] } }), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(error_field(&response), "n", "{response}");
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

#[tokio::test]
async fn persisted_queries_follow_apollos_protocol_over_post_and_get() {
    let app = spawn_app().await;
    let query = sanad_tests::FULL_PROGRAMME;
    let hash = sha256_hex(query);
    let variables = json!({ "first": 5 });
    let get = |extensions: Value, etag: Option<&str>| {
        let mut request = app
            .client
            .get(app.url("/graphql"))
            .query(&[("extensions", extensions.to_string()), ("variables", variables.to_string())]);
        if let Some(etag) = etag {
            request = request.header("if-none-match", etag);
        }
        request.send()
    };

    // 1. The hash alone: not known yet. Apollo's clients look for this message and code.
    let unknown = get(persisted(&hash), None).await.unwrap();
    assert_eq!(unknown.status(), 200);
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(error_code(&body), "PERSISTED_QUERY_NOT_FOUND");
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");
    assert!(body.get("data").is_none());
    let strict = app
        .client
        .get(app.url("/graphql"))
        .query(&[("extensions", persisted(&hash).to_string())])
        .header(ACCEPT, "application/graphql-response+json")
        .send()
        .await
        .unwrap();
    assert_eq!(strict.status(), 400, "a request error under the GraphQL response media type");

    // 2. The hash with the document registers it (and answers it).
    let registered: Value =
        post(&app, json!({ "query": query, "variables": variables, "extensions": persisted(&hash) }), None)
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(data(&registered)["conference"]["slug"], "amman-2019");

    // 3. The hash alone now answers, over GET, with the same ETag as the full document.
    let by_hash = get(persisted(&hash), None).await.unwrap();
    assert_eq!(by_hash.status(), 200);
    let etag = by_hash.headers()["etag"].to_str().unwrap().to_owned();
    assert!(by_hash.headers()["vary"].to_str().unwrap().contains("accept-language"));
    let by_hash: Value = by_hash.json().await.unwrap();
    assert_eq!(by_hash, registered);
    let full = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", query.to_owned()), ("variables", variables.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(full.headers()["etag"].to_str().unwrap(), etag);
    let revalidated = get(persisted(&hash), Some(&etag)).await.unwrap();
    assert_eq!(revalidated.status(), 304);
    assert_eq!(revalidated.headers()["cache-control"], "no-cache");

    // Bad input: each a clear 400, nothing registered.
    let other = "{ conference { slug } }";
    for (body, why) in [
        (json!({ "query": other, "extensions": persisted(&hash) }), "the hash of another document"),
        (
            json!({ "query": other, "extensions": { "persistedQuery": { "version": 2, "sha256Hash": sha256_hex(other) } } }),
            "version 2",
        ),
        (json!({ "query": other, "extensions": persisted("abc") }), "a short hash"),
        (json!({ "extensions": persisted(&"z".repeat(64)) }), "not hex"),
        (json!({ "extensions": { "persistedQuery": "yes" } }), "not an object"),
        (json!({ "variables": {} }), "neither document nor hash"),
    ] {
        let response = post(&app, body, None).await;
        assert_eq!(response.status(), 400, "{why}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{why}");
    }
    let not_json = app.client.get(app.url("/graphql")).query(&[("extensions", "{nope")]).send().await.unwrap();
    assert_eq!(not_json.status(), 400);
    let other_hash: Value = get(persisted(&sha256_hex(other)), None).await.unwrap().json().await.unwrap();
    assert_eq!(error_code(&other_hash), "PERSISTED_QUERY_NOT_FOUND", "the mismatched document was not kept");

    // A document that does not parse is not kept under its hash.
    let broken = "{ conference { slug ";
    let _ = post(&app, json!({ "query": broken, "extensions": persisted(&sha256_hex(broken)) }), None).await;
    let body: Value = get(persisted(&sha256_hex(broken)), None).await.unwrap().json().await.unwrap();
    assert_eq!(error_code(&body), "PERSISTED_QUERY_NOT_FOUND");

    // Mutations run with their hash but are not kept: they may carry a delegate's words
    // inline, and a hash alone cannot run one over GET anyway.
    let mutation = "mutation { signOut }";
    let ran: Value = post(&app, json!({ "query": mutation, "extensions": persisted(&sha256_hex(mutation)) }), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(error_code(&ran), "UNAUTHENTICATED", "it ran: {ran}");
    let body: Value = get(persisted(&sha256_hex(mutation)), None).await.unwrap().json().await.unwrap();
    assert_eq!(error_code(&body), "PERSISTED_QUERY_NOT_FOUND");
    app.assert_healthy("persisted queries").await;
}

#[tokio::test]
async fn a_document_answered_from_the_cache_is_still_kept_under_its_hash() {
    let app = spawn_app().await;
    let query = "{ conference { slug name { value } } }";
    let hash = sha256_hex(query);
    // Another client's GET puts the answer in the response cache first.
    let first = app.client.get(app.url("/graphql")).query(&[("query", query)]).send().await.unwrap();
    assert_eq!(first.status(), 200);
    let with_hash = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", query.to_owned()), ("extensions", persisted(&hash).to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(with_hash.headers()["x-sanad-cache"], "hit");
    let by_hash = app
        .client
        .get(app.url("/graphql"))
        .query(&[("extensions", persisted(&hash).to_string())])
        .send()
        .await
        .unwrap();
    let body: Value = by_hash.json().await.unwrap();
    assert_eq!(data(&body)["conference"]["slug"], "amman-2019", "kept on the hit: {body}");
}

#[tokio::test]
async fn responses_say_what_they_vary_on_and_personal_ones_are_not_stored() {
    let app = spawn_app().await;
    let anonymous =
        app.client.get(app.url("/graphql")).query(&[("query", "{ conference { slug } }")]).send().await.unwrap();
    let vary = anonymous.headers()["vary"].to_str().unwrap().to_owned();
    for header in ["accept", "accept-encoding", "accept-language", "authorization"] {
        assert!(vary.contains(header), "{vary}");
    }
    assert_eq!(anonymous.headers()["cache-control"], "no-cache");
    let token = app.signed_in(sanad_schema::entities::enums::Role::Delegate, "Amina").await;
    let personal = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "{ me { name } }")])
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(personal.status(), 200);
    assert_eq!(personal.headers()["cache-control"], "no-store");
    assert!(personal.headers().get("etag").is_none());
    assert!(personal.headers()["vary"].to_str().unwrap().contains("authorization"));
}

#[tokio::test]
async fn graphiql_is_served_from_the_binary_alone() {
    let app = spawn_app().await;
    let page = app.client.get(app.url("/graphiql")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(!html.contains("unpkg") && !html.contains("https://") && !html.contains("http://"), "{html}");
    let assets: Vec<String> =
        html.split(['"']).filter(|part| part.starts_with("/graphiql/assets/")).map(str::to_owned).collect();
    assert_eq!(assets.len(), 5, "{html}");
    for asset in &assets {
        let response = app.client.get(app.url(asset)).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(response.status(), 200, "{asset}");
        assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(response.headers()["content-encoding"], "gzip", "{asset}");
        assert!(!response.bytes().await.unwrap().is_empty());
    }
    let old = assets[0].replace("/graphiql/assets/", "/graphiql/assets/000000000000-");
    assert_eq!(app.client.get(app.url(&old)).send().await.unwrap().status(), 404);
    let unknown = app.client.get(app.url("/graphiql/assets/x/../../healthz")).send().await.unwrap();
    assert_ne!(unknown.status(), 500);
}
