//! The durable outbox (DESIGN §7). A notification is written in the same transaction as the
//! change that caused it: one `push_message`, and one `push_delivery` per subscription of its
//! audience, fanned out by a single `INSERT … SELECT` whatever the number of devices. The
//! worker claims due deliveries under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
//! instances never take the same one), and records each outcome. A crash loses nothing: an
//! unfinished claim expires and the delivery is taken again.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Order, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use super::content::Content;
use crate::entities::{agenda_item, person, push_delivery, push_message, push_subscription};
use crate::error::{AppError, AppResult};

/// Where a delivery is. The statements below bind these values, never a spelled-out word, so
/// the entity's enum is the one spelling of a status.
pub use crate::entities::push_delivery::DeliveryStatus;

pub use crate::entities::push_message::Urgency;

impl Urgency {
    /// The order deliveries are taken in: higher first.
    pub fn priority(self) -> i32 {
        match self {
            Urgency::Low => 0,
            Urgency::Normal => 1,
            Urgency::High => 2,
        }
    }
}

/// One notification to queue.
#[derive(Clone, Debug)]
pub struct Notification {
    pub content: Content,
    /// Messages with one topic replace each other, in the outbox and at the push service.
    pub topic: Option<String>,
    pub urgency: Urgency,
    /// How long the push service keeps it for an offline device; also our retry horizon.
    pub ttl: Duration,
}

/// Who receives a notification: always devices of one conference, and only of people who
/// want this kind.
#[derive(Clone, Debug)]
pub enum Audience {
    /// Everyone who wants announcements; with `emergency`, everyone (safety comes first).
    Everyone { emergency: bool },
    /// Those with this session in their agenda who want changes to it.
    AgendaHolders(i64),
    /// These people, if they want reminders.
    Reminded(Vec<i64>),
    /// A request's delegate, if they want request updates.
    RequestOwner(i64),
    /// One device (a test notification asked for by its owner).
    Device(i64),
}

type S = push_subscription::Column;
type D = push_delivery::Column;

/// The ids of the audience's subscriptions.
fn audience(conference_id: i64, audience: &Audience) -> SelectStatement {
    let mut select = Query::select();
    select
        .column((push_subscription::Entity, S::Id))
        .from(push_subscription::Entity)
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id)).equals((push_subscription::Entity, S::PersonId)),
        )
        .and_where(Expr::col((push_subscription::Entity, S::ConferenceId)).eq(conference_id));
    let wants = |column: person::Column| Expr::col((person::Entity, column)).eq(true);
    match audience {
        Audience::Everyone { emergency: true } => {}
        Audience::Everyone { emergency: false } => {
            select.and_where(wants(person::Column::PushAnnouncements));
        }
        Audience::AgendaHolders(session_id) => {
            let holders = Query::select()
                .column(agenda_item::Column::PersonId)
                .from(agenda_item::Entity)
                .and_where(Expr::col(agenda_item::Column::SessionId).eq(*session_id))
                .to_owned();
            select
                .and_where(wants(person::Column::PushAgendaChanges))
                .and_where(Expr::col((push_subscription::Entity, S::PersonId)).in_subquery(holders));
        }
        Audience::Reminded(people) => {
            select
                .and_where(wants(person::Column::PushReminders))
                .and_where(Expr::col((push_subscription::Entity, S::PersonId)).is_in(people.iter().copied()));
        }
        Audience::RequestOwner(person_id) => {
            select
                .and_where(wants(person::Column::PushRequestUpdates))
                .and_where(Expr::col((push_subscription::Entity, S::PersonId)).eq(*person_id));
        }
        Audience::Device(id) => {
            select.and_where(Expr::col((push_subscription::Entity, S::Id)).eq(*id));
        }
    }
    select
}

