//! What each programme version changed, for offline copies that catch up with small reads
//! (`Conference.changedSince`): one row per changed object per edit, written in the edit's
//! own transaction, so the log and the programme never disagree. Deletions are in
//! `tombstone`, as before.
//!
//! A conference's log begins at its first row: a copy older than that cannot be brought up to
//! date from the log (a conference that existed before the log did, or one restored from a
//! backup) and reads the programme whole.

use sea_orm::entity::prelude::*;

use crate::service::live::{ChangeAction, ChangeTarget};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "programme_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    /// The conference's programme version the edit produced.
    pub programme_version: i64,
    pub target: ChangeTarget,
    /// The changed row's id (the conference's own id for `Conference`).
    pub entity_id: i64,
    pub action: ChangeAction,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
