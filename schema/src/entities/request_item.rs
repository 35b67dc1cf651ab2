//! One service asked for, with its own status. Free text is sealed (`*_sealed`).

use super::enums::{ItemStatus, ServiceType};
use super::texts::Dates;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "request_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    pub conference_id: i64,
    pub service_type: ServiceType,
    #[sea_orm(column_type = "Text", nullable)]
    pub details_sealed: Option<String>,
    /// The language the details are written in (BCP 47).
    pub details_lang: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub days: Dates,
    pub status: ItemStatus,
    pub version: i32,
    pub late: bool,
    pub due_on: Date,
    pub first_session_at: Option<DateTimeUtc>,
    pub assignee_id: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub booking_reference_sealed: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
