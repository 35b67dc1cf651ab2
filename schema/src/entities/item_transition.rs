//! One step of an item's workflow: the append-only audit trail.

use super::enums::{ActorRole, ItemStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "item_transition")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub item_id: i64,
    pub actor_id: Option<i64>,
    pub actor_role: ActorRole,
    pub from_status: Option<ItemStatus>,
    pub to_status: ItemStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason_sealed: Option<String>,
    pub reason_lang: Option<String>,
    pub version: i32,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
