//! The coordinators' queue: open items, most urgent first, filtered and paged by keyset so a
//! page costs the same on the first day of registration and on the last.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use super::workflow;
use crate::entities::enums::{ItemStatus, ServiceType};
use crate::entities::{item_session, request_item};
use crate::error::AppResult;

/// What a coordinator's queue shows. Every condition must hold.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    /// These statuses only; open items when empty.
    pub statuses: Vec<ItemStatus>,
    pub service_types: Vec<ServiceType>,
    pub late: Option<bool>,
    /// Items assigned to this person only.
    pub assignee: Option<i64>,
    /// Items concerning this session only.
    pub session: Option<i64>,
    /// Items concerning this conference day only.
    pub day: Option<NaiveDate>,
    /// Items whose cut-off is before this date only.
    pub due_before: Option<NaiveDate>,
}

/// Most items one queue page returns.
pub const MAX_QUEUE: u64 = 200;

/// Where a page ends, in queue order: an item's sort key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueuePosition {
    pub due_on: NaiveDate,
    pub first_session_at: Option<DateTime<Utc>>,
    pub id: i64,
}

impl QueuePosition {
    pub fn of(item: &request_item::Model) -> Self {
        Self { due_on: item.due_on, first_session_at: item.first_session_at, id: item.id }
    }
}

/// The filtered, unordered queue of a conference.
pub fn filtered(conference_id: i64, filter: &QueueFilter) -> Select<request_item::Entity> {
    let statuses: Vec<ItemStatus> = if filter.statuses.is_empty() {
        workflow::all().into_iter().filter(|s| !workflow::is_closed(*s)).collect()
    } else {
        filter.statuses.clone()
    };
    let mut query = request_item::Entity::find()
        .filter(request_item::Column::ConferenceId.eq(conference_id))
        .filter(request_item::Column::Status.is_in(statuses));
    if !filter.service_types.is_empty() {
        query = query.filter(request_item::Column::ServiceType.is_in(filter.service_types.clone()));
    }
    if let Some(late) = filter.late {
        query = query.filter(request_item::Column::Late.eq(late));
    }
    if let Some(assignee) = filter.assignee {
        query = query.filter(request_item::Column::AssigneeId.eq(assignee));
    }
    if let Some(session) = filter.session {
        let linked = Query::select()
            .column(item_session::Column::ItemId)
            .from(item_session::Entity)
            .and_where(Expr::col(item_session::Column::SessionId).eq(session))
            .to_owned();
        query = query.filter(request_item::Column::Id.in_subquery(linked));
    }
    if let Some(day) = filter.day {
        // `days` is a JSON list of ISO dates: its text holds the quoted date on both databases.
        let days_text = Expr::col(request_item::Column::Days).cast_as(Alias::new("TEXT"));
        query = query.filter(days_text.like(format!("%\"{day}\"%")));
    }
    if let Some(due_before) = filter.due_before {
        query = query.filter(request_item::Column::DueOn.lt(due_before));
    }
    query
}

/// Items after `after` in queue order: earliest cut-off, then earliest concerned session
/// (items without one after those with one), then oldest.
fn following(after: QueuePosition) -> Condition {
    use request_item::Column::{DueOn, FirstSessionAt, Id};
    let same_session_later_id = match after.first_session_at {
        Some(at) => Condition::any()
            .add(FirstSessionAt.gt(at))
            .add(FirstSessionAt.is_null())
            .add(Condition::all().add(FirstSessionAt.eq(at)).add(Id.gt(after.id))),
        None => Condition::all().add(FirstSessionAt.is_null()).add(Id.gt(after.id)),
    };
    Condition::any()
        .add(DueOn.gt(after.due_on))
        .add(Condition::all().add(DueOn.eq(after.due_on)).add(same_session_later_id))
}

/// One page of the queue: at most `limit` items (capped at `MAX_QUEUE`) after `after`, and
/// whether more follow.
pub async fn page(
    db: &DatabaseConnection,
    conference_id: i64,
    filter: &QueueFilter,
    after: Option<QueuePosition>,
    limit: u64,
) -> AppResult<(Vec<request_item::Model>, bool)> {
    let limit = std::cmp::min(limit, MAX_QUEUE);
    let mut query = filtered(conference_id, filter);
    if let Some(after) = after {
        query = query.filter(following(after));
    }
    let mut rows = query
        .order_by_asc(request_item::Column::DueOn)
        .order_by(Expr::col(request_item::Column::FirstSessionAt).is_null(), Order::Asc)
        .order_by_asc(request_item::Column::FirstSessionAt)
        .order_by_asc(request_item::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((rows, more))
}

/// How many items match the filter, on all pages.
pub async fn count(db: &DatabaseConnection, conference_id: i64, filter: &QueueFilter) -> AppResult<u64> {
    Ok(filtered(conference_id, filter).count(db).await?)
}
