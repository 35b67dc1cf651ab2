//! The iCalendar feeds: the programme, one session and a person's agenda, read back with the
//! icalendar crate's parser.

use std::collections::{HashMap, HashSet};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use icalendar::{Calendar, CalendarComponent, Component, Event, EventStatus};
use sanad_schema::entities::enums::{ChangeKind, Role, SessionStatus};
use sanad_schema::entities::texts::Translations;
use sanad_schema::entities::{schedule_change, session};
use sanad_tests::{Fetched, TestApp, data, spawn_app};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::{Value, json};

const UID_SUFFIX: &str = "@amman-2019.sanad";
const OPENING_EN: &str = "Opening plenary: Promoting Partnerships";
const OPENING_FR: &str = "Séance plénière d'ouverture : Promouvoir les partenariats";
const OPENING_AR: &str = "الجلسة العامة الافتتاحية: تعزيز الشراكات";
const ADD: &str = "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { name } }";

/// Reads a feed response as a calendar.
trait AsCalendar {
    fn calendar(&self) -> Calendar;
}

impl AsCalendar for Fetched {
    fn calendar(&self) -> Calendar {
        assert_eq!(self.status, 200, "{}", self.body);
        parse(&self.body)
    }
}

/// Parses a feed after checking its lines: CRLF only, none over 75 octets.
fn parse(body: &str) -> Calendar {
    assert!(body.ends_with("\r\n"), "the last line ends with CRLF");
    for line in body.strip_suffix("\r\n").unwrap().split("\r\n") {
        assert!(!line.contains(['\r', '\n']), "a bare CR or LF in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let unfolded = icalendar::parser::unfold(body);
    let parsed = icalendar::parser::read_calendar(&unfolded).unwrap_or_else(|e| panic!("{e}\n{body}"));
    Calendar::from(parsed)
}

fn events(calendar: &Calendar) -> Vec<&Event> {
    calendar.events().collect()
}

/// The event of a session, by its database id.
fn event_of(calendar: &Calendar, id: i64) -> &Event {
    let uid = format!("session-{id}{UID_SUFFIX}");
    calendar.events().find(|e| e.get_uid() == Some(uid.as_str())).unwrap_or_else(|| panic!("no event {uid}"))
}

/// `(TZID parameter, value)` of a date-time property.
fn zoned<'a>(event: &'a Event, key: &str) -> (&'a str, &'a str) {
    let property = event.properties().get(key).unwrap_or_else(|| panic!("no {key}"));
    let tzid = property.params().get("TZID").map(|p| p.value()).unwrap_or_else(|| panic!("{key} without TZID"));
    (tzid, property.value())
}

fn param<'a>(event: &'a Event, key: &str, name: &str) -> Option<&'a str> {
    event.properties().get(key)?.params().get(name).map(|p| p.value())
}

