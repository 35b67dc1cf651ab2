//! Faults, with real `sanad serve` processes on one database (SQLite by default, PostgreSQL
//! when `TEST_DATABASE_URL` is set). What these tests prove:
//!
//! - **SIGKILL during 200 submissions.** 200 delegates each submit one accommodation request
//!   with their own idempotency key, retrying with the same key until acknowledged, while the
//!   process is killed and started again on the same database. Every client is acknowledged,
//!   and each acknowledged request is stored exactly once, under the id the client was told,
//!   with the items it was submitted with (DESIGN §6: "a retried submit returns the first
//!   result, never a duplicate"). Each client sends its first try twice at once, as a phone
//!   does when its first try seems lost, so a server without the idempotency defence stores
//!   duplicates whether or not the kill happens to cut off an answer after its commit. The
//!   clients press "submit" 10 ms apart, so the kill finds requests in every state (answered,
//!   committed but unanswered, mid-transaction, not yet sent); that spacing shapes the load
//!   only, and no assertion depends on where the kill falls.
//! - **SIGKILL during a fan-out.** An announcement to 2,000 devices, the process killed while
//!   it sends and started again: every device gets it (verified and decrypted by the strict
//!   test push service), and what "exactly once" can mean after SIGKILL holds. A delivery
//!   whose outcome was recorded is never sent again; one never sent is sent once. A send the
//!   push service took but whose outcome the dead process never recorded (in flight at the
//!   kill, or timed out) cannot be told apart from one that never arrived, so it is sent again
//!   once its lease runs out: delivery is at least once, and the repeats are bounded by what
//!   was in flight, at most one batch (500), each repeated device having been claimed at the
//!   kill or having a timed-out try on record. Nothing is left pending or claimed afterwards (DESIGN §7: "nothing is
//!   lost across a restart").
//! - **SIGTERM drains.** A request whose body is still arriving when SIGTERM comes is answered
//!   (200 with data), new connections are refused meanwhile, and the process exits by itself
//!   with status 0.
//! - **SIGTERM during a fan-out.** The worker finishes and records the sends in flight (some
//!   of them stalled by the push service past the send timeout) before the process exits: no
//!   delivery is left claimed by the stopped process, the outbox agrees with what the push
//!   service received, and a restart delivers the rest, each device receiving it exactly once.
//!
//! Conditions are polled with deadlines or awaited as events; no sleep stands in for an event,
//! and nothing is asserted about how long anything took.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::os::unix::process::ExitStatusExt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::ID;
use futures::StreamExt;
use sanad_schema::entities::enums::{Role, ServiceType};
use sanad_schema::entities::push_delivery::DeliveryStatus;
use sanad_schema::entities::{accommodation_request, push_delivery, push_subscription, request_item};
use sanad_schema::graphql::relay::{Kind, decode_as};
use sanad_schema::service::accommodation::sealing::{Column as Sealed, Sealer};
use sanad_tests::data;
use sanad_tests::process::{Deployment, Instance, Launch, invite};
use sanad_tests::push_service::{Device, PushService, Scripted};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;

/// The server binary this package builds (only integration tests know its path).
const BINARY: &str = env!("CARGO_BIN_EXE_sanad-instance");

/// The longest wait for anything: far beyond what each step needs, so only a real failure
/// reaches it.
const WAIT: Duration = Duration::from_secs(60);

/// How often a condition in the database or a process table is looked at again.
const POLL: Duration = Duration::from_millis(25);

/// The deliveries one worker claims at once (`PushConfig::batch`): the most that can be in
/// flight, unrecorded, when a process dies.
const BATCH: usize = 500;

/// A short send timeout, so a lease (stretched by the worker to outlast a batch: ten timeouts)
/// runs out within seconds after a kill.
const FAST_PUSH: [&str; 4] = ["--push-timeout-seconds", "1", "--push-lease-seconds", "1"];

const SUBMIT: &str = "mutation($key: String!, $items: [RequestItemInput!]!) {
  submitAccommodationRequest(idempotencyKey: $key, items: $items) { id items { serviceType details { value } } }
}";

