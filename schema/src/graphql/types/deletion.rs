//! What was deleted from a programme, for clients that keep it offline.

use async_graphql::{ID, SimpleObject};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::tombstone::{self, TombstoneKind};
use crate::error::AppResult;
use crate::graphql::context::Scope;
use crate::graphql::relay::{Kind, encode};
use crate::graphql::scalars;

/// Something that was deleted: drop it from an offline copy.
#[derive(SimpleObject)]
pub struct Deletion {
    /// The global id it had.
    pub id: ID,
    /// The programme version its deletion produced.
    pub programme_version: i64,
    /// When it was deleted, with the conference zone's offset.
    pub deleted_at: scalars::DateTime,
}

impl Deletion {
    /// Every kind of tombstone stands for a row clients saw the global id of: the match has
    /// no catch-all, so a new kind must decide here.
    pub fn from_tombstone(row: &tombstone::Model, scope: &Scope) -> Self {
        let kind = match row.entity {
            TombstoneKind::Session => Kind::Session,
            TombstoneKind::Room => Kind::Room,
            TombstoneKind::Route => Kind::Route,
            TombstoneKind::Speaker => Kind::Speaker,
            TombstoneKind::Document => Kind::Document,
            TombstoneKind::GlossaryEntry => Kind::GlossaryEntry,
            TombstoneKind::Track => Kind::Track,
            TombstoneKind::Place => Kind::Place,
        };
        Self {
            id: encode(kind, row.entity_id),
            programme_version: row.programme_version,
            deleted_at: scalars::DateTime(scope.local(row.deleted_at)),
        }
    }
}

/// A conference's deletions after programme version `since`, up to `until` when given, oldest
/// first (`deletedSince`, and the deletions of `changedSince`).
pub async fn after(db: &DatabaseConnection, scope: &Scope, since: i64, until: Option<i64>) -> AppResult<Vec<Deletion>> {
    let mut rows = tombstone::Entity::find()
        .filter(tombstone::Column::ConferenceId.eq(scope.conference.id))
        .filter(tombstone::Column::ProgrammeVersion.gt(since));
    if let Some(until) = until {
        rows = rows.filter(tombstone::Column::ProgrammeVersion.lte(until));
    }
    let rows =
        rows.order_by_asc(tombstone::Column::ProgrammeVersion).order_by_asc(tombstone::Column::Id).all(db).await?;
    Ok(rows.iter().map(|row| Deletion::from_tombstone(row, scope)).collect())
}
