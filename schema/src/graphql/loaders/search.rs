//! The search index of a conference, built from the programme snapshot's rows (sessions,
//! speakers, venues, rooms, places) and three more reads (glossary, documents, announcements),
//! once per programme version; every search of that version then runs in memory.

use std::sync::Arc;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::by_session::{self, DocumentWithVariants};
use super::programme::ProgrammeRows;
use crate::entities::texts::Translations;
use crate::entities::{announcement, document, glossary_entry, place, room, session, speaker};
use crate::error::AppResult;
use crate::service::script;
use crate::service::search::{Entry, FieldText, SearchField, SearchIndex, SearchKind};

/// What a hit serves: the row as the snapshot holds it.
#[derive(Debug)]
pub enum SearchItem {
    Session(Arc<session::Model>),
    Speaker(Arc<speaker::Model>),
    Room(Arc<room::Model>),
    Place(Arc<place::Model>),
    GlossaryEntry(Arc<glossary_entry::Model>),
    Document(Arc<DocumentWithVariants>),
    Announcement(Arc<announcement::Model>),
}

pub type ConferenceIndex = SearchIndex<SearchItem>;

/// Collects an item's texts, every language of every field.
#[derive(Default)]
struct Fields(Vec<FieldText>);

impl Fields {
    fn all(mut self, field: SearchField, texts: &Translations) -> Self {
        for (lang, text) in &texts.0 {
            if !text.trim().is_empty() {
                self.0.push(FieldText { field, lang: lang.clone(), text: text.clone() });
            }
        }
        self
    }

    fn opt(self, field: SearchField, texts: &Option<Translations>) -> Self {
        match texts {
            Some(texts) => self.all(field, texts),
            None => self,
        }
    }

    fn one(mut self, field: SearchField, lang: &str, text: &str) -> Self {
        if !text.trim().is_empty() {
            self.0.push(FieldText { field, lang: lang.to_owned(), text: text.to_owned() });
        }
        self
    }
}

/// A pronunciation hint is written in syllables ("ab-DUL-lah"): its words are also kept
/// joined, so "abdullah" finds it.
fn joined_syllables(texts: &Translations) -> Translations {
    Translations(
        texts
            .0
            .iter()
            .filter(|(_, text)| text.contains(['-', '‐', '·']))
            .map(|(lang, text)| (lang.clone(), text.replace(['-', '‐', '·'], "")))
            .collect(),
    )
}

