//! A delegate or a member of staff of one conference.

use super::enums::Role;
use super::texts::LanguageTags;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub role: Role,
    pub name: String,
    pub organisation: Option<String>,
    pub delegation: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub languages: LanguageTags,
    pub screen_reader: bool,
    pub captions: bool,
    pub large_text: bool,
    pub step_free_only: bool,
    pub extra_transfer_minutes: i32,
    pub reminder_minutes: i32,
    pub calendar_secret: String,
    /// Push notifications wanted, per kind.
    pub push_reminders: bool,
    pub push_agenda_changes: bool,
    pub push_announcements: bool,
    pub push_request_updates: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
