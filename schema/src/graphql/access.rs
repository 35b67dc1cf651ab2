//! Who may do what (DESIGN §5). A resolver asks for the capability it needs and gets a handle
//! only when the viewer holds it: `signed_in(ctx)?` for anything personal, `organizer(ctx)?`
//! for programme editing and people management. Nothing else in the schema reads roles.

use async_graphql::Context;

use super::context::RequestContext;
use crate::entities::enums::Role;
use crate::error::{AppError, AppResult};
use crate::service::accounts::Identity;

const SIGN_IN_FIRST: &str = "sign in first: this needs an invitation code's token";

/// The signed-in person, if any.
pub fn viewer<'a>(ctx: &Context<'a>) -> Option<&'a Identity> {
    ctx.data_opt::<RequestContext>().and_then(|r| r.viewer.as_deref())
}

/// The signed-in person, or `UNAUTHENTICATED`.
pub fn signed_in<'a>(ctx: &Context<'a>) -> AppResult<&'a Identity> {
    viewer(ctx).ok_or_else(|| AppError::unauthenticated(SIGN_IN_FIRST))
}

/// Proof that the viewer is an organiser of one conference.
#[derive(Clone, Copy, Debug)]
pub struct Organizer<'a> {
    pub identity: &'a Identity,
}

impl Organizer<'_> {
    /// The conference they organise: they may change nothing of another one.
    pub fn conference_id(&self) -> i64 {
        self.identity.person.conference_id
    }

    /// `NOT_FOUND` for rows of another conference, which they may not know of.
    pub fn owns(&self, conference_id: i64, what: &'static str) -> AppResult<()> {
        if conference_id == self.conference_id() { Ok(()) } else { Err(AppError::not_found(what)) }
    }
}

/// The organiser capability, or `UNAUTHENTICATED`/`FORBIDDEN`.
pub fn organizer<'a>(ctx: &Context<'a>) -> AppResult<Organizer<'a>> {
    let identity = signed_in(ctx)?;
    match identity.role() {
        Role::Organizer => Ok(Organizer { identity }),
        Role::Delegate | Role::Coordinator => Err(AppError::Forbidden),
    }
}

/// Proof that the viewer is an accessibility coordinator of one conference.
#[derive(Clone, Copy, Debug)]
pub struct Coordinator<'a> {
    pub identity: &'a Identity,
}

/// The coordinator capability, or `UNAUTHENTICATED`/`FORBIDDEN`. Organisers are not
/// coordinators: they see counts, never requests (DESIGN §6 rule 1).
pub fn coordinator<'a>(ctx: &Context<'a>) -> AppResult<Coordinator<'a>> {
    let identity = signed_in(ctx)?;
    match identity.role() {
        Role::Coordinator => Ok(Coordinator { identity }),
        Role::Delegate | Role::Organizer => Err(AppError::Forbidden),
    }
}
