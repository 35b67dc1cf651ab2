//! A delegate's device, as its browser's push service gave it (RFC 8030 / 8291).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "push_subscription")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub person_id: i64,
    pub conference_id: i64,
    #[sea_orm(column_type = "Text")]
    pub endpoint: String,
    pub endpoint_hash: String,
    /// The device's P-256 public key, base64url.
    pub p256dh: String,
    /// The device's 16-byte authentication secret, base64url.
    pub auth: String,
    pub label: String,
    pub created_at: DateTimeUtc,
    pub last_delivered_at: Option<DateTimeUtc>,
    pub auth_failures: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
