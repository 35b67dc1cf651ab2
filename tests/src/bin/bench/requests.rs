//! `bench requests`: the accommodation desk at scale. 1,000 delegates submit 5,000 items; then
//! the coordinators' queue (first page, with and without filters) and the organisers'
//! `accessNeedsSummary` are timed, with SQL statements per call, and the cost of sealing a
//! detail is measured on its own and within a submission. The web desk's queue and planning
//! pages are timed the same way (server time over loopback, signed in by cookie), and the
//! queue page's weight is given as the browser downloads it: HTML, CSS and script, gzip.

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

    let desk = desk_cookie(&app, Role::Coordinator, "Desk page").await;
    let queue_page = timed_page(&app, "desk_queue_page", "/desk", &desk).await;
    timed_page(&app, "desk_queue_page_filtered", "/desk?service=SIGN_LANGUAGE_INTERPRETATION&late=late", &desk).await;
    let planning = desk_cookie(&app, Role::Organizer, "Planning page").await;
    timed_page(&app, "desk_planning_page", "/desk", &planning).await;
    page_weight(&app, &queue_page).await;

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

/// Signs in at `/desk/sign-in` as a new person of `role`; the `Cookie` header of the session.
async fn desk_cookie(app: &TestApp, role: Role, name: &str) -> String {
    let code = app.invite(role, name).await;
    let cookie = |response: &reqwest::Response, name: &str| {
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix(&format!("{name}=")).map(|rest| rest.split(';').next().unwrap().to_owned()))
            .unwrap_or_else(|| panic!("no {name} cookie"))
    };
    let form = app.client.get(app.url("/desk/sign-in")).send().await.unwrap();
    let csrf = cookie(&form, "sanad_csrf");
    let signed = app
        .client
        .post(app.url("/desk/sign-in"))
        .header("cookie", format!("sanad_csrf={csrf}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&code={code}"))
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 303, "signed in at the desk");
    format!("sanad_session={}", cookie(&signed, "sanad_session"))
}

/// Times `GET path` with the desk's cookie; returns the last page.
async fn timed_page(app: &TestApp, name: &str, path: &str, cookie: &str) -> String {
    let get = || app.client.get(app.url(path)).header("cookie", cookie).send();
    let warm = get().await.unwrap();
    assert_eq!(warm.status(), 200, "{name}");
    let before = app.metric("sanad_sql_statements_total").await;
    let mut latencies = Vec::with_capacity(CALLS);
    let mut page = String::new();
    for _ in 0..CALLS {
        let started = Instant::now();
        let response = get().await.unwrap();
        assert_eq!(response.status(), 200, "{name}");
        page = response.text().await.unwrap();
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let statements = (app.metric("sanad_sql_statements_total").await - before) as f64 / CALLS as f64;
    report(name, &mut latencies, Some(statements));
    page
}

/// What a browser downloads for the queue page, compressed as the server sends it.
async fn page_weight(app: &TestApp, page: &str) {
    use std::io::Write;
    let gzip = |bytes: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap().len()
    };
    let linked = |marker: &str| page.split(marker).nth(1).and_then(|rest| rest.split('"').next()).unwrap().to_owned();
    let mut total = gzip(page.as_bytes());
    for path in [linked("<link rel=\"stylesheet\" href=\""), linked("<script src=\"")] {
        let asset = app.client.get(app.url(&path)).send().await.unwrap().bytes().await.unwrap();
        total += gzip(&asset);
    }
    println!("desk_queue_page_html_kb: {:.1}", page.len() as f64 / 1024.0);
    println!("desk_queue_page_weight_gzip_kb: {:.1}", total as f64 / 1024.0);
    let elsewhere = ["http://", "https://", "//"].iter().any(|s| page.contains(&format!("=\"{s}")));
    println!("desk_queue_page_other_origins: {}", u8::from(elsewhere));
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
