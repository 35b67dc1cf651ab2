//! Benchmarks. Prints `name: value` lines; never asserts on time (machines here are noisy).
//!
//! `cargo run --release -p sanad-tests --bin bench -- programme`
//! `cargo run --release -p sanad-tests --bin bench -- programme --import FILE [--time-zone ZONE]`
//! `cargo run --release -p sanad-tests --bin bench -- requests`
//! `cargo run --release -p sanad-tests --bin bench -- push`
//! `cargo run --release -p sanad-tests --bin bench -- load` (`SANAD_BENCH_SECONDS`, default 60)
//! `cargo run --release -p sanad-tests --bin bench -- ws`
//! `cargo run --release -p sanad-tests --bin bench -- import`
//! `cargo run --release -p sanad-tests --bin bench -- hostile`
//! `cargo run --release -p sanad-tests --bin bench -- search`
//!
//! `load`, `ws` and `import` run on PostgreSQL when `TEST_DATABASE_URL` is set, else on SQLite.
//!
//! The server runs in a child process (this binary, `serve-child`), so its peak memory is its
//! own and the load generator's CPU is not counted against it (both share the machine's cores).

// A benchmark that cannot set up should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod hostile;
mod http_load;
mod import;
mod load;
mod push;
mod requests;
mod search;
mod ws;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use axum::body::Bytes;
use sanad_api::db::DatabaseTarget;
use sanad_api::http::CorsPolicy;
use sanad_api::server::{ServeConfig, start};
use sanad_schema::service::clock::Clock;
use sanad_tests::{FULL_PROGRAMME, TestApp, TestDatabase, TestOptions, spawn_app_with, start_on, synthetic};
use serde_json::json;

/// The same allocator as the `sanad` binary, so the in-process server behaves like it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    match args.first().map(String::as_str) {
        Some("programme") => match ProgrammeArgs::parse(&args[1..]) {
            Some(given) => runtime.block_on(programme(given)),
            None => {
                eprintln!("usage: bench programme [--import FILE [--time-zone ZONE]]");
                std::process::exit(2);
            }
        },
        Some("requests") => runtime.block_on(requests::requests()),
        Some("push") => runtime.block_on(push::push()),
        Some("load") => runtime.block_on(load::load()),
        Some("ws") => runtime.block_on(ws::ws()),
        Some("import") => runtime.block_on(import::bench()),
        Some("hostile") => runtime.block_on(hostile::hostile()),
        Some("search") => runtime.block_on(search::search()),
        Some("import-child") => runtime.block_on(import::import_child(&args[1..])),
        Some("serve-push-child") => runtime.block_on(push::serve_push_child(&args[1..])),
        Some("serve-child") => runtime.block_on(serve_child(&args[1..])),
        _ => {
            eprintln!("usage: bench programme|requests|push|load|ws|import|hostile|search");
            std::process::exit(2);
        }
    }
}

/// What `bench programme` is told: by default the demo; with `--import FILE`, the programme of
/// a frab XML, pretalx or c3voc JSON export, imported by the real `sanad import` (`--time-zone`
/// for a source that names none), so the figures compare with other servers on that programme.
#[derive(Default)]
struct ProgrammeArgs {
    import: Option<std::path::PathBuf>,
    time_zone: Option<String>,
}

impl ProgrammeArgs {
    fn parse(args: &[String]) -> Option<Self> {
        let mut given = Self::default();
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            match flag.as_str() {
                "--import" => given.import = Some(args.next()?.into()),
                "--time-zone" => given.time_zone = Some(args.next()?.clone()),
                _ => return None,
            }
        }
        (given.import.is_some() || given.time_zone.is_none()).then_some(given)
    }
}

/// The conference an imported programme goes into.
const IMPORTED_SLUG: &str = "bench-programme";

