//! What every operation on a WebSocket connection gets that the connection's data alone would
//! not give: a fresh check of the token the connection signed in with (a revoked or expired
//! token loses its rights at once, not at the next reconnect) and fresh loaders (rows cached by
//! an earlier operation of the connection may be stale).

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest};
use async_graphql::{Pos, Request, ServerResult};
use sea_orm::DatabaseConnection;

use super::loaders::Loaders;
use crate::error::AppError;
use crate::service::accounts::{self, BAD_TOKEN};
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

pub struct ConnectionGuard;

impl ExtensionFactory for ConnectionGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ConnectionGuard)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for ConnectionGuard {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let Some(connection) = ctx.data_opt::<LiveConnection>().copied() else { return next.run(ctx, request).await };
        let (Some(db), Some(clock)) = (ctx.data_opt::<DatabaseConnection>(), ctx.data_opt::<Clock>()) else {
            return Err(async_graphql::Error::from(AppError::unexpected("the schema lacks its database"))
                .into_server_error(Pos::default()));
        };
        let valid = token_still_valid(db, clock, connection)
            .await
            .map_err(|e| async_graphql::Error::from(e).into_server_error(Pos::default()))?;
        if !valid {
            return Err(
                async_graphql::Error::from(AppError::unauthenticated(BAD_TOKEN)).into_server_error(Pos::default())
            );
        }
        next.run(ctx, request.data(Arc::new(Loaders::new(db.clone())))).await
    }
}