// ---------------------------------------------------------------------------------------
// SIGKILL while 200 clients submit accommodation requests
// ---------------------------------------------------------------------------------------

const SUBMITTERS: usize = 200;
/// Acknowledgements seen before the kill: some, far from all.
const KILL_AFTER_ACKS: usize = 40;
/// Clients press "submit" this far apart. Sent in one burst, 400 tries move through the
/// server's connection pool in lockstep and all commit before the first is answered; spread
/// out, the kill finds requests in every state: answered, committed but not yet answered,
/// inside their transaction, and not yet sent. (Only the mix depends on it, not the outcome.)
const ARRIVAL_GAP: Duration = Duration::from_millis(10);

/// A delegate ready to submit: signed in, consent given.
struct Delegate {
    person_id: i64,
    token: String,
}

/// What one client asks for: its own key and items.
#[derive(Clone)]
struct Submission {
    key: String,
    items: Vec<(ServiceType, String)>,
}

impl Submission {
    /// Different clients ask for different things (one to three items), so a request stored
    /// under the wrong key or with another client's items shows.
    fn of_client(n: usize) -> Self {
        const TYPES: [ServiceType; 6] = [
            ServiceType::SignLanguageInterpretation,
            ServiceType::LiveCaptioning,
            ServiceType::LargePrint,
            ServiceType::QuietSpace,
            ServiceType::Dietary,
            ServiceType::SightedGuide,
        ];
        let items = (0..1 + n % 3)
            .map(|i| (TYPES[(n + i) % TYPES.len()], format!("Client {n}, item {i}: a seat near the front, please")))
            .collect();
        Self { key: uuid::Uuid::new_v4().to_string(), items }
    }

    fn items_json(&self) -> Value {
        self.items.iter().map(|(service, details)| json!({ "serviceType": service, "details": details })).collect()
    }
}

/// The acknowledgement a client finally got.
struct Told {
    /// The request's database id, from the global id the server answered; two when both
    /// racing first tries were answered (they must be one request).
    ids: Vec<i64>,
    /// The items as the (first) answer listed them.
    items: Value,
    /// Whether the answer came from the restarted process.
    after_restart: bool,
    /// Why tries got no acknowledgement (connection lost or refused, 5xx, time-outs).
    failures: Vec<String>,
}

/// One try's result.
enum Answer {
    Acknowledged(Value),
    /// Worth another try with the same key; why, for the failure message.
    TryAgain(String),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_200_submissions_stores_each_acknowledged_request_exactly_once() {
    let deployment = Deployment::create(BINARY).await;
    let launch = Launch::demo();
    let mut first = deployment.spawn(&launch).await;
    let db = deployment.connect().await;
    let delegates = ready_delegates(&db, &first, SUBMITTERS).await;
    let submissions: Vec<Submission> = (0..SUBMITTERS).map(Submission::of_client).collect();

    // Clients follow the current address: the restarted process listens on another port.
    let (address, current) = watch::channel(first.addr);
    let (acks, mut acked) = watch::channel(0usize);
    let acks = Arc::new(acks);
    let killed = first.addr;
    let client = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(20)).build().unwrap();
    let start = tokio::time::Instant::now();
    let clients: Vec<_> = delegates
        .iter()
        .zip(&submissions)
        .enumerate()
        .map(|(n, (delegate, submission))| {
            let (client, current) = (client.clone(), current.clone());
            let (token, submission, acks) = (delegate.token.clone(), submission.clone(), Arc::clone(&acks));
            let presses_submit = start + ARRIVAL_GAP * n as u32;
            tokio::spawn(async move {
                tokio::time::sleep_until(presses_submit).await;
                let told = submit_until_acknowledged(&client, current, killed, &token, &submission).await;
                acks.send_modify(|n| *n += 1);
                told
            })
        })
        .collect();

