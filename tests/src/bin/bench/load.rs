//! `bench load`: 500 simulated delegates (`SANAD_BENCH_DELEGATES`) and 5 coordinators on
//! loopback for `SANAD_BENCH_SECONDS` (60 by default), each a task with its own token and connection pool,
//! pausing between actions like a person (`SANAD_BENCH_THINK_MS`, 1000 by default: an
//! exponential pause of that mean). Delegates read the programme as phones do (anonymous
//! `GET /graphql`, revalidating with `If-None-Match` when they hold an ETag), read their agenda,
//! add and remove sessions, submit accommodation requests (a fresh idempotency key each) and read
//! them, accepting an alternative or answering a question when one waits. Coordinators each
//! take some services: they read their queue and move its most urgent item one legal step.
//! Reports, per operation, count, errors, p50 and p99; then throughput and the server's peak
//! memory. Every failure counts: HTTP non-2xx (a 304 is a success), GraphQL errors, transport.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use sanad_schema::entities::enums::Role;
use sanad_schema::service::accommodation::requests::give_consent;
use sanad_tests::FULL_PROGRAMME;
use serde_json::{Value, json};

use crate::common::{self, Failure, Rng, Server};

/// Delegates by default; `SANAD_BENCH_DELEGATES` sets another number (to find the most one
/// machine holds with no errors and p99 within 200 ms, run it at rising numbers).
const DELEGATES: usize = 500;
const COORDINATORS: usize = 5;
/// Sign-ins in flight at once while setting up.
const SIGN_IN_CONCURRENCY: usize = 16;
/// Distinct error messages printed to stderr.
const ERRORS_SHOWN: usize = 12;

const SERVICES: [&str; 18] = [
    "SIGN_LANGUAGE_INTERPRETATION",
    "LIVE_CAPTIONING",
    "BRAILLE_DOCUMENTS",
    "LARGE_PRINT",
    "ACCESSIBLE_DIGITAL_DOCUMENTS",
    "ASSISTIVE_LISTENING",
    "PERSONAL_ASSISTANT",
    "SERVICE_ANIMAL",
    "SIGHTED_GUIDE",
    "MOBILITY_AID_LOAN",
    "ACCESSIBLE_SEATING",
    "PRIORITY_SCREENING",
    "ACCESSIBLE_TRANSPORT",
    "ACCESSIBLE_HOTEL_ROOM",
    "SPEAKING_ACCOMMODATIONS",
    "QUIET_SPACE",
    "DIETARY",
    "OTHER",
];

const AGENDA_READ: &str = "{ me { agenda { id status } agendaClashes { kind minutes } } }";
const AGENDA_ADD: &str = "mutation($id: ID!) { addToMyAgenda(sessionId: $id) { agenda { id } } }";
const AGENDA_REMOVE: &str = "mutation($id: ID!) { removeFromMyAgenda(sessionId: $id) { agenda { id } } }";
const SUBMIT: &str = "mutation($key: String!, $items: [RequestItemInput!]!) { submitAccommodationRequest(idempotencyKey: $key, items: $items) { id items { id status } } }";
const REQUESTS_READ: &str =
    "{ me { accommodationRequests { id submittedAt items { id serviceType status version late } } } }";
const MOVE: &str = "mutation($id: ID!, $to: ItemStatus!, $v: Int!, $reason: String, $booking: String) { moveRequestItem(itemId: $id, to: $to, expectedVersion: $v, reason: $reason, bookingReference: $booking) { id status version } }";
const ANSWER: &str =
    "mutation($id: ID!, $body: String!) { sendRequestMessage(itemId: $id, body: $body) { id status version } }";
const QUEUE: &str = "query($services: [ServiceType!]) { conference { accommodationQueue(first: 20, serviceType: $services, status: [SUBMITTED, IN_REVIEW, APPROVED, ARRANGING, CONFIRMED]) { totalCount nodes { id status version } } } }";
/// The operations that are mutations (rate-limited per token and per address).
const MUTATIONS: [&str; 6] =
    ["agenda_add", "agenda_remove", "request_submit", "request_accept", "request_answer", "item_move"];
const DETAILS: &str = "I will come with my guide dog and need seating at the end of a row near the door.";

