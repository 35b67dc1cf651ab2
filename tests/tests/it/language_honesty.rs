//! Every payload and every composed sentence says the language it is really in (DESIGN §4). A
//! screen reader picks its voice from that tag: Spanish words tagged `en` are read with an
//! English voice, and English room names inside a sentence tagged `es` with a Spanish one. The
//! demo's Spanish is optional and incomplete (Rooms 101 to 104 have no Spanish name; some
//! announcements have no Spanish text), which is what these tests lean on.

use std::time::Duration;

use sanad_schema::entities::enums::Role;
use sanad_tests::push_service::{Device, PushService, Received};
use sanad_tests::{TestApp, data, spawn_app};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(15);
const REGISTER: &str = "mutation($e: String!, $k: String!, $a: String!, $l: String!) {
  registerPushSubscription(endpoint: $e, p256dh: $k, auth: $a, label: $l) { id }
}";
const LANGUAGES: &str =
    "mutation($langs: [String!]!) { updateMyPreferences(input: { preferredLanguages: $langs }) { name } }";
const ADD: &str = "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { name } }";
const MOVE: &str =
    "mutation($id: ID!, $start: DateTime!) { moveSession(id: $id, startsAt: $start, force: true) { id } }";

/// A delegate reading `langs` (best first), with a device.
async fn delegate(app: &TestApp, push: &PushService, name: &str, langs: &[&str]) -> (String, Device) {
    let token = app.signed_in(Role::Delegate, name).await;
    assert!(app.graphql_with_token(LANGUAGES, json!({ "langs": langs }), &token).await.get("errors").is_none());
    let device = push.new_device();
    let variables = json!({ "e": device.endpoint, "k": device.p256dh, "a": device.auth, "l": "Phone" });
    assert!(app.graphql_with_token(REGISTER, variables, &token).await.get("errors").is_none());
    (token, device)
}

async fn one(push: &PushService, device: &Device) -> Received {
    let got = push.wait_for(device, 1, WAIT).await;
    assert_eq!(got.len(), 1, "one message: {got:?}\nviolations: {:?}", push.violations());
    got.into_iter().next().unwrap()
}

fn texts(pairs: &[(&str, &str)]) -> Value {
    pairs.iter().map(|(lang, value)| json!({ "lang": lang, "value": value })).collect()
}

#[tokio::test]
async fn an_announcement_without_spanish_reaches_a_spanish_reader_whole_in_their_next_language() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let (_, spanish_only) = delegate(&app, &push, "Lucía", &["es"]).await;
    let (_, spanish_then_french) = delegate(&app, &push, "Mateo", &["es", "fr"]).await;
    let (_, arabic) = delegate(&app, &push, "Amina", &["ar"]).await;
    // Control: with Spanish texts, a Spanish reader gets Spanish (second announcement).
    let (_, spanish_control) = delegate(&app, &push, "Sofía", &["es"]).await;

    let announce = "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }";
    let input = json!({
        "severity": "URGENT",
        "title": texts(&[("en", "Lift out of order"), ("fr", "Ascenseur en panne"), ("ar", "المصعد معطل")]),
        "whatChanged": texts(&[("en", "Lift B is out of order."), ("fr", "L'ascenseur B est en panne."), ("ar", "المصعد ب معطل.")]),
        "whatToDo": texts(&[("en", "Use lift A."), ("fr", "Prenez l'ascenseur A."), ("ar", "استخدموا المصعد أ.")]),
    });
    let published = app.graphql_with_token(announce, json!({ "input": input }), &organiser).await;
    assert!(published.get("errors").is_none(), "{published}");

    let got = one(&push, &spanish_only).await.payload;
    assert_eq!(got["lang"], "en", "no Spanish text: the message is English and says so: {got}");
    assert_eq!(got["dir"], "LTR");
    assert!(got["title"].as_str().unwrap().contains("Lift out of order"), "{got}");
    assert!(!got["title"].as_str().unwrap().contains("Urgente"), "no Spanish label around English text: {got}");
    let got = one(&push, &spanish_then_french).await.payload;
    assert_eq!(got["lang"], "fr", "{got}");
    assert!(got["body"].as_str().unwrap().contains("Prenez l'ascenseur A."), "{got}");
    let got = one(&push, &arabic).await.payload;
    assert_eq!((got["lang"].as_str(), got["dir"].as_str()), (Some("ar"), Some("RTL")), "{got}");
    assert!(got["title"].as_str().unwrap().contains("المصعد معطل"), "{got}");
    // (The control reader got this one in English too; the Spanish announcement follows.)
    assert_eq!(one(&push, &spanish_control).await.payload["lang"], "en");

    let input = json!({
        "severity": "INFO",
        "title": texts(&[("en", "Water"), ("fr", "Eau"), ("ar", "ماء"), ("es", "Agua")]),
        "whatChanged": texts(&[("en", "Water at the foyer."), ("fr", "De l'eau au foyer."), ("ar", "ماء في البهو."), ("es", "Agua en el vestíbulo.")]),
        "whatToDo": texts(&[("en", "Help yourself."), ("fr", "Servez-vous."), ("ar", "تفضلوا."), ("es", "Sírvanse.")]),
    });
    assert!(app.graphql_with_token(announce, json!({ "input": input }), &organiser).await.get("errors").is_none());
    let got = push.wait_for(&spanish_control, 2, WAIT).await;
    let spanish = &got[1].payload;
    assert_eq!(spanish["lang"], "es", "{spanish}");
    assert!(spanish["body"].as_str().unwrap().contains("Agua en el vestíbulo."), "{spanish}");
}

