//! A recorded change of a session's time, room or status.

use super::enums::ChangeKind;
use super::texts::Translations;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "schedule_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub session_id: i64,
    pub kind: ChangeKind,
    #[sea_orm(column_type = "JsonBinary")]
    pub description: Translations,
    pub previous_room_id: Option<i64>,
    pub previous_starts_at: Option<DateTimeUtc>,
    pub previous_ends_at: Option<DateTimeUtc>,
    pub new_room_id: Option<i64>,
    pub new_starts_at: Option<DateTimeUtc>,
    pub new_ends_at: Option<DateTimeUtc>,
    pub programme_version: i64,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
