//! What every operation on a WebSocket connection gets (from the `gate`) that the connection's
//! data alone would not give: a fresh check of the token the connection signed in with (a
//! revoked or expired token loses its rights at once, not at the next reconnect) and fresh
//! loaders (rows cached by an earlier operation of the connection may be stale).

use sea_orm::DatabaseConnection;

use crate::error::AppError;
use crate::service::accounts;
use crate::service::clock::Clock;

/// Marks a WebSocket connection's data; `token_id` is the token it signed in with, if any.
#[derive(Clone, Copy, Debug)]
pub struct LiveConnection {
    pub token_id: Option<i64>,
}

/// Checks the connection's token; `Ok(false)` when it no longer works.
pub async fn token_still_valid(
    db: &DatabaseConnection,
    clock: &Clock,
    connection: LiveConnection,
) -> Result<bool, AppError> {
    match connection.token_id {
        None => Ok(true),
        Some(token_id) => accounts::token_valid(db, token_id, clock.now()).await,
    }
}
