//! The accommodation desk: consent, idempotent submission, the workflow through coordinators,
//! optimistic concurrency, privacy and encryption at rest.

use sanad_schema::entities::enums::Role;
use sanad_tests::{TestApp, data, error_code, error_field, spawn_app};
use serde_json::{Value, json};

const CONSENT: &str = "mutation { giveAccommodationConsent(version: 1, lang: \"en\") { version } }";
const SUBMIT: &str = "mutation($key: String!, $items: [RequestItemInput!]!) {
  submitAccommodationRequest(idempotencyKey: $key, items: $items) {
    id items { id serviceType details { value lang dir isFallback } status version late dueOn sessions { slug } history { to actor } }
  }
}";
const MOVE: &str = "mutation($id: ID!, $to: ItemStatus!, $v: Int!, $reason: String, $reasonLang: String, $booking: String) {
  moveRequestItem(itemId: $id, to: $to, expectedVersion: $v, reason: $reason, reasonLang: $reasonLang, bookingReference: $booking) {
    status version bookingReference
  }
}";
const DETAILS: &str = "Sign interpretation into Jordanian Sign Language for the opening plenary, please";

/// A signed-in delegate who consented.
async fn delegate(app: &TestApp, name: &str) -> String {
    let token = app.signed_in(Role::Delegate, name).await;
    assert!(app.graphql_with_token(CONSENT, json!({}), &token).await.get("errors").is_none());
    token
}

async fn submit(app: &TestApp, token: &str, key: &str) -> Value {
    let session = app.session_ids().await["opening-plenary"].clone();
    let items = json!([
        { "serviceType": "SIGN_LANGUAGE_INTERPRETATION", "details": DETAILS, "sessionIds": [session] },
        { "serviceType": "DIETARY", "details": "بدون مكسرات", "detailsLang": "ar", "days": ["2019-09-10", "2019-09-11"] },
    ]);
    app.graphql_with_token(SUBMIT, json!({ "key": key, "items": items }), token).await
}

async fn move_item(app: &TestApp, token: &str, id: &Value, to: &str, version: i64, extra: Value) -> Value {
    let mut variables = json!({ "id": id, "to": to, "v": version });
    if let (Some(v), Some(extra)) = (variables.as_object_mut(), extra.as_object()) {
        v.extend(extra.clone());
    }
    app.graphql_with_token(MOVE, variables, token).await
}

