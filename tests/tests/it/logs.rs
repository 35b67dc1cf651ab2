//! Structured logs (DESIGN §8): with `--log-format json` every line is one JSON object, each
//! request is logged once in a span carrying its request id, and the error a client receives
//! names the same id. Nothing from DESIGN §6 (request details, calendar secrets, tokens)
//! reaches the log or `/metrics`.

use std::time::{Duration, Instant};

use sanad_schema::entities::enums::Role;
use sanad_tests::process::{Deployment, Launch, invite};
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_sanad-instance");
const DETAIL: &str = "Guide dog Nour needs water by seat 14C";

/// The log lines (as JSON) of the request with `id`, waiting briefly for the access line.
async fn lines_of(log: impl Fn() -> Vec<String>, id: &str) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let lines: Vec<Value> = log()
            .iter()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|line| line["span"]["request_id"] == id)
            .collect();
        if !lines.is_empty() || Instant::now() > deadline {
            return lines;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn json_logs_carry_the_request_id_of_the_error_and_no_private_data() {
    let deployment = Deployment::create(BINARY).await;
    let instance = deployment.start_with(&Launch::demo().with_args(&["--log-format", "json"]));
    let log = instance.log();
    assert!(!log.is_empty() && log.iter().all(|line| serde_json::from_str::<Value>(line).is_ok()), "{log:?}");

    // A refused operation: its body names the request, and so does its access line.
    let response = instance
        .client
        .post(instance.url("/graphql"))
        .json(&json!({ "query": "{ conference { nope } }" }))
        .send()
        .await
        .unwrap();
    let id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["requestId"], id.as_str());
    let lines = lines_of(|| instance.log(), &id).await;
    assert!(!lines.is_empty(), "no log line carries request id {id}");
    assert!(
        lines.iter().any(|line| line["fields"]["status"] == 200 && line["span"]["path"] == "/graphql"),
        "{lines:?}"
    );

    // A delegate's request, a calendar address and a token pass through; none is written.
    let db = deployment.connect().await;
    let (_, code) = invite(&db, Role::Delegate, "Amina").await;
    let token = instance.sign_in(&code).await;
    let consent = "mutation { giveAccommodationConsent(version: 1, lang: \"en\") { version } }";
    assert!(instance.graphql(consent, json!({}), Some(&token)).await.get("errors").is_none());
    let submit = "mutation($items: [RequestItemInput!]!) { submitAccommodationRequest(idempotencyKey: \"k\", items: $items) { id } }";
    let items = json!([{ "serviceType": "SERVICE_ANIMAL", "details": DETAIL, "days": ["2019-09-10"] }]);
    let submitted = instance.graphql(submit, json!({ "items": items }), Some(&token)).await;
    assert!(submitted.get("errors").is_none(), "{submitted}");
    let feed = instance.graphql("{ me { calendarPath } }", json!({}), Some(&token)).await;
    let calendar = feed["data"]["me"]["calendarPath"].as_str().unwrap().to_owned();
    assert_eq!(instance.status(&calendar).await, 200);
    let secret = calendar.trim_start_matches("/calendar/").trim_end_matches(".ics").to_owned();
    assert!(secret.len() >= 20, "{calendar}");
    let metrics = instance.client.get(instance.url("/metrics")).send().await.unwrap().text().await.unwrap();
    let everything = format!("{}\n{metrics}", instance.log().join("\n"));
    assert!(!everything.contains("Nour") && !everything.contains("14C"), "request details never logged");
    assert!(!everything.contains(&token), "tokens never logged");
    assert!(!everything.contains(&secret), "calendar secrets never logged");
    assert!(everything.contains("/calendar/<secret>"), "the feed's request is logged, without its address");
}
