//! The authorization matrix: every operation as anonymous, a delegate, another delegate, a
//! coordinator and an organiser, against the intended outcome. The same table is in the
//! README for client developers; this test fails when the two differ.

use sanad_schema::entities::enums::Role;
use sanad_schema::service::rate_limit::SignInLimits;
use sanad_tests::{TestApp, TestOptions, data, spawn_app_with};
use serde_json::{Value, json};

/// Who runs an operation.
const VIEWERS: [&str; 5] = ["anonymous", "delegate", "another delegate", "coordinator", "organizer"];

/// What an operation must give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Code(&'static str),
}

use Outcome::{Code, Ok};
const UNAUTH: Outcome = Code("UNAUTHENTICATED");
const FORBIDDEN: Outcome = Code("FORBIDDEN");
const NOT_FOUND: Outcome = Code("NOT_FOUND");

/// One row: the operation, and the outcome for each of [`VIEWERS`]. `$DELEGATE` in variables
/// stands for the delegate's person id, `$SESSION` for a session id.
struct Case {
    operation: &'static str,
    query: &'static str,
    variables: Value,
    outcomes: [Outcome; 5],
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            operation: "query `conference` (the public programme)",
            query: "{ conference { slug sessions(first: 2) { edges { node { slug isInMyAgenda } } } } }",
            variables: json!({}),
            outcomes: [Ok, Ok, Ok, Ok, Ok],
        },
        Case {
            operation: "query `me` (null when anonymous)",
            query: "{ me { name preferredLanguages accessibility { screenReader } agenda { slug } agendaClashes { kind } } }",
            variables: json!({}),
            outcomes: [Ok, Ok, Ok, Ok, Ok],
        },
        Case {
            operation: "query `conference.people`",
            query: "{ conference { people { name } } }",
            variables: json!({}),
            outcomes: [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, Ok],
        },
        Case {
            operation: "query `node` with the delegate's person id",
            query: "query($id: ID!) { node(id: $id) { id } }",
            variables: json!({ "id": "$DELEGATE" }),
            outcomes: [NOT_FOUND, Ok, NOT_FOUND, NOT_FOUND, Ok],
        },
        Case {
            operation: "mutation `signIn` with a wrong code",
            query: r#"mutation { signIn(code: "2345-6789-ABCD") { token } }"#,
            variables: json!({}),
            outcomes: [UNAUTH, UNAUTH, UNAUTH, UNAUTH, UNAUTH],
        },
        Case {
            operation: "mutation `signOut`",
            query: "mutation { signOut }",
            variables: json!({}),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            operation: "mutation `updateMyPreferences`",
            query: "mutation { updateMyPreferences(input: { captions: true }) { name } }",
            variables: json!({}),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            operation: "mutation `addToMyAgenda`",
            query: "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { name } }",
            variables: json!({ "id": "$SESSION" }),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            operation: "mutation `removeFromMyAgenda`",
            query: "mutation($id: ID!) { removeFromMyAgenda(sessionId: $id) { name } }",
            variables: json!({ "id": "$SESSION" }),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            operation: "mutation `issueInvitationCode` for the delegate",
            query: "mutation($id: ID!) { issueInvitationCode(personId: $id) { code } }",
            variables: json!({ "id": "$DELEGATE" }),
            outcomes: [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, Ok],
        },
        Case {
            operation: "mutation `revokeAccess` for the delegate",
            query: "mutation($id: ID!) { revokeAccess(personId: $id) }",
            variables: json!({ "id": "$DELEGATE" }),
            outcomes: [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, Ok],
        },
    ]
}

fn label(outcome: Outcome) -> &'static str {
    match outcome {
        Ok => "yes",
        Code(code) => code,
    }
}

/// The table as the README shows it.
fn markdown(cases: &[Case]) -> String {
    let mut table = format!("| operation | {} |\n|---|{}\n", VIEWERS.join(" | "), "---|".repeat(VIEWERS.len()));
    for case in cases {
        let cells: Vec<&str> = case.outcomes.iter().map(|o| label(*o)).collect();
        table.push_str(&format!("| {} | {} |\n", case.operation, cells.join(" | ")));
    }
    table
}

fn substitute(value: &Value, delegate: &Value, session: &Value) -> Value {
    match value {
        Value::String(s) if s == "$DELEGATE" => delegate.clone(),
        Value::String(s) if s == "$SESSION" => session.clone(),
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), substitute(v, delegate, session))).collect(),
        other => other.clone(),
    }
}

/// Fresh people for one row, so a row that signs out or revokes cannot change the next.
async fn viewers(app: &TestApp, row: usize) -> ([Option<String>; 5], Value) {
    let delegate = app.signed_in(Role::Delegate, &format!("Delegate {row}")).await;
    let other = app.signed_in(Role::Delegate, &format!("Other Delegate {row}")).await;
    let coordinator = app.signed_in(Role::Coordinator, &format!("Coordinator {row}")).await;
    let organizer = app.signed_in(Role::Organizer, &format!("Organizer {row}")).await;
    let id = data(&app.graphql_with_token("{ me { id } }", json!({}), &delegate).await)["me"]["id"].clone();
    ([None, Some(delegate), Some(other), Some(coordinator), Some(organizer)], id)
}

#[tokio::test]
async fn every_operation_as_every_viewer() {
    let limits = SignInLimits { address_burst: 1_000, code_burst: 1_000, ..SignInLimits::default() };
    let app = spawn_app_with(TestOptions { sign_in_limits: limits, ..TestOptions::default() }).await;
    let session = data(
        &app.graphql("{ conference { sessions(first: 1) { edges { node { id } } } } }", json!({})).await,
    )["conference"]["sessions"]["edges"][0]["node"]["id"]
        .clone();
    let mut failures = Vec::new();
    for (row, case) in cases().iter().enumerate() {
        let (tokens, delegate_id) = viewers(&app, row).await;
        let variables = substitute(&case.variables, &delegate_id, &session);
        for ((viewer, token), expected) in VIEWERS.iter().zip(&tokens).zip(case.outcomes) {
            let response = match token {
                Some(token) => app.graphql_with_token(case.query, variables.clone(), token).await,
                None => app.graphql(case.query, variables.clone()).await,
            };
            let actual = match response["errors"][0]["extensions"]["code"].as_str() {
                None if response.get("errors").is_none() => Ok,
                None => Code("error without a code"),
                Some(code) => Code(match code {
                    "UNAUTHENTICATED" => "UNAUTHENTICATED",
                    "FORBIDDEN" => "FORBIDDEN",
                    "NOT_FOUND" => "NOT_FOUND",
                    "BAD_USER_INPUT" => "BAD_USER_INPUT",
                    _ => "another code",
                }),
            };
            if actual != expected {
                failures.push(format!("{} as {viewer}: expected {expected:?}, got {response}", case.operation));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_readme_shows_the_same_matrix() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let table = markdown(&cases());
    assert!(readme.contains(&table), "README.md must contain this table:\n{table}");
}
