//! Organisers edit the programme: validation, recorded changes in every conference language,
//! versions, tombstones, and every reader seeing the change at once.

use std::collections::HashMap;

use sanad_schema::entities::enums::Role;
use sanad_schema::entities::tombstone;
use sanad_tests::{TestApp, TestOptions, data, error_code, error_field, spawn_app, spawn_app_with};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// A text in the demo's three required languages.
fn texts(value: &str) -> Value {
    json!([
        { "lang": "en", "value": value },
        { "lang": "fr", "value": format!("{value} (fr)") },
        { "lang": "ar", "value": format!("{value} (ar)") },
    ])
}

async fn ids(app: &TestApp, query: &str, path: &[&str]) -> HashMap<String, Value> {
    let response = app.graphql(query, json!({})).await;
    let mut list = &data(&response)["conference"];
    for step in path {
        list = &list[step];
    }
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let n = n.get("node").unwrap_or(n);
            (n["slug"].as_str().unwrap().to_owned(), n["id"].clone())
        })
        .collect()
}

async fn rooms(app: &TestApp) -> HashMap<String, Value> {
    ids(app, "{ conference { rooms { id slug } } }", &["rooms"]).await
}

const MOVE: &str = "mutation($id: ID!, $start: DateTime, $end: DateTime, $room: ID, $force: Boolean! = false) {
  moveSession(id: $id, startsAt: $start, endsAt: $end, roomId: $room, force: $force) {
    status time { start end } room { slug }
    changes { kind description { value lang } programmeVersion }
  }
}";

const SESSION_VIEW: &str = "query($id: ID!) { node(id: $id) { ... on Session { status room { slug } time { start }
  changes { kind description { value lang } previousRoom { slug } newRoom { slug } previousTime { start } newTime { start end } } } } }";

#[tokio::test]
async fn a_move_is_recorded_in_every_language_and_seen_at_once() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let (sessions, rooms) = (app.session_ids().await, rooms(&app).await);
    let id = &sessions["panel-q1-challenges"];
    let before =
        data(&app.graphql("{ conference { programmeVersion } }", json!({})).await)["conference"]["programmeVersion"]
            .as_i64()
            .unwrap();
    // Warm the anonymous response cache with the old state.
    assert_eq!(data(&app.graphql(SESSION_VIEW, json!({ "id": id })).await)["node"]["room"]["slug"], "hall-a");

    let moved = app
        .graphql_with_token(
            MOVE,
            json!({ "id": id, "start": "2019-09-10T11:30:00+03:00", "room": rooms["room-101"] }),
            &organiser,
        )
        .await;
    let session = &data(&moved)["moveSession"];
    assert_eq!(session["status"], "MOVED");
    assert_eq!(session["room"]["slug"], "room-101");
    assert_eq!(session["time"]["start"], "2019-09-10T11:30:00+03:00");
    assert_eq!(session["time"]["end"], "2019-09-10T13:00:00+03:00", "a new start keeps the duration");
    let change = &session["changes"][0];
    assert_eq!(change["kind"], "MOVED");
    assert_eq!(change["programmeVersion"].as_i64().unwrap(), before + 1);
    assert_eq!(change["description"]["value"], "Moved. Was: Hall A, 11:00 to 12:30. Now: Room 101, 11:30 to 13:00.");

    // Every reader sees the change at once, in their language, cached or not.
    let seen = app.graphql(SESSION_VIEW, json!({ "id": id })).await;
    assert_eq!(data(&seen)["node"]["room"]["slug"], "room-101");
    let recorded = &data(&seen)["node"]["changes"][0];
    assert_eq!(recorded["previousRoom"]["slug"], "hall-a");
    assert_eq!(recorded["newRoom"]["slug"], "room-101");
    assert_eq!(recorded["previousTime"]["start"], "2019-09-10T11:00:00+03:00");
    assert_eq!(
        recorded["newTime"],
        json!({ "start": "2019-09-10T11:30:00+03:00", "end": "2019-09-10T13:00:00+03:00" })
    );
    let french = app.graphql_as(SESSION_VIEW, json!({ "id": id }), Some("fr")).await;
    let description = &data(&french)["node"]["changes"][0]["description"];
    assert_eq!(description["lang"], "fr");
    assert!(description["value"].as_str().unwrap().starts_with("Déplacée. Avant : "), "{description}");
    let arabic = app.graphql_as(SESSION_VIEW, json!({ "id": id }), Some("ar")).await;
    assert_eq!(data(&arabic)["node"]["changes"][0]["description"]["lang"], "ar");
    let version =
        data(&app.graphql("{ conference { programmeVersion } }", json!({})).await)["conference"]["programmeVersion"]
            .as_i64()
            .unwrap();
    assert_eq!(version, before + 1);
}