#[tokio::test]
async fn a_request_goes_from_submitted_to_delivered_and_the_delegate_sees_every_step() {
    let app = spawn_app().await;
    let amina = delegate(&app, "Amina").await;
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    let submitted = submit(&app, &amina, "key-1").await;
    let request = &data(&submitted)["submitAccommodationRequest"];
    let item = &request["items"][0];
    assert_eq!(item["status"], "SUBMITTED");
    assert_eq!(item["details"], json!({ "value": DETAILS, "lang": "en", "dir": "LTR", "isFallback": false }));
    let dietary = &request["items"][1]["details"];
    assert_eq!(
        dietary,
        &json!({ "value": "بدون مكسرات", "lang": "ar", "dir": "RTL", "isFallback": true }),
        "as written"
    );
    assert_eq!(item["sessions"], json!([{ "slug": "opening-plenary" }]));
    assert_eq!(item["dueOn"], "2019-07-16", "56 days before 10 September");
    assert_eq!(item["late"], true, "the test clock is on the conference day");
    assert_eq!(item["history"], json!([{ "to": "SUBMITTED", "actor": "DELEGATE" }]));
    let id = item["id"].clone();

    let queue = app
        .graphql_with_token(
            "{ conference { accommodationQueue { totalCount nodes { id details { value } request { requester { name } } } } } }",
            json!({}),
            &coordinator,
        )
        .await;
    let listed = data(&queue)["conference"]["accommodationQueue"]["nodes"].as_array().unwrap().clone();
    assert_eq!(listed.len(), 2);
    assert_eq!(data(&queue)["conference"]["accommodationQueue"]["totalCount"], 2);
    assert_eq!(listed[0]["id"], id, "sign language (cut-off 56 days) before dietary (14)");
    assert_eq!(listed[0]["request"]["requester"]["name"], "Amina");

    // Filters narrow the queue: by session, by day, by cut-off, by service.
    let plenary = app.session_ids().await["opening-plenary"].clone();
    for (filter, expected) in [
        (json!({ "session": plenary }), 1),
        (json!({ "day": "2019-09-11" }), 1),
        (json!({ "day": "2019-09-12" }), 0),
        (json!({ "dueBefore": "2019-07-17" }), 1),
        (json!({ "dueBefore": "2019-07-16" }), 0),
        (json!({ "service": ["DIETARY"] }), 1),
    ] {
        let query = "query($session: ID, $day: NaiveDate, $dueBefore: NaiveDate, $service: [ServiceType!]) {
            conference { accommodationQueue(sessionId: $session, day: $day, dueBefore: $dueBefore, serviceType: $service) { nodes { id } } } }";
        let filtered = app.graphql_with_token(query, filter.clone(), &coordinator).await;
        let nodes = data(&filtered)["conference"]["accommodationQueue"]["nodes"].as_array().unwrap().len();
        assert_eq!(nodes, expected, "{filter}");
    }

    let mut version = 1;
    for (to, extra) in [
        ("IN_REVIEW", json!({})),
        ("APPROVED", json!({})),
        ("ARRANGING", json!({})),
        ("CONFIRMED", json!({ "booking": "JSL interpreters, booking 4471" })),
        ("DELIVERED", json!({})),
    ] {
        if to == "CONFIRMED" {
            let bare = move_item(&app, &coordinator, &id, to, version, json!({})).await;
            assert_eq!((error_code(&bare), error_field(&bare)), ("BAD_USER_INPUT", "bookingReference"), "{bare}");
        }
        let moved = move_item(&app, &coordinator, &id, to, version, extra).await;
        assert_eq!(data(&moved)["moveRequestItem"]["status"], to, "{moved}");
        version += 1;
        assert_eq!(data(&moved)["moveRequestItem"]["version"], version);
    }

    let mine = app
        .graphql_with_token(
            "{ me { accommodationRequests { whoViewed { viewerName } items { status bookingReference history { from to actor } } } } }",
            json!({}),
            &amina,
        )
        .await;
    let request = &data(&mine)["me"]["accommodationRequests"][0];
    let item = &request["items"][0];
    assert_eq!(item["status"], "DELIVERED");
    assert_eq!(item["bookingReference"], "JSL interpreters, booking 4471");
    let steps: Vec<&str> = item["history"].as_array().unwrap().iter().map(|s| s["to"].as_str().unwrap()).collect();
    assert_eq!(steps, ["SUBMITTED", "IN_REVIEW", "APPROVED", "ARRANGING", "CONFIRMED", "DELIVERED"]);
    assert_eq!(request["whoViewed"][0]["viewerName"], "Desk", "the coordinator's read of the queue is shown");
    let request_id = data(&submitted)["submitAccommodationRequest"]["id"].clone();
    let who = "query($id: ID!) { me { whoViewedMyRequest(requestId: $id) { viewerName viewedAt } } }";
    let viewed = app.graphql_with_token(who, json!({ "id": request_id }), &amina).await;
    assert_eq!(data(&viewed)["me"]["whoViewedMyRequest"][0]["viewerName"], "Desk");
    let omar = delegate(&app, "Omar").await;
    let theirs = app.graphql_with_token(who, json!({ "id": request_id }), &omar).await;
    assert_eq!(error_code(&theirs), "NOT_FOUND", "another delegate learns nothing");
}

#[tokio::test]
async fn the_workflow_refuses_illegal_moves_and_stale_versions() {
    let app = spawn_app().await;
    let amina = delegate(&app, "Amina").await;
    let (first, second) =
        (app.signed_in(Role::Coordinator, "Desk One").await, app.signed_in(Role::Coordinator, "Desk Two").await);
    let submitted = submit(&app, &amina, "key-1").await;
    let id = data(&submitted)["submitAccommodationRequest"]["items"][0]["id"].clone();

    // Illegal for anyone, or not for this actor.
    for (token, to, code, field) in [
        (&first, "CONFIRMED", "BAD_USER_INPUT", "to"),
        (&amina, "IN_REVIEW", "BAD_USER_INPUT", "to"),
        (&first, "DECLINED", "BAD_USER_INPUT", "to"),
    ] {
        let refused = move_item(&app, token, &id, to, 1, json!({})).await;
        assert_eq!(error_code(&refused), code, "{to}: {refused}");
        assert_eq!(error_field(&refused), field);
    }
    // Two coordinators take the item at once: one wins, the other hears CONFLICT.
    let (a, b) = tokio::join!(
        move_item(&app, &first, &id, "IN_REVIEW", 1, json!({})),
        move_item(&app, &second, &id, "IN_REVIEW", 1, json!({}))
    );
    let codes: Vec<Option<&str>> = [&a, &b].iter().map(|r| r["errors"][0]["extensions"]["code"].as_str()).collect();
    assert!(codes.contains(&None) && codes.contains(&Some("CONFLICT")), "{a} {b}");
    // A move that lacks what it needs names the argument to fill in.
    let no_reason = move_item(&app, &first, &id, "DECLINED", 2, json!({ "reason": "  " })).await;
    assert_eq!((error_code(&no_reason), error_field(&no_reason)), ("BAD_USER_INPUT", "reason"), "{no_reason}");
    // Declining needs a reason, which the delegate reads.
    let reason = json!({ "reason": "لا يوجد مترجم متاح صباح ذلك اليوم", "reasonLang": "ar" });
    let declined = move_item(&app, &first, &id, "DECLINED", 2, reason).await;
    assert_eq!(data(&declined)["moveRequestItem"]["status"], "DECLINED");
    let closed = move_item(&app, &first, &id, "CANCELLED", 3, json!({ "reason": "x" })).await;
    assert_eq!(error_code(&closed), "BAD_USER_INPUT", "nothing follows a closed status");
    let history = app
        .graphql_with_token(
            "{ me { accommodationRequests { items { history { to reason { value lang dir } } } } } }",
            json!({}),
            &amina,
        )
        .await;
    let steps = &data(&history)["me"]["accommodationRequests"][0]["items"][0]["history"];
    let reason = json!({ "value": "لا يوجد مترجم متاح صباح ذلك اليوم", "lang": "ar", "dir": "RTL" });
    assert_eq!(steps[2], json!({ "to": "DECLINED", "reason": reason }), "the reason keeps its language and direction");
}

