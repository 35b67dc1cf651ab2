//! sea-orm entities: one file per table, no behaviour beyond the mapping.

pub mod enums;
pub mod texts;

pub mod access_token;
pub mod accommodation_count;
pub mod accommodation_request;
pub mod agenda_item;
pub mod announcement;
pub mod conference;
pub mod consent;
pub mod document;
pub mod document_variant;
pub mod glossary_entry;
pub mod invitation;
pub mod item_session;
pub mod item_transition;
pub mod language;
pub mod person;
pub mod place;
pub mod push_delivery;
pub mod push_message;
pub mod push_reminder;
pub mod push_subscription;
pub mod request_item;
pub mod request_message;
pub mod request_view;
pub mod room;
pub mod route;
pub mod schedule_change;
pub mod session;
pub mod session_language;
pub mod session_speaker;
pub mod speaker;
pub mod tombstone;
pub mod track;
pub mod venue;
