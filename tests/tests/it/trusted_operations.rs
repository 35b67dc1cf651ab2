//! `sanad serve --trusted-operations FILE` (issue 17): with the operators' list on, the server
//! runs the listed documents (whole or by hash alone, over HTTP and WebSocket) and the desk's
//! and the app's own operations, and refuses everything else with
//! `PERSISTED_QUERY_NOT_IN_LIST`, before parsing, with no data and nothing registered.

use reqwest::header::ACCEPT;
use sanad_api::app::api::ANNOUNCEMENT_PUBLISHED;
use sanad_schema::entities::enums::Role;
use sanad_schema::graphql::trusted::TrustedOperations;
use sanad_tests::browser::Browser;
use sanad_tests::ws::{Received, connect};
use sanad_tests::{TestApp, TestOptions, data, error_code, spawn_app_with};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const SLUG: &str = "query Slug { conference { slug } }";
const SIGN_IN: &str = "mutation($code: String!) { signIn(code: $code) { token } }";
const ANNOUNCE: &str = "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }";

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The file Apollo's `generate-persisted-query-manifest` writes for these documents.
fn manifest(documents: &[(&str, &str, &str)]) -> String {
    let operations: Vec<Value> = documents
        .iter()
        .map(|(name, kind, body)| json!({ "id": sha256_hex(body), "name": name, "type": kind, "body": body }))
        .collect();
    json!({ "format": "apollo-persisted-query-manifest", "version": 1, "operations": operations }).to_string()
}

async fn trusted_app() -> TestApp {
    let list =
        manifest(&[("Slug", "query", SLUG), ("SignIn", "mutation", SIGN_IN), ("Announce", "mutation", ANNOUNCE)]);
    let trusted = TrustedOperations::from_manifest(&list).expect("the manifest reads");
    spawn_app_with(TestOptions { trusted_operations: Some(trusted), ..Default::default() }).await
}

async fn post(app: &TestApp, body: Value, accept: Option<&str>) -> reqwest::Response {
    let mut request = app.client.post(app.url("/graphql")).json(&body);
    if let Some(accept) = accept {
        request = request.header(ACCEPT, accept);
    }
    request.send().await.unwrap()
}

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

fn assert_not_in_list(response: &Value) {
    assert_eq!(error_code(response), "PERSISTED_QUERY_NOT_IN_LIST", "{response}");
    assert!(response.get("data").is_none(), "a request error has no data: {response}");
    assert!(response["errors"][0].get("locations").is_none(), "about no place in the document: {response}");
}

