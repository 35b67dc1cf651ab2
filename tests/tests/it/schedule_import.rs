//! `sanad import`: real pretalx and frab exports into a database with no conference, then
//! served; a re-import of the same source writes nothing; a session moved at the source
//! becomes a recorded move through the same editing service organisers use; bad sources are
//! refused with their place and leave everything as it was.

use std::process::ExitCode;

use clap::Parser;
use sanad_api::cli::{Cli, run};
use sanad_api::db::DatabaseTarget;
use sanad_schema::entities::enums::Role;
use sanad_schema::entities::{conference, schedule_change, session};
use sanad_tests::{TestApp, TestOptions, data, spawn_app_with};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

pub(crate) fn example(name: &str) -> String {
    format!("{}/../../shared/formats/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn url_of(target: &DatabaseTarget) -> String {
    match target {
        DatabaseTarget::Sqlite(path) => format!("sqlite:{}", path.display()),
        DatabaseTarget::Postgres(url) => url.clone(),
    }
}

/// Runs the command line in-process on the app's database.
pub(crate) async fn sanad(app: &TestApp, args: &[&str]) -> (Result<ExitCode, String>, String) {
    let url = url_of(&app.target);
    let argv = ["sanad", "--database-url", url.as_str()].into_iter().chain(args.iter().copied());
    let cli = Cli::try_parse_from(argv).expect("arguments parse");
    let mut out = Vec::new();
    let result = run(cli, &mut out).await.map_err(|e| e.to_string());
    (result, String::from_utf8(out).expect("UTF-8 output"))
}

/// A server on a database with no conference at all.
async fn empty_app() -> TestApp {
    spawn_app_with(TestOptions { demo: false, ..TestOptions::default() }).await
}

async fn database(app: &TestApp) -> sea_orm::DatabaseConnection {
    sanad_api::db::open(&app.target, Default::default()).await.unwrap()
}

/// The server reads the programme again (the import ran in another process's place).
async fn restarted(app: TestApp) -> TestApp {
    app.restart(TestOptions::default()).await
}

pub(crate) async fn version(app: &TestApp, slug: &str) -> i64 {
    let db = database(app).await;
    conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .programme_version
}

pub(crate) const SESSIONS: &str = "query($slug: String) { conference(slug: $slug) { slug timeZone programmeVersion
  sessions(first: 2000) { nodes { id slug kind status title { value lang dir } summary { value lang }
    time { start end durationMinutes } room { name { value lang } stepFree }
    languages { floor { tag } } speakers { speaker { name { value } } } changes { kind description { value } } } } } }";

pub(crate) async fn sessions(app: &TestApp, slug: &str) -> Vec<Value> {
    let response = app.graphql(SESSIONS, json!({ "slug": slug })).await;
    data(&response)["conference"]["sessions"]["nodes"].as_array().unwrap_or_else(|| panic!("{response}")).clone()
}

pub(crate) fn by_title<'a>(sessions: &'a [Value], title: &str) -> &'a Value {
    sessions.iter().find(|s| s["title"]["value"] == title).unwrap_or_else(|| panic!("no session {title}"))
}

