//! Web Push end to end: the server sends to a strict push service on loopback
//! (`sanad_tests::push_service`), which verifies the VAPID signature and decrypts each
//! message with its own RFC 8291 code. Every kind, in Arabic and English; every answer a push
//! service can give; restarts, reminders by the clock, topics; bad subscriptions.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sanad_schema::entities::enums::Role;
use sanad_schema::entities::push_delivery::{self, DeliveryStatus};
use sanad_schema::service::clock::Clock;
use sanad_tests::push_service::{Device, PushService, Received, Scripted};
use sanad_tests::{TestApp, TestOptions, data, error_code, error_field, spawn_app, spawn_app_with};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(15);
const REGISTER: &str = "mutation($e: String!, $k: String!, $a: String!, $l: String!) {
  registerPushSubscription(endpoint: $e, p256dh: $k, auth: $a, label: $l) { id label pushService refused }
}";
const TEST: &str = "mutation($id: ID!) { sendTestNotification(id: $id) }";
const ADD: &str = "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { name } }";
const LANGUAGES: &str =
    "mutation($langs: [String!]!) { updateMyPreferences(input: { preferredLanguages: $langs }) { name } }";
const MOVE: &str =
    "mutation($id: ID!, $start: DateTime!) { moveSession(id: $id, startsAt: $start, force: true) { id } }";
const DETAILS: &str = "My guide dog Nour needs water and a place to rest";

/// Registers a new device of the push service for `token`; returns it with its id.
async fn device(app: &TestApp, push: &PushService, token: &str) -> (Device, Value) {
    let device = push.new_device();
    let variables = json!({ "e": device.endpoint, "k": device.p256dh, "a": device.auth, "l": "Phone" });
    let registered = app.graphql_with_token(REGISTER, variables, token).await;
    let id = data(&registered)["registerPushSubscription"]["id"].clone();
    (device, id)
}

/// A delegate reading `langs`, with a device.
async fn delegate(app: &TestApp, push: &PushService, name: &str, langs: &[&str]) -> (String, Device, Value) {
    let token = app.signed_in(Role::Delegate, name).await;
    assert!(app.graphql_with_token(LANGUAGES, json!({ "langs": langs }), &token).await.get("errors").is_none());
    let (device, id) = device(app, push, &token).await;
    (token, device, id)
}

async fn one(push: &PushService, device: &Device) -> Received {
    let got = push.wait_for(device, 1, WAIT).await;
    assert_eq!(got.len(), 1, "one message: {got:?}\nviolations: {:?}", push.violations());
    got.into_iter().next().unwrap()
}

/// Waits until a counter on `/metrics` reaches `at_least`.
async fn metric_reaches(app: &TestApp, name: &str, at_least: u64) {
    let deadline = std::time::Instant::now() + WAIT;
    while app.metric(name).await < at_least {
        assert!(std::time::Instant::now() < deadline, "{name} never reached {at_least}");
        tokio::task::yield_now().await;
    }
}

fn texts(value: &str) -> Value {
    json!([{ "lang": "en", "value": value }, { "lang": "fr", "value": format!("{value} (fr)") }, { "lang": "ar", "value": format!("{value} (ar)") }])
}

