//! GraphQL object types, one module per type (and the small value types it owns).

pub mod access_needs;
pub mod accommodation;
pub mod accommodation_service;
pub mod announcement;
pub mod conference;
pub mod deletion;
pub mod delta;
pub mod directions;
pub mod document;
pub mod glossary;
pub mod language;
pub mod me;
pub mod node;
pub mod person;
pub mod push;
pub mod request_item_connection;
pub mod schedule_change;
pub mod search;
pub mod session;
pub mod session_connection;
pub mod speaker;
pub mod text;
pub mod track;
pub mod venue;
