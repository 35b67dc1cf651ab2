//! One notification event: what to say, in every language, and how to send it.

use sea_orm::entity::prelude::*;

/// How soon the device should be woken (RFC 8030 §5.3), stored as the lower-case word it
/// always was (`"low"`, `"normal"`, `"high"`). A stored word not listed here fails the read
/// with an error that names it, rather than being sent as another urgency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))", rename_all = "snake_case")]
pub enum Urgency {
    Low,
    Normal,
    High,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "push_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conference_id: i64,
    pub kind: String,
    pub topic: Option<String>,
    pub urgency: Urgency,
    pub ttl_seconds: i32,
    #[sea_orm(column_type = "JsonBinary")]
    pub content: Json,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
