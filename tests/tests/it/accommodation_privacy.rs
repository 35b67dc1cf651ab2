//! The privacy matrix of the accommodation desk (DESIGN §6): every field of a real request and
//! every mutation on it, as anonymous, its delegate, another delegate, a coordinator, an
//! organiser and a coordinator of another conference. The fields come from introspection, so
//! a field added later is in the matrix without anyone remembering to add it.

use sanad_schema::entities::enums::Role;
use sanad_tests::{TestApp, TestOptions, data, error_code, spawn_app_with};
use serde_json::{Value, json};

const VIEWERS: [&str; 6] =
    ["anonymous", "delegate", "another delegate", "coordinator", "organizer", "other conference's coordinator"];

/// Who may read a request: its delegate and the coordinators of its conference.
const MAY_READ: [bool; 6] = [false, true, false, true, false, false];

/// The fields of an object type, each with a selection that makes it a valid query.
async fn selections(app: &TestApp, type_name: &str) -> Vec<(String, String)> {
    let query = "query($name: String!) { __type(name: $name) { fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }";
    let found = app.graphql(query, json!({ "name": type_name })).await;
    let fields = data(&found)["__type"]["fields"].as_array().cloned().unwrap_or_default();
    assert!(!fields.is_empty(), "{type_name} has fields: {found}");
    fields
        .iter()
        .map(|field| {
            let name = field["name"].as_str().unwrap().to_owned();
            // Unwrap NON_NULL and LIST to the named type.
            let mut ty = &field["type"];
            while ty["name"].is_null() {
                ty = &ty["ofType"];
            }
            let selection = match ty["kind"].as_str().unwrap() {
                "OBJECT" | "INTERFACE" | "UNION" => format!("{name} {{ __typename }}"),
                _ => name.clone(),
            };
            (name, selection)
        })
        .collect()
}

struct Desk {
    tokens: [Option<String>; 6],
    request: Value,
    item: Value,
}

/// The demo conference, and a second one whose coordinator must see nothing of the demo's.
async fn two_conferences() -> TestApp {
    spawn_app_with(TestOptions { programme: Some(sanad_tests::synthetic::programme_json(3)), ..TestOptions::default() })
        .await
}

async fn desk(app: &TestApp) -> Desk {
    let demo = |role, name| async move { app.sign_in(&app.invite_to(Some("amman-2019"), role, name).await).await };
    let delegate = demo(Role::Delegate, "Amina").await;
    let other = demo(Role::Delegate, "Omar").await;
    let coordinator = demo(Role::Coordinator, "Desk").await;
    let organizer = demo(Role::Organizer, "Lead").await;
    let elsewhere = app.sign_in(&app.invite_to(Some("synthetic-3"), Role::Coordinator, "Elsewhere").await).await;
    let consent = "mutation { giveAccommodationConsent(version: 1, lang: \"en\") { version } }";
    assert!(app.graphql_with_token(consent, json!({}), &delegate).await.get("errors").is_none());
    let first = "{ conference(slug: \"amman-2019\") { sessions(first: 1) { nodes { id } } } }";
    let session = data(&app.graphql(first, json!({})).await)["conference"]["sessions"]["nodes"][0]["id"].clone();
    let submit = "mutation($session: ID!) { submitAccommodationRequest(idempotencyKey: \"privacy\", items: [
        { serviceType: SIGN_LANGUAGE_INTERPRETATION, details: \"Jordanian Sign Language\", sessionIds: [$session] }
    ]) { id items { id } } }";
    let submitted = app.graphql_with_token(submit, json!({ "session": session }), &delegate).await;
    let request = data(&submitted)["submitAccommodationRequest"]["id"].clone();
    let item = data(&submitted)["submitAccommodationRequest"]["items"][0]["id"].clone();
    // A thread with an internal note and a confirmed booking, so every field has something
    // to leak.
    let send = "mutation($id: ID!, $body: String!, $internal: Boolean!) { sendRequestMessage(itemId: $id, body: $body, internal: $internal) { id } }";
    for (body, internal) in [("Which sign language?", false), ("Ask agency B first", true)] {
        let sent =
            app.graphql_with_token(send, json!({ "id": item, "body": body, "internal": internal }), &coordinator).await;
        assert!(sent.get("errors").is_none(), "{sent}");
    }
    Desk {
        tokens: [None, Some(delegate), Some(other), Some(coordinator), Some(organizer), Some(elsewhere)],
        request,
        item,
    }
}

async fn run(app: &TestApp, token: &Option<String>, query: &str, variables: Value) -> Value {
    match token {
        Some(token) => app.graphql_with_token(query, variables, token).await,
        None => app.graphql(query, variables).await,
    }
}

