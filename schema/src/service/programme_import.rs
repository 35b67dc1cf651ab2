//! Sanad's own programme document (JSON) and its import: the demo conference is one, and
//! `sanad import` reads them. The whole document is checked before anything is written, and
//! written in one transaction: a bad document leaves the database as it was.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, TransactionTrait};
use serde::Deserialize;

use crate::entities::enums::{
    Dir, DocumentFormat, Fact, LanguageRole, PlaceKind, SessionKind, SessionStatus, Severity, SpeakerRole,
};
use crate::entities::texts::{ConferenceLanguage, ConferenceLanguages, RouteSteps, Translations};
use crate::entities::{
    announcement, conference, document, document_variant, glossary_entry, language, place, room, route, session,
    session_language, session_speaker, speaker, track, venue,
};
use crate::service::language::parse_tag;

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

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub conference_id: i64,
    pub sessions: usize,
}

/// Validates and writes a whole programme in one transaction.
pub async fn import(db: &DatabaseConnection, doc: &ProgrammeDocument) -> Result<Imported, ImportError> {
    let zone = validate(doc).map_err(ImportError::Invalid)?;
    let now = Utc::now();
    let txn = db.begin().await?;

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
    let conference = conference::ActiveModel {
        slug: Set(c.slug.clone()),
        time_zone: Set(c.time_zone.clone()),
        start_date: Set(c.start_date),
        end_date: Set(c.end_date),
        default_language: Set(c.default_language.clone()),
        languages: Set(ConferenceLanguages(c.languages.clone())),
        name: Set(c.name.clone()),
        tagline: Set(c.tagline.clone()),
        description: Set(c.description.clone()),
        city: Set(c.city.clone()),
        organiser: Set(c.organiser.clone()),
        sample_notice: Set(c.sample_notice.clone()),
        website: Set(c.website.clone()),
        programme_version: Set(1),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let conference_id = conference.id;

    let v = &doc.venue;
    let venue = venue::ActiveModel {
        conference_id: Set(conference_id),
        name: Set(v.name.clone()),
        address: Set(v.address.clone()),
        description: Set(v.description.clone()),
        arrival: Set(v.arrival.clone()),
        map_url: Set(v.map.as_ref().map(|m| m.url.clone())),
        map_alt: Set(v.map.as_ref().map(|m| m.alt.clone())),
        map_long_description: Set(v.map.as_ref().map(|m| m.long_description.clone())),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    let mut places = HashMap::new();
    for p in &v.places {
        let row = place::ActiveModel {
            venue_id: Set(venue.id),
            slug: Set(p.key.clone()),
            kind: Set(p.kind),
            floor: Set(p.floor),
            name: Set(p.name.clone()),
            description: Set(p.description.clone()),
            step_free: Set(p.step_free),
            opening_hours: Set(p.opening_hours.clone()),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        places.insert(p.key.as_str(), row.id);
    }
    let mut rooms = HashMap::new();
    for r in &v.rooms {
        let row = room::ActiveModel {
            venue_id: Set(venue.id),
            slug: Set(r.key.clone()),
            name: Set(r.name.clone()),
            floor: Set(r.floor),
            capacity: Set(r.capacity),
            wheelchair_spaces: Set(r.wheelchair_spaces),
            step_free: Set(r.step_free),
            hearing_loop: Set(r.hearing_loop),
            stage_access: Set(r.stage_access),
            layout: Set(r.layout.clone()),
            nearest_accessible_toilet_id: Set(r
                .nearest_accessible_toilet
                .as_deref()
                .and_then(|k| places.get(k).copied())),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        rooms.insert(r.key.as_str(), row.id);
    }
    for r in &v.routes {
        route::ActiveModel {
            venue_id: Set(venue.id),
            from_room_id: Set(rooms.get(r.from.as_str()).copied()),
            from_place_id: Set(places.get(r.from.as_str()).copied()),
            to_room_id: Set(rooms.get(r.to.as_str()).copied()),
            to_place_id: Set(places.get(r.to.as_str()).copied()),
            step_free: Set(r.step_free),
            distance_metres: Set(r.distance_metres),
            walking_minutes: Set(r.walking_minutes),
            steps: Set(RouteSteps(r.steps.clone())),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }

    let mut tracks = HashMap::new();
    for t in &doc.tracks {
        let row = track::ActiveModel {
            conference_id: Set(conference_id),
            slug: Set(t.key.clone()),
            name: Set(t.name.clone()),
            description: Set(t.description.clone()),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        tracks.insert(t.key.as_str(), row.id);
    }

    let mut speakers = HashMap::new();
    for s in &doc.speakers {
        let row = speaker::ActiveModel {
            conference_id: Set(conference_id),
            slug: Set(s.key.clone()),
            name: Set(s.name.clone()),
            name_lang: Set(s.name_lang.clone()),
            transliteration: Set(s.transliteration.clone()),
            pronunciation_ipa: Set(s.ipa.clone()),
            pronunciation_hint: Set(s.pronunciation_hint.clone()),
            honorific: Set(s.honorific.clone()),
            affiliation: Set(s.affiliation.clone()),
            job_title: Set(s.job_title.clone()),
            bio: Set(s.bio.clone()),
            photo_url: Set(s.photo.as_ref().map(|p| p.url.clone())),
            photo_alt: Set(s.photo.as_ref().and_then(|p| p.alt.clone())),
            photo_decorative: Set(s.photo.as_ref().is_some_and(|p| p.decorative)),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        speakers.insert(s.key.as_str(), row.id);
    }

    for g in &doc.glossary {
        glossary_entry::ActiveModel {
            conference_id: Set(conference_id),
            term: Set(g.term.clone()),
            expansion: Set(g.expansion.clone()),
            spoken_as: Set(g.spoken_as.clone()),
            pronunciation_ipa: Set(g.ipa.clone()),
            definition: Set(g.definition.clone()),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }

    let mut sessions = HashMap::new();
    for s in &doc.sessions {
        // Validated above: both instants parse.
        let (Ok(starts_at), Ok(ends_at)) = (local_instant(&s.start, zone), local_instant(&s.end, zone)) else {
            continue;
        };
        let row = session::ActiveModel {
            conference_id: Set(conference_id),
            slug: Set(s.key.clone()),
            kind: Set(s.kind),
            track_id: Set(s.track.as_deref().and_then(|k| tracks.get(k).copied())),
            room_id: Set(s.room.as_deref().and_then(|k| rooms.get(k).copied())),
            starts_at: Set(starts_at),
            ends_at: Set(ends_at),
            status: Set(SessionStatus::Scheduled),
            title: Set(s.title.clone()),
            summary: Set(s.summary.clone()),
            plain_summary: Set(s.plain_summary.clone()),
            content_note: Set(s.content_note.clone()),
            captions: Set(s.captions),
            captions_url: Set(s.captions_url.clone()),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        sessions.insert(s.key.as_str(), row.id);

        let languages = s
            .floor_languages
            .iter()
            .map(|l| (l, LanguageRole::Floor, None))
            .chain(s.interpretation.iter().map(|i| (&i.lang, LanguageRole::Interpretation, i.channel.clone())))
            .chain(s.sign_languages.iter().map(|l| (l, LanguageRole::Sign, None)));
        for (position, (lang, kind, channel)) in languages.enumerate() {
            session_language::ActiveModel {
                session_id: Set(row.id),
                lang: Set(lang.clone()),
                kind: Set(kind),
                channel: Set(channel),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        for (position, sp) in s.speakers.iter().enumerate() {
            let Some(&speaker_id) = speakers.get(sp.speaker.as_str()) else { continue };
            session_speaker::ActiveModel {
                session_id: Set(row.id),
                speaker_id: Set(speaker_id),
                role: Set(sp.role),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        for (position, d) in s.documents.iter().enumerate() {
            let doc_row = document::ActiveModel {
                conference_id: Set(conference_id),
                session_id: Set(Some(row.id)),
                slug: Set(d.key.clone()),
                title: Set(d.title.clone()),
                description: Set(d.description.clone()),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for variant in &d.variants {
                document_variant::ActiveModel {
                    document_id: Set(doc_row.id),
                    format: Set(variant.format),
                    lang: Set(variant.lang.clone()),
                    url: Set(variant.url.clone()),
                    size_bytes: Set(variant.size_bytes),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
    }

    for a in &doc.announcements {
        let Ok(published_at) = local_instant(&a.published_at, zone) else { continue };
        announcement::ActiveModel {
            conference_id: Set(conference_id),
            slug: Set(a.key.clone()),
            severity: Set(a.severity),
            title: Set(a.title.clone()),
            what_changed: Set(a.what_changed.clone()),
            what_to_do: Set(a.what_to_do.clone()),
            session_id: Set(a.session.as_deref().and_then(|k| sessions.get(k).copied())),
            published_at: Set(published_at),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }

    txn.commit().await?;
    Ok(Imported { conference_id, sessions: sessions.len() })
}
