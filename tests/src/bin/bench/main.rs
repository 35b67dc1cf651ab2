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
        Some("import-child") => runtime.block_on(import::import_child(&args[1..])),
        Some("serve-push-child") => runtime.block_on(push::serve_push_child(&args[1..])),
        Some("serve-child") => runtime.block_on(serve_child(&args[1..])),
        _ => {
            eprintln!("usage: bench programme|requests|push|load|ws|import|hostile");
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
    let cached_result = http_load::load(&format!("http://{addr}/graphql"), &body).await;
    cached_result.print("cached");
    let ceiling = http_load::load(&format!("http://{static_addr}/static"), &body).await;
    ceiling.print("static_ceiling");
    println!("server_peak_rss_mb: {:.1}", peak_rss_mb(&cached));
    cached.kill().ok();
    cached.wait().ok();

    println!("uncached_to_ceiling: {:.3}", uncached_result.rps / ceiling.rps);
    println!("cached_to_ceiling: {:.3}", cached_result.rps / ceiling.rps);
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
    };
    let server = start(config).await.unwrap();
    let reference = fetch(&format!("http://{}/graphql", server.addr), &full_programme_body(slug)).await;
    let app = axum::Router::new().route(
        "/static",
        axum::routing::post(move || {
            let reference = reference.clone();
            async move { ([(axum::http::header::CONTENT_TYPE, "application/json")], reference) }
        }),
    );
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
