//! `bench requests`: the accommodation desk at scale. 1,000 delegates submit 5,000 items; then
//! the coordinators' queue (first page, with and without filters) and the organisers'
//! `accessNeedsSummary` are timed, with SQL statements per call, and the cost of sealing a
//! detail is measured on its own and within a submission.

use std::time::Instant;

use sanad_schema::entities::enums::{Role, ServiceType};
use sanad_schema::entities::{conference, session};
use sanad_schema::service::accommodation::requests::{NewItem, give_consent, submit};
use sanad_schema::service::accommodation::sealing::{Column, Sealer};
use sanad_schema::service::accounts::{AccountPolicy, NewPerson, create_person};
use sanad_tests::{TestApp, TestOptions, spawn_app_with};
use sea_orm::{EntityTrait, Iterable, QueryOrder};
use serde_json::{Value, json};

const DELEGATES: usize = 1_000;
const ITEMS_EACH: usize = 5;
const CALLS: usize = 200;
const DETAILS: &str = "I will come with my guide dog and need seating at the end of a row near the door, \
    a large-print copy of the papers of each session, and an interpreter into International Sign for the \
    panels of the second day.";

pub async fn requests() {
    let app = spawn_app_with(TestOptions { cache_bytes: 0, ..TestOptions::default() }).await;
    let db = &app.server.state.db;
    let sealer = Sealer::new(&app.data_key);
    let now = app.server.state.clock.now();
    let conference = conference::Entity::find().order_by_asc(conference::Column::Id).one(db).await.unwrap().unwrap();
    let sessions: Vec<i64> = session::Entity::find().all(db).await.unwrap().into_iter().map(|s| s.id).collect();
    let services: Vec<ServiceType> = ServiceType::iter().collect();

    let started = Instant::now();
    for d in 0..DELEGATES {
        let new = NewPerson {
            role: Role::Delegate,
            name: format!("Delegate {d}"),
            organisation: Some(format!("Organisation {}", d % 40)),
            delegation: None,
            languages: vec!["en".into()],
        };
        let invited = create_person(db, conference.id, new, now, &AccountPolicy::default()).await.unwrap();
        give_consent(db, &invited.person, 1, "en", now).await.unwrap();
        let items = (0..ITEMS_EACH)
            .map(|i| NewItem {
                service_type: services[(d * ITEMS_EACH + i) % services.len()],
                details: DETAILS.to_owned(),
                details_lang: None,
                session_ids: vec![sessions[(d * ITEMS_EACH + i) % sessions.len()]],
                days: vec![conference.start_date],
            })
            .collect();
        submit(db, &sealer, &invited.person, &format!("seed-{d}"), items, now).await.unwrap();
    }
    println!("items: {}", DELEGATES * ITEMS_EACH);
    println!("seed_seconds: {:.1}", started.elapsed().as_secs_f64());

    let coordinator = app.signed_in(Role::Coordinator, "Desk").await;
    let organiser = app.signed_in(Role::Organizer, "Lead").await;
    timed(
        &app,
        "queue_first_page",
        &coordinator,
        "{ conference { accommodationQueue(first: 50) { nodes { id status serviceType late dueOn } } } }",
    )
    .await;
    timed(
        &app,
        "queue_filtered",
        &coordinator,
        "{ conference { accommodationQueue(first: 50, serviceType: [SIGN_LANGUAGE_INTERPRETATION, LIVE_CAPTIONING], late: true, status: [SUBMITTED]) { nodes { id status } } } }",
    )
    .await;
    timed(&app, "needs_summary", &organiser, "{ conference { accessNeedsSummary { sessions { session { id } needs { serviceType count } seatingShortfall } days { date needs { count } } } } }").await;

    // Sealing alone, then within a submission.
    let seals = 20_000;
    let started = Instant::now();
    for _ in 0..seals {
        std::hint::black_box(sealer.seal(Column::ItemDetails, DETAILS).unwrap());
    }
    println!("seal_us_per_detail: {:.2}", started.elapsed().as_secs_f64() * 1e6 / f64::from(seals));
    let delegate = app.signed_in(Role::Delegate, "Submitter").await;
    let consent = app
        .graphql_with_token(
            "mutation { giveAccommodationConsent(version: 1, lang: \"en\") { version } }",
            json!({}),
            &delegate,
        )
        .await;
    assert!(consent.get("errors").is_none(), "{consent}");
    let submit_query = "mutation($key: String!, $details: String!) { submitAccommodationRequest(idempotencyKey: $key, items: [{ serviceType: DIETARY, details: $details }]) { id } }";
    let mut latencies = Vec::with_capacity(CALLS);
    for i in 0..CALLS {
        let started = Instant::now();
        let response = app
            .graphql_with_token(submit_query, json!({ "key": format!("bench-{i}"), "details": DETAILS }), &delegate)
            .await;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(response.get("errors").is_none(), "{response}");
    }
    report("submit_one_item", &mut latencies, None);
}

async fn timed(app: &TestApp, name: &str, token: &str, query: &str) {
    let warm = app.graphql_with_token(query, json!({}), token).await;
    assert!(warm.get("errors").is_none(), "{warm}");
    let before = app.metric("sanad_sql_statements_total").await;
    let mut latencies = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        let started = Instant::now();
        let response: Value = app.graphql_with_token(query, json!({}), token).await;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(response.get("errors").is_none(), "{response}");
    }
    let statements = (app.metric("sanad_sql_statements_total").await - before) as f64 / CALLS as f64;
    report(name, &mut latencies, Some(statements));
}

fn report(name: &str, latencies: &mut [f64], statements: Option<f64>) {
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    println!("{name}_p50_ms: {:.2}", at(0.5));
    println!("{name}_p99_ms: {:.2}", at(0.99));
    if let Some(statements) = statements {
        // Includes the two statements that check the bearer token.
        println!("{name}_sql_statements_per_call: {statements:.1}");
    }
}