#[tokio::test]
async fn a_moved_session_reaches_its_agenda_holders_in_their_language_signed_and_encrypted() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let session = app.session_ids().await["panel-q1-challenges"].clone();
    let (amina, amina_device, _) = delegate(&app, &push, "Amina", &["ar"]).await;
    let (john, john_device, _) = delegate(&app, &push, "John", &["en"]).await;
    let (bystander_token, bystander, bystander_id) = delegate(&app, &push, "Bystander", &["en"]).await;
    for token in [&amina, &john] {
        assert!(app.graphql_with_token(ADD, json!({ "id": session }), token).await.get("errors").is_none());
    }
    let moved =
        app.graphql_with_token(MOVE, json!({ "id": session, "start": "2019-09-10T16:00:00+03:00" }), &organiser).await;
    assert!(moved.get("errors").is_none(), "{moved}");

    let key = data(&app.graphql("{ vapidPublicKey }", json!({})).await)["vapidPublicKey"].clone();
    for (device, lang, dir) in [(&amina_device, "ar", "RTL"), (&john_device, "en", "LTR")] {
        let got = one(&push, device).await;
        let p = &got.payload;
        assert_eq!(p["kind"], "sessionChanged");
        assert_eq!((p["lang"].as_str(), p["dir"].as_str()), (Some(lang), Some(dir)), "{p}");
        assert_eq!(p["sessionId"], session);
        assert_eq!(p["link"], format!("/sessions/{}", session.as_str().unwrap()), "the session's page in the app");
        assert!(!p["title"].as_str().unwrap().is_empty() && !p["body"].as_str().unwrap().is_empty());
        assert!(got.plaintext_len <= 2_048);
        assert_eq!(got.topic.as_deref(), Some(format!("session-{}", numeric(&session)).as_str()));
        assert!(got.ttl > 0 && got.ttl <= 7 * 86_400, "{}", got.ttl);
        assert_eq!(got.vapid_key, key, "signed with the key clients subscribe with");
        assert_eq!(got.claims["aud"], push.origin(), "the audience keeps the port");
        assert_eq!(got.claims["sub"], "mailto:tests@sanad.invalid");
    }
    let ar = &push.received(&amina_device)[0].payload;
    assert!(ar["body"].as_str().unwrap().chars().any(|c| ('\u{0600}'..='\u{06ff}').contains(&c)), "{ar}");
    let en = &push.received(&john_device)[0].payload;
    assert!(en["body"].as_str().unwrap().contains("16:00"), "{en}");

    // The bystander has no such session: the first message they get is the test they ask for.
    let asked = app.graphql_with_token(TEST, json!({ "id": bystander_id }), &bystander_token).await;
    assert_eq!(data(&asked)["sendTestNotification"], true);
    assert_eq!(one(&push, &bystander).await.payload["kind"], "test");
    assert!(push.violations().is_empty(), "{:?}", push.violations());
}

/// The numeric part of a global id ("Session:42" in base64url).
fn numeric(id: &Value) -> String {
    use base64::Engine;
    let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(id.as_str().unwrap()).unwrap();
    String::from_utf8(decoded).unwrap().split_once(':').unwrap().1.to_owned()
}

#[tokio::test]
async fn announcements_follow_their_severity_and_emergencies_reach_everyone() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let (_, arabic, _) = delegate(&app, &push, "Amina", &["ar"]).await;
    let (quiet_token, quiet, _) = delegate(&app, &push, "Quiet", &["en"]).await;
    let off = "mutation { updateMyPreferences(input: { announcements: false }) { notifications { announcements } } }";
    let turned = app.graphql_with_token(off, json!({}), &quiet_token).await;
    assert_eq!(data(&turned)["updateMyPreferences"]["notifications"]["announcements"], false);

    let announce = "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }";
    let info = json!({ "severity": "INFO", "title": texts("Coffee in the foyer"), "whatChanged": texts("Coffee is served."), "whatToDo": texts("Come along.") });
    assert!(app.graphql_with_token(announce, json!({ "input": info }), &organiser).await.get("errors").is_none());
    let got = one(&push, &arabic).await;
    assert_eq!((got.payload["kind"].as_str(), got.payload["lang"].as_str()), (Some("announcement"), Some("ar")));
    let id = got.payload["announcementId"].as_str().unwrap();
    assert_eq!(got.payload["link"], format!("/announcements#announcement-{id}"), "where the app lists it");
    assert!(got.payload["title"].as_str().unwrap().contains("Coffee in the foyer (ar)"), "{}", got.payload);
    assert_eq!(got.urgency.as_deref(), Some("low"));
    assert_eq!(got.topic, None);

    let long = "The east entrance is closed. ".repeat(150);
    let emergency = json!({ "severity": "EMERGENCY", "title": texts("Evacuate Hall A"), "whatChanged": texts(&long), "whatToDo": texts("Follow the staff to exit 2.") });
    assert!(app.graphql_with_token(announce, json!({ "input": emergency }), &organiser).await.get("errors").is_none());
    let both = push.wait_for(&arabic, 2, WAIT).await;
    let got = &both[1];
    assert_eq!(got.urgency.as_deref(), Some("high"));
    assert!(got.ttl <= 3_600, "an emergency is worth an hour at most: {}", got.ttl);
    assert!(got.plaintext_len <= 2_048, "shortened to fit: {}", got.plaintext_len);
    assert!(got.payload["body"].as_str().unwrap().ends_with('…'));
    // The quiet delegate turned announcements off: only the emergency reached them.
    let theirs = one(&push, &quiet).await;
    assert_eq!(theirs.payload["lang"], "en");
    assert!(theirs.payload["title"].as_str().unwrap().contains("Evacuate Hall A"), "{}", theirs.payload);
}