    tokio::time::timeout(WAIT, acked.wait_for(|n| *n >= KILL_AFTER_ACKS)).await.expect("first acks").unwrap();
    let status = first.kill();
    assert_eq!(status.signal(), Some(9), "killed by SIGKILL: {status}");
    let acked_at_kill = *acked.borrow();
    assert!(acked_at_kill < SUBMITTERS, "every client was answered before the kill: nothing was in flight");
    // The process is gone: what is stored now is what it committed.
    let stored_at_kill: HashSet<(i64, String)> =
        requests(&db).await.into_iter().map(|r| (r.person_id, r.idempotency_key)).collect();

    let second = deployment.spawn(&launch).await;
    address.send_replace(second.addr);
    let told: Vec<Told> = tokio::time::timeout(WAIT, futures::future::join_all(clients))
        .await
        .expect("every client acknowledged in time")
        .into_iter()
        .map(|joined| joined.expect("the client task ends with an acknowledgement"))
        .collect();

    let recovered = delegates
        .iter()
        .zip(&submissions)
        .zip(&told)
        .filter(|((d, s), t)| t.after_restart && stored_at_kill.contains(&(d.person_id, s.key.clone())))
        .count();
    let retried = told.iter().filter(|t| !t.failures.is_empty()).count();
    let mut reasons: HashMap<&str, usize> = HashMap::new();
    for why in told.iter().flat_map(|t| &t.failures) {
        *reasons.entry(why.split(':').next().unwrap()).or_default() += 1;
    }
    eprintln!(
        "{acked_at_kill} acknowledged before the kill, {} stored by then; {retried} clients retried \
         ({reasons:?}); {recovered} answers lost in the kill were recovered by their key",
        stored_at_kill.len()
    );

    let stored = requests(&db).await;
    assert_eq!(stored.len(), SUBMITTERS, "one request per client, no duplicates, none lost");
    let sealer = Sealer::new(&deployment.data_key());
    for ((delegate, submission), told) in delegates.iter().zip(&submissions).zip(&told) {
        let theirs: Vec<_> = stored
            .iter()
            .filter(|r| r.person_id == delegate.person_id && r.idempotency_key == submission.key)
            .collect();
        assert_eq!(theirs.len(), 1, "exactly one request for key {}", submission.key);
        assert!(told.ids.iter().all(|id| *id == theirs[0].id), "told {:?}, stored {}", told.ids, theirs[0].id);
        assert_eq!(told.items, expected_items(submission), "the answer lists the submitted items");
        assert_eq!(stored_items(&db, &sealer, theirs[0].id).await, submission.items, "the stored items");
    }
    assert_eq!(second.status("/healthz").await, 200);
    assert_eq!(second.status("/readyz").await, 200);
}

/// `count` delegates, created in the database and signed in over HTTP, with consent given (a
/// submission needs it).
async fn ready_delegates(db: &DatabaseConnection, instance: &Instance, count: usize) -> Vec<Delegate> {
    let mut invited = Vec::with_capacity(count);
    for n in 0..count {
        invited.push(invite(db, Role::Delegate, &format!("Delegate {n}")).await);
    }
    let consent = "mutation { giveAccommodationConsent(version: 1, lang: \"en\") { version } }";
    futures::stream::iter(invited)
        .map(|(person_id, code)| async move {
            let token = instance.sign_in(&code).await;
            data(&instance.graphql(consent, json!({}), Some(&token)).await);
            Delegate { person_id, token }
        })
        .buffered(16)
        .collect()
        .await
}

