//! A document of a session, offered in several accessible formats.

use super::texts::Translations;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub session_id: Option<i64>,
    pub slug: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub title: Translations,
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub description: Option<Translations>,
    pub position: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::document_variant::Entity")]
    Variant,
}

impl Related<super::document_variant::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Variant.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