#[tokio::test]
async fn a_request_update_says_the_status_never_the_details() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let (token, device, _) = delegate(&app, &push, "Amina", &["ar"]).await;
    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    let consent = "mutation { giveAccommodationConsent(version: 1, lang: \"ar\") { version } }";
    app.graphql_with_token(consent, json!({}), &token).await;
    let submit = "mutation($d: String!) { submitAccommodationRequest(idempotencyKey: \"k\", items: [{ serviceType: SERVICE_ANIMAL, details: $d }]) { items { id } } }";
    let submitted = app.graphql_with_token(submit, json!({ "d": DETAILS }), &token).await;
    let item = data(&submitted)["submitAccommodationRequest"]["items"][0]["id"].clone();
    let moved = app
        .graphql_with_token(
            "mutation($id: ID!) { moveRequestItem(itemId: $id, to: IN_REVIEW, expectedVersion: 1) { status } }",
            json!({ "id": item }),
            &coordinator,
        )
        .await;
    assert_eq!(data(&moved)["moveRequestItem"]["status"], "IN_REVIEW");
    let got = one(&push, &device).await;
    assert_eq!(got.payload["kind"], "requestUpdated");
    assert_eq!(got.payload["itemId"], item);
    assert_eq!(
        got.payload["link"],
        format!("/requests/items/{}", item.as_str().unwrap()),
        "the item's page in the app"
    );
    assert_eq!(got.payload["lang"], "ar");
    let raw = got.payload.to_string();
    let service = sanad_schema::service::push::phrases::service_name(
        "ar",
        sanad_schema::entities::enums::ServiceType::ServiceAnimal,
    );
    for secret in ["guide dog", "Nour", "Amina", "Desk", service] {
        assert!(!raw.contains(secret), "{secret} in {raw}");
    }
    assert!(push.violations().is_empty(), "{:?}", push.violations());
}

/// The demo at 10:30 on a clock the test moves, scanning for reminders every 20 ms, with a
/// push service; and a session starting at 11:00 (its slug and id).
async fn at_half_past_ten() -> (TestApp, PushService, Clock, DateTime<Utc>, (String, Value)) {
    let start: DateTime<Utc> = "2019-09-10T11:00:00+03:00".parse().unwrap();
    let clock = Clock::manual(start - chrono::Duration::minutes(30));
    let options = TestOptions {
        manual_clock: Some(clock.clone()),
        reminder_scan: Duration::from_millis(20),
        ..TestOptions::default()
    };
    let (app, push) = (spawn_app_with(options).await, PushService::start().await);
    let all =
        app.graphql("{ conference { sessions(first: 200) { nodes { id slug time { start } } } } }", json!({})).await;
    let session = data(&all)["conference"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["time"]["start"] == "2019-09-10T11:00:00+03:00")
        .map(|s| (s["slug"].as_str().unwrap().to_owned(), s["id"].clone()))
        .expect("a session at 11:00");
    (app, push, clock, start, session)
}

#[tokio::test]
async fn reminders_come_at_the_delegates_lead_time_by_the_clock_and_only_once() {
    let (app, push, clock, start, (slug, session)) = at_half_past_ten().await;
    let (token, device, _) = delegate(&app, &push, "Amina", &["fr"]).await;
    app.graphql_with_token(ADD, json!({ "id": session }), &token).await;
    let lead = "mutation { updateMyPreferences(input: { reminderMinutesBefore: 15 }) { name } }";
    app.graphql_with_token(lead, json!({}), &token).await;

    // Sixteen minutes before: two full scans, nothing sent.
    clock.set(start - chrono::Duration::minutes(16));
    let scans = app.metric("sanad_push_reminder_scans_total").await;
    metric_reaches(&app, "sanad_push_reminder_scans_total", scans + 2).await;
    assert_eq!(app.metric("sanad_push_reminders_total").await, 0);
    // Fifteen minutes before: the reminder.
    clock.set(start - chrono::Duration::minutes(15));
    let got = one(&push, &device).await;
    assert_eq!(got.payload["kind"], "sessionReminder");
    assert_eq!(got.payload["lang"], "fr");
    assert_eq!(got.payload["link"], format!("/sessions/{}", session.as_str().unwrap()), "{slug}: its page in the app");
    assert!(got.payload["title"].as_str().unwrap().contains("15"), "{}", got.payload);
    assert_eq!(got.urgency.as_deref(), Some("high"));
    assert!(got.ttl <= 15 * 60, "worthless after the start: {}", got.ttl);
    // Later scans, and a restart, send it no second time.
    clock.set(start - chrono::Duration::minutes(5));
    let scans = app.metric("sanad_push_reminder_scans_total").await;
    metric_reaches(&app, "sanad_push_reminder_scans_total", scans + 3).await;
    assert_eq!(app.metric("sanad_push_reminders_total").await, 1);
    assert_eq!(push.received(&device).len(), 1);
}

