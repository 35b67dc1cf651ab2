//! My settings and my data through the app's pages, over real HTTP: the form saves what the
//! API holds and says what it refuses at the field; this phone's push subscription, registered
//! by the page, gets a real notification from the server (signed, encrypted, decrypted by the
//! test push service); my data downloads as JSON; deleting it ends the sign-in everywhere.

use std::time::Duration;

use sanad_schema::entities::enums::Role;
use sanad_tests::browser::{Browser, Page};
use sanad_tests::push_service::PushService;
use sanad_tests::{TestApp, data, spawn_app};
use serde_json::{Value, json};

fn token_of(page: &Page) -> String {
    let cookie = page.set_cookies().into_iter().find(|c| c.starts_with("sanad_session=")).expect("a session cookie");
    cookie.trim_start_matches("sanad_session=").split(';').next().unwrap().to_owned()
}

async fn preferences(app: &TestApp, token: &str) -> Value {
    let query = "{ me { preferredLanguages accessibility { stepFreeRoutesOnly extraMinutesBetweenRooms screenReader } notifications { reminderMinutesBefore announcements sessionReminders } } }";
    data(&app.graphql_with_token(query, json!({}), token).await)["me"].clone()
}

/// The settings form as the page fills it, with `changes` on top.
fn form(page: &Page, changes: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("csrf", page.input("csrf")),
        ("first", "ar".to_owned()),
        ("second", "en".to_owned()),
        ("extra-minutes", page.input("extra-minutes")),
        ("reminder-minutes", page.input("reminder-minutes")),
        ("reminders", "on".to_owned()),
        ("agenda-changes", "on".to_owned()),
        ("announcements", "on".to_owned()),
        ("request-updates", "on".to_owned()),
    ];
    for (name, value) in changes {
        fields.retain(|(k, _)| k != name);
        if !value.is_empty() {
            fields.push((name, (*value).to_owned()));
        }
    }
    fields
}

async fn post(browser: &mut Browser<'_>, path: &str, fields: &[(&'static str, String)]) -> Page {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.post(path, &pairs).await
}

#[tokio::test]
async fn a_delegate_saves_settings_and_bad_numbers_are_said_at_their_field() {
    let app = spawn_app().await;
    let code = app.invite(Role::Delegate, "Amina Saleh").await;
    let mut browser = Browser::new(&app);
    let anonymous = browser.get("/settings").await;
    assert_eq!((anonymous.status, anonymous.location()), (303, "/sign-in?back=%2Fsettings"));
    let signed = browser.sign_in_to_app(&code, "/settings").await;
    let token = token_of(&signed);
    let before = preferences(&app, &token).await;

    let page = browser.get("/settings").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-push data-key=\""), "the push block carries the server's VAPID key");
    assert!(page.body.contains("hidden>"), "the push block waits for the script");
    let saved = post(
        &mut browser,
        "/settings",
        &form(
            &page,
            &[("step-free-only", "on"), ("extra-minutes", "7"), ("reminder-minutes", "20"), ("announcements", "")],
        ),
    )
    .await;
    assert_eq!((saved.status, saved.location()), (303, "/settings?done=saved"));
    let after = preferences(&app, &token).await;
    assert_eq!(after["preferredLanguages"], json!(["ar", "en"]));
    assert_eq!(after["accessibility"]["stepFreeRoutesOnly"], true);
    assert_eq!(after["accessibility"]["extraMinutesBetweenRooms"], 7);
    assert_eq!(after["notifications"]["reminderMinutesBefore"], 20);
    assert_eq!(after["notifications"]["announcements"], false, "an unticked box turns it off");
    // Arabic first now: the pages follow (no language was chosen with the switcher).
    let page = browser.get("/settings?done=saved").await;
    assert!(page.body.starts_with("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\">"), "{}", &page.body[..60]);
    let page = browser.get("/settings?done=saved&lang=en").await;
    assert!(page.body.contains("Your settings were saved."));
    assert!(page.body.contains("id=\"step-free-only\" name=\"step-free-only\" value=\"on\" checked"));
    assert!(page.body.contains("value=\"7\""));

    // Bad numbers: said at their field, the typing kept, nothing saved.
    for (field, typed, words) in [
        ("extra-minutes", "ten", "Enter a whole number of minutes from 0 to 60"),
        ("extra-minutes", "99", "Enter a whole number of minutes from 0 to 60"),
        ("reminder-minutes", "0", "Enter a whole number of minutes from 1 to 240"),
        ("reminder-minutes", "1e3", "Enter a whole number of minutes from 1 to 240"),
    ] {
        let refused = post(&mut browser, "/settings", &form(&page, &[(field, typed)])).await;
        assert_eq!(refused.status, 422, "{field}={typed}");
        assert!(
            refused.body.contains(&format!("<a href=\"#{field}\">{words}</a>")),
            "{field}={typed}: {}",
            refused.body
        );
        assert!(refused.body.contains(&format!(
            "value=\"{typed}\" aria-describedby=\"{field}-hint {field}-error\" aria-invalid=\"true\""
        )));
    }
    let forged = browser.post("/settings", &[("first", "fr"), ("extra-minutes", "0"), ("reminder-minutes", "5")]).await;
    assert_eq!(forged.status, 403);
    assert_eq!(preferences(&app, &token).await, after, "nothing changed by refused forms");
    assert_ne!(before, after);
    app.assert_healthy("after the settings' bad input").await;
}

