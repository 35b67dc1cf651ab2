//! A speaker's role in a session.

use super::enums::SpeakerRole;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session_speaker")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub speaker_id: i64,
    pub role: SpeakerRole,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::speaker::Entity", from = "Column::SpeakerId", to = "super::speaker::Column::Id")]
    Speaker,
}

impl Related<super::speaker::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Speaker.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