/// Submits until acknowledged, always with the same key, following the instance's address
/// (`killed` is the first process's). The first try is sent twice at once, a racing retry.
async fn submit_until_acknowledged(
    client: &reqwest::Client,
    mut current: watch::Receiver<SocketAddr>,
    killed: SocketAddr,
    token: &str,
    submission: &Submission,
) -> Told {
    let mut failures = Vec::new();
    let mut backoff = Duration::from_millis(20);
    loop {
        let addr = *current.borrow_and_update();
        let answers: Vec<Answer> = if failures.is_empty() {
            let (a, b) = tokio::join!(
                submit_once(client, addr, token, submission),
                submit_once(client, addr, token, submission)
            );
            vec![a, b]
        } else {
            vec![submit_once(client, addr, token, submission).await]
        };
        let mut acknowledged = Vec::new();
        for answer in answers {
            match answer {
                Answer::Acknowledged(request) => acknowledged.push(request),
                Answer::TryAgain(why) => failures.push(why),
            }
        }
        if let Some(first) = acknowledged.first() {
            let ids = acknowledged
                .iter()
                .map(|r| {
                    decode_as(&ID(r["id"].as_str().unwrap().to_owned()), Kind::AccommodationRequest, "id").unwrap()
                })
                .collect();
            return Told { ids, items: first["items"].clone(), after_restart: addr != killed, failures };
        }
        assert!(failures.len() < 1_000, "never acknowledged: {:?}", &failures[failures.len() - 5..]);
        // A client's retry pause; a new address (the restart) ends it early.
        let _ = tokio::time::timeout(backoff, current.changed()).await;
        backoff = (backoff * 2).min(Duration::from_millis(500));
    }
}

async fn submit_once(client: &reqwest::Client, addr: SocketAddr, token: &str, submission: &Submission) -> Answer {
    let sent = client
        .post(format!("http://{addr}/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": SUBMIT, "variables": { "key": submission.key, "items": submission.items_json() } }))
        .send()
        .await;
    let response = match sent {
        Ok(response) => response,
        Err(e) => return Answer::TryAgain(format!("not sent or not answered: {e}")),
    };
    let status = response.status();
    if status.is_server_error() {
        return Answer::TryAgain(format!("status {status}"));
    }
    let body: Value = match response.json().await {
        Ok(body) => body,
        // The process died while sending its answer.
        Err(e) => return Answer::TryAgain(format!("answer cut off: {e}")),
    };
    match body["errors"][0]["extensions"]["code"].as_str() {
        None => Answer::Acknowledged(body["data"]["submitAccommodationRequest"].clone()),
        // What a client retries: the server's own trouble, or being asked to slow down.
        Some(code @ ("INTERNAL" | "RATE_LIMITED")) => Answer::TryAgain(code.to_owned()),
        Some(_) => panic!("a submission refused: {body}"),
    }
}

async fn requests(db: &DatabaseConnection) -> Vec<accommodation_request::Model> {
    accommodation_request::Entity::find().order_by_asc(accommodation_request::Column::Id).all(db).await.unwrap()
}

/// A request's items as stored, with their details opened with the data key.
async fn stored_items(db: &DatabaseConnection, sealer: &Sealer, request_id: i64) -> Vec<(ServiceType, String)> {
    request_item::Entity::find()
        .filter(request_item::Column::RequestId.eq(request_id))
        .order_by_asc(request_item::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|item| {
            let details = sealer.open(Sealed::ItemDetails, item.details_sealed.as_deref().unwrap()).unwrap();
            (item.service_type, details)
        })
        .collect()
}

/// The items as the answer to a submission lists them.
fn expected_items(submission: &Submission) -> Value {
    submission
        .items
        .iter()
        .map(|(service, details)| json!({ "serviceType": service, "details": { "value": details } }))
        .collect()
}

// ---------------------------------------------------------------------------------------
// SIGKILL while an announcement fans out
// ---------------------------------------------------------------------------------------

const FAN_OUT: usize = 2_000;
/// Messages the push service accepts before the kill: the fan-out is under way, not done.
const KILL_AFTER_RECEIPTS: usize = 200;