#[tokio::test]
async fn this_phone_registered_by_the_page_gets_the_servers_notifications() {
    let (app, push) = (spawn_app().await, PushService::start().await);
    let code = app.invite(Role::Delegate, "Pierre Martin").await;
    let mut browser = Browser::new(&app);
    let signed = browser.sign_in_to_app(&code, "/settings").await;
    let token = token_of(&signed);
    let page = browser.get("/settings").await;
    let csrf = page.input("csrf");
    let device = push.new_device();

    // What the script sends: refused without the CSRF value, or with a made-up endpoint.
    let forged = browser
        .post("/settings/push", &[("endpoint", &device.endpoint), ("p256dh", &device.p256dh), ("auth", &device.auth)])
        .await;
    assert_eq!((forged.status, forged.body.as_str()), (403, "FORBIDDEN"));
    let bad = browser
        .post(
            "/settings/push",
            &[
                ("csrf", &csrf),
                ("endpoint", "https://evil.example/push"),
                ("p256dh", &device.p256dh),
                ("auth", &device.auth),
            ],
        )
        .await;
    assert_eq!((bad.status, bad.body.as_str()), (422, "BAD_USER_INPUT"));
    let registered = browser
        .post(
            "/settings/push",
            &[
                ("csrf", &csrf),
                ("endpoint", &device.endpoint),
                ("p256dh", &device.p256dh),
                ("auth", &device.auth),
                ("label", ""),
            ],
        )
        .await;
    assert_eq!(registered.status, 204, "{}", registered.body);

    let page = browser.get("/settings?done=push-on").await;
    assert!(page.body.contains("Notifications are on for this phone."));
    assert!(
        page.body.contains("<strong><bdi>This phone</bdi></strong>"),
        "the default name, in the interface language"
    );
    let devices = app.graphql_with_token("{ me { pushSubscriptions { id label } } }", json!({}), &token).await;
    let devices = data(&devices)["me"]["pushSubscriptions"].as_array().unwrap().clone();
    assert_eq!(devices.len(), 1, "the refused ones made nothing");

    // The server's own notification reaches this phone, signed and encrypted.
    let test = "mutation($id: ID!) { sendTestNotification(id: $id) }";
    app.graphql_with_token(test, json!({ "id": devices[0]["id"] }), &token).await;
    let got = push.wait_for(&device, 1, Duration::from_secs(10)).await;
    assert_eq!(got.len(), 1, "{:?}", push.violations());
    assert_eq!(got[0].payload["kind"], "test");
    assert!(push.violations().is_empty(), "{:?}", push.violations());

    // Stopping it from the page.
    let id = devices[0]["id"].as_str().unwrap();
    let removed = browser.post(&format!("/settings/devices/{id}/remove"), &[("csrf", &csrf)]).await;
    assert_eq!((removed.status, removed.location()), (303, "/settings?done=device-removed"));
    let page = browser.get(removed.location()).await;
    assert!(
        page.body.contains("That device will get no more notifications.")
            && page.body.contains("No device gets notifications yet.")
    );
}

#[tokio::test]
async fn my_data_downloads_and_deleting_it_ends_the_sign_in() {
    let app = spawn_app().await;
    let code = app.invite(Role::Delegate, "Lucía Gómez").await;
    let mut browser = Browser::new(&app);
    let anonymous = browser.get("/settings/my-data.json").await;
    assert_eq!(anonymous.status, 303, "only one's own data, signed in");
    let signed = browser.sign_in_to_app(&code, "/settings").await;
    let token = token_of(&signed);

    let export = browser.get("/settings/my-data.json").await;
    assert_eq!(export.status, 200);
    assert_eq!(export.headers["content-type"], "application/json");
    assert_eq!(export.headers["content-disposition"], "attachment; filename=\"sanad-my-data.json\"");
    assert_eq!(export.headers["cache-control"], "no-store");
    let document: Value = serde_json::from_str(&export.body).expect("JSON");
    assert!(export.body.contains("Lucía Gómez"), "{document}");

    // Deleting needs the box ticked; then everything goes, and the sign-in with it.
    let page = browser.get("/settings/delete").await;
    let csrf = page.input("csrf");
    let unticked = browser.post("/settings/delete", &[("csrf", &csrf)]).await;
    assert_eq!(unticked.status, 422);
    assert!(unticked.body.contains("<a href=\"#confirm\">Tick the box to confirm</a>"));
    let forged = browser.post("/settings/delete", &[("confirm", "on")]).await;
    assert_eq!(forged.status, 403);
    let me = app.graphql_with_token("{ me { name } }", json!({}), &token).await;
    assert_eq!(data(&me)["me"]["name"], "Lucía Gómez", "nothing deleted yet");

    let deleted = browser.post("/settings/delete", &[("csrf", &csrf), ("confirm", "on")]).await;
    assert_eq!((deleted.status, deleted.location()), (303, "/?done=deleted"));
    assert_eq!(deleted.headers["clear-site-data"], "\"cache\", \"storage\"");
    assert!(!browser.cookies.contains_key("sanad_session"));
    let page = browser.get(deleted.location()).await;
    assert!(page.body.contains("All your data was deleted."));
    let me = app.graphql_with_token("{ me { name } }", json!({}), &token).await;
    assert!(me["data"]["me"].is_null() || me["errors"].is_array(), "the token no longer works: {me}");
}
