//! A conference's programme as a [`Schedule`], in one viewer's language, for the exports.
//!
//! The formats have one language per text, so every text is the one `Scope` picks for the
//! viewer (`?lang=`, `Accept-Language`, then the conference's order), exactly as the API
//! would serve it. Cancelled sessions are left out, as pretalx and frab do: schedule apps
//! have no way to show a cancellation and would list the session as happening. Sanad's
//! guids are derived from the conference's and session's slugs, so they stay the same across
//! exports and apps keep their favourites.

use std::collections::{BTreeMap, HashMap};

use sanad_schema::entities::enums::{LanguageRole, SessionKind, SessionStatus};
use sanad_schema::entities::{
    conference, document, document_variant, room, session, session_language, session_speaker, speaker, track, venue,
};
use sanad_schema::graphql::context::Scope;
use sanad_schema::graphql::relay::{Kind, encode};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::write::{derived_uuid, minutes_between};
use super::{Conference, Event, Link, Person, Room, Schedule, Track};

/// The `type` of an event: frab's lower-case words.
pub fn kind_word(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Plenary => "plenary",
        SessionKind::Panel => "panel",
        SessionKind::Talk => "talk",
        SessionKind::Workshop => "workshop",
        SessionKind::SideEvent => "side-event",
        SessionKind::Break => "break",
        SessionKind::Reception => "reception",
        SessionKind::Other => "other",
    }
}

/// The languages and speakers of some sessions, each in its order, by session id.
pub struct SessionLinks {
    pub languages: HashMap<i64, Vec<session_language::Model>>,
    pub speakers: HashMap<i64, Vec<session_speaker::Model>>,
}

/// Reads [`SessionLinks`] in slices, so a UN-scale programme stays within every database's
/// parameter limit.
pub async fn session_links(db: &impl sea_orm::ConnectionTrait, ids: &[i64]) -> Result<SessionLinks, DbErr> {
    let mut links = SessionLinks { languages: HashMap::new(), speakers: HashMap::new() };
    for chunk in ids.chunks(5_000) {
        for row in session_language::Entity::find()
            .filter(session_language::Column::SessionId.is_in(chunk.iter().copied()))
            .order_by_asc(session_language::Column::Position)
            .all(db)
            .await?
        {
            links.languages.entry(row.session_id).or_default().push(row);
        }
        for row in session_speaker::Entity::find()
            .filter(session_speaker::Column::SessionId.is_in(chunk.iter().copied()))
            .order_by_asc(session_speaker::Column::Position)
            .all(db)
            .await?
        {
            links.speakers.entry(row.session_id).or_default().push(row);
        }
    }
    Ok(links)
}

