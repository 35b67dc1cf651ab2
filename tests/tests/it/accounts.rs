//! Sign-in with one-time invitation codes, bearer tokens, sign-out, revocation and the limits
//! on guessing (DESIGN §5).

use std::time::Duration;

use sanad_schema::entities::enums::Role;
use sanad_schema::service::accounts::AccountPolicy;
use sanad_schema::service::rate_limit::SignInLimits;
use sanad_tests::{TestOptions, data, error_code, error_field, spawn_app, spawn_app_with};
use serde_json::{Value, json};

const SIGN_IN: &str = "mutation($code: String!) { signIn(code: $code) { token expiresAt me { name role } } }";
const ME: &str = "{ me { name role preferredLanguages organisation } }";

async fn sign_in_response(app: &sanad_tests::TestApp, code: &str) -> Value {
    app.graphql(SIGN_IN, json!({ "code": code })).await
}

/// The status and body of a request with a raw `Authorization` header.
async fn with_authorization(app: &sanad_tests::TestApp, authorization: &str) -> (u16, Value, Option<String>) {
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("authorization", authorization)
        .json(&json!({ "query": ME }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let challenge = response.headers().get("www-authenticate").map(|v| v.to_str().unwrap().to_owned());
    (status, response.json().await.unwrap(), challenge)
}

#[tokio::test]
async fn a_code_gives_a_token_that_answers_me() {
    let app = spawn_app().await;
    let code = app.invite(Role::Delegate, "Amina Haddad").await;
    // Typed from a badge: lower case, spaces instead of dashes.
    let typed = code.to_lowercase().replace('-', " ");
    let response = sign_in_response(&app, &typed).await;
    let payload = &data(&response)["signIn"];
    assert_eq!(payload["me"]["name"], "Amina Haddad");
    assert_eq!(payload["me"]["role"], "DELEGATE");
    // 30 days after the test clock's 2019-09-10T09:30+03:00, in the conference's offset.
    assert_eq!(payload["expiresAt"], "2019-10-10T09:30:00+03:00");
    let token = payload["token"].as_str().unwrap();
    assert!(token.starts_with("sanad_"));

    let me = app.graphql_with_token(ME, json!({}), token).await;
    assert_eq!(data(&me)["me"]["name"], "Amina Haddad");
    assert_eq!(data(&me)["me"]["preferredLanguages"], json!(["en"]));
    assert_eq!(data(&app.graphql(ME, json!({})).await)["me"], Value::Null, "anonymous has no me");
}

#[tokio::test]
async fn a_code_works_once_even_when_two_phones_race() {
    let limits = SignInLimits { code_burst: 100, ..SignInLimits::default() };
    let app = spawn_app_with(TestOptions { sign_in_limits: limits, ..TestOptions::default() }).await;
    let code = app.invite(Role::Delegate, "Omar Khalil").await;
    // All start before any is answered: they race on the server.
    let responses = futures::future::join_all((0..8).map(|_| sign_in_response(&app, &code))).await;
    let tokens = responses.iter().filter(|r| r.get("errors").is_none()).count();
    assert_eq!(tokens, 1, "{responses:?}");
    for refused in responses.iter().filter(|r| r.get("errors").is_some()) {
        assert_eq!(error_code(refused), "UNAUTHENTICATED");
        assert_eq!(refused["data"], Value::Null);
    }
    let again = sign_in_response(&app, &code).await;
    assert_eq!(error_code(&again), "UNAUTHENTICATED");
}

#[tokio::test]
async fn wrong_and_mistyped_codes_are_told_apart() {
    let app = spawn_app().await;
    app.invite(Role::Delegate, "Someone").await;
    let wrong = sign_in_response(&app, "2345-6789-ABCD").await;
    assert_eq!(error_code(&wrong), "UNAUTHENTICATED");
    for mistyped in ["", "2345-6789-ABC", "2345-6789-ABC0", "2345-6789-ABCDE", "١٢٣٤-6789-ABCD"] {
        let response = sign_in_response(&app, mistyped).await;
        assert_eq!(error_code(&response), "BAD_USER_INPUT", "{mistyped}");
        assert_eq!(error_field(&response), "code");
    }
}

#[tokio::test]
async fn codes_and_tokens_expire_by_the_server_clock() {
    let app = spawn_app().await;
    let token = app.signed_in(Role::Delegate, "Early Bird").await;
    let unused_code = app.invite(Role::Delegate, "Late Comer").await;

    // 31 days later the token (30 days) has expired; the code (60 days) still works.
    let later = TestOptions { clock: "2019-10-11T09:30:00+03:00".into(), ..TestOptions::default() };
    let app = app.restart(later).await;
    let (status, body, challenge) = with_authorization(&app, &format!("Bearer {token}")).await;
    assert_eq!(status, 401);
    assert_eq!(error_code(&body), "UNAUTHENTICATED");
    assert_eq!(challenge.as_deref(), Some("Bearer error=\"invalid_token\""));

    // 61 days after it was made, the code has expired too.
    let much_later = TestOptions { clock: "2019-11-10T10:00:00+03:00".into(), ..TestOptions::default() };
    let app = app.restart(much_later).await;
    assert_eq!(error_code(&sign_in_response(&app, &unused_code).await), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_token_in_the_wrong_format_is_refused_whole() {
    let app = spawn_app().await;
    let token = app.signed_in(Role::Delegate, "Valid Person").await;
    for header in [
        "Bearer abc".to_owned(),
        format!("Basic {token}"),
        format!("Bearer {token}x"),
        "Bearer sanad_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(),
        "Bearer".to_owned(),
        String::new(),
    ] {
        let (status, body, _) = with_authorization(&app, &header).await;
        assert_eq!(status, 401, "{header}");
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{header}");
        assert!(body.get("data").is_none(), "a refused request runs nothing: {body}");
    }
    // The scheme is case-insensitive (RFC 7235).
    let (status, body, _) = with_authorization(&app, &format!("bearer {token}")).await;
    assert_eq!(status, 200);
    assert_eq!(data(&body)["me"]["name"], "Valid Person");
}

#[tokio::test]
async fn signing_out_ends_one_device_only() {
    let app = spawn_app().await;
    let phone = app.signed_in(Role::Delegate, "Two Devices").await;
    // A second device gets its code from the help desk.
    let organiser = app.signed_in(Role::Organizer, "Desk").await;
    let id = data(&app.graphql_with_token("{ me { id } }", json!({}), &phone).await)["me"]["id"].clone();
    let issued = app
        .graphql_with_token(
            "mutation($id: ID!) { issueInvitationCode(personId: $id) { code person { name } } }",
            json!({ "id": id }),
            &organiser,
        )
        .await;
    assert_eq!(data(&issued)["issueInvitationCode"]["person"]["name"], "Two Devices");
    let laptop = app.sign_in(data(&issued)["issueInvitationCode"]["code"].as_str().unwrap()).await;

    let out = app.graphql_with_token("mutation { signOut }", json!({}), &phone).await;
    assert_eq!(data(&out)["signOut"], true);
    assert_eq!(with_authorization(&app, &format!("Bearer {phone}")).await.0, 401);
    assert_eq!(with_authorization(&app, &format!("Bearer {laptop}")).await.0, 200);
}

#[tokio::test]
async fn a_fresh_code_voids_the_unused_one_and_revoking_signs_out_everywhere() {
    let app = spawn_app().await;
    let organiser = app.signed_in(Role::Organizer, "Desk").await;
    let first_code = app.invite(Role::Delegate, "Lost Badge").await;
    let people =
        app.graphql_with_token(r#"{ conference { people(search: "lost") { id name } } }"#, json!({}), &organiser).await;
    let id = data(&people)["conference"]["people"][0]["id"].clone();
    let issue = "mutation($id: ID!) { issueInvitationCode(personId: $id) { code expiresAt } }";
    let issued = app.graphql_with_token(issue, json!({ "id": id }), &organiser).await;
    let second_code = data(&issued)["issueInvitationCode"]["code"].as_str().unwrap().to_owned();
    assert_ne!(first_code, second_code);
    assert_eq!(error_code(&sign_in_response(&app, &first_code).await), "UNAUTHENTICATED");
    let token = app.sign_in(&second_code).await;
    let calendar = "{ me { calendarPath } }";
    let old_path = data(&app.graphql_with_token(calendar, json!({}), &token).await)["me"]["calendarPath"].clone();
    let old_path = old_path.as_str().unwrap().to_owned();
    assert_eq!(app.client.get(app.url(&old_path)).send().await.unwrap().status(), 200);

    // Staff codes come only from the server's command line.
    let coordinator = app.signed_in(Role::Coordinator, "Coordinator").await;
    let coordinator_id =
        data(&app.graphql_with_token("{ me { id } }", json!({}), &coordinator).await)["me"]["id"].clone();
    let staff = app.graphql_with_token(issue, json!({ "id": coordinator_id }), &organiser).await;
    assert_eq!(error_code(&staff), "FORBIDDEN");

    let revoke = "mutation($id: ID!) { revokeAccess(personId: $id) }";
    let revoked = app.graphql_with_token(revoke, json!({ "id": id }), &organiser).await;
    assert_eq!(data(&revoked)["revokeAccess"], 1);
    assert_eq!(with_authorization(&app, &format!("Bearer {token}")).await.0, 401);
    // The lost phone's calendar app knew the feed's address: it changes too.
    assert_eq!(app.client.get(app.url(&old_path)).send().await.unwrap().status(), 404);
    let issued = app.graphql_with_token(issue, json!({ "id": id }), &organiser).await;
    let token = app.sign_in(data(&issued)["issueInvitationCode"]["code"].as_str().unwrap()).await;
    let new_path = data(&app.graphql_with_token(calendar, json!({}), &token).await)["me"]["calendarPath"].clone();
    assert_ne!(new_path.as_str().unwrap(), old_path);

    // Ids that are not people's, or not ids at all.
    let session_id = data(
        &app.graphql("{ conference { sessions(first: 1) { edges { node { id } } } } }", json!({})).await,
    )["conference"]["sessions"]["edges"][0]["node"]["id"]
        .clone();
    let wrong_kind = app.graphql_with_token(revoke, json!({ "id": session_id }), &organiser).await;
    assert_eq!(error_code(&wrong_kind), "BAD_USER_INPUT");
    assert_eq!(error_field(&wrong_kind), "personId");
    let garbage = app.graphql_with_token(revoke, json!({ "id": "nope" }), &organiser).await;
    assert_eq!(error_code(&garbage), "BAD_USER_INPUT");
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_address_and_per_code() {
    let limits = SignInLimits {
        address_burst: 3,
        address_period: Duration::from_secs(600),
        code_burst: 2,
        code_period: Duration::from_secs(600),
    };
    let app = spawn_app_with(TestOptions { sign_in_limits: limits, ..TestOptions::default() }).await;

    // The same wrong code twice, then a third time: the code's allowance is spent.
    for _ in 0..2 {
        assert_eq!(error_code(&sign_in_response(&app, "2345-6789-ABCD").await), "UNAUTHENTICATED");
    }
    let limited = sign_in_response(&app, "2345-6789-ABCD").await;
    assert_eq!(error_code(&limited), "RATE_LIMITED");
    let retry = limited["errors"][0]["extensions"]["retryAfterSeconds"].as_u64().unwrap();
    assert!((1..=600).contains(&retry), "{retry}");

    // Right codes cost the address nothing: a venue behind one address signs in freely.
    for name in ["First", "Second", "Third", "Fourth"] {
        let code = app.invite(Role::Delegate, name).await;
        assert!(sign_in_response(&app, &code).await.get("errors").is_none(), "{name}");
    }
    // Two failures so far; the third is allowed, the fourth spends the allowance ...
    for wrong in ["2345-6789-ABCE", "2345-6789-ABCF"] {
        assert_eq!(error_code(&sign_in_response(&app, wrong).await), "UNAUTHENTICATED");
    }
    // ... and then nothing from this address, right or wrong, until the wait is over.
    let late = app.invite(Role::Delegate, "Queued Person").await;
    assert_eq!(error_code(&sign_in_response(&app, &late).await), "RATE_LIMITED");
    // The server is healthy and the public programme unaffected.
    assert!(app.graphql("{ conference { slug } }", json!({})).await.get("errors").is_none());
}

#[tokio::test]
async fn preferred_languages_choose_texts_unless_the_request_says_otherwise() {
    let app = spawn_app().await;
    let token = app.signed_in(Role::Delegate, "Francophone").await;
    let update = "mutation($input: PreferencesInput!) { updateMyPreferences(input: $input) { preferredLanguages accessibility { screenReader extraMinutesBetweenRooms reminderMinutesBefore stepFreeRoutesOnly } } }";
    let input = json!({ "input": { "preferredLanguages": ["fr", "ar", "fr"], "screenReader": true, "extraMinutesBetweenRooms": 10 } });
    let updated = app.graphql_with_token(update, input, &token).await;
    let me = &data(&updated)["updateMyPreferences"];
    assert_eq!(me["preferredLanguages"], json!(["fr", "ar"]));
    assert_eq!(me["accessibility"]["screenReader"], true);
    assert_eq!(me["accessibility"]["extraMinutesBetweenRooms"], 10);
    assert_eq!(me["accessibility"]["reminderMinutesBefore"], 15, "untouched fields stay");

    let name = "{ conference { name { lang } } }";
    let saved = app.graphql_with_token(name, json!({}), &token).await;
    assert_eq!(data(&saved)["conference"]["name"]["lang"], "fr");
    let header = app.graphql_with_token_as(name, json!({}), &token, Some("es")).await;
    assert_eq!(data(&header)["conference"]["name"]["lang"], "es", "the header wins over the saved preference");

    for (input, field) in [
        (json!({ "preferredLanguages": ["not a tag!"] }), "input.preferredLanguages"),
        (
            json!({ "preferredLanguages": ["ar", "en", "fr", "es", "de", "it", "pt", "ru", "zh"] }),
            "input.preferredLanguages",
        ),
        (json!({ "extraMinutesBetweenRooms": 61 }), "input.extraMinutesBetweenRooms"),
        (json!({ "reminderMinutesBefore": 0 }), "input.reminderMinutesBefore"),
    ] {
        let response = app.graphql_with_token(update, json!({ "input": input }), &token).await;
        assert_eq!(error_code(&response), "BAD_USER_INPUT", "{input}");
        assert_eq!(error_field(&response), field, "{input}");
    }
    let unchanged = app.graphql_with_token(ME, json!({}), &token).await;
    assert_eq!(data(&unchanged)["me"]["preferredLanguages"], json!(["fr", "ar"]), "refused changes change nothing");
}

#[tokio::test]
async fn the_token_lifetime_is_configurable() {
    let accounts = AccountPolicy { token_ttl: chrono::Duration::hours(2), ..AccountPolicy::default() };
    let app = spawn_app_with(TestOptions { accounts, ..TestOptions::default() }).await;
    let code = app.invite(Role::Delegate, "Short Stay").await;
    let response = sign_in_response(&app, &code).await;
    assert_eq!(data(&response)["signIn"]["expiresAt"], "2019-09-10T11:30:00+03:00");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_address_counts_apart() {
    let limits = SignInLimits { address_burst: 1, address_period: Duration::from_secs(600), ..SignInLimits::default() };
    let options = TestOptions { sign_in_limits: limits, trust_forwarded_for: true, ..TestOptions::default() };
    let app = spawn_app_with(options).await;
    let attempt = |client: &'static str, code: String| {
        let request = app
            .client
            .post(app.url("/graphql"))
            // A client may send its own X-Forwarded-For; the proxy appends the real address.
            .header("x-forwarded-for", format!("203.0.113.9, {client}"))
            .json(&json!({ "query": SIGN_IN, "variables": { "code": code } }));
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    for wrong in ["2345-6789-ABCD", "2345-6789-ABCE"] {
        assert_eq!(error_code(&attempt("198.51.100.1", wrong.into()).await), "UNAUTHENTICATED");
    }
    let blocked = attempt("198.51.100.1", app.invite(Role::Delegate, "Behind One").await).await;
    assert_eq!(error_code(&blocked), "RATE_LIMITED");
    let other = attempt("198.51.100.2", app.invite(Role::Delegate, "Behind Two").await).await;
    assert!(other.get("errors").is_none(), "another client behind the proxy is not blocked: {other}");
}
