//! `sanad purge` (DESIGN §6 rule 6): after the retention period, a conference's requests are
//! deleted with every detail, message and read log; anonymous counts (service, final status,
//! session or day) stay for reports and `accessNeedsSummary`.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::entities::enums::{ItemStatus, ServiceType};
use crate::entities::{accommodation_count, accommodation_request, conference, item_session, request_item};
use crate::error::AppResult;
use crate::service::write::begin_write;

/// Days after a conference's last day its requests are kept by default.
pub const DEFAULT_RETENTION_DAYS: u32 = 60;

/// What a purge did for one conference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Purged {
    pub conference: String,
    pub requests: u64,
    pub items: u64,
}

type Key = (ServiceType, ItemStatus, Option<i64>, Option<NaiveDate>);

/// Purges every conference that ended more than `retention_days` before `today`.
pub async fn purge(
    db: &DatabaseConnection,
    today: NaiveDate,
    retention_days: u32,
    now: DateTime<Utc>,
) -> AppResult<Vec<Purged>> {
    let mut done = Vec::new();
    for conference in conference::Entity::find().all(db).await? {
        let expires = conference.end_date.checked_add_days(Days::new(retention_days.into()));
        if expires.is_none_or(|expires| today <= expires) {
            continue;
        }
        done.push(purge_conference(db, &conference, now).await?);
    }
    Ok(done)
}

async fn purge_conference(
    db: &DatabaseConnection,
    conference: &conference::Model,
    now: DateTime<Utc>,
) -> AppResult<Purged> {
    let txn = begin_write(db).await?;
    let items =
        request_item::Entity::find().filter(request_item::Column::ConferenceId.eq(conference.id)).all(&txn).await?;
    let links = item_session::Entity::find()
        .filter(item_session::Column::ItemId.is_in(items.iter().map(|i| i.id)))
        .all(&txn)
        .await?;
    let mut counts: BTreeMap<Key, i64> = BTreeMap::new();
    for item in &items {
        let sessions: Vec<i64> = links.iter().filter(|l| l.item_id == item.id).map(|l| l.session_id).collect();
        // Each item counts once overall, and once per session and per day it concerned.
        *counts.entry((item.service_type, item.status, None, None)).or_default() += 1;
        for session in sessions {
            *counts.entry((item.service_type, item.status, Some(session), None)).or_default() += 1;
        }
        for day in &item.days.0 {
            *counts.entry((item.service_type, item.status, None, Some(*day))).or_default() += 1;
        }
    }
    for ((service_type, status, session_id, day), count) in counts {
        accommodation_count::ActiveModel {
            conference_id: Set(conference.id),
            service_type: Set(service_type),
            status: Set(status),
            session_id: Set(session_id),
            day: Set(day),
            count: Set(count),
            purged_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    // Items, their sessions, history, messages and read log go with their requests.
    let requests = accommodation_request::Entity::delete_many()
        .filter(accommodation_request::Column::ConferenceId.eq(conference.id))
        .exec(&txn)
        .await?
        .rows_affected;
    // Their notifications (status only, but still tied to a named delegate's device).
    crate::service::push::outbox::forget_request_updates(&txn, conference.id).await?;
    txn.commit().await?;
    Ok(Purged { conference: conference.slug.clone(), requests, items: items.len() as u64 })
}