/// Reads a conference's programme. `base_url` is where this server is reached
/// (`https://host`), for the links back to it.
pub async fn load(
    db: &DatabaseConnection,
    conference: conference::Model,
    wanted: Vec<String>,
    base_url: &str,
) -> Result<Schedule, DbErr> {
    let id = conference.id;
    let venue = venue::Entity::find().filter(venue::Column::ConferenceId.eq(id)).one(db).await?;
    let rooms = match &venue {
        Some(v) => {
            room::Entity::find().filter(room::Column::VenueId.eq(v.id)).order_by_asc(room::Column::Id).all(db).await?
        }
        None => Vec::new(),
    };
    let tracks = track::Entity::find()
        .filter(track::Column::ConferenceId.eq(id))
        .order_by_asc(track::Column::Id)
        .all(db)
        .await?;
    let sessions = session::Entity::find()
        .filter(session::Column::ConferenceId.eq(id))
        .filter(session::Column::Status.ne(SessionStatus::Cancelled))
        .order_by_asc(session::Column::StartsAt)
        .order_by_asc(session::Column::Id)
        .all(db)
        .await?;
    let speakers: HashMap<i64, speaker::Model> = speaker::Entity::find()
        .filter(speaker::Column::ConferenceId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let session_ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let SessionLinks { languages, speakers: people } = session_links(db, &session_ids).await?;
    let mut documents: HashMap<i64, Vec<document::Model>> = HashMap::new();
    let mut variants: HashMap<i64, Vec<document_variant::Model>> = HashMap::new();
    let all_documents = document::Entity::find()
        .filter(document::Column::ConferenceId.eq(id))
        .order_by_asc(document::Column::Position)
        .all(db)
        .await?;
    let document_ids: Vec<i64> = all_documents.iter().map(|d| d.id).collect();
    for ids in document_ids.chunks(5_000) {
        for row in document_variant::Entity::find()
            .filter(document_variant::Column::DocumentId.is_in(ids.iter().copied()))
            .order_by_asc(document_variant::Column::Id)
            .all(db)
            .await?
        {
            variants.entry(row.document_id).or_default().push(row);
        }
    }
    for doc in all_documents {
        if let Some(session_id) = doc.session_id {
            documents.entry(session_id).or_default().push(doc);
        }
    }

    let scope = Scope::new(conference, wanted);
    let c = &scope.conference;
    let text = |t| scope.required_text(t).value;
    let opt = |t: &Option<_>| scope.opt_text(t).map(|t| t.value).filter(|v: &String| !v.is_empty());
    let room_names: BTreeMap<i64, String> = rooms.iter().map(|r| (r.id, text(&r.name))).collect();
    let track_names: BTreeMap<i64, String> = tracks.iter().map(|t| (t.id, text(&t.name))).collect();
    // A session without a room takes place somewhere at the venue: the formats need a room.
    let somewhere = venue.as_ref().map_or_else(|| text(&c.city), |v| text(&v.name));
    let base = base_url.trim_end_matches('/');

    let mut schedule_rooms: Vec<Room> = rooms
        .iter()
        .map(|r| Room {
            name: text(&r.name),
            guid: Some(derived_uuid(&format!("{}/room/{}", c.slug, r.slug)).to_string()),
            description: opt(&r.layout),
            capacity: r.capacity.and_then(|n| u32::try_from(n).ok()),
        })
        .collect();
    if sessions.iter().any(|s| s.room_id.is_none()) {
        schedule_rooms.push(Room { name: somewhere.clone(), guid: None, description: None, capacity: None });
    }

    let events = sessions
        .iter()
        .map(|s| {
            let floor = languages.get(&s.id).and_then(|l| l.iter().find(|l| l.kind == LanguageRole::Floor));
            let persons = people
                .get(&s.id)
                .into_iter()
                .flatten()
                .filter_map(|link| speakers.get(&link.speaker_id))
                .map(|sp| Person {
                    id: Some(sp.id),
                    code: None,
                    guid: Some(derived_uuid(&format!("{}/speaker/{}", c.slug, sp.slug)).to_string()),
                    name: sp.name.clone(),
                    biography: opt(&sp.bio),
                })
                .collect();
            let attachments = documents
                .get(&s.id)
                .into_iter()
                .flatten()
                .flat_map(|d| {
                    let title = text(&d.title);
                    variants.get(&d.id).into_iter().flatten().map(move |v| Link {
                        url: v.url.clone(),
                        title: format!("{title} ({}, {})", format_word(v.format), v.lang),
                    })
                })
                .collect();
            let start = scope.local(s.starts_at);
            // A session imported from pretalx or frab is keyed by the source's guid: give it back.
            let guid = match uuid::Uuid::parse_str(&s.slug) {
                Ok(uuid) if s.slug.len() == 36 => uuid.hyphenated().to_string(),
                _ => derived_uuid(&format!("{}/session/{}", c.slug, s.slug)).to_string(),
            };
            Event {
                guid,
                code: None,
                id: Some(s.id),
                duration_minutes: minutes_between(&s.starts_at, &s.ends_at),
                start,
                room: s.room_id.and_then(|id| room_names.get(&id).cloned()).unwrap_or_else(|| somewhere.clone()),
                slug: Some(s.slug.clone()),
                url: Some(format!("{base}/sessions/{}.ics", encode(Kind::Session, s.id).0)),
                title: text(&s.title),
                subtitle: None,
                track: s.track_id.and_then(|id| track_names.get(&id).cloned()),
                kind: kind_word(s.kind).to_owned(),
                language: floor.map(|l| l.lang.clone()),
                abstract_text: opt(&s.summary),
                description: opt(&s.plain_summary),
                do_not_record: false,
                recording_license: None,
                persons,
                links: Vec::new(),
                attachments,
            }
        })
        .collect();

    Ok(Schedule {
        version: c.programme_version.to_string(),
        base_url: Some(format!("{base}/")),
        conference: Conference {
            acronym: c.slug.clone(),
            title: text(&c.name),
            description: Some(text(&c.description)).filter(|d| !d.is_empty()),
            start: c.start_date,
            end: c.end_date,
            time_zone: Some(c.time_zone.clone()),
            url: c.website.clone(),
            timeslot_minutes: 5,
            rooms: schedule_rooms,
            tracks: tracks
                .iter()
                .map(|t| Track { name: text(&t.name), slug: Some(t.slug.clone()), color: None })
                .collect(),
        },
        events,
    })
}

fn format_word(format: sanad_schema::entities::enums::DocumentFormat) -> &'static str {
    use sanad_schema::entities::enums::DocumentFormat as F;
    match format {
        F::TaggedPdf => "tagged PDF",
        F::Docx => "DOCX",
        F::Html => "HTML",
        F::Epub => "EPUB",
        F::Brf => "braille BRF",
        F::LargePrint => "large print",
        F::EasyRead => "easy read",
    }
}
