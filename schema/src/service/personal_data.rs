//! A person's rights over their data (DESIGN §6 rule 7): everything Sanad holds about them as
//! JSON, and deleting all of it.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use super::accommodation::sealing::{Column, Sealer};
use super::accommodation::{items, requests};
use crate::entities::{access_token, agenda_item, consent, item_session, person, session};
use crate::error::AppResult;
use crate::service::write::begin_write;

fn opened(sealer: &Sealer, column: Column, sealed: &Option<String>) -> AppResult<Option<String>> {
    sealed.as_deref().map(|s| sealer.open(column, s)).transpose()
}

/// Everything about a person: profile, preferences, agenda, sign-ins (when, not tokens),
/// consents, and their accommodation requests with details, history, the messages they can
/// see, and who viewed them.
pub async fn export(
    db: &DatabaseConnection,
    sealer: &Sealer,
    person: &person::Model,
    now: DateTime<Utc>,
) -> AppResult<Value> {
    let agenda_ids: Vec<i64> = agenda_item::Entity::find()
        .filter(agenda_item::Column::PersonId.eq(person.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.session_id)
        .collect();
    let agenda: Vec<Value> = session::Entity::find()
        .filter(session::Column::Id.is_in(agenda_ids))
        .order_by_asc(session::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(|s| json!({ "session": s.slug, "title": s.title.0, "startsAt": s.starts_at, "endsAt": s.ends_at }))
        .collect();
    let sign_ins: Vec<Value> = access_token::Entity::find()
        .filter(access_token::Column::PersonId.eq(person.id))
        .order_by_asc(access_token::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|t| json!({ "signedInAt": t.created_at, "expiresAt": t.expires_at, "revokedAt": t.revoked_at }))
        .collect();
    let consents: Vec<Value> = consent::Entity::find()
        .filter(consent::Column::PersonId.eq(person.id))
        .order_by_asc(consent::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| json!({ "version": c.version, "lang": c.lang, "givenAt": c.given_at, "withdrawnAt": c.withdrawn_at }))
        .collect();
    let devices: Vec<Value> = super::push::subscriptions::of_person(db, person.id)
        .await?
        .into_iter()
        .map(|d| {
            json!({ "label": d.label, "endpoint": d.endpoint, "registeredAt": d.created_at, "lastDeliveredAt": d.last_delivered_at })
        })
        .collect();
    let mut requests_out = Vec::new();
    for request in requests::of_person(db, person.id).await? {
        let mut items_out = Vec::new();
        for item in requests::items_of(db, request.id).await? {
            let sessions: Vec<i64> = item_session::Entity::find()
                .filter(item_session::Column::ItemId.eq(item.id))
                .all(db)
                .await?
                .into_iter()
                .map(|l| l.session_id)
                .collect();
            let mut history = Vec::new();
            for step in items::history(db, item.id).await? {
                history.push(json!({
                    "from": step.from_status, "to": step.to_status, "by": step.actor_role, "at": step.at,
                    "reason": opened(sealer, Column::TransitionReason, &step.reason_sealed)?,
                    "reasonLang": step.reason_lang,
                }));
            }
            let mut messages = Vec::new();
            for message in items::messages(db, item.id, false).await? {
                messages.push(json!({
                    "by": message.author_role, "at": message.created_at,
                    "body": opened(sealer, Column::MessageBody, &message.body_sealed)?,
                    "bodyLang": message.body_lang,
                }));
            }
            items_out.push(json!({
                "serviceType": item.service_type,
                "details": opened(sealer, Column::ItemDetails, &item.details_sealed)?,
                "detailsLang": item.details_lang,
                "status": item.status,
                "late": item.late,
                "dueOn": item.due_on,
                "days": item.days.0,
                "sessionIds": sessions,
                "bookingReference": opened(sealer, Column::BookingReference, &item.booking_reference_sealed)?,
                "history": history,
                "messages": messages,
            }));
        }
        let views: Vec<Value> = requests::views(db, request.id)
            .await?
            .into_iter()
            .map(|v| json!({ "viewerId": v.viewer_id, "viewedAt": v.viewed_at }))
            .collect();
        requests_out.push(json!({ "submittedAt": request.created_at, "items": items_out, "viewedBy": views }));
    }
    Ok(json!({
        "exportedAt": now,
        "person": {
            "name": person.name, "organisation": person.organisation, "delegation": person.delegation,
            "role": person.role, "preferredLanguages": person.languages.0,
            "accessibility": {
                "screenReader": person.screen_reader, "captions": person.captions, "largeText": person.large_text,
                "stepFreeRoutesOnly": person.step_free_only, "extraMinutesBetweenRooms": person.extra_transfer_minutes,
                "reminderMinutesBefore": person.reminder_minutes,
            },
            "notifications": {
                "sessionReminders": person.push_reminders, "agendaChanges": person.push_agenda_changes,
                "announcements": person.push_announcements, "requestUpdates": person.push_request_updates,
            },
            "invitedAt": person.created_at,
        },
        "agenda": agenda,
        "signIns": sign_ins,
        "accommodationConsents": consents,
        "accommodationRequests": requests_out,
        "pushSubscriptions": devices,
    }))
}

/// Deletes the person and everything that is theirs: sign-ins, codes, agenda, consents,
/// requests with their items, history, messages and read log. What they did as staff stays,
/// without their name (those columns are set to null).
pub async fn delete(db: &DatabaseConnection, person_id: i64) -> AppResult<()> {
    let txn = begin_write(db).await?;
    person::Entity::delete_by_id(person_id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}