/// The full-programme query: statements at two sizes (or on the imported programme), then
/// throughput and latency.
async fn programme(given: ProgrammeArgs) {
    println!("cores: {}", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0));
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("sanad.db");
    let db_url = format!("sqlite:{}", db_path.display());

    let slug = match &given.import {
        None => {
            println!("programme_source: demo");
            for (label, options) in [
                ("demo", TestOptions { cache_bytes: 0, ..Default::default() }),
                (
                    "2000",
                    TestOptions {
                        demo: false,
                        cache_bytes: 0,
                        programme: Some(synthetic::programme_json(2000)),
                        ..Default::default()
                    },
                ),
            ] {
                statements(spawn_app_with(options).await, label, None, label == "demo").await;
            }
            delta_sync().await;
            None
        }
        Some(file) => {
            println!("programme_source: {}", file.display());
            // Imported once, into the database both server children then serve.
            import::import(&db_url, file, IMPORTED_SLUG, given.time_zone.as_deref());
            let target = DatabaseTarget::Sqlite(db_path.clone());
            // The file stays `dir`'s, for the children after this server: the app is handed an
            // empty directory of its own to remove.
            let database = TestDatabase::Sqlite(tempfile::tempdir().unwrap());
            let options = TestOptions { demo: false, cache_bytes: 0, ..Default::default() };
            let app = start_on(database, target, options).await;
            statements(app, "import", Some(IMPORTED_SLUG), true).await;
            Some(IMPORTED_SLUG)
        }
    };
    let body = full_programme_body(slug);

    let (mut uncached, addr, _) = spawn_child(&db_url, 0, slug);
    let reference = fetch(&format!("http://{addr}/graphql"), &body).await;
    let answer: serde_json::Value = serde_json::from_slice(&reference).unwrap();
    assert!(answer.get("errors").is_none(), "the programme query failed: {}", answer["errors"]);
    println!("response_bytes: {}", reference.len());
    println!("load_generator: {}", http_load::generator());
    let uncached_result = http_load::load(&format!("http://{addr}/graphql"), &body).await;
    uncached_result.print("uncached");
    println!("server_peak_rss_mb_uncached: {:.1}", peak_rss_mb(&uncached));
    uncached.kill().ok();
    uncached.wait().ok();

    let (mut cached, addr, static_addr) = spawn_child(&db_url, 64, slug);
    let graphql = format!("http://{addr}/graphql");
    let cached_result = http_load::load(&graphql, &body).await;
    cached_result.print("cached");
    let ceiling = http_load::load(&format!("http://{static_addr}/static"), &body).await;
    ceiling.print("static_ceiling");
    // What phones send: the cache keeps each coding, made once; the ceiling serves the same
    // compressed bytes from a bare handler.
    let mut ratios = Vec::new();
    for coding in ["gzip", "br"] {
        let request = http_load::Request::post(graphql.clone(), &body).header("accept-encoding", coding);
        let bytes = fetch_request(&request).await;
        println!("response_bytes_{coding}: {}", bytes.len());
        let served = http_load::load_request(&request).await;
        served.print(&format!("cached_{coding}"));
        let static_url = format!("http://{static_addr}/static-{coding}");
        let ceiling = http_load::load_request(&http_load::Request::post(static_url, &body)).await;
        ceiling.print(&format!("static_ceiling_{coding}"));
        ratios.push((coding, served.rps / ceiling.rps));
    }
    // A persisted query by hash over GET: a short URL, cached like the document itself.
    let apq = persisted_get(&graphql, slug).await.header("accept-encoding", "br");
    println!("apq_get_url_bytes: {}", apq.url.len() - graphql.len());
    println!("full_get_url_bytes: {}", full_get_url_length(slug));
    let apq_result = http_load::load_request(&apq).await;
    apq_result.print("apq_get_br");
    println!("server_peak_rss_mb: {:.1}", peak_rss_mb(&cached));
    cached.kill().ok();
    cached.wait().ok();

    println!("uncached_to_ceiling: {:.3}", uncached_result.rps / ceiling.rps);
    println!("cached_to_ceiling: {:.3}", cached_result.rps / ceiling.rps);
    for (coding, ratio) in ratios {
        println!("cached_{coding}_to_ceiling_{coding}: {ratio:.3}");
    }
}

/// The full-programme query as an automatic persisted query: registered once by POST, then
/// the GET a phone sends (`?extensions=…&variables=…`).
async fn persisted_get(graphql: &str, slug: Option<&str>) -> http_load::Request {
    use sha2::Digest;
    let query = full_programme_query(slug);
    let hash: String = sha2::Sha256::digest(query.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } }).to_string();
    let variables = json!({ "first": 2000 }).to_string();
    let register = json!({ "query": query, "variables": { "first": 2000 }, "extensions": serde_json::from_str::<serde_json::Value>(&extensions).unwrap() });
    fetch(graphql, &Bytes::from(register.to_string())).await;
    let url = reqwest::Url::parse_with_params(graphql, [("extensions", extensions), ("variables", variables)]).unwrap();
    let request = http_load::Request::get(url.to_string());
    let answer: serde_json::Value = serde_json::from_slice(&fetch_request(&request).await).unwrap();
    assert!(answer.get("errors").is_none(), "the persisted query failed: {answer}");
    request
}

