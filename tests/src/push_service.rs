//! A strict Web Push service on loopback for the tests.
//!
//! The server's push sender is only as trustworthy as whatever checks its output. Real push
//! services refuse messages for small protocol slips (a missing `TTL`, an `aud` without the port,
//! a JWT that expires too late), and a slip found only in production is a silent failure: the
//! notification simply never arrives. So this service checks what a strict real one checks
//! (RFC 8030 headers, RFC 8292 VAPID) and decrypts the RFC 8291 payload with its own code built
//! from primitives (P-256 ECDH, HKDF-SHA256, AES-128-GCM) rather than with the sender's `ece`
//! crate, so that a mistake shared by the sender's library and the check cannot hide.
//!
//! It speaks plain HTTP on 127.0.0.1; the server under test allows loopback `http` endpoints for
//! exactly this. Tests can also script answers (throttling, server errors, gone subscriptions, a
//! service that hangs, or one that never finishes its answer) to drive the sender's retry and
//! timeout handling.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkdf::Hkdf;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::rand_core::{OsRng, RngCore};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use serde_json::Value;
use sha2::Sha256;
use tokio::sync::watch;
use tokio::task::AbortHandle;

/// The longest `TTL` accepted: 28 days, the limit of Mozilla's autopush; a sender asking for more
/// is refused there, so it is refused here.
const MAX_TTL: u64 = 2_419_200;

/// The largest encrypted body a push service must accept (RFC 8030 §7.2); larger ones may be
/// refused with 413, and the big services do refuse them.
const MAX_BODY: usize = 4096;

/// How much of a body is read before judging it: enough to read a too-large body whole (so the
/// sender gets our 413 rather than a reset connection), bounded so a runaway sender cannot exhaust
/// the test's memory.
const READ_LIMIT: usize = 1 << 20;

/// A VAPID JWT may not expire more than 24 hours ahead (RFC 8292 §2).
const MAX_EXP_AHEAD: u64 = 86_400;

/// A `Topic` is at most 32 URL-safe base64 characters (RFC 8030 §5.4).
const MAX_TOPIC: usize = 32;

/// How often a trickling answer sends its next byte: often enough that an idle-read timeout never
/// fires, so only a total deadline can end the wait.
const TRICKLE_EVERY: Duration = Duration::from_millis(50);

/// The length of an uncompressed P-256 point (0x04 || x || y), the only form Web Push uses.
const POINT_LEN: usize = 65;

/// A running push service. Dropping it stops the server.
pub struct PushService {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: AbortHandle,
}

/// A browser's push subscription, as the browser would hand it to the application.
#[derive(Clone, Debug)]
pub struct Device {
    pub endpoint: String,
    /// The device's public key: base64url without padding, a 65-byte uncompressed P-256 point.
    pub p256dh: String,
    /// The device's authentication secret: base64url without padding, 16 bytes.
    pub auth: String,
    /// The endpoint's last path segment; the service keeps the private key under it.
    id: String,
}

impl Device {
    /// The subscription in the shape of the browser's `PushSubscription.toJSON()`, which is what
    /// a client registers with the server.
    pub fn subscription_json(&self) -> Value {
        serde_json::json!({ "endpoint": self.endpoint, "keys": { "p256dh": self.p256dh, "auth": self.auth } })
    }
}

/// A canned answer for a device's next request, to imitate a push service in trouble.
#[derive(Clone, Debug)]
pub enum Scripted {
    /// Answers this status with an empty body, without looking at the message (an overloaded
    /// service does not validate before refusing).
    Status(u16),
    /// Answers this status (429, 503, …) with `Retry-After: <seconds>`.
    RetryAfter(u16, u64),
    /// Takes the request, then waits this long before answering 201: longer than the sender's
    /// timeout, so the sender never learns whether the message was delivered.
    Stall(Duration),
    /// Answers 201 with a body that never ends (a byte every 50 ms), so a sender that reads the
    /// answer without a total deadline hangs forever.
    Trickle,
}

/// A message the service accepted (answered 201) after checking and decrypting it.
#[derive(Clone, Debug)]
pub struct Received {
    /// The decrypted plaintext parsed as JSON (the sender sends JSON).
    pub payload: Value,
    /// The length of the plaintext without its padding.
    pub plaintext_len: usize,
    pub ttl: u32,
    pub urgency: Option<String>,
    pub topic: Option<String>,
    /// The `k=` value of the `Authorization` header (base64url).
    pub vapid_key: String,
    /// The verified JWT claims (`aud`, `exp`, `sub`, and whatever else the sender put there).
    pub claims: Value,
    pub received_at: Instant,
    /// The ciphertext, while decryption is deferred (see [`PushService::start_deferred`]).
    ciphertext: Option<Bytes>,
}

/// A request that reached a device's endpoint, whatever the answer.
#[derive(Clone, Debug)]
pub struct Attempt {
    /// The status answered (201 for `Stall` and `Trickle`, recorded when the request arrived).
    pub status: u16,
    pub topic: Option<String>,
    pub urgency: Option<String>,
    /// The raw `TTL` header, so a test can see what a refused request carried.
    pub ttl: Option<String>,
    pub at: Instant,
}

/// What the server task and the test share.
struct Shared {
    /// `http://127.0.0.1:PORT`, what a VAPID `aud` must equal.
    origin: String,
    ledger: Mutex<Ledger>,
    /// Bumped after every change to the ledger, so waiters wake without polling.
    changes: watch::Sender<()>,
    /// Accepted messages of all devices, readable without the lock (the fan-out benchmark polls
    /// it while thousands of messages arrive).
    accepted: AtomicUsize,
    /// Decrypt later, on [`PushService::decrypt_deferred`]: a real push service never
    /// decrypts, so a benchmark of the sender keeps this test's own work out of its window.
    deferred: bool,
    /// VAPID JWTs already verified (a sender reuses one per push service for hours), as their
    /// claims, which are checked again on every message.
    verified: Mutex<HashMap<String, (String, Value)>>,
}