#[tokio::test]
async fn moves_that_break_the_rules_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let (sessions, rooms) = (app.session_ids().await, rooms(&app).await);
    let id = &sessions["panel-q1-challenges"];
    for (variables, code, field) in [
        (json!({ "id": id, "start": "2019-09-09T11:00:00+03:00" }), "BAD_USER_INPUT", "startsAt"),
        (json!({ "id": id, "start": "2019-09-13T11:00:00+03:00" }), "BAD_USER_INPUT", "startsAt"),
        (json!({ "id": id, "end": "2019-09-13T01:00:00+03:00" }), "BAD_USER_INPUT", "endsAt"),
        (json!({ "id": id, "end": "2019-09-10T10:00:00+03:00" }), "BAD_USER_INPUT", "endsAt"),
        (json!({ "id": id }), "BAD_USER_INPUT", "startsAt"),
        (json!({ "id": id, "room": sessions["opening-plenary"] }), "BAD_USER_INPUT", "roomId"),
        (json!({ "id": id, "room": "Um9vbTo5OTk5OQ" }), "BAD_USER_INPUT", "roomId"),
        (json!({ "id": "U2Vzc2lvbjo5OTk5OQ", "start": "2019-09-10T11:30:00+03:00" }), "NOT_FOUND", ""),
        // Room 102 hosts the prosthetics workshop 15:45–17:15.
        (json!({ "id": id, "start": "2019-09-10T15:00:00+03:00", "room": rooms["room-102"] }), "CONFLICT", ""),
    ] {
        let response = app.graphql_with_token(MOVE, variables.clone(), &organiser).await;
        assert_eq!(error_code(&response), code, "{variables}: {response}");
        if !field.is_empty() {
            assert_eq!(error_field(&response), field, "{variables}");
        }
    }
    let unchanged = app.graphql(SESSION_VIEW, json!({ "id": id })).await;
    assert_eq!(data(&unchanged)["node"]["status"], "SCHEDULED");
    assert_eq!(data(&unchanged)["node"]["changes"], json!([]));

    // A double booking is allowed when the organiser says so.
    let forced = app
        .graphql_with_token(
            MOVE,
            json!({ "id": id, "start": "2019-09-10T15:00:00+03:00", "room": rooms["room-102"], "force": true }),
            &organiser,
        )
        .await;
    assert_eq!(data(&forced)["moveSession"]["room"]["slug"], "room-102");
}

