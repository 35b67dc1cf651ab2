//! The organisers' planning view (DESIGN §6 rule 1): how many items of each service concern
//! each session and each day, and whether rooms have the accessible seats asked for. Counts
//! only: no identity, no detail.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, JoinType, QueryFilter, QuerySelect};

use crate::entities::enums::{ItemStatus, ServiceType};
use crate::entities::{accommodation_count, item_session, request_item};
use crate::error::AppResult;

/// Items that count: asked for and not refused or given up.
const NOT_COUNTED: [ItemStatus; 3] = [ItemStatus::Withdrawn, ItemStatus::Cancelled, ItemStatus::Declined];

/// Counts per service type.
pub type Counts = BTreeMap<ServiceType, i64>;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Session id → counts.
    pub sessions: BTreeMap<i64, Counts>,
    /// Day → counts.
    pub days: BTreeMap<NaiveDate, Counts>,
}

/// The summary of a conference: three statements, however many items.
pub async fn summary(db: &DatabaseConnection, conference_id: i64) -> AppResult<Summary> {
    let per_session: Vec<(i64, ServiceType, i64)> = item_session::Entity::find()
        .select_only()
        .column(item_session::Column::SessionId)
        .column_as(Expr::col((Alias::new("request_item"), request_item::Column::ServiceType)), "service_type")
        .column_as(Expr::col(item_session::Column::ItemId).count(), "count")
        .join(JoinType::InnerJoin, item_session_to_item())
        .filter(request_item::Column::ConferenceId.eq(conference_id))
        .filter(request_item::Column::Status.is_not_in(NOT_COUNTED))
        .group_by(item_session::Column::SessionId)
        .group_by(Expr::col((Alias::new("request_item"), request_item::Column::ServiceType)))
        .into_tuple()
        .all(db)
        .await?;
    let mut summary = Summary::default();
    for (session, service, count) in per_session {
        *summary.sessions.entry(session).or_default().entry(service).or_default() += count;
    }
    let with_days: Vec<(ServiceType, crate::entities::texts::Dates)> = request_item::Entity::find()
        .select_only()
        .columns([request_item::Column::ServiceType, request_item::Column::Days])
        .filter(request_item::Column::ConferenceId.eq(conference_id))
        .filter(request_item::Column::Status.is_not_in(NOT_COUNTED))
        .into_tuple()
        .all(db)
        .await?;
    for (service, days) in with_days {
        for day in days.0 {
            *summary.days.entry(day).or_default().entry(service).or_default() += 1;
        }
    }
    // What purged requests left behind still counts.
    let kept = accommodation_count::Entity::find()
        .filter(accommodation_count::Column::ConferenceId.eq(conference_id))
        .filter(accommodation_count::Column::Status.is_not_in(NOT_COUNTED))
        .all(db)
        .await?;
    for row in kept {
        if let Some(session) = row.session_id {
            *summary.sessions.entry(session).or_default().entry(row.service_type).or_default() += row.count;
        }
        if let Some(day) = row.day {
            *summary.days.entry(day).or_default().entry(row.service_type).or_default() += row.count;
        }
    }
    Ok(summary)
}

fn item_session_to_item() -> sea_orm::RelationDef {
    item_session::Entity::belongs_to(request_item::Entity)
        .from(item_session::Column::ItemId)
        .to(request_item::Column::Id)
        .into()
}