#[tokio::test]
async fn each_answer_of_a_push_service_is_handled_as_the_policy_says() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let token = app.signed_in(Role::Delegate, "Amina").await;
    let mine = "{ me { pushSubscriptions { id refused } } }";
    // Busy (429 with Retry-After), failing (500, 503) and slow (past the timeout): retried
    // until delivered.
    for (script, tries) in [
        (vec![Scripted::RetryAfter(429, 1)], 2),
        (vec![Scripted::Status(500), Scripted::Status(503)], 3),
        (vec![Scripted::Stall(Duration::from_secs(5))], 2),
    ] {
        let (device, id) = device(&app, &push, &token).await;
        push.script(&device, script.clone());
        assert_eq!(
            data(&app.graphql_with_token(TEST, json!({ "id": id }), &token).await)["sendTestNotification"],
            true
        );
        let got = one(&push, &device).await;
        assert_eq!(got.payload["kind"], "test");
        let attempts = push.attempts(&device);
        assert_eq!(attempts.len(), tries, "{script:?}: {attempts:?}");
        if let [first, second] = &attempts[..]
            && matches!(script[0], Scripted::RetryAfter(..))
        {
            assert!(second.at - first.at >= Duration::from_secs(1), "Retry-After is honoured");
        }
        app.graphql_with_token("mutation($id: ID!) { removePushSubscription(id: $id) }", json!({ "id": id }), &token)
            .await;
    }

    // Gone (404, 410): the subscription is deleted.
    for gone in [404, 410] {
        let (device, id) = device(&app, &push, &token).await;
        push.script(&device, vec![Scripted::Status(gone)]);
        app.graphql_with_token(TEST, json!({ "id": id }), &token).await;
        push.wait_for_attempts(&device, 1, WAIT).await;
        let deadline = std::time::Instant::now() + WAIT;
        while data(&app.graphql_with_token(mine, json!({}), &token).await)["me"]["pushSubscriptions"] != json!([]) {
            assert!(std::time::Instant::now() < deadline, "a {gone} subscription is deleted");
            tokio::task::yield_now().await;
        }
    }

    // Refused (401, 403): kept, marked, counted; no retry. Bad request and too large: given up.
    let failed_before = app.metric("sanad_push_deliveries_total{outcome=\"failed\"}").await;
    let refused_before = app.metric("sanad_push_deliveries_total{outcome=\"refused\"}").await;
    for status in [401, 403, 400, 413] {
        let (device, id) = device(&app, &push, &token).await;
        push.script(&device, vec![Scripted::Status(status)]);
        app.graphql_with_token(TEST, json!({ "id": id }), &token).await;
        push.wait_for_attempts(&device, 1, WAIT).await;
    }
    metric_reaches(&app, "sanad_push_deliveries_total{outcome=\"refused\"}", refused_before + 2).await;
    metric_reaches(&app, "sanad_push_deliveries_total{outcome=\"failed\"}", failed_before + 2).await;
    let devices = data(&app.graphql_with_token(mine, json!({}), &token).await)["me"]["pushSubscriptions"].clone();
    let refused: Vec<bool> = devices.as_array().unwrap().iter().map(|d| d["refused"].as_bool().unwrap()).collect();
    assert_eq!(refused, [true, true, false, false], "401/403 kept and marked, 400/413 kept");

    // An endless answer does not hold the worker: the next message still goes.
    let (device, id) = device(&app, &push, &token).await;
    push.script(&device, vec![Scripted::Trickle]);
    app.graphql_with_token(TEST, json!({ "id": id }), &token).await;
    push.wait_for_attempts(&device, 1, WAIT).await;
    app.graphql_with_token(TEST, json!({ "id": id }), &token).await;
    let got = one(&push, &device).await;
    assert_eq!(got.payload["kind"], "test");
    assert!(push.violations().is_empty(), "{:?}", push.violations());
}