#[tokio::test]
async fn cancel_and_reinstate_are_recorded_and_reach_agendas() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let delegate = app.signed_in(Role::Delegate, "Attendee").await;
    let sessions = app.session_ids().await;
    let id = &sessions["ws-prosthetics"];
    app.graphql_with_token(
        "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { name } }",
        json!({ "id": id }),
        &delegate,
    )
    .await;
    let cancel = "mutation($id: ID!, $reason: [TextInput!]) { cancelSession(id: $id, reason: $reason) { status changes { kind description { value } } } }";
    let cancelled = app
        .graphql_with_token(cancel, json!({ "id": id, "reason": texts("The facilitator is ill") }), &organiser)
        .await;
    let session = &data(&cancelled)["cancelSession"];
    assert_eq!(session["status"], "CANCELLED");
    assert_eq!(session["changes"][0]["description"]["value"], "Cancelled. Reason: The facilitator is ill");
    let again = app.graphql_with_token(cancel, json!({ "id": id }), &organiser).await;
    assert_eq!(error_code(&again), "BAD_USER_INPUT");
    let bad_reason = app
        .graphql_with_token(
            cancel,
            json!({ "id": sessions["ws-employment"], "reason": [{ "lang": "en", "value": "only English" }] }),
            &organiser,
        )
        .await;
    assert_eq!(error_field(&bad_reason), "reason");

    // The delegate's agenda still lists it, marked cancelled; moving it is refused.
    let agenda = app.graphql_with_token("{ me { agenda { slug status } } }", json!({}), &delegate).await;
    assert_eq!(data(&agenda)["me"]["agenda"], json!([{ "slug": "ws-prosthetics", "status": "CANCELLED" }]));
    let moved =
        app.graphql_with_token(MOVE, json!({ "id": id, "start": "2019-09-10T16:00:00+03:00" }), &organiser).await;
    assert_eq!(error_code(&moved), "BAD_USER_INPUT");

    let reinstate = "mutation($id: ID!) { reinstateSession(id: $id) { status changes { kind } } }";
    let back = app.graphql_with_token(reinstate, json!({ "id": id }), &organiser).await;
    assert_eq!(data(&back)["reinstateSession"]["status"], "SCHEDULED");
    let kinds: Vec<&str> = data(&back)["reinstateSession"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["CANCELLED", "REINSTATED"]);
}

const CREATE: &str = "mutation($slug: String!, $content: SessionContentInput!, $start: DateTime!, $end: DateTime!, $room: ID, $force: Boolean! = false) {
  createSession(slug: $slug, content: $content, startsAt: $start, endsAt: $end, roomId: $room, force: $force) {
    id slug kind status title { value } room { slug }
    languages { floor { tag } sign { tag } interpretation { channel language { tag } } }
    speakers { role speaker { slug } }
  }
}";