#[tokio::test]
async fn only_listed_operations_run_whole_or_by_hash_and_nothing_else_is_registered() {
    let app = trusted_app().await;

    // Listed, sent whole over POST and GET.
    let whole: Value = post(&app, json!({ "query": SLUG }), None).await.json().await.unwrap();
    assert_eq!(data(&whole)["conference"]["slug"], "amman-2019");
    let get = app.client.get(app.url("/graphql")).query(&[("query", SLUG)]).send().await.unwrap();
    assert_eq!(get.status(), 200);
    let etag = get.headers()["etag"].to_str().unwrap().to_owned();

    // Listed, by hash alone, never registered by this client: found, with the same ETag.
    let extensions = persisted(&sha256_hex(SLUG)).to_string();
    let by_hash = app.client.get(app.url("/graphql")).query(&[("extensions", &extensions)]).send().await.unwrap();
    assert_eq!(
        (by_hash.status(), by_hash.headers()["etag"].to_str().unwrap()),
        (reqwest::StatusCode::OK, etag.as_str())
    );
    assert_eq!(by_hash.json::<Value>().await.unwrap(), whole);

    // Not listed: refused, whatever it is and however it comes.
    let unlisted = "query Other { conference { name { text } } }";
    for body in [
        json!({ "query": unlisted }),
        // One space more is another document.
        json!({ "query": format!("{SLUG} ") }),
        json!({ "query": "{ __schema { queryType { name } } }" }),
        json!({ "query": "mutation { signOut }" }),
        // Does not even parse: refused before parsing, as not listed.
        json!({ "query": "query {" }),
        // A hash not on the list: not "send it whole", which would not help.
        json!({ "extensions": persisted(&sha256_hex(unlisted)) }),
        // APQ's registration step: refused, and nothing is kept.
        json!({ "query": unlisted, "extensions": persisted(&sha256_hex(unlisted)) }),
        json!({ "extensions": persisted(&sha256_hex(unlisted)) }),
    ] {
        let response = post(&app, body.clone(), None).await;
        assert_eq!(response.status(), 200, "{body}: a request error is 200 under application/json");
        assert_not_in_list(&response.json().await.unwrap());
    }
    let strict = post(&app, json!({ "query": unlisted }), Some("application/graphql-response+json")).await;
    assert_eq!(strict.status(), 400, "a request error under the GraphQL response media type");
    assert_not_in_list(&strict.json().await.unwrap());
    let get = app.client.get(app.url("/graphql")).query(&[("query", unlisted)]).send().await.unwrap();
    assert_not_in_list(&get.json().await.unwrap());

    // Listed mutations run: the operators' own tooling signs in and publishes.
    let organiser = app.signed_in(Role::Organizer, "Omar Khalil").await;
    assert!(!organiser.is_empty());

    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn the_websocket_runs_the_apps_own_subscription_and_refuses_an_unlisted_one() {
    let app = trusted_app().await;
    let mut socket = connect(app.addr, "graphql-transport-ws", &[]).await;
    assert!(matches!(socket.init(json!({})).await, Received::Json(ack) if ack["type"] == "connection_ack"));

    let unlisted = "subscription { announcementPublished { id } }";
    socket.send(json!({ "id": "x", "type": "subscribe", "payload": { "query": unlisted } })).await;
    let refused = socket.json().await;
    assert_eq!(refused["id"], "x", "{refused}");
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_IN_LIST", "{refused}");
    assert!(refused["payload"]["data"].is_null(), "{refused}");
    assert!(refused["payload"]["errors"][0].get("locations").is_none(), "{refused}");
    let done = socket.json().await;
    assert_eq!((done["type"].as_str(), done["id"].as_str()), (Some("complete"), Some("x")), "{done}");

    // The app's own subscription, never in the operators' file, still runs.
    let own = json!({ "query": ANNOUNCEMENT_PUBLISHED.document, "operationName": ANNOUNCEMENT_PUBLISHED.name });
    socket.send(json!({ "id": "own", "type": "subscribe", "payload": own })).await;
    app.wait_for_subscriptions(1).await;
    let organiser = app.signed_in(Role::Organizer, "Omar Khalil").await;
    let text = json!(["en", "fr", "ar", "es"].map(|lang| json!({ "lang": lang, "value": "Lift B" })));
    let input = json!({ "severity": "INFO", "title": text, "whatChanged": text, "whatToDo": text });
    let published = app.graphql_with_token(ANNOUNCE, json!({ "input": input }), &organiser).await;
    let id = data(&published)["publishAnnouncement"]["id"].clone();
    let next = socket.json().await;
    assert_eq!((next["type"].as_str(), next["id"].as_str()), (Some("next"), Some("own")), "{next}");
    assert_eq!(next["payload"]["data"]["announcementPublished"]["id"], id);
}

#[tokio::test]
async fn the_desk_and_the_app_keep_working_with_the_list_on() {
    let app = trusted_app().await;
    let mut browser = Browser::new(&app);
    let programme = browser.get("/").await;
    assert_eq!(programme.status, 200);
    let session = programme.body.split("href=\"/sessions/").nth(1).and_then(|rest| rest.split('"').next()).unwrap();
    let session = session.to_owned();

    let code = app.invite(Role::Delegate, "Amina Saleh").await;
    let signed = browser.sign_in_to_app(&code, "/agenda").await;
    assert_eq!(signed.status, 303, "{}", signed.body);
    let csrf = browser.csrf();
    let added = browser.post(&format!("/sessions/{session}/agenda"), &[("csrf", &csrf), ("action", "add")]).await;
    assert_eq!(added.status, 303, "{}", added.body);
    let agenda = browser.get("/agenda").await;
    assert!(agenda.body.contains(&format!("href=\"/sessions/{session}\"")), "{}", agenda.body);

    let coordinator = app.invite(Role::Coordinator, "Layla Haddad").await;
    let mut desk = Browser::new(&app);
    let queue = desk.sign_in(&coordinator).await;
    assert_eq!(queue.status, 303, "{}", queue.body);
    let queue = desk.get("/desk").await;
    assert_eq!(queue.status, 200, "{}", queue.body);
}

#[tokio::test]
async fn a_list_that_is_not_one_stops_the_server_before_it_starts_naming_the_entry() {
    use clap::Parser;
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    // What `sanad serve --trusted-operations FILE` says before it starts (it never starts).
    let refusal = |file: &std::path::Path| {
        let args = ["sanad", "--data-dir", data_dir.to_str().unwrap(), "serve", "--listen", "127.0.0.1:0"];
        let args = args.into_iter().chain(["--trusted-operations", file.to_str().unwrap()]);
        let cli = sanad_api::cli::Cli::try_parse_from(args).unwrap();
        async move { sanad_api::cli::run(cli, &mut Vec::new()).await.unwrap_err().to_string() }
    };
    let file = dir.path().join("operations.json");
    // The second entry's id is another document's.
    let wrong = json!({ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [
        { "id": sha256_hex(SLUG), "name": "Slug", "type": "query", "body": SLUG },
        { "id": sha256_hex("query B { conference { slug } }"), "name": "B", "type": "query", "body": "query B { conference { name { text } } }" },
    ] });
    for (text, expected) in [
        (wrong.to_string(), "operation #2 (B): the id is not the SHA-256 of the document"),
        ("{\"format\": \"apollo-persisted-query-manifest\"".to_owned(), "not JSON"),
        ("{}".to_owned(), "lists no operation"),
    ] {
        std::fs::write(&file, &text).unwrap();
        let message = refusal(&file).await;
        assert!(message.contains(expected) && message.contains(file.to_str().unwrap()), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    let message = refusal(&dir.path().join("missing.json")).await;
    assert!(message.contains("missing.json"), "{message}");
}
