//! Session reminders, driven by the programme's clock (so `SANAD_CLOCK` runs them as if live):
//! each agenda holder who wants them hears of each session once, their own lead time before
//! it starts. The `push_reminder` row, unique per person and session, is what makes it once,
//! also with several instances scanning at the same moment.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::notify;
use crate::entities::enums::SessionStatus;
use crate::entities::{agenda_item, conference, person, push_reminder, push_subscription, session};
use crate::error::AppResult;
use crate::service::write::begin_write;

/// The longest lead time a delegate may choose (see `updateMyPreferences`).
pub const MAX_LEAD_MINUTES: i64 = 240;
/// Most ids bound in one statement.
const ID_SLICE: usize = 5_000;

/// Queues every reminder due at `now`; returns how many people were reminded.
pub async fn queue_due(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<u64> {
    let sessions = session::Entity::find()
        .filter(session::Column::StartsAt.gt(now))
        .filter(session::Column::StartsAt.lte(now + Duration::minutes(MAX_LEAD_MINUTES)))
        .filter(session::Column::Status.ne(SessionStatus::Cancelled))
        .all(db)
        .await?;
    if sessions.is_empty() {
        return Ok(0);
    }
    let holders = agenda_item::Entity::find()
        .filter(agenda_item::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
        .all(db)
        .await?;
    let holder_ids: Vec<i64> = holders.iter().map(|h| h.person_id).collect::<BTreeSet<_>>().into_iter().collect();
    // Lists of ids are bound as parameters: read them in slices well under the databases'
    // limits (SQLite 32,766, PostgreSQL 65,535), whatever the size of the plenary.
    let mut with_devices = HashSet::new();
    let mut people: HashMap<i64, person::Model> = HashMap::new();
    for slice in holder_ids.chunks(ID_SLICE) {
        with_devices.extend(
            push_subscription::Entity::find()
                .filter(push_subscription::Column::PersonId.is_in(slice.iter().copied()))
                .all(db)
                .await?
                .into_iter()
                .map(|s| s.person_id),
        );
    }
    let reachable: Vec<i64> = with_devices.into_iter().collect();
    for slice in reachable.chunks(ID_SLICE) {
        people.extend(
            person::Entity::find()
                .filter(person::Column::Id.is_in(slice.iter().copied()))
                .filter(person::Column::PushReminders.eq(true))
                .all(db)
                .await?
                .into_iter()
                .map(|p| (p.id, p)),
        );
    }
    let sent: HashSet<(i64, i64)> = push_reminder::Entity::find()
        .filter(push_reminder::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.person_id, r.session_id))
        .collect();
    let by_id: HashMap<i64, &session::Model> = sessions.iter().map(|s| (s.id, s)).collect();
    // Due reminders, grouped so one message serves everyone with the same session and lead.
    let mut due: BTreeMap<(i64, i64), Vec<i64>> = BTreeMap::new();
    for holder in &holders {
        let (Some(person), Some(session)) = (people.get(&holder.person_id), by_id.get(&holder.session_id)) else {
            continue;
        };
        let lead = i64::from(person.reminder_minutes);
        if session.starts_at - Duration::minutes(lead) <= now && !sent.contains(&(person.id, session.id)) {
            due.entry((session.id, lead)).or_default().push(person.id);
        }
    }
    let mut reminded = 0;
    let due = due
        .into_iter()
        .flat_map(|(key, people)| people.chunks(ID_SLICE).map(|slice| (key, slice.to_vec())).collect::<Vec<_>>());
    for ((session_id, lead), mut candidates) in due {
        // The same order in every instance, so two scanning at once never deadlock.
        candidates.sort_unstable();
        let Some(session) = by_id.get(&session_id) else { continue };
        let Some(conference) = conference::Entity::find_by_id(session.conference_id).one(db).await? else {
            continue;
        };
        let txn = begin_write(db).await?;
        let mut mine = Vec::with_capacity(candidates.len());
        for person_id in candidates {
            let claimed = push_reminder::Entity::insert(push_reminder::ActiveModel {
                person_id: sea_orm::Set(person_id),
                session_id: sea_orm::Set(session_id),
                sent_at: sea_orm::Set(now),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([push_reminder::Column::PersonId, push_reminder::Column::SessionId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
            if claimed == 1 {
                mine.push(person_id);
            }
        }
        if !mine.is_empty() {
            // The minutes left, not the lead chosen: a scan a little late says the truth.
            let left = (session.starts_at - now).num_minutes().clamp(0, lead);
            reminded += mine.len() as u64;
            notify::reminder(&txn, &conference, session, mine, left, now).await?;
        }
        txn.commit().await?;
    }
    Ok(reminded)
}