#[tokio::test]
async fn sessions_are_created_updated_and_deleted_with_tombstones() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let rooms = rooms(&app).await;
    let speakers = ids(&app, "{ conference { speakers { id slug } } }", &["speakers"]).await;
    let (speaker_slug, speaker_id) = speakers.iter().next().map(|(s, i)| (s.clone(), i.clone())).unwrap();
    let content = json!({
        "kind": "SIDE_EVENT",
        "title": texts("Accessible tourism in Jordan"),
        "floorLanguages": ["ar"],
        "signLanguages": ["jos"],
        "interpretation": [{ "channel": "1", "language": "en" }],
        "speakers": [{ "speakerId": speaker_id, "role": "CHAIR" }],
    });
    let variables = json!({
        "slug": "side-accessible-tourism", "content": content,
        "start": "2019-09-12T18:00:00+03:00", "end": "2019-09-12T19:00:00+03:00", "room": rooms["room-104"],
    });
    let created = app.graphql_with_token(CREATE, variables.clone(), &organiser).await;
    let session = &data(&created)["createSession"];
    assert_eq!(session["title"]["value"], "Accessible tourism in Jordan");
    assert_eq!(session["languages"]["sign"], json!([{ "tag": "jos" }]));
    assert_eq!(session["languages"]["interpretation"][0]["language"]["tag"], "en");
    assert_eq!(session["speakers"], json!([{ "role": "CHAIR", "speaker": { "slug": speaker_slug } }]));
    let id = session["id"].clone();
    let total = data(&app.graphql("{ conference { sessions { totalCount } } }", json!({})).await)["conference"]["sessions"]["totalCount"].clone();
    assert_eq!(total, 37, "the public programme has it at once");

    // Same slug again; texts missing a required language; a sign language as floor language.
    let mut duplicate = variables.clone();
    duplicate["start"] = "2019-09-12T20:00:00+03:00".into();
    duplicate["end"] = "2019-09-12T21:00:00+03:00".into();
    assert_eq!(error_field(&app.graphql_with_token(CREATE, duplicate.clone(), &organiser).await), "slug");
    let mut bad = duplicate.clone();
    bad["slug"] = "another".into();
    bad["content"]["title"] = json!([{ "lang": "en", "value": "English only" }]);
    assert_eq!(error_field(&app.graphql_with_token(CREATE, bad.clone(), &organiser).await), "content.title");
    bad["content"]["title"] = texts("x");
    bad["content"]["floorLanguages"] = json!(["jos"]);
    assert_eq!(
        error_field(&app.graphql_with_token(CREATE, bad.clone(), &organiser).await),
        "content.floorLanguages[0]"
    );
    bad["content"]["floorLanguages"] = json!([]);
    bad["content"]["title"] = json!([{ "lang": "en", "value": "nul \u{0} byte" }, { "lang": "fr", "value": "x" }, { "lang": "ar", "value": "x" }]);
    assert_eq!(error_field(&app.graphql_with_token(CREATE, bad.clone(), &organiser).await), "content.title[0].value");
    bad["content"]["title"] = texts("\u{202e}right-to-left override and zero\u{200b}width");
    let odd = app.graphql_with_token(CREATE, bad, &organiser).await;
    assert!(odd.get("errors").is_none(), "bidi and zero-width characters are text, stored as given: {odd}");

    let update = "mutation($id: ID!, $content: SessionContentInput!) { updateSession(id: $id, content: $content) { title { value } speakers { role } languages { sign { tag } } time { start } } }";
    let updated = app
        .graphql_with_token(
            update,
            json!({ "id": id, "content": { "kind": "SIDE_EVENT", "title": texts("Accessible tourism") } }),
            &organiser,
        )
        .await;
    let session = &data(&updated)["updateSession"];
    assert_eq!(session["title"]["value"], "Accessible tourism");
    assert_eq!(session["speakers"], json!([]), "content is replaced whole");
    assert_eq!(session["languages"]["sign"], json!([]));
    assert_eq!(session["time"]["start"], "2019-09-12T18:00:00+03:00", "time stays");

    let deleted = app
        .graphql_with_token(
            "mutation($id: ID!) { deleteSession(id: $id) { id programmeVersion } }",
            json!({ "id": id }),
            &organiser,
        )
        .await;
    assert_eq!(data(&deleted)["deleteSession"]["id"], id);
    let version = data(&deleted)["deleteSession"]["programmeVersion"].as_i64().unwrap();
    let gone = app.graphql("query($id: ID!) { node(id: $id) { id } }", json!({ "id": id })).await;
    assert_eq!(error_code(&gone), "NOT_FOUND");
    // An offline copy at the version before learns what to drop.
    let since = "query($v: Int!) { conference { deletedSince(since: $v) { id programmeVersion } } }";
    let dropped = app.graphql(since, json!({ "v": version - 1 })).await;
    assert_eq!(data(&dropped)["conference"]["deletedSince"], json!([{ "id": id, "programmeVersion": version }]));
    let none = app.graphql(since, json!({ "v": version })).await;
    assert_eq!(data(&none)["conference"]["deletedSince"], json!([]));
    let stones = tombstone::Entity::find()
        .filter(tombstone::Column::Entity.eq(tombstone::TombstoneKind::Session))
        .all(&app.server.state.db)
        .await
        .unwrap();
    assert_eq!(stones.len(), 1);
    assert_eq!(stones[0].programme_version, version);
}

#[tokio::test]
async fn rooms_in_use_cannot_be_deleted() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Venue Lead").await;
    let rooms = rooms(&app).await;
    let delete = "mutation($id: ID!) { deleteRoom(id: $id) { id } }";
    let refused = app.graphql_with_token(delete, json!({ "id": rooms["hall-a"] }), &organiser).await;
    assert_eq!(error_code(&refused), "CONFLICT");
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("opening-plenary"));

    let create = "mutation($input: RoomInput!) { createRoom(slug: \"room-201\", input: $input) { id name { value } floor floorName { value } stepFree wheelchairSpaces } }";
    let input =
        json!({ "name": texts("Room 201"), "floor": 2, "capacity": 20, "wheelchairSpaces": 2, "stepFree": "YES" });
    let created = app.graphql_with_token(create, json!({ "input": input }), &organiser).await;
    let room = &data(&created)["createRoom"];
    assert_eq!(room["floorName"]["value"], "floor 2");
    assert_eq!(room["stepFree"], "YES");
    let mut bad = input.clone();
    bad["wheelchairSpaces"] = 30.into();
    let refused = app
        .graphql_with_token(create.replace("room-201", "room-202").as_str(), json!({ "input": bad }), &organiser)
        .await;
    assert_eq!(error_field(&refused), "input.wheelchairSpaces");
    let removed = app.graphql_with_token(delete, json!({ "id": room["id"] }), &organiser).await;
    assert!(removed.get("errors").is_none(), "{removed}");
    assert_eq!(rooms.len(), ids(&app, "{ conference { rooms { id slug } } }", &["rooms"]).await.len());
}

