//! Moving items through the workflow, with optimistic concurrency and the audit trail.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::ActorRole;
use super::sealing::{Column, Sealer};
use super::workflow::{self, Move};
use crate::entities::enums::{ItemStatus, Role};
use crate::entities::{accommodation_request, item_transition, person, request_item};
use crate::error::{AppError, AppResult};
use crate::service::write::begin_write;

/// Longest reason or booking reference.
pub const MAX_REASON: usize = 2_000;

/// What moving an item needs.
#[derive(Clone, Debug)]
pub struct Transition<'a> {
    pub item_id: i64,
    pub to: ItemStatus,
    /// The item's version the actor saw; another change since then is a `CONFLICT`.
    pub expected_version: i32,
    pub reason: Option<&'a str>,
    /// The language of `reason` (BCP 47); the delegate's first language when not given.
    pub reason_lang: Option<&'a str>,
    pub booking_reference: Option<&'a str>,
}

/// A reason as stored: sealed, with its language.
#[derive(Clone, Debug)]
pub struct SealedReason {
    pub sealed: String,
    pub lang: String,
}

/// The item, if `viewer` may see it: their own, or any of their conference for coordinators.
/// Anyone else learns nothing (`NOT_FOUND`).
pub async fn visible<C: ConnectionTrait>(
    db: &C,
    viewer: &person::Model,
    item_id: i64,
) -> AppResult<(request_item::Model, accommodation_request::Model)> {
    let item =
        request_item::Entity::find_by_id(item_id).one(db).await?.ok_or_else(|| AppError::not_found("request item"))?;
    let request = accommodation_request::Entity::find_by_id(item.request_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("request item"))?;
    let coordinator = viewer.role == Role::Coordinator && viewer.conference_id == request.conference_id;
    if coordinator || viewer.id == request.person_id {
        Ok((item, request))
    } else {
        Err(AppError::not_found("request item"))
    }
}

/// The delegate's first language, else their conference's default: what reasons are written in
/// unless the coordinator says otherwise.
async fn delegate_language<C: ConnectionTrait>(db: &C, request: &accommodation_request::Model) -> AppResult<String> {
    use crate::entities::conference;
    let owner = person::Entity::find_by_id(request.person_id).one(db).await?;
    if let Some(lang) = owner.and_then(|p| p.languages.0.into_iter().next()) {
        return Ok(lang);
    }
    let conference = conference::Entity::find_by_id(request.conference_id).one(db).await?;
    Ok(conference.map(|c| c.default_language).unwrap_or_else(|| "en".to_owned()))
}

/// Moves an item as `viewer` (the delegate of the request, or a coordinator).
pub async fn transition(
    db: &DatabaseConnection,
    sealer: &Sealer,
    viewer: &person::Model,
    t: Transition<'_>,
    now: DateTime<Utc>,
) -> AppResult<request_item::Model> {
    let txn = begin_write(db).await?;
    let (item, request) = visible(&txn, viewer, t.item_id).await?;
    let role = if viewer.id == request.person_id { ActorRole::Delegate } else { ActorRole::Coordinator };
    let reason = t.reason.map(str::trim).filter(|r| !r.is_empty());
    let booking = t.booking_reference.map(str::trim).filter(|r| !r.is_empty());
    for (field, text) in [("reason", reason), ("bookingReference", booking)] {
        if text.is_some_and(|r| r.chars().count() > MAX_REASON || r.chars().any(|c| c.is_control() && c != '\n')) {
            return Err(AppError::bad_input(field, format!("at most {MAX_REASON} characters, no control characters")));
        }
    }
    if item.version != t.expected_version {
        return Err(AppError::conflict("the item changed since you read it: read it again"));
    }
    workflow::check(item.status, t.to, role.actor(), Move { reason, booking_reference: booking })
        .map_err(|refusal| AppError::bad_input(refusal.field(), refusal.message()))?;
    let booking_sealed = booking.map(|b| sealer.seal(Column::BookingReference, b)).transpose()?;
    let reason_lang = match t.reason_lang {
        Some(lang) => crate::service::language::parse_tag(lang).map_err(|m| AppError::bad_input("reasonLang", m))?,
        None => delegate_language(&txn, &request).await?,
    };
    let reason_sealed = reason
        .map(|r| {
            Ok::<_, AppError>(SealedReason { sealed: sealer.seal(Column::TransitionReason, r)?, lang: reason_lang })
        })
        .transpose()?;
    let moved = record(&txn, &item, t.to, reason_sealed, role, Some(viewer.id), now).await?;
    let moved = match booking_sealed {
        Some(sealed) => {
            let mut row: request_item::ActiveModel = moved.into();
            row.booking_reference_sealed = Set(Some(sealed));
            row.update(&txn).await?
        }
        None => moved,
    };
    txn.commit().await?;
    Ok(moved)
}