/// A delivery as the outbox holds it, by device.
#[derive(Clone, Debug)]
struct Delivery {
    status: DeliveryStatus,
    attempts: i32,
    claimed: bool,
    last_error: Option<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_a_fan_out_loses_nothing_and_repeats_only_sends_in_flight() {
    let deployment = Deployment::create(BINARY).await;
    let launch = Launch::demo().with_args(&FAST_PUSH);
    let push = PushService::start().await;
    let mut first = deployment.spawn(&launch).await;
    let db = deployment.connect().await;
    let devices: Vec<Device> = (0..FAN_OUT).map(|_| push.new_device()).collect();
    sanad_tests::seed::push_subscribers(&db, &devices, 0).await;
    publish_announcement(&db, &first).await;

    let arrived = push.wait_for_total(KILL_AFTER_RECEIPTS, WAIT).await;
    assert!(arrived >= KILL_AFTER_RECEIPTS, "only {arrived} messages arrived");
    let status = first.kill();
    assert_eq!(status.signal(), Some(9), "killed by SIGKILL: {status}");
    // The process is gone: the outbox is as it left it.
    let at_kill = deliveries(&db, &devices).await;
    let received_at_kill: Vec<usize> = devices.iter().map(|d| push.received(d).len()).collect();
    let in_flight = at_kill.iter().filter(|d| d.claimed).count();
    let delivered = at_kill.iter().filter(|d| d.status == DeliveryStatus::Delivered).count();
    eprintln!("at the kill: {delivered} recorded delivered, {in_flight} claimed and unrecorded");
    assert!(delivered < FAN_OUT, "the fan-out finished before the kill: nothing was pending");
    assert!(in_flight <= BATCH, "{in_flight} claimed: more than one batch");

    let _second = deployment.spawn(&launch).await;
    for device in &devices {
        let got = push.wait_for(device, 1, WAIT).await;
        assert!(!got.is_empty(), "{} never got the announcement", device.endpoint);
    }
    outbox_settles(&db).await;

    let at_end = deliveries(&db, &devices).await;
    let mut repeated = 0;
    for (n, device) in devices.iter().enumerate() {
        let (before, after) = (&at_kill[n], &at_end[n]);
        let received = push.received(device);
        assert!(received.iter().all(|r| r.payload["kind"] == "announcement"), "{:?}", received[0].payload);
        assert_eq!((after.status, after.claimed), (DeliveryStatus::Delivered, false), "{after:?}");
        assert!(received.len() <= after.attempts as usize, "more messages than sends: {after:?}");
        if before.status == DeliveryStatus::Delivered {
            // Recorded before the kill: never sent again.
            assert_eq!(received.len(), received_at_kill[n], "a recorded delivery was sent again");
            assert_eq!(after.attempts, before.attempts, "a recorded delivery was claimed again");
        } else if before.attempts == 0 {
            // Never claimed before the kill, so never sent before it (and, by the check below,
            // sent once after it unless a try timed out).
            assert_eq!(received_at_kill[n], 0, "sent without being claimed: {before:?}");
        }
        if received.len() > 1 {
            repeated += 1;
            // Only a send whose outcome went unrecorded (in flight at the kill, or timed out)
            // may be repeated.
            assert!(
                before.claimed || timed_out(after),
                "sent twice though its outcome was known: {before:?} {after:?}"
            );
        }
    }
    let repeats = push.accepted_total() - FAN_OUT;
    eprintln!("{repeated} devices got the announcement again ({repeats} repeats): sends in flight at the kill");
    assert!(repeats <= BATCH, "{repeats} repeats: more than one batch was in flight");
    assert!(push.violations().is_empty(), "{:?}", push.violations());
}

/// An organiser publishes an announcement that goes to every device.
async fn publish_announcement(db: &DatabaseConnection, instance: &Instance) {
    let (_, code) = invite(db, Role::Organizer, "Lead").await;
    instance.publish_announcement(&instance.sign_in(&code).await).await;
}

/// Whether a try of this delivery timed out: the push service may have taken the message
/// though the server never heard so.
fn timed_out(delivery: &Delivery) -> bool {
    delivery.last_error.as_deref() == Some("no answer in time")
}

/// Each device's delivery, in the order of `devices`.
async fn deliveries(db: &DatabaseConnection, devices: &[Device]) -> Vec<Delivery> {
    let subscriptions: HashMap<i64, String> =
        push_subscription::Entity::find().all(db).await.unwrap().into_iter().map(|s| (s.id, s.endpoint)).collect();
    let by_endpoint: HashMap<String, Delivery> = push_delivery::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| {
            let delivery = Delivery {
                claimed: d.claimed_until.is_some(),
                status: d.status,
                attempts: d.attempts,
                last_error: d.last_error,
            };
            (subscriptions[&d.subscription_id].clone(), delivery)
        })
        .collect();
    assert_eq!(by_endpoint.len(), devices.len(), "one delivery per device");
    devices.iter().map(|d| by_endpoint[&d.endpoint].clone()).collect()
}