#[tokio::test]
async fn a_restart_loses_no_pending_delivery_and_sends_none_twice() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let mut devices = Vec::new();
    for n in 0..20 {
        let (_, device, _) = delegate(&app, &push, &format!("Delegate {n}"), &["en"]).await;
        // Every push service is briefly unavailable: all twenty wait for a retry.
        push.script(&device, vec![Scripted::RetryAfter(503, 1)]);
        devices.push(device);
    }
    let announce = "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }";
    let input = json!({ "severity": "CHANGE", "title": texts("Room change"), "whatChanged": texts("Moved."), "whatToDo": texts("Go.") });
    app.graphql_with_token(announce, json!({ "input": input }), &organiser).await;
    for device in &devices {
        push.wait_for_attempts(device, 1, WAIT).await;
    }
    let app = app.restart(TestOptions::default()).await;
    for device in &devices {
        assert_eq!(one(&push, device).await.payload["kind"], "announcement");
    }
    metric_reaches(&app, "sanad_push_deliveries_total{outcome=\"delivered\"}", 20).await;
    let rows = push_delivery::Entity::find().all(&app.server.state.db).await.unwrap();
    assert_eq!(rows.len(), 20);
    assert!(rows.iter().all(|r| r.status == DeliveryStatus::Delivered && r.attempts == 2), "{rows:?}");
}

#[tokio::test]
async fn repeated_changes_to_one_session_coalesce_under_one_topic() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let session = app.session_ids().await["panel-q1-challenges"].clone();
    let (token, device, _) = delegate(&app, &push, "Amina", &["en"]).await;
    app.graphql_with_token(ADD, json!({ "id": session }), &token).await;
    // The first change waits for a retry when the second comes: only the second goes. The
    // wait is long, so a slow machine cannot retry the first before the second supersedes it.
    push.script(&device, vec![Scripted::RetryAfter(503, 120)]);
    app.graphql_with_token(MOVE, json!({ "id": session, "start": "2019-09-10T15:00:00+03:00" }), &organiser).await;
    push.wait_for_attempts(&device, 1, WAIT).await;
    metric_reaches(&app, "sanad_push_deliveries_total{outcome=\"retried\"}", 1).await;
    app.graphql_with_token(MOVE, json!({ "id": session, "start": "2019-09-10T17:00:00+03:00" }), &organiser).await;
    let got = one(&push, &device).await;
    assert!(got.payload["body"].as_str().unwrap().contains("17:00"), "{}", got.payload);
    let topics: Vec<Option<String>> = push.attempts(&device).into_iter().map(|a| a.topic).collect();
    let topic = Some(format!("session-{}", numeric(&session)));
    assert_eq!(topics, [topic.clone(), topic], "both carry the session's topic");
    metric_reaches(&app, "sanad_push_deliveries_total{outcome=\"delivered\"}", 1).await;
    let mut statuses: Vec<_> =
        push_delivery::Entity::find().all(&app.server.state.db).await.unwrap().into_iter().map(|r| r.status).collect();
    statuses.sort();
    assert_eq!(statuses, [DeliveryStatus::Delivered, DeliveryStatus::Superseded]);
}

