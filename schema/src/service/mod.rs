//! Domain rules: pure functions and services that the GraphQL layer and the CLI call.

pub mod accommodation;
pub mod accounts;
pub mod addresses;
pub mod agenda;
pub mod clock;
pub mod conference;
pub mod directions;
pub mod editing;
pub mod invitations;
pub mod keys;
pub mod language;
pub mod language_catalogue;
pub mod live;
pub mod personal_data;
pub mod programme_import;
pub mod push;
pub mod rate_limit;
pub mod readiness;
pub mod script;
pub mod search;
pub mod secrets;
pub mod spoken;
pub mod write;
