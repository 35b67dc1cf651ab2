//! One item of the programme.

use super::enums::{Fact, SessionKind, SessionStatus};
use super::texts::Translations;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub slug: String,
    pub kind: SessionKind,
    pub track_id: Option<i64>,
    pub room_id: Option<i64>,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub status: SessionStatus,
    #[sea_orm(column_type = "JsonBinary")]
    pub title: Translations,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub summary: Option<Translations>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub plain_summary: Option<Translations>,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub content_note: Option<Translations>,
    pub captions: Fact,
    pub captions_url: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
