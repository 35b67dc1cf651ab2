//! Sanad's own programme document (`sanad import FILE --format sanad`, and the demo) goes through
//! the same editing services as organisers' mutations: importing it again changes nothing; a
//! moved session is moved as an organiser moves it; a document that breaks a rule is refused
//! with its place and writes nothing; a dry run says what it would do and writes nothing.

use std::process::ExitCode;

use sanad_tests::{TestApp, data, spawn_app};
use serde_json::{Value, json};

use crate::schedule_import::{agenda_holder_listening, sanad, version};

const DEMO: &str = "amman-2019";

/// A change made to the demo document.
type Change = Box<dyn FnOnce(&mut Value)>;

/// The demo document with `change` made, written to a file.
fn document(change: impl FnOnce(&mut Value)) -> tempfile::NamedTempFile {
    let mut doc: Value = serde_json::from_str(sanad_api::demo::DEMO_JSON).unwrap();
    change(&mut doc);
    let file = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    std::fs::write(file.path(), doc.to_string()).unwrap();
    file
}

fn session<'a>(doc: &'a mut Value, key: &str) -> &'a mut Value {
    doc["sessions"].as_array_mut().unwrap().iter_mut().find(|s| s["key"] == key).unwrap()
}

async fn opening(app: &TestApp) -> Value {
    let ids = app.session_ids().await;
    let read = app
        .graphql(
            "query($id: ID!) { node(id: $id) { ... on Session { status time { start } room { slug }
               changes { kind description { value } } } } }",
            json!({ "id": ids["opening-plenary"] }),
        )
        .await;
    data(&read)["node"].clone()
}

#[tokio::test]
async fn the_demo_imported_again_changes_nothing() {
    let app = spawn_app().await;
    let before = version(&app, DEMO).await;
    let file = document(|_| {});
    let (result, out) = sanad(&app, &["import", file.path().to_str().unwrap()]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert_eq!(out, format!("{DEMO}: 36 sessions, no changes (programme version {before})\n"));
    assert_eq!(version(&app, DEMO).await, before);
}

#[tokio::test]
async fn a_session_moved_in_the_document_is_moved_as_an_organiser_moves_it() {
    let app = spawn_app().await;
    let before = version(&app, DEMO).await;
    let file = document(|doc| {
        let opening = session(doc, "opening-plenary");
        opening["start"] = "2019-09-10T09:30".into();
        opening["end"] = "2019-09-10T11:00".into();
        opening["title"]["fr"] = "Séance plénière d'ouverture (nouvelle heure)".into();
        doc["venue"]["rooms"][1]["hearingLoop"] = "NO".into();
    });
    let path = file.path().to_str().unwrap();
    let (result, out) = sanad(&app, &["import", path, "--format", "sanad", "--dry-run"]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.starts_with(&format!("{DEMO}: 36 sessions; a real run would make 3 change(s)")), "{out}");
    assert_eq!(version(&app, DEMO).await, before, "a dry run writes nothing");
    assert_eq!(opening(&app).await["time"]["start"], "2019-09-10T09:00:00+03:00");

    // A delegate holds the session in their agenda, on a WebSocket to the running server.
    let ids = app.session_ids().await;
    let mut client = agenda_holder_listening(&app, DEMO, &ids["opening-plenary"]).await.1;
    let (result, out) = sanad(&app, &["import", path]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    let event = client.json().await;
    let change = &event["payload"]["data"]["myAgendaChanged"];
    assert_eq!(change["action"], "MOVED", "{event}");
    assert_eq!(change["session"]["time"]["start"], "2019-09-10T09:30:00+03:00", "{event}");
    assert!(out.contains("1 × session moved") && out.contains("1 × session updated"), "{out}");
    assert!(out.contains("1 × room updated"), "{out}");
    assert_eq!(version(&app, DEMO).await, before + 1, "one document, one version");
    let opening = opening(&app).await;
    assert_eq!(opening["status"], "MOVED");
    assert_eq!(opening["time"]["start"], "2019-09-10T09:30:00+03:00");
    assert_eq!(opening["changes"][0]["kind"], "MOVED", "{opening}");
    assert!(
        opening["changes"][0]["description"]["value"].as_str().unwrap().contains("Now: Hall A, 9:30 to 11:00"),
        "{opening}"
    );

    // The same document again: nothing new.
    let (result, out) = sanad(&app, &["import", path]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("no changes"), "{out}");
    assert_eq!(version(&app, DEMO).await, before + 1);
}

#[tokio::test]
async fn a_document_that_breaks_a_rule_is_refused_with_its_place_and_writes_nothing() {
    let app = spawn_app().await;
    let before = version(&app, DEMO).await;
    let opening_before = opening(&app).await;
    let cases: Vec<(Change, &str)> = vec![
        (
            // A second session in the opening plenary's room at its time.
            Box::new(|doc: &mut Value| {
                let mut twin = session(doc, "opening-plenary").clone();
                twin["key"] = "twin-plenary".into();
                twin["documents"] = json!([]);
                doc["sessions"].as_array_mut().unwrap().push(twin);
                session(doc, "opening-plenary")["start"] = "2019-09-10T09:15".into();
            }),
            "session twin-plenary: ",
        ),
        (Box::new(|doc: &mut Value| doc["conference"]["timeZone"] = "Europe/Paris".into()), "conference.timeZone"),
        (Box::new(|doc: &mut Value| doc["conference"]["endDate"] = "2019-09-13".into()), "are fixed"),
        (
            Box::new(|doc: &mut Value| doc["venue"]["rooms"][0]["nearestAccessibleToilet"] = "entrance-main".into()),
            "is not an accessible toilet",
        ),
        (Box::new(|doc: &mut Value| doc["sessions"][0]["start"] = "2019-13-10T09:00".into()), "is not a time"),
    ];
    for (change, expected) in cases {
        let file = document(change);
        let (result, out) = sanad(&app, &["import", file.path().to_str().unwrap()]).await;
        let error = result.expect_err("refused");
        assert!(error.contains(expected) && error.contains("nothing was imported"), "{expected}: {error}");
        assert!(out.is_empty(), "{out}");
        assert_eq!(version(&app, DEMO).await, before, "{expected}: nothing written");
    }
    assert_eq!(opening(&app).await, opening_before);

    let file = document(|_| {});
    let (result, _) = sanad(&app, &["import", file.path().to_str().unwrap(), "--conference", "other"]).await;
    assert!(result.expect_err("refused").contains("the document is for conference amman-2019, not other"));
    app.assert_healthy("after refused documents").await;
}

const OVERLAID: &str = r#"query { conference(slug: "democon") { programmeVersion
  sessions(first: 100) { nodes { slug title { value } plainSummary { value lang } captions { available }
    languages { sign { tag } } room { slug name { value lang } stepFree hearingLoop nearestAccessibleToilet { slug } }
    speakers { speaker { pronunciation { ipa } } } } } } }"#;