#[tokio::test]
async fn twenty_racing_retries_make_one_request() {
    let app = spawn_app().await;
    let amina = delegate(&app, "Amina").await;
    let retries = futures::future::join_all((0..20).map(|_| submit(&app, &amina, "the-same-key"))).await;
    let ids: std::collections::BTreeSet<String> =
        retries.iter().map(|r| data(r)["submitAccommodationRequest"]["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 1, "{retries:?}");
    let mine = app.graphql_with_token("{ me { accommodationRequests { items { id } } } }", json!({}), &amina).await;
    assert_eq!(data(&mine)["me"]["accommodationRequests"].as_array().unwrap().len(), 1);
    assert_eq!(data(&mine)["me"]["accommodationRequests"][0]["items"].as_array().unwrap().len(), 2);
}

/// A retry returns the first request and tells no one anything: the delegate and the queue
/// heard of the items once, when they were made. (The next event each hears is the next real
/// change, so a repeated SUBMITTED would be caught without waiting for silence.)
#[tokio::test]
async fn a_retried_submission_tells_no_one_again() {
    use sanad_tests::ws::connect;
    let app = spawn_app().await;
    let amina = delegate(&app, "Amina").await;
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    let mut sockets = Vec::new();
    for (token, query) in [
        (&amina, "subscription { myRequestUpdated { itemId: id status version } }"),
        (&coordinator, "subscription { requestQueueChanged { itemId status version } }"),
    ] {
        let mut socket = connect(app.addr, "graphql-transport-ws", &[]).await;
        socket.init(json!({ "authorization": format!("Bearer {token}") })).await;
        socket.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": query } })).await;
        sockets.push(socket);
    }
    app.wait_for_subscriptions(2).await;

    let first = submit(&app, &amina, "key-1").await;
    for (socket, field) in sockets.iter_mut().zip(["myRequestUpdated", "requestQueueChanged"]) {
        for _ in 0..2 {
            let event = socket.json().await;
            assert_eq!(event["payload"]["data"][field]["status"], "SUBMITTED", "{event}");
        }
    }
    // The phone thought its first try was lost, twice.
    for _ in 0..2 {
        let retry = submit(&app, &amina, "key-1").await;
        assert_eq!(data(&retry)["submitAccommodationRequest"]["id"], data(&first)["submitAccommodationRequest"]["id"]);
    }
    let item = data(&first)["submitAccommodationRequest"]["items"][0]["id"].clone();
    move_item(&app, &coordinator, &item, "IN_REVIEW", 1, json!({})).await;
    for (socket, field) in sockets.iter_mut().zip(["myRequestUpdated", "requestQueueChanged"]) {
        let next = socket.json().await;
        assert_eq!(
            next["payload"]["data"][field],
            json!({ "itemId": item, "status": "IN_REVIEW", "version": 2 }),
            "the retries told nothing: {next}"
        );
    }
}

#[tokio::test]
async fn requests_are_private_to_their_delegate_and_the_coordinators() {
    let app = spawn_app().await;
    let amina = delegate(&app, "Amina").await;
    let omar = delegate(&app, "Omar").await;
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let submitted = submit(&app, &amina, "key-1").await;
    let request = &data(&submitted)["submitAccommodationRequest"];
    let (request_id, item_id) = (request["id"].clone(), request["items"][0]["id"].clone());

    let node = "query($id: ID!) { node(id: $id) { id } }";
    for (token, id) in [(&omar, &item_id), (&omar, &request_id), (&organiser, &item_id), (&organiser, &request_id)] {
        assert_eq!(error_code(&app.graphql_with_token(node, json!({ "id": id }), token).await), "NOT_FOUND");
    }
    assert_eq!(error_code(&app.graphql(node, json!({ "id": item_id })).await), "NOT_FOUND");
    assert_eq!(error_code(&move_item(&app, &omar, &item_id, "WITHDRAWN", 1, json!({})).await), "NOT_FOUND");
    assert_eq!(error_code(&move_item(&app, &organiser, &item_id, "IN_REVIEW", 1, json!({})).await), "NOT_FOUND");
    let queue = "{ conference { accommodationQueue { nodes { id } } } }";
    assert_eq!(error_code(&app.graphql_with_token(queue, json!({}), &organiser).await), "FORBIDDEN");
    assert_eq!(error_code(&app.graphql_with_token(queue, json!({}), &omar).await), "FORBIDDEN");
    assert_eq!(error_code(&app.graphql(queue, json!({})).await), "UNAUTHENTICATED");
    let theirs = app.graphql_with_token("{ me { accommodationRequests { id } } }", json!({}), &omar).await;
    assert_eq!(data(&theirs)["me"]["accommodationRequests"], json!([]));

    // The delegate may withdraw their own item.
    let withdrawn = move_item(&app, &amina, &item_id, "WITHDRAWN", 1, json!({})).await;
    assert_eq!(data(&withdrawn)["moveRequestItem"]["status"], "WITHDRAWN");
}

#[tokio::test]
async fn details_are_never_stored_in_clear() {
    let app = spawn_app().await;
    let amina = delegate(&app, "Amina").await;
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    let submitted = submit(&app, &amina, "key-1").await;
    let id = data(&submitted)["submitAccommodationRequest"]["items"][0]["id"].clone();
    let secret_reason = "Interpreter Rania Haddad booked via agency";
    move_item(&app, &coordinator, &id, "IN_REVIEW", 1, json!({})).await;
    move_item(&app, &coordinator, &id, "ALTERNATIVE_PROPOSED", 2, json!({ "reason": secret_reason })).await;

    let needles = [DETAILS, "No nuts", secret_reason];
    match &app.target {
        sanad_api::db::DatabaseTarget::Sqlite(path) => {
            let mut bytes = std::fs::read(path).unwrap();
            if let Ok(wal) = std::fs::read(path.with_extension("db-wal")) {
                bytes.extend(wal);
            }
            for needle in needles {
                assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} is in the file");
            }
        }
        sanad_api::db::DatabaseTarget::Postgres(_) => {
            use sea_orm::{ConnectionTrait, Statement};
            let db = &app.server.state.db;
            for table in ["request_item", "item_transition", "request_message"] {
                let sql = format!("SELECT CAST(t.* AS TEXT) AS row FROM {table} t");
                let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
                for row in rows {
                    let text: String = row.try_get("", "row").unwrap();
                    for needle in needles {
                        assert!(!text.contains(needle), "{needle} is in {table}");
                    }
                }
            }
        }
    }
    // The delegate still reads everything.
    let mine = app
        .graphql_with_token(
            "{ me { accommodationRequests { items { details { value } history { reason { value lang } } } } } }",
            json!({}),
            &amina,
        )
        .await;
    assert_eq!(data(&mine)["me"]["accommodationRequests"][0]["items"][0]["details"]["value"], DETAILS);
    let reason = &data(&mine)["me"]["accommodationRequests"][0]["items"][0]["history"][2]["reason"];
    assert_eq!(
        reason,
        &json!({ "value": secret_reason, "lang": "en" }),
        "the delegate's language unless told otherwise"
    );
}

#[tokio::test]
async fn consent_comes_first_and_withdrawing_it_deletes_the_details() {
    let app = spawn_app().await;
    let token = app.signed_in(Role::Delegate, "Careful").await;
    let refused = submit(&app, &token, "key-1").await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT");
    assert_eq!(error_field(&refused), "consent");
    let text = app
        .graphql_as(
            "{ conference { accommodationConsentText { version text { value lang } } } }",
            json!({}),
            Some("ar"),
        )
        .await;
    assert_eq!(data(&text)["conference"]["accommodationConsentText"]["text"]["lang"], "ar");
    for (version, field) in [(2, "version")] {
        let wrong = app
            .graphql_with_token(
                "mutation($v: Int!) { giveAccommodationConsent(version: $v, lang: \"en\") { version } }",
                json!({ "v": version }),
                &token,
            )
            .await;
        assert_eq!(error_field(&wrong), field);
    }
    app.graphql_with_token(CONSENT, json!({}), &token).await;
    assert!(submit(&app, &token, "key-1").await.get("errors").is_none());

    let withdrawn = app.graphql_with_token("mutation { withdrawAccommodationConsent }", json!({}), &token).await;
    assert_eq!(data(&withdrawn)["withdrawAccommodationConsent"], 2);
    let mine = app
        .graphql_with_token(
            "{ me { accommodationConsent { version } accommodationRequests { items { status details { value } } } } }",
            json!({}),
            &token,
        )
        .await;
    assert_eq!(data(&mine)["me"]["accommodationConsent"], Value::Null);
    let items = &data(&mine)["me"]["accommodationRequests"][0]["items"];
    assert_eq!(items, &json!([{ "status": "WITHDRAWN", "details": null }, { "status": "WITHDRAWN", "details": null }]));
    assert_eq!(error_field(&submit(&app, &token, "key-2").await), "consent");
}

#[tokio::test]
async fn bad_requests_are_refused_whole() {
    let app = spawn_app().await;
    let token = delegate(&app, "Tester").await;
    let room =
        data(&app.graphql("{ conference { rooms { id } } }", json!({})).await)["conference"]["rooms"][0]["id"].clone();
    for (items, field) in [
        (json!([]), "items"),
        (json!([{ "serviceType": "OTHER" }]), "items[0].details"),
        (json!([{ "serviceType": "DIETARY", "details": "x".repeat(4001) }]), "items[0].details"),
        (json!([{ "serviceType": "DIETARY", "sessionIds": [room] }]), "items[0].sessionIds"),
        (json!([{ "serviceType": "DIETARY", "sessionIds": ["U2Vzc2lvbjo5OTk5OTk"] }]), "items[0].sessionIds"),
        (json!([{ "serviceType": "DIETARY", "days": ["2019-09-20"] }]), "items[0].days"),
        (json!([{ "serviceType": "DIETARY", "details": "nul \u{0} byte" }]), "items[0].details"),
        (json!([{ "serviceType": "DIETARY", "details": "ok", "detailsLang": "" }]), "items[0].detailsLang"),
        (json!([{ "serviceType": "DIETARY", "details": "ok", "detailsLang": "en_GB!" }]), "items[0].detailsLang"),
    ] {
        let response = app.graphql_with_token(SUBMIT, json!({ "key": "k", "items": items }), &token).await;
        assert_eq!(error_code(&response), "BAD_USER_INPUT", "{field}: {response}");
        assert_eq!(error_field(&response), field);
    }
    let unknown =
        app.graphql_with_token(SUBMIT, json!({ "key": "k", "items": [{ "serviceType": "DIAGNOSIS" }] }), &token).await;
    assert_eq!(error_code(&unknown), "BAD_USER_INPUT");
    // 100 KB of details do not fit the 64 KiB body limit: refused before any work.
    let huge = json!({ "query": SUBMIT, "variables": { "key": "k", "items": [{ "serviceType": "DIETARY", "details": "x".repeat(100_000) }] } });
    let status = app.client.post(app.url("/graphql")).bearer_auth(&token).json(&huge).send().await.unwrap().status();
    assert_eq!(status, 413);
    let mine = app.graphql_with_token("{ me { accommodationRequests { id } } }", json!({}), &token).await;
    assert_eq!(data(&mine)["me"]["accommodationRequests"], json!([]), "nothing was half-written");
}

#[tokio::test]
async fn a_moved_session_puts_confirmed_items_at_risk_until_a_coordinator_picks_them_up() {
    let app = spawn_app().await;
    let amina = delegate(&app, "Amina").await;
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let submitted = submit(&app, &amina, "key-1").await;
    let items = data(&submitted)["submitAccommodationRequest"]["items"].clone();
    let (linked, dietary) = (items[0]["id"].clone(), items[1]["id"].clone());
    for (i, (to, extra)) in [
        ("IN_REVIEW", json!({})),
        ("APPROVED", json!({})),
        ("ARRANGING", json!({})),
        ("CONFIRMED", json!({ "booking": "B-1" })),
    ]
    .into_iter()
    .enumerate()
    {
        for id in [&linked, &dietary] {
            let moved = move_item(&app, &coordinator, id, to, i as i64 + 1, extra.clone()).await;
            assert!(moved.get("errors").is_none(), "{moved}");
        }
    }
    let session = app.session_ids().await["opening-plenary"].clone();
    let moved = app
        .graphql_with_token(
            "mutation($id: ID!) { moveSession(id: $id, startsAt: \"2019-09-10T09:30:00+03:00\") { id } }",
            json!({ "id": session }),
            &organiser,
        )
        .await;
    assert!(moved.get("errors").is_none(), "{moved}");
    let mine = app
        .graphql_with_token(
            "{ me { accommodationRequests { items { status version history { to actor } } } } }",
            json!({}),
            &amina,
        )
        .await;
    let items = &data(&mine)["me"]["accommodationRequests"][0]["items"];
    assert_eq!(items[0]["status"], "AT_RISK", "the interpretation was booked for the old time");
    assert_eq!(items[0]["history"].as_array().unwrap().last().unwrap(), &json!({ "to": "AT_RISK", "actor": "SYSTEM" }));
    assert_eq!(items[1]["status"], "CONFIRMED", "a dietary need is not tied to the session");
    let at_risk = app
        .graphql_with_token(
            "{ conference { accommodationQueue(status: [AT_RISK]) { nodes { id } } } }",
            json!({}),
            &coordinator,
        )
        .await;
    assert_eq!(data(&at_risk)["conference"]["accommodationQueue"]["nodes"], json!([{ "id": linked }]));
    let picked =
        move_item(&app, &coordinator, &linked, "ARRANGING", items[0]["version"].as_i64().unwrap(), json!({})).await;
    assert_eq!(data(&picked)["moveRequestItem"]["status"], "ARRANGING");
}

#[tokio::test]
async fn the_thread_keeps_internal_notes_from_the_delegate_and_an_answer_reopens_review() {
    let app = spawn_app().await;
    let amina = delegate(&app, "Amina").await;
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    let submitted = submit(&app, &amina, "key-1").await;
    let id = data(&submitted)["submitAccommodationRequest"]["items"][0]["id"].clone();
    move_item(&app, &coordinator, &id, "IN_REVIEW", 1, json!({})).await;
    move_item(&app, &coordinator, &id, "NEEDS_INFO", 2, json!({})).await;
    let send = "mutation($id: ID!, $body: String!, $internal: Boolean! = false) { sendRequestMessage(itemId: $id, body: $body, internal: $internal) { status } }";
    let asked = app
        .graphql_with_token(
            send,
            json!({ "id": id, "body": "International Sign or Jordanian Sign Language?" }),
            &coordinator,
        )
        .await;
    assert_eq!(data(&asked)["sendRequestMessage"]["status"], "NEEDS_INFO");
    app.graphql_with_token(send, json!({ "id": id, "body": "Ask agency B first", "internal": true }), &coordinator)
        .await;
    let refused = app.graphql_with_token(send, json!({ "id": id, "body": "secret", "internal": true }), &amina).await;
    assert_eq!(error_field(&refused), "internal");
    let answered = app.graphql_with_token(send, json!({ "id": id, "body": "Jordanian Sign Language" }), &amina).await;
    assert_eq!(data(&answered)["sendRequestMessage"]["status"], "IN_REVIEW", "the answer sends it back to review");

    let thread =
        "query($id: ID!) { node(id: $id) { ... on RequestItem { messages { author internal body { value lang } } } } }";
    let seen_by_delegate = app.graphql_with_token(thread, json!({ "id": id }), &amina).await;
    let bodies: Vec<&str> = data(&seen_by_delegate)["node"]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["International Sign or Jordanian Sign Language?", "Jordanian Sign Language"]);
    let seen_by_desk = app.graphql_with_token(thread, json!({ "id": id }), &coordinator).await;
    assert_eq!(data(&seen_by_desk)["node"]["messages"].as_array().unwrap().len(), 3);
    assert_eq!(data(&seen_by_desk)["node"]["messages"][1]["internal"], true);
    let langs: Vec<&str> = data(&seen_by_desk)["node"]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"]["lang"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["en", "en", "en"], "each in its author's or the delegate's language");
    let bad_lang = json!({ "id": id, "body": "hola", "lang": "not a tag!" });
    let send_in = "mutation($id: ID!, $body: String!, $lang: String) { sendRequestMessage(itemId: $id, body: $body, lang: $lang) { id } }";
    assert_eq!(error_field(&app.graphql_with_token(send_in, bad_lang, &amina).await), "lang");
    for body in ["", &"x".repeat(4001)] {
        assert_eq!(error_field(&app.graphql_with_token(send, json!({ "id": id, "body": body }), &amina).await), "body");
    }
}