#[tokio::test]
async fn speakers_glossary_documents_and_announcements() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Content Lead").await;
    let speaker = "mutation($input: SpeakerInput!) { createSpeaker(slug: \"amal-saleh\", input: $input) { id name { value lang } transliteration photo { decorative } } }";
    let input = json!({ "name": "أمل صالح", "nameLang": "ar", "transliteration": "Amal Saleh", "photoUrl": "https://example.org/amal.jpg" });
    let refused = app.graphql_with_token(speaker, json!({ "input": input }), &organiser).await;
    assert_eq!(error_field(&refused), "input.photoAlt", "a photo needs alt text");
    let mut input = input;
    input["photoAlt"] = texts("Amal Saleh smiling at a lectern");
    let created = app.graphql_with_token(speaker, json!({ "input": input }), &organiser).await;
    assert_eq!(data(&created)["createSpeaker"]["name"], json!({ "value": "أمل صالح", "lang": "ar" }));

    let glossary =
        "mutation($input: GlossaryEntryInput!) { createGlossaryEntry(input: $input) { term expansion { value } } }";
    let entry = json!({ "term": "CCM", "expansion": texts("Convention on Cluster Munitions") });
    let first = app.graphql_with_token(glossary, json!({ "input": entry }), &organiser).await;
    let duplicate = app.graphql_with_token(glossary, json!({ "input": entry }), &organiser).await;
    let terms = app.graphql("{ conference { glossary { term } } }", json!({})).await;
    let count =
        data(&terms)["conference"]["glossary"].as_array().unwrap().iter().filter(|e| e["term"] == "CCM").count();
    assert!(first.get("errors").is_none(), "{first}");
    assert_eq!(error_code(&duplicate), "BAD_USER_INPUT");
    assert_eq!(count, 1);

    let sessions = app.session_ids().await;
    let document = "mutation($session: ID!, $input: DocumentInput!) { createDocument(sessionId: $session, slug: \"tourism-brief\", input: $input) { id title { value } variants { format lang url } } }";
    let doc_input = json!({ "title": texts("Brief"), "variants": [
        { "format": "BRF", "lang": "ar", "url": "https://example.org/brief.brf", "sizeBytes": 1200 },
        { "format": "HTML", "lang": "en", "url": "https://example.org/brief.html" },
    ] });
    let created = app
        .graphql_with_token(document, json!({ "session": sessions["opening-plenary"], "input": doc_input }), &organiser)
        .await;
    assert_eq!(data(&created)["createDocument"]["variants"].as_array().unwrap().len(), 2);
    let mut twice = doc_input.clone();
    twice["variants"][1] = twice["variants"][0].clone();
    let refused = app
        .graphql_with_token(
            &document.replace("tourism-brief", "other"),
            json!({ "session": sessions["opening-plenary"], "input": twice }),
            &organiser,
        )
        .await;
    assert_eq!(error_field(&refused), "input.variants[1]");

    let announce = "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { severity title { value } publishedAt } }";
    let published = app
        .graphql_with_token(
            announce,
            json!({ "input": { "severity": "URGENT", "title": texts("Lift B out of service"), "whatChanged": texts("Lift B stopped."), "whatToDo": texts("Use lift A.") } }),
            &organiser,
        )
        .await;
    assert_eq!(data(&published)["publishAnnouncement"]["publishedAt"], "2019-09-10T09:30:00+03:00");
    let listed = app.graphql("{ conference { announcements { title { value } } } }", json!({})).await;
    assert_eq!(data(&listed)["conference"]["announcements"][0]["title"]["value"], "Lift B out of service");
}

