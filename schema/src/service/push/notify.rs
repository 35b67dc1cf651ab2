//! The notifications each event sends (DESIGN §7 kinds), queued in the event's own
//! transaction: who hears, how urgently, for how long, and what they read, in every language.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, EntityTrait};

use super::content::{Content, Kind, Phrase};
use super::outbox::{Audience, Notification, Urgency, enqueue};
use super::phrases::{self, PHRASE_LANGUAGES};
use crate::entities::enums::{ChangeKind, ItemStatus, Severity};
use crate::entities::texts::Translations;
use crate::entities::{announcement, conference, request_item, room, session};
use crate::error::AppResult;
use crate::graphql::relay::{Kind as IdKind, encode};
use crate::service::language::primary_subtag;

/// The languages a conference's notifications are written in: those of its languages that
/// Sanad can phrase, and English as the last resort.
fn languages(conference: &conference::Model) -> Vec<&'static str> {
    let wanted: Vec<&str> = std::iter::once(conference.default_language.as_str())
        .chain(conference.languages.0.iter().map(|l| l.tag.as_str()))
        .map(primary_subtag)
        .collect();
    let mut langs: Vec<&'static str> =
        PHRASE_LANGUAGES.into_iter().filter(|lang| wanted.iter().any(|w| w.eq_ignore_ascii_case(lang))).collect();
    if !langs.contains(&"en") {
        langs.push("en");
    }
    langs
}

/// What a notification quotes of the conference (a session's title, a room's name, an
/// announcement), picked for one language. A message is only offered in a language when every
/// text it quotes exists in that language: a Spanish template around an English title would be
/// read by a Spanish voice and tagged `es` while half of it is not. A delegate whose language
/// is missing gets the message whole in their next language, tagged as such.
struct Say<'a> {
    lang: &'static str,
    conference: &'a conference::Model,
    /// Quote a text in another language when it lacks this one (only when no language has
    /// every text: better a mixed message than none).
    lenient: bool,
}

impl Say<'_> {
    fn text<'t>(&self, texts: &'t Translations) -> Option<&'t str> {
        let exact = texts
            .get(self.lang)
            .or_else(|| texts.0.iter().find(|(tag, _)| primary_subtag(tag) == self.lang).map(|(_, v)| v.as_str()));
        match exact {
            Some(text) => Some(text),
            None if self.lenient => texts
                .get(&self.conference.default_language)
                .or_else(|| texts.0.values().next().map(String::as_str))
                .or(Some("")),
            None => None,
        }
    }
}

