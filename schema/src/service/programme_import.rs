//! Sanad's own programme document (JSON) and its import: the demo conference is one, and
//! `sanad import` reads them. The whole document is checked before anything is written, and
//! written in one transaction: a bad document leaves the database as it was.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::Deserialize;

use crate::entities::enums::{Dir, DocumentFormat, Fact, LanguageRole, PlaceKind, SessionKind, Severity, SpeakerRole};
use crate::entities::texts::{ConferenceLanguage, Translations};
use crate::entities::venue;
use crate::entities::{
    announcement, conference, document, document_variant, glossary_entry, language, place, room, route, session,
    session_language, session_speaker, speaker, track,
};
use crate::error::AppError;
use crate::service::conference as conference_service;
use crate::service::editing::{self, Edit, texts::TextInput};
use crate::service::keys;
use crate::service::language::parse_tag;
use crate::service::language_catalogue;
use crate::service::live::ProgrammeChange;
use crate::service::write::begin_write;

type T = Translations;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgrammeDocument {
    #[serde(default)]
    pub languages: Vec<LanguageDoc>,
    pub conference: ConferenceDoc,
    #[serde(default)]
    pub venue: Option<VenueDoc>,
    #[serde(default)]
    pub tracks: Vec<TrackDoc>,
    #[serde(default)]
    pub speakers: Vec<SpeakerDoc>,
    #[serde(default)]
    pub glossary: Vec<GlossaryDoc>,
    #[serde(default)]
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
    /// The conference this document describes; the only field a document that completes an
    /// existing conference needs.
    pub slug: String,
    /// Needed to create the conference; fixed once it exists.
    pub time_zone: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub default_language: Option<String>,
    pub languages: Option<Vec<ConferenceLanguage>>,
    pub name: Option<T>,
    pub tagline: Option<T>,
    pub description: Option<T>,
    pub city: Option<T>,
    pub organiser: Option<T>,
    pub sample_notice: Option<T>,
    pub website: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VenueDoc {
    pub name: Option<T>,
    pub address: Option<T>,
    pub description: Option<T>,
    pub arrival: Option<T>,
    pub map: Option<MapDoc>,
    #[serde(default)]
    pub places: Vec<PlaceDoc>,
    #[serde(default)]
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
/// A room: all of it for a new room (name and floor at least), or only what changes for a
/// room that exists (keyed by its key, or by the name a pretalx or frab source gave it).
pub struct RoomDoc {
    pub key: String,
    pub name: Option<T>,
    pub floor: Option<i32>,
    pub capacity: Option<i32>,
    pub wheelchair_spaces: Option<i32>,
    pub step_free: Option<Fact>,
    pub hearing_loop: Option<Fact>,
    pub stage_access: Option<Fact>,
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
    /// Walked only from `from` to `to` (default: both ways).
    #[serde(default)]
    pub one_way: bool,
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
/// A speaker: all of it for a new one (name, its language and transliteration at least), or
/// only what changes (pronunciation, honorific, …) for one that exists.
pub struct SpeakerDoc {
    pub key: String,
    pub name: Option<String>,
    pub name_lang: Option<String>,
    pub transliteration: Option<String>,
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
/// A session: all of it for a new one (kind, start, end and title at least), or only what
/// changes for one that exists (keyed by its key, or by the guid a pretalx or frab source gave
/// it): sign languages, interpretation, captions, a plain-language summary, translations. A
/// list given replaces the session's; a list left out stays as it is.
pub struct SessionDoc {
    pub key: String,
    pub kind: Option<SessionKind>,
    pub track: Option<String>,
    pub room: Option<String>,
    /// Local time in the conference's zone ("2019-09-10T09:00") or RFC 3339 with offset.
    pub start: Option<String>,
    pub end: Option<String>,
    pub title: Option<T>,
    pub summary: Option<T>,
    pub plain_summary: Option<T>,
    pub content_note: Option<T>,
    pub floor_languages: Option<Vec<String>>,
    pub interpretation: Option<Vec<InterpretationDoc>>,
    pub sign_languages: Option<Vec<String>>,
    pub captions: Option<Fact>,
    pub captions_url: Option<String>,
    pub speakers: Option<Vec<SessionSpeakerDoc>>,
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
pub fn validate(doc: &ProgrammeDocument, known: &Known) -> Result<Tz, ImportProblems> {
    Checker::default().run(doc, known)
}

/// What the database already holds that a document may refer to by key: a document that
/// completes an existing conference names its rooms, sessions and speakers without
/// describing them again.
#[derive(Debug, Default)]
pub struct Known {
    /// The conference, when it exists: its zone and days hold.
    pub conference: Option<conference::Model>,
    /// Tags of the language table.
    pub languages: HashSet<String>,
    /// Room slugs to ids.
    pub rooms: HashMap<String, i64>,
    pub places: HashSet<String>,
    pub tracks: HashSet<String>,
    pub speakers: HashSet<String>,
    /// Session slugs to ids.
    pub sessions: HashMap<String, i64>,
}

impl Known {
    /// A room by its key, or by the name a pretalx or frab source gave it.
    pub fn room(&self, key: &str) -> Option<i64> {
        self.rooms.get(key).or_else(|| self.rooms.get(&keys::slugify(key))).copied()
    }

    /// A session by its key, or by the guid a pretalx or frab source gave it.
    pub fn session(&self, key: &str) -> Option<i64> {
        self.sessions.get(key).or_else(|| self.sessions.get(&keys::uuid_of(key))).copied()
    }

    /// Reads what a conference holds (nothing but the language table when it does not exist).
    pub async fn read(txn: &impl ConnectionTrait, slug: &str) -> Result<Self, sea_orm::DbErr> {
        let languages = language::Entity::find().all(txn).await?.into_iter().map(|l| l.tag).collect();
        let Some(conference) = conference::Entity::find().filter(conference::Column::Slug.eq(slug)).one(txn).await?
        else {
            return Ok(Self { languages, ..Self::default() });
        };
        let venues: Vec<i64> = venue::Entity::find()
            .filter(venue::Column::ConferenceId.eq(conference.id))
            .all(txn)
            .await?
            .into_iter()
            .map(|v| v.id)
            .collect();
        let rooms = room::Entity::find().filter(room::Column::VenueId.is_in(venues.clone())).all(txn).await?;
        let places = place::Entity::find().filter(place::Column::VenueId.is_in(venues)).all(txn).await?;
        let tracks = track::Entity::find().filter(track::Column::ConferenceId.eq(conference.id)).all(txn).await?;
        let speakers = speaker::Entity::find().filter(speaker::Column::ConferenceId.eq(conference.id)).all(txn).await?;
        let sessions = session::Entity::find().filter(session::Column::ConferenceId.eq(conference.id)).all(txn).await?;
        Ok(Self {
            conference: Some(conference),
            languages,
            rooms: rooms.into_iter().map(|r| (r.slug, r.id)).collect(),
            places: places.into_iter().map(|p| p.slug).collect(),
            tracks: tracks.into_iter().map(|t| t.slug).collect(),
            speakers: speakers.into_iter().map(|s| s.slug).collect(),
            sessions: sessions.into_iter().map(|s| (s.slug, s.id)).collect(),
        })
    }
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

    fn run(mut self, doc: &ProgrammeDocument, known: &Known) -> Result<Tz, ImportProblems> {
        let c = &doc.conference;
        let existing = known.conference.as_ref();
        if c.slug.is_empty() || c.slug.len() > 64 || !c.slug.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-') {
            self.problem("conference.slug", "must be 1 to 64 letters, digits or hyphens");
        }
        // A new conference needs what `sanad conference create` needs.
        if existing.is_none() {
            let missing: Vec<&str> = [
                ("timeZone", c.time_zone.is_none()),
                ("startDate", c.start_date.is_none()),
                ("endDate", c.end_date.is_none()),
                ("defaultLanguage", c.default_language.is_none()),
                ("languages", c.languages.is_none()),
                ("name", c.name.is_none()),
            ]
            .into_iter()
            .filter_map(|(field, absent)| absent.then_some(field))
            .collect();
            if !missing.is_empty() {
                self.problem(
                    "conference",
                    format!("{} does not exist yet; to create it, give {}", c.slug, missing.join(", ")),
                );
            }
        }
        let zone: Option<Tz> = match (&c.time_zone, existing) {
            (Some(zone), _) => {
                let parsed = zone.parse().ok();
                if parsed.is_none() {
                    self.problem("conference.timeZone", format!("'{zone}' is not an IANA time zone"));
                }
                parsed
            }
            (None, Some(existing)) => existing.time_zone.parse().ok(),
            (None, None) => None,
        };
        let start_date = c.start_date.or(existing.map(|e| e.start_date));
        let end_date = c.end_date.or(existing.map(|e| e.end_date));
        if let (Some(start), Some(end)) = (start_date, end_date)
            && end < start
        {
            self.problem("conference.endDate", "is before startDate");
        }
        for (field, texts) in [
            ("name", &c.name),
            ("tagline", &c.tagline),
            ("description", &c.description),
            ("city", &c.city),
            ("organiser", &c.organiser),
            ("sampleNotice", &c.sample_notice),
        ] {
            self.opt_text(format!("conference.{field}"), texts);
        }
        for (i, lang) in doc.languages.iter().enumerate() {
            self.tag(format!("languages[{i}].tag"), &lang.tag);
            self.text(format!("languages[{i}].name"), &lang.name);
        }
        let known_langs: HashSet<&str> =
            doc.languages.iter().map(|l| l.tag.as_str()).chain(known.languages.iter().map(String::as_str)).collect();
        if let Some(languages) = &c.languages {
            if languages.is_empty() {
                self.problem("conference.languages", "names no language");
            }
            for (i, lang) in languages.iter().enumerate() {
                if !known_langs.contains(lang.tag.as_str()) {
                    self.problem(format!("conference.languages[{i}]"), format!("'{}' is not in languages", lang.tag));
                }
            }
            let default = c.default_language.as_ref().or(existing.map(|e| &e.default_language));
            if let Some(default) = default
                && !languages.iter().any(|l| l.tag == *default)
            {
                self.problem("conference.defaultLanguage", "is not one of the conference languages");
            }
        }

        let empty = VenueDoc::default();
        let v = doc.venue.as_ref().unwrap_or(&empty);
        for (field, texts) in
            [("name", &v.name), ("address", &v.address), ("description", &v.description), ("arrival", &v.arrival)]
        {
            self.opt_text(format!("venue.{field}"), texts);
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
        let is_room = |key: &str| room_keys.contains(key) || known.room(key).is_some();
        let is_place = |key: &str| place_keys.contains(key) || known.places.contains(key);
        for r in &v.rooms {
            let at = format!("room {}", r.key);
            if known.room(&r.key).is_none() && (r.name.is_none() || r.floor.is_none()) {
                self.problem(&at, "is not a room of the conference; a new room needs name and floor");
            }
            self.opt_text(format!("{at}.name"), &r.name);
            self.opt_text(format!("{at}.layout"), &r.layout);
            if let Some(toilet) = &r.nearest_accessible_toilet
                && !is_place(toilet)
            {
                self.problem(format!("{at}.nearestAccessibleToilet"), format!("'{toilet}' is not a place"));
            }
        }
        for (i, route) in v.routes.iter().enumerate() {
            for end in [&route.from, &route.to] {
                if !is_place(end) && !is_room(end) {
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
            if !known.speakers.contains(&s.key)
                && (s.name.is_none() || s.name_lang.is_none() || s.transliteration.is_none())
            {
                self.problem(
                    &at,
                    "is not a speaker of the conference; a new speaker needs name, nameLang and transliteration",
                );
            }
            if let Some(tag) = &s.name_lang {
                self.tag(format!("{at}.nameLang"), tag);
            }
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
            if known.session(&s.key).is_none()
                && (s.kind.is_none() || s.start.is_none() || s.end.is_none() || s.title.is_none())
            {
                self.problem(&at, "is not a session of the conference; a new session needs kind, start, end and title");
            }
            for (field, texts) in [
                ("title", &s.title),
                ("summary", &s.summary),
                ("plainSummary", &s.plain_summary),
                ("contentNote", &s.content_note),
            ] {
                self.opt_text(format!("{at}.{field}"), texts);
            }
            if let Some(zone) = zone {
                for (field, time) in [("start", &s.start), ("end", &s.end)] {
                    if let Some(time) = time
                        && let Err(e) = local_instant(time, zone)
                    {
                        self.problem(format!("{at}.{field}"), e);
                    }
                }
                if let (Some(Ok(start)), Some(Ok(end))) =
                    (s.start.as_ref().map(|t| local_instant(t, zone)), s.end.as_ref().map(|t| local_instant(t, zone)))
                {
                    if end <= start {
                        self.problem(&at, "ends before it starts");
                    }
                    let day = start.with_timezone(&zone).date_naive();
                    if start_date.is_some_and(|d| day < d) || end_date.is_some_and(|d| day > d) {
                        self.problem(&at, format!("starts on {day}, outside the conference days"));
                    }
                }
            }
            if let Some(room) = &s.room
                && !is_room(room)
            {
                self.problem(format!("{at}.room"), format!("'{room}' is not a room"));
            }
            if let Some(track) = &s.track
                && !track_keys.contains(track.as_str())
                && !known.tracks.contains(track)
            {
                self.problem(format!("{at}.track"), format!("'{track}' is not a track"));
            }
            let session_langs = s
                .floor_languages
                .iter()
                .flatten()
                .chain(s.sign_languages.iter().flatten())
                .chain(s.interpretation.iter().flatten().map(|i| &i.lang));
            for lang in session_langs {
                if !known_langs.contains(lang.as_str()) && language_catalogue::lookup(lang).is_none() {
                    self.problem(format!("{at}.languages"), format!("'{lang}' is not in languages"));
                }
            }
            for sp in s.speakers.iter().flatten() {
                if !speaker_keys.contains(sp.speaker.as_str()) && !known.speakers.contains(&sp.speaker) {
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
                && known.session(session).is_none()
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
/// organisers' mutations, so the same rules hold (rooms not booked twice, a toilet that is
/// one, sessions within the days): creating the conference when absent, and otherwise updating
/// in place, by key, what the document lists, and in each only what it gives (a text's
/// languages are added to those it has). A session moved in the document is moved as an
/// organiser moves it (recorded, told, accommodation items at risk). What the document does
/// not list is left alone, so a document can complete a programme imported from pretalx or
/// frab (an overlay of access facts, interpretation, translations, pronunciation: rooms keyed
/// by the source's room names, sessions by its guids), and survives re-syncs of it. A
/// document that says nothing new writes nothing; one that fails anywhere writes nothing
/// either. A dry run does it all, then rolls it back, and says what it would have changed.
pub async fn import_at(
    db: &DatabaseConnection,
    doc: &ProgrammeDocument,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<Imported, ImportError> {
    let txn = begin_write(db).await?;
    let known = Known::read(&txn, &doc.conference.slug).await?;
    let zone = validate(doc, &known).map_err(ImportError::Invalid)?;
    for lang in &doc.languages {
        if !known.languages.contains(&lang.tag) {
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
    let (conference_id, created) = match &known.conference {
        Some(existing) => {
            let mut problems = Vec::new();
            if c.time_zone.as_ref().is_some_and(|zone| *zone != existing.time_zone) {
                problems.push(format!(
                    "conference.timeZone: {} is fixed since the conference was created in {}",
                    c.time_zone.as_deref().unwrap_or_default(),
                    existing.time_zone
                ));
            }
            let days = (c.start_date.unwrap_or(existing.start_date), c.end_date.unwrap_or(existing.end_date));
            if days != (existing.start_date, existing.end_date) {
                problems.push(format!(
                    "conference: its days ({} to {}) are fixed since it was created with {} to {}",
                    days.0, days.1, existing.start_date, existing.end_date
                ));
            }
            if !problems.is_empty() {
                return Err(ImportError::Invalid(ImportProblems(problems)));
            }
            (existing.id, false)
        }
        None => {
            // Checked above: a new conference's document gives all of these.
            let languages = c.languages.clone().unwrap_or_default();
            let venue_name = doc.venue.as_ref().and_then(|v| v.name.as_ref()).map(inputs);
            let draft = conference_service::Draft {
                slug: c.slug.clone(),
                name: c.name.as_ref().map(inputs).unwrap_or_default(),
                time_zone: c.time_zone.clone().unwrap_or_default(),
                start: c.start_date.unwrap_or_default(),
                end: c.end_date.unwrap_or_default(),
                languages: languages.iter().map(|l| l.tag.clone()).collect(),
                default_language: c.default_language.clone(),
                required_languages: Some(languages.iter().filter(|l| l.required).map(|l| l.tag.clone()).collect()),
                venue_name,
            };
            let checked = conference_service::check(draft, now).map_err(|e| invalid("conference", e))?;
            let row = conference_service::create_in(&txn, checked, now).await.map_err(|e| invalid("conference", e))?;
            (row.id, true)
        }
    };
    // Texts may lack a required language, as from any source: `sanad check` lists the gaps.
    let mut edit = Edit::begin_import_in(txn, conference_id, now).await.map_err(|e| invalid("conference", e))?;
    let mut notes = Vec::new();
    apply(&mut edit, doc, zone, &known, &mut notes).await?;
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

/// A text as a draft says it, with the document's languages laid over it: a language the
/// document gives replaces the stored one, the others stay.
fn over(stored: Vec<TextInput>, given: &Option<T>) -> Vec<TextInput> {
    let Some(given) = given else { return stored };
    let mut merged: std::collections::BTreeMap<String, String> =
        stored.into_iter().map(|t| (t.lang, t.value)).collect();
    for (lang, value) in &given.0 {
        merged.insert(lang.clone(), value.clone());
    }
    merged.into_iter().map(|(lang, value)| TextInput { lang, value }).collect()
}

/// [`over`] for a text that may be absent.
fn over_opt(stored: Option<Vec<TextInput>>, given: &Option<T>) -> Option<Vec<TextInput>> {
    match (stored, given) {
        (stored, None) => stored,
        (stored, Some(_)) => Some(over(stored.unwrap_or_default(), given)),
    }
}

/// Applies a checked document inside the edit, entity by entity, each by its key.
async fn apply(
    edit: &mut Edit,
    doc: &ProgrammeDocument,
    zone: Tz,
    known: &Known,
    notes: &mut Vec<String>,
) -> Result<(), ImportError> {
    let c = &doc.conference;
    let current = edit.conference.clone();
    if let Some(languages) = &c.languages {
        let default = c.default_language.clone().unwrap_or_else(|| current.default_language.clone());
        if current.languages.0 != *languages || current.default_language != default {
            let draft = editing::conference::Languages {
                languages: languages.iter().map(|l| l.tag.clone()).collect(),
                default_language: Some(default),
                required_languages: Some(languages.iter().filter(|l| l.required).map(|l| l.tag.clone()).collect()),
            };
            editing::conference::set_languages_in(edit, draft).await.map_err(|e| invalid("conference.languages", e))?;
        }
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
    let wanted = editing::conference::Draft {
        name: over(stored.name.clone(), &c.name),
        tagline: over_opt(stored.tagline.clone(), &c.tagline),
        description: over_opt(stored.description.clone(), &c.description),
        city: over_opt(stored.city.clone(), &c.city),
        organiser: over_opt(stored.organiser.clone(), &c.organiser),
        sample_notice: over_opt(stored.sample_notice.clone(), &c.sample_notice),
        website: c.website.clone().or(stored.website.clone()),
    };
    if stored != wanted {
        editing::conference::update_in(edit, wanted).await.map_err(|e| invalid("conference", e))?;
    }

    // The venue, its points of interest, rooms and routes.
    let empty = VenueDoc::default();
    let v = doc.venue.as_ref().unwrap_or(&empty);
    let venue_row = editing::venue::of_conference(edit).await.map_err(|e| invalid("venue", e))?;
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
    let wanted = editing::venue::Draft {
        name: over(stored.name.clone(), &v.name),
        address: over_opt(stored.address.clone(), &v.address),
        description: over_opt(stored.description.clone(), &v.description),
        arrival: over_opt(stored.arrival.clone(), &v.arrival),
        map: match &v.map {
            Some(m) => Some(editing::venue::MapDraft {
                url: m.url.clone(),
                alt: inputs(&m.alt),
                long_description: Some(inputs(&m.long_description)),
            }),
            None => stored.map.clone(),
        },
    };
    if stored != wanted {
        editing::venue::update_in(edit, wanted).await.map_err(|e| invalid("venue", e))?;
    }

    let stored_places: Vec<place::Model> =
        place::Entity::find().filter(place::Column::VenueId.eq(venue_row.id)).all(&edit.txn).await?;
    let mut places: HashMap<String, i64> = stored_places.iter().map(|p| (p.slug.clone(), p.id)).collect();
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
        match stored_places.iter().find(|row| row.slug == p.key) {
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

    let mut rooms: HashMap<String, i64> = known.rooms.clone();
    for r in &v.rooms {
        let at = format!("room {}", r.key);
        let toilet = match &r.nearest_accessible_toilet {
            Some(key) => Some(places.get(key).copied().ok_or_else(|| {
                ImportError::Invalid(ImportProblems(vec![format!(
                    "{at}.nearestAccessibleToilet: '{key}' is not a place"
                )]))
            })?),
            None => None,
        };
        match known.room(&r.key) {
            Some(id) => {
                let row = room::Entity::find_by_id(id)
                    .one(&edit.txn)
                    .await?
                    .ok_or_else(|| ImportError::Database(sea_orm::DbErr::RecordNotFound(format!("room {id}"))))?;
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
                let wanted = editing::room::Draft {
                    name: over(stored.name.clone(), &r.name),
                    floor: r.floor.unwrap_or(stored.floor),
                    capacity: r.capacity.or(stored.capacity),
                    wheelchair_spaces: r.wheelchair_spaces.or(stored.wheelchair_spaces),
                    step_free: r.step_free.unwrap_or(stored.step_free),
                    hearing_loop: r.hearing_loop.unwrap_or(stored.hearing_loop),
                    stage_access: r.stage_access.unwrap_or(stored.stage_access),
                    layout: over_opt(stored.layout.clone(), &r.layout),
                    nearest_accessible_toilet_id: toilet.or(stored.nearest_accessible_toilet_id),
                };
                if stored != wanted {
                    editing::room::update_in(edit, row.id, wanted).await.map_err(|e| invalid(&at, e))?;
                }
                rooms.insert(r.key.clone(), row.id);
            }
            None => {
                // Checked above: a new room has a name and a floor.
                let draft = editing::room::Draft {
                    name: r.name.as_ref().map(inputs).unwrap_or_default(),
                    floor: r.floor.unwrap_or_default(),
                    capacity: r.capacity,
                    wheelchair_spaces: r.wheelchair_spaces,
                    step_free: r.step_free.unwrap_or(Fact::Unknown),
                    hearing_loop: r.hearing_loop.unwrap_or(Fact::Unknown),
                    stage_access: r.stage_access.unwrap_or(Fact::Unknown),
                    layout: opt_inputs(&r.layout),
                    nearest_accessible_toilet_id: toilet,
                };
                let row = editing::room::create_in(edit, &r.key, draft).await.map_err(|e| invalid(&at, e))?;
                rooms.insert(r.key.clone(), row.id);
            }
        }
    }
    let room_of = |key: &str| rooms.get(key).copied().or_else(|| known.room(key));

    let end_of = |key: &str| -> Option<editing::route::End> {
        room_of(key)
            .map(editing::route::End::Room)
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
        // Checked above: both ends are rooms or places.
        let (Some(from), Some(to)) = (end_of(&r.from), end_of(&r.to)) else { continue };
        let draft = editing::route::Draft {
            from,
            to,
            step_free: r.step_free,
            distance_metres: r.distance_metres,
            walking_minutes: r.walking_minutes,
            steps: r.steps.iter().map(inputs).collect(),
            one_way: r.one_way,
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
                    one_way: row.one_way,
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
        let photo_url = s.photo.as_ref().map(|p| p.url.clone());
        let photo_alt = s.photo.as_ref().and_then(|p| opt_inputs(&p.alt));
        let photo_decorative = s.photo.as_ref().is_some_and(|p| p.decorative);
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
                let (photo_url, photo_alt, photo_decorative) = match &s.photo {
                    Some(_) => (photo_url, photo_alt, photo_decorative),
                    None => (stored.photo_url.clone(), stored.photo_alt.clone(), stored.photo_decorative),
                };
                let wanted = editing::speaker::Draft {
                    name: s.name.clone().unwrap_or_else(|| stored.name.clone()),
                    name_lang: s.name_lang.clone().unwrap_or_else(|| stored.name_lang.clone()),
                    transliteration: s.transliteration.clone().unwrap_or_else(|| stored.transliteration.clone()),
                    pronunciation_ipa: s.ipa.clone().or(stored.pronunciation_ipa.clone()),
                    pronunciation_hint: over_opt(stored.pronunciation_hint.clone(), &s.pronunciation_hint),
                    honorific: over_opt(stored.honorific.clone(), &s.honorific),
                    affiliation: over_opt(stored.affiliation.clone(), &s.affiliation),
                    job_title: over_opt(stored.job_title.clone(), &s.job_title),
                    bio: over_opt(stored.bio.clone(), &s.bio),
                    photo_url,
                    photo_alt,
                    photo_decorative,
                };
                if stored != wanted {
                    editing::speaker::update_in(edit, row.id, wanted).await.map_err(|e| invalid(&at, e))?;
                }
            }
            None => {
                // Checked above: a new speaker has a name, its language and a transliteration.
                let draft = editing::speaker::Draft {
                    name: s.name.clone().unwrap_or_default(),
                    name_lang: s.name_lang.clone().unwrap_or_default(),
                    transliteration: s.transliteration.clone().unwrap_or_default(),
                    pronunciation_ipa: s.ipa.clone(),
                    pronunciation_hint: opt_inputs(&s.pronunciation_hint),
                    honorific: opt_inputs(&s.honorific),
                    affiliation: opt_inputs(&s.affiliation),
                    job_title: opt_inputs(&s.job_title),
                    bio: opt_inputs(&s.bio),
                    photo_url,
                    photo_alt,
                    photo_decorative,
                };
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
    let track_of = |key: &String| tracks.get(key).copied();
    let speaker_list = |list: &Vec<SessionSpeakerDoc>| -> Vec<(i64, SpeakerRole)> {
        list.iter().filter_map(|sp| speakers.get(&sp.speaker).map(|id| (*id, sp.role))).collect()
    };
    let channels = |list: &Vec<InterpretationDoc>| -> Vec<(String, String)> {
        list.iter().map(|i| (i.channel.clone().unwrap_or_default(), i.lang.clone())).collect()
    };
    for s in &doc.sessions {
        let at = format!("session {}", s.key);
        // Checked above: given instants parse.
        let start = s.start.as_ref().and_then(|t| local_instant(t, zone).ok());
        let end = s.end.as_ref().and_then(|t| local_instant(t, zone).ok());
        let room = match &s.room {
            Some(key) => Some(room_of(key).ok_or_else(|| {
                ImportError::Invalid(ImportProblems(vec![format!("{at}.room: '{key}' is not a room")]))
            })?),
            None => None,
        };
        let found = match known.session(&s.key) {
            Some(id) => session::Entity::find_by_id(id).one(&edit.txn).await?,
            None => None,
        };
        let id = match found {
            None => {
                // Checked above: a new session has a kind, a start, an end and a title.
                let content = editing::session::Content {
                    kind: s.kind.unwrap_or(SessionKind::Other),
                    title: s.title.as_ref().map(inputs).unwrap_or_default(),
                    summary: opt_inputs(&s.summary),
                    plain_summary: opt_inputs(&s.plain_summary),
                    content_note: opt_inputs(&s.content_note),
                    track_id: s.track.as_ref().and_then(track_of),
                    captions: s.captions.unwrap_or(Fact::Unknown),
                    captions_url: s.captions_url.clone(),
                    floor_languages: s.floor_languages.clone().unwrap_or_default(),
                    sign_languages: s.sign_languages.clone().unwrap_or_default(),
                    interpretation: s.interpretation.as_ref().map(channels).unwrap_or_default(),
                    speakers: s.speakers.as_ref().map(speaker_list).unwrap_or_default(),
                };
                let (Some(starts_at), Some(ends_at)) = (start, end) else { continue };
                let placement = editing::session::Placement { starts_at, ends_at, room_id: room };
                editing::session::create_in(edit, &s.key, content, placement, false)
                    .await
                    .map_err(|e| invalid(&at, e))?
                    .id
            }
            Some(row) => {
                let stored = stored_content(edit, &row).await?;
                let wanted = editing::session::Content {
                    kind: s.kind.unwrap_or(stored.kind),
                    title: over(stored.title.clone(), &s.title),
                    summary: over_opt(stored.summary.clone(), &s.summary),
                    plain_summary: over_opt(stored.plain_summary.clone(), &s.plain_summary),
                    content_note: over_opt(stored.content_note.clone(), &s.content_note),
                    track_id: s.track.as_ref().map_or(stored.track_id, track_of),
                    captions: s.captions.unwrap_or(stored.captions),
                    captions_url: s.captions_url.clone().or(stored.captions_url.clone()),
                    floor_languages: s.floor_languages.clone().unwrap_or_else(|| stored.floor_languages.clone()),
                    sign_languages: s.sign_languages.clone().unwrap_or_else(|| stored.sign_languages.clone()),
                    interpretation: s.interpretation.as_ref().map_or_else(|| stored.interpretation.clone(), channels),
                    speakers: s.speakers.as_ref().map_or_else(|| stored.speakers.clone(), speaker_list),
                };
                if stored != wanted {
                    editing::session::update_in(edit, row.id, wanted).await.map_err(|e| invalid(&at, e))?;
                }
                let was = editing::session::Placement {
                    starts_at: row.starts_at,
                    ends_at: row.ends_at,
                    room_id: row.room_id,
                };
                let placement = editing::session::Placement {
                    starts_at: start.unwrap_or(was.starts_at),
                    ends_at: end.unwrap_or(was.ends_at),
                    room_id: if s.room.is_some() { room } else { was.room_id },
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
            Some(key) => match sessions.get(key).copied().or_else(|| known.session(key)) {
                Some(id) => Some(id),
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