/// The `TZOFFSETTO` in force at a local time, from the feed's `VTIMEZONE`.
fn offset_at(calendar: &Calendar, zone: &str, local: &str) -> String {
    let vtimezone = calendar
        .components
        .iter()
        .find_map(|c| match c {
            CalendarComponent::Other(o)
                if o.component_kind() == "VTIMEZONE" && o.property_value("TZID") == Some(zone) =>
            {
                Some(o)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no VTIMEZONE {zone}"));
    let mut rules: Vec<(&str, &str)> = vtimezone
        .components()
        .iter()
        .inspect(|rule| assert!(["STANDARD", "DAYLIGHT"].contains(&rule.component_kind().as_str())))
        .map(|rule| (rule.property_value("DTSTART").unwrap(), rule.property_value("TZOFFSETTO").unwrap()))
        .collect();
    rules.sort();
    let (_, offset) = rules.iter().rev().find(|(start, _)| *start <= local).expect("a rule before that time");
    (*offset).to_owned()
}

/// Session ids (GraphQL and database) and local start/end ("20190910T090000") by slug.
async fn programme(app: &TestApp) -> HashMap<String, (Value, i64, String, String)> {
    let response = app
        .graphql("{ conference { sessions(first: 100) { nodes { id slug time { start end } } } } }", json!({}))
        .await;
    let local = |rfc3339: &Value| {
        let at = chrono::DateTime::parse_from_rfc3339(rfc3339.as_str().unwrap()).unwrap();
        at.naive_local().format("%Y%m%dT%H%M%S").to_string()
    };
    data(&response)["conference"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let global = String::from_utf8(URL_SAFE_NO_PAD.decode(s["id"].as_str().unwrap()).unwrap()).unwrap();
            let db_id = global.strip_prefix("Session:").unwrap().parse().unwrap();
            let times = (local(&s["time"]["start"]), local(&s["time"]["end"]));
            (s["slug"].as_str().unwrap().to_owned(), (s["id"].clone(), db_id, times.0, times.1))
        })
        .collect()
}

#[tokio::test]
async fn the_programme_feed_has_every_session_in_the_conference_zone() {
    let app = spawn_app().await;
    let feed = app.get("/schedule.ics", &[]).await;
    assert_eq!(feed.header("content-type"), "text/calendar; charset=utf-8");
    assert_eq!(feed.header("cache-control"), "no-cache");
    let calendar = feed.calendar();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("X-WR-TIMEZONE", "Asia/Amman"),
        (
            "X-WR-CALNAME",
            "Global Conference on Assistance to Victims of Anti-Personnel Mines and other Explosive Remnants of War and the Rights of Persons with Disabilities",
        ),
    ] {
        assert_eq!(calendar.property_value(key), Some(value), "{key}");
    }
    assert!(calendar.property_value("PRODID").is_some_and(|p| p.contains("Sanad")));

    let sessions = programme(&app).await;
    assert_eq!(sessions.len(), 36);
    assert_eq!(events(&calendar).len(), 36);
    let uids: HashSet<&str> = calendar.events().map(|e| e.get_uid().unwrap()).collect();
    assert_eq!(uids.len(), 36, "UIDs are unique");
    for (slug, (_, id, start, end)) in &sessions {
        let event = event_of(&calendar, *id);
        assert_eq!(zoned(event, "DTSTART"), ("Asia/Amman", start.as_str()), "{slug}");
        assert_eq!(zoned(event, "DTEND"), ("Asia/Amman", end.as_str()), "{slug}");
        assert!(event.get_timestamp().is_some() && event.get_last_modified().is_some(), "{slug}");
        assert_eq!(event.get_status(), Some(EventStatus::Confirmed), "{slug}");
        assert_eq!(event.get_sequence(), Some(0), "{slug}");
        assert!(!event.get_summary().unwrap().is_empty(), "{slug}");
    }

    let opening = event_of(&calendar, sessions["opening-plenary"].1);
    assert!(feed.body.contains("\r\nDTSTART;TZID=Asia/Amman:20190910T090000\r\n"), "{}", feed.body);
    assert_eq!(opening.get_summary(), Some(OPENING_EN));
    assert_eq!(param(opening, "SUMMARY", "LANGUAGE"), Some("en"));
    assert_eq!(opening.property_value("LOCATION"), Some("Hall A, ground floor"));
    let texts = app
        .graphql(
            "{ conference { sessions(first: 1) { nodes { summary { value } plainSummary { value } } } } }",
            json!({}),
        )
        .await;
    let texts = &data(&texts)["conference"]["sessions"]["nodes"][0];
    let (summary, plain) =
        (texts["summary"]["value"].as_str().unwrap(), texts["plainSummary"]["value"].as_str().unwrap());
    assert!(summary.contains(", ") && summary.len() > 200, "commas to escape, lines to fold");
    let expected = format!("{summary}\n\n{plain}");
    assert_eq!(opening.get_description(), Some(expected.as_str()), "then the plain-language summary");

    // The zone's own rules: summer time (+03:00) in September 2019, +02:00 in January.
    assert_eq!(offset_at(&calendar, "Asia/Amman", "20190910T090000"), "+0300");
    assert_eq!(offset_at(&calendar, "Asia/Amman", "20190115T090000"), "+0200");

    let again = app.get("/schedule.ics", &[]).await;
    assert_eq!(again.body, feed.body, "the same bytes (UIDs, stamps) on every fetch");
    assert_eq!(again.header("etag"), feed.header("etag"));
    let by_slug = app.get("/schedule.ics?conference=amman-2019", &[]).await;
    assert_eq!(by_slug.body, feed.body);
    let unknown = app.get("/schedule.ics?conference=geneva-2030", &[]).await;
    assert_eq!(unknown.status, 404);
    assert_eq!(serde_json::from_str::<Value>(&unknown.body).unwrap()["errors"][0]["extensions"]["code"], "NOT_FOUND");
}

#[tokio::test]
async fn texts_are_in_the_language_asked_for() {
    let app = spawn_app().await;
    let opening = programme(&app).await["opening-plenary"].1;

    let arabic = app.get("/schedule.ics?lang=ar", &[]).await.calendar();
    let event = event_of(&arabic, opening);
    assert_eq!(event.get_summary(), Some(OPENING_AR));
    assert_eq!(param(event, "SUMMARY", "LANGUAGE"), Some("ar"));
    assert_eq!(event.property_value("LOCATION"), Some("القاعة أ، الطابق الأرضي"));

    let french = app.get("/schedule.ics", &[("accept-language", "fr-CH, fr;q=0.9, en;q=0.5")]).await.calendar();
    assert_eq!(event_of(&french, opening).get_summary(), Some(OPENING_FR));
    assert!(french.property_value("X-WR-CALNAME").unwrap().starts_with("Conférence mondiale"));

    let lang_wins = app.get("/schedule.ics?lang=ar", &[("accept-language", "fr")]).await.calendar();
    assert_eq!(event_of(&lang_wins, opening).get_summary(), Some(OPENING_AR));
    let unknown_language = app.get("/schedule.ics", &[("accept-language", "de")]).await.calendar();
    assert_eq!(event_of(&unknown_language, opening).get_summary(), Some(OPENING_EN), "the conference default");

    let bad = app.get("/schedule.ics?lang=not%20a%20tag", &[]).await;
    assert_eq!(bad.status, 400);
    assert_eq!(serde_json::from_str::<Value>(&bad.body).unwrap()["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

#[tokio::test]
async fn an_unchanged_feed_answers_304() {
    let app = spawn_app().await;
    let first = app.get("/schedule.ics", &[]).await;
    let etag = first.header("etag").to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"') && etag.len() > 20, "a strong, quoted ETag: {etag}");

    let cached = app.get("/schedule.ics", &[("if-none-match", &etag)]).await;
    assert_eq!(cached.status, 304);
    assert!(cached.body.is_empty());
    assert_eq!(cached.header("etag"), etag);
    let weak = format!("W/{etag}, \"other\"");
    assert_eq!(app.get("/schedule.ics", &[("if-none-match", &weak)]).await.status, 304);
    assert_eq!(app.get("/schedule.ics", &[("if-none-match", "\"stale\"")]).await.status, 200);

    let arabic = app.get("/schedule.ics?lang=ar", &[("if-none-match", &etag)]).await;
    assert_eq!(arabic.status, 200, "another language is another representation");
    assert_ne!(arabic.header("etag"), etag);

    // A change to the programme, made as organisers make one, changes the bytes, so the old
    // ETag no longer matches (the feed is cached per programme version).
    let opening = programme(&app).await["opening-plenary"].1;
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    let id = sanad_schema::graphql::relay::encode(sanad_schema::graphql::relay::Kind::Session, opening);
    let cancel = "mutation($id: ID!) { cancelSession(id: $id) { id } }";
    let cancelled = app.graphql_with_token(cancel, json!({ "id": id.to_string() }), &organiser).await;
    assert!(cancelled.get("errors").is_none(), "{cancelled}");
    let after = app.get("/schedule.ics", &[("if-none-match", &etag)]).await;
    assert_eq!(after.status, 200);
    assert_ne!(after.header("etag"), etag);
}

#[tokio::test]
async fn one_session_has_its_own_feed_and_bad_ids_are_not_found() {
    let app = spawn_app().await;
    let sessions = programme(&app).await;
    let (id, db_id, start, _) = &sessions["opening-plenary"];
    let feed = app.get(&format!("/sessions/{}.ics", id.as_str().unwrap()), &[]).await;
    assert_eq!(feed.header("content-type"), "text/calendar; charset=utf-8");
    let calendar = feed.calendar();
    assert_eq!(events(&calendar).len(), 1);
    assert_eq!(zoned(event_of(&calendar, *db_id), "DTSTART"), ("Asia/Amman", start.as_str()));
    assert_eq!(offset_at(&calendar, "Asia/Amman", start), "+0300");
    let etag = feed.header("etag").to_owned();
    let path = format!("/sessions/{}.ics", id.as_str().unwrap());
    assert_eq!(app.get(&path, &[("if-none-match", &etag)]).await.status, 304);

    let room = app.graphql("{ conference { rooms { id } } }", json!({})).await;
    let room_id = data(&room)["conference"]["rooms"][0]["id"].as_str().unwrap().to_owned();
    let missing = URL_SAFE_NO_PAD.encode("Session:999999");
    let id = id.as_str().unwrap();
    for path in [
        "/sessions/garbage.ics".to_owned(),
        "/sessions/.ics".to_owned(),
        format!("/sessions/{room_id}.ics"),
        format!("/sessions/{missing}.ics"),
        format!("/sessions/{id}.ics.ics"),
        "/sessions/%FF%FE.ics".to_owned(),
    ] {
        let response = app.get(&path, &[]).await;
        assert_eq!(response.status, 404, "{path}");
        let body: Value = serde_json::from_str(&response.body).unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND", "{path}");
    }
    // Without `.ics` the address is the session's page in the delegates' app (DESIGN §5).
    let page = app.get(&format!("/sessions/{id}"), &[]).await;
    assert_eq!((page.status, page.header("content-type")), (200, "text/html; charset=utf-8"));
    let other = app.get(&format!("/sessions/{id}.json"), &[]).await;
    assert_eq!(other.status, 404, "no such page");
    assert!(other.body.contains("Page not found"));
    assert_eq!(app.get("/healthz", &[]).await.body, "ok");
    assert_eq!(app.get("/schedule.ics", &[]).await.status, 200);
}

/// The path of the signed-in person's feed.
async fn calendar_path(app: &TestApp, token: &str) -> String {
    let me = app.graphql_with_token("{ me { calendarPath } }", json!({}), token).await;
    data(&me)["me"]["calendarPath"].as_str().unwrap().to_owned()
}

fn uids(calendar: &Calendar) -> HashSet<String> {
    calendar.events().map(|e| e.get_uid().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_personal_feed_holds_the_agenda_at_a_secret_address() {
    let app = spawn_app().await;
    let sessions = programme(&app).await;
    let token = app.signed_in(Role::Delegate, "Subscriber").await;
    for slug in ["panel-q1-challenges", "opening-plenary"] {
        let added = app.graphql_with_token(ADD, json!({ "id": sessions[slug].0 }), &token).await;
        data(&added);
    }
    let path = calendar_path(&app, &token).await;
    assert!(path.starts_with("/calendar/") && path.ends_with(".ics"), "{path}");

    let feed = app.get(&path, &[]).await;
    assert_eq!(feed.header("cache-control"), "private, no-cache");
    assert_eq!(feed.header("referrer-policy"), "no-referrer");
    let calendar = feed.calendar();
    let mine = events(&calendar);
    assert_eq!(mine.len(), 2);
    let starts: Vec<_> = mine.iter().map(|e| zoned(e, "DTSTART")).collect();
    assert_eq!(starts, [("Asia/Amman", "20190910T090000"), ("Asia/Amman", "20190910T110000")], "time order");
    for slug in ["panel-q1-challenges", "opening-plenary"] {
        let (_, id, start, end) = &sessions[slug];
        assert_eq!(zoned(event_of(&calendar, *id), "DTSTART").1, start);
        assert_eq!(zoned(event_of(&calendar, *id), "DTEND").1, end);
    }
    let etag = feed.header("etag").to_owned();
    let cached = app.get(&path, &[("if-none-match", &etag)]).await;
    assert_eq!(cached.status, 304);
    assert_eq!(cached.header("cache-control"), "private, no-cache");

    // The person's saved languages serve when the app sends none.
    let prefs = "mutation { updateMyPreferences(input: { preferredLanguages: [\"fr\"] }) { name } }";
    data(&app.graphql_with_token(prefs, json!({}), &token).await);
    let french = app.get(&path, &[]).await.calendar();
    assert_eq!(event_of(&french, sessions["opening-plenary"].1).get_summary(), Some(OPENING_FR));
    let header_wins = app.get(&path, &[("accept-language", "ar")]).await.calendar();
    assert_eq!(event_of(&header_wins, sessions["opening-plenary"].1).get_summary(), Some(OPENING_AR));

    // Every miss looks the same: nothing tells whether a secret belongs to someone.
    // Every miss answers alike (bar its own request id): nothing tells a guess that was close.
    let without_request_id = |body: &str| {
        let mut body: Value = serde_json::from_str(body).unwrap();
        body["errors"][0]["extensions"].as_object_mut().unwrap().remove("requestId");
        body
    };
    let not_found = without_request_id(&app.get("/sessions/garbage.ics", &[]).await.body);
    let secret = path.trim_start_matches("/calendar/").trim_end_matches(".ics");
    let mut wrong = secret.to_owned();
    wrong.replace_range(..1, if secret.starts_with('a') { "b" } else { "a" });
    for miss in [
        format!("/calendar/{wrong}.ics"),
        format!("/calendar/{secret}"),
        format!("/calendar/{}.ics", secret.to_uppercase()),
        "/calendar/x'%20OR%20'1'='1.ics".to_owned(),
        format!("/calendar/{}.ics", "a".repeat(500)),
    ] {
        let response = app.get(&miss, &[]).await;
        assert_eq!(response.status, 404, "{miss}");
        assert_eq!(without_request_id(&response.body), not_found, "{miss}");
        assert_eq!(response.header("referrer-policy"), "no-referrer");
    }

    // A new address: the old one stops working at once.
    let rotated =
        app.graphql_with_token("mutation { rotateMyCalendarSecret { calendarPath } }", json!({}), &token).await;
    let new_path = data(&rotated)["rotateMyCalendarSecret"]["calendarPath"].as_str().unwrap().to_owned();
    assert_ne!(new_path, path);
    assert_eq!(calendar_path(&app, &token).await, new_path);
    assert_eq!(app.get(&path, &[]).await.status, 404);
    assert_eq!(uids(&app.get(&new_path, &[]).await.calendar()), uids(&calendar));

    // Another delegate sees only their own agenda.
    let other = app.signed_in(Role::Delegate, "Neighbour").await;
    data(&app.graphql_with_token(ADD, json!({ "id": sessions["survivors-voices"].0 }), &other).await);
    let theirs = app.get(&calendar_path(&app, &other).await, &[]).await.calendar();
    assert_eq!(uids(&theirs), HashSet::from([format!("session-{}{UID_SUFFIX}", sessions["survivors-voices"].1)]));
    assert!(uids(&theirs).is_disjoint(&uids(&calendar)));

    let empty = app.signed_in(Role::Delegate, "Undecided").await;
    let nothing = app.get(&calendar_path(&app, &empty).await, &[]).await.calendar();
    assert!(events(&nothing).is_empty());
    assert_eq!(offset_at(&nothing, "Asia/Amman", "20190910T090000"), "+0300", "the zone even with no events");
}

#[tokio::test]
async fn moves_raise_the_sequence_and_cancellations_are_announced() {
    let app = spawn_app().await;
    let sessions = programme(&app).await;
    let (_, id, _, _) = &sessions["panel-q1-challenges"];
    let db = &app.server.state.db;
    let row = session::Entity::find_by_id(*id).one(db).await.unwrap().unwrap();
    for kind in [ChangeKind::Moved, ChangeKind::Cancelled] {
        schedule_change::ActiveModel {
            conference_id: Set(row.conference_id),
            session_id: Set(row.id),
            kind: Set(kind),
            description: Set(Translations::from([("en", "Hall A 11:00 → Hall B 11:30")])),
            previous_room_id: Set(None),
            previous_starts_at: Set(None),
            previous_ends_at: Set(None),
            new_room_id: Set(None),
            new_starts_at: Set(None),
            new_ends_at: Set(None),
            programme_version: Set(2),
            changed_at: Set(row.updated_at),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    let mut cancelled = row.clone().into_active_model();
    cancelled.status = Set(SessionStatus::Cancelled);
    // Every character a TEXT value must escape, and a CR that must not end the line.
    cancelled.title = Set(Translations::from([("en", "Panel; Q1, part \\1\r\nsecond line")]));
    cancelled.update(db).await.unwrap();

    let calendar = app.get("/schedule.ics", &[]).await.calendar();
    let event = event_of(&calendar, *id);
    assert_eq!(event.get_status(), Some(EventStatus::Cancelled));
    assert_eq!(event.get_sequence(), Some(2));
    assert_eq!(event.get_summary(), Some("Panel; Q1, part \\1\nsecond line"));
    assert_eq!(event.get_uid(), Some(format!("session-{id}{UID_SUFFIX}").as_str()), "the UID survives edits");
    let mut others = calendar.events().filter(|e| e.get_uid() != event.get_uid());
    assert!(others.all(|e| e.get_sequence() == Some(0) && e.get_status() == Some(EventStatus::Confirmed)));
    let single = app.get(&format!("/sessions/{}.ics", sessions["panel-q1-challenges"].0.as_str().unwrap()), &[]).await;
    assert_eq!(event_of(&single.calendar(), *id).get_sequence(), Some(2));
}

#[tokio::test]
async fn long_texts_in_every_language_fold_within_75_octets() {
    let app = spawn_app().await;
    for lang in ["en", "fr", "ar", "es"] {
        let feed = app.get(&format!("/schedule.ics?lang={lang}"), &[]).await;
        // `parse` checks CRLF endings and the 75-octet limit on every line.
        let calendar = feed.calendar();
        assert!(feed.body.contains("\r\n "), "long descriptions are folded ({lang})");
        assert!(!feed.body.replace("\r\n", "").contains(['\r', '\n']), "only CRLF line ends ({lang})");
        let glued = feed.body.split("\r\n").find(|line| line.starts_with("  "));
        assert_eq!(glued, None, "no fold right before a space ({lang})");
        assert_eq!(events(&calendar).len(), 36);
    }
}

/// A text property of a feed, unfolded and unescaped.
#[derive(Debug)]
struct TextLine {
    /// The `UID` of its event; empty for the calendar's own properties.
    uid: String,
    name: String,
    language: Option<String>,
    value: String,
}

/// Properties whose values are human-readable text. (`TZNAME` is text too, but a zone
/// abbreviation such as `EEST`, in no language.)
const TEXT_PROPERTIES: [&str; 8] =
    ["SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CONTACT", "RESOURCES", "CATEGORIES", "X-WR-CALNAME"];

/// Every text property of `body`, read by hand (RFC 5545 §3.1: a CRLF followed by a space or a
/// tab continues the line; §3.3.11: TEXT escapes), so that no parser's leniency hides a missing
/// parameter.
fn text_lines(body: &str) -> Vec<TextLine> {
    let unfolded = body.replace("\r\n ", "").replace("\r\n\t", "");
    let (mut lines, mut event) = (Vec::new(), None::<Vec<TextLine>>);
    let mut uid = String::new();
    for line in unfolded.split("\r\n") {
        match line {
            "BEGIN:VEVENT" => (event, uid) = (Some(Vec::new()), String::new()),
            "END:VEVENT" => {
                let texts = event.take().expect("END:VEVENT after BEGIN:VEVENT");
                assert!(!uid.is_empty(), "an event without UID");
                lines.extend(texts.into_iter().map(|t| TextLine { uid: uid.clone(), ..t }));
            }
            _ => {}
        }
        let Some((head, value)) = line.split_once(':') else { continue };
        let mut parts = head.split(';');
        let name = parts.next().unwrap_or_default();
        if name == "UID" {
            uid = value.to_owned();
        }
        if !TEXT_PROPERTIES.contains(&name) {
            continue;
        }
        let language = parts.find_map(|p| p.strip_prefix("LANGUAGE=")).map(str::to_owned);
        let text = TextLine { uid: String::new(), name: name.to_owned(), language, value: unescape(value) };
        match &mut event {
            Some(texts) => texts.push(text),
            None => lines.push(text),
        }
    }
    lines
}

/// A TEXT value as written before escaping (`\\`, `\;`, `\,`, `\n`).
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(escaped) => out.push(escaped),
            None => out.push('\\'),
        }
    }
    out
}

/// `(value, lang)` of a GraphQL `Text`, if any.
fn text_of(text: &Value) -> Option<(String, String)> {
    Some((text["value"].as_str()?.to_owned(), text["lang"].as_str()?.to_owned()))
}

/// Checks every text property of a feed fetched in `lang` against the texts GraphQL serves in
/// that language: each carries a `LANGUAGE`, and it is the tag of the text it holds (the
/// fallback's when the text is one). Returns the tags used.
async fn assert_every_text_says_its_language(app: &TestApp, what: &str, body: &str, lang: &str) -> HashSet<String> {
    let response = app
        .graphql(
            "query($lang: String) { conference(lang: $lang) { name { value lang } sessions(first: 100) { nodes {
                id title { value lang } summary { value lang } plainSummary { value lang }
                room { name { value lang } } } } } }",
            json!({ "lang": lang }),
        )
        .await;
    let conference = &data(&response)["conference"];
    let sessions: HashMap<String, &Value> = conference["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let global = String::from_utf8(URL_SAFE_NO_PAD.decode(s["id"].as_str().unwrap()).unwrap()).unwrap();
            (format!("session-{}{UID_SUFFIX}", global.strip_prefix("Session:").unwrap()), s)
        })
        .collect();

    let lines = text_lines(body);
    assert!(lines.len() > 3, "{what}: {body}");
    let mut used = HashSet::new();
    for line in &lines {
        let tag = line.language.as_deref().unwrap_or_else(|| panic!("{what}: no LANGUAGE on {line:?}"));
        used.insert(tag.to_owned());
        if line.uid.is_empty() {
            assert_eq!(line.name, "X-WR-CALNAME", "{what}");
            assert_eq!(Some((line.value.clone(), tag.to_owned())), text_of(&conference["name"]), "{what}");
            continue;
        }
        let session = sessions.get(&line.uid).unwrap_or_else(|| panic!("{what}: no session {}", line.uid));
        let described: Vec<(String, String)> =
            [&session["summary"], &session["plainSummary"]].into_iter().filter_map(text_of).collect();
        match line.name.as_str() {
            "SUMMARY" => assert_eq!(Some((line.value.clone(), tag.to_owned())), text_of(&session["title"]), "{what}"),
            "DESCRIPTION" | "COMMENT" => {
                // Exactly the texts served in the tag's language, nothing in another.
                let in_tag: Vec<&str> =
                    described.iter().filter(|(_, l)| l == tag).map(|(value, _)| value.as_str()).collect();
                assert_eq!(line.value, in_tag.join("\n\n"), "{what}: {line:?} against {described:?}");
            }
            "LOCATION" => {
                // The demo names every room in languages Sanad can phrase a floor in.
                let (name, name_lang) = text_of(&session["room"]["name"]).unwrap();
                assert_eq!(tag, name_lang, "{what}: {line:?}");
                assert!(line.value.starts_with(&name), "{what}: {line:?} names {name}");
            }
            other => panic!("{what}: unexpected {other}"),
        }
    }
    // No text is left out: each is in a DESCRIPTION or COMMENT tagged with its language.
    for (uid, session) in &sessions {
        let texts: Vec<&TextLine> = lines.iter().filter(|l| &l.uid == uid).collect();
        if texts.is_empty() {
            // Not in this feed (a personal feed holds the agenda only).
            continue;
        }
        for (value, text_lang) in [&session["summary"], &session["plainSummary"]].into_iter().filter_map(text_of) {
            let held = texts.iter().any(|l| {
                matches!(l.name.as_str(), "DESCRIPTION" | "COMMENT")
                    && l.language.as_deref() == Some(text_lang.as_str())
                    && l.value.contains(&value)
            });
            assert!(held, "{what}: {uid} lost its {text_lang} text {value:?}");
        }
    }
    used
}

