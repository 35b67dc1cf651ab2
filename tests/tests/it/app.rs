//! The delegates' app at `/` over real HTTP: its operations are valid against the schema, the
//! public programme needs no sign-in and says what language each text is in, its filters give
//! what the API gives, a delegate signs in with the same strict cookie as the desk, keeps an
//! agenda with forms that need their CSRF value, and reads clashes as sentences. Every bad
//! input gets a page that says what to do, and nothing changes behind it.
//! (The browser journeys and axe-core checks are in `tests/browser/app.mjs`.)

use std::collections::BTreeSet;

use sanad_schema::entities::enums::Role;
use sanad_tests::browser::{Browser, Page};
use sanad_tests::{TestApp, data, spawn_app};
use serde_json::{Value, json};

/// The session ids a page links to, in page order (each once).
fn linked_sessions(page: &Page) -> Vec<String> {
    let mut seen = BTreeSet::new();
    page.body
        .split("href=\"/sessions/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|id| !id.contains('.') && !id.contains('/'))
        .filter(|id| seen.insert(id.to_string()))
        .map(str::to_owned)
        .collect()
}

/// The ids of the sessions the API gives for `filter`.
async fn api_sessions(app: &TestApp, filter: Value) -> BTreeSet<String> {
    let query =
        "query($filter: SessionFilter) { conference { sessions(first: 2000, filter: $filter) { nodes { id } } } }";
    let response = app.graphql(query, json!({ "filter": filter })).await;
    data(&response)["conference"]["sessions"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Two sessions of the programme that overlap in time: (first, second).
async fn overlapping_pair(app: &TestApp) -> (String, String) {
    let query = "{ conference { sessions(first: 2000) { nodes { id status time { start end } } } } }";
    let response = app.graphql(query, json!({})).await;
    let nodes = data(&response)["conference"]["sessions"]["nodes"].as_array().unwrap().clone();
    let at = |n: &Value, k: &str| chrono::DateTime::parse_from_rfc3339(n["time"][k].as_str().unwrap()).unwrap();
    for (i, a) in nodes.iter().enumerate() {
        for b in &nodes[i + 1..] {
            if a["status"] != "CANCELLED"
                && b["status"] != "CANCELLED"
                && at(a, "start") < at(b, "end")
                && at(b, "start") < at(a, "end")
            {
                return (a["id"].as_str().unwrap().to_owned(), b["id"].as_str().unwrap().to_owned());
            }
        }
    }
    panic!("the demo programme has two sessions at the same time");
}

async fn agenda_ids(app: &TestApp, token: &str) -> Vec<String> {
    let response = app.graphql_with_token("{ me { agenda { id } } }", json!({}), token).await;
    data(&response)["me"]["agenda"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_app_operations_are_valid_against_the_schema() {
    let sdl = include_str!("../../../schema/schema.graphql");
    let schema = apollo_compiler::Schema::parse_and_validate(sdl, "schema.graphql").expect("the SDL is valid");
    for operation in sanad_api::app::api::ALL {
        let file = format!("{}.graphql", operation.name);
        let document = apollo_compiler::ExecutableDocument::parse_and_validate(&schema, operation.document, &file);
        let document = document.unwrap_or_else(|e| panic!("{file} is not valid against the schema:\n{}", e.errors));
        assert!(document.operations.get(Some(operation.name)).is_ok(), "{file} holds the operation {}", operation.name);
    }
}

#[tokio::test]
async fn the_public_programme_needs_no_sign_in_and_says_what_language_each_text_is_in() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);

    let programme = browser.get("/").await;
    assert_eq!(programme.status, 200);
    assert!(programme.body.starts_with("<!doctype html>\n<html lang=\"en\" dir=\"ltr\">"), "{}", &programme.body[..80]);
    let csp = programme.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"), "{csp}");
    // Without these the browser refuses the manifest (not installable) and the service worker.
    assert!(csp.contains("manifest-src 'self'") && csp.contains("worker-src 'self'"), "{csp}");
    assert!(programme.body.contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">"));
    // The day of what is on now (the test clock is during the first day), in time order.
    let first_day = api_sessions(&app, json!({ "day": "2019-09-10" })).await;
    let listed = linked_sessions(&programme);
    assert!(listed.iter().all(|id| first_day.contains(id)), "only the first day's sessions");
    assert!(first_day.iter().all(|id| listed.contains(id)), "every session of the first day");
    assert!(programme.body.contains("aria-current=\"page\" lang=\"en\" dir=\"ltr\">Tuesday 10 September</a>"));

    // Arabic: the page turns right to left and each text says its own language.
    let arabic = browser.get("/?lang=ar").await;
    assert!(arabic.body.starts_with("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">"));
    let titles = app
        .graphql_as(
            "{ conference { sessions(first: 1) { nodes { id title { value lang dir } } } } }",
            json!({}),
            Some("ar"),
        )
        .await;
    let node = &data(&titles)["conference"]["sessions"]["nodes"][0];
    let title = &node["title"];
    assert_eq!(title["lang"], "ar", "the demo's first session has an Arabic title");
    let expected = format!(
        "<a href=\"/sessions/{}\" lang=\"ar\" dir=\"rtl\">{}</a>",
        node["id"].as_str().unwrap(),
        title["value"].as_str().unwrap()
    );
    assert!(arabic.body.contains(&expected), "{expected}");
    let remembered = browser.get("/glossary").await;
    assert!(remembered.body.contains("<html lang=\"ar\" dir=\"rtl\">"), "the chosen language is kept");

    // A text missing in the reader's language is shown in another, and the page says so.
    let (session, _) = overlapping_pair(&app).await;
    let probe = app
        .graphql_as(
            "query($id: ID!) { conference { session(id: $id) { summary { lang isFallback } } } }",
            json!({ "id": session }),
            Some("es"),
        )
        .await;
    let summary = &data(&probe)["conference"]["session"]["summary"];
    let spanish = browser.get(&format!("/sessions/{session}?lang=es")).await;
    assert_eq!(spanish.status, 200);
    if summary["isFallback"] == true {
        assert!(
            spanish.body.contains("<p class=\"fallback\">Aún no traducido. Se muestra en inglés.</p>"),
            "{}",
            spanish.body
        );
    } else {
        assert!(!spanish.body.contains("class=\"fallback\""), "no fallback note for a translated text");
    }
    // The calendar file of the same session is still at its address (DESIGN §5).
    let ics = app.get(&format!("/sessions/{session}.ics"), &[]).await;
    assert_eq!(ics.status, 200);
    assert!(ics.header("content-type").starts_with("text/calendar"), "{}", ics.header("content-type"));
}

#[tokio::test]
async fn the_filters_give_exactly_what_the_api_gives() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let cases = [
        ("sign=on", json!({ "signLanguage": true })),
        ("step-free=on", json!({ "stepFreeRoom": true })),
        ("captions=on", json!({ "liveCaptions": true })),
        ("into=fr", json!({ "interpretedInto": "fr" })),
        ("sign=on&captions=on&into=ar", json!({ "signLanguage": true, "liveCaptions": true, "interpretedInto": "ar" })),
        ("q=rehabilitation", json!({ "text": "rehabilitation" })),
    ];
    let everything = api_sessions(&app, json!({})).await.len();
    for (query, filter) in cases {
        let page = browser.get(&format!("/?day=all&{query}")).await;
        assert_eq!(page.status, 200, "{query}");
        let listed: BTreeSet<String> = linked_sessions(&page).into_iter().collect();
        let expected = api_sessions(&app, filter).await;
        assert!(!expected.is_empty() && expected.len() < everything, "{query} narrows the demo programme");
        assert_eq!(listed, expected, "{query}");
        assert!(page.body.contains(&format!("Sessions found: <strong>{}</strong>", expected.len())), "{query}");
        assert!(page.body.contains("Clear filters"), "{query}");
        assert!(!page.body.contains("id=\"now-heading\""), "{query}: now and next step aside while filtering");
    }
    // The chosen filters stay ticked, and the language links keep them.
    let page = browser.get("/?day=all&sign=on&into=fr").await;
    assert!(page.body.contains("id=\"sign\" name=\"sign\" value=\"on\" checked"));
    assert!(page.body.contains("<option value=\"fr\" selected>"));
    assert!(page.body.contains("href=\"/?day=all&#38;sign=on&#38;into=fr&#38;lang=ar\""), "{}", page.body);
}

#[tokio::test]
async fn a_delegate_signs_in_adds_sessions_and_reads_their_clash_as_a_sentence() {
    let app = spawn_app().await;
    let code = app.invite(Role::Delegate, "Amina Saleh").await;
    let (first, second) = overlapping_pair(&app).await;
    let mut browser = Browser::new(&app);

    // Not signed in: the session page offers to sign in and come back.
    let anonymous = browser.get(&format!("/sessions/{first}")).await;
    let back = format!("/sessions/{first}");
    let sign_in_link = format!("href=\"/sign-in?back=%2Fsessions%2F{first}\"");
    assert!(anonymous.body.contains(&sign_in_link), "{}", anonymous.body);
    assert!(!anonymous.body.contains("Add to my agenda"));

    let signed = browser.sign_in_to_app(&code, &back).await;
    assert_eq!((signed.status, signed.location()), (303, format!("{back}?done=signed-in").as_str()));
    let cookie = signed.set_cookies().into_iter().find(|c| c.starts_with("sanad_session=")).unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    let token = cookie.trim_start_matches("sanad_session=").split(';').next().unwrap().to_owned();
    let page = browser.get(signed.location()).await;
    assert!(page.body.contains("You are signed in.") && page.body.contains("Amina Saleh"));
    assert!(!page.body.contains(&token), "the token never appears in a page");

    // Add both sessions with the page's own form.
    for id in [&first, &second] {
        let page = browser.get(&format!("/sessions/{id}")).await;
        let csrf = page.input("csrf");
        let added = browser.post(&format!("/sessions/{id}/agenda"), &[("csrf", &csrf), ("action", "add")]).await;
        assert_eq!((added.status, added.location()), (303, format!("/sessions/{id}?done=added").as_str()));
        let after = browser.get(added.location()).await;
        assert!(after.body.contains("Added to your agenda.") && after.body.contains("Remove from my agenda"));
    }
    assert_eq!(agenda_ids(&app, &token).await.len(), 2);

    // The agenda says the clash as the API says it.
    let clashes = app.graphql_with_token("{ me { agendaClashes { description { value } } } }", json!({}), &token).await;
    let sentence = data(&clashes)["me"]["agendaClashes"][0]["description"]["value"].as_str().unwrap().to_owned();
    let agenda = browser.get("/agenda").await;
    assert_eq!(agenda.status, 200);
    assert_eq!(agenda.headers["cache-control"], "no-store", "a person's agenda stays out of shared caches");
    assert!(agenda.body.contains(&html_escape(&sentence)), "{sentence} in {}", agenda.body);
    assert_eq!(linked_sessions(&agenda).len(), 2);
    let feed = data(&app.graphql_with_token("{ me { calendarPath } }", json!({}), &token).await)["me"]["calendarPath"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(agenda.body.contains(&feed), "the private calendar feed's address");

    // Removing one from the agenda page comes back to it, and the clash is gone.
    let csrf = agenda.input("csrf");
    let removed = browser
        .post(&format!("/sessions/{second}/agenda"), &[("csrf", &csrf), ("action", "remove"), ("back", "/agenda")])
        .await;
    assert_eq!((removed.status, removed.location()), (303, "/agenda?done=removed"));
    let agenda = browser.get(removed.location()).await;
    assert!(agenda.body.contains("Removed from your agenda."));
    assert!(!agenda.body.contains(&html_escape(&sentence)));
    assert_eq!(agenda_ids(&app, &token).await, [first]);

    // Signing out ends the token everywhere.
    let csrf = agenda.input("csrf");
    let out = browser.post("/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!((out.status, out.location()), (303, "/?done=signed-out"));
    let forget = out.headers.get("clear-site-data").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(forget.as_deref(), Some("\"cache\", \"storage\""), "offline copies of my pages go too");
    let me = app.graphql_with_token("{ me { name } }", json!({}), &token).await;
    assert!(me["data"]["me"].is_null() || me["errors"].is_array(), "{me}");
}

/// Text as askama escapes it into a page.
fn html_escape(text: &str) -> String {
    text.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}

#[tokio::test]
async fn bad_input_gets_a_page_that_says_what_to_do_and_changes_nothing() {
    let app = spawn_app().await;
    let code = app.invite(Role::Delegate, "Pierre Martin").await;
    let (session, _) = overlapping_pair(&app).await;
    let mut browser = Browser::new(&app);

    // Anonymous: the agenda asks to sign in first, and a form to add comes back to sign-in.
    let agenda = browser.get("/agenda").await;
    assert_eq!((agenda.status, agenda.location()), (303, "/sign-in?back=%2Fagenda"));
    browser.get(&format!("/sessions/{session}")).await;
    let csrf = browser.csrf();
    let anonymous = browser.post(&format!("/sessions/{session}/agenda"), &[("csrf", &csrf), ("action", "add")]).await;
    assert_eq!(anonymous.status, 303);
    assert!(anonymous.location().starts_with("/sign-in?back="), "{}", anonymous.location());

    // Codes: empty, wrong, and a `back` that leads off the site.
    let empty = browser.sign_in_to_app("", "/agenda").await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("<a href=\"#code\">Enter your invitation code</a>"), "{}", empty.body);
    assert!(empty.body.contains("<title>There is a problem: "), "the title says so first");
    let wrong = browser.sign_in_to_app("AAAA-BBBB-CCCC", "/agenda").await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("This code does not work"));
    let forged = browser.post("/sign-in", &[("code", &code), ("back", "/agenda")]).await;
    assert_eq!(forged.status, 403, "no CSRF value: refused, and the code stays unused");
    let signed = browser.sign_in_to_app(&code, "//evil.example/").await;
    assert_eq!((signed.status, signed.location()), (303, "/agenda?done=signed-in"), "never off the site");
    let token = browser_token(&signed);

    // Agenda forms: without CSRF, with an unknown action, for an unknown session.
    let page = browser.get(&format!("/sessions/{session}")).await;
    let csrf = page.input("csrf");
    let no_csrf = browser.post(&format!("/sessions/{session}/agenda"), &[("action", "add")]).await;
    assert_eq!(no_csrf.status, 403);
    assert!(no_csrf.body.contains("This form had expired, so nothing was done."));
    let other_csrf = browser
        .post(&format!("/sessions/{session}/agenda"), &[("csrf", "x".repeat(43).as_str()), ("action", "add")])
        .await;
    assert_eq!(other_csrf.status, 403);
    let bogus =
        browser.post(&format!("/sessions/{session}/agenda"), &[("csrf", &csrf), ("action", "delete-everything")]).await;
    assert_eq!(bogus.status, 400);
    let unknown = browser.post("/sessions/U2Vzc2lvbjo5OTk5/agenda", &[("csrf", &csrf), ("action", "add")]).await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("Page not found"));
    let not_an_id = browser.post("/sessions/nope/agenda", &[("csrf", &csrf), ("action", "add")]).await;
    assert_eq!(not_an_id.status, 404);
    assert!(agenda_ids(&app, &token).await.is_empty(), "nothing was added");

    // Pages that do not exist: not an id, an id of another kind, an unknown session.
    let room = data(&app.graphql("{ conference { rooms { id } } }", json!({})).await)["conference"]["rooms"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in ["/sessions/nope".to_owned(), format!("/sessions/{room}"), "/sessions/U2Vzc2lvbjo5OTk5".to_owned()] {
        let page = browser.get(&path).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(page.body.contains("Page not found") && page.body.contains("href=\"/\""), "{path}");
    }

    // Words the search refuses: said at the field, the typing kept, the day still listed.
    let long = "x".repeat(300);
    let page = browser.get(&format!("/?q={long}")).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("<a href=\"#q\">Use fewer words"), "{}", page.body);
    assert!(page.body.contains(&format!("value=\"{long}\" aria-describedby=\"q-hint q-error\" aria-invalid=\"true\"")));
    assert!(!linked_sessions(&page).is_empty(), "the programme still shows");
    // A day the conference does not have, or no date at all: the default day.
    for day in ["2031-01-01", "yesterday", ""] {
        let page = browser.get(&format!("/?day={day}")).await;
        assert_eq!(page.status, 200, "{day}");
        assert!(page.body.contains("aria-current=\"page\" lang=\"en\" dir=\"ltr\">Tuesday 10 September</a>"), "{day}");
    }
    app.assert_healthy("after the app's bad input").await;
}

fn browser_token(page: &Page) -> String {
    let cookie = page.set_cookies().into_iter().find(|c| c.starts_with("sanad_session=")).expect("a session cookie");
    cookie.trim_start_matches("sanad_session=").split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_app_is_installable_from_this_origin_alone() {
    let app = spawn_app().await;
    let manifest = app.get("/manifest.webmanifest", &[]).await;
    assert_eq!(manifest.status, 200);
    assert_eq!(manifest.header("content-type"), "application/manifest+json");
    let body: Value = serde_json::from_str(&manifest.body).unwrap();
    assert_eq!((body["start_url"].as_str(), body["display"].as_str()), (Some("/"), Some("standalone")));
    let icon = body["icons"][0]["src"].as_str().unwrap();
    assert!(icon.starts_with("/app/assets/"), "{icon}");
    assert!(!body["icons"][0]["label"].as_str().unwrap_or("").is_empty(), "the icon has a name");
    let fetched = app.get(icon, &[]).await;
    assert_eq!((fetched.status, fetched.header("content-type")), (200, "image/svg+xml"));
    assert!(fetched.header("cache-control").contains("immutable"));

    let page = app.get("/", &[]).await;
    for asset in ["/app/assets/app-", "/app/assets/icon-"] {
        let start = page.body.find(asset).unwrap_or_else(|| panic!("{asset} in the page"));
        let path = page.body[start..].split('"').next().unwrap();
        assert_eq!(app.get(path, &[]).await.status, 200, "{path}");
    }
    // Everything the page loads comes from this origin.
    for marker in
        ["src=\"", "<link rel=\"stylesheet\" href=\"", "<link rel=\"icon\" href=\"", "<link rel=\"manifest\" href=\""]
    {
        for rest in page.body.split(marker).skip(1) {
            assert!(rest.starts_with('/') && !rest.starts_with("//"), "{marker}{}", &rest[..rest.len().min(60)]);
        }
    }
    assert_eq!(app.get("/app/assets/app-0000.css", &[]).await.status, 404, "an old or made-up asset");
}

#[tokio::test]
async fn a_sign_in_that_stopped_working_takes_the_offline_copies_with_it() {
    let app = spawn_app().await;
    let code = app.invite(Role::Delegate, "Mateo Ruiz").await;
    let mut browser = Browser::new(&app);
    let signed = browser.sign_in_to_app(&code, "/agenda").await;
    let token = browser_token(&signed);
    let still = browser.get("/").await;
    assert!(still.headers.get("clear-site-data").is_none(), "a working sign-in keeps its copies");
    // Revoked elsewhere (another phone signed out with the same token).
    app.graphql_with_token("mutation { signOut }", json!({}), &token).await;
    let page = browser.get("/").await;
    assert_eq!(page.status, 200, "the public programme still shows");
    let forget = page.headers.get("clear-site-data").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(forget.as_deref(), Some("\"cache\", \"storage\""));
    assert!(!browser.cookies.contains_key("sanad_session"), "the dead cookie is dropped");
    let next = browser.get("/").await;
    assert!(next.headers.get("clear-site-data").is_none(), "said once, not on every page");
}

#[tokio::test]
async fn announcements_are_said_with_how_urgent_they_are_newest_first() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Omar Khalil").await;
    let texts = |en: &str, ar: &str| json!([{ "lang": "en", "value": en }, { "lang": "ar", "value": ar }, { "lang": "fr", "value": en }, { "lang": "es", "value": en }]);
    let announce = "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }";
    for (severity, title) in [
        ("INFO", "Coffee in the foyer"),
        ("CHANGE", "Room change"),
        ("URGENT", "Lift B out of service"),
        ("EMERGENCY", "Leave the building"),
    ] {
        let input = json!({ "severity": severity, "title": texts(title, "عنوان"), "whatChanged": texts("Something changed.", "تغيّر شيء."), "whatToDo": texts("Follow the staff & signs.", "اتبعوا الإرشادات.") });
        let published = app.graphql_with_token(announce, json!({ "input": input }), &organiser).await;
        assert!(published["errors"].is_null(), "{published}");
    }
    let query = "{ conference { announcements { id severity title { value } whatToDo { value } } } }";
    let published =
        data(&app.graphql(query, json!({})).await)["conference"]["announcements"].as_array().unwrap().clone();
    assert!(published.len() > 3, "the demo has more announcements than the programme shows");
    let mut browser = Browser::new(&app);

    let programme = browser.get("/").await;
    let shown: Vec<&Value> = published.iter().take(3).collect();
    for item in &shown {
        let id = item["id"].as_str().unwrap();
        assert!(programme.body.contains(&format!("id=\"announcement-{id}\"")), "{id} on the programme");
    }
    let fourth = published[3]["id"].as_str().unwrap();
    assert!(!programme.body.contains(&format!("id=\"announcement-{fourth}\"")), "only the newest three");
    assert!(
        programme.body.contains(&format!("<a href=\"/announcements\">All announcements ({})</a>", published.len()))
    );

    let all = browser.get("/announcements").await;
    assert_eq!(all.status, 200);
    for item in &published {
        let id = item["id"].as_str().unwrap();
        assert!(all.body.contains(&format!("id=\"announcement-{id}\"")), "{id}");
        assert!(all.body.contains(&html_escape(item["whatToDo"]["value"].as_str().unwrap())), "what to do is said");
        let word = match item["severity"].as_str().unwrap() {
            "INFO" => "Information",
            "CHANGE" => "Programme change",
            "URGENT" => "Urgent",
            _ => "Emergency",
        };
        assert!(all.body.contains(&format!("<strong>{word}</strong>")), "{word}");
    }
    let arabic = browser.get("/announcements?lang=ar").await;
    assert!(
        !arabic.body.contains("<strong>Programme change</strong>")
            && !arabic.body.contains("<strong>Information</strong>")
    );
    assert!(arabic.body.contains("ما العمل:"), "what to do, in Arabic");
    // Every page carries the live feeds its script subscribes to; the agenda's only when signed in.
    assert!(
        programme.body.contains("id=\"live-feeds\" data-announcements=\"")
            && !programme.body.contains("data-agenda=\"")
    );
}