/// The fields the full-programme query reads of each session, for a delta that reads the same.
fn session_fields() -> &'static str {
    let start = FULL_PROGRAMME.find("id slug kind status").unwrap();
    let end = FULL_PROGRAMME.find("      } }\n    }").unwrap();
    &FULL_PROGRAMME[start..end]
}

/// The length of the full-programme query sent as a GET URL's parameters.
fn full_get_url_length(slug: Option<&str>) -> usize {
    let variables = json!({ "first": 2000 }).to_string();
    let url = reqwest::Url::parse_with_params(
        "http://x/graphql",
        [("query", full_programme_query(slug)), ("variables", variables)],
    )
    .unwrap();
    url.as_str().len() - "http://x/graphql".len()
}

/// Catching up after one edit with `changedSince`, against reading the whole programme
/// again: bytes and server time (median of 21 reads each, nothing cached).
async fn delta_sync() {
    const READS: usize = 21;
    let app = spawn_app_with(TestOptions { cache_bytes: 0, ..Default::default() }).await;
    let organiser = app.signed_in(sanad_schema::entities::enums::Role::Organizer, "Bench Organiser").await;
    let version =
        app.graphql("{ conference { programmeVersion } }", json!({})).await["data"]["conference"]["programmeVersion"]
            .as_i64()
            .unwrap();
    let sessions = app.session_ids().await;
    let cancelled = app
        .graphql_with_token(
            "mutation($id: ID!) { cancelSession(id: $id) { status } }",
            json!({ "id": sessions["ws-employment"] }),
            &organiser,
        )
        .await;
    assert!(cancelled.get("errors").is_none(), "{cancelled}");
    let delta = format!(
        "query($since: Int!) {{ conference {{ changedSince(since: $since) {{ version complete conferenceChanged \
         venueChanged sessions {{ ...S }} speakers {{ id }} rooms {{ id }} tracks {{ id }} documents {{ id }} \
         glossary {{ id }} pointsOfInterest {{ id }} routes {{ id }} deletions {{ id }} }} }} }} \
         fragment S on Session {{ {} }}",
        session_fields()
    );
    let time = |query: String, variables: serde_json::Value| {
        let app = &app;
        async move {
            let mut times = Vec::with_capacity(READS);
            let mut bytes = 0;
            for _ in 0..READS {
                let started = std::time::Instant::now();
                let body = app
                    .client
                    .post(app.url("/graphql"))
                    .json(&json!({ "query": query, "variables": variables }))
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
                times.push(started.elapsed());
                let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
                assert!(answer.get("errors").is_none(), "{answer}");
                bytes = body.len();
            }
            times.sort_unstable();
            (bytes, times[READS / 2].as_secs_f64() * 1000.0)
        }
    };
    let (delta_bytes, delta_ms) = time(delta, json!({ "since": version })).await;
    let (full_bytes, full_ms) = time(FULL_PROGRAMME.to_owned(), json!({ "first": 2000 })).await;
    println!("delta_after_one_edit_bytes: {delta_bytes}");
    println!("delta_after_one_edit_p50_ms: {delta_ms:.2}");
    println!("full_reread_bytes: {full_bytes}");
    println!("full_reread_p50_ms: {full_ms:.2}");
    println!("delta_to_full_bytes: {:.4}", delta_bytes as f64 / full_bytes as f64);
    app.server.shutdown().await.unwrap();
}

/// SQL statements of the full-programme query on an in-process server, then again (none: one
/// snapshot per programme version). `served`: this is the programme the load runs on, whose
/// size is printed first as `programme_sessions`.
async fn statements(app: TestApp, label: &str, slug: Option<&str>, served: bool) {
    let query = full_programme_query(slug);
    let before = app.metric("sanad_sql_statements_total").await;
    let response = app.graphql(&query, json!({ "first": 2000 })).await;
    let after = app.metric("sanad_sql_statements_total").await;
    assert!(response.get("errors").is_none(), "the programme query failed: {}", response["errors"]);
    let sessions = &response["data"]["conference"]["sessions"];
    if served {
        println!("programme_sessions: {}", sessions["totalCount"]);
    }
    println!("sessions_{label}: {}", sessions["edges"].as_array().map_or(0, Vec::len));
    println!("sql_statements_{label}: {}", after - before);
    app.graphql(&query, json!({ "first": 2000 })).await;
    println!("sql_statements_{label}_repeated: {}", app.metric("sanad_sql_statements_total").await - after);
    // Its background work (push worker, reminder scans every 200 ms over 2,000 sessions)
    // would otherwise go on taking CPU from the measured server.
    app.server.shutdown().await.unwrap();
}