#[tokio::test]
async fn only_organisers_edit_and_only_their_own_conference() {
    let app = spawn_app().await;
    let delegate = app.signed_in(Role::Delegate, "Curious").await;
    let coordinator = app.signed_in(Role::Coordinator, "Coordinator").await;
    let sessions = app.session_ids().await;
    let variables = json!({ "id": sessions["opening-plenary"], "start": "2019-09-10T09:15:00+03:00" });
    assert_eq!(error_code(&app.graphql(MOVE, variables.clone()).await), "UNAUTHENTICATED");
    assert_eq!(error_code(&app.graphql_with_token(MOVE, variables.clone(), &delegate).await), "FORBIDDEN");
    assert_eq!(error_code(&app.graphql_with_token(MOVE, variables, &coordinator).await), "FORBIDDEN");
    let unchanged = app.graphql(SESSION_VIEW, json!({ "id": sessions["opening-plenary"] })).await;
    assert_eq!(data(&unchanged)["node"]["time"]["start"], "2019-09-10T09:00:00+03:00");
}

#[tokio::test]
async fn organisers_cannot_touch_another_conference() {
    let options = TestOptions { programme: Some(sanad_tests::synthetic::programme_json(3)), ..TestOptions::default() };
    let app = spawn_app_with(options).await;
    // Two conferences: the synthetic one (organised by our organiser) and the demo.
    let organiser = app.sign_in(&app.invite_to(Some("synthetic-3"), Role::Organizer, "Other Lead").await).await;
    let delegate = app.sign_in(&app.invite_to(Some("amman-2019"), Role::Delegate, "Demo Delegate").await).await;
    let delegate_id = data(&app.graphql_with_token("{ me { id } }", json!({}), &delegate).await)["me"]["id"].clone();
    let demo = app
        .graphql("{ conference(slug: \"amman-2019\") { rooms { id } sessions(first: 1) { edges { node { id time { start } } } } } }", json!({}))
        .await;
    let session = data(&demo)["conference"]["sessions"]["edges"][0]["node"].clone();
    let room = data(&demo)["conference"]["rooms"][0]["id"].clone();

    for (query, variables, code) in [
        (MOVE, json!({ "id": session["id"], "start": "2019-09-10T09:15:00+03:00" }), "NOT_FOUND"),
        ("mutation($id: ID!) { deleteSession(id: $id) { id } }", json!({ "id": session["id"] }), "NOT_FOUND"),
        ("mutation($id: ID!) { deleteRoom(id: $id) { id } }", json!({ "id": room }), "NOT_FOUND"),
        (
            "mutation($id: ID!) { issueInvitationCode(personId: $id) { code } }",
            json!({ "id": delegate_id }),
            "NOT_FOUND",
        ),
        ("mutation($id: ID!) { revokeAccess(personId: $id) }", json!({ "id": delegate_id }), "NOT_FOUND"),
        ("query($id: ID!) { node(id: $id) { id } }", json!({ "id": delegate_id }), "NOT_FOUND"),
        ("{ conference(slug: \"amman-2019\") { people { name } } }", json!({}), "NOT_FOUND"),
        (
            "mutation($id: ID!, $t: [TextInput!]!) { createDocument(sessionId: $id, slug: \"x\", input: { title: $t, variants: [{ format: HTML, lang: \"en\", url: \"https://e.org/x\" }] }) { id } }",
            json!({ "id": session["id"], "t": texts("x") }),
            "BAD_USER_INPUT",
        ),
    ] {
        let response = app.graphql_with_token(query, variables.clone(), &organiser).await;
        assert_eq!(error_code(&response), code, "{query}: {response}");
    }
    let unchanged = app.graphql(SESSION_VIEW, json!({ "id": session["id"] })).await;
    assert_eq!(data(&unchanged)["node"]["time"]["start"], session["time"]["start"]);
    assert_eq!(data(&unchanged)["node"]["changes"], json!([]));
    let still_signed_in = app.graphql_with_token("{ me { name } }", json!({}), &delegate).await;
    assert_eq!(data(&still_signed_in)["me"]["name"], "Demo Delegate");
}