#[derive(Default)]
struct Ledger {
    devices: HashMap<String, Mailbox>,
    violations: Vec<String>,
}

/// One device's keys, script and history.
struct Mailbox {
    keys: DeviceKeys,
    script: VecDeque<Scripted>,
    attempts: Vec<Attempt>,
    received: Vec<Received>,
}

/// What the browser keeps secret and the service needs to decrypt.
#[derive(Clone)]
struct DeviceKeys {
    secret: SecretKey,
    public: [u8; POINT_LEN],
    auth: [u8; 16],
}

/// Why a request was refused: the status to answer and the reason, which is also the violation.
#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    reason: String,
}

impl From<String> for Refusal {
    fn from(reason: String) -> Self {
        Refusal { status: StatusCode::BAD_REQUEST, reason }
    }
}

impl PushService {
    /// Binds 127.0.0.1 on a free port and serves in a spawned task of the current runtime.
    pub async fn start() -> PushService {
        Self::start_with(false).await
    }

    /// The same, checking everything but the encryption when a message arrives, and decrypting
    /// only when [`PushService::decrypt_deferred`] is called (for the fan-out benchmark).
    pub async fn start_deferred() -> PushService {
        Self::start_with(true).await
    }

    /// Decrypts every message kept encrypted by [`PushService::start_deferred`]; a message that
    /// does not decrypt to JSON becomes a violation. Returns how many were decrypted.
    pub fn decrypt_deferred(&self) -> usize {
        let mut ledger = self.shared.lock();
        let (mut done, mut violations) = (0, Vec::new());
        for mailbox in ledger.devices.values_mut() {
            for received in &mut mailbox.received {
                let Some(body) = received.ciphertext.take() else { continue };
                match decrypt(&body, &mailbox.keys).and_then(|data| {
                    let payload = serde_json::from_slice(&data)
                        .map_err(|e| format!("the decrypted plaintext is not JSON: {e}"))?;
                    Ok((payload, data.len()))
                }) {
                    Ok((payload, len)) => {
                        received.payload = payload;
                        received.plaintext_len = len;
                        done += 1;
                    }
                    Err(reason) => violations.push(reason),
                }
            }
        }
        ledger.violations.extend(violations);
        done
    }