/// A move of a session in a room with no Spanish name: no Spanish sentence is composed (it
/// would paste "Room 103" into Spanish), so the change reads in English, marked as a fallback,
/// in the API and in the push alike. A room with a Spanish name gives a Spanish sentence.
#[tokio::test]
async fn a_change_sentence_exists_only_in_languages_its_room_names_exist_in() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let sessions = app.session_ids().await;
    let (token, device) = delegate(&app, &push, "Lucía", &["es"]).await;
    for slug in ["ws-peer-support", "panel-q1-challenges"] {
        let added = app.graphql_with_token(ADD, json!({ "id": sessions[slug] }), &token).await;
        assert!(added.get("errors").is_none(), "{added}");
    }

    // Room 103 has no Spanish name.
    let moved = app
        .graphql_with_token(
            MOVE,
            json!({ "id": sessions["ws-peer-support"], "start": "2019-09-11T11:15:00+03:00" }),
            &organiser,
        )
        .await;
    assert!(moved.get("errors").is_none(), "{moved}");
    let got = one(&push, &device).await.payload;
    assert_eq!(got["kind"], "sessionChanged");
    assert_eq!(got["lang"], "en", "{got}");
    assert!(got["body"].as_str().unwrap().contains("Room 103"), "{got}");
    assert!(!got["body"].as_str().unwrap().contains("Trasladada"), "{got}");

    let change =
        "query($id: ID!) { node(id: $id) { ... on Session { changes { description { value lang isFallback } } } } }";
    let read = app.graphql_as(change, json!({ "id": sessions["ws-peer-support"] }), Some("es")).await;
    let description = &data(&read)["node"]["changes"][0]["description"];
    assert_eq!(description["lang"], "en", "{read}");
    assert_eq!(description["isFallback"], true, "{read}");
    assert!(description["value"].as_str().unwrap().starts_with("Moved."), "{read}");

    // Hall A has a Spanish name: the sentence is Spanish throughout.
    let moved = app
        .graphql_with_token(
            MOVE,
            json!({ "id": sessions["panel-q1-challenges"], "start": "2019-09-10T11:15:00+03:00" }),
            &organiser,
        )
        .await;
    assert!(moved.get("errors").is_none(), "{moved}");
    let got = push.wait_for(&device, 2, WAIT).await;
    let spanish = &got[1].payload;
    assert_eq!(spanish["lang"], "es", "{spanish}");
    assert!(spanish["body"].as_str().unwrap().contains("Trasladada."), "{spanish}");
    let read = app.graphql_as(change, json!({ "id": sessions["panel-q1-challenges"] }), Some("es")).await;
    let description = &data(&read)["node"]["changes"][0]["description"];
    assert_eq!(
        (description["lang"].as_str(), description["isFallback"].as_bool()),
        (Some("es"), Some(false)),
        "{read}"
    );
}