#[tokio::test]
async fn a_pretalx_export_becomes_a_conference_and_a_second_import_writes_nothing() {
    let app = empty_app().await;
    let (result, out) = sanad(&app, &["import", &example("pretalx-democon.json")]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("democon"), "{out}");
    assert!(out.contains("36 events"), "{out}");
    let app = restarted(app).await;
    let served = sessions(&app, "democon").await;
    assert_eq!(served.len(), 36);
    let talk = by_title(&served, "Focused 5thgeneration hardware");
    assert_eq!(talk["kind"], "TALK");
    assert_eq!(talk["status"], "SCHEDULED");
    assert_eq!(talk["title"]["lang"], "en");
    assert_eq!(talk["title"]["dir"], "LTR");
    assert_eq!(talk["time"]["start"], "2020-12-14T08:00:00+00:00", "09:00+01:00 in the conference's zone, UTC");
    assert_eq!(talk["time"]["durationMinutes"], 30);
    assert_eq!(talk["room"]["name"]["value"], "Gray Room");
    assert_eq!(talk["room"]["stepFree"], "UNKNOWN", "access facts are unknown until someone checks");
    assert_eq!(talk["languages"]["floor"][0]["tag"], "en");
    assert_eq!(talk["speakers"][0]["speaker"]["name"]["value"], "Brian Robinson");
    assert!(talk["summary"]["value"].as_str().unwrap().starts_with("Brand back-end models!"));
    let before = version(&app, "democon").await;

    // The same source again: nothing to write, the version stays.
    let (result, out) = sanad(&app, &["import", &example("pretalx-democon.json")]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("no changes"), "{out}");
    assert_eq!(version(&app, "democon").await, before);

    // Exported again, it validates and names the same guids the source had.
    let exported = app.client.get(app.url("/schedule.json?conference=democon")).send().await.unwrap();
    let exported: Value = exported.json().await.unwrap();
    let source: Value =
        serde_json::from_str(&std::fs::read_to_string(example("pretalx-democon.json")).unwrap()).unwrap();
    let guids = |doc: &Value| {
        let mut out: Vec<String> = doc["schedule"]["conference"]["days"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["rooms"].as_object().unwrap().values())
            .flat_map(|events| events.as_array().unwrap())
            .map(|e| e["guid"].as_str().unwrap().to_lowercase())
            .collect();
        out.sort();
        out
    };
    assert_eq!(guids(&exported), guids(&source), "a round trip keeps every event's guid");
}

/// 31C3's schedule.xml with one talk moved to another time, and one removed.
pub(crate) fn changed_31c3() -> String {
    let xml = std::fs::read_to_string(example("frab-31c3.xml")).unwrap();
    let keynote = xml.find("<event guid='8c4e647f-813e-41ef-b05b-65469dd841c3'").unwrap();
    let end = keynote + xml[keynote..].find("</event>").unwrap();
    let moved = xml[keynote..end]
        .replace("<date>2014-12-27T11:30:00+01:00</date>", "<date>2014-12-27T16:00:00+01:00</date>")
        .replace("<start>11:30</start>", "<start>16:00</start>");
    let mut changed = format!("{}{}{}", &xml[..keynote], moved, &xml[end..]);
    // Remove the opening event entirely.
    let opening = changed.find("<event guid='29aecfd7-2e44-4f49-ab86-29b5e0877325'").unwrap();
    let opening_end = opening + changed[opening..].find("</event>").unwrap() + "</event>".len();
    changed.replace_range(opening..opening_end, "");
    changed
}