    async fn start_with(deferred: bool) -> PushService {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .unwrap_or_else(|e| panic!("the push service cannot bind a loopback port: {e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("the push service has no address: {e}"));
        let shared = Arc::new(Shared {
            origin: format!("http://{addr}"),
            ledger: Mutex::new(Ledger::default()),
            changes: watch::channel(()).0,
            accepted: AtomicUsize::new(0),
            deferred,
            verified: Mutex::new(HashMap::new()),
        });
        let app = Router::new().route("/push/{id}", any(endpoint)).with_state(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            // Serving ends only when the task is aborted; an accept error leaves nothing to report
            // to, and the test then fails on its own unanswered requests.
            let _ = axum::serve(listener, app).await;
        })
        .abort_handle();
        PushService { addr, shared, server }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: what the VAPID `aud` claim must equal exactly, port included.
    pub fn origin(&self) -> String {
        self.shared.origin.clone()
    }

    /// A new browser subscription with a fresh key pair and auth secret, at
    /// `origin/push/<uuid>`. The service keeps the private key to decrypt.
    pub fn new_device(&self) -> Device {
        let secret = SecretKey::random(&mut OsRng);
        let public = uncompressed(&secret.public_key());
        let mut auth = [0u8; 16];
        OsRng.fill_bytes(&mut auth);
        self.register(DeviceKeys { secret, public, auth })
    }

    /// Gives a subscription to a key pair (a fresh one, or the RFC's example in the self-tests).
    fn register(&self, keys: DeviceKeys) -> Device {
        let id = uuid::Uuid::new_v4().to_string();
        let device = Device {
            endpoint: format!("{}/push/{id}", self.shared.origin),
            p256dh: URL_SAFE_NO_PAD.encode(keys.public),
            auth: URL_SAFE_NO_PAD.encode(keys.auth),
            id: id.clone(),
        };
        let mailbox = Mailbox { keys, script: VecDeque::new(), attempts: Vec::new(), received: Vec::new() };
        self.shared.lock().devices.insert(id, mailbox);
        device
    }

    /// Queues answers for the device's next requests, used in order; once they are used up the
    /// service checks and accepts again.
    pub fn script(&self, device: &Device, answers: Vec<Scripted>) {
        self.shared.lock().mailbox_mut(device).script.extend(answers);
    }

    /// Waits until the device has `count` accepted messages or `timeout` passes; returns all its
    /// accepted messages so far (fewer than `count` on timeout, so the caller's assertion says
    /// what arrived).
    pub async fn wait_for(&self, device: &Device, count: usize, timeout: Duration) -> Vec<Received> {
        self.wait_until(timeout, |ledger| ledger.mailbox(device).received.len() >= count).await;
        self.received(device)
    }

    /// The device's accepted messages so far.
    pub fn received(&self, device: &Device) -> Vec<Received> {
        self.shared.lock().mailbox(device).received.clone()
    }

    /// Every request that reached the device's endpoint, in order, whatever was answered.
    pub fn attempts(&self, device: &Device) -> Vec<Attempt> {
        self.shared.lock().mailbox(device).attempts.clone()
    }

    /// Waits until the device's endpoint has seen `count` requests or `timeout` passes; returns
    /// them all.
    pub async fn wait_for_attempts(&self, device: &Device, count: usize, timeout: Duration) -> Vec<Attempt> {
        self.wait_until(timeout, |ledger| ledger.mailbox(device).attempts.len() >= count).await;
        self.attempts(device)
    }

    /// The reasons of the requests refused for breaking the protocol, in order.
    pub fn violations(&self) -> Vec<String> {
        self.shared.lock().violations.clone()
    }

    /// Accepted messages across all devices; cheap (no lock).
    pub fn accepted_total(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// Waits until `accepted_total() >= count` or `timeout` passes; returns `accepted_total()`.
    pub async fn wait_for_total(&self, count: usize, timeout: Duration) -> usize {
        self.wait_until(timeout, |_| self.accepted_total() >= count).await;
        self.accepted_total()
    }

    /// Returns once `done` holds or the timeout passes. Subscribing before the first look means a
    /// change made between the look and the wait still wakes us: no lost wake-ups, no polling.
    async fn wait_until(&self, timeout: Duration, done: impl Fn(&Ledger) -> bool) {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut changes = self.shared.changes.subscribe();
        loop {
            changes.borrow_and_update();
            if done(&self.shared.lock()) {
                return;
            }
            match tokio::time::timeout_at(deadline, changes.changed()).await {
                Ok(Ok(())) => continue,
                // The deadline passed, or the sender is gone (it lives as long as `self`).
                Ok(Err(_)) | Err(_) => return,
            }
        }
    }
}

impl Drop for PushService {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Shared {
    /// The ledger, even if a panicking test poisoned the lock: the data is still consistent,
    /// since every update is a single push or pop.
    fn lock(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn notify(&self) {
        self.changes.send_replace(());
    }

    fn record_attempt(&self, id: &str, attempt: Attempt) {
        if let Some(mailbox) = self.lock().devices.get_mut(id) {
            mailbox.attempts.push(attempt);
        }
        self.notify();
    }

    /// Records an accepted message (and its attempt) under one lock, so a test that sees the
    /// attempt also sees the message.
    fn accept(&self, id: &str, attempt: Attempt, received: Received) {
        if let Some(mailbox) = self.lock().devices.get_mut(id) {
            mailbox.attempts.push(attempt);
            mailbox.received.push(received);
            self.accepted.fetch_add(1, Ordering::SeqCst);
        }
        self.notify();
    }

    fn refuse(&self, id: &str, attempt: Attempt, reason: &str) {
        {
            let mut ledger = self.lock();
            if let Some(mailbox) = ledger.devices.get_mut(id) {
                mailbox.attempts.push(attempt);
            }
            ledger.violations.push(reason.to_owned());
        }
        self.notify();
    }
}

impl Ledger {
    /// A device's mailbox. A device of another service is a mistake in the test, so it panics.
    fn mailbox(&self, device: &Device) -> &Mailbox {
        self.devices
            .get(&device.id)
            .unwrap_or_else(|| panic!("{} is not a device of this push service", device.endpoint))
    }

    fn mailbox_mut(&mut self, device: &Device) -> &mut Mailbox {
        self.devices
            .get_mut(&device.id)
            .unwrap_or_else(|| panic!("{} is not a device of this push service", device.endpoint))
    }
}

impl Attempt {
    fn new(status: StatusCode, headers: &HeaderMap, at: Instant) -> Attempt {
        let raw = |name: &str| headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        Attempt { status: status.as_u16(), topic: raw("topic"), urgency: raw("urgency"), ttl: raw("ttl"), at }
    }
}

/// The endpoint of every device: a scripted answer if one is queued, else the full check.
async fn endpoint(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let at = Instant::now();
    // Read the body first even when the answer will not need it, so the sender is never cut off
    // mid-upload and always sees our answer.
    let body = axum::body::to_bytes(body, READ_LIMIT).await;
    let (keys, scripted) = {
        let mut ledger = shared.lock();
        let Some(mailbox) = ledger.devices.get_mut(&id) else {
            return (StatusCode::NOT_FOUND, "no such subscription").into_response();
        };
        (mailbox.keys.clone(), mailbox.script.pop_front())
    };
    let attempt = |status| Attempt::new(status, &headers, at);
    match scripted {
        Some(Scripted::Status(code)) => {
            let status = scripted_status(code);
            shared.record_attempt(&id, attempt(status));
            status.into_response()
        }
        Some(Scripted::RetryAfter(code, seconds)) => {
            let status = scripted_status(code);
            shared.record_attempt(&id, attempt(status));
            (status, [(header::RETRY_AFTER, seconds.to_string())]).into_response()
        }
        Some(Scripted::Stall(pause)) => {
            shared.record_attempt(&id, attempt(StatusCode::CREATED));
            tokio::time::sleep(pause).await;
            StatusCode::CREATED.into_response()
        }
        Some(Scripted::Trickle) => {
            shared.record_attempt(&id, attempt(StatusCode::CREATED));
            (StatusCode::CREATED, Body::from_stream(trickle())).into_response()
        }
        None => match check(&shared, &method, &headers, body, &keys) {
            Ok(received) => {
                shared.accept(&id, attempt(StatusCode::CREATED), received);
                StatusCode::CREATED.into_response()
            }
            Err(Refusal { status, reason }) => {
                shared.refuse(&id, attempt(status), &reason);
                (status, reason).into_response()
            }
        },
    }
}

/// A scripted status, or 500 when the test scripted a number that is no HTTP status.
fn scripted_status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A body that never ends: one byte per tick, forever (until the connection goes).
fn trickle() -> impl futures::Stream<Item = Result<Bytes, Infallible>> + Send + 'static {
    futures::stream::unfold(tokio::time::interval(TRICKLE_EVERY), |mut interval| async move {
        interval.tick().await;
        Some((Ok(Bytes::from_static(b" ")), interval))
    })
}

/// Everything a strict push service checks, in the order a sender would want to hear about it.
fn check(
    shared: &Shared,
    method: &Method,
    headers: &HeaderMap,
    body: Result<Bytes, axum::Error>,
    keys: &DeviceKeys,
) -> Result<Received, Refusal> {
    if method != Method::POST {
        return Err(Refusal {
            status: StatusCode::METHOD_NOT_ALLOWED,
            reason: format!("method {method}: a push message is a POST"),
        });
    }
    let ttl = check_ttl(headers)?;
    let urgency = check_urgency(headers)?;
    let topic = check_topic(headers)?;
    check_content_encoding(headers)?;
    let body = check_body(body)?;
    let (vapid_key, claims) = check_vapid_cached(shared, headers)?;
    if shared.deferred {
        return Ok(Received {
            payload: Value::Null,
            plaintext_len: 0,
            ttl,
            urgency,
            topic,
            vapid_key,
            claims,
            received_at: Instant::now(),
            ciphertext: Some(body),
        });
    }
    let data = decrypt(&body, keys)?;
    let payload = serde_json::from_slice(&data).map_err(|e| format!("the decrypted plaintext is not JSON: {e}"))?;
    Ok(Received {
        payload,
        plaintext_len: data.len(),
        ttl,
        urgency,
        topic,
        vapid_key,
        claims,
        received_at: Instant::now(),
        ciphertext: None,
    })
}

/// Seconds since the UNIX epoch by the wall clock, which is what a real push service judges
/// `exp` by (not the server's test clock).
fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// A header as text; a header that is not visible ASCII is a violation, not "absent".
fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, String> {
    headers
        .get(name)
        .map(|value| value.to_str().map_err(|_| format!("the {name} header is not visible ASCII")))
        .transpose()
}

/// RFC 8030 §5.2: `TTL` is required, delta-seconds (digits only: no sign, no fraction).
fn check_ttl(headers: &HeaderMap) -> Result<u32, String> {
    let text = header_text(headers, "ttl")?.ok_or("TTL header missing (RFC 8030 §5.2 requires it)")?;
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("TTL {text:?} is not a non-negative integer"));
    }
    match text.parse::<u64>() {
        Ok(ttl) if ttl <= MAX_TTL => u32::try_from(ttl).map_err(|_| format!("TTL {ttl} does not fit")),
        _ => Err(format!("TTL {text} is more than {MAX_TTL} seconds")),
    }
}

/// RFC 8030 §5.3: one of four words, nothing else.
fn check_urgency(headers: &HeaderMap) -> Result<Option<String>, String> {
    match header_text(headers, "urgency")? {
        None => Ok(None),
        Some(urgency @ ("very-low" | "low" | "normal" | "high")) => Ok(Some(urgency.to_owned())),
        Some(other) => Err(format!("Urgency {other:?} is not one of very-low, low, normal, high")),
    }
}

/// RFC 8030 §5.4: at most 32 characters of the URL-safe base64 alphabet.
fn check_topic(headers: &HeaderMap) -> Result<Option<String>, String> {
    let Some(topic) = header_text(headers, "topic")? else { return Ok(None) };
    if topic.len() > MAX_TOPIC {
        return Err(format!("Topic {topic:?} is longer than {MAX_TOPIC} characters"));
    }
    if !topic.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(format!("Topic {topic:?} has characters outside the URL-safe base64 alphabet"));
    }
    Ok(Some(topic.to_owned()))
}

/// RFC 8291 §4: Web Push uses `aes128gcm` (content codings are case-insensitive tokens).
fn check_content_encoding(headers: &HeaderMap) -> Result<(), String> {
    match header_text(headers, "content-encoding")? {
        Some(coding) if coding.eq_ignore_ascii_case("aes128gcm") => Ok(()),
        Some(coding) => Err(format!("Content-Encoding {coding:?} is not aes128gcm")),
        None => Err("Content-Encoding missing: Web Push payloads are aes128gcm".to_owned()),
    }
}

/// A body we could read, not empty, at most 4096 bytes (larger: 413, as the big services answer).
fn check_body(body: Result<Bytes, axum::Error>) -> Result<Bytes, Refusal> {
    let too_large = |reason| Refusal { status: StatusCode::PAYLOAD_TOO_LARGE, reason };
    let body = body.map_err(|e| too_large(format!("the body could not be read within {READ_LIMIT} bytes: {e}")))?;
    if body.is_empty() {
        return Err("the body is empty: the sender's messages carry an encrypted payload".to_owned().into());
    }
    if body.len() > MAX_BODY {
        return Err(too_large(format!("the body is {} bytes, more than {MAX_BODY}", body.len())));
    }
    Ok(body)
}

/// [`check_vapid`], verifying each distinct Authorization header's signature once; the claims
/// (`exp` above all) are checked again on every message.
fn check_vapid_cached(shared: &Shared, headers: &HeaderMap) -> Result<(String, Value), String> {
    let now = unix_now();
    let header = header_text(headers, "authorization")?.unwrap_or_default().to_owned();
    let known = shared.verified.lock().unwrap_or_else(PoisonError::into_inner).get(&header).cloned();
    if let Some((key, claims)) = known {
        check_claims(&claims, &shared.origin, now)?;
        return Ok((key, claims));
    }
    let verified = check_vapid(headers, &shared.origin, now)?;
    shared.verified.lock().unwrap_or_else(PoisonError::into_inner).insert(header, verified.clone());
    Ok(verified)
}

/// RFC 8292: `Authorization: vapid t=<JWT>, k=<key>`, the JWT signed with ES256 by that key, for
/// this origin, expiring within 24 hours, with a contact. Returns `k` and the verified claims.
fn check_vapid(headers: &HeaderMap, origin: &str, now: u64) -> Result<(String, Value), String> {
    let value =
        header_text(headers, "authorization")?.ok_or("Authorization header missing: VAPID (RFC 8292) is required")?;
    let (token, key) = parse_vapid_header(value)?;
    let key_bytes = decode_base64url(key, "the VAPID key k=")?;
    if key_bytes.len() != POINT_LEN || key_bytes.first() != Some(&0x04) {
        return Err("the VAPID key k= is not an uncompressed P-256 point (RFC 8292 §3.2)".to_owned());
    }
    let verifying_key =
        VerifyingKey::from_sec1_bytes(&key_bytes).map_err(|_| "the VAPID key k= is not on the P-256 curve")?;
    let claims = verify_jwt(token, &verifying_key)?;
    check_claims(&claims, origin, now)?;
    Ok((key.to_owned(), claims))
}

/// Splits the `vapid` credentials into `t` and `k`. Parameters may be quoted (RFC 9110 auth-param)
/// and come in any order; unknown ones are ignored, repeated ones refused.
fn parse_vapid_header(value: &str) -> Result<(&str, &str), String> {
    let (scheme, params) = value.trim().split_once(' ').ok_or("Authorization has no vapid credentials")?;
    if !scheme.eq_ignore_ascii_case("vapid") {
        return Err(format!("Authorization scheme {scheme:?} is not vapid (RFC 8292)"));
    }
    let (mut token, mut key) = (None, None);
    for param in params.split(',') {
        let (name, value) =
            param.trim().split_once('=').ok_or_else(|| format!("Authorization parameter {param:?} has no value"))?;
        let value = value.trim();
        let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
        let slot = match name.trim().to_ascii_lowercase().as_str() {
            "t" => &mut token,
            "k" => &mut key,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return Err(format!("Authorization repeats {name}="));
        }
    }
    Ok((token.ok_or("Authorization has no t= (the JWT)")?, key.ok_or("Authorization has no k= (the VAPID key)")?))
}

/// Verifies a compact JWS signed with ES256 (raw r||s) and returns its claims.
fn verify_jwt(token: &str, key: &VerifyingKey) -> Result<Value, String> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err(format!("the JWT has {} parts, not header.payload.signature", parts.len()));
    };
    let header = decode_json(header, "the JWT header")?;
    if header["alg"] != "ES256" {
        return Err(format!("the JWT alg is {}, not ES256", header["alg"]));
    }
    let signature = decode_base64url(signature, "the JWT signature")?;
    let signature = Signature::from_slice(&signature)
        .map_err(|_| format!("the JWT signature is {} bytes, not a raw 64-byte r||s", signature.len()))?;
    let signed = token.rsplit_once('.').map(|(signed, _)| signed).unwrap_or_default();
    key.verify(signed.as_bytes(), &signature).map_err(|_| "the JWT signature does not verify with the k= key")?;
    decode_json(claims, "the JWT claims")
}