#[tokio::test]
async fn organisers_plan_with_counts_and_never_identities() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let session = app.session_ids().await["opening-plenary"].clone();
    for name in ["Amina", "Omar", "Lucía"] {
        let token = delegate(&app, name).await;
        let items = json!([{ "serviceType": "ACCESSIBLE_SEATING", "sessionIds": [session], "days": ["2019-09-10"] }]);
        assert!(
            app.graphql_with_token(SUBMIT, json!({ "key": name, "items": items }), &token)
                .await
                .get("errors")
                .is_none()
        );
    }
    let withdrawn_by = delegate(&app, "Changed Mind").await;
    let items = json!([{ "serviceType": "ACCESSIBLE_SEATING", "sessionIds": [session] }]);
    let submitted = app.graphql_with_token(SUBMIT, json!({ "key": "x", "items": items }), &withdrawn_by).await;
    let id = data(&submitted)["submitAccommodationRequest"]["items"][0]["id"].clone();
    move_item(&app, &withdrawn_by, &id, "WITHDRAWN", 1, json!({})).await;

    let query = "{ conference { accessNeedsSummary {
        sessions { session { slug } needs { serviceType count } accessibleSeatingRequested roomWheelchairSpaces seatingShortfall }
        days { date needs { serviceType count } } } } }";
    let summary = app.graphql_with_token(query, json!({}), &organiser).await;
    let summary = &data(&summary)["conference"]["accessNeedsSummary"];
    let plenary = &summary["sessions"][0];
    assert_eq!(plenary["session"]["slug"], "opening-plenary");
    assert_eq!(
        plenary["needs"],
        json!([{ "serviceType": "ACCESSIBLE_SEATING", "count": 3 }]),
        "the withdrawn item is not counted"
    );
    let spaces = plenary["roomWheelchairSpaces"].as_i64().unwrap();
    assert_eq!(plenary["seatingShortfall"].as_i64().unwrap(), (3 - spaces).max(0));
    assert_eq!(
        summary["days"],
        json!([{ "date": "2019-09-10", "needs": [{ "serviceType": "ACCESSIBLE_SEATING", "count": 3 }] }])
    );
    let delegate_view = app.graphql_with_token(query, json!({}), &withdrawn_by).await;
    assert_eq!(error_code(&delegate_view), "FORBIDDEN");
}

