//! Directions from one room or place to another, as text steps.

use super::enums::Fact;
use super::texts::RouteSteps;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "route")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub venue_id: i64,
    pub from_room_id: Option<i64>,
    pub from_place_id: Option<i64>,
    pub to_room_id: Option<i64>,
    pub to_place_id: Option<i64>,
    pub step_free: Fact,
    pub distance_metres: Option<i32>,
    pub walking_minutes: Option<i32>,
    #[sea_orm(column_type = "JsonBinary")]
    pub steps: RouteSteps,
    /// Walked only from `from` to `to` (an exit-only door, a screening lane); else both ways.
    pub one_way: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
