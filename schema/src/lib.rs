//! Sanad's data model, domain rules and GraphQL schema. Nothing here knows about HTTP,
//! sockets or environment variables: the `sanad-api` crate supplies those.

pub mod entities;
pub mod error;
pub mod graphql;
pub mod service;
