//! The app's GraphQL operations (`operations/*.graphql`), run by `crate::web::api::run` with
//! the delegate's own token, so the app shows nothing the API would not give them. They are
//! also what a client developer reads to learn the API: each file says what its page needs.

pub use crate::web::api::{Operation, run};

macro_rules! operation {
    ($name:literal) => {
        Operation { name: $name, document: include_str!(concat!("operations/", $name, ".graphql")) }
    };
}

pub const PROGRAMME: Operation = operation!("AppProgramme");
pub const SESSION: Operation = operation!("AppSession");
pub const AGENDA: Operation = operation!("AppAgenda");
pub const GLOSSARY: Operation = operation!("AppGlossary");
pub const SIGN_IN: Operation = operation!("AppSignIn");
pub const SIGN_OUT: Operation = operation!("AppSignOut");
pub const ADD_TO_AGENDA: Operation = operation!("AppAddToAgenda");
pub const REMOVE_FROM_AGENDA: Operation = operation!("AppRemoveFromAgenda");

/// Every operation, for the test that validates them against the schema.
pub const ALL: [Operation; 8] =
    [PROGRAMME, SESSION, AGENDA, GLOSSARY, SIGN_IN, SIGN_OUT, ADD_TO_AGENDA, REMOVE_FROM_AGENDA];
