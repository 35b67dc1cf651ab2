//! Organisers manage people's access: a fresh invitation code for a lost badge, and signing a
//! person out everywhere when a phone is lost.

use async_graphql::{Context, ID, Object, SimpleObject};
use sea_orm::EntityTrait;

use crate::entities::enums::Role;
use crate::entities::person;
use crate::error::{AppError, AppResult};
use crate::graphql::access::{Organizer, organizer};
use crate::graphql::context::{db, now, scope_for};
use crate::graphql::relay::{Kind, decode_as};
use crate::graphql::scalars;
use crate::graphql::types::person::Person;
use crate::service::accounts::{self, AccountPolicy};

#[derive(Default)]
pub struct PeopleMutation;

/// A fresh invitation code to hand to a person.
#[derive(SimpleObject)]
pub struct InvitationCode {
    /// The code, shown this once: it is stored only as a hash.
    code: String,
    /// When it stops working unless used.
    expires_at: scalars::DateTime,
    /// Who it is for.
    person: Person,
}

async fn person_of(ctx: &Context<'_>, organizer: &Organizer<'_>, id: &ID) -> AppResult<person::Model> {
    let id = decode_as(id, Kind::Person, "personId")?;
    let person = person::Entity::find_by_id(id).one(db(ctx)?).await?.ok_or_else(|| AppError::not_found("person"))?;
    organizer.owns(person.conference_id, "person")?;
    Ok(person)
}

#[Object]
impl PeopleMutation {
    /// Issues a fresh one-time code for a delegate (organisers only); their unused older codes
    /// stop working. Their signed-in devices stay signed in. Staff accounts get their codes only
    /// from `sanad user add` on the server: an organiser must not be able to take a
    /// coordinator's place and read accommodation requests.
    async fn issue_invitation_code(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person's id.")] person_id: ID,
    ) -> AppResult<InvitationCode> {
        let organizer = organizer(ctx)?;
        let person = person_of(ctx, &organizer, &person_id).await?;
        if person.role != Role::Delegate {
            return Err(AppError::Forbidden);
        }
        let policy = ctx.data::<AccountPolicy>().map_err(|e| AppError::unexpected(e.message))?;
        let now = now(ctx)?;
        let code = accounts::issue_invitation(db(ctx)?, person.id, now, policy).await?;
        tracing::info!(person = person.id, by = organizer.identity.person.id, "issued an invitation code");
        let scope = scope_for(ctx, person.conference_id).await?;
        Ok(InvitationCode {
            code,
            expires_at: scalars::DateTime(scope.local(now + policy.invitation_ttl)),
            person: Person { model: person.into() },
        })
    }

    /// Signs a person out of every device and voids their unused codes (organisers only), for
    /// a lost phone. Returns how many devices were signed out.
    async fn revoke_access(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person's id.")] person_id: ID,
    ) -> AppResult<u64> {
        let organizer = organizer(ctx)?;
        let person = person_of(ctx, &organizer, &person_id).await?;
        let revoked = accounts::revoke_access(db(ctx)?, person.id, now(ctx)?).await?;
        tracing::info!(person = person.id, by = organizer.identity.person.id, revoked, "revoked access");
        Ok(revoked)
    }
}