/// Waits until no delivery is waiting or claimed.
async fn outbox_settles(db: &DatabaseConnection) {
    let deadline = Instant::now() + WAIT;
    loop {
        let open = push_delivery::Entity::find()
            .filter(
                push_delivery::Column::Status
                    .eq(DeliveryStatus::Pending)
                    .or(push_delivery::Column::ClaimedUntil.is_not_null()),
            )
            .count(db)
            .await
            .unwrap();
        if open == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "{open} deliveries still pending or claimed");
        tokio::time::sleep(POLL).await;
    }
}

// ---------------------------------------------------------------------------------------
// SIGTERM: graceful shutdown
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_answers_the_request_in_flight_refuses_new_ones_and_exits_cleanly() {
    let deployment = Deployment::create(BINARY).await;
    let mut instance = deployment.spawn(&Launch::demo()).await;
    let body = br#"{"query":"{ conference { slug } }"}"#;
    let (first_half, second_half) = body.split_at(body.len() / 2);
    let mut stream = TcpStream::connect(instance.addr).await.unwrap();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         expect: 100-continue\r\n\r\n",
        instance.addr,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // "100 Continue" comes when the handler starts reading the body: the request is in flight.
    let interim = read_head(&mut stream).await;
    assert!(interim.starts_with("HTTP/1.1 100"), "{interim}");
    stream.write_all(first_half).await.unwrap();

    instance.terminate();
    refused_soon(instance.addr).await;
    stream.write_all(second_half).await.unwrap();
    let (status, answer) = read_response(&mut stream).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(data(&answer)["conference"]["slug"], "amman-2019");

    let exit = instance.wait_for_exit(WAIT).await;
    assert!(exit.success(), "exits with status 0 after a graceful shutdown: {exit}");
    assert!(instance.log().iter().any(|l| l.contains("shutting down")), "{:?}", instance.log());
}

/// Waits until connecting is refused: the listener is closed. A connection the kernel had
/// queued for the listener as it closed is reset rather than refused: also a refusal.
async fn refused_soon(addr: SocketAddr) {
    let deadline = Instant::now() + WAIT;
    loop {
        match TcpStream::connect(addr).await {
            Err(e)
                if matches!(e.kind(), std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::ConnectionReset) =>
            {
                return;
            }
            Err(e) => panic!("connecting failed otherwise than refused: {e}"),
            Ok(_) => assert!(Instant::now() < deadline, "new connections still accepted after SIGTERM"),
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Reads an HTTP head (status line and headers) up to its blank line.
async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let read = tokio::time::timeout(WAIT, stream.read(&mut byte)).await.expect("an answer in time").unwrap();
        assert_eq!(read, 1, "the connection closed mid-head: {}", String::from_utf8_lossy(&head));
        head.push(byte[0]);
    }
    String::from_utf8(head).unwrap()
}

/// Reads the final response to the end of the connection (a server shutting down closes it);
/// its status and JSON body.
async fn read_response(stream: &mut TcpStream) -> (u16, Value) {
    let head = read_head(stream).await;
    let status: u16 = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("{head}"));
    let mut rest = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut rest)).await.expect("the connection closes").unwrap();
    let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    let body = if chunked { dechunk(&rest) } else { rest };
    (status, serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&body))))
}