#[tokio::test]
async fn the_delegate_and_the_queue_hear_of_changes_at_once_and_only_their_own() {
    use sanad_tests::ws::connect;
    let app = spawn_app().await;
    let amina = delegate(&app, "Amina").await;
    let omar = delegate(&app, "Omar").await;
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    let mut sockets = Vec::new();
    for (token, query) in [
        (&amina, "subscription { myRequestUpdated { status details { value } version } }"),
        (&omar, "subscription { myRequestUpdated { status } }"),
        (&coordinator, "subscription { requestQueueChanged { itemId status version } }"),
    ] {
        let mut socket = connect(app.addr, "graphql-transport-ws", &[]).await;
        socket.init(json!({ "authorization": format!("Bearer {token}") })).await;
        socket.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": query } })).await;
        sockets.push(socket);
    }
    app.wait_for_subscriptions(3).await;

    let submitted = submit(&app, &amina, "key-1").await;
    let id = data(&submitted)["submitAccommodationRequest"]["items"][0]["id"].clone();
    // The queue hears of both new items; Amina of hers, with her details.
    for _ in 0..2 {
        let event = sockets[2].json().await;
        assert_eq!(event["payload"]["data"]["requestQueueChanged"]["status"], "SUBMITTED", "{event}");
    }
    let first = sockets[0].json().await;
    assert_eq!(first["payload"]["data"]["myRequestUpdated"]["details"]["value"], DETAILS);
    sockets[0].json().await;
    move_item(&app, &coordinator, &id, "IN_REVIEW", 1, json!({})).await;
    let moved = sockets[0].json().await;
    assert_eq!(
        moved["payload"]["data"]["myRequestUpdated"],
        json!({ "status": "IN_REVIEW", "details": { "value": DETAILS }, "version": 2 })
    );
    let queue = sockets[2].json().await;
    assert_eq!(
        queue["payload"]["data"]["requestQueueChanged"],
        json!({ "itemId": id, "status": "IN_REVIEW", "version": 2 })
    );

    // Omar's first event is his own submission: none of Amina's reached him.
    let own = submit(&app, &omar, "omar-1").await;
    assert!(own.get("errors").is_none());
    let his = sockets[1].json().await;
    assert_eq!(his["payload"]["data"]["myRequestUpdated"]["status"], "SUBMITTED");
}

