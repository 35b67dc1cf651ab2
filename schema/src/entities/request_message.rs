//! A message about an item between the delegate and the desk, or a coordinators' internal note.

use super::enums::ActorRole;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "request_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub item_id: i64,
    pub author_id: Option<i64>,
    pub author_role: ActorRole,
    pub internal: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub body_sealed: Option<String>,
    /// The language the body is written in (BCP 47).
    pub body_lang: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