#[tokio::test]
async fn a_session_moved_at_the_source_is_recorded_as_a_move_for_the_people_who_hold_it() {
    let app = empty_app().await;
    // frab's XML names no zone: the organiser says which.
    let (result, out) = sanad(&app, &["import", &example("frab-31c3.xml")]).await;
    assert!(result.is_err(), "{out}");
    assert!(result.unwrap_err().contains("--time-zone"));
    let db = database(&app).await;
    assert_eq!(conference::Entity::find().count(&db).await.unwrap(), 0, "nothing written");

    let (result, out) = sanad(&app, &["import", &example("frab-31c3.xml"), "--time-zone", "Europe/Berlin"]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    let app = restarted(app).await;
    let served = sessions(&app, "31c3").await;
    assert_eq!(served.len(), 138);
    let keynote = by_title(&served, "31C3 Keynote");
    assert_eq!(keynote["time"]["start"], "2014-12-27T11:30:00+01:00");
    let german = by_title(&served, "„Wir beteiligen uns aktiv an den Diskussionen“");
    assert_eq!(german["title"]["lang"], "de", "a text is tagged with its talk's language");

    // A delegate holds the keynote in their agenda.
    let code = app.invite_to(Some("31c3"), Role::Delegate, "Delegate").await;
    let token = app.sign_in(&code).await;
    let added = app
        .graphql_with_token(
            "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { name } }",
            json!({ "id": keynote["id"] }),
            &token,
        )
        .await;
    assert!(added.get("errors").is_none(), "{added}");
    let before = version(&app, "31c3").await;

    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("31c3.xml");
    std::fs::write(&changed, changed_31c3()).unwrap();
    let changed = changed.to_str().unwrap();

    // A dry run says what would change and writes nothing.
    let (result, out) = sanad(&app, &["import", changed, "--dry-run"]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("Moved: 31C3 Keynote, Saal 1 Sat 11:30 → Saal 1 Sat 16:00"), "{out}");
    assert!(out.contains("Removed: 31C3 Opening Event"), "{out}");
    assert_eq!(version(&app, "31c3").await, before, "a dry run writes nothing");

    let (result, out) = sanad(&app, &["import", changed]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert_eq!(version(&app, "31c3").await, before + 1, "one source, one programme version");

    let app = restarted(app).await;
    let served = sessions(&app, "31c3").await;
    assert_eq!(served.len(), 137, "the removed event is gone");
    let keynote = by_title(&served, "31C3 Keynote");
    assert_eq!(keynote["status"], "MOVED");
    assert_eq!(keynote["time"]["start"], "2014-12-27T16:00:00+01:00");
    assert_eq!(keynote["room"]["name"]["value"], "Saal 1");
    assert_eq!(keynote["changes"][0]["kind"], "MOVED");
    let sentence = keynote["changes"][0]["description"]["value"].as_str().unwrap();
    assert!(sentence.contains("11:30") && sentence.contains("16:00"), "{sentence}");

    // The delegate's agenda tells them: the move is theirs to see.
    let agenda =
        app.graphql_with_token("{ me { agenda { title { value } status time { start } } } }", json!({}), &token).await;
    assert_eq!(data(&agenda)["me"]["agenda"][0]["status"], "MOVED", "{agenda}");
    let db = database(&app).await;
    let recorded = schedule_change::Entity::find().count(&db).await.unwrap();
    assert_eq!(recorded, 1, "one move recorded; the removal leaves a tombstone, not a change");
    let deleted = session::Entity::find()
        .filter(session::Column::Slug.eq("29aecfd7-2e44-4f49-ab86-29b5e0877325"))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(deleted, 0);
    let deleted = app
        .graphql(
            "query($v: Int!) { conference(slug: \"31c3\") { deletedSince(since: $v) { id programmeVersion } } }",
            json!({ "v": before }),
        )
        .await;
    let deleted = data(&deleted)["conference"]["deletedSince"].as_array().unwrap().clone();
    assert_eq!(deleted.len(), 1, "a tombstone for the removed session: {deleted:?}");
    assert_eq!(deleted[0]["programmeVersion"], before + 1);
}

#[tokio::test]
async fn bad_sources_are_refused_with_their_place_and_write_nothing() {
    let app = empty_app().await;
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read_to_string(example("frab-31c3.xml")).unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        ("truncated.xml", full[..full.len() / 2].to_owned(), "line "),
        (
            "bomb.xml",
            "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><schedule>&lol2;</schedule>".to_owned(),
            "DTD",
        ),
        (
            "external.xml",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><schedule>&e;</schedule>".to_owned(),
            "DTD",
        ),
        ("broken.json", "{\"schedule\": {\"conference\": ".to_owned(), "line 1"),
        ("array.json", "[1, 2, 3]".to_owned(), "format"),
        ("nothing.txt", "hello".to_owned(), "format"),
    ];
    for (name, content, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let (result, out) = sanad(&app, &["import", path.to_str().unwrap(), "--time-zone", "Europe/Berlin"]).await;
        let message = result.expect_err(name);
        assert!(message.contains(expected), "{name}: {message}\n{out}");
    }
    // A source that reads but breaks a rule of the editing services (a name over 300
    // characters): the conference made for it goes too.
    let long_name = "N".repeat(400);
    let source = json!({ "schedule": { "version": "1", "conference": {
        "acronym": "tiny", "title": "Tiny", "start": "2026-05-01", "end": "2026-05-01", "daysCount": 1,
        "timeslot_duration": "00:05", "time_zone_name": "Europe/Berlin",
        "days": [{ "index": 1, "date": "2026-05-01", "day_start": "2026-05-01T08:00:00+02:00",
          "day_end": "2026-05-01T20:00:00+02:00", "rooms": { "Hall": [{
            "guid": "0f3a1c52-5a55-4f5e-9a53-2b8f3c1d2e4f", "id": 1, "date": "2026-05-01T10:00:00+02:00",
            "start": "10:00", "duration": "00:30", "room": "Hall", "title": "A talk", "type": "Talk",
            "language": "en", "persons": [{ "id": 1, "public_name": long_name }] }] } }] } } });
    let path = dir.path().join("tiny.json");
    std::fs::write(&path, source.to_string()).unwrap();
    for dry_run in [true, false] {
        let mut args = vec!["import", path.to_str().unwrap()];
        if dry_run {
            args.push("--dry-run");
        }
        let (result, _) = sanad(&app, &args).await;
        let message = result.unwrap_err();
        assert!(message.contains("person") && message.contains("at most 300 characters"), "{dry_run}: {message}");
    }

    // A zone that is not one, and a file that is not there.
    let (result, _) = sanad(&app, &["import", &example("frab-31c3.xml"), "--time-zone", "Mars/Olympus"]).await;
    assert!(result.unwrap_err().contains("Mars/Olympus"));
    let (result, _) = sanad(&app, &["import", "/no/such/file.xml"]).await;
    assert!(result.unwrap_err().contains("/no/such/file.xml"));
    let db = database(&app).await;
    assert_eq!(conference::Entity::find().count(&db).await.unwrap(), 0, "nothing was written");
    assert_eq!(session::Entity::find().count(&db).await.unwrap(), 0);
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200, "the server is healthy after refused imports");
}

