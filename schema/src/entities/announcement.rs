//! A message from the organisers to every delegate.

use super::enums::Severity;
use super::texts::Translations;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "announcement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub slug: String,
    pub severity: Severity,
    #[sea_orm(column_type = "JsonBinary")]
    pub title: Translations,
    #[sea_orm(column_type = "JsonBinary")]
    pub what_changed: Translations,
    #[sea_orm(column_type = "JsonBinary")]
    pub what_to_do: Translations,
    pub session_id: Option<i64>,
    pub published_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
