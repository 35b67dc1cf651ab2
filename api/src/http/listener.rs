//! The accept loop. `axum::serve` gives hyper no timer, so a client that sends its headers one
//! byte a minute (slowloris) would hold a connection for ever; here every connection gets a
//! header-read timeout and a cap on header size, and shutdown drains connections in flight
//! (up to a deadline) after the listener is closed. WebSockets learn of the shutdown through
//! [`Draining`], so they can say goodbye (1001) instead of being cut off.

use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

/// Limits on each connection.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// Longest wait for a request's complete headers (also an idle keep-alive connection's
    /// next request).
    pub header_timeout: Duration,
    /// Largest request head in bytes: the request line and every header line with their CRLFs,
    /// up to and including the empty line that ends them. One byte more is answered 431.
    pub max_head_bytes: usize,
    /// Longest wait for connections in flight at shutdown.
    pub drain_deadline: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            max_head_bytes: 32 * 1024,
            drain_deadline: Duration::from_secs(30),
        }
    }
}

/// Tells a connection that outlives its request (a WebSocket) that the server is shutting down.
/// Every request carries one in its extensions. While a clone is alive the drain waits for it
/// (up to the deadline), so a WebSocket that holds one until its close frame is written gets
/// that frame out before the server stops.
#[derive(Clone, Debug)]
pub struct Draining(watch::Receiver<bool>);

impl Draining {
    /// Resolves once the shutdown has begun (at once if it already has).
    pub async fn started(&mut self) {
        // An error means the accept loop is gone: that is a shutdown too.
        let _ = self.0.wait_for(|&stopping| stopping).await;
    }
}

/// Serves `app` on `listener` until `stop` resolves, then stops accepting and waits for
/// requests in flight, and for WebSockets to close (they are told through [`Draining`]).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    stop: impl std::future::Future<Output = ()> + Send,
) -> std::io::Result<()> {
    // Every connection task holds a receiver: all are gone when `closed()` resolves.
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let draining = Draining(shutdown_rx.clone());
        let service = tower::service_fn(move |mut request: axum::http::Request<Incoming>| {
            // What `into_make_service_with_connect_info` would do: rate limits need the peer.
            request.extensions_mut().insert(ConnectInfo(peer));
            request.extensions_mut().insert(draining.clone());
            let app = app.clone();
            async move { app.oneshot(request.map(axum::body::Body::new)).await }
        });
        let mut shutdown = shutdown_rx.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            // `max_buf_size` alone is no exact limit: hyper reads into whatever capacity its
            // buffer has, so heads of up to about 48 KiB got through a 32 KiB buffer.
            // `max_header_size` counts the parsed head itself (and a partial head as it grows).
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .max_header_size(limits.max_head_bytes)
                .max_buf_size(limits.max_head_bytes.max(8192));
            let connection =
                builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)).with_upgrades();
            let mut connection = std::pin::pin!(connection);
            let result = tokio::select! {
                result = connection.as_mut() => result,
                _ = shutdown.changed() => {
                    // Finish the request in flight (if any), then close.
                    connection.as_mut().graceful_shutdown();
                    connection.as_mut().await
                }
            };
            if let Err(e) = result {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(shutdown);
        });
    }
    drop(listener);
    let _ = shutdown_tx.send(true);
    drop(shutdown_rx);
    if tokio::time::timeout(limits.drain_deadline, shutdown_tx.closed()).await.is_err() {
        tracing::warn!("stopped with connections still open after the drain deadline");
    }
    Ok(())
}
