//! An organiser completes a conference made with `sanad conference create` through the API
//! alone: its texts and languages, the venue's texts and map, points of interest, rooms that
//! name their nearest accessible toilet, routes and tracks. Each bad input names its field and
//! changes nothing; what a room or route still depends on cannot be pulled from under it; every
//! deletion leaves a tombstone; readers see each change at once.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;
use sanad_api::cli::{Cli, run};
use sanad_schema::entities::enums::Role;
use sanad_schema::service::conference::{self, Draft};
use sanad_schema::service::editing::texts::TextInput;
use sanad_tests::{TestApp, TestOptions, data, error_code, error_field, spawn_app, spawn_app_with};
use serde_json::{Value, json};

const SLUG: &str = "amman-2026";

/// A text in the new conference's two required languages.
fn texts(en: &str, ar: &str) -> Value {
    json!([{ "lang": "en", "value": en }, { "lang": "ar", "value": ar }])
}

/// A conference as `sanad conference create` leaves it: a name, ar and en required, and a
/// venue named after it. Returns an organiser's token.
async fn new_conference(app: &TestApp) -> String {
    let text = |lang: &str, value: &str| TextInput { lang: lang.to_owned(), value: value.to_owned() };
    let draft = Draft {
        slug: SLUG.to_owned(),
        name: vec![text("ar", "المؤتمر العالمي"), text("en", "Global Conference")],
        time_zone: "Asia/Amman".to_owned(),
        start: NaiveDate::from_ymd_opt(2026, 9, 8).unwrap(),
        end: NaiveDate::from_ymd_opt(2026, 9, 10).unwrap(),
        languages: vec!["ar".to_owned(), "en".to_owned()],
        default_language: None,
        required_languages: Some(vec!["ar".to_owned(), "en".to_owned()]),
        venue_name: None,
    };
    conference::create(&app.server.state.db, draft, app.server.state.clock.now()).await.expect("conference created");
    app.sign_in(&app.invite_to(Some(SLUG), Role::Organizer, "Venue Lead").await).await
}

/// `sanad check` on the app's database: its report.
async fn check(app: &TestApp) -> String {
    let url = app.database_url();
    let cli = Cli::try_parse_from(["sanad", "--database-url", url.as_str(), "check"]).expect("arguments parse");
    let mut out = Vec::new();
    let _: Result<ExitCode, _> = run(cli, &mut out).await;
    String::from_utf8(out).expect("UTF-8 report")
}

async fn version(app: &TestApp) -> i64 {
    let read =
        app.graphql("query($s: String!) { conference(slug: $s) { programmeVersion } }", json!({ "s": SLUG })).await;
    data(&read)["conference"]["programmeVersion"].as_i64().unwrap()
}

const VENUE_VIEW: &str = r#"query($s: String!) { conference(slug: $s) {
  name { value lang } tagline { value lang } city { value } website languages { required language { tag } }
  tracks { slug name { value } }
  venue { name { value } address { value lang dir } arrival { value }
    map { image { url alt { value lang } } longDescription { value } }
    pointsOfInterest { slug kind floor name { value } stepFree openingHours { value } }
    rooms { slug nearestAccessibleToilet { slug } }
    routes { from { ... on PointOfInterest { slug } ... on Room { slug } } to { ... on PointOfInterest { slug } ... on Room { slug } }
      stepFree distanceMetres walkingMinutes steps { value lang dir } } } } }"#;

const CREATE_PLACE: &str = "mutation($slug: String!, $input: PointOfInterestInput!) {
  createPointOfInterest(slug: $slug, input: $input) { id slug kind } }";
const CREATE_ROUTE: &str =
    "mutation($input: RouteInput!) { createRoute(input: $input) { id from { ... on Room { slug } } stepFree } }";
const CREATE_ROOM: &str =
    "mutation($slug: String!, $input: RoomInput!) { createRoom(slug: $slug, input: $input) { id slug } }";

