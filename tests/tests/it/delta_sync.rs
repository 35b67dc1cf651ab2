//! An offline copy catches up with `conference.changedSince(version)`: after edits it gets the
//! changed objects as they are now and the deletions, in a read far smaller than the whole
//! programme; a copy the change log cannot bring up to date is told to read everything.

use sanad_schema::entities::enums::Role;
use sanad_tests::{FULL_PROGRAMME, TestApp, data, error_code, error_field, spawn_app};
use serde_json::{Value, json};

const DELTA: &str = "query($since: Int!) { conference { changedSince(since: $since) { since version complete \
    conferenceChanged venueChanged sessions { id slug status title { value } } speakers { id } rooms { id } \
    tracks { id } documents { id } glossary { id term } pointsOfInterest { id } routes { id } \
    deletions { id programmeVersion } } } }";

fn texts(value: &str) -> Value {
    json!([
        { "lang": "en", "value": value },
        { "lang": "fr", "value": format!("{value} (fr)") },
        { "lang": "ar", "value": format!("{value} (ar)") },
    ])
}

async fn version(app: &TestApp) -> i64 {
    let response = app.graphql("{ conference { programmeVersion } }", json!({})).await;
    data(&response)["conference"]["programmeVersion"].as_i64().unwrap()
}

async fn delta(app: &TestApp, since: i64) -> (Value, usize) {
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": DELTA, "variables": { "since": since } }))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let bytes = response.len();
    let body: Value = serde_json::from_str(&response).unwrap();
    (data(&body)["conference"]["changedSince"].clone(), bytes)
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_copy_catches_up_with_what_changed_and_what_was_deleted() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let sessions = app.session_ids().await;
    let start = version(&app).await;

    // Nothing changed yet: complete, and empty.
    let (nothing, _) = delta(&app, start).await;
    assert_eq!(nothing["complete"], true);
    assert_eq!(nothing["version"], start);
    assert_eq!(nothing["sessions"], json!([]));
    assert_eq!(nothing["deletions"], json!([]));

    // Three edits: a cancellation, a new glossary entry, a deleted session; and one refused edit.
    let cancelled = sessions["ws-employment"].clone();
    let cancel = "mutation($id: ID!) { cancelSession(id: $id) { status } }";
    data(&app.graphql_with_token(cancel, json!({ "id": cancelled }), &organiser).await);
    let refused = app.graphql_with_token(cancel, json!({ "id": cancelled }), &organiser).await;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT", "already cancelled: nothing written");
    let entry = app
        .graphql_with_token(
            "mutation($input: GlossaryEntryInput!) { createGlossaryEntry(input: $input) { id } }",
            json!({ "input": { "term": "VIDA", "expansion": texts("Victim Assistance Database") } }),
            &organiser,
        )
        .await;
    let entry_id = data(&entry)["createGlossaryEntry"]["id"].as_str().unwrap().to_owned();
    let deleted = sessions["opening-plenary"].clone();
    data(
        &app.graphql_with_token(
            "mutation($id: ID!) { deleteSession(id: $id) { id } }",
            json!({ "id": deleted }),
            &organiser,
        )
        .await,
    );
    let now = version(&app).await;
    assert_eq!(now, start + 3, "one version per edit, none for the refused one");

    let (caught_up, delta_bytes) = delta(&app, start).await;
    assert_eq!(caught_up["complete"], true);
    assert_eq!((caught_up["since"].as_i64(), caught_up["version"].as_i64()), (Some(start), Some(now)));
    assert_eq!(ids(&caught_up["sessions"]), [cancelled.as_str().unwrap()], "the deleted one is not listed as changed");
    assert_eq!(caught_up["sessions"][0]["status"], "CANCELLED", "as it is now");
    assert_eq!(ids(&caught_up["glossary"]), [entry_id.as_str()]);
    assert_eq!(caught_up["glossary"][0]["term"], "VIDA");
    // The session, and its documents with it.
    let gone = ids(&caught_up["deletions"]);
    assert!(gone.contains(&deleted.as_str().unwrap()), "{gone:?}");
    assert!(gone.iter().all(|id| id.starts_with("U2Vzc2lvbj") || id.starts_with("RG9jdW1lbn")), "{gone:?}");
    assert!(caught_up["deletions"].as_array().unwrap().iter().all(|d| d["programmeVersion"] == now));
    for untouched in ["speakers", "rooms", "tracks", "documents", "pointsOfInterest", "routes"] {
        assert_eq!(caught_up[untouched], json!([]), "{untouched}");
    }
    assert_eq!(
        (caught_up["conferenceChanged"].as_bool(), caught_up["venueChanged"].as_bool()),
        (Some(false), Some(false))
    );

    // From the middle: only what came after.
    let (later, _) = delta(&app, start + 1).await;
    assert!(ids(&later["sessions"]).is_empty());
    assert_eq!(ids(&later["glossary"]), [entry_id.as_str()]);
    assert_eq!(later["deletions"], caught_up["deletions"]);

    // Far smaller than reading the whole programme again.
    let full = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": FULL_PROGRAMME, "variables": {} }))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(delta_bytes * 20 < full.len(), "delta {delta_bytes} B, full {} B", full.len());
}

#[tokio::test]
async fn a_deleted_speaker_brings_the_sessions_they_left() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let start = version(&app).await;
    let speakers = app.graphql("{ conference { speakers { id sessions { id } } } }", json!({})).await;
    let speaker = data(&speakers)["conference"]["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| !s["sessions"].as_array().unwrap().is_empty())
        .unwrap()
        .clone();
    let mut their_sessions: Vec<&str> =
        speaker["sessions"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    their_sessions.sort_unstable();
    let deleted = app
        .graphql_with_token(
            "mutation($id: ID!) { deleteSpeaker(id: $id) { id } }",
            json!({ "id": speaker["id"] }),
            &organiser,
        )
        .await;
    data(&deleted);
    let (caught_up, _) = delta(&app, start).await;
    let mut changed = ids(&caught_up["sessions"]);
    changed.sort_unstable();
    assert_eq!(changed, their_sessions, "each session the speaker left, as it is now");
    assert_eq!(ids(&caught_up["deletions"]), [speaker["id"].as_str().unwrap()]);
}

#[tokio::test]
async fn copies_the_log_cannot_bring_up_to_date_are_told_to_read_everything() {
    let app = spawn_app().await;
    let now = version(&app).await;
    // Version 0 is no copy at all, and the demo's log starts when it was created.
    for since in [0, now + 1, now + 1_000] {
        let (answer, _) = delta(&app, since).await;
        assert_eq!(answer["complete"], false, "since {since}");
        assert_eq!(answer["version"], now);
        assert_eq!(answer["sessions"], json!([]));
        assert_eq!(answer["deletions"], json!([]));
    }
    let negative = app.graphql(DELTA, json!({ "since": -1 })).await;
    assert_eq!(error_code(&negative), "BAD_USER_INPUT");
    assert_eq!(error_field(&negative), "since");
    app.assert_healthy("bad versions").await;
}

#[tokio::test]
async fn the_import_that_made_the_demo_is_in_the_log() {
    let app = spawn_app().await;
    let now = version(&app).await;
    // The demo was created at version 1 and filled by one import edit after it.
    let (everything, _) = delta(&app, 1).await;
    assert_eq!(everything["complete"], true);
    assert_eq!(everything["version"], now);
    let sessions = app.session_ids().await;
    assert_eq!(everything["sessions"].as_array().unwrap().len(), sessions.len());
}
