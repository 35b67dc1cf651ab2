//! A person who speaks, chairs or hosts.

use super::texts::Translations;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "speaker")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub slug: String,
    pub name: String,
    pub name_lang: String,
    pub transliteration: String,
    pub pronunciation_ipa: Option<String>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub pronunciation_hint: Option<Translations>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub honorific: Option<Translations>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub affiliation: Option<Translations>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub job_title: Option<Translations>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub bio: Option<Translations>,
    pub photo_url: Option<String>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub photo_alt: Option<Translations>,
    pub photo_decorative: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