#[tokio::test]
async fn an_organiser_completes_a_new_conference_through_the_api() {
    let app = spawn_app_with(TestOptions { demo: false, ..TestOptions::default() }).await;
    let organiser = new_conference(&app).await;
    let before = check(&app).await;
    assert!(before.contains(&format!("conference {SLUG}: tagline has no ar, en")), "{before}");
    assert!(before.contains("venue: arrival has no ar, en"), "{before}");
    let served_before = app.graphql(VENUE_VIEW, json!({ "s": SLUG })).await;
    assert_eq!(data(&served_before)["conference"]["venue"]["pointsOfInterest"], json!([]));

    // The conference's texts, then a third language that is not required.
    let update = "mutation($input: ConferenceInput!) { updateConference(input: $input) { tagline { value } } }";
    let input = json!({
        "name": texts("Global Conference", "المؤتمر العالمي"),
        "tagline": texts("Assistance to mine survivors", "مساعدة الناجين من الألغام"),
        "description": texts("Three days on victim assistance.", "ثلاثة أيام حول مساعدة الضحايا."),
        "city": texts("Amman", "عمّان"),
        "organiser": texts("The Implementation Support Unit", "وحدة دعم التنفيذ"),
        "website": "https://example.org/amman-2026",
    });
    let done = app.graphql_with_token(update, json!({ "input": input }), &organiser).await;
    assert_eq!(data(&done)["updateConference"]["tagline"]["value"], "Assistance to mine survivors", "{done}");
    let languages =
        "mutation($l: [String!]!, $r: [String!]) { setConferenceLanguages(languages: $l, requiredLanguages: $r) {
      languages { required language { tag } } } }";
    let done =
        app.graphql_with_token(languages, json!({ "l": ["ar", "en", "fr"], "r": ["ar", "en"] }), &organiser).await;
    assert_eq!(
        data(&done)["setConferenceLanguages"]["languages"],
        json!([{ "required": true, "language": { "tag": "ar" } }, { "required": true, "language": { "tag": "en" } },
               { "required": false, "language": { "tag": "fr" } }])
    );

    // The venue: its texts and a map, which needs its alt text.
    let venue = "mutation($input: VenueInput!) { updateVenue(input: $input) { address { value } map { image { alt { value } } } } }";
    let mut input = json!({
        "name": texts("Dead Sea Convention Centre", "مركز الملك حسين بن طلال للمؤتمرات"),
        "address": texts("Dead Sea Road, Sweimeh", "طريق البحر الميت، سويمة"),
        "arrival": texts("Drop-off under the canopy; the step-free entrance has a chime.", "منطقة النزول تحت المظلة."),
        "map": { "url": "https://example.org/map.png", "alt": [] },
    });
    let refused = app.graphql_with_token(venue, json!({ "input": input }), &organiser).await;
    assert_eq!(error_field(&refused), "input.map.alt", "{refused}");
    input["map"]["alt"] = texts("Ground floor plan", "مخطط الطابق الأرضي");
    let done = app.graphql_with_token(venue, json!({ "input": input }), &organiser).await;
    assert_eq!(data(&done)["updateVenue"]["map"]["image"]["alt"]["value"], "Ground floor plan", "{done}");

    // Points of interest, a room that names its toilet, a route and a track.
    let place = |kind: &str, en: &str| json!({ "kind": kind, "floor": 0, "name": texts(en, &format!("{en} (ar)")), "stepFree": "YES" });
    let entrance = app
        .graphql_with_token(
            CREATE_PLACE,
            json!({ "slug": "main-entrance", "input": place("ENTRANCE", "Main entrance") }),
            &organiser,
        )
        .await;
    let entrance = data(&entrance)["createPointOfInterest"]["id"].clone();
    let toilet = app
        .graphql_with_token(
            CREATE_PLACE,
            json!({ "slug": "toilet-g", "input": place("ACCESSIBLE_TOILET", "Accessible toilet") }),
            &organiser,
        )
        .await;
    let toilet = data(&toilet)["createPointOfInterest"]["id"].clone();
    let room_input = |toilet: &Value| json!({ "name": texts("Hall A", "القاعة أ"), "floor": 0, "stepFree": "YES", "nearestAccessibleToiletId": toilet });
    let refused = app
        .graphql_with_token(CREATE_ROOM, json!({ "slug": "hall-a", "input": room_input(&entrance) }), &organiser)
        .await;
    assert_eq!(error_field(&refused), "input.nearestAccessibleToiletId", "an entrance is not a toilet: {refused}");
    let hall = app
        .graphql_with_token(CREATE_ROOM, json!({ "slug": "hall-a", "input": room_input(&toilet) }), &organiser)
        .await;
    let hall = data(&hall)["createRoom"]["id"].clone();
    let route = json!({ "from": entrance, "to": hall, "stepFree": "YES", "distanceMetres": 40, "walkingMinutes": 1,
      "steps": [{ "text": texts("Follow the tactile path 40 metres; Hall A is on your left.", "اتبع المسار اللمسي 40 متراً.") }] });
    let created = app.graphql_with_token(CREATE_ROUTE, json!({ "input": route }), &organiser).await;
    assert!(created.get("errors").is_none(), "{created}");
    let route_id = data(&created)["createRoute"]["id"].clone();
    let track = "mutation($input: TrackInput!) { createTrack(slug: \"victim-assistance\", input: $input) { id slug } }";
    let track = app
        .graphql_with_token(
            track,
            json!({ "input": { "name": texts("Victim assistance", "مساعدة الضحايا") } }),
            &organiser,
        )
        .await;
    assert_eq!(data(&track)["createTrack"]["slug"], "victim-assistance", "{track}");

    // Everyone reads it at once, with each text's language and direction.
    let served = app.graphql_as(VENUE_VIEW, json!({ "s": SLUG }), Some("ar")).await;
    let conference = &data(&served)["conference"];
    assert_eq!(conference["tagline"], json!({ "value": "مساعدة الناجين من الألغام", "lang": "ar" }));
    assert_eq!(conference["website"], "https://example.org/amman-2026");
    assert_eq!(
        conference["venue"]["address"],
        json!({ "value": "طريق البحر الميت، سويمة", "lang": "ar", "dir": "RTL" })
    );
    assert_eq!(
        conference["venue"]["pointsOfInterest"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["slug"].clone())
            .collect::<Vec<_>>(),
        vec![json!("main-entrance"), json!("toilet-g")]
    );
    assert_eq!(
        conference["venue"]["rooms"],
        json!([{ "slug": "hall-a", "nearestAccessibleToilet": { "slug": "toilet-g" } }])
    );
    let routes = &conference["venue"]["routes"];
    assert_eq!(routes.as_array().unwrap().len(), 1, "{routes}");
    assert_eq!(routes[0]["from"], json!({ "slug": "main-entrance" }));
    assert_eq!(routes[0]["to"], json!({ "slug": "hall-a" }));
    assert_eq!(routes[0]["steps"][0]["dir"], "RTL");
    assert_eq!(conference["tracks"], json!([{ "slug": "victim-assistance", "name": { "value": "مساعدة الضحايا" } }]));

    let after = check(&app).await;
    for gone in ["tagline has no", "city has no", "venue: address has no", "venue: arrival has no"] {
        assert!(!after.contains(gone), "{gone} still reported:\n{after}");
    }

    // What a room still depends on stays; deleting a place takes its routes, with tombstones.
    let since = version(&app).await;
    let kind_change =
        "mutation($id: ID!, $input: PointOfInterestInput!) { updatePointOfInterest(id: $id, input: $input) { kind } }";
    let refused = app
        .graphql_with_token(kind_change, json!({ "id": toilet, "input": place("TOILET", "Toilet") }), &organiser)
        .await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("hall-a"), "{refused}");
    let delete_place = "mutation($id: ID!) { deletePointOfInterest(id: $id) { id programmeVersion } }";
    let refused = app.graphql_with_token(delete_place, json!({ "id": toilet }), &organiser).await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");
    assert_eq!(version(&app).await, since, "refused edits take no version");
    let deleted = app.graphql_with_token(delete_place, json!({ "id": entrance }), &organiser).await;
    assert_eq!(data(&deleted)["deletePointOfInterest"]["id"], entrance, "{deleted}");
    let gone = app
        .graphql("query($s: String!, $v: Int!) { conference(slug: $s) { deletedSince(since: $v) { id } venue { routes { id } } } }", json!({ "s": SLUG, "v": since }))
        .await;
    let mut ids: Vec<Value> =
        data(&gone)["conference"]["deletedSince"].as_array().unwrap().iter().map(|d| d["id"].clone()).collect();
    ids.sort_by_key(|v| v.to_string());
    let mut expected = vec![entrance.clone(), route_id.clone()];
    expected.sort_by_key(|v| v.to_string());
    assert_eq!(ids, expected);
    assert_eq!(data(&gone)["conference"]["venue"]["routes"], json!([]));
}