#[tokio::test]
async fn bad_subscriptions_are_refused_and_nothing_is_stored() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let token = app.signed_in(Role::Delegate, "Amina").await;
    let good = push.new_device();
    let short_key = &good.p256dh[..60];
    for (endpoint, key, auth, label, field) in [
        ("http://fcm.googleapis.com/fcm/send/x", good.p256dh.as_str(), good.auth.as_str(), "Phone", "endpoint"),
        ("https://push.example.com/x", &good.p256dh, &good.auth, "Phone", "endpoint"),
        ("https://10.1.2.3/push", &good.p256dh, &good.auth, "Phone", "endpoint"),
        ("https://169.254.169.254/latest/meta-data", &good.p256dh, &good.auth, "Phone", "endpoint"),
        ("http://192.168.0.10:8080/push", &good.p256dh, &good.auth, "Phone", "endpoint"),
        ("ftp://fcm.googleapis.com/x", &good.p256dh, &good.auth, "Phone", "endpoint"),
        (&good.endpoint, "not base64!", &good.auth, "Phone", "p256dh"),
        (&good.endpoint, short_key, &good.auth, "Phone", "p256dh"),
        (&good.endpoint, &good.p256dh, "AAAA", "Phone", "auth"),
        (&good.endpoint, &good.p256dh, &good.auth, "", "label"),
        // Refused as the document arrives, before any resolver: the field is the variable's.
        (&good.endpoint, &good.p256dh, &good.auth, "\u{0}", "l"),
    ] {
        let variables = json!({ "e": endpoint, "k": key, "a": auth, "l": label });
        let refused = app.graphql_with_token(REGISTER, variables, &token).await;
        assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{endpoint} {key} {auth}: {refused}");
        assert_eq!(error_field(&refused), field, "{endpoint}");
    }
    let mine = "{ me { pushSubscriptions { id } } }";
    assert_eq!(data(&app.graphql_with_token(mine, json!({}), &token).await)["me"]["pushSubscriptions"], json!([]));

    // At most ten devices; registering one again only updates it.
    let mut ids = Vec::new();
    for _ in 0..10 {
        ids.push(device(&app, &push, &token).await.1);
    }
    let again = app
        .graphql_with_token(
            REGISTER,
            json!({ "e": push_endpoint_of(&app, &token).await, "k": good.p256dh, "a": good.auth, "l": "Renamed" }),
            &token,
        )
        .await;
    assert_eq!(data(&again)["registerPushSubscription"]["label"], "Renamed");
    let eleventh = push.new_device();
    let refused = app
        .graphql_with_token(
            REGISTER,
            json!({ "e": eleventh.endpoint, "k": eleventh.p256dh, "a": eleventh.auth, "l": "Tablet" }),
            &token,
        )
        .await;
    assert_eq!(error_field(&refused), "endpoint");
    assert_eq!(
        data(&app.graphql_with_token(mine, json!({}), &token).await)["me"]["pushSubscriptions"]
            .as_array()
            .unwrap()
            .len(),
        10
    );

    // Another delegate can neither test nor remove them.
    let other = app.signed_in(Role::Delegate, "Omar").await;
    for operation in [TEST, "mutation($id: ID!) { removePushSubscription(id: $id) }"] {
        assert_eq!(error_code(&app.graphql_with_token(operation, json!({ "id": ids[0] }), &other).await), "NOT_FOUND");
    }
    let node = "query($id: ID!) { node(id: $id) { id } }";
    assert_eq!(error_code(&app.graphql_with_token(node, json!({ "id": ids[0] }), &other).await), "NOT_FOUND");
    assert_eq!(data(&app.graphql_with_token(node, json!({ "id": ids[0] }), &token).await)["node"]["id"], ids[0]);
}

/// The endpoint of the signed-in person's first device, read from the database (the API
/// never shows endpoints).
async fn push_endpoint_of(app: &TestApp, _token: &str) -> String {
    use sanad_schema::entities::push_subscription;
    use sea_orm::QueryOrder;
    push_subscription::Entity::find()
        .order_by_asc(push_subscription::Column::Id)
        .one(&app.server.state.db)
        .await
        .unwrap()
        .unwrap()
        .endpoint
}

#[tokio::test]
async fn devices_are_part_of_my_data_and_go_with_it() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let (token, _, _) = delegate(&app, &push, "Amina", &["en"]).await;
    let export = app.graphql_with_token("{ myDataExport }", json!({}), &token).await;
    assert_eq!(data(&export)["myDataExport"]["pushSubscriptions"][0]["label"], "Phone");
    assert_eq!(data(&export)["myDataExport"]["person"]["notifications"]["sessionReminders"], true);
    app.graphql_with_token("mutation { deleteMyData(confirm: true) }", json!({}), &token).await;
    use sanad_schema::entities::push_subscription;
    assert!(push_subscription::Entity::find().all(&app.server.state.db).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_revoked_phone_hears_nothing_more() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let (token, device, _) = delegate(&app, &push, "Amina", &["en"]).await;
    let me = data(&app.graphql_with_token("{ me { id } }", json!({}), &token).await)["me"]["id"].clone();
    let revoke = "mutation($id: ID!) { revokeAccess(personId: $id) }";
    assert_eq!(data(&app.graphql_with_token(revoke, json!({ "id": me }), &organiser).await)["revokeAccess"], 1);
    use sanad_schema::entities::push_subscription;
    assert!(push_subscription::Entity::find().all(&app.server.state.db).await.unwrap().is_empty());
    // An emergency goes to everyone's devices: not to the lost phone.
    let (_, witness, _) = delegate(&app, &push, "Omar", &["en"]).await;
    let announce = "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }";
    let input = json!({ "severity": "EMERGENCY", "title": texts("Evacuate"), "whatChanged": texts("Fire."), "whatToDo": texts("Exit 2.") });
    app.graphql_with_token(announce, json!({ "input": input }), &organiser).await;
    assert_eq!(one(&push, &witness).await.payload["kind"], "announcement");
    assert!(push.received(&device).is_empty() && push.attempts(&device).is_empty());
}

