//! `/schedule.xml` (frab) and `/schedule.json` (c3voc): valid against the schemas those
//! formats publish, checked with real validators (`xmllint --schema`, the jsonschema crate
//! with formats on), read back with Sanad's own reader, in the viewer's language, with ETag
//! and 304, and following the programme's changes.

use std::process::Command;

use sanad_api::schedule::read::read;
use sanad_api::schedule::{Format, Schedule};
use sanad_schema::entities::enums::Role;
use sanad_tests::{TestApp, TestOptions, data, spawn_app, spawn_app_with};
use serde_json::{Value, json};

fn shared(name: &str) -> String {
    format!("{}/../../shared/formats/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Validates with `xmllint --schema` against frab's XSD; panics with its report otherwise.
fn assert_valid_xml(body: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schedule.xml");
    std::fs::write(&file, body).unwrap();
    let output = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema", &shared("schedule.xml.xsd")])
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("xmllint is needed (apt-get install libxml2-utils): {e}"));
    assert!(
        output.status.success(),
        "not valid against schedule.xml.xsd:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Validates against c3voc's JSON Schema (draft-06), formats (uri, uuid, date-time) included.
fn assert_valid_json(body: &str) {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(shared("schedule.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft6)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let instance: Value = serde_json::from_str(body).expect("the export is JSON");
    let errors: Vec<String> =
        validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "not valid against schedule.schema.json:\n{}", errors.join("\n"));
}

fn read_back(body: &str, format: Format) -> Schedule {
    match read(body.as_bytes(), Some(format)) {
        Ok(read) => read.schedule,
        Err(findings) => panic!("our own export does not read back: {findings:?}"),
    }
}

/// The public programme as the API serves it: (slug, title, start) of every session not
/// cancelled, in the viewer's language.
async fn programme(app: &TestApp, lang: &str) -> Vec<(String, String, String, String)> {
    let response = app
        .graphql(
            "query($lang: String) { conference(lang: $lang) { sessions(first: 2000) { nodes { slug status title { value } time { start } room { name { value } } } } } }",
            json!({ "lang": lang }),
        )
        .await;
    data(&response)["conference"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] != "CANCELLED")
        .map(|s| {
            (
                s["slug"].as_str().unwrap().to_owned(),
                s["title"]["value"].as_str().unwrap().to_owned(),
                s["time"]["start"].as_str().unwrap().to_owned(),
                s["room"]["name"]["value"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// What the export says of each event: (slug suffix, title, start, room).
fn events(schedule: &Schedule) -> Vec<(String, String, String, String)> {
    let mut out: Vec<_> = schedule
        .events
        .iter()
        .map(|e| {
            (
                e.slug.clone().unwrap_or_default(),
                e.title.clone(),
                e.start.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                e.room.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Pairs each API session with the exported event whose slug ends with its slug.
fn assert_same_programme(api: &[(String, String, String, String)], export: &Schedule) {
    assert_eq!(export.events.len(), api.len(), "one event per session that takes place");
    for (slug, title, start, room) in api {
        let event = export
            .events
            .iter()
            .find(|e| e.slug.as_deref().is_some_and(|s| s.ends_with(&format!("-{slug}"))))
            .unwrap_or_else(|| panic!("no event for {slug}: {:?}", events(export)));
        assert_eq!(&event.title, title, "{slug}");
        assert_eq!(event.start.to_rfc3339_opts(chrono::SecondsFormat::Secs, false), *start, "{slug}");
        if !room.is_empty() {
            assert_eq!(&event.room, room, "{slug}");
        }
    }
}

#[tokio::test]
async fn both_exports_validate_and_say_what_the_api_says_in_each_language() {
    let app = spawn_app().await;
    for lang in ["en", "ar", "fr"] {
        let api = programme(&app, lang).await;
        assert!(api.len() > 20, "the demo has a programme");

        let xml = app.get(&format!("/schedule.xml?lang={lang}"), &[]).await;
        assert_eq!(xml.status, 200, "{}", xml.body);
        assert_eq!(xml.header("content-type"), "application/xml; charset=utf-8");
        assert_valid_xml(&xml.body);
        let from_xml = read_back(&xml.body, Format::FrabXml);
        assert_same_programme(&api, &from_xml);

        let json = app.get("/schedule.json", &[("accept-language", lang)]).await;
        assert_eq!(json.status, 200, "{}", json.body);
        assert_eq!(json.header("content-type"), "application/json");
        assert_valid_json(&json.body);
        let from_json = read_back(&json.body, Format::C3vocJson);
        assert_same_programme(&api, &from_json);

        // The two formats describe the same schedule.
        assert_eq!(events(&from_xml), events(&from_json), "{lang}");
        assert_eq!(from_xml.conference.time_zone.as_deref(), Some("Asia/Amman"));
        assert_eq!(from_json.conference.time_zone.as_deref(), Some("Asia/Amman"));
        assert_eq!(from_json.conference.start.to_string(), "2019-09-10");
        assert_eq!(from_json.conference.end.to_string(), "2019-09-12");
    }
    let en = read_back(&app.get("/schedule.json?lang=en", &[]).await.body, Format::C3vocJson);
    let ar = read_back(&app.get("/schedule.json?lang=ar", &[]).await.body, Format::C3vocJson);
    assert_ne!(en.conference.title, ar.conference.title, "the conference's name is served in the asked language");
    // Guids are stable and the same whatever the language: apps key favourites by them.
    let guids = |s: &Schedule| {
        let mut g: Vec<String> = s.events.iter().map(|e| e.guid.clone()).collect();
        g.sort();
        g
    };
    assert_eq!(guids(&en), guids(&ar));
    let again = read_back(&app.get("/schedule.json?lang=en", &[]).await.body, Format::C3vocJson);
    assert_eq!(guids(&en), guids(&again));
    // Speakers and accessible documents travel as persons and attachments.
    assert!(en.events.iter().any(|e| !e.persons.is_empty()), "persons are exported");
    assert!(en.events.iter().any(|e| !e.attachments.is_empty()), "documents are exported as attachments");
    let plenaries: Vec<_> = en.events.iter().filter(|e| e.kind == "plenary").collect();
    assert!(!plenaries.is_empty());
    assert!(plenaries.iter().all(|e| e.language.is_some()), "plenaries say their floor language");
}

#[tokio::test]
async fn exports_answer_304_until_the_programme_changes_and_follow_it() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Programme Lead").await;
    let sessions = app.session_ids().await;
    for path in ["/schedule.xml", "/schedule.json"] {
        let first = app.get(path, &[]).await;
        assert_eq!(first.status, 200);
        let etag = first.header("etag").to_owned();
        assert_eq!(first.header("cache-control"), "no-cache");
        let again = app.get(path, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty());
        let weak = app.get(path, &[("if-none-match", &format!("W/{etag}"))]).await;
        assert_eq!(weak.status, 304, "{path}: weak comparison");
        let other_language = app.get(path, &[("if-none-match", &etag), ("accept-language", "ar")]).await;
        assert_eq!(other_language.status, 200, "{path}: another language is another representation");
    }
    let before_xml = app.get("/schedule.xml", &[]).await;
    let before_json = app.get("/schedule.json", &[]).await;

    let moved = app
        .graphql_with_token(
            "mutation($id: ID!) { moveSession(id: $id, startsAt: \"2019-09-10T09:30:00+03:00\", force: true) { status } }",
            json!({ "id": sessions["opening-plenary"] }),
            &organiser,
        )
        .await;
    assert_eq!(data(&moved)["moveSession"]["status"], "MOVED", "{moved}");
    let cancelled = app
        .graphql_with_token(
            "mutation($id: ID!) { cancelSession(id: $id) { status } }",
            json!({ "id": sessions["closing-plenary"] }),
            &organiser,
        )
        .await;
    assert_eq!(data(&cancelled)["cancelSession"]["status"], "CANCELLED", "{cancelled}");

    for (path, before, format) in
        [("/schedule.xml", &before_xml, Format::FrabXml), ("/schedule.json", &before_json, Format::C3vocJson)]
    {
        let after = app.get(path, &[("if-none-match", before.header("etag"))]).await;
        assert_eq!(after.status, 200, "{path}: the programme changed");
        assert_ne!(after.header("etag"), before.header("etag"));
        let (before, after) = (read_back(&before.body, format), read_back(&after.body, format));
        let find = |s: &Schedule, slug: &str| {
            s.events.iter().find(|e| e.slug.as_deref().is_some_and(|x| x.ends_with(slug))).cloned()
        };
        let opening = find(&after, "-opening-plenary").expect("the moved session is still there");
        assert_eq!(opening.start.to_rfc3339(), "2019-09-10T09:30:00+03:00", "{path}");
        assert_eq!(opening.guid, find(&before, "-opening-plenary").unwrap().guid, "{path}: a move keeps the guid");
        assert!(find(&before, "-closing-plenary").is_some());
        assert!(find(&after, "-closing-plenary").is_none(), "{path}: a cancelled session leaves the schedule");
        assert_eq!(after.events.len() + 1, before.events.len());
        assert_ne!(after.version, before.version, "{path}: the version is the programme's");
    }
    assert_valid_xml(&app.get("/schedule.xml", &[]).await.body);
    assert_valid_json(&app.get("/schedule.json", &[]).await.body);
}

#[tokio::test]
async fn each_conference_has_its_own_export() {
    let options = TestOptions { programme: Some(sanad_tests::synthetic::programme_json(60)), ..TestOptions::default() };
    let app = spawn_app_with(options).await;
    let synthetic = app.get("/schedule.json?conference=synthetic-60", &[]).await;
    assert_eq!(synthetic.status, 200, "{}", synthetic.body);
    assert_valid_json(&synthetic.body);
    let synthetic = read_back(&synthetic.body, Format::C3vocJson);
    assert_eq!(synthetic.events.len(), 60);
    assert_eq!(synthetic.conference.acronym, "synthetic_60", "acronyms keep to the schemas' letters");
    let xml = app.get("/schedule.xml?conference=synthetic-60&lang=es", &[]).await;
    assert_valid_xml(&xml.body);
    assert_eq!(read_back(&xml.body, Format::FrabXml).events.len(), 60);
    let demo = read_back(&app.get("/schedule.json?conference=amman-2019", &[]).await.body, Format::C3vocJson);
    assert_eq!(demo.conference.acronym, "amman_2019");
    let guids: std::collections::HashSet<&str> = demo.events.iter().map(|e| e.guid.as_str()).collect();
    assert!(synthetic.events.iter().all(|e| !guids.contains(e.guid.as_str())), "guids differ between conferences");
}

#[tokio::test]
async fn bad_requests_for_exports_get_a_code_and_leave_the_server_healthy() {
    let app = spawn_app().await;
    for (path, status, code) in [
        ("/schedule.json?conference=no-such-conference", 404, "NOT_FOUND"),
        ("/schedule.xml?conference=no-such-conference", 404, "NOT_FOUND"),
        ("/schedule.json?lang=not%20a%20tag", 400, "BAD_USER_INPUT"),
        ("/schedule.xml?lang=%00", 400, "BAD_USER_INPUT"),
        ("/schedule.json?conference=a&conference=b", 400, "BAD_USER_INPUT"),
    ] {
        let response = app.get(path, &[]).await;
        assert_eq!(response.status, status, "{path}: {}", response.body);
        let body: Value = serde_json::from_str(&response.body).unwrap_or_else(|_| panic!("{path}: {}", response.body));
        assert_eq!(body["errors"][0]["extensions"]["code"], code, "{path}");
    }
    // A Host header that could inject into the document is not echoed.
    let response = app.get("/schedule.xml", &[("host", "evil\"><x")]).await;
    assert_eq!(response.status, 200, "{}", response.body);
    assert!(response.body.contains("<schedule>"));
    assert!(!response.body.contains("evil"), "the Host is not written into the export");
    app.assert_healthy("after bad export requests").await;
}

/// Real exports from frab and pretalx break their own schemas (31C3's guids are not UUIDs,
/// pretalx's slugs have capitals); written again by Sanad, they validate and keep their events.
#[test]
fn real_schedules_written_again_validate_and_keep_every_event() {
    use sanad_api::schedule::write::{Generator, c3voc_json, frab_xml, uuid_of};
    for (name, format) in [
        ("frab-31c3.xml", Format::FrabXml),
        ("frab-camp2019.json", Format::C3vocJson),
        ("pretalx-democon.json", Format::C3vocJson),
    ] {
        let source = std::fs::read(shared(&format!("examples/{name}"))).unwrap();
        let original = read(&source, Some(format)).unwrap_or_else(|f| panic!("{name}: {f:?}")).schedule;
        let key = |s: &Schedule| {
            let mut keys: Vec<(String, String, u32, String)> = s
                .events
                .iter()
                .map(|e| (uuid_of(&e.guid), e.start.to_rfc3339(), e.duration_minutes, e.title.clone()))
                .collect();
            keys.sort();
            keys
        };
        let xml = frab_xml(&original, Generator::default());
        assert_valid_xml(&xml);
        let json = c3voc_json(&original, Generator::default());
        assert_valid_json(&json);
        for (written, format) in [(xml, Format::FrabXml), (json, Format::C3vocJson)] {
            let again = read_back(&written, format);
            assert_eq!(key(&again), key(&original), "{name} as {format:?}");
            assert_eq!(again.conference.title, original.conference.title);
            let persons = |s: &Schedule| s.events.iter().map(|e| e.persons.len()).sum::<usize>();
            assert_eq!(persons(&again), persons(&original), "{name} as {format:?}");
        }
    }
}

/// Every schedule app polls: the files come from the response cache, built once per
/// programme version and compressed once per coding, the same bytes as the plain file.
#[tokio::test]
async fn exports_and_the_calendar_are_built_once_and_sent_compressed() {
    use std::io::Read;
    let app = spawn_app().await;
    let sessions = app.graphql("{ conference { sessions(first: 1) { nodes { id } } } }", json!({})).await;
    let one =
        format!("/sessions/{}.ics", data(&sessions)["conference"]["sessions"]["nodes"][0]["id"].as_str().unwrap());
    for path in ["/schedule.json", "/schedule.xml", "/schedule.ics", one.as_str()] {
        let plain = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(plain.status(), 200, "{path}");
        assert!(plain.headers()["vary"].to_str().unwrap().contains("accept-encoding"), "{path}");
        let etag = plain.headers()["etag"].to_str().unwrap().to_owned();
        let body = plain.bytes().await.unwrap();

        let before = app.metric("sanad_sql_statements_total").await;
        for (asked, coding) in [("gzip, br", "br"), ("gzip", "gzip")] {
            let response = app.client.get(app.url(path)).header("accept-encoding", asked).send().await.unwrap();
            assert_eq!(response.headers()["content-encoding"], coding, "{path}");
            let tagged = response.headers()["etag"].to_str().unwrap().to_owned();
            assert_eq!(tagged, format!("{}-{coding}\"", etag.trim_end_matches('"')), "{path}");
            let sent = response.bytes().await.unwrap();
            let mut decoded = Vec::new();
            match coding {
                "br" => brotli::Decompressor::new(&sent[..], 4096).read_to_end(&mut decoded).unwrap(),
                _ => flate2::read::GzDecoder::new(&sent[..]).read_to_end(&mut decoded).unwrap(),
            };
            assert_eq!(decoded, body, "{path} in {coding} is the same file");
            let again =
                app.client.get(app.url(path)).header("accept-encoding", asked).header("if-none-match", &tagged).send();
            assert_eq!(again.await.unwrap().status(), 304, "{path} {coding}");
        }
        // Only the conference (or the session) is looked up: the file is not built again.
        let spent = app.metric("sanad_sql_statements_total").await - before;
        assert!(spent <= 6, "{path}: {spent} statements for six requests of a cached file");
    }
}
