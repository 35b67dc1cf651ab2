//! Data written straight to the database for tests and benchmarks at scale, where going
//! through the API for every row would measure the set-up instead of the subject.

use sanad_schema::entities::enums::Role;
use sanad_schema::entities::texts::LanguageTags;
use sanad_schema::entities::{conference, person, push_subscription};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder, QuerySelect, Set};

use crate::push_service::Device;

/// Delegates (half reading Arabic) with one device each, written straight to the database.
pub async fn push_subscribers(db: &DatabaseConnection, devices: &[Device], offset: usize) {
    let conference = conference::Entity::find().order_by_asc(conference::Column::Id).one(db).await.unwrap().unwrap();
    let now = chrono::Utc::now();
    for (chunk_no, chunk) in devices.chunks(500).enumerate() {
        let people: Vec<person::ActiveModel> = (0..chunk.len())
            .map(|i| {
                let n = offset + chunk_no * 500 + i;
                person::ActiveModel {
                    conference_id: Set(conference.id),
                    role: Set(Role::Delegate),
                    name: Set(format!("Delegate {n}")),
                    organisation: Set(None),
                    delegation: Set(None),
                    languages: Set(LanguageTags(vec![if n.is_multiple_of(2) { "ar" } else { "en" }.to_owned()])),
                    screen_reader: Set(n.is_multiple_of(3)),
                    captions: Set(false),
                    large_text: Set(false),
                    step_free_only: Set(false),
                    extra_transfer_minutes: Set(0),
                    reminder_minutes: Set(15),
                    calendar_secret: Set(format!("bench-{n}")),
                    push_reminders: Set(true),
                    push_agenda_changes: Set(true),
                    push_announcements: Set(true),
                    push_request_updates: Set(true),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
            })
            .collect();
        person::Entity::insert_many(people).exec(db).await.unwrap();
        let ids: Vec<i64> = person::Entity::find()
            .order_by_desc(person::Column::Id)
            .limit(chunk.len() as u64)
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .take(chunk.len())
            .map(|p| p.id)
            .rev()
            .collect();
        let subscriptions: Vec<push_subscription::ActiveModel> = chunk
            .iter()
            .zip(ids)
            .map(|(device, person_id)| push_subscription::ActiveModel {
                person_id: Set(person_id),
                conference_id: Set(conference.id),
                endpoint: Set(device.endpoint.clone()),
                endpoint_hash: Set({
                    use sha2::Digest;
                    sha2::Sha256::digest(device.endpoint.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
                }),
                p256dh: Set(device.p256dh.clone()),
                auth: Set(device.auth.clone()),
                label: Set("Phone".into()),
                created_at: Set(now),
                last_delivered_at: Set(None),
                auth_failures: Set(0),
                ..Default::default()
            })
            .collect();
        push_subscription::Entity::insert_many(subscriptions).exec(db).await.unwrap();
    }
}
