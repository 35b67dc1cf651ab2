//! The trace a deleted public row leaves for offline sync.

use sea_orm::entity::prelude::*;

/// What kind of row a tombstone stands for, stored as the lower-case word it always was
/// (`"session"`, `"glossary_entry"`, …). A stored word not listed here fails the read with an
/// error that names it; adding a kind makes every reader (`deletedSince`, the relay) decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))", rename_all = "snake_case")]
pub enum TombstoneKind {
    Session,
    Room,
    /// A route between rooms: deleted with either of its rooms.
    Route,
    Speaker,
    Document,
    GlossaryEntry,
    /// A track (theme).
    Track,
    /// A point of interest: deleted with its routes.
    Place,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tombstone")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub entity: TombstoneKind,
    pub entity_id: i64,
    pub programme_version: i64,
    pub deleted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
