//! Live changes over WebSocket: an organiser's edit reaches subscribers at once, in both
//! protocols; delegates receive only their own agenda's events.

use sanad_schema::entities::enums::Role;
use sanad_tests::ws::{Received, connect};
use sanad_tests::{data, spawn_app};
use serde_json::{Value, json};

fn texts(value: &str) -> Value {
    json!([{ "lang": "en", "value": value }, { "lang": "fr", "value": format!("{value} (fr)") }, { "lang": "ar", "value": format!("{value} (ar)") }])
}

const MOVE: &str = "mutation($id: ID!) { moveSession(id: $id, startsAt: \"2019-09-10T11:15:00+03:00\") { id } }";

#[tokio::test]
async fn an_organisers_move_reaches_an_anonymous_subscriber() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let id = app.session_ids().await["panel-q1-challenges"].clone();
    let mut client = connect(app.addr, "graphql-transport-ws", &[]).await;
    assert_eq!(client.init(json!({})).await, Received::Json(json!({ "type": "connection_ack" })));
    client
        .send(json!({ "id": "1", "type": "subscribe", "payload": {
            "query": "subscription { programmeChanged { target id action programmeVersion } }" } }))
        .await;
    app.wait_for_subscriptions(1).await;

    let moved = app.graphql_with_token(MOVE, json!({ "id": id }), &organiser).await;
    assert!(moved.get("errors").is_none(), "{moved}");
    let event = client.json().await;
    assert_eq!(event["type"], "next");
    assert_eq!(event["id"], "1");
    let change = &event["payload"]["data"]["programmeChanged"];
    assert_eq!(change["target"], "SESSION");
    assert_eq!(change["action"], "MOVED");
    assert_eq!(change["id"], id);
    let version =
        data(&app.graphql("{ conference { programmeVersion } }", json!({})).await)["conference"]["programmeVersion"]
            .clone();
    assert_eq!(change["programmeVersion"], version);
}

#[tokio::test]
async fn announcements_arrive_in_the_subscribers_language_over_the_legacy_protocol() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let mut client = connect(app.addr, "graphql-ws", &[]).await;
    assert_eq!(
        client.init(json!({ "acceptLanguage": "fr" })).await,
        Received::Json(json!({ "type": "connection_ack" }))
    );
    client
        .send(json!({ "id": "a", "type": "start", "payload": {
            "query": "subscription { announcementPublished { severity title { value lang } whatToDo { value } } }" } }))
        .await;
    app.wait_for_subscriptions(1).await;
    let publish = "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }";
    let input = json!({ "severity": "URGENT", "title": texts("Lift B out of service"), "whatChanged": texts("Lift B stopped."), "whatToDo": texts("Use lift A.") });
    let published = app.graphql_with_token(publish, json!({ "input": input }), &organiser).await;
    assert!(published.get("errors").is_none(), "{published}");
    let event = client.json().await;
    assert_eq!(event["type"], "data");
    let announcement = &event["payload"]["data"]["announcementPublished"];
    assert_eq!(announcement["title"], json!({ "value": "Lift B out of service (fr)", "lang": "fr" }));
    assert_eq!(announcement["severity"], "URGENT");
}

const MY_AGENDA: &str =
    "subscription { myAgendaChanged { action sessionId session { slug status changes { kind } } } }";

#[tokio::test]
async fn delegates_hear_only_of_their_own_agenda() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let (amina, omar) = (app.signed_in(Role::Delegate, "Amina").await, app.signed_in(Role::Delegate, "Omar").await);
    let (prosthetics, employment) =
        (app.session_ids().await["ws-prosthetics"].clone(), app.session_ids().await["ws-employment"].clone());
    let add = "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { name } }";
    app.graphql_with_token(add, json!({ "id": prosthetics }), &amina).await;
    app.graphql_with_token(add, json!({ "id": employment }), &omar).await;

    let mut clients = Vec::new();
    for token in [&amina, &omar] {
        let mut client = connect(app.addr, "graphql-transport-ws", &[]).await;
        let ack = client.init(json!({ "authorization": format!("Bearer {token}") })).await;
        assert_eq!(ack, Received::Json(json!({ "type": "connection_ack" })));
        client.send(json!({ "id": "mine", "type": "subscribe", "payload": { "query": MY_AGENDA } })).await;
        clients.push(client);
    }
    app.wait_for_subscriptions(2).await;

    // Amina's session is cancelled, then Omar's moved: each hears only of their own.
    let cancel = "mutation($id: ID!) { cancelSession(id: $id) { id } }";
    assert!(app.graphql_with_token(cancel, json!({ "id": prosthetics }), &organiser).await.get("errors").is_none());
    let moved = "mutation($id: ID!) { moveSession(id: $id, startsAt: \"2019-09-11T11:30:00+03:00\") { id } }";
    assert!(app.graphql_with_token(moved, json!({ "id": employment }), &organiser).await.get("errors").is_none());

    let first = clients[0].json().await;
    let change = &first["payload"]["data"]["myAgendaChanged"];
    assert_eq!(change["action"], "CANCELLED");
    assert_eq!(change["sessionId"], prosthetics);
    assert_eq!(change["session"]["status"], "CANCELLED");
    assert_eq!(change["session"]["changes"], json!([{ "kind": "CANCELLED" }]));

    // Omar's first event is his own move: Amina's cancellation never reached him.
    let second = clients[1].json().await;
    let change = &second["payload"]["data"]["myAgendaChanged"];
    assert_eq!(change["action"], "MOVED");
    assert_eq!(change["session"]["slug"], "ws-employment");
}

