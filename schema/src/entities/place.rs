//! A point of interest in the venue: entrance, lift, toilet, quiet room, help desk, …

use super::enums::{Fact, PlaceKind};
use super::texts::Translations;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "place")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub venue_id: i64,
    pub slug: String,
    pub kind: PlaceKind,
    pub floor: i32,
    #[sea_orm(column_type = "JsonBinary")]
    pub name: Translations,
    #[sea_orm(column_type = "JsonBinary")]
    pub description: Translations,
    pub step_free: Fact,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub opening_hours: Option<Translations>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
