//! The parts of the `graphql-transport-ws` protocol that async-graphql leaves out (DESIGN §2
//! traps), enforced between the socket and async-graphql: the close codes of the protocol's
//! specification for a message that is not valid JSON (4400), a subscription before the
//! server acknowledged the connection (4401), an operation id already in use (4409), no
//! `connection_init` in time (4408), and a refused `connection_init` (4403). Messages pass
//! through unchanged otherwise. When the server shuts down, the connection is closed with 1001
//! (Going Away), the code RFC 6455 gives a server going down, so clients reconnect elsewhere or
//! later instead of waiting on a connection that will never answer.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures::channel::mpsc;
use futures::{SinkExt, Stream, StreamExt};
use serde_json::Value;

use super::listener::Draining;

/// The close frame sent to every WebSocket when the server shuts down.
const GOING_AWAY: u16 = 1001;

/// What the guard knows of the conversation.
#[derive(Debug, Default)]
struct Conversation {
    initialised: bool,
    acknowledged: bool,
    /// Operation ids with a running subscription.
    running: HashSet<String>,
    /// Ids the client completed: async-graphql echoes a `complete` for them, which must not
    /// end a new operation that reuses the id.
    cancelled: HashSet<String>,
}

/// A close frame with the specification's code and reason.
fn close(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame { code, reason: reason.into() }))
}

fn text_of(message: &Message) -> Option<&str> {
    match message {
        Message::Text(text) => Some(text.as_str()),
        _ => None,
    }
}

/// Resolves when the server starts shutting down; never without a [`Draining`] (a router
/// served by something other than [`super::listener::serve`]).
async fn going_away(draining: &mut Option<Draining>) {
    match draining {
        Some(draining) => draining.started().await,
        None => std::future::pending().await,
    }
}

/// Splits `socket` into what async-graphql reads (guarded) and writes (forwarded), for
/// `graphql-transport-ws` (`strict`) or the legacy protocol (only the init timeout and the
/// shutdown's 1001 apply).
pub fn guard(
    socket: WebSocket,
    strict: bool,
    init_timeout: Duration,
    draining: Option<Draining>,
) -> (mpsc::Sender<Message>, impl Stream<Item = Result<Message, axum::Error>> + Send + 'static) {
    let (mut socket_sink, socket_stream) = socket.split();
    let (outgoing, mut to_client) = mpsc::channel::<Message>(32);
    let state = Arc::new(Mutex::new(Conversation::default()));

    // Writer: what async-graphql and the guard send, in order; it learns of acks and ends. It
    // holds a `Draining` until it has written its last frame, so a shutdown waits for the 1001
    // to be sent (up to the drain deadline) rather than exiting before it is.
    let seen = state.clone();
    let writer_draining = draining.clone();
    tokio::spawn(async move {
        let _draining = writer_draining;
        while let Some(mut message) = to_client.next().await {
            let closing = matches!(message, Message::Close(_));
            if let Ok(mut conversation) = seen.lock() {
                if let Some(text) = text_of(&message)
                    && let Ok(value) = serde_json::from_str::<Value>(text)
                {
                    match value["type"].as_str() {
                        Some("connection_ack") => conversation.acknowledged = true,
                        Some("complete" | "error") => {
                            if let Some(id) = value["id"].as_str()
                                && !conversation.cancelled.remove(id)
                            {
                                conversation.running.remove(id);
                            }
                        }
                        _ => {}
                    }
                }
                // async-graphql closes a refused init with 1002; the specification says 4403.
                if strict
                    && !conversation.acknowledged
                    && let Message::Close(Some(frame)) = &message
                    && frame.code == 1002
                {
                    message = Message::Close(Some(CloseFrame { code: 4403, reason: frame.reason.clone() }));
                }
            }
            if socket_sink.send(message).await.is_err() || closing {
                break;
            }
        }
        let _ = socket_sink.close().await;
    });

    let closer = outgoing.clone();
    let deadline = tokio::time::Instant::now() + init_timeout;
    // Reader: ends (so async-graphql stops) after queueing a close frame for the writer when
    // the protocol is broken, init does not come in time, or the server shuts down.
    let incoming = futures::stream::unfold(
        (socket_stream, closer, state, draining, false),
        move |(mut stream, mut closer, state, mut draining, done)| async move {
            if done {
                return None;
            }
            let initialised = state.lock().map(|c| c.initialised).unwrap_or(true);
            let read = async {
                if initialised {
                    Ok(stream.next().await)
                } else {
                    tokio::time::timeout_at(deadline, stream.next()).await
                }
            };
            let next = tokio::select! {
                // A client that keeps talking must not hold the shutdown up.
                biased;
                () = going_away(&mut draining) => {
                    let _ = closer.send(close(GOING_AWAY, "Server shutting down")).await;
                    return None;
                }
                read = read => match read {
                    Ok(next) => next,
                    Err(_) => {
                        let _ = closer.send(close(4408, "Connection initialisation timeout")).await;
                        return None;
                    }
                },
            };
            let message = next?;
            let verdict = match &message {
                Ok(Message::Text(text)) => check(text, strict, &state),
                // async-graphql reads binary frames as text too.
                Ok(Message::Binary(bytes)) => match std::str::from_utf8(bytes) {
                    Ok(text) => check(text, strict, &state),
                    Err(_) if strict => Err(close(4400, "Invalid message received")),
                    Err(_) => Ok(()),
                },
                Ok(_) => Ok(()),
                // Mostly a frame over the size limit; a broken connection ignores the answer.
                Err(_) => Err(close(1009, "Message too big")),
            };
            match verdict {
                Ok(()) => Some((message, (stream, closer, state, draining, false))),
                Err(refusal) => {
                    let _ = closer.send(refusal).await;
                    None
                }
            }
        },
    );
    (outgoing, incoming)
}

