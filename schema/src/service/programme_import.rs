//! Sanad's own programme document (JSON) and its import: the demo conference is one, and
//! `sanad import` reads them. The whole document is checked before anything is written, and
//! written in one transaction: a bad document leaves the database as it was.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Deserialize;

use crate::entities::enums::{Dir, DocumentFormat, Fact, LanguageRole, PlaceKind, SessionKind, Severity, SpeakerRole};
use crate::entities::texts::{ConferenceLanguage, ConferenceLanguages, Translations};
use crate::entities::{
    announcement, conference, document, document_variant, glossary_entry, language, place, room, route, session,
    session_language, session_speaker, speaker, track,
};
use crate::error::AppError;
use crate::service::conference as conference_service;
use crate::service::editing::{self, Edit, texts::TextInput};
use crate::service::language::parse_tag;
use crate::service::live::ProgrammeChange;
use crate::service::write::begin_write;

type T = Translations;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgrammeDocument {
    pub languages: Vec<LanguageDoc>,
    pub conference: ConferenceDoc,
    pub venue: VenueDoc,
    #[serde(default)]
    pub tracks: Vec<TrackDoc>,
    #[serde(default)]
    pub speakers: Vec<SpeakerDoc>,
    #[serde(default)]
    pub glossary: Vec<GlossaryDoc>,
    pub sessions: Vec<SessionDoc>,
    #[serde(default)]
    pub announcements: Vec<AnnouncementDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LanguageDoc {
    pub tag: String,
    pub native_name: String,
    pub dir: Dir,
    pub sign: bool,
    pub name: T,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConferenceDoc {
    pub slug: String,
    pub time_zone: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub default_language: String,
    pub languages: Vec<ConferenceLanguage>,
    pub name: T,
    pub tagline: T,
    pub description: T,
    pub city: T,
    pub organiser: T,
    pub sample_notice: Option<T>,
    pub website: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VenueDoc {
    pub name: T,
    pub address: T,
    pub description: T,
    pub arrival: T,
    pub map: Option<MapDoc>,
    #[serde(default)]
    pub places: Vec<PlaceDoc>,
    pub rooms: Vec<RoomDoc>,
    #[serde(default)]
    pub routes: Vec<RouteDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MapDoc {
    pub url: String,
    pub alt: T,
    pub long_description: T,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlaceDoc {
    pub key: String,
    pub kind: PlaceKind,
    pub floor: i32,
    pub name: T,
    pub description: T,
    pub step_free: Fact,
    pub opening_hours: Option<T>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoomDoc {
    pub key: String,
    pub name: T,
    pub floor: i32,
    pub capacity: Option<i32>,
    pub wheelchair_spaces: Option<i32>,
    pub step_free: Fact,
    pub hearing_loop: Fact,
    pub stage_access: Fact,
    pub layout: Option<T>,
    pub nearest_accessible_toilet: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteDoc {
    pub from: String,
    pub to: String,
    pub step_free: Fact,
    pub distance_metres: Option<i32>,
    pub walking_minutes: Option<i32>,
    pub steps: Vec<T>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrackDoc {
    pub key: String,
    pub name: T,
    pub description: Option<T>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PhotoDoc {
    pub url: String,
    pub alt: Option<T>,
    #[serde(default)]
    pub decorative: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SpeakerDoc {
    pub key: String,
    pub name: String,
    pub name_lang: String,
    pub transliteration: String,
    pub ipa: Option<String>,
    pub pronunciation_hint: Option<T>,
    pub honorific: Option<T>,
    pub affiliation: Option<T>,
    pub job_title: Option<T>,
    pub bio: Option<T>,
    pub photo: Option<PhotoDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GlossaryDoc {
    pub term: String,
    pub expansion: T,
    pub spoken_as: Option<T>,
    pub ipa: Option<String>,
    pub definition: Option<T>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InterpretationDoc {
    pub lang: String,
    pub channel: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionSpeakerDoc {
    pub speaker: String,
    pub role: SpeakerRole,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VariantDoc {
    pub format: DocumentFormat,
    pub lang: String,
    pub url: String,
    pub size_bytes: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentDoc {
    pub key: String,
    pub title: T,
    pub description: Option<T>,
    pub variants: Vec<VariantDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionDoc {
    pub key: String,
    pub kind: SessionKind,
    pub track: Option<String>,
    pub room: Option<String>,
    /// Local time in the conference's zone ("2019-09-10T09:00") or RFC 3339 with offset.
    pub start: String,
    pub end: String,
    pub title: T,
    pub summary: Option<T>,
    pub plain_summary: Option<T>,
    pub content_note: Option<T>,
    #[serde(default)]
    pub floor_languages: Vec<String>,
    #[serde(default)]
    pub interpretation: Vec<InterpretationDoc>,
    #[serde(default)]
    pub sign_languages: Vec<String>,
    pub captions: Fact,
    pub captions_url: Option<String>,
    #[serde(default)]
    pub speakers: Vec<SessionSpeakerDoc>,
    #[serde(default)]
    pub documents: Vec<DocumentDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnnouncementDoc {
    pub key: String,
    pub severity: Severity,
    pub title: T,
    pub what_changed: T,
    pub what_to_do: T,
    pub published_at: String,
    pub session: Option<String>,
}

/// Why a document cannot be imported: every problem found, each with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblems(pub Vec<String>);

impl std::fmt::Display for ImportProblems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} problem(s): {}", self.0.len(), self.0.join("; "))
    }
}

/// How an import went.
#[derive(Debug)]
pub enum ImportError {
    /// The document is wrong; nothing was written.
    Invalid(ImportProblems),
    /// The database failed; the transaction was rolled back.
    Database(sea_orm::DbErr),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Invalid(problems) => problems.fmt(f),
            Self::Database(err) => write!(f, "database error: {err}"),
        }
    }
}

impl From<sea_orm::DbErr> for ImportError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Database(err)
    }
}

/// Parses a programme document from JSON.
pub fn parse(json: &str) -> Result<ProgrammeDocument, ImportProblems> {
    serde_json::from_str(json).map_err(|e| ImportProblems(vec![format!("not a Sanad programme document: {e}")]))
}

/// Checks a document as a whole. Returns the conference zone when it is sound.
pub fn validate(doc: &ProgrammeDocument) -> Result<Tz, ImportProblems> {
    Checker::default().run(doc)
}

#[derive(Default)]
struct Checker {
    problems: Vec<String>,
}

impl Checker {
    fn problem(&mut self, at: impl std::fmt::Display, message: impl std::fmt::Display) {
        self.problems.push(format!("{at}: {message}"));
    }

    fn text(&mut self, at: impl std::fmt::Display, texts: &T) {
        if texts.is_blank() {
            self.problem(&at, "text is empty in every language");
        }
        for lang in texts.langs() {
            if parse_tag(lang).is_err() {
                self.problem(&at, format!("'{lang}' is not a language tag"));
            }
        }
    }

    fn opt_text(&mut self, at: impl std::fmt::Display, texts: &Option<T>) {
        if let Some(texts) = texts {
            self.text(at, texts);
        }
    }

    fn tag(&mut self, at: impl std::fmt::Display, tag: &str) {
        if let Err(message) = parse_tag(tag) {
            self.problem(at, message);
        }
    }

    fn unique<'a>(&mut self, what: &str, keys: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
        let mut seen = HashSet::new();
        for key in keys {
            if key.trim().is_empty() || key.len() > 64 {
                self.problem(what, format!("key '{key}' must be 1 to 64 characters"));
            }
            if !seen.insert(key) {
                self.problem(what, format!("key '{key}' is used twice"));
            }
        }
        seen
    }

    fn run(mut self, doc: &ProgrammeDocument) -> Result<Tz, ImportProblems> {
        let c = &doc.conference;
        let zone: Option<Tz> = c.time_zone.parse().ok();
        if zone.is_none() {
            self.problem("conference.timeZone", format!("'{}' is not an IANA time zone", c.time_zone));
        }
        if c.end_date < c.start_date {
            self.problem("conference.endDate", "is before startDate");
        }
        if c.slug.is_empty() || c.slug.len() > 64 || !c.slug.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-') {
            self.problem("conference.slug", "must be 1 to 64 letters, digits or hyphens");
        }
        for (field, texts) in [
            ("name", &c.name),
            ("tagline", &c.tagline),
            ("description", &c.description),
            ("city", &c.city),
            ("organiser", &c.organiser),
        ] {
            self.text(format!("conference.{field}"), texts);
        }
        self.opt_text("conference.sampleNotice", &c.sample_notice);
        if c.languages.is_empty() {
            self.problem("conference.languages", "names no language");
        }
        for (i, lang) in doc.languages.iter().enumerate() {
            self.tag(format!("languages[{i}].tag"), &lang.tag);
            self.text(format!("languages[{i}].name"), &lang.name);
        }
        let known_langs: HashSet<&str> = doc.languages.iter().map(|l| l.tag.as_str()).collect();
        for (i, lang) in c.languages.iter().enumerate() {
            if !known_langs.contains(lang.tag.as_str()) {
                self.problem(format!("conference.languages[{i}]"), format!("'{}' is not in languages", lang.tag));
            }
        }
        if !c.languages.iter().any(|l| l.tag == c.default_language) {
            self.problem("conference.defaultLanguage", "is not one of the conference languages");
        }

        let v = &doc.venue;
        for (field, texts) in
            [("name", &v.name), ("address", &v.address), ("description", &v.description), ("arrival", &v.arrival)]
        {
            self.text(format!("venue.{field}"), texts);
        }
        if let Some(map) = &v.map {
            self.text("venue.map.alt", &map.alt);
            self.text("venue.map.longDescription", &map.long_description);
        }
        let place_keys = self.unique("venue.places", v.places.iter().map(|p| p.key.as_str()));
        let room_keys = self.unique("venue.rooms", v.rooms.iter().map(|r| r.key.as_str()));
        for key in place_keys.intersection(&room_keys) {
            self.problem("venue", format!("'{key}' names both a place and a room"));
        }
        for p in &v.places {
            self.text(format!("place {}.name", p.key), &p.name);
            self.text(format!("place {}.description", p.key), &p.description);
            self.opt_text(format!("place {}.openingHours", p.key), &p.opening_hours);
        }
        let toilets: HashSet<&str> =
            v.places.iter().filter(|p| p.kind == PlaceKind::AccessibleToilet).map(|p| p.key.as_str()).collect();
        for r in &v.rooms {
            self.text(format!("room {}.name", r.key), &r.name);
            self.opt_text(format!("room {}.layout", r.key), &r.layout);
            if r.capacity.is_some_and(|n| n < 0) || r.wheelchair_spaces.is_some_and(|n| n < 0) {
                self.problem(format!("room {}", r.key), "capacity and wheelchair spaces cannot be negative");
            }
            if let Some(toilet) = &r.nearest_accessible_toilet
                && !toilets.contains(toilet.as_str())
            {
                self.problem(
                    format!("room {}.nearestAccessibleToilet", r.key),
                    format!("'{toilet}' is not an accessible toilet"),
                );
            }
        }
        for (i, route) in v.routes.iter().enumerate() {
            for end in [&route.from, &route.to] {
                if !place_keys.contains(end.as_str()) && !room_keys.contains(end.as_str()) {
                    self.problem(format!("venue.routes[{i}]"), format!("'{end}' is neither a place nor a room"));
                }
            }
            if route.steps.is_empty() {
                self.problem(format!("venue.routes[{i}].steps"), "a route needs at least one step");
            }
            for (j, step) in route.steps.iter().enumerate() {
                self.text(format!("venue.routes[{i}].steps[{j}]"), step);
            }
        }

        let track_keys = self.unique("tracks", doc.tracks.iter().map(|t| t.key.as_str()));
        for t in &doc.tracks {
            self.text(format!("track {}.name", t.key), &t.name);
            self.opt_text(format!("track {}.description", t.key), &t.description);
        }
        let speaker_keys = self.unique("speakers", doc.speakers.iter().map(|s| s.key.as_str()));
        for s in &doc.speakers {
            let at = format!("speaker {}", s.key);
            if s.name.trim().is_empty() || s.transliteration.trim().is_empty() {
                self.problem(&at, "name and transliteration are required");
            }
            self.tag(format!("{at}.nameLang"), &s.name_lang);
            for (field, texts) in [
                ("pronunciationHint", &s.pronunciation_hint),
                ("honorific", &s.honorific),
                ("affiliation", &s.affiliation),
                ("jobTitle", &s.job_title),
                ("bio", &s.bio),
            ] {
                self.opt_text(format!("{at}.{field}"), texts);
            }
            if let Some(photo) = &s.photo {
                match (&photo.alt, photo.decorative) {
                    (Some(alt), false) => self.text(format!("{at}.photo.alt"), alt),
                    (None, true) => {}
                    _ => self
                        .problem(format!("{at}.photo"), "an image has alt text or is decorative, not both or neither"),
                }
            }
        }
        self.unique("glossary", doc.glossary.iter().map(|g| g.term.as_str()));
        for g in &doc.glossary {
            self.text(format!("glossary {}.expansion", g.term), &g.expansion);
            self.opt_text(format!("glossary {}.spokenAs", g.term), &g.spoken_as);
            self.opt_text(format!("glossary {}.definition", g.term), &g.definition);
        }

        let session_keys = self.unique("sessions", doc.sessions.iter().map(|s| s.key.as_str()));
        let mut document_keys = HashSet::new();
        for s in &doc.sessions {
            let at = format!("session {}", s.key);
            self.text(format!("{at}.title"), &s.title);
            for (field, texts) in
                [("summary", &s.summary), ("plainSummary", &s.plain_summary), ("contentNote", &s.content_note)]
            {
                self.opt_text(format!("{at}.{field}"), texts);
            }
            if let Some(zone) = zone {
                match (local_instant(&s.start, zone), local_instant(&s.end, zone)) {
                    (Ok(start), Ok(end)) => {
                        if end <= start {
                            self.problem(&at, "ends before it starts");
                        }
                        let day = start.with_timezone(&zone).date_naive();
                        if day < c.start_date || day > c.end_date {
                            self.problem(&at, format!("starts on {day}, outside the conference days"));
                        }
                    }
                    (Err(e), _) | (_, Err(e)) => self.problem(&at, e),
                }
            }
            if let Some(room) = &s.room
                && !room_keys.contains(room.as_str())
            {
                self.problem(format!("{at}.room"), format!("'{room}' is not a room"));
            }
            if let Some(track) = &s.track
                && !track_keys.contains(track.as_str())
            {
                self.problem(format!("{at}.track"), format!("'{track}' is not a track"));
            }
            let session_langs =
                s.floor_languages.iter().chain(&s.sign_languages).chain(s.interpretation.iter().map(|i| &i.lang));
            for lang in session_langs {
                if !known_langs.contains(lang.as_str()) {
                    self.problem(format!("{at}.languages"), format!("'{lang}' is not in languages"));
                }
            }
            for sp in &s.speakers {
                if !speaker_keys.contains(sp.speaker.as_str()) {
                    self.problem(format!("{at}.speakers"), format!("'{}' is not a speaker", sp.speaker));
                }
            }
            for d in &s.documents {
                if !document_keys.insert(d.key.as_str()) {
                    self.problem(format!("{at}.documents"), format!("document key '{}' is used twice", d.key));
                }
                self.text(format!("document {}.title", d.key), &d.title);
                self.opt_text(format!("document {}.description", d.key), &d.description);
                if d.variants.is_empty() {
                    self.problem(format!("document {}", d.key), "has no file");
                }
                for variant in &d.variants {
                    self.tag(format!("document {}.variants.lang", d.key), &variant.lang);
                }
            }
        }
        self.unique("announcements", doc.announcements.iter().map(|a| a.key.as_str()));
        for a in &doc.announcements {
            let at = format!("announcement {}", a.key);
            for (field, texts) in [("title", &a.title), ("whatChanged", &a.what_changed), ("whatToDo", &a.what_to_do)] {
                self.text(format!("{at}.{field}"), texts);
            }
            if let Some(zone) = zone
                && let Err(e) = local_instant(&a.published_at, zone)
            {
                self.problem(format!("{at}.publishedAt"), e);
            }
            if let Some(session) = &a.session
                && !session_keys.contains(session.as_str())
            {
                self.problem(format!("{at}.session"), format!("'{session}' is not a session"));
            }
        }
        match (zone, self.problems.is_empty()) {
            (Some(zone), true) => Ok(zone),
            _ => Err(ImportProblems(self.problems)),
        }
    }
}

/// Reads "2019-09-10T09:00" as a local time in `zone`, or an RFC 3339 instant with offset.
pub fn local_instant(text: &str, zone: Tz) -> Result<DateTime<Utc>, String> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| format!("'{text}' is not a time such as 2019-09-10T09:00"))?;
    zone.from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| format!("'{text}' does not exist or is ambiguous in {zone} (a clock change)"))
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub conference_id: i64,
    /// The conference was created by this import.
    pub created: bool,
    /// The document's sessions.
    pub sessions: usize,
    /// What changed, for a running server's listeners (empty when the document said nothing
    /// new: then nothing was written and the programme version stayed).
    pub published: Vec<ProgrammeChange>,
    /// The programme version after the import.
    pub version: i64,
    /// What the document says that was not taken, in words.
    pub notes: Vec<String>,
}

/// Imports a document now (see [`import_at`]).
pub async fn import(db: &DatabaseConnection, doc: &ProgrammeDocument) -> Result<Imported, ImportError> {
    import_at(db, doc, Utc::now(), false).await
}

/// Checks a whole document, then applies it in one edit through the same editing services as
/// organisers' mutations, so the same rules hold (texts in every required language, rooms not
/// booked twice, a toilet that is one): creating the conference when absent, and otherwise
/// updating in place by key what the document lists. A session moved in the document is moved
/// as an organiser moves it (recorded, told, accommodation items at risk). What the document
/// does not list is left alone, so a document can also complete a programme imported from
/// pretalx or frab (an overlay of access facts, interpretation, translations), and survives
/// re-syncs of it. A document that says nothing new writes nothing; one that fails anywhere
/// writes nothing either. A dry run does it all, then rolls it back, and says what it would
/// have changed.
pub async fn import_at(
    db: &DatabaseConnection,
    doc: &ProgrammeDocument,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<Imported, ImportError> {
    let zone = validate(doc).map_err(ImportError::Invalid)?;
    let txn = begin_write(db).await?;
    for lang in &doc.languages {
        let existing = language::Entity::find_by_id(lang.tag.clone()).one(&txn).await?;
        if existing.is_none() {
            language::ActiveModel {
                tag: Set(lang.tag.clone()),
                native_name: Set(lang.native_name.clone()),
                name: Set(lang.name.clone()),
                dir: Set(lang.dir),
                is_sign: Set(lang.sign),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
    }
    let c = &doc.conference;
    let found = conference::Entity::find().filter(conference::Column::Slug.eq(c.slug.as_str())).one(&txn).await?;
    let (conference_id, created) = match found {
        Some(existing) => {
            let mut problems = Vec::new();
            if existing.time_zone != c.time_zone {
                problems.push(format!(
                    "conference.timeZone: {} is fixed since the conference was created in {}",
                    c.time_zone, existing.time_zone
                ));
            }
            if (existing.start_date, existing.end_date) != (c.start_date, c.end_date) {
                problems.push(format!(
                    "conference: its days ({} to {}) are fixed since it was created with {} to {}",
                    c.start_date, c.end_date, existing.start_date, existing.end_date
                ));
            }
            if !problems.is_empty() {
                return Err(ImportError::Invalid(ImportProblems(problems)));
            }
            (existing.id, false)
        }
        None => {
            let required: Vec<String> = c.languages.iter().filter(|l| l.required).map(|l| l.tag.clone()).collect();
            let draft = conference_service::Draft {
                slug: c.slug.clone(),
                name: inputs(&c.name),
                time_zone: c.time_zone.clone(),
                start: c.start_date,
                end: c.end_date,
                languages: c.languages.iter().map(|l| l.tag.clone()).collect(),
                default_language: Some(c.default_language.clone()),
                required_languages: Some(required),
                venue_name: Some(inputs(&doc.venue.name)),
            };
            let checked = conference_service::check(draft, now).map_err(|e| invalid("conference", e))?;
            let row = conference_service::create_in(&txn, checked, now).await.map_err(|e| invalid("conference", e))?;
            (row.id, true)
        }
    };
    // Texts may lack a required language, as from any source: `sanad check` lists the gaps.
    let mut edit = Edit::begin_import_in(txn, conference_id, now).await.map_err(|e| invalid("conference", e))?;
    let mut notes = Vec::new();
    apply(&mut edit, doc, zone, &mut notes).await?;
    let version = edit.version();
    if dry_run {
        let published = edit.changes().to_vec();
        edit.abandon().await.map_err(database)?;
        return Ok(Imported { conference_id, created, sessions: doc.sessions.len(), published, version, notes });
    }
    if edit.is_unchanged() && !created {
        edit.abandon().await.map_err(database)?;
        let version = version - 1;
        return Ok(Imported {
            conference_id,
            created,
            sessions: doc.sessions.len(),
            published: Vec::new(),
            version,
            notes,
        });
    }
    let published = edit.commit_all().await.map_err(database)?;
    Ok(Imported { conference_id, created, sessions: doc.sessions.len(), published, version, notes })
}

fn database(error: AppError) -> ImportError {
    ImportError::Database(sea_orm::DbErr::Custom(error.message()))
}

/// A service's refusal, placed in the document.
fn invalid(what: &str, error: AppError) -> ImportError {
    match error {
        AppError::BadUserInput { field, message } => {
            ImportError::Invalid(ImportProblems(vec![format!("{what}: {field}: {message}")]))
        }
        AppError::Conflict { .. } | AppError::NotFound { .. } => {
            ImportError::Invalid(ImportProblems(vec![format!("{what}: {}", error.message())]))
        }
        other => ImportError::Database(sea_orm::DbErr::Custom(other.message())),
    }
}

fn inputs(texts: &T) -> Vec<TextInput> {
    editing::texts::inputs(texts)
}

fn opt_inputs(texts: &Option<T>) -> Option<Vec<TextInput>> {
    texts.as_ref().map(inputs)
}

/// A stored text that may be empty (not yet written), as a draft says it.
fn filled(texts: &T) -> Option<Vec<TextInput>> {
    if texts.0.is_empty() { None } else { Some(inputs(texts)) }
}

/// Applies a checked document inside the edit, entity by entity, each by its key.
async fn apply(edit: &mut Edit, doc: &ProgrammeDocument, zone: Tz, notes: &mut Vec<String>) -> Result<(), ImportError> {
    let c = &doc.conference;
    let current = edit.conference.clone();
    let conference_draft = editing::conference::Draft {
        name: inputs(&c.name),
        tagline: Some(inputs(&c.tagline)),
        description: Some(inputs(&c.description)),
        city: Some(inputs(&c.city)),
        organiser: Some(inputs(&c.organiser)),
        sample_notice: opt_inputs(&c.sample_notice),
        website: c.website.clone(),
    };
    let languages = ConferenceLanguages(c.languages.clone());
    if current.languages != languages || current.default_language != c.default_language {
        let draft = editing::conference::Languages {
            languages: c.languages.iter().map(|l| l.tag.clone()).collect(),
            default_language: Some(c.default_language.clone()),
            required_languages: Some(c.languages.iter().filter(|l| l.required).map(|l| l.tag.clone()).collect()),
        };
        editing::conference::set_languages_in(edit, draft).await.map_err(|e| invalid("conference.languages", e))?;
    }
    let stored = editing::conference::Draft {
        name: inputs(&current.name),
        tagline: filled(&current.tagline),
        description: filled(&current.description),
        city: filled(&current.city),
        organiser: filled(&current.organiser),
        sample_notice: opt_inputs(&current.sample_notice),
        website: current.website.clone(),
    };
    if stored != conference_draft {
        editing::conference::update_in(edit, conference_draft).await.map_err(|e| invalid("conference", e))?;
    }

    // The venue, its points of interest, rooms and routes.
    let v = &doc.venue;
    let venue_row = editing::venue::of_conference(edit).await.map_err(|e| invalid("venue", e))?;
    let venue_draft = editing::venue::Draft {
        name: inputs(&v.name),
        address: Some(inputs(&v.address)),
        description: Some(inputs(&v.description)),
        arrival: Some(inputs(&v.arrival)),
        map: v.map.as_ref().map(|m| editing::venue::MapDraft {
            url: m.url.clone(),
            alt: inputs(&m.alt),
            long_description: Some(inputs(&m.long_description)),
        }),
    };
    let stored = editing::venue::Draft {
        name: inputs(&venue_row.name),
        address: filled(&venue_row.address),
        description: filled(&venue_row.description),
        arrival: filled(&venue_row.arrival),
        map: venue_row.map_url.as_ref().map(|url| editing::venue::MapDraft {
            url: url.clone(),
            alt: venue_row.map_alt.as_ref().map(inputs).unwrap_or_default(),
            long_description: opt_inputs(&venue_row.map_long_description),
        }),
    };
    if stored != venue_draft {
        editing::venue::update_in(edit, venue_draft).await.map_err(|e| invalid("venue", e))?;
    }

    let mut places: HashMap<String, i64> = place::Entity::find()
        .filter(place::Column::VenueId.eq(venue_row.id))
        .all(&edit.txn)
        .await?
        .into_iter()
        .map(|p| (p.slug.clone(), p.id))
        .collect();
    let stored_places: HashMap<i64, place::Model> = place::Entity::find()
        .filter(place::Column::VenueId.eq(venue_row.id))
        .all(&edit.txn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    for p in &v.places {
        let at = format!("place {}", p.key);
        let draft = editing::place::Draft {
            kind: p.kind,
            floor: p.floor,
            name: inputs(&p.name),
            description: Some(inputs(&p.description)),
            step_free: p.step_free,
            opening_hours: opt_inputs(&p.opening_hours),
        };
        match places.get(&p.key).and_then(|id| stored_places.get(id)) {
            Some(row) => {
                let stored = editing::place::Draft {
                    kind: row.kind,
                    floor: row.floor,
                    name: inputs(&row.name),
                    description: filled(&row.description),
                    step_free: row.step_free,
                    opening_hours: opt_inputs(&row.opening_hours),
                };
                if stored != draft {
                    editing::place::update_in(edit, row.id, draft).await.map_err(|e| invalid(&at, e))?;
                }
            }
            None => {
                let row = editing::place::create_in(edit, &p.key, draft).await.map_err(|e| invalid(&at, e))?;
                places.insert(p.key.clone(), row.id);
            }
        }
    }

    let existing_rooms = room::Entity::find().filter(room::Column::VenueId.eq(venue_row.id)).all(&edit.txn).await?;
    let mut rooms: HashMap<String, i64> = existing_rooms.iter().map(|r| (r.slug.clone(), r.id)).collect();
    for r in &v.rooms {
        let at = format!("room {}", r.key);
        let draft = editing::room::Draft {
            name: inputs(&r.name),
            floor: r.floor,
            capacity: r.capacity,
            wheelchair_spaces: r.wheelchair_spaces,
            step_free: r.step_free,
            hearing_loop: r.hearing_loop,
            stage_access: r.stage_access,
            layout: opt_inputs(&r.layout),
            nearest_accessible_toilet_id: r.nearest_accessible_toilet.as_ref().and_then(|k| places.get(k).copied()),
        };
        match existing_rooms.iter().find(|row| row.slug == r.key) {
            Some(row) => {
                let stored = editing::room::Draft {
                    name: inputs(&row.name),
                    floor: row.floor,
                    capacity: row.capacity,
                    wheelchair_spaces: row.wheelchair_spaces,
                    step_free: row.step_free,
                    hearing_loop: row.hearing_loop,
                    stage_access: row.stage_access,
                    layout: opt_inputs(&row.layout),
                    nearest_accessible_toilet_id: row.nearest_accessible_toilet_id,
                };
                if stored != draft {
                    editing::room::update_in(edit, row.id, draft).await.map_err(|e| invalid(&at, e))?;
                }
            }
            None => {
                let row = editing::room::create_in(edit, &r.key, draft).await.map_err(|e| invalid(&at, e))?;
                rooms.insert(r.key.clone(), row.id);
            }
        }
    }

    let end_of = |key: &str| -> Option<editing::route::End> {
        rooms
            .get(key)
            .map(|id| editing::route::End::Room(*id))
            .or_else(|| places.get(key).map(|id| editing::route::End::Place(*id)))
    };
    let existing_routes = route::Entity::find().filter(route::Column::VenueId.eq(venue_row.id)).all(&edit.txn).await?;
    let ends_of = |row: &route::Model| -> Option<(editing::route::End, editing::route::End)> {
        let from =
            row.from_room_id.map(editing::route::End::Room).or(row.from_place_id.map(editing::route::End::Place))?;
        let to = row.to_room_id.map(editing::route::End::Room).or(row.to_place_id.map(editing::route::End::Place))?;
        Some((from, to))
    };
    for (i, r) in v.routes.iter().enumerate() {
        let at = format!("venue.routes[{i}] ({} to {})", r.from, r.to);
        // Checked above: both ends are rooms or places of the document.
        let (Some(from), Some(to)) = (end_of(&r.from), end_of(&r.to)) else { continue };
        let draft = editing::route::Draft {
            from,
            to,
            step_free: r.step_free,
            distance_metres: r.distance_metres,
            walking_minutes: r.walking_minutes,
            steps: r.steps.iter().map(inputs).collect(),
        };
        match existing_routes.iter().find(|row| ends_of(row) == Some((from, to))) {
            Some(row) => {
                let stored = editing::route::Draft {
                    from,
                    to,
                    step_free: row.step_free,
                    distance_metres: row.distance_metres,
                    walking_minutes: row.walking_minutes,
                    steps: row.steps.0.iter().map(inputs).collect(),
                };
                if stored != draft {
                    editing::route::update_in(edit, row.id, draft).await.map_err(|e| invalid(&at, e))?;
                }
            }
            None => {
                editing::route::create_in(edit, draft).await.map_err(|e| invalid(&at, e))?;
            }
        }
    }

    // Tracks, speakers and the glossary.
    let existing_tracks =
        track::Entity::find().filter(track::Column::ConferenceId.eq(edit.conference.id)).all(&edit.txn).await?;
    let mut tracks: HashMap<String, i64> = existing_tracks.iter().map(|t| (t.slug.clone(), t.id)).collect();
    for t in &doc.tracks {
        let at = format!("track {}", t.key);
        let draft = editing::track::Draft { name: inputs(&t.name), description: opt_inputs(&t.description) };
        match existing_tracks.iter().find(|row| row.slug == t.key) {
            Some(row) => {
                let stored =
                    editing::track::Draft { name: inputs(&row.name), description: opt_inputs(&row.description) };
                if stored != draft {
                    editing::track::update_in(edit, row.id, draft).await.map_err(|e| invalid(&at, e))?;
                }
            }
            None => {
                let row = editing::track::create_in(edit, &t.key, draft).await.map_err(|e| invalid(&at, e))?;
                tracks.insert(t.key.clone(), row.id);
            }
        }
    }

    let existing_speakers =
        speaker::Entity::find().filter(speaker::Column::ConferenceId.eq(edit.conference.id)).all(&edit.txn).await?;
    let mut speakers: HashMap<String, i64> = existing_speakers.iter().map(|s| (s.slug.clone(), s.id)).collect();
    for s in &doc.speakers {
        let at = format!("speaker {}", s.key);
        let draft = editing::speaker::Draft {
            name: s.name.clone(),
            name_lang: s.name_lang.clone(),
            transliteration: s.transliteration.clone(),
            pronunciation_ipa: s.ipa.clone(),
            pronunciation_hint: opt_inputs(&s.pronunciation_hint),
            honorific: opt_inputs(&s.honorific),
            affiliation: opt_inputs(&s.affiliation),
            job_title: opt_inputs(&s.job_title),
            bio: opt_inputs(&s.bio),
            photo_url: s.photo.as_ref().map(|p| p.url.clone()),
            photo_alt: s.photo.as_ref().and_then(|p| opt_inputs(&p.alt)),
            photo_decorative: s.photo.as_ref().is_some_and(|p| p.decorative),
        };
        match existing_speakers.iter().find(|row| row.slug == s.key) {
            Some(row) => {
                let stored = editing::speaker::Draft {
                    name: row.name.clone(),
                    name_lang: row.name_lang.clone(),
                    transliteration: row.transliteration.clone(),
                    pronunciation_ipa: row.pronunciation_ipa.clone(),
                    pronunciation_hint: opt_inputs(&row.pronunciation_hint),
                    honorific: opt_inputs(&row.honorific),
                    affiliation: opt_inputs(&row.affiliation),
                    job_title: opt_inputs(&row.job_title),
                    bio: opt_inputs(&row.bio),
                    photo_url: row.photo_url.clone(),
                    photo_alt: opt_inputs(&row.photo_alt),
                    photo_decorative: row.photo_decorative,
                };
                if stored != draft {
                    editing::speaker::update_in(edit, row.id, draft).await.map_err(|e| invalid(&at, e))?;
                }
            }
            None => {
                let row = editing::speaker::create_in(edit, &s.key, draft).await.map_err(|e| invalid(&at, e))?;
                speakers.insert(s.key.clone(), row.id);
            }
        }
    }

    let existing_terms = glossary_entry::Entity::find()
        .filter(glossary_entry::Column::ConferenceId.eq(edit.conference.id))
        .all(&edit.txn)
        .await?;
    for g in &doc.glossary {
        let at = format!("glossary {}", g.term);
        let draft = editing::glossary::Draft {
            term: g.term.clone(),
            expansion: inputs(&g.expansion),
            spoken_as: opt_inputs(&g.spoken_as),
            pronunciation_ipa: g.ipa.clone(),
            definition: opt_inputs(&g.definition),
        };
        match existing_terms.iter().find(|row| row.term == g.term) {
            Some(row) => {
                let stored = editing::glossary::Draft {
                    term: row.term.clone(),
                    expansion: inputs(&row.expansion),
                    spoken_as: opt_inputs(&row.spoken_as),
                    pronunciation_ipa: row.pronunciation_ipa.clone(),
                    definition: opt_inputs(&row.definition),
                };
                if stored != draft {
                    editing::glossary::update_in(edit, row.id, draft).await.map_err(|e| invalid(&at, e))?;
                }
            }
            None => {
                editing::glossary::create_in(edit, draft).await.map_err(|e| invalid(&at, e))?;
            }
        }
    }

    // Sessions, with their documents.
    let mut sessions: HashMap<String, i64> = HashMap::new();
    for s in &doc.sessions {
        let at = format!("session {}", s.key);
        // Checked above: both instants parse.
        let (Ok(starts_at), Ok(ends_at)) = (local_instant(&s.start, zone), local_instant(&s.end, zone)) else {
            continue;
        };
        let content = editing::session::Content {
            kind: s.kind,
            title: inputs(&s.title),
            summary: opt_inputs(&s.summary),
            plain_summary: opt_inputs(&s.plain_summary),
            content_note: opt_inputs(&s.content_note),
            track_id: s.track.as_ref().and_then(|k| tracks.get(k).copied()),
            captions: s.captions,
            captions_url: s.captions_url.clone(),
            floor_languages: s.floor_languages.clone(),
            sign_languages: s.sign_languages.clone(),
            interpretation: s
                .interpretation
                .iter()
                .map(|i| (i.channel.clone().unwrap_or_default(), i.lang.clone()))
                .collect(),
            speakers: s.speakers.iter().filter_map(|sp| speakers.get(&sp.speaker).map(|id| (*id, sp.role))).collect(),
        };
        let placement = editing::session::Placement {
            starts_at,
            ends_at,
            room_id: s.room.as_ref().and_then(|k| rooms.get(k).copied()),
        };
        let found = session::Entity::find()
            .filter(session::Column::ConferenceId.eq(edit.conference.id))
            .filter(session::Column::Slug.eq(s.key.as_str()))
            .one(&edit.txn)
            .await?;
        let id = match found {
            None => {
                editing::session::create_in(edit, &s.key, content, placement, false)
                    .await
                    .map_err(|e| invalid(&at, e))?
                    .id
            }
            Some(row) => {
                if stored_content(edit, &row).await? != content {
                    editing::session::update_in(edit, row.id, content).await.map_err(|e| invalid(&at, e))?;
                }
                let was = editing::session::Placement {
                    starts_at: row.starts_at,
                    ends_at: row.ends_at,
                    room_id: row.room_id,
                };
                if was != placement {
                    let to = editing::session::MoveTo {
                        starts_at: Some(placement.starts_at),
                        ends_at: Some(placement.ends_at),
                        room_id: placement.room_id,
                    };
                    editing::session::move_to_in(edit, row.id, to, false).await.map_err(|e| invalid(&at, e))?;
                }
                row.id
            }
        };
        sessions.insert(s.key.clone(), id);
        for d in &s.documents {
            let at = format!("session {} document {}", s.key, d.key);
            let draft = editing::document::Draft {
                title: inputs(&d.title),
                description: opt_inputs(&d.description),
                variants: d
                    .variants
                    .iter()
                    .map(|v| editing::document::Variant {
                        format: v.format,
                        lang: v.lang.clone(),
                        url: v.url.clone(),
                        size_bytes: v.size_bytes,
                    })
                    .collect(),
            };
            let found = document::Entity::find()
                .filter(document::Column::ConferenceId.eq(edit.conference.id))
                .filter(document::Column::Slug.eq(d.key.as_str()))
                .one(&edit.txn)
                .await?;
            match found {
                None => {
                    editing::document::create_in(edit, id, &d.key, draft).await.map_err(|e| invalid(&at, e))?;
                }
                Some(row) => {
                    let variants = document_variant::Entity::find()
                        .filter(document_variant::Column::DocumentId.eq(row.id))
                        .order_by_asc(document_variant::Column::Id)
                        .all(&edit.txn)
                        .await?;
                    let stored = editing::document::Draft {
                        title: inputs(&row.title),
                        description: opt_inputs(&row.description),
                        variants: variants
                            .into_iter()
                            .map(|v| editing::document::Variant {
                                format: v.format,
                                lang: v.lang,
                                url: v.url,
                                size_bytes: v.size_bytes,
                            })
                            .collect(),
                    };
                    if stored != draft {
                        editing::document::update_in(edit, row.id, draft).await.map_err(|e| invalid(&at, e))?;
                    }
                }
            }
        }
    }

    // Announcements are published once; a published one is never rewritten.
    for a in &doc.announcements {
        let at = format!("announcement {}", a.key);
        let found = announcement::Entity::find()
            .filter(announcement::Column::ConferenceId.eq(edit.conference.id))
            .filter(announcement::Column::Slug.eq(a.key.as_str()))
            .one(&edit.txn)
            .await?;
        if found.is_some() {
            continue;
        }
        let Ok(published_at) = local_instant(&a.published_at, zone) else { continue };
        let session_id = match &a.session {
            None => None,
            Some(key) => match sessions.get(key) {
                Some(id) => Some(*id),
                None => {
                    notes.push(format!("{at}: session {key} is not in the document; published without it"));
                    None
                }
            },
        };
        let draft = editing::announcement::Draft {
            severity: a.severity,
            title: inputs(&a.title),
            what_changed: inputs(&a.what_changed),
            what_to_do: inputs(&a.what_to_do),
            session_id,
        };
        editing::announcement::publish_in(edit, Some(&a.key), draft, published_at)
            .await
            .map_err(|e| invalid(&at, e))?;
    }
    Ok(())
}

/// A stored session's content, as a draft says it.
async fn stored_content(edit: &Edit, row: &session::Model) -> Result<editing::session::Content, ImportError> {
    let languages = session_language::Entity::find()
        .filter(session_language::Column::SessionId.eq(row.id))
        .order_by_asc(session_language::Column::Position)
        .all(&edit.txn)
        .await?;
    let speakers = session_speaker::Entity::find()
        .filter(session_speaker::Column::SessionId.eq(row.id))
        .order_by_asc(session_speaker::Column::Position)
        .all(&edit.txn)
        .await?;
    let of = |role: LanguageRole| languages.iter().filter(move |l| l.kind == role);
    Ok(editing::session::Content {
        kind: row.kind,
        title: inputs(&row.title),
        summary: opt_inputs(&row.summary),
        plain_summary: opt_inputs(&row.plain_summary),
        content_note: opt_inputs(&row.content_note),
        track_id: row.track_id,
        captions: row.captions,
        captions_url: row.captions_url.clone(),
        floor_languages: of(LanguageRole::Floor).map(|l| l.lang.clone()).collect(),
        sign_languages: of(LanguageRole::Sign).map(|l| l.lang.clone()).collect(),
        interpretation: of(LanguageRole::Interpretation)
            .map(|l| (l.channel.clone().unwrap_or_default(), l.lang.clone()))
            .collect(),
        speakers: speakers.iter().map(|s| (s.speaker_id, s.role)).collect(),
    })
}
