//! A delegate's requests to the accessibility desk through the app's pages, over real HTTP:
//! consent first, a request for a session's interpretation in Arabic, sent twice by a double
//! tap and made once, the desk's questions and the delegate's answers, and every refusal said
//! at its field with nothing made behind it. Privacy: one delegate never reaches another's item.

use sanad_schema::entities::enums::Role;
use sanad_tests::browser::{Browser, Page};
use sanad_tests::{TestApp, data, spawn_app};
use serde_json::{Value, json};

async fn my_items(app: &TestApp, token: &str) -> Vec<Value> {
    let query = "{ me { accommodationRequests { items { id status version serviceType details { value lang } sessions { id } } } } }";
    let response = app.graphql_with_token(query, json!({}), token).await;
    data(&response)["me"]["accommodationRequests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .collect()
}

fn token_of(page: &Page) -> String {
    let cookie = page.set_cookies().into_iter().find(|c| c.starts_with("sanad_session=")).expect("a session cookie");
    cookie.trim_start_matches("sanad_session=").split(';').next().unwrap().to_owned()
}

/// Signs a new delegate in through the app and agrees to the consent text; returns the token.
async fn consenting_delegate(app: &TestApp, browser: &mut Browser<'_>, name: &str) -> String {
    let code = app.invite(Role::Delegate, name).await;
    let signed = browser.sign_in_to_app(&code, "/requests").await;
    assert_eq!((signed.status, signed.location()), (303, "/requests?done=signed-in"));
    let token = token_of(&signed);
    let page = browser.get("/requests").await;
    assert!(page.body.contains("Before your first request"), "{}", page.body);
    assert!(!page.body.contains("href=\"/requests/new\""), "no form before consent");
    let csrf = page.input("csrf");
    let version = page.input("version");
    let lang = page.input("lang");
    let agreed = browser.post("/requests/consent", &[("csrf", &csrf), ("version", &version), ("lang", &lang)]).await;
    assert_eq!((agreed.status, agreed.location()), (303, "/requests?done=consented"));
    token
}

#[tokio::test]
async fn a_delegate_asks_for_interpretation_of_a_session_and_answers_the_desk() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let token = consenting_delegate(&app, &mut browser, "Amina Saleh").await;
    let session = app.session_ids().await.into_values().next().unwrap().as_str().unwrap().to_owned();

    let list = browser.get("/requests?done=consented").await;
    assert!(list.body.contains("Thank you. You can now send requests."));
    assert!(list.body.contains("href=\"/requests/new\""));
    // Opened from a session's page: that session is ticked.
    let form = browser.get(&format!("/requests/new?session={session}")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(&format!("name=\"session\" value=\"{session}\" checked")), "{}", form.body);
    assert!(form.body.contains("value=\"SIGN_LANGUAGE_INTERPRETATION\""));
    assert!(form.body.contains("Ask by ") || form.body.contains("The cut-off has passed"), "each service's cut-off");
    let (csrf, key) = (form.input("csrf"), form.input("key"));
    let fields = [
        ("csrf", csrf.as_str()),
        ("key", key.as_str()),
        ("service", "SIGN_LANGUAGE_INTERPRETATION"),
        ("details", "أحتاج إلى مترجم لغة الإشارة الأردنية"),
        ("details-lang", "ar"),
        ("session", session.as_str()),
    ];
    // A double tap on poor Wi-Fi: the same form twice makes one request.
    for _ in 0..2 {
        let sent = browser.post("/requests/new", &fields).await;
        assert_eq!((sent.status, sent.location()), (303, "/requests?done=requested"));
    }
    let items = my_items(&app, &token).await;
    assert_eq!(items.len(), 1, "{items:?}");
    let item = &items[0];
    assert_eq!(item["serviceType"], "SIGN_LANGUAGE_INTERPRETATION");
    assert_eq!(item["details"]["lang"], "ar");
    assert_eq!(item["sessions"][0]["id"], session.as_str());
    let id = item["id"].as_str().unwrap().to_owned();

    let list = browser.get("/requests?done=requested").await;
    assert!(list.body.contains("Your request was sent. The desk will answer here."));
    assert!(list.body.contains(&format!("href=\"/requests/items/{id}\"")));
    assert!(list.body.contains("Sent, not read yet"));

    // The desk asks a question, and writes a note the delegate must never see.
    let coordinator = app.signed_in(Role::Coordinator, "Rania Haddad").await;
    let move_query = "mutation($id: ID!, $to: ItemStatus!, $v: Int!, $reason: String) { moveRequestItem(itemId: $id, to: $to, expectedVersion: $v, reason: $reason) { version } }";
    let moved = app.graphql_with_token(move_query, json!({ "id": id, "to": "IN_REVIEW", "v": 1 }), &coordinator).await;
    let version = data(&moved)["moveRequestItem"]["version"].as_i64().unwrap();
    let moved = app
        .graphql_with_token(
            move_query,
            json!({ "id": id, "to": "NEEDS_INFO", "v": version, "reason": "Which sessions on Thursday?" }),
            &coordinator,
        )
        .await;
    assert!(moved["errors"].is_null(), "{moved}");
    let note = "mutation($id: ID!, $body: String!, $internal: Boolean!) { sendRequestMessage(itemId: $id, body: $body, internal: $internal) { id } }";
    app.graphql_with_token(
        note,
        json!({ "id": id, "body": "Interpreter team B is free", "internal": true }),
        &coordinator,
    )
    .await;
    app.graphql_with_token(
        note,
        json!({ "id": id, "body": "Do you also need Thursday?", "internal": false }),
        &coordinator,
    )
    .await;

    let page = browser.get(&format!("/requests/items/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<title>Your request – "), "no need in the title");
    assert!(page.body.contains("The desk needs more information from you"));
    assert!(page.body.contains("Do you also need Thursday?") && page.body.contains("Which sessions on Thursday?"));
    assert!(!page.body.contains("Interpreter team B"), "an internal note never reaches the delegate");
    assert!(page.body.contains("أحتاج إلى مترجم لغة الإشارة الأردنية") && page.body.contains("lang=\"ar\" dir=\"rtl\""));
    assert!(page.body.contains("I have given the information") && page.body.contains("Withdraw this request"));

    // The delegate answers: the item goes back to the desk by itself.
    let csrf = page.input("csrf");
    let sent = browser
        .post(&format!("/requests/items/{id}/message"), &[("csrf", &csrf), ("message", "Yes, Thursday morning too.")])
        .await;
    assert_eq!((sent.status, sent.location()), (303, format!("/requests/items/{id}?done=message-sent").as_str()));
    let page = browser.get(sent.location()).await;
    assert!(page.body.contains("Your message was sent.") && page.body.contains("Yes, Thursday morning too."));
    assert!(page.body.contains("<strong>Being reviewed</strong>"), "{}", page.body);
    assert!(!page.body.contains("I have given the information"), "only the moves the API offers now");
    assert_eq!(my_items(&app, &token).await[0]["status"], "IN_REVIEW");

    // Then withdraws it with the move the API offered, as of the version read.
    let version = page.input("version");
    assert_eq!(page.input("to"), "WITHDRAWN");
    let withdrawn = browser
        .post(&format!("/requests/items/{id}/move"), &[("csrf", &csrf), ("to", "WITHDRAWN"), ("version", &version)])
        .await;
    assert_eq!((withdrawn.status, withdrawn.location()), (303, format!("/requests/items/{id}?done=updated").as_str()));
    let page = browser.get(withdrawn.location()).await;
    assert!(page.body.contains("Your request was updated.") && page.body.contains("<strong>Withdrawn by you</strong>"));
    assert!(page.body.contains("Which sessions on Thursday?"), "the desk's reason stays in the history");
    assert_eq!(my_items(&app, &token).await[0]["status"], "WITHDRAWN");

    // Arabic: the page turns, the status is said in Arabic, the desk's English stays marked.
    let arabic = browser.get(&format!("/requests/items/{id}?lang=ar")).await;
    assert!(arabic.body.starts_with("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        arabic.body.contains("lang=\"en\" dir=\"ltr\" class=\"prewrap\">Do you also need Thursday?"),
        "{}",
        arabic.body
    );
    assert!(!arabic.body.contains("Withdrawn by you"), "the status in Arabic");
}