/// A device belongs to the sign-in that registered it: signing that phone out stops it,
/// while the same person's laptop, signed in separately, goes on hearing.
#[tokio::test]
async fn signing_out_stops_that_phones_notifications_only() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let (phone_token, phone, _) = delegate(&app, &push, "Amina", &["en"]).await;
    let me = data(&app.graphql_with_token("{ me { id } }", json!({}), &phone_token).await)["me"]["id"].clone();
    let issue = "mutation($id: ID!) { issueInvitationCode(personId: $id) { code } }";
    let issued = app.graphql_with_token(issue, json!({ "id": me }), &organiser).await;
    let laptop_token = app.sign_in(data(&issued)["issueInvitationCode"]["code"].as_str().unwrap()).await;
    let (laptop, _) = device(&app, &push, &laptop_token).await;

    let out = app.graphql_with_token("mutation { signOut }", json!({}), &phone_token).await;
    assert_eq!(data(&out)["signOut"], true, "{out}");
    let mine = "{ me { pushSubscriptions { id } } }";
    let left = app.graphql_with_token(mine, json!({}), &laptop_token).await;
    assert_eq!(data(&left)["me"]["pushSubscriptions"].as_array().unwrap().len(), 1, "the laptop's stays: {left}");

    let announce = "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }";
    let input = json!({ "severity": "EMERGENCY", "title": texts("Evacuate"), "whatChanged": texts("Fire."), "whatToDo": texts("Exit 2.") });
    app.graphql_with_token(announce, json!({ "input": input }), &organiser).await;
    assert_eq!(one(&push, &laptop).await.payload["kind"], "announcement");
    assert!(push.received(&phone).is_empty() && push.attempts(&phone).is_empty(), "the signed-out phone hears nothing");
}

#[tokio::test]
async fn a_cancelled_session_drops_its_waiting_reminder() {
    let (app, push, clock, start, (_, session)) = at_half_past_ten().await;
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let (token, device, _) = delegate(&app, &push, "Amina", &["en"]).await;
    app.graphql_with_token(ADD, json!({ "id": session }), &token).await;
    // The reminder's first try meets a busy push service and waits to be tried again.
    push.script(&device, vec![Scripted::RetryAfter(503, 30)]);
    clock.set(start - chrono::Duration::minutes(15));
    push.wait_for_attempts(&device, 1, WAIT).await;
    // Waiting means recorded for a retry: a send still in flight is not superseded (see the note
    // on `outbox::supersede`).
    metric_reaches(&app, "sanad_push_deliveries_total{outcome=\"retried\"}", 1).await;
    let cancel = "mutation($id: ID!) { cancelSession(id: $id) { id } }";
    assert!(app.graphql_with_token(cancel, json!({ "id": session }), &organiser).await.get("errors").is_none());
    let got = one(&push, &device).await;
    assert_eq!(got.payload["kind"], "sessionChanged");
    metric_reaches(&app, "sanad_push_deliveries_total{outcome=\"delivered\"}", 1).await;
    let mut statuses: Vec<_> =
        push_delivery::Entity::find().all(&app.server.state.db).await.unwrap().into_iter().map(|r| r.status).collect();
    statuses.sort();
    assert_eq!(statuses, [DeliveryStatus::Delivered, DeliveryStatus::Superseded], "the reminder never goes");
}