/// RFC 8292 §2: `aud` is this service's origin exactly, `exp` within the next 24 hours, `sub` a
/// contact (`mailto:` or `https:`).
fn check_claims(claims: &Value, origin: &str, now: u64) -> Result<(), String> {
    let aud = claims["aud"].as_str().ok_or("the JWT has no aud claim")?;
    if aud != origin {
        return Err(format!("the JWT aud {aud:?} is not this push service's origin {origin:?}"));
    }
    let exp = claims["exp"].as_f64().ok_or("the JWT has no numeric exp claim")?;
    if exp <= now as f64 {
        return Err(format!("the JWT exp {exp} is not in the future (now {now})"));
    }
    if exp > (now + MAX_EXP_AHEAD) as f64 {
        return Err(format!("the JWT exp {exp} is more than 24 hours ahead (now {now})"));
    }
    let sub = claims["sub"].as_str().ok_or("the JWT has no sub claim")?;
    if !(sub.starts_with("mailto:") || sub.starts_with("https:")) {
        return Err(format!("the JWT sub {sub:?} is not a mailto: or https: contact"));
    }
    Ok(())
}

/// Base64url without padding, as JWTs and VAPID keys are written; padding is refused.
fn decode_base64url(text: &str, what: &str) -> Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD.decode(text).map_err(|e| format!("{what} is not base64url without padding: {e}"))
}

