//! The coordinators' queue as a Relay connection: pages follow one another in urgency order
//! with no item lost or repeated, also across items with and without a concerned session.

use sanad_schema::entities::enums::Role;
use sanad_tests::{data, error_code, error_field, spawn_app};
use serde_json::{Value, json};

const PAGE: &str = "query($first: Int!, $after: String) {
  conference { accommodationQueue(first: $first, after: $after) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor }
  } }
}";

#[tokio::test]
async fn paging_through_the_queue_gives_every_item_once_in_order() {
    let app = spawn_app().await;
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    let sessions: Vec<Value> = app.session_ids().await.into_values().take(4).collect();
    // Two delegates, items of several cut-offs, some tied on cut-off and session, some with no
    // session at all: every branch of the ordering.
    for (name, key) in [("Amina", "a"), ("Omar", "b")] {
        let token = app.signed_in(Role::Delegate, name).await;
        let consent = "mutation { giveAccommodationConsent(version: 1, lang: \"en\") { version } }";
        app.graphql_with_token(consent, json!({}), &token).await;
        let mut items = Vec::new();
        for service in ["SIGN_LANGUAGE_INTERPRETATION", "LIVE_CAPTIONING", "DIETARY", "SIGHTED_GUIDE"] {
            items.push(json!({ "serviceType": service, "sessionIds": [sessions[items.len() % sessions.len()]] }));
            items.push(json!({ "serviceType": service, "sessionIds": [sessions[0]] }));
            items.push(json!({ "serviceType": service, "days": ["2019-09-11"] }));
        }
        let submit = "mutation($key: String!, $items: [RequestItemInput!]!) { submitAccommodationRequest(idempotencyKey: $key, items: $items) { id } }";
        let submitted = app.graphql_with_token(submit, json!({ "key": key, "items": items }), &token).await;
        assert!(submitted.get("errors").is_none(), "{submitted}");
    }

    let whole = app.graphql_with_token(PAGE, json!({ "first": 200 }), &coordinator).await;
    let queue = &data(&whole)["conference"]["accommodationQueue"];
    let all: Vec<Value> = queue["edges"].as_array().unwrap().iter().map(|e| e["node"]["id"].clone()).collect();
    assert_eq!(all.len(), 24);
    assert_eq!(queue["totalCount"], 24);
    assert_eq!(queue["pageInfo"]["hasNextPage"], false);

    let (mut paged, mut after, mut pages) = (Vec::new(), Value::Null, 0);
    loop {
        let response = app.graphql_with_token(PAGE, json!({ "first": 5, "after": after }), &coordinator).await;
        let page = &data(&response)["conference"]["accommodationQueue"];
        assert_eq!(page["totalCount"], 24, "the total counts every page");
        assert_eq!(page["pageInfo"]["hasPreviousPage"], pages > 0);
        paged.extend(page["edges"].as_array().unwrap().iter().map(|e| e["node"]["id"].clone()));
        pages += 1;
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
        assert!(pages < 10, "paging ends");
    }
    assert_eq!(pages, 5);
    assert_eq!(paged, all, "pages of five give the whole queue in the same order");
}

#[tokio::test]
async fn bad_paging_arguments_are_refused_with_their_field() {
    let app = spawn_app().await;
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    for (variables, field) in [
        (json!({ "first": 1_000_000_000 }), "first"),
        (json!({ "first": -1 }), "first"),
        (json!({ "first": 5, "after": "garbage" }), "after"),
        // A session cursor is not a queue cursor.
        (json!({ "first": 5, "after": "czoxNTY4MDk1MjAwMDAwOjc" }), "after"),
    ] {
        let response = app.graphql_with_token(PAGE, variables.clone(), &coordinator).await;
        assert_eq!(error_code(&response), "BAD_USER_INPUT", "{variables}: {response}");
        assert_eq!(error_field(&response), field, "{variables}");
    }
    let empty = app.graphql_with_token(PAGE, json!({ "first": 0 }), &coordinator).await;
    assert_eq!(data(&empty)["conference"]["accommodationQueue"]["edges"], json!([]));
}
