//! `bench push`: one announcement fanned out to every subscription, delivered to the strict
//! local push service (which checks each message's headers and VAPID signature as it arrives
//! and decrypts every one after the timed window). Run at
//! 1,000 and then 10,000 subscriptions, with the server's resident memory sampled during each,
//! to show it stays flat (the outbox is streamed in batches, never loaded at once). In the same
//! run, the encryption-only ceiling: messages built (encrypted and signed) per second without
//! HTTP, on as many threads as the machine has cores.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sanad_api::db::{self, DatabaseTarget};
use sanad_schema::entities::conference;
use sanad_schema::entities::enums::Role;
use sanad_schema::service::accounts::{AccountPolicy, NewPerson, create_person};
use sanad_tests::push_service::{Device, PushService};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use serde_json::json;

const SMALL: usize = 1_000;
const LARGE: usize = 10_000;

pub async fn push() {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("cores: {cores}");
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite:{}", dir.path().join("sanad.db").display());
    let (mut child, addr) = spawn_push_child(&db_url);
    let target = DatabaseTarget::from_config(Some(&db_url), dir.path()).unwrap();
    let db = db::open(&target, Default::default()).await.unwrap();
    // The service checks every header and signature as messages arrive, and decrypts them all
    // after each timed window: a real push service never decrypts, and the sender's rate is
    // what is measured.
    let push = PushService::start_deferred().await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let organiser = organiser_token(&db, &client, &addr).await;

    let mut devices: Vec<Device> = Vec::with_capacity(LARGE);
    let (mut delivered_before, mut fanout_rate) = (0, 0.0);
    for size in [SMALL, LARGE] {
        let added: Vec<Device> = (devices.len()..size).map(|_| push.new_device()).collect();
        sanad_tests::seed::push_subscribers(&db, &added, devices.len()).await;
        devices.extend(added);
        let sampling = Arc::new(AtomicBool::new(true));
        let peak = sample_rss(child.id(), sampling.clone());
        let started = Instant::now();
        announce(&client, &addr, &organiser, size).await;
        let reached = push.wait_for_total(delivered_before + size, Duration::from_secs(120)).await;
        let elapsed = started.elapsed();
        sampling.store(false, Ordering::Relaxed);
        let peak_mb = peak.await.unwrap();
        let delivered = reached - delivered_before;
        delivered_before = reached;
        println!("fanout_{size}_delivered: {delivered}");
        println!("fanout_{size}_seconds_to_last: {:.2}", elapsed.as_secs_f64());
        fanout_rate = delivered as f64 / elapsed.as_secs_f64();
        println!("fanout_{size}_per_second: {fanout_rate:.0}");
        println!("fanout_{size}_server_peak_rss_mb: {peak_mb:.1}");
        println!("fanout_{size}_decrypted_afterwards: {}", push.decrypt_deferred());
    }
    println!("push_service_violations: {}", push.violations().len());
    child.kill().ok();
    child.wait().ok();

    let ceiling = encryption_ceiling(&devices[..LARGE], cores);
    println!("encryption_only_per_second: {ceiling:.0}");
    println!("fanout_to_encryption_ratio: {:.3}", fanout_rate / ceiling);
}

fn spawn_push_child(db_url: &str) -> (Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["serve-push-child", db_url])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    (child, line.trim().to_owned())
}

/// The server for `bench push`: the demo, sending to loopback push services.
pub async fn serve_push_child(args: &[String]) {
    let database = DatabaseTarget::from_config(Some(&args[0]), std::path::Path::new(".")).unwrap();
    let mut push =
        sanad_api::push::PushConfig::new(sanad_api::push::vapid::generate(), "mailto:bench@sanad.invalid".into());
    push.policy.allow_loopback = true;
    let config = sanad_api::server::ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database,
        demo: true,
        clock: sanad_schema::service::clock::Clock::parse(sanad_tests::DEMO_NOW).unwrap(),
        cors: sanad_api::http::CorsPolicy::Any,
        cache_bytes: 0,
        introspection: true,
        accounts: Default::default(),
        sign_in_limits: Default::default(),
        trust_forwarded_for: false,
        data_key: sanad_schema::service::secrets::Secret::new(
            sanad_schema::service::accommodation::sealing::Sealer::generate_key(),
        ),
        push,
        ws_init_timeout: std::time::Duration::from_secs(10),
        protection: Default::default(),
        public_url: None,
        programme_source: None,
        trusted_operations: None,
    };
    let server = sanad_api::server::start(config).await.unwrap();
    println!("{}", server.addr);
    server.wait().await.unwrap();
}