/// The session of the overlay (pretalx's "Focused 5thgeneration hardware", Gray Room).
fn hardware_talk(read: &Value) -> Value {
    let nodes = data(read)["conference"]["sessions"]["nodes"].as_array().unwrap();
    nodes.iter().find(|s| s["slug"] == HARDWARE).cloned().expect("the talk is served")
}

const HARDWARE: &str = "8079583e-8321-506c-95af-fd2903a5f075";

#[tokio::test]
async fn an_overlay_completes_a_pretalx_programme_and_survives_its_resyncs() {
    let app = sanad_tests::spawn_app_with(sanad_tests::TestOptions { demo: false, ..Default::default() }).await;
    let source = crate::schedule_import::example("pretalx-democon.json");
    let (result, out) = sanad(&app, &["import", &source]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");

    // Only what pretalx cannot say, keyed by its room names, session guids and speaker codes.
    let overlay = json!({
        "conference": { "slug": "democon" },
        "venue": {
            "places": [{ "key": "toilet-gray", "kind": "ACCESSIBLE_TOILET", "floor": 0, "stepFree": "YES",
                "name": { "en": "Accessible toilet" }, "description": { "en": "Second door on the left of the Gray Room." } }],
            "rooms": [{ "key": "Gray Room", "stepFree": "YES", "hearingLoop": "YES", "nearestAccessibleToilet": "toilet-gray",
                "name": { "ar": "الغرفة الرمادية" } }]
        },
        "speakers": [{ "key": "p-nqtf8y", "ipa": "ˈnɔːrə" }],
        "sessions": [{ "key": HARDWARE, "signLanguages": ["ils"], "captions": "YES",
            "plainSummary": { "en": "How new computer parts are made, in plain words." } }]
    });
    let file = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    std::fs::write(file.path(), overlay.to_string()).unwrap();
    let overlay_path = file.path().to_str().unwrap();
    // A client listening for programme changes on the running server.
    let mut client = sanad_tests::ws::connect(app.addr, "graphql-transport-ws", &[]).await;
    client.init(json!({})).await;
    let subscription = "subscription { programmeChanged { programmeVersion } }";
    client.send(json!({ "id": "programme", "type": "subscribe", "payload": { "query": subscription } })).await;
    app.wait_for_subscriptions(1).await;
    let (result, out) = sanad(&app, &["import", overlay_path]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("1 × session updated") && out.contains("1 × room updated"), "{out}");
    // It hears of the new version (no move or removal to replay: the content changed), and
    // reads again.
    let overlaid = version(&app, "democon").await;
    loop {
        let event = client.json().await;
        let heard = event["payload"]["data"]["programmeChanged"]["programmeVersion"].as_i64();
        assert!(heard.is_some(), "{event}");
        if heard == Some(overlaid) {
            break;
        }
    }

    let check = |talk: &Value| {
        assert_eq!(talk["title"]["value"], "Focused 5thgeneration hardware", "pretalx's title stays: {talk}");
        assert_eq!(talk["languages"]["sign"], json!([{ "tag": "ils" }]));
        assert_eq!(talk["captions"]["available"], "YES");
        assert_eq!(talk["plainSummary"]["lang"], "en");
        assert_eq!(talk["room"]["stepFree"], "YES");
        assert_eq!(talk["room"]["hearingLoop"], "YES");
        assert_eq!(talk["room"]["nearestAccessibleToilet"]["slug"], "toilet-gray");
        assert_eq!(talk["speakers"][0]["speaker"]["pronunciation"]["ipa"], "ˈnɔːrə");
    };
    let read = app.graphql_as(OVERLAID, json!({}), Some("ar")).await;
    let talk = hardware_talk(&read);
    check(&talk);
    assert_eq!(talk["room"]["name"], json!({ "value": "الغرفة الرمادية", "lang": "ar" }), "a translation added");
    let version = version(&app, "democon").await;

    // pretalx again, unchanged: nothing written, the overlay's facts stay. The overlay again: the same.
    for again in [source.as_str(), overlay_path] {
        let (result, out) = sanad(&app, &["import", again]).await;
        assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
        assert!(out.contains("no changes"), "{again}: {out}");
        assert_eq!(crate::schedule_import::version(&app, "democon").await, version);
    }
    check(&hardware_talk(&app.graphql(OVERLAID, json!({})).await));

    // What the overlay still lacks is listed; what it gave is not.
    let (_, report) = sanad(&app, &["check"]).await;
    assert!(report.contains("room tan-room: nobody has checked whether it is step-free"), "{report}");
    assert!(!report.contains("room gray-room"), "{report}");
    assert!(report.contains("speaker p-r7lf7t: no IPA") && !report.contains("speaker p-nqtf8y"), "{report}");
}

#[tokio::test]
async fn an_overlay_for_what_does_not_exist_says_what_a_new_one_needs() {
    let app = spawn_app().await;
    let before = version(&app, DEMO).await;
    for (overlay, expected) in [
        (json!({ "conference": { "slug": "nowhere" } }), "nowhere does not exist yet; to create it, give timeZone"),
        (
            json!({ "conference": { "slug": DEMO }, "sessions": [{ "key": "no-such", "captions": "YES" }] }),
            "session no-such: is not a session of the conference; a new session needs kind, start, end and title",
        ),
        (
            json!({ "conference": { "slug": DEMO }, "venue": { "rooms": [{ "key": "no-such", "stepFree": "YES" }] } }),
            "room no-such: is not a room of the conference; a new room needs name and floor",
        ),
        (
            json!({ "conference": { "slug": DEMO }, "sessions": [{ "key": "opening-plenary", "room": "no-such" }] }),
            "session opening-plenary.room: 'no-such' is not a room",
        ),
    ] {
        let file = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
        std::fs::write(file.path(), overlay.to_string()).unwrap();
        let (result, _) = sanad(&app, &["import", file.path().to_str().unwrap(), "--format", "sanad"]).await;
        let error = result.expect_err("refused");
        assert!(error.contains(expected), "{expected}: {error}");
    }
    assert_eq!(version(&app, DEMO).await, before);
}