#[tokio::test]
async fn a_delegate_can_export_and_then_delete_everything() {
    let app = spawn_app().await;
    let amina = delegate(&app, "Amina").await;
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    let submitted = submit(&app, &amina, "key-1").await;
    let id = data(&submitted)["submitAccommodationRequest"]["items"][0]["id"].clone();
    move_item(&app, &coordinator, &id, "IN_REVIEW", 1, json!({})).await;
    app.graphql_with_token(
        "mutation($id: ID!) { sendRequestMessage(itemId: $id, body: \"internal only\", internal: true) { id } }",
        json!({ "id": id }),
        &coordinator,
    )
    .await;

    let export = app.graphql_with_token("{ myDataExport }", json!({}), &amina).await;
    let export = &data(&export)["myDataExport"];
    assert_eq!(export["person"]["name"], "Amina");
    assert_eq!(export["accommodationConsents"][0]["version"], 1);
    let item = &export["accommodationRequests"][0]["items"][0];
    assert_eq!(item["details"], DETAILS);
    assert_eq!(item["detailsLang"], "en");
    assert_eq!(item["history"][1]["to"], "IN_REVIEW");
    assert_eq!(item["messages"], json!([]), "internal notes are the desk's, not part of the delegate's data");
    assert!(!export.to_string().contains("token_hash") && !export.to_string().contains("sealed"));

    let refused = app.graphql_with_token("mutation { deleteMyData(confirm: false) }", json!({}), &amina).await;
    assert_eq!(error_field(&refused), "confirm");
    let deleted = app.graphql_with_token("mutation { deleteMyData(confirm: true) }", json!({}), &amina).await;
    assert_eq!(data(&deleted)["deleteMyData"], true);
    let after = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&amina)
        .json(&json!({ "query": "{ me { name } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401, "the account is gone");
    let queue =
        app.graphql_with_token("{ conference { accommodationQueue { nodes { id } } } }", json!({}), &coordinator).await;
    assert_eq!(data(&queue)["conference"]["accommodationQueue"]["nodes"], json!([]));
    let desk = app.graphql_with_token("{ me { name } }", json!({}), &coordinator).await;
    assert_eq!(data(&desk)["me"]["name"], "Desk", "the coordinator's account is untouched");
}

#[tokio::test]
async fn purge_after_the_retention_period_keeps_only_anonymous_counts() {
    use clap::Parser;
    let app = spawn_app().await;
    let amina = delegate(&app, "Amina").await;
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    assert!(submit(&app, &amina, "key-1").await.get("errors").is_none());
    let url = app.database_url();
    let purge = |as_of: &'static str| {
        let cli =
            sanad_api::cli::Cli::try_parse_from(["sanad", "--database-url", &url, "purge", "--as-of", as_of]).unwrap();
        async move {
            let mut out = Vec::new();
            let result = sanad_api::cli::run(cli, &mut out).await.map_err(|e| e.to_string());
            (result, String::from_utf8(out).unwrap())
        }
    };
    // The conference ended on 12 September: kept through 11 November.
    let (result, out) = purge("2019-11-11").await;
    assert!(result.is_ok() && out.contains("nothing to purge"), "{out}");
    let mine = app.graphql_with_token("{ me { accommodationRequests { id } } }", json!({}), &amina).await;
    assert_eq!(data(&mine)["me"]["accommodationRequests"].as_array().unwrap().len(), 1);

    let (result, out) = purge("2019-11-12").await;
    assert!(result.is_ok(), "{result:?}");
    assert!(out.contains("purged amman-2019: 1 requests, 2 items"), "{out}");
    let mine = app.graphql_with_token("{ me { accommodationRequests { id } } }", json!({}), &amina).await;
    assert_eq!(data(&mine)["me"]["accommodationRequests"], json!([]));
    let summary = app
        .graphql_with_token(
            "{ conference { accessNeedsSummary { sessions { session { slug } needs { serviceType count } } days { date needs { count } } } } }",
            json!({}),
            &organiser,
        )
        .await;
    let summary = &data(&summary)["conference"]["accessNeedsSummary"];
    assert_eq!(
        summary["sessions"],
        json!([{ "session": { "slug": "opening-plenary" }, "needs": [{ "serviceType": "SIGN_LANGUAGE_INTERPRETATION", "count": 1 }] }]),
        "the counts stay"
    );
    assert_eq!(summary["days"].as_array().unwrap().len(), 2);
    use sea_orm::{EntityTrait, PaginatorTrait};
    let left = sanad_schema::entities::request_item::Entity::find().count(&app.server.state.db).await.unwrap();
    assert_eq!(left, 0, "no item, so no detail, is left");
}