/// Builds the index of one conference, items in the order they are listed elsewhere:
/// sessions in programme order, then speakers, rooms, places, glossary, documents,
/// announcements (ties in rank keep this order).
pub(super) async fn build(
    rows: &ProgrammeRows,
    db: &DatabaseConnection,
    conference: i64,
) -> AppResult<ConferenceIndex> {
    let mut entries = Vec::new();
    // A name or term in no language of its own is tagged by its script, as speakers' names are.
    let Some(model) = rows.conferences().await?.iter().find(|c| c.id == conference).cloned() else {
        return Ok(SearchIndex::build(entries));
    };
    let languages: Vec<String> = model.languages.0.iter().map(|l| l.tag.clone()).collect();
    let tag = |written: &str| script::name_language(written, &model.default_language, &languages);

    let sessions = rows.sessions().await?.by_conference.get(&conference).cloned().unwrap_or_default();
    let (all_speakers, participation) = (rows.speakers().await?, rows.participation().await?);
    for session in sessions {
        let mut fields = Fields::default()
            .all(SearchField::Title, &session.title)
            .opt(SearchField::Summary, &session.summary)
            .opt(SearchField::PlainSummary, &session.plain_summary);
        // "Sessions with Khatib": a session is found by its speakers' names too.
        for link in participation.by_session.get(&session.id).into_iter().flat_map(|links| links.iter()) {
            if let Some(speaker) = all_speakers.get(&link.speaker_id) {
                fields = fields.one(SearchField::SpeakerName, &speaker.name_lang, &speaker.name).one(
                    SearchField::SpeakerName,
                    &tag(&speaker.transliteration),
                    &speaker.transliteration,
                );
            }
        }
        entries.push(Entry { item: SearchItem::Session(session), kind: SearchKind::Session, fields: fields.0 });
    }

    let mut speakers: Vec<&Arc<speaker::Model>> =
        rows.speakers().await?.values().filter(|s| s.conference_id == conference).collect();
    speakers.sort_by(|a, b| (&a.transliteration, a.id).cmp(&(&b.transliteration, b.id)));
    for speaker in speakers {
        let mut fields = Fields::default()
            .one(SearchField::Name, &speaker.name_lang, &speaker.name)
            .one(SearchField::Transliteration, &tag(&speaker.transliteration), &speaker.transliteration)
            .opt(SearchField::Pronunciation, &speaker.pronunciation_hint);
        if let Some(hint) = &speaker.pronunciation_hint {
            fields = fields.all(SearchField::Pronunciation, &joined_syllables(hint));
        }
        let fields =
            fields.opt(SearchField::Affiliation, &speaker.affiliation).opt(SearchField::JobTitle, &speaker.job_title);
        entries.push(Entry { item: SearchItem::Speaker(speaker.clone()), kind: SearchKind::Speaker, fields: fields.0 });
    }

    let venues: Vec<i64> =
        rows.venues().await?.iter().filter(|v| v.conference_id == conference).map(|v| v.id).collect();
    let mut rooms: Vec<&Arc<room::Model>> =
        rows.rooms().await?.values().filter(|r| venues.contains(&r.venue_id)).collect();
    rooms.sort_by_key(|r| (r.floor, r.id));
    for room in rooms {
        let fields = Fields::default().all(SearchField::Name, &room.name).opt(SearchField::Layout, &room.layout);
        entries.push(Entry { item: SearchItem::Room(room.clone()), kind: SearchKind::Room, fields: fields.0 });
    }
    let mut places: Vec<&Arc<place::Model>> =
        rows.places().await?.values().filter(|p| venues.contains(&p.venue_id)).collect();
    places.sort_by_key(|p| (p.floor, p.id));
    for place in places {
        let fields =
            Fields::default().all(SearchField::Name, &place.name).all(SearchField::Description, &place.description);
        entries.push(Entry {
            item: SearchItem::Place(place.clone()),
            kind: SearchKind::PointOfInterest,
            fields: fields.0,
        });
    }

    let glossary = glossary_entry::Entity::find()
        .filter(glossary_entry::Column::ConferenceId.eq(conference))
        .order_by_asc(glossary_entry::Column::Term)
        .all(db)
        .await?;
    for entry in glossary {
        let fields = Fields::default()
            .one(SearchField::Term, &tag(&entry.term), &entry.term)
            .all(SearchField::Expansion, &entry.expansion)
            .opt(SearchField::SpokenAs, &entry.spoken_as)
            .opt(SearchField::Definition, &entry.definition);
        entries.push(Entry {
            item: SearchItem::GlossaryEntry(Arc::new(entry)),
            kind: SearchKind::GlossaryEntry,
            fields: fields.0,
        });
    }

    let documents = by_session::documents().filter(document::Column::ConferenceId.eq(conference)).all(db).await?;
    for (document, variants) in documents {
        let fields = Fields::default()
            .all(SearchField::Title, &document.title)
            .opt(SearchField::Description, &document.description);
        entries.push(Entry {
            item: SearchItem::Document(Arc::new(DocumentWithVariants { document, variants })),
            kind: SearchKind::Document,
            fields: fields.0,
        });
    }

    let announcements = announcement::Entity::find()
        .filter(announcement::Column::ConferenceId.eq(conference))
        .order_by_desc(announcement::Column::PublishedAt)
        .order_by_desc(announcement::Column::Id)
        .all(db)
        .await?;
    for announcement in announcements {
        let fields = Fields::default()
            .all(SearchField::Title, &announcement.title)
            .all(SearchField::WhatChanged, &announcement.what_changed)
            .all(SearchField::WhatToDo, &announcement.what_to_do);
        entries.push(Entry {
            item: SearchItem::Announcement(Arc::new(announcement)),
            kind: SearchKind::Announcement,
            fields: fields.0,
        });
    }

    Ok(SearchIndex::build(entries))
}