fn decode_json(text: &str, what: &str) -> Result<Value, String> {
    let bytes = decode_base64url(text, what)?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{what} is not JSON: {e}"))
}

/// The parts of an `aes128gcm` body (RFC 8188 §2.1), the sender's key already checked.
struct Aes128GcmBody<'b> {
    salt: &'b [u8],
    sender_public: &'b [u8],
    ciphertext: &'b [u8],
}

/// Reads salt(16) || rs(4) || idlen(1) || keyid(idlen) || ciphertext, and insists on what Web Push
/// requires: the key id is the sender's 65-byte public key and the message is a single record.
fn split_body(body: &[u8]) -> Result<Aes128GcmBody<'_>, String> {
    let short = || format!("the body ({} bytes) is shorter than the aes128gcm header", body.len());
    let (salt, rest) = body.split_at_checked(16).ok_or_else(short)?;
    let (rs, rest) = rest.split_first_chunk::<4>().ok_or_else(short)?;
    let rs = u32::from_be_bytes(*rs);
    let (&idlen, rest) = rest.split_first().ok_or_else(short)?;
    if usize::from(idlen) != POINT_LEN {
        return Err(format!("the aes128gcm key id is {idlen} bytes, not the sender's 65-byte public key"));
    }
    let (sender_public, ciphertext) = rest.split_at_checked(POINT_LEN).ok_or_else(short)?;
    // RFC 8188 §2: a record holds at least the 16-byte tag and the delimiter.
    if rs < 18 {
        return Err(format!("the aes128gcm record size {rs} is less than 18"));
    }
    if ciphertext.len() > rs as usize {
        return Err(format!("the ciphertext ({} bytes) is more than one record of {rs}", ciphertext.len()));
    }
    if ciphertext.len() < 17 {
        return Err(format!("the ciphertext ({} bytes) is too short for a tag and a delimiter", ciphertext.len()));
    }
    Ok(Aes128GcmBody { salt, sender_public, ciphertext })
}