/// Checks one client message against the protocol; `Err` is the close frame to answer with.
fn check(text: &str, strict: bool, state: &Mutex<Conversation>) -> Result<(), Message> {
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let kind = parsed.as_ref().and_then(|v| v["type"].as_str()).map(str::to_owned);
    let Ok(mut conversation) = state.lock() else { return Ok(()) };
    if kind.as_deref() == Some("connection_init") {
        conversation.initialised = true;
    }
    if !strict {
        return Ok(());
    }
    let (Some(value), Some(kind)) = (parsed.as_ref(), kind) else {
        return Err(close(4400, "Invalid message received"));
    };
    let invalid = || Err(close(4400, "Invalid message received"));
    match kind.as_str() {
        "subscribe" => {
            if !conversation.acknowledged {
                return Err(close(4401, "Unauthorized"));
            }
            let Some(id) = value["id"].as_str().filter(|id| !id.is_empty()) else {
                return invalid();
            };
            if !value["payload"].is_object() {
                return invalid();
            }
            if !conversation.running.insert(id.to_owned()) {
                return Err(close(
                    4409,
                    &format!("Subscriber for {} already exists", id.chars().take(64).collect::<String>()),
                ));
            }
        }
        "complete" => {
            let Some(id) = value["id"].as_str() else { return invalid() };
            if conversation.running.remove(id) {
                conversation.cancelled.insert(id.to_owned());
            }
        }
        "connection_init" | "ping" | "pong" => {}
        _ => return Err(close(4400, "Invalid message received")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(result: Result<(), Message>) -> Option<u16> {
        match result {
            Ok(()) => None,
            Err(Message::Close(Some(frame))) => Some(frame.code),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_specifications_close_codes() {
        let state = Mutex::new(Conversation::default());
        assert_eq!(code(check("{not json", true, &state)), Some(4400));
        assert_eq!(code(check(r#"{"id":"1"}"#, true, &state)), Some(4400), "no type");
        assert_eq!(code(check(r#"{"type":"subscribe","id":"1","payload":{}}"#, true, &state)), Some(4401));
        assert_eq!(code(check(r#"{"type":"connection_init"}"#, true, &state)), None);
        state.lock().unwrap().acknowledged = true;
        let subscribe = r#"{"type":"subscribe","id":"1","payload":{"query":"subscription { x }"}}"#;
        assert_eq!(code(check(subscribe, true, &state)), None);
        assert_eq!(code(check(subscribe, true, &state)), Some(4409));
        assert_eq!(code(check(r#"{"type":"complete","id":"1"}"#, true, &state)), None);
        assert_eq!(code(check(subscribe, true, &state)), None, "an id may be used again once complete");
        assert_eq!(code(check(r#"{"type":"bogus"}"#, true, &state)), Some(4400));
        assert_eq!(code(check(r#"{"type":"subscribe","id":"2"}"#, true, &state)), Some(4400), "no payload");
        assert_eq!(code(check(r#"{"type":"complete"}"#, true, &state)), Some(4400), "no id");
        assert_eq!(code(check("{not json", false, &state)), None, "the legacy protocol is left alone");
    }
}
