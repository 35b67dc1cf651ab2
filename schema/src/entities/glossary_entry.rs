//! An acronym or term with its expansion and pronunciation.

use super::texts::Translations;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "glossary_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub term: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub expansion: Translations,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub spoken_as: Option<Translations>,
    pub pronunciation_ipa: Option<String>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub definition: Option<Translations>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
