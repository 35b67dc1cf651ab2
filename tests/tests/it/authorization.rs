//! The authorization matrix: every operation as anonymous, a delegate, another delegate, a
//! coordinator and an organiser, against the intended outcome. The same table is in the
//! README for client developers; this test fails when the two differ.

use sanad_schema::entities::enums::Role;
use sanad_schema::service::rate_limit::SignInLimits;
use sanad_tests::ws::connect;
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
const BAD_INPUT: Outcome = Code("BAD_USER_INPUT");

/// One row: the operation, and the outcome for each of [`VIEWERS`]. `$DELEGATE` in variables
/// stands for the delegate's person id, `$SESSION` for a session id, `$MISSING:Kind` for the id
/// of a `Kind` that does not exist (organisers then get `NOT_FOUND`: they passed the access
/// check).
struct Case {
    operation: &'static str,
    /// Run over WebSocket (`graphql-transport-ws`) instead of HTTP.
    subscription: bool,
    query: String,
    variables: Value,
    outcomes: [Outcome; 5],
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            subscription: false,
            operation: "query `conference` (the public programme)",
            query: "{ conference { slug sessions(first: 2) { edges { node { slug isInMyAgenda } } } } }".into(),
            variables: json!({}),
            outcomes: [Ok, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "query `me` (null when anonymous)",
            query: "{ me { name preferredLanguages accessibility { screenReader } agenda { slug } agendaClashes { kind } } }".into(),
            variables: json!({}),
            outcomes: [Ok, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "query `conference.people`",
            query: "{ conference { people { name } } }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, Ok],
        },
        Case {
            subscription: false,
            operation: "query `node` with the delegate's person id",
            query: "query($id: ID!) { node(id: $id) { id } }".into(),
            variables: json!({ "id": "$DELEGATE" }),
            outcomes: [NOT_FOUND, Ok, NOT_FOUND, NOT_FOUND, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `signIn` with a wrong code",
            query: r#"mutation { signIn(code: "2345-6789-ABCD") { token } }"#.into(),
            variables: json!({}),
            outcomes: [UNAUTH, UNAUTH, UNAUTH, UNAUTH, UNAUTH],
        },
        Case {
            subscription: false,
            operation: "mutation `signOut`",
            query: "mutation { signOut }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `updateMyPreferences`",
            query: "mutation { updateMyPreferences(input: { captions: true }) { name } }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `addToMyAgenda`",
            query: "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { name } }".into(),
            variables: json!({ "id": "$SESSION" }),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `removeFromMyAgenda`",
            query: "mutation($id: ID!) { removeFromMyAgenda(sessionId: $id) { name } }".into(),
            variables: json!({ "id": "$SESSION" }),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `issueInvitationCode` for the delegate",
            query: "mutation($id: ID!) { issueInvitationCode(personId: $id) { code } }".into(),
            variables: json!({ "id": "$DELEGATE" }),
            outcomes: [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `revokeAccess` for the delegate",
            query: "mutation($id: ID!) { revokeAccess(personId: $id) }".into(),
            variables: json!({ "id": "$DELEGATE" }),
            outcomes: [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `rotateMyCalendarSecret`",
            query: "mutation { rotateMyCalendarSecret { calendarPath } }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        organiser_only("mutation `createSession`", &format!("mutation($slug: String!) {{ createSession(slug: $slug, content: {{ kind: OTHER, title: {T} }}, startsAt: \"2019-09-12T19:00:00+03:00\", endsAt: \"2019-09-12T19:30:00+03:00\") {{ id }} }}"), json!({ "slug": "$UNIQUE" }), Ok),
        organiser_only("mutation `updateSession`", &format!("mutation($id: ID!) {{ updateSession(id: $id, content: {{ kind: PLENARY, title: {T} }}) {{ id }} }}"), json!({ "id": "$SESSION" }), Ok),
        organiser_only("mutation `moveSession`", "mutation($id: ID!) { moveSession(id: $id, startsAt: \"2019-09-12T20:00:00+03:00\", endsAt: \"2019-09-12T20:30:00+03:00\", force: true) { id } }", json!({ "id": "$SESSION" }), Ok),
        organiser_only("mutation `cancelSession` (missing session)", "mutation($id: ID!) { cancelSession(id: $id) { id } }", json!({ "id": "$MISSING:Session" }), NOT_FOUND),
        organiser_only("mutation `reinstateSession` (missing session)", "mutation($id: ID!) { reinstateSession(id: $id) { id } }", json!({ "id": "$MISSING:Session" }), NOT_FOUND),
        organiser_only("mutation `deleteSession` (missing session)", "mutation($id: ID!) { deleteSession(id: $id) { id } }", json!({ "id": "$MISSING:Session" }), NOT_FOUND),
        organiser_only("mutation `createRoom`", &format!("mutation($slug: String!) {{ createRoom(slug: $slug, input: {{ name: {T}, floor: 1 }}) {{ id }} }}"), json!({ "slug": "$UNIQUE" }), Ok),
        organiser_only("mutation `updateRoom` (missing room)", &format!("mutation($id: ID!) {{ updateRoom(id: $id, input: {{ name: {T}, floor: 1 }}) {{ id }} }}"), json!({ "id": "$MISSING:Room" }), NOT_FOUND),
        organiser_only("mutation `deleteRoom` (missing room)", "mutation($id: ID!) { deleteRoom(id: $id) { id } }", json!({ "id": "$MISSING:Room" }), NOT_FOUND),
        organiser_only("mutation `createConference`", "mutation($slug: String!) { createConference(input: { slug: $slug, name: [{ lang: \"en\", value: \"M\" }], timeZone: \"Asia/Amman\", startDate: \"2027-05-04\", endDate: \"2027-05-05\", languages: [\"en\"] }) { invitationCode } }", json!({ "slug": "$UNIQUE" }), Ok),
        organiser_only("mutation `updateConference`", &format!("mutation {{ updateConference(input: {{ name: {T} }}) {{ id }} }}"), json!({}), Ok),
        organiser_only("mutation `setConferenceLanguages` (unchanged)", "mutation { setConferenceLanguages(languages: [\"en\", \"fr\", \"ar\", \"es\"], requiredLanguages: [\"en\", \"fr\", \"ar\"]) { id } }", json!({}), Ok),
        organiser_only("mutation `updateVenue`", &format!("mutation {{ updateVenue(input: {{ name: {T} }}) {{ id }} }}"), json!({}), Ok),
        organiser_only("mutation `createTrack`", &format!("mutation($slug: String!) {{ createTrack(slug: $slug, input: {{ name: {T} }}) {{ id }} }}"), json!({ "slug": "$UNIQUE" }), Ok),
        organiser_only("mutation `updateTrack` (missing track)", &format!("mutation($id: ID!) {{ updateTrack(id: $id, input: {{ name: {T} }}) {{ id }} }}"), json!({ "id": "$MISSING:Track" }), NOT_FOUND),
        organiser_only("mutation `deleteTrack` (missing track)", "mutation($id: ID!) { deleteTrack(id: $id) { id } }", json!({ "id": "$MISSING:Track" }), NOT_FOUND),
        organiser_only("mutation `createPointOfInterest`", &format!("mutation($slug: String!) {{ createPointOfInterest(slug: $slug, input: {{ kind: LIFT, floor: 0, name: {T} }}) {{ id }} }}"), json!({ "slug": "$UNIQUE" }), Ok),
        organiser_only("mutation `updatePointOfInterest` (missing place)", &format!("mutation($id: ID!) {{ updatePointOfInterest(id: $id, input: {{ kind: LIFT, floor: 0, name: {T} }}) {{ id }} }}"), json!({ "id": "$MISSING:PointOfInterest" }), NOT_FOUND),
        organiser_only("mutation `deletePointOfInterest` (missing place)", "mutation($id: ID!) { deletePointOfInterest(id: $id) { id } }", json!({ "id": "$MISSING:PointOfInterest" }), NOT_FOUND),
        organiser_only("mutation `createRoute` (missing rooms)", &format!("mutation($from: ID!, $to: ID!) {{ createRoute(input: {{ from: $from, to: $to, steps: [{{ text: {T} }}] }}) {{ id }} }}"), json!({ "from": "$MISSING:Room", "to": "$MISSING:PointOfInterest" }), BAD_INPUT),
        organiser_only("mutation `updateRoute` (missing route)", &format!("mutation($id: ID!, $from: ID!, $to: ID!) {{ updateRoute(id: $id, input: {{ from: $from, to: $to, steps: [{{ text: {T} }}] }}) {{ id }} }}"), json!({ "id": "$MISSING:Route", "from": "$MISSING:Room", "to": "$MISSING:PointOfInterest" }), NOT_FOUND),
        organiser_only("mutation `deleteRoute` (missing route)", "mutation($id: ID!) { deleteRoute(id: $id) { id } }", json!({ "id": "$MISSING:Route" }), NOT_FOUND),
        organiser_only("mutation `createSpeaker`", "mutation($slug: String!) { createSpeaker(slug: $slug, input: { name: \"Matrix\", nameLang: \"en\", transliteration: \"Matrix\" }) { id } }", json!({ "slug": "$UNIQUE" }), Ok),
        organiser_only("mutation `updateSpeaker` (missing speaker)", "mutation($id: ID!) { updateSpeaker(id: $id, input: { name: \"M\", nameLang: \"en\", transliteration: \"M\" }) { id } }", json!({ "id": "$MISSING:Speaker" }), NOT_FOUND),
        organiser_only("mutation `deleteSpeaker` (missing speaker)", "mutation($id: ID!) { deleteSpeaker(id: $id) { id } }", json!({ "id": "$MISSING:Speaker" }), NOT_FOUND),
        organiser_only("mutation `createGlossaryEntry`", &format!("mutation($slug: String!) {{ createGlossaryEntry(input: {{ term: $slug, expansion: {T} }}) {{ id }} }}"), json!({ "slug": "$UNIQUE" }), Ok),
        organiser_only("mutation `updateGlossaryEntry` (missing entry)", &format!("mutation($id: ID!) {{ updateGlossaryEntry(id: $id, input: {{ term: \"X\", expansion: {T} }}) {{ id }} }}"), json!({ "id": "$MISSING:GlossaryEntry" }), NOT_FOUND),
        organiser_only("mutation `deleteGlossaryEntry` (missing entry)", "mutation($id: ID!) { deleteGlossaryEntry(id: $id) { id } }", json!({ "id": "$MISSING:GlossaryEntry" }), NOT_FOUND),
        organiser_only("mutation `createDocument`", &format!("mutation($id: ID!, $slug: String!) {{ createDocument(sessionId: $id, slug: $slug, input: {{ title: {T}, variants: [{{ format: HTML, lang: \"en\", url: \"https://example.org/m\" }}] }}) {{ id }} }}"), json!({ "id": "$SESSION", "slug": "$UNIQUE" }), Ok),
        organiser_only("mutation `updateDocument` (missing document)", &format!("mutation($id: ID!) {{ updateDocument(id: $id, input: {{ title: {T}, variants: [{{ format: HTML, lang: \"en\", url: \"https://example.org/m\" }}] }}) {{ id }} }}"), json!({ "id": "$MISSING:Document" }), NOT_FOUND),
        organiser_only("mutation `deleteDocument` (missing document)", "mutation($id: ID!) { deleteDocument(id: $id) { id } }", json!({ "id": "$MISSING:Document" }), NOT_FOUND),
        organiser_only("mutation `publishAnnouncement`", &format!("mutation {{ publishAnnouncement(input: {{ severity: INFO, title: {T}, whatChanged: {T}, whatToDo: {T} }}) {{ id }} }}"), json!({}), Ok),
        Case {
            subscription: false,
            operation: "query `conference.accommodationQueue`",
            query: "{ conference { accommodationQueue { nodes { id } } } }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, FORBIDDEN, FORBIDDEN, Ok, FORBIDDEN],
        },
        Case {
            subscription: false,
            operation: "mutation `giveAccommodationConsent`",
            query: "mutation { giveAccommodationConsent(version: 1, lang: \"en\") { version } }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `withdrawAccommodationConsent`",
            query: "mutation { withdrawAccommodationConsent }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `submitAccommodationRequest` (before consenting)",
            query: "mutation { submitAccommodationRequest(idempotencyKey: \"k\", items: [{ serviceType: DIETARY }]) { id } }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, BAD_INPUT, BAD_INPUT, BAD_INPUT, BAD_INPUT],
        },
        Case {
            subscription: false,
            operation: "mutation `moveRequestItem` (another person's or missing item)",
            query: "mutation($id: ID!) { moveRequestItem(itemId: $id, to: IN_REVIEW, expectedVersion: 1) { id } }".into(),
            variables: json!({ "id": "$MISSING:RequestItem" }),
            outcomes: [UNAUTH, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
        },
        Case {
            subscription: false,
            operation: "mutation `assignRequestItem` (missing item)",
            query: "mutation($id: ID!) { assignRequestItem(itemId: $id, expectedVersion: 1) { id } }".into(),
            variables: json!({ "id": "$MISSING:RequestItem" }),
            outcomes: [UNAUTH, FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN],
        },
        Case {
            subscription: false,
            operation: "query `conference.accessNeedsSummary` (counts only)",
            query: "{ conference { accessNeedsSummary { days { date } } } }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, FORBIDDEN, FORBIDDEN, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `sendRequestMessage` (another person's or missing item)",
            query: "mutation($id: ID!) { sendRequestMessage(itemId: $id, body: \"hello\") { id } }".into(),
            variables: json!({ "id": "$MISSING:RequestItem" }),
            outcomes: [UNAUTH, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
        },
        Case {
            subscription: false,
            operation: "query `conferences`",
            query: "{ conferences { slug } }".into(),
            variables: json!({}),
            outcomes: [Ok, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "query `vapidPublicKey`",
            query: "{ vapidPublicKey }".into(),
            variables: json!({}),
            outcomes: [Ok, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `registerPushSubscription` (an endpoint that is not a push service)",
            query: r#"mutation { registerPushSubscription(endpoint: "https://example.com/x", p256dh: "k", auth: "a", label: "Phone") { id } }"#.into(),
            variables: json!({}),
            outcomes: [UNAUTH, BAD_INPUT, BAD_INPUT, BAD_INPUT, BAD_INPUT],
        },
        Case {
            subscription: false,
            operation: "mutation `removePushSubscription` (another person's or missing device)",
            query: "mutation($id: ID!) { removePushSubscription(id: $id) }".into(),
            variables: json!({ "id": "$MISSING:PushSubscription" }),
            outcomes: [UNAUTH, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
        },
        Case {
            subscription: false,
            operation: "mutation `sendTestNotification` (another person's or missing device)",
            query: "mutation($id: ID!) { sendTestNotification(id: $id) }".into(),
            variables: json!({ "id": "$MISSING:PushSubscription" }),
            outcomes: [UNAUTH, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND],
        },
        Case {
            subscription: false,
            operation: "query `myDataExport`",
            query: "{ myDataExport }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: false,
            operation: "mutation `deleteMyData` (without confirming)",
            query: "mutation { deleteMyData(confirm: false) }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, BAD_INPUT, BAD_INPUT, BAD_INPUT, BAD_INPUT],
        },
        Case {
            subscription: true,
            operation: "subscription `requestQueueChanged`",
            query: "subscription { requestQueueChanged { itemId status } }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, FORBIDDEN, FORBIDDEN, Ok, FORBIDDEN],
        },
        Case {
            subscription: true,
            operation: "subscription `myRequestUpdated` (only your own items)",
            query: "subscription { myRequestUpdated { status } }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: true,
            operation: "subscription `programmeChanged`",
            query: "subscription { programmeChanged { id action programmeVersion } }".into(),
            variables: json!({}),
            outcomes: [Ok, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: true,
            operation: "subscription `announcementPublished`",
            query: "subscription { announcementPublished { title { value } } }".into(),
            variables: json!({}),
            outcomes: [Ok, Ok, Ok, Ok, Ok],
        },
        Case {
            subscription: true,
            operation: "subscription `myAgendaChanged` (only your own agenda's events)",
            query: "subscription { myAgendaChanged { action sessionId } }".into(),
            variables: json!({}),
            outcomes: [UNAUTH, Ok, Ok, Ok, Ok],
        },
    ]
}

/// A text in the demo's required languages, as a GraphQL literal.
const T: &str = r#"[{ lang: "en", value: "M" }, { lang: "fr", value: "M" }, { lang: "ar", value: "M" }]"#;

/// A row where only organisers pass the access check; `organizer` is what they then get.
fn organiser_only(operation: &'static str, query: &str, variables: Value, organizer: Outcome) -> Case {
    Case {
        operation,
        subscription: false,
        query: query.to_owned(),
        variables,
        outcomes: [UNAUTH, FORBIDDEN, FORBIDDEN, FORBIDDEN, organizer],
    }
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

fn substitute(value: &Value, delegate: &Value, session: &Value, row: usize) -> Value {
    match value {
        Value::String(s) if s == "$DELEGATE" => delegate.clone(),
        Value::String(s) if s == "$SESSION" => session.clone(),
        Value::String(s) if s == "$UNIQUE" => format!("matrix-{row}").into(),
        Value::String(s) if s.starts_with("$MISSING:") => {
            use base64::Engine;
            let kind = &s["$MISSING:".len()..];
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{kind}:999999")).into()
        }
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), substitute(v, delegate, session, row))).collect(),
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
    // Open subscriptions stay open to the end, so the count of listening ones only grows.
    let (mut sockets, mut listening) = (Vec::new(), 0);
    for (row, case) in cases().iter().enumerate() {
        let (tokens, delegate_id) = viewers(&app, row).await;
        let variables = substitute(&case.variables, &delegate_id, &session, row);
        for ((viewer, token), expected) in VIEWERS.iter().zip(&tokens).zip(case.outcomes) {
            let response = match (case.subscription, token) {
                (true, token) => {
                    let mut socket = connect(app.addr, "graphql-transport-ws", &[]).await;
                    let payload =
                        token.as_ref().map_or(json!({}), |t| json!({ "authorization": format!("Bearer {t}") }));
                    socket.init(payload).await;
                    socket.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": case.query } })).await;
                    let response = if expected == Ok {
                        listening += 1;
                        app.wait_for_subscriptions(listening).await;
                        json!({ "data": "listening" })
                    } else {
                        socket.json().await["payload"].clone()
                    };
                    sockets.push(socket);
                    response
                }
                (false, Some(token)) => app.graphql_with_token(&case.query, variables.clone(), token).await,
                (false, None) => app.graphql(&case.query, variables.clone()).await,
            };
            let actual = match response["errors"][0]["extensions"]["code"].as_str() {
                None if response.get("errors").is_none() => Ok,
                None => Code("error without a code"),
                Some(code) => Code(match code {
                    "UNAUTHENTICATED" => "UNAUTHENTICATED",
                    "FORBIDDEN" => "FORBIDDEN",
                    "NOT_FOUND" => "NOT_FOUND",
                    "BAD_USER_INPUT" => "BAD_USER_INPUT",
                    "CONFLICT" => "CONFLICT",
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

#[test]
fn every_root_field_has_a_row() {
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};
    let document = async_graphql::parser::parse_schema(sanad_schema::graphql::sdl()).unwrap();
    let operations: Vec<&str> = cases().iter().map(|c| c.operation).collect();
    let (mut missing, mut seen) = (Vec::new(), 0);
    for definition in &document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else { continue };
        let name = ty.node.name.node.as_str();
        if !["QueryRoot", "MutationRoot", "SubscriptionRoot"].contains(&name) {
            continue;
        }
        let TypeKind::Object(object) = &ty.node.kind else { continue };
        for field in &object.fields {
            seen += 1;
            let field = format!("`{}`", field.node.name.node);
            if !operations.iter().any(|o| o.contains(&field)) {
                missing.push(format!("{name}.{field}"));
            }
        }
    }
    assert!(seen > 30, "the roots were not found in the SDL ({seen} fields)");
    assert!(missing.is_empty(), "the authorization matrix has no row for {missing:?}");
}
