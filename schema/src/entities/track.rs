//! A thematic thread of the programme.

use super::texts::Translations;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "track")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub slug: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub name: Translations,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub description: Option<Translations>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