pub async fn load() {
    let seconds: u64 = env_number("SANAD_BENCH_SECONDS", 60);
    let think_ms: u64 = env_number("SANAD_BENCH_THINK_MS", 1000).max(1);
    let delegates_n = usize::try_from(env_number("SANAD_BENCH_DELEGATES", DELEGATES as u64)).unwrap().max(1);
    let server = Server::start().await;
    let url = server.url();
    println!("load_seconds: {seconds}");
    println!("load_delegates: {delegates_n}");
    println!("load_coordinators: {COORDINATORS}");
    println!("load_think_ms_mean: {think_ms}");
    // Each person acts once per pause (plus the time the server takes): the most offered.
    let offered = (delegates_n + COORDINATORS) as f64 * 1000.0 / think_ms as f64;
    println!("load_offered_ops_per_second: {offered:.0}");

    let setup_client = common::client();
    let sessions = common::post(
        &setup_client,
        &url,
        None,
        "en",
        "{ conference { sessions(first: 2000) { edges { node { id } } } } }",
        json!({}),
    )
    .await
    .unwrap_or_else(|f| panic!("sessions: {f:?}"));
    let sessions: Arc<Vec<String>> = Arc::new(
        sessions["conference"]["sessions"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect(),
    );
    println!("load_programme_sessions: {}", sessions.len());

    let started = Instant::now();
    let delegates = server.people(Role::Delegate, "Delegate", delegates_n).await;
    for invited in &delegates {
        give_consent(&server.db, &invited.person, 1, "en", server.now).await.unwrap();
    }
    let coordinators = server.people(Role::Coordinator, "Coordinator", COORDINATORS).await;
    println!("load_setup_people_seconds: {:.1}", started.elapsed().as_secs_f64());

    // Everyone signs in over HTTP before the timed window, each on their own client.
    let started = Instant::now();
    let codes: Vec<(usize, String)> =
        delegates.iter().chain(&coordinators).map(|i| i.code.clone()).enumerate().collect();
    let signed: Vec<(usize, reqwest::Client, String, u32)> = futures::stream::iter(codes)
        .map(|(n, code)| {
            let url = url.clone();
            async move {
                let client = common::client_from(n);
                let (token, waits) = common::sign_in(&client, &url, &code).await;
                (n, client, token, waits)
            }
        })
        .buffer_unordered(SIGN_IN_CONCURRENCY)
        .collect()
        .await;
    println!("load_setup_sign_in_seconds: {:.1}", started.elapsed().as_secs_f64());
    println!("load_setup_sign_in_rate_limited_waits: {}", signed.iter().map(|s| u64::from(s.3)).sum::<u64>());
    let mut signed: Vec<_> = signed.into_iter().map(|(n, client, token, _)| (n, client, token)).collect();
    signed.sort_by_key(|s| s.0);

    let errors = Arc::new(Errors::default());
    let think = Duration::from_millis(think_ms);
    let pids = server.pids();
    let cpu_before: f64 = pids.iter().map(|p| cpu_seconds(*p)).sum();
    // Delegates and coordinators are spread over the instances, as a load balancer would.
    let urls: Vec<String> = server.addrs().iter().map(|a| format!("http://{a}/graphql")).collect();
    let generator_cpu_before = cpu_seconds(std::process::id());
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let mut tasks = Vec::with_capacity(signed.len());
    for (n, client, token) in signed {
        let recorder = Recorder::new(errors.clone());
        let rng = Rng::new(n as u64 + 1);
        let url = urls[n % urls.len()].clone();
        if n < delegates_n {
            let person = Delegate {
                client,
                token,
                url,
                lang: ["en", "fr", "ar"][n % 3],
                sessions: sessions.clone(),
                agenda: Vec::new(),
                etag: None,
                follow_up: None,
            };
            tasks.push(tokio::spawn(async move { person.run(recorder, rng, think, deadline).await }));
        } else {
            let k = n - delegates_n;
            let services: Vec<&'static str> =
                SERVICES.iter().enumerate().filter(|(i, _)| i % COORDINATORS == k).map(|(_, s)| *s).collect();
            let person = Coordinator { client, token, url, services };
            tasks.push(tokio::spawn(async move { person.run(recorder, rng, think, deadline).await }));
        }
    }
    let mut ops: BTreeMap<&'static str, Op> = BTreeMap::new();
    for task in tasks {
        for (name, op) in task.await.unwrap().ops {
            let merged = ops.entry(name).or_default();
            merged.latencies_ms.extend(op.latencies_ms);
            merged.errors += op.errors;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let cpu = pids.iter().map(|p| cpu_seconds(*p)).sum::<f64>() - cpu_before;
    let generator_cpu = cpu_seconds(std::process::id()) - generator_cpu_before;

    let (mut all, mut total, mut errors_total, mut mutations) = (Vec::new(), 0u64, 0u64, 0u64);
    for (name, op) in &mut ops {
        op.latencies_ms.sort_by(f64::total_cmp);
        let count = op.latencies_ms.len() as u64 + op.errors;
        println!("load_{name}_count: {count}");
        println!("load_{name}_errors: {}", op.errors);
        println!("load_{name}_p50_ms: {:.2}", common::quantile(&op.latencies_ms, 0.5));
        println!("load_{name}_p99_ms: {:.2}", common::quantile(&op.latencies_ms, 0.99));
        all.extend_from_slice(&op.latencies_ms);
        total += count;
        errors_total += op.errors;
        if MUTATIONS.contains(name) {
            mutations += count;
        }
    }
    all.sort_by(f64::total_cmp);
    println!("load_elapsed_seconds: {elapsed:.1}");
    println!("load_operations_total: {total}");
    println!("load_throughput_ops_per_second: {:.1}", total as f64 / elapsed);
    // Spread over 200 loopback addresses (or all from one with SANAD_BENCH_ONE_ADDRESS=1, like
    // a venue behind one NAT): what the per-address limit sees.
    println!("load_mutations_per_second: {:.1}", mutations as f64 / elapsed);
    println!("load_errors_total: {errors_total}");
    println!("load_rate_limited_total: {}", errors.count_code("RATE_LIMITED"));
    println!("load_p50_ms_all: {:.2}", common::quantile(&all, 0.5));
    println!("load_p99_ms_all: {:.2}", common::quantile(&all, 0.99));
    // Held: no errors at all and p99 within 200 ms (issue 15's capacity criterion).
    let held = errors_total == 0 && common::quantile(&all, 0.99) <= 200.0;
    println!("load_held: {}", u8::from(held));
    // Both share the machine: a generator near a core means the figures are partly its own.
    println!("load_server_cpu_cores_busy: {:.2}", cpu / elapsed);
    println!("load_generator_cpu_cores_busy: {:.2}", generator_cpu / elapsed);
    println!("load_server_rss_mb_end: {:.1}", server.rss_mb());
    println!("load_server_peak_rss_mb: {:.1}", server.peak_rss_mb());
    errors.summary();
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

/// The server's CPU time so far (user and system), from /proc (100 ticks a second on Linux).
fn cpu_seconds(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            // Fields after the command name, which is in parentheses and may hold spaces.
            let rest = stat.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(f64::NAN)
}

/// The distinct failures of the run, by operation, code and message.
#[derive(Default)]
struct Errors {
    seen: Mutex<HashMap<String, (String, u64)>>,
}

impl Errors {
    fn record(&self, op: &str, failure: &Failure) {
        let key = format!("{op}: {}: {}", failure.code, failure.message);
        let mut seen = self.seen.lock().unwrap();
        let shown = seen.len();
        let entry = seen.entry(key.clone()).or_insert_with(|| {
            if shown < ERRORS_SHOWN {
                eprintln!("load error: {key}");
            }
            (failure.code.clone(), 0)
        });
        entry.1 += 1;
    }

    fn count_code(&self, code: &str) -> u64 {
        self.seen.lock().unwrap().values().filter(|(c, _)| c.contains(code)).map(|(_, n)| n).sum()
    }

    fn summary(&self) {
        let seen = self.seen.lock().unwrap();
        let mut lines: Vec<_> = seen.iter().collect();
        lines.sort_by_key(|line| std::cmp::Reverse(line.1.1));
        for (key, (_, count)) in lines.into_iter().take(ERRORS_SHOWN) {
            eprintln!("load errors x{count}: {key}");
        }
    }
}

#[derive(Default)]
struct Op {
    latencies_ms: Vec<f64>,
    errors: u64,
}

/// One person's measurements: latencies of successes, and failures, per operation.
struct Recorder {
    ops: HashMap<&'static str, Op>,
    errors: Arc<Errors>,
}

impl Recorder {
    fn new(errors: Arc<Errors>) -> Self {
        Self { ops: HashMap::new(), errors }
    }

    fn record<T>(&mut self, name: &'static str, started: Instant, result: Result<T, Failure>) -> Option<T> {
        let op = self.ops.entry(name).or_default();
        match result {
            Ok(value) => {
                op.latencies_ms.push(started.elapsed().as_secs_f64() * 1000.0);
                Some(value)
            }
            Err(failure) => {
                op.errors += 1;
                self.errors.record(name, &failure);
                None
            }
        }
    }
}

/// A pause like a person's: exponential with mean `think`, at most five means.
async fn pause(rng: &mut Rng, think: Duration, deadline: Instant) -> bool {
    let factor = (-(1.0 - rng.unit()).ln()).min(5.0);
    tokio::time::sleep(think.mul_f64(factor)).await;
    Instant::now() < deadline
}

/// What a delegate does next, having read their requests.
enum FollowUp {
    /// An alternative was proposed: accept it.
    Accept { item: String, version: i64 },
    /// The desk asked a question: answer it.
    Answer { item: String },
}

struct Delegate {
    client: reqwest::Client,
    token: String,
    url: String,
    lang: &'static str,
    sessions: Arc<Vec<String>>,
    agenda: Vec<String>,
    etag: Option<String>,
    follow_up: Option<FollowUp>,
}

impl Delegate {
    async fn run(mut self, mut recorder: Recorder, mut rng: Rng, think: Duration, deadline: Instant) -> Recorder {
        // People do not start in step: the first pause is spread over one mean.
        tokio::time::sleep(think.mul_f64(rng.unit())).await;
        loop {
            if let Some(follow_up) = self.follow_up.take() {
                self.follow_up(&mut recorder, follow_up).await;
            } else {
                let roll = rng.below(100);
                match roll {
                    0..35 => self.programme(&mut recorder, &mut rng).await,
                    35..50 => self.agenda_read(&mut recorder).await,
                    50..65 => self.agenda_add(&mut recorder, &mut rng).await,
                    65..75 => self.agenda_remove(&mut recorder, &mut rng).await,
                    75..80 => self.submit(&mut recorder, &mut rng).await,
                    _ => self.requests_read(&mut recorder).await,
                }
            }
            if !pause(&mut rng, think, deadline).await {
                return recorder;
            }
        }
    }

    async fn call(&self, query: &str, variables: Value) -> Result<Value, Failure> {
        common::post(&self.client, &self.url, Some(&self.token), self.lang, query, variables).await
    }

    /// The whole programme, as a phone keeps it offline: anonymous, cacheable, over GET; most
    /// of the time revalidated with the ETag it holds.
    async fn programme(&mut self, recorder: &mut Recorder, rng: &mut Rng) {
        static QUERY: LazyLock<String> =
            LazyLock::new(|| FULL_PROGRAMME.split_whitespace().collect::<Vec<_>>().join(" "));
        let mut request = self
            .client
            .get(&self.url)
            .header("accept-language", self.lang)
            .query(&[("query", QUERY.as_str()), ("variables", r#"{"first":2000}"#)]);
        if let Some(etag) = self.etag.as_ref().filter(|_| rng.unit() < 0.7) {
            request = request.header("if-none-match", etag.as_str());
        }
        let started = Instant::now();
        let result = common::send(request, false).await;
        if let Some((_, Some(etag))) = recorder.record("programme", started, result) {
            self.etag = Some(etag);
        }
    }

    async fn agenda_read(&mut self, recorder: &mut Recorder) {
        let started = Instant::now();
        let result = self.call(AGENDA_READ, json!({})).await;
        if let Some(data) = recorder.record("agenda_read", started, result) {
            self.agenda = ids(&data["me"]["agenda"]);
        }
    }

    async fn agenda_add(&mut self, recorder: &mut Recorder, rng: &mut Rng) {
        let session = self.sessions[rng.below(self.sessions.len())].clone();
        let started = Instant::now();
        let result = self.call(AGENDA_ADD, json!({ "id": session })).await;
        if let Some(data) = recorder.record("agenda_add", started, result) {
            self.agenda = ids(&data["addToMyAgenda"]["agenda"]);
        }
    }

    async fn agenda_remove(&mut self, recorder: &mut Recorder, rng: &mut Rng) {
        if self.agenda.is_empty() {
            return self.agenda_add(recorder, rng).await;
        }
        let session = self.agenda[rng.below(self.agenda.len())].clone();
        let started = Instant::now();
        let result = self.call(AGENDA_REMOVE, json!({ "id": session })).await;
        if let Some(data) = recorder.record("agenda_remove", started, result) {
            self.agenda = ids(&data["removeFromMyAgenda"]["agenda"]);
        }
    }

    async fn submit(&mut self, recorder: &mut Recorder, rng: &mut Rng) {
        let items: Vec<Value> = (0..1 + rng.below(2))
            .map(|_| {
                json!({
                    "serviceType": SERVICES[rng.below(SERVICES.len())],
                    "details": DETAILS,
                    "sessionIds": [self.sessions[rng.below(self.sessions.len())]],
                })
            })
            .collect();
        let key = uuid::Uuid::new_v4().to_string();
        let started = Instant::now();
        let result = self.call(SUBMIT, json!({ "key": key, "items": items })).await;
        recorder.record("request_submit", started, result);
    }

    async fn requests_read(&mut self, recorder: &mut Recorder) {
        let started = Instant::now();
        let result = self.call(REQUESTS_READ, json!({})).await;
        let Some(data) = recorder.record("requests_read", started, result) else { return };
        let items = data["me"]["accommodationRequests"].as_array().into_iter().flatten().flat_map(|r| {
            r["items"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| (i["id"].clone(), i["status"].clone(), i["version"].clone()))
        });
        for (id, status, version) in items {
            let item = id.as_str().unwrap_or_default().to_owned();
            match status.as_str() {
                Some("ALTERNATIVE_PROPOSED") => {
                    self.follow_up = Some(FollowUp::Accept { item, version: version.as_i64().unwrap_or(0) });
                    return;
                }
                Some("NEEDS_INFO") => {
                    self.follow_up = Some(FollowUp::Answer { item });
                    return;
                }
                _ => {}
            }
        }
    }

    async fn follow_up(&mut self, recorder: &mut Recorder, follow_up: FollowUp) {
        let started = Instant::now();
        match follow_up {
            FollowUp::Accept { item, version } => {
                let result = self.call(MOVE, json!({ "id": item, "to": "APPROVED", "v": version })).await;
                recorder.record("request_accept", started, result);
            }
            FollowUp::Answer { item } => {
                let body = "Sessions on the first day only, please; I arrive on the evening before.";
                let result = self.call(ANSWER, json!({ "id": item, "body": body })).await;
                recorder.record("request_answer", started, result);
            }
        }
    }
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().into_iter().flatten().filter_map(|s| s["id"].as_str().map(str::to_owned)).collect()
}

/// An accessibility coordinator who handles some services: reads their queue, then moves its
/// most urgent item one step. Items waiting for the delegate (a question, an alternative)
/// are not theirs to move, and no two coordinators share a service, so a move never races
/// another's.
struct Coordinator {
    client: reqwest::Client,
    token: String,
    url: String,
    services: Vec<&'static str>,
}

impl Coordinator {
    async fn run(self, mut recorder: Recorder, mut rng: Rng, think: Duration, deadline: Instant) -> Recorder {
        tokio::time::sleep(think.mul_f64(rng.unit())).await;
        loop {
            let started = Instant::now();
            let result = self.call(QUEUE, json!({ "services": self.services })).await;
            let next = recorder.record("queue_read", started, result).and_then(|data| {
                let first = data["conference"]["accommodationQueue"]["nodes"].as_array()?.first()?.clone();
                Some(first)
            });
            if !pause(&mut rng, think, deadline).await {
                return recorder;
            }
            let Some(item) = next else { continue };
            let to = match item["status"].as_str() {
                Some("SUBMITTED") => "IN_REVIEW",
                Some("IN_REVIEW") => match rng.below(10) {
                    0 => "NEEDS_INFO",
                    1 => "ALTERNATIVE_PROPOSED",
                    2 => "DECLINED",
                    _ => "APPROVED",
                },
                Some("APPROVED") => "ARRANGING",
                Some("ARRANGING") => "CONFIRMED",
                Some("CONFIRMED") if rng.below(10) == 0 => "NOT_DELIVERED",
                Some("CONFIRMED") => "DELIVERED",
                _ => continue,
            };
            let reason = match to {
                "NEEDS_INFO" => Some("Which sessions do you need this for?"),
                "ALTERNATIVE_PROPOSED" => Some("We can offer a reserved seat in the front row instead."),
                "DECLINED" => Some("We cannot arrange this at the venue."),
                _ => None,
            };
            let booking = (to == "CONFIRMED").then(|| format!("BK-{}", rng.below(1_000_000)));
            let variables =
                json!({ "id": item["id"], "to": to, "v": item["version"], "reason": reason, "booking": booking });
            let started = Instant::now();
            let result = self.call(MOVE, variables).await;
            recorder.record("item_move", started, result);
            if !pause(&mut rng, think, deadline).await {
                return recorder;
            }
        }
    }

    async fn call(&self, query: &str, variables: Value) -> Result<Value, Failure> {
        common::post(&self.client, &self.url, Some(&self.token), "en", query, variables).await
    }
}