#[tokio::test]
async fn every_request_field_is_for_its_delegate_and_the_desk_only() {
    let app = two_conferences().await;
    let desk = desk(&app).await;
    let mut failures = Vec::new();
    for (type_name, id) in [("AccommodationRequest", &desk.request), ("RequestItem", &desk.item)] {
        for (field, selection) in selections(&app, type_name).await {
            let query = format!("query($id: ID!) {{ node(id: $id) {{ ... on {type_name} {{ {selection} }} }} }}");
            for ((viewer, token), may_read) in VIEWERS.iter().zip(&desk.tokens).zip(MAY_READ) {
                let response = run(&app, token, &query, json!({ "id": id })).await;
                let node = &response["data"]["node"];
                let outcome = match (may_read, response.get("errors")) {
                    (true, None) if node.get(&field).is_some() => None,
                    (false, Some(_)) if node.is_null() && error_code(&response) == "NOT_FOUND" => None,
                    _ => Some(format!("{type_name}.{field} as {viewer}: {response}")),
                };
                failures.extend(outcome);
            }
        }
    }
    assert!(failures.is_empty(), "{} leaks or refusals:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn internal_notes_and_read_logs_stay_with_the_desk() {
    let app = two_conferences().await;
    let desk = desk(&app).await;
    let thread = "query($id: ID!) { node(id: $id) { ... on RequestItem { messages { internal body { value } } } } }";
    let as_delegate = run(&app, &desk.tokens[1], thread, json!({ "id": desk.item })).await;
    assert_eq!(
        data(&as_delegate)["node"]["messages"],
        json!([{ "internal": false, "body": { "value": "Which sign language?" } }])
    );
    let as_desk = run(&app, &desk.tokens[3], thread, json!({ "id": desk.item })).await;
    assert_eq!(data(&as_desk)["node"]["messages"].as_array().unwrap().len(), 2);

    // `me` only ever reaches the viewer's own requests.
    let mine = "{ me { accommodationRequests { id } } }";
    for (viewer, token) in VIEWERS.iter().zip(&desk.tokens).skip(1) {
        let response = run(&app, token, mine, json!({})).await;
        let expected = if *viewer == "delegate" { json!([{ "id": desk.request }]) } else { json!([]) };
        assert_eq!(data(&response)["me"]["accommodationRequests"], expected, "{viewer}");
    }
    let who = "query($id: ID!) { me { whoViewedMyRequest(requestId: $id) { viewerName } } }";
    for ((viewer, token), expected) in
        VIEWERS.iter().zip(&desk.tokens).zip(["", "ok", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]).skip(1)
    {
        let response = run(&app, token, who, json!({ "id": desk.request })).await;
        match expected {
            "ok" => assert_eq!(data(&response)["me"]["whoViewedMyRequest"][0]["viewerName"], "Desk", "{viewer}"),
            code => assert_eq!(error_code(&response), code, "{viewer}: {response}"),
        }
    }
    // Only the desk's coordinator read it; the refused viewers left no trace in the log.
    let log = run(&app, &desk.tokens[1], who, json!({ "id": desk.request })).await;
    let names: Vec<&str> = data(&log)["me"]["whoViewedMyRequest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["viewerName"].as_str().unwrap())
        .collect();
    assert!(!names.is_empty() && names.iter().all(|n| *n == "Desk"), "{names:?}");
}

#[tokio::test]
async fn every_mutation_on_a_request_checks_who_asks() {
    let app = two_conferences().await;
    let desk = desk(&app).await;
    let item = json!({ "id": desk.item });
    // Each mutation with an input every permitted viewer can act on, and the outcome for each
    // of VIEWERS: "ok", or an error code. A stale version gives CONFLICT to whoever passed the
    // access check, so the row proves the check without changing the item.
    let rows: [(&str, [&str; 6]); 5] = [
        (
            "mutation($id: ID!) { moveRequestItem(itemId: $id, to: WITHDRAWN, expectedVersion: 99) { id } }",
            ["UNAUTHENTICATED", "CONFLICT", "NOT_FOUND", "CONFLICT", "NOT_FOUND", "NOT_FOUND"],
        ),
        (
            "mutation($id: ID!) { assignRequestItem(itemId: $id, expectedVersion: 99) { id } }",
            ["UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "CONFLICT", "FORBIDDEN", "NOT_FOUND"],
        ),
        (
            "mutation($id: ID!) { sendRequestMessage(itemId: $id, body: \"Thank you\") { id } }",
            ["UNAUTHENTICATED", "ok", "NOT_FOUND", "ok", "NOT_FOUND", "NOT_FOUND"],
        ),
        (
            "mutation($id: ID!) { sendRequestMessage(itemId: $id, body: \"note\", internal: true) { id } }",
            ["UNAUTHENTICATED", "BAD_USER_INPUT", "NOT_FOUND", "ok", "NOT_FOUND", "NOT_FOUND"],
        ),
        (
            // Another delegate's item in a new request of one's own: refused whole.
            "mutation($id: ID!) { submitAccommodationRequest(idempotencyKey: \"steal\", items: [{ serviceType: DIETARY, sessionIds: [$id] }]) { id } }",
            [
                "UNAUTHENTICATED",
                "BAD_USER_INPUT",
                "BAD_USER_INPUT",
                "BAD_USER_INPUT",
                "BAD_USER_INPUT",
                "BAD_USER_INPUT",
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (query, expected) in rows {
        for ((viewer, token), expected) in VIEWERS.iter().zip(&desk.tokens).zip(expected) {
            let response = run(&app, token, query, item.clone()).await;
            let got = if response.get("errors").is_none() { "ok".to_owned() } else { error_code(&response).to_owned() };
            if got != expected {
                failures.push(format!("{viewer}: {query}\n  expected {expected}, got {response}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Nothing the refused viewers tried changed the item.
    let state = "query($id: ID!) { node(id: $id) { ... on RequestItem { status version assignee { name } } } }";
    let now = run(&app, &desk.tokens[3], state, item).await;
    assert_eq!(data(&now)["node"], json!({ "status": "SUBMITTED", "version": 1, "assignee": null }));
}