#[tokio::test]
async fn bad_credentials_and_anonymous_agenda_subscriptions_are_refused() {
    let app = spawn_app().await;
    let mut client = connect(app.addr, "graphql-transport-ws", &[]).await;
    match client.init(json!({ "authorization": "Bearer sanad_wrong" })).await {
        Received::Closed { code, reason } => {
            assert_ne!(code, 1000, "{reason}");
            assert!(reason.contains("sign in again") || reason.contains("Bearer"), "{reason}");
        }
        other => panic!("expected the connection to close, got {other:?}"),
    }

    let mut anonymous = connect(app.addr, "graphql-transport-ws", &[]).await;
    anonymous.init(json!({})).await;
    anonymous.send(json!({ "id": "x", "type": "subscribe", "payload": { "query": MY_AGENDA } })).await;
    let refused = anonymous.json().await;
    assert_eq!(refused["type"], "next", "{refused}");
    assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{refused}");
    // A document that does not validate is refused with a code, like over HTTP.
    anonymous
        .send(json!({ "id": "y", "type": "subscribe", "payload": { "query": "subscription { noSuchField }" } }))
        .await;
    let mut invalid = anonymous.json().await;
    while invalid["id"] != "y" || invalid["type"] == "complete" {
        invalid = anonymous.json().await;
    }
    let errors = if invalid["type"] == "error" { &invalid["payload"] } else { &invalid["payload"]["errors"] };
    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT", "{invalid}");
    // The alias limit holds over WebSocket too.
    let bomb: String = (0..31).map(|i| format!("a{i}: programmeVersion ")).collect();
    let query = format!("subscription {{ programmeChanged {{ {bomb} }} }}");
    anonymous.send(json!({ "id": "z", "type": "subscribe", "payload": { "query": query } })).await;
    let mut refused = anonymous.json().await;
    while refused["id"] != "z" || refused["type"] == "complete" {
        refused = anonymous.json().await;
    }
    let errors = if refused["type"] == "error" { &refused["payload"] } else { &refused["payload"]["errors"] };
    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT", "{refused}");
    assert!(errors[0]["message"].as_str().unwrap().contains("aliases"), "{refused}");
    // The server stays healthy.
    assert!(app.graphql("{ conference { slug } }", json!({})).await.get("errors").is_none());
}

/// The errors of the next answer to operation `id`, skipping other messages.
async fn errors_of(client: &mut sanad_tests::ws::WsClient, id: &str) -> Value {
    loop {
        let message = client.json().await;
        if message["id"] != id || message["type"] == "complete" {
            continue;
        }
        return if message["type"] == "error" {
            message["payload"].clone()
        } else {
            message["payload"]["errors"].clone()
        };
    }
}

#[tokio::test]
async fn a_revoked_token_loses_its_open_connection() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Desk").await;
    let delegate = app.signed_in(Role::Delegate, "Lost Phone").await;
    let session = app.session_ids().await["ws-prosthetics"].clone();
    let add = "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { name } }";
    app.graphql_with_token(add, json!({ "id": session }), &delegate).await;
    let my_id = data(&app.graphql_with_token("{ me { id } }", json!({}), &delegate).await)["me"]["id"].clone();

    let mut client = connect(app.addr, "graphql-transport-ws", &[]).await;
    client.init(json!({ "authorization": format!("Bearer {delegate}") })).await;
    client.send(json!({ "id": "q1", "type": "subscribe", "payload": { "query": "{ me { name } }" } })).await;
    let answer = client.json().await;
    assert_eq!(answer["payload"]["data"]["me"]["name"], "Lost Phone", "{answer}");
    client.send(json!({ "id": "agenda", "type": "subscribe", "payload": { "query": MY_AGENDA } })).await;
    app.wait_for_subscriptions(1).await;

    let revoke = "mutation($id: ID!) { revokeAccess(personId: $id) }";
    assert_eq!(data(&app.graphql_with_token(revoke, json!({ "id": my_id }), &organiser).await)["revokeAccess"], 1);

    // The open connection can no longer act as the delegate ...
    client.send(json!({ "id": "q2", "type": "subscribe", "payload": { "query": "{ me { name } }" } })).await;
    let errors = errors_of(&mut client, "q2").await;
    assert_eq!(errors[0]["extensions"]["code"], "UNAUTHENTICATED", "{errors}");
    // ... nor hear of the agenda: the next change ends the subscription instead.
    let cancel = "mutation($id: ID!) { cancelSession(id: $id) { id } }";
    assert!(app.graphql_with_token(cancel, json!({ "id": session }), &organiser).await.get("errors").is_none());
    let mut ended = client.json().await;
    while ended["id"] == "q2" {
        ended = client.json().await;
    }
    assert_eq!(ended, json!({ "id": "agenda", "type": "complete" }));
}