/// Writes a move: the item's new status and version (only if nobody changed it meanwhile) and
/// the audit trail's new row. Callers have checked the workflow.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    item: &request_item::Model,
    to: ItemStatus,
    reason: Option<SealedReason>,
    role: ActorRole,
    actor_id: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<request_item::Model> {
    let version = item.version + 1;
    let updated = request_item::Entity::update_many()
        .col_expr(request_item::Column::Status, Expr::value(to))
        .col_expr(request_item::Column::Version, Expr::col(request_item::Column::Version).add(1))
        .col_expr(request_item::Column::UpdatedAt, Expr::value(now))
        .filter(request_item::Column::Id.eq(item.id))
        .filter(request_item::Column::Version.eq(item.version))
        .exec_with_returning(db)
        .await?;
    let Some(moved) = updated.into_iter().next() else {
        return Err(AppError::conflict("the item changed since you read it: read it again"));
    };
    item_transition::ActiveModel {
        item_id: Set(item.id),
        actor_id: Set(actor_id),
        actor_role: Set(role),
        from_status: Set(Some(item.status)),
        to_status: Set(to),
        reason_lang: Set(reason.as_ref().map(|r| r.lang.clone())),
        reason_sealed: Set(reason.map(|r| r.sealed)),
        version: Set(version),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // The delegate hears of what others did to their item; what they did themselves (withdraw
    // it, or withdraw their consent, which withdraws every item) they know.
    if role != ActorRole::Delegate && to != ItemStatus::Withdrawn {
        let owner = accommodation_request::Entity::find_by_id(item.request_id).one(db).await?;
        if let Some(owner) = owner {
            crate::service::push::notify::request_updated(db, &moved, owner.person_id, to).await?;
        }
    }
    Ok(moved)
}

/// Assigns an item to a coordinator of its conference (or to nobody).
pub async fn assign(
    db: &DatabaseConnection,
    viewer: &person::Model,
    item_id: i64,
    assignee: Option<i64>,
    expected_version: i32,
    now: DateTime<Utc>,
) -> AppResult<request_item::Model> {
    let txn = begin_write(db).await?;
    let (item, _) = visible(&txn, viewer, item_id).await?;
    if let Some(assignee) = assignee {
        let found = person::Entity::find_by_id(assignee).one(&txn).await?;
        if found.is_none_or(|p| p.role != Role::Coordinator || p.conference_id != item.conference_id) {
            return Err(AppError::bad_input("assigneeId", "not a coordinator of this conference"));
        }
    }
    let updated = request_item::Entity::update_many()
        .col_expr(request_item::Column::AssigneeId, Expr::value(assignee))
        .col_expr(request_item::Column::Version, Expr::col(request_item::Column::Version).add(1))
        .col_expr(request_item::Column::UpdatedAt, Expr::value(now))
        .filter(request_item::Column::Id.eq(item.id))
        .filter(request_item::Column::Version.eq(expected_version))
        .exec_with_returning(&txn)
        .await?;
    let item = updated
        .into_iter()
        .next()
        .ok_or_else(|| AppError::conflict("the item changed since you read it: read it again"))?;
    txn.commit().await?;
    Ok(item)
}

/// The audit trail of an item, oldest first.
pub async fn history(db: &DatabaseConnection, item_id: i64) -> AppResult<Vec<item_transition::Model>> {
    use sea_orm::QueryOrder;
    Ok(item_transition::Entity::find()
        .filter(item_transition::Column::ItemId.eq(item_id))
        .order_by_asc(item_transition::Column::Id)
        .all(db)
        .await?)
}

/// When a session moves, is cancelled or deleted, its CONFIRMED items go AT_RISK: the booking
/// (interpreters, captioner, seats) was made for the old time or room. Runs inside the edit's
/// transaction; returns the items put at risk.
pub async fn put_at_risk<C: ConnectionTrait>(
    db: &C,
    session_id: i64,
    now: DateTime<Utc>,
) -> AppResult<Vec<crate::service::live::RequestChange>> {
    use crate::entities::item_session;
    let linked: Vec<i64> = item_session::Entity::find()
        .filter(item_session::Column::SessionId.eq(session_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.item_id)
        .collect();
    let confirmed = request_item::Entity::find()
        .filter(request_item::Column::Id.is_in(linked))
        .filter(request_item::Column::Status.eq(ItemStatus::Confirmed))
        .all(db)
        .await?;
    let mut at_risk = Vec::with_capacity(confirmed.len());
    for item in confirmed {
        workflow::check(item.status, ItemStatus::AtRisk, workflow::Actor::System, Move::default())
            .map_err(|refusal| AppError::unexpected(refusal.message()))?;
        let moved = record(db, &item, ItemStatus::AtRisk, None, ActorRole::System, None, now).await?;
        at_risk.push(change_of(db, &moved).await?);
    }
    Ok(at_risk)
}

/// A message to add to an item's thread.
pub struct NewMessage<'a> {
    pub item_id: i64,
    pub body: &'a str,
    /// BCP 47; see `send_message` for the default.
    pub lang: Option<&'a str>,
    /// A coordinators' note the delegate never sees.
    pub internal: bool,
}

/// Longest message.
pub const MAX_MESSAGE: usize = 4_000;

/// Adds a message to an item's thread: between the delegate and the desk, or (coordinators
/// only) an internal note the delegate never sees. A delegate's message to a question
/// (NEEDS_INFO) sends the item back to review.
pub async fn send_message(
    db: &DatabaseConnection,
    sealer: &Sealer,
    viewer: &person::Model,
    message: NewMessage<'_>,
    now: DateTime<Utc>,
) -> AppResult<crate::entities::request_message::Model> {
    use crate::entities::request_message;
    let NewMessage { item_id, body, lang, internal } = message;
    let body = body.trim();
    if body.is_empty() || body.chars().count() > MAX_MESSAGE {
        return Err(AppError::bad_input("body", format!("1 to {MAX_MESSAGE} characters")));
    }
    if body.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(AppError::bad_input("body", "control characters are not allowed"));
    }
    let txn = begin_write(db).await?;
    let (item, request) = visible(&txn, viewer, item_id).await?;
    let role = if viewer.id == request.person_id { ActorRole::Delegate } else { ActorRole::Coordinator };
    if internal && role == ActorRole::Delegate {
        return Err(AppError::bad_input("internal", "internal notes are for coordinators"));
    }
    // Written to the delegate unless internal: in the delegate's language by default, as
    // reasons are; an internal note in its author's.
    let lang = match lang {
        Some(tag) => crate::service::language::parse_tag(tag).map_err(|m| AppError::bad_input("lang", m))?,
        None if internal => match viewer.languages.0.first() {
            Some(first) => first.clone(),
            None => delegate_language(&txn, &request).await?,
        },
        None => delegate_language(&txn, &request).await?,
    };
    let message = request_message::ActiveModel {
        item_id: Set(item.id),
        author_id: Set(Some(viewer.id)),
        author_role: Set(role),
        internal: Set(internal),
        body_sealed: Set(Some(sealer.seal(Column::MessageBody, body)?)),
        body_lang: Set(Some(lang)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if role == ActorRole::Delegate && item.status == ItemStatus::NeedsInfo {
        record(&txn, &item, ItemStatus::InReview, None, role, Some(viewer.id), now).await?;
    }
    txn.commit().await?;
    Ok(message)
}

/// An item's thread, oldest first; internal notes only when `with_internal`.
pub async fn messages(
    db: &DatabaseConnection,
    item_id: i64,
    with_internal: bool,
) -> AppResult<Vec<crate::entities::request_message::Model>> {
    use crate::entities::request_message;
    use sea_orm::QueryOrder;
    let mut query = request_message::Entity::find().filter(request_message::Column::ItemId.eq(item_id));
    if !with_internal {
        query = query.filter(request_message::Column::Internal.eq(false));
    }
    Ok(query.order_by_asc(request_message::Column::Id).all(db).await?)
}

/// What listeners hear of an item's change: ids and status only.
pub async fn change_of<C: ConnectionTrait>(
    db: &C,
    item: &request_item::Model,
) -> AppResult<crate::service::live::RequestChange> {
    let request = accommodation_request::Entity::find_by_id(item.request_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::unexpected("an item's request is missing"))?;
    Ok(crate::service::live::RequestChange {
        conference_id: item.conference_id,
        owner_id: request.person_id,
        item_id: item.id,
        status: item.status,
        version: item.version,
    })
}