fn content(
    conference: &conference::Model,
    kind: Kind,
    ids: &[(&str, String)],
    link: String,
    phrase: impl Fn(&Say<'_>) -> Option<Phrase>,
) -> Content {
    let mut texts: BTreeMap<String, Phrase> = languages(conference)
        .into_iter()
        .filter_map(|lang| phrase(&Say { lang, conference, lenient: false }).map(|p| (lang.to_owned(), p)))
        .collect();
    let default_lang = primary_subtag(&conference.default_language).to_owned();
    if texts.is_empty() {
        let lang = PHRASE_LANGUAGES.into_iter().find(|l| *l == default_lang).unwrap_or("en");
        if let Some(phrase) = phrase(&Say { lang, conference, lenient: true }) {
            texts.insert(lang.to_owned(), phrase);
        }
    }
    Content { kind, ids: ids.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(), link, texts, default_lang }
}

/// How long a notification about a session is worth keeping: until it ends (at least ten
/// minutes, at most a week).
fn until_over(ends_at: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    (ends_at - now).clamp(Duration::minutes(10), Duration::days(7))
}

/// A session in people's agendas moved, was cancelled or reinstated (or deleted, said as
/// cancelled). `description` is the change as recorded, in every conference language.
pub async fn session_changed<C: ConnectionTrait>(
    db: &C,
    conference: &conference::Model,
    session: &session::Model,
    kind: ChangeKind,
    description: &Translations,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let content = content(
        conference,
        Kind::SessionChanged,
        &[("sessionId", encode(IdKind::Session, session.id).0)],
        format!("/sessions/{}", encode(IdKind::Session, session.id).0),
        |say| {
            Some(Phrase {
                title: phrases::change_title(say.lang, kind).to_owned(),
                body: format!("{} {}", ended(say.text(&session.title)?), say.text(description)?),
            })
        },
    );
    if kind == ChangeKind::Cancelled {
        // A reminder still waiting would announce a session that no longer takes place.
        super::outbox::supersede(
            db,
            conference.id,
            &format!("reminder-{}", session.id),
            &Audience::AgendaHolders(session.id),
        )
        .await?;
    }
    let soon = session.starts_at - now < Duration::hours(3);
    let notification = Notification {
        content,
        // Repeated changes to one session replace each other.
        topic: Some(format!("session-{}", session.id)),
        urgency: if soon { Urgency::High } else { Urgency::Normal },
        ttl: until_over(session.ends_at, now),
    };
    enqueue(db, conference.id, notification, Audience::AgendaHolders(session.id)).await
}

/// A title followed by more text: it ends with a full stop unless it already ends a sentence.
fn ended(title: &str) -> String {
    let title = title.trim();
    if title.ends_with(['.', '!', '?', '؟', '…']) { title.to_owned() } else { format!("{title}.") }
}

/// An announcement to everyone. Its severity sets how urgently and for how long.
pub async fn announcement<C: ConnectionTrait>(
    db: &C,
    conference: &conference::Model,
    row: &announcement::Model,
) -> AppResult<u64> {
    let (urgency, ttl) = match row.severity {
        Severity::Emergency => (Urgency::High, Duration::hours(1)),
        Severity::Urgent => (Urgency::High, Duration::hours(6)),
        Severity::Change => (Urgency::Normal, Duration::hours(24)),
        Severity::Info => (Urgency::Low, Duration::hours(24)),
    };
    let mut ids = vec![("announcementId", encode(IdKind::Announcement, row.id).0)];
    if let Some(session_id) = row.session_id {
        ids.push(("sessionId", encode(IdKind::Session, session_id).0));
    }
    let content = content(
        conference,
        Kind::Announcement,
        &ids,
        format!("/announcements#announcement-{}", encode(IdKind::Announcement, row.id).0),
        |say| {
            Some(Phrase {
                title: format!("{}: {}", phrases::severity_label(say.lang, row.severity), say.text(&row.title)?),
                body: format!("{} {}", ended(say.text(&row.what_changed)?), say.text(&row.what_to_do)?),
            })
        },
    );
    let notification = Notification { content, topic: None, urgency, ttl };
    let emergency = row.severity == Severity::Emergency;
    enqueue(db, conference.id, notification, Audience::Everyone { emergency }).await
}

/// An accommodation item changed status: its delegate hears the status, never the service or
/// a detail (DESIGN §6 rule 5); the ids let the app show the rest once unlocked.
pub async fn request_updated<C: ConnectionTrait>(
    db: &C,
    item: &request_item::Model,
    owner_id: i64,
    status: ItemStatus,
) -> AppResult<u64> {
    let Some(conference) = conference::Entity::find_by_id(item.conference_id).one(db).await? else {
        return Ok(0);
    };
    let content = content(
        &conference,
        Kind::RequestUpdated,
        &[
            ("itemId", encode(IdKind::RequestItem, item.id).0),
            ("requestId", encode(IdKind::AccommodationRequest, item.request_id).0),
        ],
        format!("/requests/items/{}", encode(IdKind::RequestItem, item.id).0),
        |say| {
            Some(Phrase {
                title: phrases::request_update_title(say.lang).to_owned(),
                body: phrases::request_status_body(say.lang, status),
            })
        },
    );
    let notification = Notification {
        content,
        topic: Some(format!("item-{}", item.id)),
        urgency: Urgency::Normal,
        ttl: Duration::days(3),
    };
    enqueue(db, conference.id, notification, Audience::RequestOwner(owner_id)).await
}

/// A reminder of `session` to `people`, whose lead time is `minutes`.
pub async fn reminder<C: ConnectionTrait>(
    db: &C,
    conference: &conference::Model,
    session: &session::Model,
    people: Vec<i64>,
    minutes: i64,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let room = match session.room_id {
        Some(id) => room::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let content = content(
        conference,
        Kind::SessionReminder,
        &[("sessionId", encode(IdKind::Session, session.id).0)],
        format!("/sessions/{}", encode(IdKind::Session, session.id).0),
        |say| {
            Some(Phrase {
                title: phrases::reminder_title(say.lang, minutes),
                body: match &room {
                    Some(room) => format!("{} {}", ended(say.text(&session.title)?), say.text(&room.name)?),
                    None => say.text(&session.title)?.to_owned(),
                },
            })
        },
    );
    let notification = Notification {
        content,
        topic: Some(format!("reminder-{}", session.id)),
        urgency: Urgency::High,
        // A reminder after the start is noise.
        ttl: (session.starts_at - now).clamp(Duration::minutes(1), Duration::hours(4)),
    };
    enqueue(db, conference.id, notification, Audience::Reminded(people)).await
}

/// A test notification to one device, asked for by its owner.
pub async fn test<C: ConnectionTrait>(db: &C, conference: &conference::Model, subscription_id: i64) -> AppResult<u64> {
    let content = content(conference, Kind::Test, &[], "/settings".to_owned(), |say| {
        Some(Phrase { title: phrases::test_title(say.lang).to_owned(), body: phrases::test_body(say.lang).to_owned() })
    });
    let notification = Notification { content, topic: None, urgency: Urgency::Normal, ttl: Duration::minutes(10) };
    enqueue(db, conference.id, notification, Audience::Device(subscription_id)).await
}