/// Polls the running server until `sessions` of `slug` number `count` (the server finds an
/// import made beside it by itself: NOTIFY on PostgreSQL, watching the file on SQLite).
async fn until_served(app: &TestApp, slug: &str, count: usize) -> Vec<Value> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let response = app.graphql(SESSIONS, json!({ "slug": slug })).await;
        if let Some(nodes) = response["data"]["conference"]["sessions"]["nodes"].as_array()
            && nodes.len() == count
        {
            return nodes.clone();
        }
        assert!(std::time::Instant::now() < deadline, "the running server never saw the import: {response}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A delegate of `slug` who holds `session` in their agenda, signed in, with a WebSocket
/// listening to `myAgendaChanged` (action, session id, status and start).
pub(crate) async fn agenda_holder_listening(
    app: &TestApp,
    slug: &str,
    session: &Value,
) -> (String, sanad_tests::ws::WsClient) {
    let token = app.sign_in(&app.invite_to(Some(slug), Role::Delegate, "Delegate").await).await;
    let add = "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { name } }";
    assert!(app.graphql_with_token(add, json!({ "id": session }), &token).await.get("errors").is_none());
    let mut client = sanad_tests::ws::connect(app.addr, "graphql-transport-ws", &[]).await;
    client.init(json!({ "authorization": format!("Bearer {token}") })).await;
    let subscription = "subscription { myAgendaChanged { action sessionId session { status time { start } } } }";
    client.send(json!({ "id": "mine", "type": "subscribe", "payload": { "query": subscription } })).await;
    app.wait_for_subscriptions(1).await;
    (token, client)
}

#[tokio::test]
async fn an_import_beside_a_running_server_reaches_an_agenda_holders_websocket() {
    let app = empty_app().await;
    let (result, out) = sanad(&app, &["import", &example("frab-31c3.xml"), "--time-zone", "Europe/Berlin"]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    // No restart: the running server serves the new conference.
    let served = until_served(&app, "31c3", 138).await;
    let keynote = by_title(&served, "31C3 Keynote").clone();

    let mut client = agenda_holder_listening(&app, "31c3", &keynote["id"]).await.1;

    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("31c3.xml");
    std::fs::write(&changed, changed_31c3()).unwrap();
    let (result, out) = sanad(&app, &["import", changed.to_str().unwrap()]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");

    let event = client.json().await;
    let change = &event["payload"]["data"]["myAgendaChanged"];
    assert_eq!(change["action"], "MOVED", "{event}");
    assert_eq!(change["sessionId"], keynote["id"]);
    assert_eq!(change["session"]["status"], "MOVED");
    assert_eq!(change["session"]["time"]["start"], "2014-12-27T16:00:00+01:00");
    // And the programme itself, without a restart.
    let served = until_served(&app, "31c3", 137).await;
    assert_eq!(by_title(&served, "31C3 Keynote")["time"]["start"], "2014-12-27T16:00:00+01:00");
}

#[tokio::test]
async fn what_organisers_did_in_sanad_survives_a_reimport_and_a_shrunken_source_is_refused() {
    let app = empty_app().await;
    let source = example("pretalx-democon.json");
    let (result, out) = sanad(&app, &["import", &source]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    let app = restarted(app).await;
    let served = sessions(&app, "democon").await;
    let talk = by_title(&served, "Focused 5thgeneration hardware").clone();

    // An organiser cancels a talk and writes a French summary and a bio the source lacks.
    let organiser = app.sign_in(&app.invite_to(Some("democon"), Role::Organizer, "Lead").await).await;
    let cancelled = app
        .graphql_with_token(
            "mutation($id: ID!) { cancelSession(id: $id) { status } }",
            json!({ "id": talk["id"] }),
            &organiser,
        )
        .await;
    assert_eq!(data(&cancelled)["cancelSession"]["status"], "CANCELLED", "{cancelled}");
    let db = database(&app).await;
    let speaker = sanad_schema::entities::speaker::Entity::find()
        .filter(sanad_schema::entities::speaker::Column::Name.eq("Brian Robinson"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(speaker.bio.as_ref().is_some_and(|b| b.get("en").is_some()), "pretalx gives biographies");
    let mut bio = speaker.bio.clone().unwrap();
    bio.0.insert("fr".to_owned(), "Biographie écrite dans Sanad.".to_owned());
    let mut written = sea_orm::IntoActiveModel::into_active_model(speaker);
    written.bio = sea_orm::Set(Some(bio));
    sea_orm::ActiveModelTrait::update(written, &db).await.unwrap();
    let before = version(&app, "democon").await;

    // The same source again: the cancellation and the French text stand, nothing is written.
    let (result, out) = sanad(&app, &["import", &source]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("no changes"), "{out}");
    assert!(out.contains("left cancelled"), "{out}");
    assert_eq!(version(&app, "democon").await, before);
    let app = restarted(app).await;
    let talk = by_title(&sessions(&app, "democon").await, "Focused 5thgeneration hardware").clone();
    assert_eq!(talk["status"], "CANCELLED");
    let db = database(&app).await;
    let speaker = sanad_schema::entities::speaker::Entity::find()
        .filter(sanad_schema::entities::speaker::Column::Name.eq("Brian Robinson"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(speaker.bio.unwrap().get("fr"), Some("Biographie écrite dans Sanad."));

    // A source that lost most of its programme is refused unless that is meant.
    let mut shrunk: Value = serde_json::from_str(&std::fs::read_to_string(&source).unwrap()).unwrap();
    let days = shrunk["schedule"]["conference"]["days"].as_array_mut().unwrap();
    days.truncate(1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shrunk.json");
    std::fs::write(&path, shrunk.to_string()).unwrap();
    let (result, _) = sanad(&app, &["import", path.to_str().unwrap()]).await;
    assert!(result.unwrap_err().contains("--allow-removals"));
    assert_eq!(version(&app, "democon").await, before, "nothing written");
    let (result, out) = sanad(&app, &["import", path.to_str().unwrap(), "--allow-removals"]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("Removed: "), "{out}");
    assert_eq!(version(&app, "democon").await, before + 1);
}

/// One event of [`pretalx_with_people`]: `(guid, title, language, [(code, name)])`.
type EventWithPeople<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, &'a str)]);

/// A pretalx export of one day, one event per entry.
fn pretalx_with_people(events: &[EventWithPeople]) -> Value {
    let events: Vec<Value> = events
        .iter()
        .enumerate()
        .map(|(i, (guid, title, language, people))| {
            let hour = 9 + i;
            let persons: Vec<Value> =
                people.iter().map(|(code, name)| json!({ "code": code, "public_name": name })).collect();
            json!({ "guid": guid, "id": i + 1, "date": format!("2026-05-01T{hour:02}:00:00+03:00"),
                "start": format!("{hour:02}:00"), "duration": "00:45", "room": "Hall", "title": title, "type": "Talk",
                "language": language, "persons": persons })
        })
        .collect();
    json!({ "schedule": { "version": "1", "conference": {
        "acronym": "names", "title": "Names", "start": "2026-05-01", "end": "2026-05-01", "daysCount": 1,
        "timeslot_duration": "00:05", "time_zone_name": "Asia/Amman",
        "days": [{ "index": 1, "date": "2026-05-01", "day_start": "2026-05-01T08:00:00+03:00",
          "day_end": "2026-05-01T20:00:00+03:00", "rooms": { "Hall": events } }] } } })
}

/// Each speaker of `slug` by name: `(lang, dir)` of their name as served.
async fn speaker_names(app: &TestApp, slug: &str) -> std::collections::BTreeMap<String, (String, String)> {
    let query = "query($slug: String) { conference(slug: $slug) { speakers { name { value lang dir } } } }";
    let response = app.graphql(query, json!({ "slug": slug })).await;
    data(&response)["conference"]["speakers"]
        .as_array()
        .unwrap_or_else(|| panic!("{response}"))
        .iter()
        .map(|s| {
            let name = &s["name"];
            let text = |field: &str| name[field].as_str().unwrap_or_else(|| panic!("{response}")).to_owned();
            (text("value"), (text("lang"), text("dir")))
        })
        .collect()
}

#[tokio::test]
async fn an_imported_speakers_name_is_tagged_with_the_language_of_its_script() {
    let app = empty_app().await;
    // Two talks in English, one in Arabic: the conference's languages are English, then Arabic.
    let source = pretalx_with_people(&[
        ("3b0b0e0c-1d1e-4c6f-9a51-0d3c2b1a0001", "Captions for everyone", "en", &[("AMAL", "أمل صالح")]),
        (
            "3b0b0e0c-1d1e-4c6f-9a51-0d3c2b1a0002",
            "Braille on demand",
            "en",
            &[("BRIAN", "Brian Robinson"), ("YULIA", "Юлия Петрова")],
        ),
        ("3b0b0e0c-1d1e-4c6f-9a51-0d3c2b1a0003", "الوصول للجميع", "ar", &[("SALMA", "سلمى حداد")]),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("names.json");
    std::fs::write(&path, source.to_string()).unwrap();
    let path = path.to_str().unwrap();
    let (result, out) = sanad(&app, &["import", path]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    let app = restarted(app).await;
    let names = speaker_names(&app, "names").await;
    let served = |name: &str| names.get(name).cloned().unwrap_or_else(|| panic!("no speaker {name}: {names:?}"));
    let rtl = |lang: &str, dir: &str| (lang.starts_with("ar") || lang == "und-Arab") && dir == "RTL";
    // An Arabic name in an English talk is read by an Arabic voice, right to left.
    let (lang, dir) = served("أمل صالح");
    assert!(rtl(&lang, &dir), "أمل صالح is served as {lang} {dir}");
    assert_eq!(served("أمل صالح"), ("ar".to_owned(), "RTL".to_owned()), "the conference's Arabic");
    assert_eq!(served("سلمى حداد"), ("ar".to_owned(), "RTL".to_owned()));
    assert_eq!(served("Brian Robinson"), ("en".to_owned(), "LTR".to_owned()));
    // A script none of the conference's languages is written in: the script alone.
    assert_eq!(served("Юлия Петрова"), ("und-Cyrl".to_owned(), "LTR".to_owned()));

    // A speaker a previous importer tagged with the conference's language, and one an
    // organiser tagged in Sanad.
    let db = database(&app).await;
    for (name, lang) in [("أمل صالح", "en"), ("سلمى حداد", "ar-JO")] {
        let speaker = sanad_schema::entities::speaker::Entity::find()
            .filter(sanad_schema::entities::speaker::Column::Name.eq(name))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let mut written = sea_orm::IntoActiveModel::into_active_model(speaker);
        written.name_lang = sea_orm::Set(lang.to_owned());
        sea_orm::ActiveModelTrait::update(written, &db).await.unwrap();
    }
    let before = version(&app, "names").await;

    // Imported again: the imported tag is corrected, the organiser's stays.
    let (result, out) = sanad(&app, &["import", path]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("Speaker updated: أمل صالح (name language en → ar)"), "{out}");
    assert!(!out.contains("سلمى"), "{out}");
    assert_eq!(version(&app, "names").await, before + 1);
    let app = restarted(app).await;
    let names = speaker_names(&app, "names").await;
    assert_eq!(names["أمل صالح"], ("ar".to_owned(), "RTL".to_owned()), "{names:?}");
    assert_eq!(names["سلمى حداد"], ("ar-JO".to_owned(), "RTL".to_owned()), "{names:?}");
    assert_eq!(names["Brian Robinson"], ("en".to_owned(), "LTR".to_owned()), "{names:?}");

    // And once more: nothing to write.
    let (result, out) = sanad(&app, &["import", path]).await;
    assert_eq!(result, Ok(ExitCode::SUCCESS), "{out}");
    assert!(out.contains("no changes"), "{out}");
}