/// RFC 8291 §3.4 key derivation, then RFC 8188 content decryption of the single record.
fn decrypt(body: &[u8], keys: &DeviceKeys) -> Result<Vec<u8>, String> {
    let parts = split_body(body)?;
    if parts.sender_public.first() != Some(&0x04) {
        return Err("the sender's key in the aes128gcm header is not an uncompressed point".to_owned());
    }
    let sender_public = PublicKey::from_sec1_bytes(parts.sender_public)
        .map_err(|_| "the sender's key in the aes128gcm header is not on the P-256 curve")?;
    let shared = p256::ecdh::diffie_hellman(keys.secret.to_nonzero_scalar(), sender_public.as_affine());
    let ikm = webpush_ikm(shared.raw_secret_bytes(), &keys.auth, &keys.public, parts.sender_public)?;
    let (cek, nonce) = content_key_and_nonce(parts.salt, &ikm)?;
    let cipher = Aes128Gcm::new_from_slice(&cek).map_err(|_| "the content key is not 16 bytes")?;
    // The first (and only) record's nonce is NONCE XOR 0, the nonce itself.
    let padded = cipher
        .decrypt(&Nonce::from(nonce), parts.ciphertext)
        .map_err(|_| "AES-GCM decryption failed: wrong keys or a corrupted ciphertext".to_owned())?;
    strip_padding(padded)
}

/// RFC 8291 §3.4: mixes the ECDH secret with the auth secret and both public keys, so only this
/// subscription's holder can decrypt.
fn webpush_ikm(ecdh_secret: &[u8], auth: &[u8], ua_public: &[u8], as_public: &[u8]) -> Result<[u8; 32], String> {
    let prk_key = Hkdf::<Sha256>::new(Some(auth), ecdh_secret);
    let mut ikm = [0u8; 32];
    prk_key
        .expand_multi_info(&[b"WebPush: info\0", ua_public, as_public], &mut ikm)
        .map_err(|_| "HKDF could not expand the Web Push IKM")?;
    Ok(ikm)
}

/// RFC 8188 §2.2–2.3: the content-encryption key and nonce from the salt and the IKM.
fn content_key_and_nonce(salt: &[u8], ikm: &[u8]) -> Result<([u8; 16], [u8; 12]), String> {
    let prk = Hkdf::<Sha256>::new(Some(salt), ikm);
    let mut cek = [0u8; 16];
    let mut nonce = [0u8; 12];
    prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek).map_err(|_| "HKDF could not expand the CEK")?;
    prk.expand(b"Content-Encoding: nonce\0", &mut nonce).map_err(|_| "HKDF could not expand the nonce")?;
    Ok((cek, nonce))
}

/// RFC 8188 §2: the last record's plaintext is data || 0x02 || 0x00*. Anything else (no
/// delimiter, or 0x01, which marks a record that is not the last) is malformed.
fn strip_padding(mut padded: Vec<u8>) -> Result<Vec<u8>, String> {
    let delimiter = padded.iter().rposition(|&b| b != 0).ok_or("the plaintext is all padding, no delimiter")?;
    if padded[delimiter] != 0x02 {
        return Err(format!(
            "the plaintext's padding delimiter is {:#04x}, not 0x02 (the last record's)",
            padded[delimiter]
        ));
    }
    padded.truncate(delimiter);
    Ok(padded)
}