#[tokio::test]
async fn bad_routes_tracks_and_texts_name_their_field_and_change_nothing() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Venue Lead").await;
    let demo =
        |en: &str| json!([{ "lang": "en", "value": en }, { "lang": "fr", "value": en }, { "lang": "ar", "value": en }]);
    let read = app.graphql("{ conference { programmeVersion rooms { id slug } venue { entrances { id } routes { id } } tracks { id slug name { value } } } }", json!({})).await;
    let conference = data(&read)["conference"].clone();
    let room = conference["rooms"][0]["id"].clone();
    // A place no route leads to yet.
    let desk = json!({ "kind": "HELP_DESK", "floor": 0, "name": demo("Information point") });
    let desk = app.graphql_with_token(CREATE_PLACE, json!({ "slug": "info-point", "input": desk }), &organiser).await;
    let entrance = data(&desk)["createPointOfInterest"]["id"].clone();
    let routes_before = conference["venue"]["routes"].as_array().unwrap().len();
    let step = json!([{ "text": demo("Straight ahead.") }]);
    let route = |from: &Value, to: &Value, steps: &Value| json!({ "from": from, "to": to, "steps": steps });
    let session = app.session_ids().await.into_values().next().unwrap();
    let too_many: Vec<Value> = (0..41).map(|_| json!({ "text": demo("On.") })).collect();
    for (input, field) in [
        (route(&room, &room, &step), "input.to"),
        (route(&session, &room, &step), "input.from"),
        (route(&entrance, &room, &json!([])), "input.steps"),
        (route(&entrance, &room, &json!(too_many)), "input.steps"),
        (route(&entrance, &room, &json!([{ "text": [{ "lang": "en", "value": "Only English." }] }])), "input.steps[0]"),
        (json!({ "from": entrance, "to": room, "steps": step, "distanceMetres": -1 }), "input.distanceMetres"),
        (json!({ "from": entrance, "to": room, "steps": step, "walkingMinutes": 100000 }), "input.walkingMinutes"),
    ] {
        let refused = app.graphql_with_token(CREATE_ROUTE, json!({ "input": input }), &organiser).await;
        assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{input}: {refused}");
        assert_eq!(error_field(&refused), field, "{input}: {refused}");
    }
    // One route per direction; the way back is a route of its own.
    let there =
        app.graphql_with_token(CREATE_ROUTE, json!({ "input": route(&entrance, &room, &step) }), &organiser).await;
    let repeated =
        app.graphql_with_token(CREATE_ROUTE, json!({ "input": route(&entrance, &room, &step) }), &organiser).await;
    let back =
        app.graphql_with_token(CREATE_ROUTE, json!({ "input": route(&room, &entrance, &step) }), &organiser).await;
    assert!(there.get("errors").is_none() && back.get("errors").is_none(), "{there} {back}");
    assert_eq!(error_field(&repeated), "input.to", "{repeated}");

    // A track with sessions stays; a track's name is required in every required language.
    let track = &conference["tracks"][0];
    let refused = app
        .graphql_with_token(
            "mutation($id: ID!) { deleteTrack(id: $id) { id } }",
            json!({ "id": track["id"] }),
            &organiser,
        )
        .await;
    assert_eq!(error_code(&refused), "CONFLICT", "{refused}");
    let update = "mutation($id: ID!, $input: TrackInput!) { updateTrack(id: $id, input: $input) { slug } }";
    let refused = app
        .graphql_with_token(
            update,
            json!({ "id": track["id"], "input": { "name": [{ "lang": "en", "value": "Only English" }] } }),
            &organiser,
        )
        .await;
    assert_eq!(error_field(&refused), "input.name", "{refused}");
    let refused = app
        .graphql_with_token(
            "mutation($input: ConferenceInput!) { updateConference(input: $input) { slug } }",
            json!({ "input": { "name": demo("X"), "website": "javascript:alert(1)" } }),
            &organiser,
        )
        .await;
    assert_eq!(error_field(&refused), "input.website", "{refused}");
    let refused = app
        .graphql_with_token(
            "mutation { setConferenceLanguages(languages: [\"en\", \"fr\"], requiredLanguages: [\"ar\"]) { slug } }",
            json!({}),
            &organiser,
        )
        .await;
    assert_eq!(error_field(&refused), "requiredLanguages[0]", "{refused}");

    let after = app.graphql("{ conference { programmeVersion venue { routes { id } } tracks { slug name { value } } languages { language { tag } } } }", json!({})).await;
    let after = &data(&after)["conference"];
    assert_eq!(after["venue"]["routes"].as_array().unwrap().len(), routes_before + 2);
    assert_eq!(
        after["programmeVersion"].as_i64().unwrap(),
        conference["programmeVersion"].as_i64().unwrap() + 3,
        "one version for the place, one per route, none for what was refused"
    );
    assert_eq!(after["tracks"][0]["name"], conference["tracks"][0]["name"], "the refused update left the track");
    assert_eq!(after["languages"].as_array().unwrap().len(), 4, "en fr ar es stay");
}

