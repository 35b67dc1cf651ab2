//! The signed-in person's own agenda. There is no argument naming a person: nobody can touch
//! another's agenda.

use async_graphql::{Context, ID, Object};

use crate::error::AppResult;
use crate::graphql::access::signed_in;
use crate::graphql::context::{db, loaders, now, scope_for_person};
use crate::graphql::relay::{Kind, decode_as};
use crate::graphql::types::me::Me;
use crate::service::agenda;

#[derive(Default)]
pub struct AgendaMutation;

#[Object]
impl AgendaMutation {
    /// Puts a session in your agenda (adding it again changes nothing). Returns you, with the
    /// agenda and its clashes as they now are.
    async fn add_to_my_agenda(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session's id.")] session_id: ID,
    ) -> AppResult<Me> {
        let identity = signed_in(ctx)?;
        let session_id = decode_as(&session_id, Kind::Session, "sessionId")?;
        agenda::add(db(ctx)?, &identity.person, session_id, now(ctx)?).await?;
        agenda_changed(ctx).await
    }

    /// Takes a session out of your agenda (removing one that is not there changes nothing).
    async fn remove_from_my_agenda(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The session's id.")] session_id: ID,
    ) -> AppResult<Me> {
        let identity = signed_in(ctx)?;
        let session_id = decode_as(&session_id, Kind::Session, "sessionId")?;
        agenda::remove(db(ctx)?, identity.person.id, session_id).await?;
        agenda_changed(ctx).await
    }
}

/// `me` after a change: what this request read of the agenda before is forgotten.
async fn agenda_changed(ctx: &Context<'_>) -> AppResult<Me> {
    let identity = signed_in(ctx)?;
    loaders(ctx)?.agenda.clear::<i64>();
    let scope = scope_for_person(ctx, &identity.person).await?;
    Ok(Me::new(identity.person.clone(), scope))
}
