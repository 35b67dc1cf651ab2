//! A conference; its `programme_version` grows on every change to its public programme.

use super::texts::{ConferenceLanguages, Translations};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conference")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub slug: String,
    pub time_zone: String,
    pub start_date: Date,
    pub end_date: Date,
    pub default_language: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub languages: ConferenceLanguages,
    #[sea_orm(column_type = "JsonBinary")]
    pub name: Translations,
    #[sea_orm(column_type = "JsonBinary")]
    pub tagline: Translations,
    #[sea_orm(column_type = "JsonBinary")]
    pub description: Translations,
    #[sea_orm(column_type = "JsonBinary")]
    pub city: Translations,
    #[sea_orm(column_type = "JsonBinary")]
    pub organiser: Translations,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub sample_notice: Option<Translations>,
    pub website: Option<String>,
    pub programme_version: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