#[tokio::test]
async fn only_organisers_describe_the_venue() {
    let app = spawn_app().await;
    let coordinator = app.signed_in(Role::Coordinator, "Coordinator").await;
    let delegate = app.signed_in(Role::Delegate, "Delegate").await;
    let mutation = "mutation($input: VenueInput!) { updateVenue(input: $input) { name { value } } }";
    let input = json!({ "input": { "name": [{ "lang": "en", "value": "Elsewhere" }] } });
    assert_eq!(error_code(&app.graphql(mutation, input.clone()).await), "UNAUTHENTICATED");
    assert_eq!(error_code(&app.graphql_with_token(mutation, input.clone(), &delegate).await), "FORBIDDEN");
    assert_eq!(error_code(&app.graphql_with_token(mutation, input, &coordinator).await), "FORBIDDEN");
    let venue = app.graphql("{ conference { venue { name { value } } } }", json!({})).await;
    assert_ne!(data(&venue)["conference"]["venue"]["name"]["value"], "Elsewhere");
}

const CREATE_CONFERENCE: &str = "mutation($input: CreateConferenceInput!) { createConference(input: $input) {
  conference { slug timeZone startDate endDate programmeVersion name { value lang }
    languages { required language { tag } } venue { name { value } } }
  organizer { name role } invitationCode invitationExpiresAt } }";

