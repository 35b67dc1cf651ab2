//! A room where sessions take place.

use super::enums::Fact;
use super::texts::Translations;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "room")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub venue_id: i64,
    pub slug: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub name: Translations,
    pub floor: i32,
    pub capacity: Option<i32>,
    pub wheelchair_spaces: Option<i32>,
    pub step_free: Fact,
    pub hearing_loop: Fact,
    pub stage_access: Fact,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub layout: Option<Translations>,
    pub nearest_accessible_toilet_id: Option<i64>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
