//! `bench ws`: 1,000 anonymous WebSocket clients (`graphql-transport-ws`; `SANAD_BENCH_SUBSCRIBERS`
//! sets another number) subscribe to `announcementPublished`; once the server counts them all,
//! an organiser publishes one announcement over HTTP. Reports the time from just before the
//! mutation until the last client has the event, each client's wait (p50, p99), the server's
//! resident memory idle, with every client subscribed and waiting (and so the memory one idle
//! subscriber costs), after, and its peak; and `ws_held: 1` when every client had the event
//! within 2 s with no error (issue 15's capacity criterion).
//!
//! Each connection is a file descriptor in the server and another in this process: the number
//! of subscribers one run can hold is bounded by the open-file limit (printed first).

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use sanad_schema::entities::enums::Role;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, mpsc};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::common::{self, Server};

const SUBSCRIBERS: usize = 1_000;
/// Every subscriber must have the announcement within this for the run to count as held.
const HELD_WITHIN_MS: f64 = 2_000.0;
/// Handshakes in flight at once.
const CONNECTING: usize = 64;
/// How long a client waits for any one step before it counts as failed.
const PATIENCE: Duration = Duration::from_secs(60);
/// Distinct client failures printed to stderr.
const ERRORS_SHOWN: usize = 5;

const SUBSCRIPTION: &str = "subscription { announcementPublished { id severity title { value lang } whatChanged { value } whatToDo { value } publishedAt } }";

type Stream = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub async fn ws() {
    let subscribers = std::env::var("SANAD_BENCH_SUBSCRIBERS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(SUBSCRIBERS)
        .max(1);
    let server = Server::start().await;
    let url = server.url();
    let client = common::client();
    let code = server.people(Role::Organizer, "Bench Lead", 1).await.remove(0).code;
    let (organiser, _) = common::sign_in(&client, &url, &code).await;
    let baseline = server.metric(&client, "sanad_live_subscriptions").await;
    println!("ws_subscribers: {subscribers}");
    let idle = server.rss_mb();
    println!("ws_server_rss_mb_idle: {idle:.1}");

    let gate = Arc::new(Semaphore::new(CONNECTING));
    let (ready_tx, mut ready_rx) = mpsc::unbounded_channel::<Result<(), String>>();
    let started = Instant::now();
    let tasks: Vec<_> = (0..subscribers)
        .map(|_| tokio::spawn(subscriber(server.addr.clone(), gate.clone(), ready_tx.clone())))
        .collect();
    drop(ready_tx);
    let (mut subscribed, mut failures) = (0u64, Vec::new());
    while let Some(ready) = ready_rx.recv().await {
        match ready {
            Ok(()) => subscribed += 1,
            Err(e) => failures.push(e),
        }
        if subscribed as usize + failures.len() == subscribers {
            break;
        }
    }
    println!("ws_connect_seconds: {:.2}", started.elapsed().as_secs_f64());
    println!("ws_subscribed: {subscribed}");
    // The server counts a subscription once its stream listens: then an event is sure to reach it.
    let deadline = Instant::now() + PATIENCE;
    let mut listening = server.metric(&client, "sanad_live_subscriptions").await;
    while listening < baseline + subscribed && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
        listening = server.metric(&client, "sanad_live_subscriptions").await;
    }
    println!("ws_server_listening: {}", listening - baseline);
    println!("ws_subscribed_seconds: {:.2}", started.elapsed().as_secs_f64());

    let before = server.rss_mb();
    // Every client connected, signed on and waiting: what idle subscribers cost the server.
    if listening > baseline {
        println!("ws_server_kb_per_idle_subscriber: {:.1}", (before - idle) * 1024.0 / (listening - baseline) as f64);
    }
    let statements_before = server.metric(&client, "sanad_sql_statements_total").await;
    let published_at = Instant::now();
    let published = common::announce(&client, &url, &organiser, "Plenary moved").await;
    let publish_ms = published_at.elapsed().as_secs_f64() * 1000.0;
    if let Err(failure) = &published {
        eprintln!("ws error: the announcement was refused: {failure:?}");
    }
    let (mut waits_ms, mut open) = (Vec::with_capacity(subscribers), Vec::with_capacity(subscribers));
    for task in tasks {
        match task.await {
            Ok(Ok((at, stream))) => {
                waits_ms.push(at.saturating_duration_since(published_at).as_secs_f64() * 1000.0);
                open.push(stream);
            }
            Ok(Err(e)) => failures.push(e),
            Err(e) => failures.push(format!("client task: {e}")),
        }
    }
    // Sampled with every client still connected.
    let after = server.rss_mb();
    let statements = server.metric(&client, "sanad_sql_statements_total").await - statements_before;
    drop(open);
    waits_ms.sort_by(f64::total_cmp);
    let mut distinct = failures.clone();
    distinct.sort();
    distinct.dedup();
    for failure in distinct.iter().take(ERRORS_SHOWN) {
        eprintln!("ws error: {failure}");
    }
    println!("ws_publish_mutation_ms: {publish_ms:.1}");
    println!("ws_received: {}", waits_ms.len());
    println!("ws_errors: {}", failures.len() + usize::from(published.is_err()));
    // Until the last client has the event; only meaningful when every client got it.
    let to_all = if waits_ms.len() == subscribers { waits_ms.last().copied().unwrap_or(f64::NAN) } else { f64::NAN };
    println!("ws_seconds_to_all: {:.3}", to_all / 1000.0);
    let held = failures.is_empty() && published.is_ok() && to_all <= HELD_WITHIN_MS;
    println!("ws_held: {}", u8::from(held));
    println!("ws_p50_ms: {:.1}", common::quantile(&waits_ms, 0.5));
    println!("ws_p99_ms: {:.1}", common::quantile(&waits_ms, 0.99));
    println!("ws_server_rss_mb_before: {before:.1}");
    println!("ws_server_rss_mb_after: {after:.1}");
    println!("ws_server_peak_rss_mb: {:.1}", server.peak_rss_mb());
    // The mutation's own and those of every subscription reading the event.
    println!("ws_sql_statements_for_the_announcement: {statements}");
}

