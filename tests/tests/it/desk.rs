//! The web desk at `/desk` over real HTTP: its operations are valid against the schema, it
//! signs in with a strict cookie, every form needs its CSRF value, people see only what the
//! API lets them see, and a refused form comes back with its problems and the typing kept.
//! (The browser journeys and axe-core checks are in `tests/browser/`, run by `.ci/run`.)

use sanad_schema::entities::enums::Role;
use sanad_tests::browser::Browser;
use sanad_tests::{TestApp, TestOptions, data, spawn_app, spawn_app_with};
use serde_json::{Value, json};

/// A delegate with one submitted request of two items; returns the item ids.
async fn delegate_with_request(app: &TestApp, name: &str) -> Vec<String> {
    let token = app.signed_in(Role::Delegate, name).await;
    let consent = "mutation { giveAccommodationConsent(version: 1, lang: \"ar\") { version } }";
    app.graphql_with_token(consent, json!({}), &token).await;
    let session = app.session_ids().await.into_values().next().unwrap();
    let submit = "mutation($items: [RequestItemInput!]!) { submitAccommodationRequest(idempotencyKey: \"k\", items: $items) { items { id } } }";
    let items = json!([
        { "serviceType": "SIGN_LANGUAGE_INTERPRETATION", "details": "أحتاج إلى مترجم لغة الإشارة", "detailsLang": "ar", "sessionIds": [session] },
        { "serviceType": "DIETARY", "details": "Gluten-free meals", "days": ["2019-09-11"] },
    ]);
    let submitted = app.graphql_with_token(submit, json!({ "items": items }), &token).await;
    data(&submitted)["submitAccommodationRequest"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn item_status(app: &TestApp, coordinator: &str, id: &str) -> Value {
    let query = "query($id: ID!) { node(id: $id) { ... on RequestItem { status version } } }";
    data(&app.graphql_with_token(query, json!({ "id": id }), coordinator).await)["node"].clone()
}

#[test]
fn the_desk_operations_are_valid_against_the_schema() {
    let sdl = include_str!("../../../schema/schema.graphql");
    let schema = apollo_compiler::Schema::parse_and_validate(sdl, "schema.graphql").expect("the SDL is valid");
    for operation in sanad_api::desk::api::ALL {
        let file = format!("{}.graphql", operation.name);
        let document = apollo_compiler::ExecutableDocument::parse_and_validate(&schema, operation.document, &file);
        let document = document.unwrap_or_else(|e| panic!("{file} is not valid against the schema:\n{}", e.errors));
        assert!(document.operations.get(Some(operation.name)).is_ok(), "{file} holds the operation {}", operation.name);
    }
}

#[tokio::test]
async fn a_coordinator_signs_in_with_a_strict_cookie_and_sees_the_queue() {
    let app = spawn_app().await;
    delegate_with_request(&app, "Amina Saleh").await;
    let code = app.invite(Role::Coordinator, "Rania Haddad").await;
    let mut browser = Browser::new(&app);

    let first = browser.get("/desk").await;
    assert_eq!((first.status, first.location()), (303, "/desk/sign-in"), "the desk asks to sign in first");
    let csrf_cookie = first.set_cookies().into_iter().find(|c| c.starts_with("sanad_csrf=")).unwrap();
    assert!(csrf_cookie.contains("HttpOnly") && csrf_cookie.contains("SameSite=Strict"), "{csrf_cookie}");
    let form = browser.get("/desk/sign-in").await;
    assert_eq!(form.status, 200);
    let csp = form.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(form.headers["referrer-policy"], "no-referrer");
    assert!(form.set_cookies().iter().all(|c| !c.starts_with("sanad_csrf=")), "the browser's value is kept");
    assert_eq!(form.input("csrf"), browser.csrf(), "the form carries the cookie's value");

    let signed = browser.sign_in(&code).await;
    assert_eq!((signed.status, signed.location()), (303, "/desk"));
    let session = signed.set_cookies().into_iter().find(|c| c.starts_with("sanad_session=")).unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
        assert!(session.contains(attribute), "{attribute} in {session}");
    }
    assert!(!session.contains("Secure"), "plain http on loopback: no Secure flag, or the browser drops it");

    let queue = browser.get("/desk").await;
    assert_eq!(queue.status, 200);
    assert_eq!(queue.headers["cache-control"], "no-store", "requests' details stay out of shared caches");
    assert!(queue.body.contains("<h1>Requests</h1>"), "{}", queue.body);
    assert!(queue.body.contains("Amina Saleh") && queue.body.contains("Sign-language interpretation"));
    assert!(queue.body.contains("Rania Haddad"), "who is signed in");
    assert!(!queue.body.contains("sanad_"), "the token never appears in a page");

    // Filters go to the API: one service, then the Arabic interface.
    let dietary = browser.get("/desk?service=DIETARY").await;
    assert!(dietary.body.contains("Items matching: <strong>1</strong>"), "{}", dietary.body);
    let arabic = browser.get("/desk?lang=ar").await;
    assert!(arabic.body.starts_with("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">"), "{}", &arabic.body[..80]);
    let remembered = browser.get("/desk").await;
    assert!(remembered.body.contains("<html lang=\"ar\" dir=\"rtl\">"), "the chosen language is kept");
}

#[tokio::test]
async fn wrong_codes_and_forms_without_their_csrf_value_are_refused_in_words() {
    let app = spawn_app().await;
    let code = app.invite(Role::Coordinator, "Rania Haddad").await;
    let mut browser = Browser::new(&app);

    let empty = browser.sign_in("").await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("<a href=\"#code\">Enter your invitation code</a>"), "{}", empty.body);
    assert!(empty.body.contains("aria-invalid=\"true\""));
    assert!(empty.body.contains("<title>There is a problem: "), "the title says so first");

    let wrong = browser.sign_in("AAAA-BBBB-CCCC").await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("This code does not work"), "{}", wrong.body);

    // A form posted from elsewhere: no CSRF value, or another one. The code stays unused.
    let forged = browser.post("/desk/sign-in", &[("code", &code)]).await;
    assert_eq!(forged.status, 403);
    assert!(forged.body.contains("This form had expired"), "{}", forged.body);
    let forged = browser.post("/desk/sign-in", &[("csrf", "x".repeat(43).as_str()), ("code", &code)]).await;
    assert_eq!(forged.status, 403);
    let mut stranger = Browser::new(&app);
    let no_cookie = stranger.post("/desk/sign-in", &[("csrf", &browser.csrf()), ("code", &code)]).await;
    assert_eq!(no_cookie.status, 403, "a value without its cookie is refused");

    let signed = browser.sign_in(&code).await;
    assert_eq!(signed.status, 303, "the code still works: nothing was spent on refused forms");
    app.assert_healthy("after refused sign-ins").await;
}

#[tokio::test]
async fn a_coordinator_works_an_item_and_a_stale_form_keeps_its_typing() {
    let app = spawn_app().await;
    let ids = delegate_with_request(&app, "Amina Saleh").await;
    let code = app.invite(Role::Coordinator, "Rania Haddad").await;
    let checker = app.signed_in(Role::Coordinator, "Checker").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&code).await;
    let item = &ids[0];
    let path = format!("/desk/items/{item}");

    let page = browser.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("lang=\"ar\" dir=\"rtl\"><p>أحتاج إلى مترجم لغة الإشارة</p>"),
        "the need in its own language"
    );
    let title = page.body.split("<title>").nth(1).unwrap().split("</title>").next().unwrap();
    assert!(!title.contains("Amina") && !title.contains("interpretation"), "no name or need in a title: {title}");
    assert!(page.body.contains("Start the review") && page.body.contains("Cancel the item"), "the API's next moves");
    assert!(!page.body.contains(">Approve<"), "not offered before the review");
    let csrf = page.input("csrf");
    assert!(
        page.body.contains("data-count=\"2000\"") && page.body.contains("Characters allowed: 2000"),
        "the reason's limit is the API's"
    );

    // The session's other requests: the queue filtered by it, its title said.
    let link = page.body.split("<a href=\"/desk?session=").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let by_session = browser.get(&format!("/desk?session={link}")).await;
    assert!(by_session.body.contains("Items matching: <strong>1</strong>"), "{}", by_session.body);
    assert!(by_session.body.contains("Only items concerning the session: <span"), "{}", by_session.body);

    // A move without CSRF changes nothing.
    let forged = browser.post(&format!("{path}/move"), &[("to", "IN_REVIEW"), ("version", "1")]).await;
    assert_eq!(forged.status, 403);
    assert_eq!(item_status(&app, &checker, item).await["status"], "SUBMITTED");

    let moved = browser.post(&format!("{path}/move"), &[("csrf", &csrf), ("to", "IN_REVIEW"), ("version", "1")]).await;
    assert_eq!((moved.status, moved.location()), (303, format!("{path}?done=moved").as_str()));
    assert_eq!(item_status(&app, &checker, item).await, json!({ "status": "IN_REVIEW", "version": 2 }));

    // No status chosen; then declining without a reason: each problem linked to its field.
    let none = browser.post(&format!("{path}/move"), &[("csrf", &csrf), ("version", "2")]).await;
    assert_eq!(none.status, 422);
    assert!(none.body.contains("<a href=\"#to\">Choose the new status</a>"), "{}", none.body);
    let long = "x".repeat(2_003);
    let too_long = browser
        .post(&format!("{path}/move"), &[("csrf", &csrf), ("to", "DECLINED"), ("version", "2"), ("reason", &long)])
        .await;
    assert_eq!(too_long.status, 422);
    assert!(too_long.body.contains("<a href=\"#reason\">Characters too many: 3</a>"), "{}", too_long.body);
    let bare = browser.post(&format!("{path}/move"), &[("csrf", &csrf), ("to", "DECLINED"), ("version", "2")]).await;
    assert_eq!(bare.status, 422);
    assert!(bare.body.contains("<a href=\"#reason\">Enter a reason</a>"), "{}", bare.body);
    assert_eq!(item_status(&app, &checker, item).await["version"], 2, "nothing was written");

    // Someone else moves it meanwhile: the form comes back as CONFLICT with what was typed.
    let other = "mutation($id: ID!) { moveRequestItem(itemId: $id, to: NEEDS_INFO, expectedVersion: 2) { version } }";
    app.graphql_with_token(other, json!({ "id": item }), &checker).await;
    let typed = "لا يتوفر مترجم صباح ذلك اليوم";
    let stale = browser
        .post(
            &format!("{path}/move"),
            &[
                ("csrf", &csrf),
                ("to", "DECLINED"),
                ("version", "2"),
                ("seen", "IN_REVIEW"),
                ("reason", typed),
                ("reason-lang", "ar"),
            ],
        )
        .await;
    assert_eq!(stale.status, 409);
    assert!(stale.body.contains("Someone changed this item"), "{}", stale.body);
    assert!(stale.body.contains(typed), "the typing is kept");
    assert!(stale.body.contains("In review → Waiting for the delegate"), "what changed");
    assert_eq!(item_status(&app, &checker, item).await["status"], "NEEDS_INFO");

    // A message in English from the English desk, tagged as English for the delegate.
    let sent = browser
        .post(
            &format!("{path}/message"),
            &[("csrf", &csrf), ("message", "Which session, please?"), ("message-lang", "en")],
        )
        .await;
    assert_eq!((sent.status, sent.location()), (303, format!("{path}?done=sent").as_str()));
    let thread =
        "query($id: ID!) { node(id: $id) { ... on RequestItem { messages { body { value lang } internal } } } }";
    let messages = app.graphql_with_token(thread, json!({ "id": item }), &checker).await;
    assert_eq!(
        data(&messages)["node"]["messages"][0],
        json!({ "body": { "value": "Which session, please?", "lang": "en" }, "internal": false })
    );
    let empty = browser.post(&format!("{path}/message"), &[("csrf", &csrf), ("message", "  ")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("<a href=\"#message\">Enter a message</a>"));

    // Assign to me, then unassign.
    let version = item_status(&app, &checker, item).await["version"].to_string();
    let assigned =
        browser.post(&format!("{path}/assign"), &[("csrf", &csrf), ("to", "me"), ("version", &version)]).await;
    assert_eq!(assigned.location(), format!("{path}?done=assigned"));
    let page = browser.get(assigned.location()).await;
    assert!(page.body.contains("The item is assigned to you.") && page.body.contains(">Unassign<"), "{}", page.body);
}