#[tokio::test]
async fn request_forms_refuse_bad_input_at_the_field_and_make_nothing() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);

    // Anonymous: every page asks to sign in first.
    for path in ["/requests", "/requests/new", "/requests/items/UmVxdWVzdEl0ZW06MQ"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, 303, "{path}");
        assert!(page.location().starts_with("/sign-in?back="), "{path}: {}", page.location());
    }

    // Signed in without consent: the form leads to the consent text.
    let code = app.invite(Role::Delegate, "Pierre Martin").await;
    let signed = browser.sign_in_to_app(&code, "/requests").await;
    let token = token_of(&signed);
    let form = browser.get("/requests/new").await;
    assert_eq!((form.status, form.location()), (303, "/requests"));
    let csrf = browser.csrf();
    let early = browser
        .post("/requests/new", &[("csrf", &csrf), ("key", "k1"), ("service", "DIETARY"), ("details", "Gluten-free")])
        .await;
    assert_eq!((early.status, early.location()), (303, "/requests"), "no request before consent");
    let stale = browser.post("/requests/consent", &[("csrf", &csrf), ("version", "99"), ("lang", "en")]).await;
    assert_eq!((stale.status, stale.location()), (303, "/requests"), "a version nobody showed: read the text again");
    let page = browser.get("/requests").await;
    let (version, lang) = (page.input("version"), page.input("lang"));
    let forged = browser.post("/requests/consent", &[("version", &version), ("lang", &lang)]).await;
    assert_eq!(forged.status, 403, "no CSRF value: no consent recorded");
    let consent = app.graphql_with_token("{ me { accommodationConsent { version } } }", json!({}), &token).await;
    assert!(data(&consent)["me"]["accommodationConsent"].is_null(), "{consent}");
    browser.post("/requests/consent", &[("csrf", &csrf), ("version", &version), ("lang", &lang)]).await;

    let form = browser.get("/requests/new").await;
    let key = form.input("key");
    let send = |fields: Vec<(&'static str, String)>| {
        let mut all = vec![("csrf", csrf.clone()), ("key", key.clone())];
        all.extend(fields);
        all
    };
    let post = async |browser: &mut Browser<'_>, fields: Vec<(&str, String)>| {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        browser.post("/requests/new", &pairs).await
    };

    let none = post(&mut browser, send(vec![("details", "Something".into())])).await;
    assert_eq!(none.status, 422);
    assert!(none.body.contains("<a href=\"#service\">Choose what you need</a>"), "{}", none.body);
    assert!(none.body.contains(">Something</textarea>"), "the typing is kept");

    let other = post(&mut browser, send(vec![("service", "OTHER".into()), ("details", "   ".into())])).await;
    assert_eq!(other.status, 422);
    assert!(other.body.contains("<a href=\"#details\">Say what you need</a>"), "{}", other.body);
    assert!(
        other.body.contains("value=\"OTHER\" aria-describedby=\"service-18-hint\" checked")
            || other.body.contains("value=\"OTHER\"")
    );

    let long = "x".repeat(4_001);
    let too_long = post(&mut browser, send(vec![("service", "DIETARY".into()), ("details", long.clone())])).await;
    assert_eq!(too_long.status, 422);
    assert!(too_long.body.contains("<a href=\"#details\">Write at most 4,000 characters</a>"));
    assert!(too_long.body.contains(&format!(">{long}</textarea>")));

    let made_up = post(&mut browser, send(vec![("service", "TELEPORTATION".into())])).await;
    assert_eq!(made_up.status, 422, "a service the API does not have is no choice");
    let bad_day = post(&mut browser, send(vec![("service", "DIETARY".into()), ("day", "2031-01-01".into())])).await;
    assert_eq!(bad_day.status, 422);
    let no_csrf = browser.post("/requests/new", &[("key", "k2"), ("service", "DIETARY")]).await;
    assert_eq!(no_csrf.status, 403);
    assert!(my_items(&app, &token).await.is_empty(), "nothing was made");

    // Another delegate's item: not found, and nothing of it shows.
    let mut other_browser = Browser::new(&app);
    let other_token = consenting_delegate(&app, &mut other_browser, "Lucía Gómez").await;
    let form = other_browser.get("/requests/new").await;
    let (other_csrf, other_key) = (form.input("csrf"), form.input("key"));
    other_browser
        .post(
            "/requests/new",
            &[("csrf", &other_csrf), ("key", &other_key), ("service", "DIETARY"), ("details", "Sin gluten, por favor")],
        )
        .await;
    let theirs = my_items(&app, &other_token).await[0]["id"].as_str().unwrap().to_owned();
    let peek = browser.get(&format!("/requests/items/{theirs}")).await;
    assert_eq!(peek.status, 404);
    assert!(!peek.body.contains("Sin gluten"));
    let withdraw = browser
        .post(&format!("/requests/items/{theirs}/move"), &[("csrf", &csrf), ("to", "WITHDRAWN"), ("version", "1")])
        .await;
    assert_eq!(withdraw.status, 404, "nor can they withdraw it");
    assert_eq!(my_items(&app, &other_token).await[0]["status"], "SUBMITTED");

    // Their own item: a stale version, an empty message, a made-up move.
    let form = other_browser.get(&format!("/requests/items/{theirs}")).await;
    let csrf2 = form.input("csrf");
    let coordinator = app.signed_in(Role::Coordinator, "Rania Haddad").await;
    let review = "mutation($id: ID!) { moveRequestItem(itemId: $id, to: IN_REVIEW, expectedVersion: 1) { version } }";
    app.graphql_with_token(review, json!({ "id": theirs }), &coordinator).await;
    let stale = other_browser
        .post(&format!("/requests/items/{theirs}/move"), &[("csrf", &csrf2), ("to", "WITHDRAWN"), ("version", "1")])
        .await;
    assert_eq!(stale.status, 422);
    assert!(stale.body.contains("The desk changed this request while you were reading it."), "{}", stale.body);
    assert_eq!(my_items(&app, &other_token).await[0]["status"], "IN_REVIEW", "nothing withdrawn on a stale read");
    let empty =
        other_browser.post(&format!("/requests/items/{theirs}/message"), &[("csrf", &csrf2), ("message", "  ")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("<a href=\"#message\">Write your message</a>"));
    let bogus = other_browser
        .post(&format!("/requests/items/{theirs}/move"), &[("csrf", &csrf2), ("to", "BEAM_ME_UP"), ("version", "2")])
        .await;
    assert_eq!(bogus.status, 400);
    let not_an_id = other_browser.get("/requests/items/nope").await;
    assert_eq!(not_an_id.status, 404);
    app.assert_healthy("after the request pages' bad input").await;
}