/// Queues a notification for its audience, inside the caller's transaction. Returns how many
/// deliveries it made (none when nobody in the audience has a device that wants it).
///
/// The outbox keeps real time, whatever clock the programme runs on (`SANAD_CLOCK`): delivery
/// and its time to live happen in the real world.
pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    conference_id: i64,
    notification: Notification,
    to: Audience,
) -> AppResult<u64> {
    let now = Utc::now();
    let targets = audience(conference_id, &to);
    if let Some(topic) = &notification.topic {
        // Only the newest news about one thing matters: drop what is still waiting.
        supersede(db, conference_id, topic, &to).await?;
    }
    let content = serde_json::to_value(&notification.content).map_err(AppError::unexpected)?;
    let ttl_seconds = std::cmp::max(i32::try_from(notification.ttl.num_seconds()).unwrap_or(i32::MAX), 0);
    let message = push_message::ActiveModel {
        conference_id: Set(conference_id),
        kind: Set(notification.content.kind.as_str().to_owned()),
        topic: Set(notification.topic.clone()),
        urgency: Set(notification.urgency),
        ttl_seconds: Set(ttl_seconds),
        content: Set(content),
        created_at: Set(now),
        expires_at: Set(now + Duration::seconds(ttl_seconds.into())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut rows = targets;
    rows.clear_selects()
        .expr(Expr::val(message.id))
        .column((push_subscription::Entity, S::Id))
        .expr(Expr::val(DeliveryStatus::Pending))
        .expr(Expr::val(0))
        .expr(Expr::val(now))
        .expr(Expr::val(now))
        .expr(Expr::val(notification.urgency.priority()));
    let fan_out = Query::insert()
        .into_table(push_delivery::Entity)
        .columns([D::MessageId, D::SubscriptionId, D::Status, D::Attempts, D::NextAttemptAt, D::CreatedAt, D::Priority])
        .select_from(rows)
        .map_err(AppError::unexpected)?
        .to_owned();
    let made = db.execute(&fan_out).await?.rows_affected();
    if made == 0 {
        push_message::Entity::delete_by_id(message.id).exec(db).await?;
    }
    Ok(made)
}

/// Drops the audience's deliveries of messages with `topic` that are not done, those being
/// sent included: a send in flight cannot be stopped, but if it fails and would be tried
/// again (a reminder of a session just cancelled), it is not (`finish`). Its lease stays, so
/// a send that did get through is still recorded as delivered.
pub async fn supersede<C: ConnectionTrait>(db: &C, conference_id: i64, topic: &str, to: &Audience) -> AppResult<u64> {
    let now = Utc::now();
    let same_topic = Query::select()
        .column(push_message::Column::Id)
        .from(push_message::Entity)
        .and_where(Expr::col(push_message::Column::ConferenceId).eq(conference_id))
        .and_where(Expr::col(push_message::Column::Topic).eq(topic))
        .to_owned();
    let supersede = Query::update()
        .table(push_delivery::Entity)
        .value(D::Status, DeliveryStatus::Superseded)
        .value(D::FinishedAt, now)
        .and_where(Expr::col(D::Status).eq(DeliveryStatus::Pending))
        .and_where(Expr::col(D::MessageId).in_subquery(same_topic))
        .and_where(Expr::col(D::SubscriptionId).in_subquery(audience(conference_id, to)))
        .to_owned();
    Ok(db.execute(&supersede).await?.rows_affected())
}

/// A delivery the worker holds, with what it needs to send it.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub delivery_id: i64,
    /// Tries so far, this one included.
    pub tries: i32,
    pub message: Arc<push_message::Model>,
    pub subscription: Arc<push_subscription::Model>,
    /// The delegate's languages, best first.
    pub languages: Arc<Vec<String>>,
    /// Our lease: outcomes are recorded only while the delivery is still ours.
    pub claimed_until: DateTime<Utc>,
}

/// Takes up to `limit` due deliveries for `lease` (then another worker may take them), oldest
/// due first, counting the try now so a crash mid-send still counts.
pub async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> AppResult<Vec<Claimed>> {
    let due = Query::select()
        .column(D::Id)
        .from(push_delivery::Entity)
        .and_where(Expr::col(D::Status).eq(DeliveryStatus::Pending))
        .and_where(Expr::col(D::NextAttemptAt).lte(now))
        .and_where(Expr::col(D::ClaimedUntil).is_null().or(Expr::col(D::ClaimedUntil).lt(now)))
        // An emergency goes before the rest of a large fan-out already waiting.
        .order_by(D::Priority, Order::Desc)
        .order_by(D::NextAttemptAt, Order::Asc)
        .order_by(D::Id, Order::Asc)
        .limit(limit)
        // PostgreSQL: instances skip each other's rows; SQLite has one writer and no locks.
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    let claimed_until = now + lease;
    let take = Query::update()
        .table(push_delivery::Entity)
        .value(D::ClaimedUntil, claimed_until)
        .value(D::Attempts, Expr::col(D::Attempts).add(1))
        .and_where(Expr::col(D::Id).in_subquery(due))
        .returning(Query::returning().columns([D::Id, D::MessageId, D::SubscriptionId, D::Attempts]))
        .to_owned();
    let mut taken = Vec::new();
    for row in db.query_all(&take).await? {
        let id: i64 = row.try_get("", "id")?;
        let message_id: i64 = row.try_get("", "message_id")?;
        let subscription_id: i64 = row.try_get("", "subscription_id")?;
        let tries: i32 = row.try_get("", "attempts")?;
        taken.push((id, message_id, subscription_id, tries));
    }
    if taken.is_empty() {
        return Ok(Vec::new());
    }
    let messages: HashMap<i64, Arc<push_message::Model>> = push_message::Entity::find()
        .filter(push_message::Column::Id.is_in(taken.iter().map(|t| t.1)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, Arc::new(m)))
        .collect();
    let subscriptions: HashMap<i64, Arc<push_subscription::Model>> = push_subscription::Entity::find()
        .filter(S::Id.is_in(taken.iter().map(|t| t.2)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, Arc::new(s)))
        .collect();
    let languages: HashMap<i64, Arc<Vec<String>>> = person::Entity::find()
        .filter(person::Column::Id.is_in(subscriptions.values().map(|s| s.person_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, Arc::new(p.languages.0)))
        .collect();
    // A delivery whose subscription or message vanished meanwhile went with it (cascade).
    Ok(taken
        .into_iter()
        .filter_map(|(delivery_id, message_id, subscription_id, tries)| {
            let subscription = subscriptions.get(&subscription_id)?.clone();
            Some(Claimed {
                claimed_until,
                delivery_id,
                tries,
                message: messages.get(&message_id)?.clone(),
                languages: languages.get(&subscription.person_id).cloned().unwrap_or_default(),
                subscription,
            })
        })
        .collect())
}

/// How a claimed delivery ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Try again then.
    Retry {
        at: DateTime<Utc>,
        status: Option<u16>,
        error: &'static str,
    },
    /// Stop for good.
    Failed {
        status: Option<u16>,
        error: String,
    },
    /// The push service refused our VAPID signature: keep the device, count it.
    Refused {
        status: u16,
    },
    /// The device is gone: delete its subscription (and with it its deliveries).
    Gone {
        status: u16,
    },
    /// The time to live ran out before it could be sent.
    Expired,
}

/// Records outcomes: the common one (delivered) in two statements for the whole batch. Each
/// update applies only while the delivery is still ours (pending, under our lease): if the
/// lease ran out and another worker took it, that worker records it. A delivery superseded
/// while it was being sent stays superseded, unless the send got through.
pub async fn finish(db: &DatabaseConnection, outcomes: &[(Claimed, Outcome)], now: DateTime<Utc>) -> AppResult<()> {
    let ours = |claimed: &Claimed| {
        Expr::col(D::Status).eq(DeliveryStatus::Pending).and(Expr::col(D::ClaimedUntil).eq(claimed.claimed_until))
    };
    let sent_by_us = |claimed: &Claimed| {
        Expr::col(D::Status)
            .is_in([DeliveryStatus::Pending, DeliveryStatus::Superseded])
            .and(Expr::col(D::ClaimedUntil).eq(claimed.claimed_until))
    };
    let delivered: Vec<&Claimed> =
        outcomes.iter().filter(|(_, o)| *o == Outcome::Delivered).map(|(claimed, _)| claimed).collect();
    if let Some(first) = delivered.first() {
        let done = Query::update()
            .table(push_delivery::Entity)
            .value(D::Status, DeliveryStatus::Delivered)
            .value(D::FinishedAt, now)
            .value(D::LastStatus, 201)
            .value(D::ClaimedUntil, Option::<DateTime<Utc>>::None)
            .and_where(Expr::col(D::Id).is_in(delivered.iter().map(|c| c.delivery_id)))
            .and_where(sent_by_us(first))
            .to_owned();
        db.execute(&done).await?;
        let reached = Query::update()
            .table(push_subscription::Entity)
            .value(S::LastDeliveredAt, now)
            .and_where(Expr::col(S::Id).is_in(delivered.iter().map(|c| c.subscription.id)))
            .to_owned();
        db.execute(&reached).await?;
    }
    for (claimed, outcome) in outcomes {
        // Updates by condition, never by loaded row: a delivery whose device was deleted
        // meanwhile (a 410 earlier in the batch, its owner removing it) simply matches nothing.
        let mut update = Query::update();
        update
            .table(push_delivery::Entity)
            .and_where(Expr::col(D::Id).eq(claimed.delivery_id))
            .and_where(ours(claimed));
        let ended = |update: &mut sea_orm::sea_query::UpdateStatement,
                     state: DeliveryStatus,
                     code: Option<u16>,
                     error: &str| {
            update
                .value(D::Status, state)
                .value(D::FinishedAt, now)
                .value(D::ClaimedUntil, Option::<DateTime<Utc>>::None)
                .value(D::LastStatus, code.map(i32::from))
                .value(D::LastError, error.chars().take(200).collect::<String>());
        };
        match outcome {
            Outcome::Delivered => continue,
            Outcome::Retry { at, status, error } => {
                update
                    .value(D::NextAttemptAt, *at)
                    .value(D::ClaimedUntil, Option::<DateTime<Utc>>::None)
                    .value(D::LastStatus, status.map(i32::from))
                    .value(D::LastError, *error);
            }
            Outcome::Failed { status, error } => ended(&mut update, DeliveryStatus::Failed, *status, error),
            Outcome::Refused { status } => {
                ended(
                    &mut update,
                    DeliveryStatus::Failed,
                    Some(*status),
                    "the push service refused our VAPID signature",
                );
                let counted = Query::update()
                    .table(push_subscription::Entity)
                    .value(S::AuthFailures, Expr::col(S::AuthFailures).add(1))
                    .and_where(Expr::col(S::Id).eq(claimed.subscription.id))
                    .to_owned();
                db.execute(&counted).await?;
            }
            Outcome::Gone { .. } => {
                push_subscription::Entity::delete_by_id(claimed.subscription.id).exec(db).await?;
                continue;
            }
            Outcome::Expired => ended(&mut update, DeliveryStatus::Expired, None, "the time to live ran out"),
        }
        db.execute(&update).await?;
    }
    Ok(())
}

/// Hands back claimed deliveries that were never sent (the worker is stopping): free for any
/// worker at once, and their try uncounted, as if never claimed. Only those still ours.
pub async fn release(db: &DatabaseConnection, unsent: &[Claimed]) -> AppResult<u64> {
    let mut released = 0;
    // One lease per batch: group by it so each statement stays fenced by the lease.
    let mut by_lease: HashMap<DateTime<Utc>, Vec<i64>> = HashMap::new();
    for claimed in unsent {
        by_lease.entry(claimed.claimed_until).or_default().push(claimed.delivery_id);
    }
    for (claimed_until, ids) in by_lease {
        let update = Query::update()
            .table(push_delivery::Entity)
            .value(D::ClaimedUntil, Option::<DateTime<Utc>>::None)
            .value(D::Attempts, Expr::col(D::Attempts).sub(1))
            .and_where(Expr::col(D::Id).is_in(ids))
            .and_where(Expr::col(D::Status).eq(DeliveryStatus::Pending))
            .and_where(Expr::col(D::ClaimedUntil).eq(claimed_until))
            .to_owned();
        released += db.execute(&update).await?.rows_affected();
    }
    Ok(released)
}

/// The outbox as `/metrics` shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct OutboxStats {
    /// Deliveries waiting (due or not).
    pub pending: u64,
    /// Age of the oldest waiting delivery, in seconds (0 when none).
    pub oldest_pending_seconds: f64,
}

