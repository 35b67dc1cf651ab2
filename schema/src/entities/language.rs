//! A language a conference uses, spoken or signed (International Sign is `ils`).

use super::enums::Dir;
use super::texts::Translations;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "language")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tag: String,
    pub native_name: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub name: Translations,
    pub dir: Dir,
    pub is_sign: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
