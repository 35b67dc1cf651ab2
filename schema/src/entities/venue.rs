//! The building a conference takes place in.

use super::texts::Translations;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "venue")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    #[sea_orm(column_type = "JsonBinary")]
    pub name: Translations,
    #[sea_orm(column_type = "JsonBinary")]
    pub address: Translations,
    #[sea_orm(column_type = "JsonBinary")]
    pub description: Translations,
    #[sea_orm(column_type = "JsonBinary")]
    pub arrival: Translations,
    pub map_url: Option<String>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub map_alt: Option<Translations>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub map_long_description: Option<Translations>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
