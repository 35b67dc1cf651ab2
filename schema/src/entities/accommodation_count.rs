//! Anonymous counts kept when requests are purged.

use super::enums::{ItemStatus, ServiceType};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accommodation_count")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub service_type: ServiceType,
    pub status: ItemStatus,
    pub session_id: Option<i64>,
    pub day: Option<Date>,
    pub count: i64,
    pub purged_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