pub async fn stats(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<OutboxStats> {
    let waiting = push_delivery::Entity::find().filter(D::Status.eq(DeliveryStatus::Pending));
    let pending = waiting.clone().count(db).await?;
    let oldest = waiting.order_by_asc(D::CreatedAt).one(db).await?;
    let oldest_pending_seconds =
        oldest.map(|d| std::cmp::max((now - d.created_at).num_milliseconds(), 0) as f64 / 1_000.0).unwrap_or(0.0);
    Ok(OutboxStats { pending, oldest_pending_seconds })
}

/// When the next waiting delivery is due (for the worker's sleep).
pub async fn next_due(db: &DatabaseConnection) -> AppResult<Option<DateTime<Utc>>> {
    Ok(push_delivery::Entity::find()
        .filter(D::Status.eq(DeliveryStatus::Pending))
        .order_by_asc(D::NextAttemptAt)
        .one(db)
        .await?
        .map(|d| d.claimed_until.map_or(d.next_attempt_at, |c| std::cmp::max(c, d.next_attempt_at))))
}

/// Deletes the request-update notifications of a conference (its requests were purged).
pub async fn forget_request_updates<C: ConnectionTrait>(db: &C, conference_id: i64) -> AppResult<u64> {
    Ok(push_message::Entity::delete_many()
        .filter(push_message::Column::ConferenceId.eq(conference_id))
        .filter(push_message::Column::Kind.eq(super::content::Kind::RequestUpdated.as_str()))
        .exec(db)
        .await?
        .rows_affected)
}

/// How long finished deliveries and expired messages are kept (for the metrics and for
/// support questions: "did my phone get it?").
pub const KEEP_FINISHED: Duration = Duration::days(7);

/// Deletes deliveries finished before `before`, and messages past their time to live with no
/// delivery left. Returns how many deliveries went.
pub async fn prune(db: &DatabaseConnection, before: DateTime<Utc>) -> AppResult<u64> {
    let deliveries = push_delivery::Entity::delete_many()
        .filter(D::Status.ne(DeliveryStatus::Pending))
        .filter(D::FinishedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected;
    let waiting = Query::select().column(D::MessageId).from(push_delivery::Entity).to_owned();
    push_message::Entity::delete_many()
        .filter(push_message::Column::ExpiresAt.lt(before))
        .filter(push_message::Column::Id.not_in_subquery(waiting))
        .exec(db)
        .await?;
    Ok(deliveries)
}
