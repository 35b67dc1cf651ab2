//! The mutation root, merged from one module per area. Each resolver asks `access` for the
//! capability it needs before touching anything.

mod accommodation;
mod account;
mod agenda;
mod catalogue;
mod conference;
mod edits;
mod people;
mod push;
mod sessions;
mod venue;

use async_graphql::MergedObject;

/// Every change a client can make.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    account::AccountMutation,
    agenda::AgendaMutation,
    people::PeopleMutation,
    sessions::SessionMutation,
    catalogue::CatalogueMutation,
    conference::ConferenceMutation,
    venue::VenueMutation,
    accommodation::AccommodationMutation,
    push::PushMutation,
);