async fn organiser_token(db: &DatabaseConnection, client: &reqwest::Client, addr: &str) -> String {
    let conference = conference::Entity::find().order_by_asc(conference::Column::Id).one(db).await.unwrap().unwrap();
    let new = NewPerson {
        role: Role::Organizer,
        name: "Bench Lead".into(),
        organisation: None,
        delegation: None,
        languages: vec!["en".into()],
    };
    let code = create_person(db, conference.id, new, chrono::Utc::now(), &AccountPolicy::default()).await.unwrap().code;
    let signed =
        graphql(client, addr, None, "mutation($c: String!) { signIn(code: $c) { token } }", json!({ "c": code })).await;
    signed["data"]["signIn"]["token"].as_str().unwrap().to_owned()
}

async fn graphql(
    client: &reqwest::Client,
    addr: &str,
    token: Option<&str>,
    query: &str,
    variables: serde_json::Value,
) -> serde_json::Value {
    let mut request =
        client.post(format!("http://{addr}/graphql")).json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().json().await.unwrap()
}

async fn announce(client: &reqwest::Client, addr: &str, token: &str, size: usize) {
    let texts = |v: &str| json!([{ "lang": "en", "value": v }, { "lang": "fr", "value": v }, { "lang": "ar", "value": format!("{v} بالعربية") }]);
    let input = json!({
        "severity": "CHANGE",
        "title": texts(&format!("Plenary moved ({size})")),
        "whatChanged": texts("The closing plenary moves from Hall A to Hall B, ground floor, step-free entrance on the east side."),
        "whatToDo": texts("Follow the signs from the registration desk; volunteers in green can guide you."),
    });
    let published = graphql(
        client,
        addr,
        Some(token),
        "mutation($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }",
        json!({ "input": input }),
    )
    .await;
    assert!(published.get("errors").is_none(), "{published}");
}

/// Samples a process's resident memory every 20 ms until told to stop; resolves to the peak.
fn sample_rss(pid: u32, running: Arc<AtomicBool>) -> tokio::task::JoinHandle<f64> {
    tokio::spawn(async move {
        let mut peak: f64 = 0.0;
        while running.load(Ordering::Relaxed) {
            if let Some(kb) = std::fs::read_to_string(format!("/proc/{pid}/status")).ok().and_then(|s| {
                s.lines().find_map(|l| {
                    l.strip_prefix("VmRSS:").and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                })
            }) {
                peak = peak.max(kb / 1024.0);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        peak
    })
}

/// Messages encrypted and signed per second, as the sender builds them, without HTTP.
fn encryption_ceiling(devices: &[Device], threads: usize) -> f64 {
    use web_push::{ContentEncoding, SubscriptionInfo, VapidSignatureBuilder, WebPushMessageBuilder};
    let key = sanad_api::push::vapid::generate();
    let payload = vec![b'x'; 420];
    let started = Instant::now();
    std::thread::scope(|scope| {
        for part in devices.chunks(devices.len().div_ceil(threads)) {
            let (key, payload) = (&key, &payload);
            scope.spawn(move || {
                let first = SubscriptionInfo::new(&part[0].endpoint, &part[0].p256dh, &part[0].auth);
                let mut signer = VapidSignatureBuilder::from_base64(key, &first).unwrap();
                signer.add_claim("sub", "mailto:bench@sanad.invalid");
                let signature = signer.build().unwrap();
                for device in part {
                    let info = SubscriptionInfo::new(&device.endpoint, &device.p256dh, &device.auth);
                    let mut builder = WebPushMessageBuilder::new(&info);
                    builder.set_payload(ContentEncoding::Aes128Gcm, payload);
                    builder.set_vapid_signature(signature.clone());
                    std::hint::black_box(builder.build().unwrap());
                }
            });
        }
    });
    devices.len() as f64 / started.elapsed().as_secs_f64()
}