#[tokio::test]
async fn delegates_are_turned_away_and_organisers_see_counts_only() {
    let app = spawn_app().await;
    let ids = delegate_with_request(&app, "Amina Saleh").await;

    let mut delegate = Browser::new(&app);
    let code = app.invite(Role::Delegate, "Omar Delegate").await;
    delegate.sign_in(&code).await;
    for path in ["/desk".to_owned(), format!("/desk/items/{}", ids[0])] {
        let page = delegate.get(&path).await;
        assert_eq!(page.status, 403, "{path}");
        assert!(page.body.contains("This desk is for coordinators and organisers"));
        assert!(page.body.contains("<a href=\"/requests\">Go to my requests</a>"), "{path}: the way to their own");
        assert!(!page.body.contains("Amina"), "{path}: nothing of anyone's request");
    }

    let mut organiser = Browser::new(&app);
    let code = app.invite(Role::Organizer, "Omar Khalil").await;
    organiser.sign_in(&code).await;
    let planning = organiser.get("/desk").await;
    assert_eq!(planning.status, 200);
    assert!(planning.body.contains("<h1>Access needs</h1>"), "{}", planning.body);
    assert!(planning.body.contains("Sign-language interpretation</span>: 1"), "{}", planning.body);
    assert!(
        !planning.body.contains("Amina") && !planning.body.contains("مترجم"),
        "counts only, never who or what they wrote"
    );
    let item = organiser.get(&format!("/desk/items/{}", ids[0])).await;
    assert_eq!(item.status, 403, "an organiser never opens an item");
}

