//! What was deleted from a programme, for clients that keep it offline.

use async_graphql::{ID, SimpleObject};
use chrono::{DateTime, FixedOffset};

use crate::entities::tombstone;
use crate::graphql::context::Scope;
use crate::graphql::relay::{Kind, encode};

/// Something that was deleted: drop it from an offline copy.
#[derive(SimpleObject)]
pub struct Deletion {
    /// The global id it had.
    pub id: ID,
    /// The programme version its deletion produced.
    pub programme_version: i64,
    /// When it was deleted, with the conference zone's offset.
    pub deleted_at: DateTime<FixedOffset>,
}

impl Deletion {
    /// `None` for a tombstone of a kind clients never saw an id of.
    pub fn from_tombstone(row: &tombstone::Model, scope: &Scope) -> Option<Self> {
        let kind = match row.entity.as_str() {
            "session" => Kind::Session,
            "room" => Kind::Room,
            "route" => Kind::Route,
            "speaker" => Kind::Speaker,
            "document" => Kind::Document,
            "glossary_entry" => Kind::GlossaryEntry,
            "announcement" => Kind::Announcement,
            _ => return None,
        };
        Some(Self {
            id: encode(kind, row.entity_id),
            programme_version: row.programme_version,
            deleted_at: scope.local(row.deleted_at),
        })
    }
}