/// The body of a chunked transfer (RFC 9112 §7.1).
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n").expect("a chunk size line");
        let size_text = std::str::from_utf8(&raw[..line_end]).unwrap();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        raw = &raw[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

// ---------------------------------------------------------------------------------------
// SIGTERM while an announcement fans out
// ---------------------------------------------------------------------------------------

const DRAINED_FAN_OUT: usize = 1_000;
/// Every tenth device's push service stalls past the send timeout, so every batch has sends
/// in flight for a while, and their outcome (a retry) must be recorded before exit.
const STALL_EVERY: usize = 10;
/// How long a stalled answer takes: longer than the send timeout (2 s here).
const STALL: Duration = Duration::from_secs(6);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_fan_out_records_the_sends_in_flight_and_a_restart_sends_the_rest_once() {
    let deployment = Deployment::create(BINARY).await;
    let launch = Launch::demo().with_args(&["--push-timeout-seconds", "2", "--push-lease-seconds", "1"]);
    let push = PushService::start().await;
    let mut first = deployment.spawn(&launch).await;
    let db = deployment.connect().await;
    let devices: Vec<Device> = (0..DRAINED_FAN_OUT).map(|_| push.new_device()).collect();
    let stalled: Vec<&Device> = devices.iter().step_by(STALL_EVERY).collect();
    for device in &stalled {
        push.script(device, vec![Scripted::Stall(STALL)]);
    }
    let is_stalled = |device: &Device| stalled.iter().any(|d| d.endpoint == device.endpoint);
    sanad_tests::seed::push_subscribers(&db, &devices, 0).await;
    publish_announcement(&db, &first).await;

    // A stalled send has reached the push service: its batch stays in flight until the send
    // times out.
    let deadline = Instant::now() + WAIT;
    while stalled.iter().all(|d| push.attempts(d).is_empty()) {
        assert!(Instant::now() < deadline, "no send reached the push service");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.terminate();
    let exit = first.wait_for_exit(WAIT).await;
    assert!(exit.success(), "exits with status 0 after a graceful shutdown: {exit}");

    // Nothing is left claimed, and the outbox agrees with what the push service saw: every
    // send is counted, what the service accepted is recorded delivered, and the rest waits,
    // the sends in flight recorded as timed out (tried again later).
    let after_stop = deliveries(&db, &devices).await;
    for (device, delivery) in devices.iter().zip(&after_stop) {
        assert!(!delivery.claimed, "left claimed by the stopped process: {delivery:?}");
        let (received, attempts) = (push.received(device).len(), push.attempts(device).len());
        assert_eq!(delivery.attempts as usize, attempts, "every send counted, and only sends: {delivery:?}");
        match delivery.status {
            DeliveryStatus::Delivered => assert_eq!(received, 1, "{delivery:?}"),
            // The service may have taken a send the server stopped waiting for.
            DeliveryStatus::Pending => {
                assert!(received == 0 || timed_out(delivery), "{received} received: {delivery:?}")
            }
            other => panic!("{other:?}: {delivery:?}"),
        }
    }
    let stalls_recorded = devices
        .iter()
        .zip(&after_stop)
        .filter(|(device, delivery)| is_stalled(device) && delivery.attempts > 0)
        .inspect(|(_, delivery)| assert!(timed_out(delivery), "a stalled send not recorded: {delivery:?}"))
        .count();
    let pending = after_stop.iter().filter(|d| d.status == DeliveryStatus::Pending).count();
    eprintln!("at exit: {stalls_recorded} stalled sends recorded for a retry, {pending} deliveries pending");
    assert!(stalls_recorded > 0);
    assert!(pending > stalls_recorded, "the fan-out finished before the stop: nothing was left for the restart");

    let _second = deployment.spawn(&launch).await;
    for device in &devices {
        let got = push.wait_for(device, 1, WAIT).await;
        assert!(!got.is_empty(), "{} never got the announcement", device.endpoint);
    }
    outbox_settles(&db).await;
    for (device, delivery) in devices.iter().zip(deliveries(&db, &devices).await) {
        let received = push.received(device).len();
        assert_eq!(delivery.status, DeliveryStatus::Delivered, "{delivery:?}");
        // Exactly once; only a send the server stopped waiting for may have arrived as well.
        let stalls = usize::from(is_stalled(device));
        assert!(received + stalls <= delivery.attempts as usize, "more arrived than was sent: {delivery:?}");
        assert!(received == 1 || timed_out(&delivery), "received {received} times: {delivery:?}");
    }
    assert!(push.violations().is_empty(), "{:?}", push.violations());
}