#[tokio::test]
async fn signing_out_ends_the_token_everywhere() {
    let app = spawn_app().await;
    let code = app.invite(Role::Coordinator, "Rania Haddad").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&code).await;
    let token = browser.cookies["sanad_session"].clone();
    let me = app.graphql_with_token("{ me { name } }", json!({}), &token).await;
    assert_eq!(data(&me)["me"]["name"], "Rania Haddad");

    let refused = browser.post("/desk/sign-out", &[]).await;
    assert_eq!(refused.status, 403, "a sign-out needs the CSRF value too");
    let csrf = browser.csrf();
    let out = browser.post("/desk/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!((out.status, out.location()), (303, "/desk/sign-in?done=signed-out"));
    assert!(!browser.cookies.contains_key("sanad_session"), "the cookie is removed");
    let after = app.graphql_with_token("{ me { name } }", json!({}), &token).await;
    assert_eq!(after["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{after}");
    assert_eq!(browser.get("/desk").await.location(), "/desk/sign-in");

    // An old cookie of a revoked token is dropped, not trusted.
    browser.cookies.insert("sanad_session".into(), token);
    let stale = browser.get("/desk").await;
    assert_eq!(stale.location(), "/desk/sign-in");
    assert!(stale.set_cookies().iter().any(|c| c.starts_with("sanad_session=;")), "{:?}", stale.set_cookies());
}

#[tokio::test]
async fn cookies_are_secure_behind_https_and_assets_come_from_the_binary() {
    let app =
        spawn_app_with(TestOptions { public_url: Some("https://desk.example".into()), ..TestOptions::default() }).await;
    let code = app.invite(Role::Coordinator, "Rania Haddad").await;
    let mut browser = Browser::new(&app);
    let signed = browser.sign_in(&code).await;
    let session = signed.set_cookies().into_iter().find(|c| c.starts_with("sanad_session=")).unwrap();
    assert!(session.contains("Secure"), "{session}");

    let page = browser.get("/desk").await;
    let css = page.body.split("<link rel=\"stylesheet\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let script = page.body.split("<script src=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    for (path, kind) in [(css.as_str(), "text/css"), (script.as_str(), "text/javascript")] {
        let asset = browser.get(path).await;
        assert_eq!(asset.status, 200, "{path}");
        assert!(asset.headers["content-type"].to_str().unwrap().starts_with(kind));
        assert!(asset.headers["cache-control"].to_str().unwrap().contains("immutable"));
    }
    assert!(!page.body.contains("http://") && !page.body.contains("https://"), "no other origin is named");
    assert_eq!(browser.get("/desk/assets/desk-0000.css").await.status, 404);
    assert_eq!(browser.get("/desk/items/not-an-id").await.status, 404);
    assert_eq!(browser.get("/desk/nothing/here").await.status, 404);
}

#[tokio::test]
async fn the_queue_page_follows_the_queue_with_its_cookie_from_this_origin_only() {
    use sanad_tests::ws::connect;
    let app = spawn_app().await;
    let code = app.invite(Role::Coordinator, "Rania Haddad").await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&code).await;
    let page = browser.get("/desk").await;
    assert!(page.body.contains("data-subscription=\"# The queue page"), "the page names its subscription");
    let cookie = format!("sanad_session={}", browser.cookies["sanad_session"]);
    let subscribe = json!({ "id": "queue", "type": "subscribe", "payload": { "query": sanad_api::desk::api::QUEUE_CHANGED.document } });

    // The desk's own page: the cookie signs the socket in.
    let here = format!("http://{}", app.addr);
    let mut socket = connect(app.addr, "graphql-transport-ws", &[("cookie", &cookie), ("origin", &here)]).await;
    let ack = socket.init(json!({})).await;
    assert!(matches!(&ack, sanad_tests::ws::Received::Json(m) if m["type"] == "connection_ack"), "{ack:?}");
    socket.send(subscribe.clone()).await;

    // A page of another site: the same cookie counts for nothing.
    let mut stranger =
        connect(app.addr, "graphql-transport-ws", &[("cookie", &cookie), ("origin", "http://evil.example")]).await;
    stranger.init(json!({})).await;
    stranger.send(subscribe).await;
    let refused = stranger.json().await;
    assert!(refused.to_string().contains("UNAUTHENTICATED"), "{refused}");
    app.wait_for_subscriptions(1).await;

    delegate_with_request(&app, "Amina Saleh").await;
    let event = socket.json().await;
    assert_eq!(event["type"], "next", "{event}");
    assert_eq!(event["payload"]["data"]["requestQueueChanged"]["status"], "SUBMITTED", "{event}");
}

#[tokio::test]
async fn an_organiser_publishes_an_announcement_in_each_language_they_write() {
    let app = spawn_app().await;
    let languages =
        app.graphql("{ conference { languages { required language { tag isSignLanguage } } } }", json!({})).await;
    let written: Vec<(String, bool)> = data(&languages)["conference"]["languages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["language"]["isSignLanguage"] == false)
        .map(|l| (l["language"]["tag"].as_str().unwrap().to_owned(), l["required"] == true))
        .collect();
    let required: Vec<&str> = written.iter().filter(|(_, r)| *r).map(|(t, _)| t.as_str()).collect();
    assert!(!required.is_empty(), "the demo requires some languages");

    let mut coordinator = Browser::new(&app);
    coordinator.sign_in(&app.invite(Role::Coordinator, "Rania").await).await;
    assert_eq!(coordinator.get("/desk/announcements").await.status, 403, "organisers only");

    let mut organiser = Browser::new(&app);
    organiser.sign_in(&app.invite(Role::Organizer, "Omar Khalil").await).await;
    let planning = organiser.get("/desk").await;
    assert!(planning.body.contains("href=\"/desk/announcements\""), "the planning page links the form");
    let form = organiser.get("/desk/announcements").await;
    assert_eq!(form.status, 200);
    for (tag, _) in &written {
        assert!(form.body.contains(&format!("id=\"title-{tag}\"")), "a title field for {tag}");
    }
    assert!(
        form.body.contains("id=\"title-ar\" name=\"title-ar\" lang=\"ar\" dir=\"rtl\""),
        "Arabic is typed right to left"
    );

    // Nothing chosen, nothing written: each problem named and linked, nothing published.
    let csrf = organiser.csrf();
    let empty = organiser.post("/desk/announcements", &[("csrf", &csrf)]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("<a href=\"#severity\">Choose how urgent it is</a>"), "{}", empty.body);
    assert!(empty.body.contains(&format!("<a href=\"#title-{}\">Write this text", required[0])), "{}", empty.body);
    let published = "{ conference { announcements { severity title { value lang } } } }";
    let before =
        data(&app.graphql(published, json!({})).await)["conference"]["announcements"].as_array().unwrap().len();

    // Every required language written, an optional one half written: refused, typing kept.
    let mut fields: Vec<(String, String)> = vec![("csrf".into(), csrf.clone()), ("severity".into(), "URGENT".into())];
    for tag in &required {
        fields.push((format!("title-{tag}"), format!("Hall B closed ({tag})")));
        fields.push((format!("changed-{tag}"), format!("Water on the floor ({tag})")));
        fields.push((format!("todo-{tag}"), format!("Go to Hall C ({tag})")));
    }
    let optional = written.iter().find(|(_, r)| !r).map(|(t, _)| t.clone());
    let mut half = fields.clone();
    if let Some(tag) = &optional {
        half.push((format!("title-{tag}"), "Only a title".into()));
        let pairs: Vec<(&str, &str)> = half.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let refused = organiser.post("/desk/announcements", &pairs).await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains(&format!("href=\"#changed-{tag}\"")), "{}", refused.body);
        assert!(refused.body.contains("Only a title") && refused.body.contains("Hall B closed"), "the typing is kept");
    }
    let after = data(&app.graphql(published, json!({})).await)["conference"]["announcements"].as_array().unwrap().len();
    assert_eq!(after, before, "nothing was published by refused forms");

    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let sent = organiser.post("/desk/announcements", &pairs).await;
    assert_eq!((sent.status, sent.location()), (303, "/desk?done=published"));
    assert!(organiser.get("/desk?done=published").await.body.contains("The announcement was published."));
    let tag = required[0];
    let now = app.graphql_as(published, json!({}), Some(tag)).await;
    let all = data(&now)["conference"]["announcements"].as_array().unwrap().clone();
    let ours = all.iter().find(|a| a["title"]["value"] == format!("Hall B closed ({tag})")).expect("published");
    assert_eq!(ours["severity"], "URGENT");
    assert_eq!(ours["title"]["lang"], tag, "served in the language it was written in");
}
