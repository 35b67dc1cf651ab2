//! What every programme edit shares: announcing the committed change and answering with the
//! edited object in the viewer's languages.

use std::sync::Arc;

use async_graphql::{Context, ID, SimpleObject};

use crate::error::{AppError, AppResult};
use crate::graphql::context::{Scope, scope_for};
use crate::graphql::relay::{Kind, encode};
use crate::service::live::{Live, ProgrammeChange};

/// Tells this process's listeners (cache keys, subscriptions) and returns the scope to answer in.
pub async fn announce(ctx: &Context<'_>, change: ProgrammeChange) -> AppResult<Arc<Scope>> {
    let live = ctx.data::<Live>().map_err(|e| AppError::unexpected(e.message))?;
    let conference_id = change.conference_id;
    tracing::info!(target_kind = ?change.target, id = change.id, action = ?change.action, version = change.version, "programme changed");
    live.publish(change);
    scope_for(ctx, conference_id).await
}

/// What a deletion returns.
#[derive(SimpleObject)]
pub struct Deleted {
    /// The id of what was deleted; offline copies should drop it.
    pub id: ID,
    /// The conference's programme version after the deletion.
    pub programme_version: i64,
}

pub async fn deleted(ctx: &Context<'_>, kind: Kind, change: ProgrammeChange) -> AppResult<Deleted> {
    let (id, programme_version) = (change.id, change.version);
    announce(ctx, change).await?;
    Ok(Deleted { id: encode(kind, id), programme_version })
}