fn conference_input(slug: &str) -> Value {
    json!({ "slug": slug, "name": texts("Global Conference", "المؤتمر العالمي"), "timeZone": "Asia/Amman",
        "startDate": "2026-09-08", "endDate": "2026-09-10", "languages": ["ar", "en", "ils"],
        "requiredLanguages": ["ar", "en"] })
}

#[tokio::test]
async fn an_organiser_starts_the_next_conference_through_the_api_and_signs_in_to_it() {
    let app = spawn_app().await;
    let demo_organiser = app.signed_in(Role::Organizer, "Demo Lead").await;
    let new = "query($s: String!) { conference(slug: $s) { slug } }";
    let demo = "{ conference(slug: \"amman-2019\") { name { value } venue { name { value } } tracks { slug } } }";
    let demo_before = app.graphql(demo, json!({})).await;
    let absent = app.graphql(new, json!({ "s": SLUG })).await;
    assert_eq!(error_code(&absent), "NOT_FOUND", "{absent}");

    // Each bad input names its field and writes nothing.
    let bad = [
        (json!({ "slug": "Not A Slug" }), "slug"),
        (json!({ "timeZone": "Mars/Olympus" }), "timeZone"),
        (json!({ "endDate": "2026-09-01" }), "end"),
        (json!({ "endDate": "2026-12-31" }), "end"),
        (json!({ "languages": [] }), "languages"),
        (json!({ "languages": ["en", "not a tag!"] }), "languages[1]"),
        (json!({ "defaultLanguage": "fr" }), "defaultLanguage"),
        (json!({ "requiredLanguages": ["ar", "fr"] }), "requiredLanguages[1]"),
        (json!({ "name": [{ "lang": "en", "value": "Only English" }] }), "name"),
        (json!({ "slug": "demo" }), ""),
    ];
    for (change, field) in bad {
        let mut input = conference_input(SLUG);
        for (k, v) in change.as_object().unwrap() {
            let v = if k == "slug" && v == "demo" { json!("amman-2019") } else { v.clone() };
            input[k] = v;
        }
        let refused = app.graphql_with_token(CREATE_CONFERENCE, json!({ "input": input }), &demo_organiser).await;
        if field.is_empty() {
            assert_eq!(error_code(&refused), "CONFLICT", "a slug taken: {refused}");
        } else {
            assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{field}: {refused}");
            assert_eq!(error_field(&refused), field, "{refused}");
        }
        let absent = app.graphql(new, json!({ "s": SLUG })).await;
        assert_eq!(error_code(&absent), "NOT_FOUND", "a refused conference writes nothing: {absent}");
        assert_eq!(app.graphql(demo, json!({})).await, demo_before, "the demo is untouched");
    }
    for viewer in [app.signed_in(Role::Delegate, "Del").await, app.signed_in(Role::Coordinator, "Coord").await] {
        let refused =
            app.graphql_with_token(CREATE_CONFERENCE, json!({ "input": conference_input(SLUG) }), &viewer).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    }

    let created =
        app.graphql_with_token(CREATE_CONFERENCE, json!({ "input": conference_input(SLUG) }), &demo_organiser).await;
    let made = &data(&created)["createConference"];
    assert_eq!(made["conference"]["slug"], SLUG, "{created}");
    assert_eq!(made["conference"]["timeZone"], "Asia/Amman");
    assert_eq!(made["conference"]["startDate"], "2026-09-08");
    assert_eq!(made["conference"]["venue"]["name"]["value"], made["conference"]["name"]["value"]);
    let required: Vec<&str> = made["conference"]["languages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["required"] == true)
        .map(|l| l["language"]["tag"].as_str().unwrap())
        .collect();
    assert_eq!(required, ["ar", "en"]);
    assert_eq!(made["organizer"]["name"], "Demo Lead");
    assert_eq!(made["organizer"]["role"], "ORGANIZER");
    let expires = chrono::DateTime::parse_from_rfc3339(made["invitationExpiresAt"].as_str().unwrap()).unwrap();
    assert!(expires > app.server.state.clock.now(), "the code works for a while: {created}");

    // Public at once, beside the demo.
    let read = app.graphql(new, json!({ "s": SLUG })).await;
    assert_eq!(data(&read)["conference"]["slug"], SLUG, "{read}");
    let listed = app.graphql("{ conferences(lang: \"ar\") { slug name { value lang dir } } }", json!({})).await;
    assert_eq!(
        data(&listed)["conferences"],
        json!([
            { "slug": "amman-2019", "name": data(&listed)["conferences"][0]["name"] },
            { "slug": SLUG, "name": { "value": "المؤتمر العالمي", "lang": "ar", "dir": "RTL" } }
        ]),
        "both, oldest first, in the language asked for: {listed}"
    );
    assert_eq!(data(&listed)["conferences"][0]["name"]["lang"], "ar", "{listed}");
    let refused = app.graphql("{ conferences(lang: \"not a tag!\") { slug } }", json!({})).await;
    assert_eq!((error_code(&refused), error_field(&refused)), ("BAD_USER_INPUT", "lang"), "{refused}");

    // The code signs in to the new conference; its token edits it, and the old token still
    // edits only the demo.
    let founder = app.sign_in(made["invitationCode"].as_str().unwrap()).await;
    let mine = app.graphql_with_token("{ me { conference { slug } } }", json!({}), &founder).await;
    assert_eq!(data(&mine)["me"]["conference"]["slug"], SLUG, "{mine}");
    let track = app
        .graphql_with_token(
            "mutation { createTrack(slug: \"rights\", input: { name: [{ lang: \"en\", value: \"Rights\" }, { lang: \"ar\", value: \"الحقوق\" }] }) { slug } }",
            json!({}),
            &founder,
        )
        .await;
    assert_eq!(data(&track)["createTrack"]["slug"], "rights", "{track}");
    let tracks =
        app.graphql("query($s: String!) { conference(slug: $s) { tracks { slug } } }", json!({ "s": SLUG })).await;
    assert_eq!(data(&tracks)["conference"]["tracks"], json!([{ "slug": "rights" }]), "{tracks}");
    assert_eq!(app.graphql(demo, json!({})).await, demo_before, "the demo's organiser token edited only the new one");
    app.assert_healthy("after creating a conference").await;
}