/// One client: connects, subscribes, says so, then waits for the announcement; resolves to
/// when it arrived, and the connection, still open.
async fn subscriber(
    addr: String,
    gate: Arc<Semaphore>,
    ready: mpsc::UnboundedSender<Result<(), String>>,
) -> Result<(Instant, Stream), String> {
    let connected = tokio::time::timeout(PATIENCE, async {
        let _permit = gate.acquire().await.map_err(|e| e.to_string())?;
        subscribe(&addr, json!({}), SUBSCRIPTION).await
    })
    .await
    .unwrap_or_else(|_| Err("timed out subscribing".into()));
    let mut stream = match connected {
        Ok(stream) => {
            ready.send(Ok(())).ok();
            stream
        }
        Err(e) => {
            ready.send(Err(e)).ok();
            return Err("not subscribed".into());
        }
    };
    drop(ready);
    loop {
        let message = tokio::time::timeout(PATIENCE, next_json(&mut stream))
            .await
            .map_err(|_| "no announcement in time".to_owned())??;
        let at = Instant::now();
        match message["type"].as_str() {
            Some("next") if message["payload"].get("errors").is_none() => return Ok((at, stream)),
            Some("ping") => {
                stream.send(Message::text(json!({ "type": "pong" }).to_string())).await.map_err(|e| e.to_string())?
            }
            _ => return Err(format!("unexpected message: {message}")),
        }
    }
}

/// A `graphql-transport-ws` client that sent `init` and subscribed to `query` (id `1`).
pub async fn subscribe(addr: &str, init: Value, query: &str) -> Result<Stream, String> {
    let mut request = format!("ws://{addr}/graphql").into_client_request().map_err(|e| e.to_string())?;
    request.headers_mut().insert("sec-websocket-protocol", HeaderValue::from_static("graphql-transport-ws"));
    let (mut stream, _) = tokio_tungstenite::connect_async(request).await.map_err(|e| format!("connect: {e}"))?;
    send(&mut stream, json!({ "type": "connection_init", "payload": init })).await?;
    loop {
        let message = next_json(&mut stream).await?;
        match message["type"].as_str() {
            Some("connection_ack") => break,
            Some("ping") => send(&mut stream, json!({ "type": "pong" })).await?,
            _ => return Err(format!("instead of connection_ack: {message}")),
        }
    }
    send(&mut stream, json!({ "id": "1", "type": "subscribe", "payload": { "query": query } })).await?;
    Ok(stream)
}

async fn send(stream: &mut Stream, message: Value) -> Result<(), String> {
    stream.send(Message::text(message.to_string())).await.map_err(|e| format!("send: {e}"))
}

/// The next text message, as JSON (WebSocket pings are answered by the library).
pub async fn next_json(stream: &mut Stream) -> Result<Value, String> {
    loop {
        match stream.next().await {
            Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}")),
            Some(Ok(Message::Close(frame))) => return Err(format!("closed: {frame:?}")),
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(format!("receive: {e}")),
            None => return Err("closed".into()),
        }
    }
}
