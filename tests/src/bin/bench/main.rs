//! Benchmarks. Prints `name: value` lines; never asserts on time (machines here are noisy).
//!
//! `cargo run --release -p sanad-tests --bin bench -- programme`
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
use sanad_tests::{FULL_PROGRAMME, TestOptions, spawn_app_with, synthetic};
use serde_json::json;

/// The same allocator as the `sanad` binary, so the in-process server behaves like it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    match args.first().map(String::as_str) {
        Some("programme") => runtime.block_on(programme()),
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

/// The full-programme query: statements at two sizes, then throughput and latency.
async fn programme() {
    println!("cores: {}", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0));
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
        let app = spawn_app_with(options).await;
        let before = app.metric("sanad_sql_statements_total").await;
        let response = app.graphql(FULL_PROGRAMME, json!({ "first": 2000 })).await;
        let after = app.metric("sanad_sql_statements_total").await;
        let sessions = response["data"]["conference"]["sessions"]["edges"].as_array().map_or(0, Vec::len);
        println!("sessions_{label}: {sessions}");
        println!("sql_statements_{label}: {}", after - before);
        // Queries share one snapshot of the programme per version: asked again, none.
        app.graphql(FULL_PROGRAMME, json!({ "first": 2000 })).await;
        println!("sql_statements_{label}_repeated: {}", app.metric("sanad_sql_statements_total").await - after);
        // Its background work (push worker, reminder scans every 200 ms over 2,000 sessions)
        // would otherwise go on taking CPU from the measured server.
        app.server.shutdown().await.unwrap();
    }

    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite:{}", dir.path().join("sanad.db").display());
    let body = full_programme_body();

    let (mut uncached, addr, _) = spawn_child(&db_url, 0);
    let reference = fetch(&format!("http://{addr}/graphql"), &body).await;
    println!("response_bytes: {}", reference.len());
    println!("load_generator: {}", http_load::generator());
    let uncached_result = http_load::load(&format!("http://{addr}/graphql"), &body).await;
    uncached_result.print("uncached");
    println!("server_peak_rss_mb_uncached: {:.1}", peak_rss_mb(&uncached));
    uncached.kill().ok();
    uncached.wait().ok();

    let (mut cached, addr, static_addr) = spawn_child(&db_url, 64);
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

fn spawn_child(db_url: &str, cache_mb: u64) -> (Child, String, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["serve-child", db_url, &cache_mb.to_string()])
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

/// The server process: the demo on SQLite, plus a bare axum handler serving the same bytes as
/// the full-programme response (the ceiling).
async fn serve_child(args: &[String]) {
    let database = DatabaseTarget::from_config(Some(&args[0]), std::path::Path::new(".")).unwrap();
    let cache_mb: u64 = args[1].parse().unwrap();
    let config = ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database,
        demo: true,
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
    let reference = fetch(&format!("http://{}/graphql", server.addr), &full_programme_body()).await;
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

/// The POST body of the full-programme query, every session on one page.
fn full_programme_body() -> Bytes {
    Bytes::from(json!({ "query": FULL_PROGRAMME, "variables": { "first": 2000 } }).to_string())
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