/// A public key as the 65-byte uncompressed point Web Push writes.
fn uncompressed(public: &PublicKey) -> [u8; POINT_LEN] {
    let point = public.to_encoded_point(false);
    <[u8; POINT_LEN]>::try_from(point.as_bytes()).unwrap_or_else(|_| panic!("an uncompressed P-256 point is 65 bytes"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use web_push::request_builder::build_request;
    use web_push::{ContentEncoding, SubscriptionInfo, Urgency, VapidSignatureBuilder, WebPushMessageBuilder};

    use super::*;

    /// How long a test waits for what must happen (a broken service fails, not hangs, the test).
    const PATIENCE: Duration = Duration::from_secs(10);

    /// An application server: a VAPID key pair, and the sender's library to build messages.
    struct Sender {
        private: String,
        public: String,
    }

    impl Sender {
        fn new() -> Sender {
            let secret = SecretKey::random(&mut OsRng);
            Sender {
                private: URL_SAFE_NO_PAD.encode(secret.to_bytes()),
                public: URL_SAFE_NO_PAD.encode(uncompressed(&secret.public_key())),
            }
        }

        /// A valid message (TTL 60, topic "abc", urgency high), with `claims` overriding the
        /// default `sub` and `aud` or adding others (`exp`).
        fn message(
            &self,
            service: &PushService,
            device: &Device,
            payload: &Value,
            claims: &[(&'static str, Value)],
        ) -> Outgoing {
            let info = SubscriptionInfo::new(device.endpoint.as_str(), device.p256dh.as_str(), device.auth.as_str());
            let mut vapid = VapidSignatureBuilder::from_base64(&self.private, &info).expect("a VAPID key");
            vapid.add_claim("sub", "mailto:test@example.org");
            // web-push would drop the port from the audience; the service insists on it.
            vapid.add_claim("aud", service.origin());
            for (name, value) in claims {
                vapid.add_claim(name, value.clone());
            }
            let signature = vapid.build().expect("a VAPID signature");
            let plaintext = serde_json::to_vec(payload).expect("JSON");
            let mut builder = WebPushMessageBuilder::new(&info);
            builder.set_payload(ContentEncoding::Aes128Gcm, &plaintext);
            builder.set_ttl(60);
            builder.set_topic("abc".into());
            builder.set_urgency(Urgency::High);
            builder.set_vapid_signature(signature);
            let request = build_request::<Vec<u8>>(builder.build().expect("a message"));
            assert_eq!(request.method().as_str(), "POST");
            let headers = request
                .headers()
                .iter()
                // reqwest sets the length itself, and the tests change bodies.
                .filter(|(name, _)| name.as_str() != "content-length")
                .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
                .collect();
            Outgoing { url: request.uri().to_string(), headers, body: request.into_body() }
        }
    }

    /// A request as plain parts, so a test can break one thing at a time. (web-push builds an
    /// `http` 0.2 request; reqwest takes `http` 1.)
    #[derive(Clone)]
    struct Outgoing {
        url: String,
        headers: Vec<(String, Vec<u8>)>,
        body: Vec<u8>,
    }

    impl Outgoing {
        fn header(&self, name: &str) -> String {
            let (_, value) = self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).expect("the header");
            String::from_utf8(value.clone()).expect("a text header")
        }

        fn set(mut self, name: &str, value: &str) -> Outgoing {
            self = self.remove(name);
            self.headers.push((name.to_owned(), value.as_bytes().to_vec()));
            self
        }

        fn remove(mut self, name: &str) -> Outgoing {
            self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            self
        }

        async fn send(&self, client: &reqwest::Client) -> reqwest::Response {
            self.try_send(client).await.expect("the push service answers")
        }

        async fn try_send(&self, client: &reqwest::Client) -> reqwest::Result<reqwest::Response> {
            let mut request = client.post(&self.url).body(self.body.clone());
            for (name, value) in &self.headers {
                request = request.header(name.as_str(), value.as_slice());
            }
            request.send().await
        }
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder().no_proxy().build().expect("a client")
    }

    fn payload() -> Value {
        json!({ "kind": "session-changed", "session": "opening-plenary", "title": "الجلسة الافتتاحية" })
    }

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex")).collect()
    }

    #[tokio::test]
    async fn a_message_from_the_senders_library_round_trips() {
        let service = PushService::start().await;
        let device = service.new_device();
        let sender = Sender::new();
        let response = sender.message(&service, &device, &payload(), &[]).send(&client()).await;
        assert_eq!(response.status(), 201, "{:?}", response.text().await);

        let received = service.wait_for(&device, 1, PATIENCE).await;
        assert_eq!(received.len(), 1);
        let message = &received[0];
        assert_eq!(message.payload, payload());
        assert_eq!(message.plaintext_len, serde_json::to_vec(&payload()).expect("JSON").len());
        assert_eq!(message.ttl, 60);
        assert_eq!(message.urgency.as_deref(), Some("high"));
        assert_eq!(message.topic.as_deref(), Some("abc"));
        assert_eq!(message.vapid_key, sender.public);
        assert_eq!(message.claims["sub"], "mailto:test@example.org");
        assert_eq!(message.claims["aud"], service.origin());
        assert_eq!(service.wait_for_total(1, PATIENCE).await, 1);
        let attempts = service.attempts(&device);
        assert_eq!(attempts.len(), 1);
        assert_eq!((attempts[0].status, attempts[0].ttl.as_deref()), (201, Some("60")));
        assert!(service.violations().is_empty(), "{:?}", service.violations());
    }

    #[tokio::test]
    async fn each_check_refuses_and_the_service_keeps_working() {
        let service = PushService::start().await;
        let device = service.new_device();
        let sender = Sender::new();
        let good = sender.message(&service, &device, &payload(), &[]);
        let bare_origin = format!("http://{}", service.addr().ip());
        let in_25_hours = unix_now() + 25 * 3600;
        let mut corrupted = good.clone();
        let last = corrupted.body.last_mut().expect("a body");
        *last ^= 0x01;
        let other_key = Sender::new().public;
        let signed_by_another = {
            let authorization = good.header("authorization");
            let (token, _) = authorization.split_once(", k=").expect("t= then k=");
            good.clone().set("authorization", &format!("{token}, k={other_key}"))
        };
        let cases: Vec<(&str, Outgoing, u16, &str)> = vec![
            ("no TTL", good.clone().remove("ttl"), 400, "TTL"),
            ("bad Urgency", good.clone().set("urgency", "urgent"), 400, "Urgency"),
            ("Topic with '='", good.clone().set("topic", "abc="), 400, "Topic"),
            ("Topic of 33 characters", good.clone().set("topic", &"a".repeat(33)), 400, "Topic"),
            ("wrong Content-Encoding", good.clone().set("content-encoding", "aesgcm"), 400, "Content-Encoding"),
            ("a 5000-byte body", Outgoing { body: vec![0; 5000], ..good.clone() }, 413, "5000 bytes"),
            (
                "aud without the port",
                sender.message(&service, &device, &payload(), &[("aud", json!(bare_origin))]),
                400,
                "aud",
            ),
            (
                "exp 25 hours ahead",
                sender.message(&service, &device, &payload(), &[("exp", json!(in_25_hours))]),
                400,
                "24 hours",
            ),
            (
                "sub not a contact",
                sender.message(&service, &device, &payload(), &[("sub", json!("nobody"))]),
                400,
                "sub",
            ),
            ("signed by another key", signed_by_another, 400, "signature"),
            ("a corrupted ciphertext byte", corrupted, 400, "AES-GCM"),
        ];
        let client = client();
        for (number, (case, message, status, reason)) in cases.into_iter().enumerate() {
            let response = message.send(&client).await;
            assert_eq!(response.status(), status, "{case}: {:?}", response.text().await);
            let violations = service.violations();
            assert_eq!(violations.len(), number + 1, "{case}: {violations:?}");
            assert!(violations[number].contains(reason), "{case}: {}", violations[number]);
        }
        assert!(service.received(&device).is_empty());

        let response = good.send(&client).await;
        assert_eq!(response.status(), 201, "{:?}", response.text().await);
        assert_eq!(service.wait_for(&device, 1, PATIENCE).await.len(), 1);
        assert_eq!(service.attempts(&device).len(), 12);
    }

    #[tokio::test]
    async fn an_unknown_subscription_is_not_found_and_no_violation() {
        let service = PushService::start().await;
        let response = client().post(format!("{}/push/nobody", service.origin())).send().await.expect("answer");
        assert_eq!(response.status(), 404);
        assert!(service.violations().is_empty());
    }

    #[tokio::test]
    async fn scripted_answers_come_first_in_order() {
        let service = PushService::start().await;
        let device = service.new_device();
        let sender = Sender::new();
        let client = client();
        service.script(&device, vec![Scripted::RetryAfter(429, 7), Scripted::Status(500), Scripted::Status(410)]);

        let throttled = sender.message(&service, &device, &payload(), &[]).send(&client).await;
        assert_eq!(throttled.status(), 429);
        assert_eq!(throttled.headers()["retry-after"], "7");
        // Scripted answers do not look at the message: even a broken one gets them.
        let broken = sender.message(&service, &device, &payload(), &[]).remove("ttl");
        assert_eq!(broken.send(&client).await.status(), 500);
        assert_eq!(sender.message(&service, &device, &payload(), &[]).send(&client).await.status(), 410);
        assert_eq!(sender.message(&service, &device, &payload(), &[]).send(&client).await.status(), 201);

        let statuses: Vec<u16> = service.attempts(&device).iter().map(|a| a.status).collect();
        assert_eq!(statuses, [429, 500, 410, 201]);
        assert_eq!(service.received(&device).len(), 1);
        assert!(service.violations().is_empty(), "{:?}", service.violations());
    }

    #[tokio::test]
    async fn a_stalled_answer_outlasts_the_senders_timeout() {
        let service = PushService::start().await;
        let device = service.new_device();
        service.script(&device, vec![Scripted::Stall(Duration::from_secs(5))]);
        let impatient =
            reqwest::Client::builder().no_proxy().timeout(Duration::from_millis(200)).build().expect("client");
        let error = Sender::new()
            .message(&service, &device, &payload(), &[])
            .try_send(&impatient)
            .await
            .expect_err("the answer comes after the timeout");
        assert!(error.is_timeout(), "{error:?}");
        let attempts = service.wait_for_attempts(&device, 1, PATIENCE).await;
        assert_eq!(attempts.len(), 1);
        assert!(service.received(&device).is_empty());
    }

    #[tokio::test]
    async fn a_trickling_answer_never_ends() {
        let service = PushService::start().await;
        let device = service.new_device();
        service.script(&device, vec![Scripted::Trickle]);
        let bounded =
            reqwest::Client::builder().no_proxy().timeout(Duration::from_millis(500)).build().expect("client");
        let response = Sender::new().message(&service, &device, &payload(), &[]).send(&bounded).await;
        assert_eq!(response.status(), 201);
        let error = response.bytes().await.expect_err("the body never ends");
        assert!(error.is_timeout(), "{error:?}");
        assert_eq!(service.attempts(&device).len(), 1);
    }

    #[tokio::test]
    async fn waiting_gives_up_at_the_timeout() {
        let service = PushService::start().await;
        let device = service.new_device();
        assert!(service.wait_for(&device, 1, Duration::from_millis(20)).await.is_empty());
        assert!(service.wait_for_attempts(&device, 1, Duration::from_millis(20)).await.is_empty());
        assert_eq!(service.wait_for_total(1, Duration::from_millis(20)).await, 0);
    }

    /// The worked example of RFC 8291 §5, so the decryption is checked against the standard and
    /// not only against the sender's library.
    #[test]
    fn decrypts_the_rfc_8291_example() {
        let secret = SecretKey::from_slice(&hex("ab5757a70dd4a53e553a6bbf71ffefea2874ec07a6b379e3c48f895a02dc33de"))
            .expect("key");
        let public = uncompressed(&secret.public_key());
        assert_eq!(
            public.to_vec(),
            hex(concat!(
                "042571b2becdfde360551aaf1ed0f4cd366c11cebe555f89bcb7b186a53339173168ece2ebe018597bd30479b86e3c8f",
                "8eced577ca59187e9246990db682008b0e"
            ))
        );
        let auth = <[u8; 16]>::try_from(hex("05305932a1c7eabe13b6cec9fda48882")).expect("16 bytes");
        let body = hex(concat!(
            "0c6bfaadad67958803092d454676f397000010004104fe33f4ab0dea71914db55823f73b54948f41306d920732dbb9a5",
            "9a53286482200e597a7b7bc260ba1c227998580992e93973002f3012a28ae8f06bbb78e5ec0ff297de5b429bba7153d3",
            "a4ae0caa091fd425f3b4b5414add8ab37a19c1bbb05cf5cb5b2a2e0562d558635641ec52812c6c8ff42e95ccb86be7cd"
        ));
        let plaintext = decrypt(&body, &DeviceKeys { secret, public, auth }).expect("decrypts");
        assert_eq!(plaintext, b"When I grow up, I want to be a watermelon");
    }

    #[test]
    fn padding_ends_with_the_last_record_delimiter() {
        assert_eq!(strip_padding(b"{}\x02\0\0".to_vec()).expect("padded"), b"{}");
        assert_eq!(strip_padding(b"{}\x02".to_vec()).expect("unpadded"), b"{}");
        assert!(strip_padding(b"{}\x01\0".to_vec()).is_err(), "0x01 marks a record that is not the last");
        assert!(strip_padding(vec![0; 4]).is_err(), "no delimiter");
    }
}