/// The server child on `db_url`: the demo, or (`slug`) the conference already there.
fn spawn_child(db_url: &str, cache_mb: u64, slug: Option<&str>) -> (Child, String, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["serve-child", db_url, &cache_mb.to_string()])
        .args(slug)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let mut parts = line.split_whitespace();
    let (addr, static_addr) = (parts.next().unwrap().to_owned(), parts.next().unwrap().to_owned());
    (child, addr, static_addr)
}

/// The server process (`serve-child DB_URL CACHE_MB [SLUG]`): the demo, or the conference
/// `SLUG` already in the database, plus a bare axum handler serving the same bytes as the
/// full-programme response (the ceiling).
async fn serve_child(args: &[String]) {
    let database = DatabaseTarget::from_config(Some(&args[0]), std::path::Path::new(".")).unwrap();
    let cache_mb: u64 = args[1].parse().unwrap();
    let slug = args.get(2).map(String::as_str);
    let config = ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database,
        demo: slug.is_none(),
        clock: Clock::parse(sanad_tests::DEMO_NOW).unwrap(),
        cors: CorsPolicy::Any,
        cache_bytes: cache_mb << 20,
        introspection: true,
        accounts: Default::default(),
        sign_in_limits: Default::default(),
        trust_forwarded_for: false,
        data_key: sanad_schema::service::secrets::Secret::new(
            sanad_schema::service::accommodation::sealing::Sealer::generate_key(),
        ),
        push: sanad_api::push::PushConfig::new(sanad_api::push::vapid::generate(), "mailto:bench@sanad.invalid".into()),
        ws_init_timeout: std::time::Duration::from_secs(10),
        protection: Default::default(),
        public_url: None,
        programme_source: None,
        trusted_operations: None,
    };
    let server = start(config).await.unwrap();
    let graphql = format!("http://{}/graphql", server.addr);
    let reference = fetch(&graphql, &full_programme_body(slug)).await;
    let compressed = |coding: &'static str| {
        let request =
            http_load::Request::post(graphql.clone(), &full_programme_body(slug)).header("accept-encoding", coding);
        async move { fetch_request(&request).await }
    };
    let (gzip, brotli) = (compressed("gzip").await, compressed("br").await);
    let serve = |bytes: Bytes, coding: Option<&'static str>| {
        axum::routing::post(move || {
            let bytes = bytes.clone();
            async move {
                let mut response = axum::response::IntoResponse::into_response((
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    bytes,
                ));
                if let Some(coding) = coding {
                    response
                        .headers_mut()
                        .insert(axum::http::header::CONTENT_ENCODING, axum::http::HeaderValue::from_static(coding));
                }
                response
            }
        })
    };
    let app = axum::Router::new()
        .route("/static", serve(reference, None))
        .route("/static-gzip", serve(gzip, Some("gzip")))
        .route("/static-br", serve(brotli, Some("br")));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("{} {}", server.addr, listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    server.wait().await.ok();
}

/// The full-programme query: of the default conference (the demo), or of the one named.
fn full_programme_query(slug: Option<&str>) -> String {
    let Some(slug) = slug else { return FULL_PROGRAMME.to_owned() };
    let named = format!("conference(slug: {}) {{", json!(slug));
    let query = FULL_PROGRAMME.replacen("conference {", &named, 1);
    assert!(query.contains(&named), "the full-programme query names its conference");
    query
}

/// The POST body of the full-programme query, every session on one page.
fn full_programme_body(slug: Option<&str>) -> Bytes {
    Bytes::from(json!({ "query": full_programme_query(slug), "variables": { "first": 2000 } }).to_string())
}

/// The bytes of one answer to `request`, as sent (compressed when it asks for a coding).
async fn fetch_request(request: &http_load::Request) -> Bytes {
    let client = reqwest::Client::new();
    let mut builder = match &request.body {
        Some(body) => client.post(&request.url).header("content-type", "application/json").body(body.clone()),
        None => client.get(&request.url),
    };
    for (name, value) in &request.headers {
        builder = builder.header(*name, value);
    }
    let response = builder.send().await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.bytes().await.unwrap()
}

async fn fetch(url: &str, body: &Bytes) -> Bytes {
    let client = reqwest::Client::new();
    let response = client.post(url).header("content-type", "application/json").body(body.clone()).send().await.unwrap();
    assert!(response.status().is_success());
    response.bytes().await.unwrap()
}

/// Peak resident memory of a process, from /proc (VmHWM).
fn peak_rss_mb(child: &Child) -> f64 {
    std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|status| {
            status.lines().find_map(|l| {
                l.strip_prefix("VmHWM:").and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}