/// Every text of every feed says its language, and where a text falls back (Spanish is missing
/// for some rooms' names and most plain-language summaries in the demo) the tag is the
/// fallback's, never the language asked for.
#[tokio::test]
async fn every_text_of_every_feed_carries_the_language_it_is_in() {
    let app = spawn_app().await;
    for lang in ["es", "ar", "fr"] {
        let feed = app.get(&format!("/schedule.ics?lang={lang}"), &[]).await;
        assert_eq!(feed.status, 200);
        let used = assert_every_text_says_its_language(&app, &format!("schedule {lang}"), &feed.body, lang).await;
        if lang == "es" {
            assert!(
                used.contains("es") && used.contains("en"),
                "Spanish, and English where Spanish is missing: {used:?}"
            );
        } else {
            assert_eq!(used, HashSet::from([lang.to_owned()]), "the demo has every {lang} text");
        }
    }

    // An agenda holding a room not named in Spanish and a summary whose plain-language version
    // exists only in other languages, read in Spanish.
    let spanish = app
        .graphql(
            "{ conference(lang: \"es\") { sessions(first: 100) { nodes { id summary { lang } plainSummary { lang }
                room { name { lang } } } } } }",
            json!({}),
        )
        .await;
    let nodes = data(&spanish)["conference"]["sessions"]["nodes"].as_array().unwrap().clone();
    let unnamed_room = nodes.iter().find(|s| s["room"]["name"]["lang"] != "es").expect("a room not named in Spanish");
    let mixed = nodes
        .iter()
        .find(|s| s["summary"]["lang"] == "es" && s["plainSummary"]["lang"] != "es")
        .expect("a Spanish summary without a Spanish plain-language summary");
    let token = app.signed_in(Role::Delegate, "Lector").await;
    for session in [unnamed_room, mixed] {
        data(&app.graphql_with_token(ADD, json!({ "id": session["id"] }), &token).await);
    }
    let path = calendar_path(&app, &token).await;
    let feed = app.get(&format!("{path}?lang=es"), &[]).await;
    assert_eq!(feed.status, 200);
    assert_eq!(feed.calendar().events().count(), 2);
    let used = assert_every_text_says_its_language(&app, "personal es", &feed.body, "es").await;
    assert!(used.contains("en"), "the fallbacks say English: {used:?}");
}
