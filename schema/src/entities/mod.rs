//! sea-orm entities: one file per table, no behaviour beyond the mapping.

pub mod enums;
pub mod texts;

pub mod access_token;
pub mod agenda_item;
pub mod announcement;
pub mod conference;
pub mod document;
pub mod document_variant;
pub mod glossary_entry;
pub mod invitation;
pub mod language;
pub mod person;
pub mod place;
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
