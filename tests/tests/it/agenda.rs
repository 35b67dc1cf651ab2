//! The personal agenda: kept on the server, marked on sessions, clashes found.

use sanad_schema::entities::enums::Role;
use sanad_tests::{data, error_code, error_field, spawn_app};
use serde_json::{Value, json};

const ADD: &str = "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { agenda { slug isInMyAgenda } } }";
const REMOVE: &str = "mutation($id: ID!) { removeFromMyAgenda(sessionId: $id) { agenda { slug } } }";
const CLASHES: &str =
    "{ me { agendaClashes { kind first { slug } second { slug } minutes minutesNeeded description { value lang } } } }";

fn slugs(agenda: &Value) -> Vec<&str> {
    agenda.as_array().unwrap().iter().map(|s| s["slug"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_agenda_is_kept_in_time_order_and_marked_on_sessions() {
    let app = spawn_app().await;
    let ids = app.session_ids().await;
    let token = app.signed_in(Role::Delegate, "Planner").await;
    for slug in ["panel-financing", "opening-plenary", "opening-plenary"] {
        let added = app.graphql_with_token(ADD, json!({ "id": ids[slug] }), &token).await;
        assert!(added.get("errors").is_none(), "{added}");
    }
    let me = app.graphql_with_token("{ me { agenda { slug isInMyAgenda } } }", json!({}), &token).await;
    let agenda = &data(&me)["me"]["agenda"];
    assert_eq!(slugs(agenda), ["opening-plenary", "panel-financing"], "time order, added twice is once");
    assert!(agenda.as_array().unwrap().iter().all(|s| s["isInMyAgenda"] == true));

    let programme = app
        .graphql_with_token(
            "{ conference { sessions(first: 100) { edges { node { slug isInMyAgenda } } } } }",
            json!({}),
            &token,
        )
        .await;
    let marked: Vec<&str> = data(&programme)["conference"]["sessions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["isInMyAgenda"] == true)
        .map(|e| e["node"]["slug"].as_str().unwrap())
        .collect();
    assert_eq!(marked, ["opening-plenary", "panel-financing"]);
    let anonymous =
        app.graphql("{ conference { sessions(first: 1) { edges { node { isInMyAgenda } } } } }", json!({})).await;
    assert_eq!(data(&anonymous)["conference"]["sessions"]["edges"][0]["node"]["isInMyAgenda"], Value::Null);

    let removed = app.graphql_with_token(REMOVE, json!({ "id": ids["opening-plenary"] }), &token).await;
    assert_eq!(slugs(&data(&removed)["removeFromMyAgenda"]["agenda"]), ["panel-financing"]);
    let again = app.graphql_with_token(REMOVE, json!({ "id": ids["opening-plenary"] }), &token).await;
    assert_eq!(slugs(&data(&again)["removeFromMyAgenda"]["agenda"]), ["panel-financing"], "removing twice is harmless");
}

#[tokio::test]
async fn a_new_phone_gets_the_agenda_back() {
    let app = spawn_app().await;
    let ids = app.session_ids().await;
    let old_phone = app.signed_in(Role::Delegate, "Lost Phone").await;
    app.graphql_with_token(ADD, json!({ "id": ids["survivors-voices"] }), &old_phone).await;
    let my_id = data(&app.graphql_with_token("{ me { id } }", json!({}), &old_phone).await)["me"]["id"].clone();

    let organiser = app.signed_in(Role::Organizer, "Help Desk").await;
    let revoke = "mutation($id: ID!) { revokeAccess(personId: $id) }";
    app.graphql_with_token(revoke, json!({ "id": my_id }), &organiser).await;
    let issue = "mutation($id: ID!) { issueInvitationCode(personId: $id) { code } }";
    let issued = app.graphql_with_token(issue, json!({ "id": my_id }), &organiser).await;
    let code = data(&issued)["issueInvitationCode"]["code"].as_str().unwrap().to_owned();

    let signed_in = app
        .graphql("mutation($code: String!) { signIn(code: $code) { me { agenda { slug } } } }", json!({ "code": code }))
        .await;
    assert_eq!(slugs(&data(&signed_in)["signIn"]["me"]["agenda"]), ["survivors-voices"]);
}

#[tokio::test]
async fn overlaps_and_moves_too_long_for_the_delegate_are_clashes() {
    let app = spawn_app().await;
    let ids = app.session_ids().await;
    let token = app.signed_in(Role::Delegate, "Busy Delegate").await;
    // Day 2: Hall B 14:00–15:30, Room 103 14:00–15:30 (overlap), Hall A 16:00 (30 minutes later).
    // Hall B to Hall A is a 2-minute walk along the ground floor; Room 103 (floor 1) to Hall A
    // is 2 minutes down the main staircase, 3 by the lift for someone who needs step-free ways.
    for slug in ["panel-coordination", "ws-psychosocial", "panel-financing"] {
        app.graphql_with_token(ADD, json!({ "id": ids[slug] }), &token).await;
    }
    let clashes = app.graphql_with_token(CLASHES, json!({}), &token).await;
    let list = data(&clashes)["me"]["agendaClashes"].as_array().unwrap().clone();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["kind"], "OVERLAP");
    assert_eq!(list[0]["minutes"], 90);
    assert_eq!(list[0]["description"]["value"], "These sessions overlap by 90 minutes.");

    let prefs = "mutation($m: Int!, $stepFree: Boolean!) { updateMyPreferences(input: \
        { extraMinutesBetweenRooms: $m, stepFreeRoutesOnly: $stepFree }) { name } }";
    let too_far = |list: &[Value]| -> Vec<(String, i64)> {
        let mut moves: Vec<(String, i64)> = list
            .iter()
            .filter(|c| c["kind"] == "NOT_ENOUGH_TIME")
            .map(|c| {
                assert_eq!(c["second"]["slug"], "panel-financing", "{c}");
                assert_eq!(c["minutes"], 30, "{c}");
                (c["first"]["slug"].as_str().unwrap().to_owned(), c["minutesNeeded"].as_i64().unwrap())
            })
            .collect();
        moves.sort();
        moves
    };
    app.graphql_with_token(prefs, json!({ "m": 28, "stepFree": false }), &token).await;
    let just_enough = app.graphql_with_token(CLASHES, json!({}), &token).await;
    assert_eq!(data(&just_enough)["me"]["agendaClashes"].as_array().unwrap().len(), 1, "2 + 28 = 30 fits");

    // Step-free ways only: the lift makes the move from Room 103 one minute longer.
    app.graphql_with_token(prefs, json!({ "m": 28, "stepFree": true }), &token).await;
    let step_free = app.graphql_with_token(CLASHES, json!({}), &token).await;
    let list = data(&step_free)["me"]["agendaClashes"].as_array().unwrap().clone();
    assert_eq!(too_far(&list), [("ws-psychosocial".to_owned(), 31)], "{list:?}");

    app.graphql_with_token(prefs, json!({ "m": 30, "stepFree": false }), &token).await;
    let clashes = app.graphql_with_token(CLASHES, json!({}), &token).await;
    let list = data(&clashes)["me"]["agendaClashes"].as_array().unwrap().clone();
    assert_eq!(list.len(), 3, "{list:?}");
    // Both sessions at 14:00 are followed by the one at 16:00, each 2 minutes away.
    assert_eq!(too_far(&list), [("panel-coordination".to_owned(), 32), ("ws-psychosocial".to_owned(), 32)]);

    let arabic = app.graphql_with_token_as(CLASHES, json!({}), &token, Some("ar")).await;
    let described = data(&arabic)["me"]["agendaClashes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "NOT_ENOUGH_TIME")
        .unwrap()["description"]
        .clone();
    assert_eq!(described["lang"], "ar");
    assert_eq!(described["value"], "بين هاتين الجلستين 30 دقيقة فقط، والانتقال من قاعة إلى الأخرى يستغرق 32 دقيقة.");
}

#[tokio::test]
async fn bad_agenda_input_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let ids = app.session_ids().await;
    let token = app.signed_in(Role::Delegate, "Careful Delegate").await;

    let anonymous = app.graphql(ADD, json!({ "id": ids["opening-plenary"] })).await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");

    let room =
        data(&app.graphql("{ conference { rooms { id } } }", json!({})).await)["conference"]["rooms"][0]["id"].clone();
    for (id, code) in [
        (json!("not an id"), "BAD_USER_INPUT"),
        (room, "BAD_USER_INPUT"),
        // A session id that does not exist.
        (json!("U2Vzc2lvbjo5OTk5OTk"), "NOT_FOUND"),
    ] {
        let response = app.graphql_with_token(ADD, json!({ "id": id }), &token).await;
        assert_eq!(error_code(&response), code, "{id}");
        if code == "BAD_USER_INPUT" {
            assert_eq!(error_field(&response), "sessionId");
        }
    }
    let me = app.graphql_with_token("{ me { agenda { slug } } }", json!({}), &token).await;
    assert_eq!(data(&me)["me"]["agenda"], json!([]));
}
