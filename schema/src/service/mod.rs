//! Domain rules: pure functions and services that the GraphQL layer and the CLI call.

pub mod clock;
pub mod language;
pub mod programme_import;
pub mod readiness;
pub mod spoken;
