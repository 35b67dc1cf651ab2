//! One message to one subscription, claimed and retried by the delivery worker.

use sea_orm::entity::prelude::*;

/// Where a delivery is, stored as the lower-case word it always was (`"pending"`, …). A stored
/// word not listed here fails the read with an error that names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))", rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting to be sent (due or not), or being sent under a worker's lease.
    Pending,
    /// The push service accepted it.
    Delivered,
    /// Given up: the reason is in `last_error`.
    Failed,
    /// A newer message with the same topic replaced it before it was sent.
    Superseded,
    /// Its time to live ran out before it could be sent.
    Expired,
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "push_delivery")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub message_id: i64,
    pub subscription_id: i64,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub claimed_until: Option<DateTimeUtc>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    /// Taken in this order, higher first (the message's urgency).
    pub priority: i32,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
