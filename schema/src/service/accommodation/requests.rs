//! Consent, submission (idempotent) and what a delegate or coordinator reads.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};

use super::sealing::{Column, Sealer};
use super::{ActorRole, consent};
use crate::entities::enums::{ItemStatus, ServiceType};
use crate::entities::texts::Dates;
use crate::entities::{
    accommodation_request, conference, consent as consent_row, item_session, item_transition, person, request_item,
    request_message, request_view, session,
};
use crate::error::{AppError, AppResult};
use crate::service::language::parse_tag;
use crate::service::write::begin_write;

/// Most items in one request.
pub const MAX_ITEMS: usize = 20;
/// Longest free text, in characters.
pub const MAX_DETAILS: usize = 4_000;
/// Longest idempotency key.
pub const MAX_KEY: usize = 128;

/// The consent a person has given and not withdrawn, if any.
pub async fn current_consent(db: &DatabaseConnection, person_id: i64) -> AppResult<Option<consent_row::Model>> {
    Ok(consent_row::Entity::find()
        .filter(consent_row::Column::PersonId.eq(person_id))
        .filter(consent_row::Column::WithdrawnAt.is_null())
        .order_by_desc(consent_row::Column::Version)
        .one(db)
        .await?)
}

/// Records consent to version `version` of the text, read in `lang`.
pub async fn give_consent(
    db: &DatabaseConnection,
    person: &person::Model,
    version: i32,
    lang: &str,
    now: DateTime<Utc>,
) -> AppResult<consent_row::Model> {
    if version != consent::CURRENT_VERSION {
        return Err(AppError::bad_input(
            "version",
            format!("the current consent text is version {}", consent::CURRENT_VERSION),
        ));
    }
    let lang = parse_tag(lang).map_err(|m| AppError::bad_input("lang", m))?;
    if let Some(existing) = current_consent(db, person.id).await?.filter(|c| c.version == version) {
        return Ok(existing);
    }
    Ok(consent_row::ActiveModel {
        person_id: Set(person.id),
        version: Set(version),
        lang: Set(lang),
        given_at: Set(now),
        withdrawn_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Withdraws consent: everything the person wrote (details, reasons they gave, messages) is
/// deleted, and their open items are withdrawn, since nothing can be processed without it.
/// Returns the items withdrawn.
pub async fn withdraw_consent(
    db: &DatabaseConnection,
    person_id: i64,
    now: DateTime<Utc>,
) -> AppResult<Vec<request_item::Model>> {
    let txn = begin_write(db).await?;
    consent_row::Entity::update_many()
        .col_expr(consent_row::Column::WithdrawnAt, Expr::value(now))
        .filter(consent_row::Column::PersonId.eq(person_id))
        .filter(consent_row::Column::WithdrawnAt.is_null())
        .exec(&txn)
        .await?;
    let items = items_of_person(&txn, person_id).await?;
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    request_item::Entity::update_many()
        .col_expr(request_item::Column::DetailsSealed, Expr::value(Option::<String>::None))
        .filter(request_item::Column::Id.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    request_message::Entity::update_many()
        .col_expr(request_message::Column::BodySealed, Expr::value(Option::<String>::None))
        .filter(request_message::Column::ItemId.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    let mut withdrawn = Vec::new();
    for item in items.into_iter().filter(|i| !super::workflow::is_closed(i.status)) {
        withdrawn
            .push(super::items::record(&txn, &item, ItemStatus::Withdrawn, None, ActorRole::System, None, now).await?);
    }
    txn.commit().await?;
    Ok(withdrawn)
}

async fn items_of_person<C: sea_orm::ConnectionTrait>(db: &C, person_id: i64) -> AppResult<Vec<request_item::Model>> {
    let requests: Vec<i64> = accommodation_request::Entity::find()
        .filter(accommodation_request::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    Ok(request_item::Entity::find().filter(request_item::Column::RequestId.is_in(requests)).all(db).await?)
}

/// One item as the delegate asks for it.
#[derive(Clone, Debug)]
pub struct NewItem {
    pub service_type: ServiceType,
    pub details: String,
    /// The language of `details` (BCP 47); the delegate's first language when absent.
    pub details_lang: Option<String>,
    pub session_ids: Vec<i64>,
    pub days: Vec<NaiveDate>,
}

/// What a submission gave: the request, and whether this call created it.
#[derive(Clone, Debug)]
pub struct Submitted {
    pub request: accommodation_request::Model,
    /// False for a retry (the same idempotency key): the first call told the coordinators and
    /// the delegate; a retry tells no one anything.
    pub created: bool,
}

/// Submits a request. A retry with the same key returns the first request, whatever it
/// carries, also when the retries race.
pub async fn submit(
    db: &DatabaseConnection,
    sealer: &Sealer,
    person: &person::Model,
    idempotency_key: &str,
    items: Vec<NewItem>,
    now: DateTime<Utc>,
) -> AppResult<Submitted> {
    let key = idempotency_key.trim();
    if key.is_empty() || key.len() > MAX_KEY || key.chars().any(char::is_control) {
        return Err(AppError::bad_input("idempotencyKey", format!("1 to {MAX_KEY} characters, no control characters")));
    }
    if let Some(first) = existing(db, person.id, key).await? {
        return Ok(Submitted { request: first, created: false });
    }
    if current_consent(db, person.id).await?.is_none_or(|c| c.version != consent::CURRENT_VERSION) {
        return Err(AppError::bad_input(
            "consent",
            "give consent to the current text first (giveAccommodationConsent)",
        ));
    }
    if items.is_empty() || items.len() > MAX_ITEMS {
        return Err(AppError::bad_input("items", format!("1 to {MAX_ITEMS} items")));
    }
    let conference = conference::Entity::find_by_id(person.conference_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::unexpected("a person's conference is missing"))?;
    let zone: Tz = conference.time_zone.parse().unwrap_or(Tz::UTC);
    let mut checked = Vec::with_capacity(items.len());
    let first_language = person.languages.0.first().cloned().unwrap_or_else(|| conference.default_language.clone());
    for (i, item) in items.into_iter().enumerate() {
        checked.push(check_item(db, sealer, &conference, &first_language, i, item).await?);
    }

    let txn = begin_write(db).await?;
    let inserted = accommodation_request::Entity::insert(accommodation_request::ActiveModel {
        conference_id: Set(conference.id),
        person_id: Set(person.id),
        idempotency_key: Set(key.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([accommodation_request::Column::PersonId, accommodation_request::Column::IdempotencyKey])
    .exec(&txn)
    .await?;
    let request_id = match inserted {
        sea_orm::TryInsertResult::Inserted(result) => result.last_insert_id,
        // A racing retry committed first: its request is the answer.
        _ => {
            txn.rollback().await?;
            let first =
                existing(db, person.id, key).await?.ok_or_else(|| AppError::unexpected("a racing request vanished"))?;
            return Ok(Submitted { request: first, created: false });
        }
    };
    let today = now.with_timezone(&zone).date_naive();
    for item in checked {
        let due_on = conference.start_date - chrono::Days::new(item.service_type.cutoff_days().into());
        let row = request_item::ActiveModel {
            request_id: Set(request_id),
            conference_id: Set(conference.id),
            service_type: Set(item.service_type),
            details_lang: Set(item.details_sealed.is_some().then_some(item.details_lang)),
            details_sealed: Set(item.details_sealed),
            days: Set(Dates(item.days)),
            status: Set(ItemStatus::Submitted),
            version: Set(1),
            late: Set(today > due_on),
            due_on: Set(due_on),
            first_session_at: Set(item.first_session_at),
            assignee_id: Set(None),
            booking_reference_sealed: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for session_id in item.session_ids {
            item_session::ActiveModel { item_id: Set(row.id), session_id: Set(session_id) }.insert(&txn).await?;
        }
        item_transition::ActiveModel {
            item_id: Set(row.id),
            actor_id: Set(Some(person.id)),
            actor_role: Set(ActorRole::Delegate),
            from_status: Set(None),
            to_status: Set(ItemStatus::Submitted),
            reason_sealed: Set(None),
            version: Set(1),
            at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let request = accommodation_request::Entity::find_by_id(request_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::unexpected("a request just written is missing"))?;
    txn.commit().await?;
    Ok(Submitted { request, created: true })
}

async fn existing(
    db: &DatabaseConnection,
    person_id: i64,
    key: &str,
) -> AppResult<Option<accommodation_request::Model>> {
    Ok(accommodation_request::Entity::find()
        .filter(accommodation_request::Column::PersonId.eq(person_id))
        .filter(accommodation_request::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?)
}

struct CheckedItem {
    service_type: ServiceType,
    details_sealed: Option<String>,
    details_lang: String,
    session_ids: Vec<i64>,
    days: Vec<NaiveDate>,
    first_session_at: Option<DateTime<Utc>>,
}

async fn check_item(
    db: &DatabaseConnection,
    sealer: &Sealer,
    conference: &conference::Model,
    first_language: &str,
    i: usize,
    item: NewItem,
) -> AppResult<CheckedItem> {
    let at = |field: &str| format!("items[{i}].{field}");
    let details = item.details.trim();
    if details.chars().count() > MAX_DETAILS {
        return Err(AppError::bad_input(at("details"), format!("at most {MAX_DETAILS} characters")));
    }
    if details.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(AppError::bad_input(at("details"), "control characters are not allowed"));
    }
    if details.is_empty() && item.service_type == ServiceType::Other {
        return Err(AppError::bad_input(at("details"), "say what you need"));
    }
    let details_lang = match &item.details_lang {
        Some(tag) => crate::service::language::parse_tag(tag).map_err(|m| AppError::bad_input(at("detailsLang"), m))?,
        None => first_language.to_owned(),
    };
    let session_ids: Vec<i64> = item.session_ids.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
    if session_ids.len() > 100 {
        return Err(AppError::bad_input(at("sessionIds"), "at most 100 sessions"));
    }
    let sessions = session::Entity::find()
        .filter(session::Column::Id.is_in(session_ids.clone()))
        .filter(session::Column::ConferenceId.eq(conference.id))
        .all(db)
        .await?;
    if sessions.len() != session_ids.len() {
        return Err(AppError::bad_input(at("sessionIds"), "no such session in this conference"));
    }
    let days: Vec<NaiveDate> = item.days.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
    if let Some(day) = days.iter().find(|d| **d < conference.start_date || **d > conference.end_date) {
        return Err(AppError::bad_input(at("days"), format!("{day} is not a conference day")));
    }
    let first_session_at = sessions.iter().map(|s| s.starts_at).min();
    let details_sealed = (!details.is_empty()).then(|| sealer.seal(Column::ItemDetails, details)).transpose()?;
    Ok(CheckedItem {
        service_type: item.service_type,
        details_sealed,
        details_lang,
        session_ids,
        days,
        first_session_at,
    })
}

/// A delegate's requests, newest first.
pub async fn of_person(db: &DatabaseConnection, person_id: i64) -> AppResult<Vec<accommodation_request::Model>> {
    Ok(accommodation_request::Entity::find()
        .filter(accommodation_request::Column::PersonId.eq(person_id))
        .order_by_desc(accommodation_request::Column::CreatedAt)
        .order_by_desc(accommodation_request::Column::Id)
        .all(db)
        .await?)
}

/// Records that a coordinator read a request (DESIGN §6 rule 4).
pub async fn record_view(
    db: &DatabaseConnection,
    request_id: i64,
    viewer_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    request_view::ActiveModel {
        request_id: Set(request_id),
        viewer_id: Set(Some(viewer_id)),
        viewed_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records that a coordinator read several requests (a queue page), in one statement.
pub async fn record_views(
    db: &DatabaseConnection,
    request_ids: impl IntoIterator<Item = i64>,
    viewer_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let rows: Vec<request_view::ActiveModel> = request_ids
        .into_iter()
        .map(|request_id| request_view::ActiveModel {
            request_id: Set(request_id),
            viewer_id: Set(Some(viewer_id)),
            viewed_at: Set(now),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        request_view::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// Who read a request, newest first.
pub async fn views(db: &DatabaseConnection, request_id: i64) -> AppResult<Vec<request_view::Model>> {
    Ok(request_view::Entity::find()
        .filter(request_view::Column::RequestId.eq(request_id))
        .order_by_desc(request_view::Column::ViewedAt)
        .order_by_desc(request_view::Column::Id)
        .all(db)
        .await?)
}

/// The items of a request, in the order they were asked for.
pub async fn items_of(db: &DatabaseConnection, request_id: i64) -> AppResult<Vec<request_item::Model>> {
    Ok(request_item::Entity::find()
        .filter(request_item::Column::RequestId.eq(request_id))
        .order_by_asc(request_item::Column::Id)
        .all(db)
        .await?)
}
