//! A GraphQL-over-WebSocket client for the tests, speaking either protocol.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for a message that must come (a failing server should fail the test,
/// not hang it).
const PATIENCE: Duration = Duration::from_secs(10);

/// What the server sent.
#[derive(Debug, PartialEq)]
pub enum Received {
    Json(Value),
    Closed { code: u16, reason: String },
}

pub struct WsClient {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// `graphql-transport-ws` (current) or `graphql-ws` (legacy).
pub async fn connect(addr: std::net::SocketAddr, protocol: &str, headers: &[(&str, &str)]) -> WsClient {
    try_connect(addr, protocol, headers).await.unwrap_or_else(|status| panic!("WebSocket refused with {status}"))
}

/// The same, or the HTTP status the upgrade was refused with.
pub async fn try_connect(
    addr: std::net::SocketAddr,
    protocol: &str,
    headers: &[(&str, &str)],
) -> Result<WsClient, u16> {
    let mut request = format!("ws://{addr}/graphql").into_client_request().expect("request");
    request.headers_mut().insert("sec-websocket-protocol", HeaderValue::from_str(protocol).expect("protocol"));
    for (name, value) in headers {
        request.headers_mut().insert(
            tokio_tungstenite::tungstenite::http::HeaderName::from_bytes(name.as_bytes()).expect("name"),
            HeaderValue::from_str(value).expect("value"),
        );
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((stream, _)) => Ok(WsClient { stream }),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => Err(response.status().as_u16()),
        Err(e) => panic!("WebSocket cannot connect: {e}"),
    }
}

impl WsClient {
    /// Sends raw text (for messages that are not JSON).
    pub async fn send_text(&mut self, text: &str) {
        self.stream.send(Message::text(text.to_owned())).await.expect("message sent");
    }

    pub async fn send(&mut self, message: Value) {
        self.stream.send(Message::text(message.to_string())).await.expect("message sent");
    }

    /// The next text message or close frame (pings are skipped).
    pub async fn receive(&mut self) -> Received {
        loop {
            let next = tokio::time::timeout(PATIENCE, self.stream.next()).await.expect("a message in time");
            match next {
                Some(Ok(Message::Text(text))) => return Received::Json(serde_json::from_str(&text).expect("JSON")),
                Some(Ok(Message::Close(frame))) => {
                    let (code, reason) =
                        frame.map(|f| (u16::from(f.code), f.reason.to_string())).unwrap_or((1005, String::new()));
                    return Received::Closed { code, reason };
                }
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return Received::Closed { code: 1006, reason: String::new() },
            }
        }
    }

    /// The next message, which must be JSON.
    pub async fn json(&mut self) -> Value {
        match self.receive().await {
            Received::Json(value) => value,
            closed => panic!("expected a message, got {closed:?}"),
        }
    }

    /// Sends `connection_init` and returns the answer.
    pub async fn init(&mut self, payload: Value) -> Received {
        self.send(json!({ "type": "connection_init", "payload": payload })).await;
        self.receive().await
    }
}