/// The demo on a fresh database with `devices` subscribed, for tests of the outbox alone
/// (no worker racing their claims).
async fn outbox_alone(
    devices: usize,
) -> (sanad_tests::TestDatabase, sea_orm::DatabaseConnection, sanad_schema::entities::conference::Model) {
    let (database, target) = sanad_tests::TestDatabase::create().await;
    let db = sanad_api::db::open(&target, Default::default()).await.unwrap();
    sanad_api::demo::load_if_absent(&db).await.unwrap();
    let push = PushService::start().await;
    let devices: Vec<Device> = (0..devices).map(|_| push.new_device()).collect();
    sanad_tests::seed::push_subscribers(&db, &devices, 0).await;
    let conference = sanad_schema::entities::conference::Entity::find().one(&db).await.unwrap().unwrap();
    (database, db, conference)
}

/// A notification of `kind` with no texts.
fn notice(
    kind: sanad_schema::service::push::content::Kind,
    urgency: sanad_schema::service::push::outbox::Urgency,
    topic: Option<&str>,
) -> sanad_schema::service::push::outbox::Notification {
    sanad_schema::service::push::outbox::Notification {
        content: sanad_schema::service::push::content::Content {
            kind,
            ids: Default::default(),
            link: "/".into(),
            texts: Default::default(),
            default_lang: "en".into(),
        },
        topic: topic.map(str::to_owned),
        urgency,
        ttl: chrono::Duration::hours(1),
    }
}

#[tokio::test]
async fn a_send_in_flight_when_superseded_is_never_tried_again() {
    use sanad_schema::service::push::content::Kind;
    use sanad_schema::service::push::outbox::{self, Audience, Outcome, Urgency};
    // The outbox alone, so the superseding change lands exactly while the first is being sent.
    let (_database, db, conference) = outbox_alone(2).await;
    let reminder = || notice(Kind::SessionChanged, Urgency::Normal, Some("session-1"));
    let everyone = Audience::Everyone { emergency: false };
    assert_eq!(outbox::enqueue(&db, conference.id, reminder(), everyone.clone()).await.unwrap(), 2);
    let now = Utc::now();
    let in_flight =
        outbox::claim(&db, now + chrono::Duration::seconds(1), chrono::Duration::minutes(1), 10).await.unwrap();
    assert_eq!(in_flight.len(), 2);
    // The newer message comes while both sends are out: one will fail and ask for a retry,
    // the other gets through.
    assert_eq!(outbox::enqueue(&db, conference.id, reminder(), everyone).await.unwrap(), 2);
    let retry = Outcome::Retry { at: now, status: Some(503), error: "busy" };
    let outcomes = [(in_flight[0].clone(), retry), (in_flight[1].clone(), Outcome::Delivered)];
    outbox::finish(&db, &outcomes, Utc::now()).await.unwrap();
    let status_of = |rows: &[push_delivery::Model], id: i64| rows.iter().find(|r| r.id == id).unwrap().status;
    let rows = push_delivery::Entity::find().all(&db).await.unwrap();
    assert_eq!(status_of(&rows, in_flight[0].delivery_id), DeliveryStatus::Superseded, "never tried again");
    assert_eq!(status_of(&rows, in_flight[1].delivery_id), DeliveryStatus::Delivered, "what got through says so");
    let waiting = rows.iter().filter(|r| r.status == DeliveryStatus::Pending).count();
    assert_eq!(waiting, 2, "the newer message waits for both devices");
}

#[tokio::test]
async fn an_emergency_is_taken_before_a_fan_out_already_waiting() {
    use sanad_schema::service::push::content::Kind;
    use sanad_schema::service::push::outbox::{self, Audience, Urgency};
    // The outbox alone, on a real database, with no worker to race the claim.
    let (_database, db, conference) = outbox_alone(50).await;
    let notice = |kind, urgency| notice(kind, urgency, None);
    let everyone = Audience::Everyone { emergency: false };
    assert_eq!(
        outbox::enqueue(&db, conference.id, notice(Kind::Announcement, Urgency::Low), everyone.clone()).await.unwrap(),
        50
    );
    assert_eq!(outbox::enqueue(&db, conference.id, notice(Kind::Test, Urgency::High), everyone).await.unwrap(), 50);
    let first =
        outbox::claim(&db, Utc::now() + chrono::Duration::seconds(1), chrono::Duration::minutes(1), 50).await.unwrap();
    assert_eq!(first.len(), 50);
    assert!(
        first.iter().all(|c| c.message.urgency == sanad_schema::entities::push_message::Urgency::High),
        "the urgent ones first"
    );
}
