//! Brings a schedule kept in pretalx or frab into a Sanad conference, and keeps it in sync.
//!
//! Every write goes through the same editing services as organisers' mutations
//! (`sanad_schema::service::editing`), inside one [`Edit`]: one transaction and one programme
//! version for the whole source, so a source that fails anywhere leaves the last good
//! programme served, and a session moved in pretalx becomes a recorded `ScheduleChange` with
//! its spoken sentence, a push to the agenda holders and confirmed accommodation items put
//! `AT_RISK`, exactly as if an organiser had moved it.
//!
//! Re-importing updates in place by stable keys: a session is keyed by the source's guid (a
//! UUID, or the UUID v5 of a guid that is not one, which the exports give back), a room by its
//! name, a track by its slug or name, a speaker by pretalx code, guid, frab id or name. Only
//! what the source says is replaced: a text's value in the source's language, keeping any
//! translation added in Sanad; a session's sign languages, interpretation, captions and
//! plain-language summary stay as they are. An unchanged source writes nothing and leaves
//! `programmeVersion` alone.
//!
//! A speaker's name is tagged with a language written in the script of its letters
//! ([`name_language`], a rule of `sanad_schema::service::script`), so an Arabic name is read by an
//! Arabic voice, right to left; on re-import only a tag an import gave (the conference's default
//! language) is corrected.
//!
//! Sessions whose key is a source guid and that are gone from the source are deleted, leaving
//! tombstones; sessions created in Sanad itself (their keys are not UUIDs) are never touched.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sanad_schema::entities::enums::{Fact, LanguageRole, SessionKind, SessionStatus, SpeakerRole};
use sanad_schema::entities::texts::Translations;
use sanad_schema::entities::{conference, room, session, session_language, session_speaker, speaker, track, venue};
use sanad_schema::error::AppError;
use sanad_schema::service::editing::texts::{LONG, SHORT, TextInput};
use sanad_schema::service::editing::{self, Edit};
use sanad_schema::service::language::parse_tag;
use sanad_schema::service::language_catalogue;
use sanad_schema::service::live::ProgrammeChange;
use sanad_schema::service::script::name_language;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{Event, Person, Schedule};
pub use sanad_schema::service::keys::slugify;
use sanad_schema::service::keys::uuid_of;

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportError {
    /// What in the source cannot be taken, each with its place (the event's guid and title).
    Invalid(Vec<String>),
    /// The database failed; the transaction was rolled back.
    Database(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Invalid(problems) => write!(f, "{} problem(s):\n  {}", problems.len(), problems.join("\n  ")),
            Self::Database(message) => write!(f, "database error: {message}"),
        }
    }
}

impl From<DbErr> for ImportError {
    fn from(error: DbErr) -> Self {
        Self::Database(error.to_string())
    }
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Default)]
pub struct Outcome {
    /// One sentence per change, in the order made ("Moved: Opening, Hall A 09:00 → Room 101 09:30").
    pub changes: Vec<String>,
    /// Committed changes, for a running server's listeners.
    pub published: Vec<ProgrammeChange>,
    /// The programme version after the import (unchanged when nothing changed).
    pub version: i64,
    /// What was odd but taken.
    pub notes: Vec<String>,
}

/// The session key a source guid becomes: the guid itself when it is a UUID, else a UUID
/// derived from it (the exports give either back as the event's guid).
pub fn session_key(guid: &str) -> String {
    uuid_of(guid)
}

/// Whether a session came from a source (its key is a UUID).
fn is_source_key(slug: &str) -> bool {
    slug.len() == 36 && Uuid::parse_str(slug).is_ok()
}

fn speaker_key(person: &Person) -> String {
    if let Some(code) = &person.code {
        let code = slugify(code);
        if !code.starts_with("x-") {
            return format!("p-{code}");
        }
    }
    if let Some(guid) = &person.guid {
        return uuid_of(guid);
    }
    if let Some(id) = person.id {
        return format!("p-{id}");
    }
    format!("n-{}", slugify(&person.name))
}

fn track_key(schedule: &Schedule, name: &str) -> String {
    let declared = schedule.conference.tracks.iter().find(|t| t.name == name).and_then(|t| t.slug.as_deref());
    let slug = declared.map(slugify).unwrap_or_else(|| slugify(name));
    if slug.starts_with("x-") { slug } else { format!("t-{slug}") }
}

/// The kind of session a source's `type` names.
pub fn kind_of(word: &str) -> SessionKind {
    match word.trim().to_lowercase().as_str() {
        "plenary" | "keynote" | "opening" | "closing" => SessionKind::Plenary,
        "panel" | "podium" | "discussion" | "panel discussion" => SessionKind::Panel,
        "talk" | "lecture" | "presentation" | "lightning talk" | "lightningtalk" | "vortrag" => SessionKind::Talk,
        "workshop" | "hands-on" | "tutorial" | "training" => SessionKind::Workshop,
        "side-event" | "side event" | "meeting" | "meetup" | "self-organized session" => SessionKind::SideEvent,
        "break" | "pause" | "lunch" | "coffee" | "coffee break" => SessionKind::Break,
        "reception" | "social" | "party" | "concert" => SessionKind::Reception,
        _ => SessionKind::Other,
    }
}

/// Cuts a text to `max` characters at a word boundary, saying so.
fn fit(value: &str, max: usize) -> (String, bool) {
    let value = value.trim();
    if value.chars().count() <= max {
        return (value.to_owned(), false);
    }
    let cut: String = value.chars().take(max - 1).collect();
    let cut = cut.rsplit_once(char::is_whitespace).map_or(cut.as_str(), |(head, _)| head).trim_end();
    (format!("{cut}…"), true)
}

/// A one-line text (a title, a name) as Sanad keeps it: every run of whitespace or control
/// characters becomes one space.
fn one_line(value: &str) -> String {
    value.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A long text as Sanad keeps it: line ends become `\n`, other control characters (which the
/// texts rule refuses, and real exports carry) become spaces.
fn paragraphs(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .chars()
        .map(|c| if c.is_control() && c != '\n' && c != '\t' { ' ' } else { c })
        .collect()
}

/// The source's texts made fit for Sanad's rules before anything is compared or written, so a
/// stray carriage return in an abstract neither blocks the import nor counts as a change.
fn cleaned(schedule: &Schedule) -> Schedule {
    let mut schedule = schedule.clone();
    let c = &mut schedule.conference;
    c.title = one_line(&c.title);
    for room in &mut c.rooms {
        room.name = one_line(&room.name);
    }
    for track in &mut c.tracks {
        track.name = one_line(&track.name);
    }
    let long = |t: &mut Option<String>| *t = t.as_deref().map(paragraphs);
    for event in &mut schedule.events {
        event.title = one_line(&event.title);
        event.room = one_line(&event.room);
        event.track = event.track.as_deref().map(one_line).filter(|t| !t.is_empty());
        event.subtitle = event.subtitle.as_deref().map(one_line);
        long(&mut event.abstract_text);
        long(&mut event.description);
        for person in &mut event.persons {
            person.name = one_line(&person.name);
            long(&mut person.biography);
        }
    }
    schedule
}

/// The text in `lang` merged into what Sanad has: the source's language is replaced, every
/// other translation stays.
fn merged(existing: Option<&Translations>, lang: &str, value: &str) -> Vec<TextInput> {
    let mut texts: BTreeMap<String, String> = existing.map(|t| t.0.clone()).unwrap_or_default();
    texts.insert(lang.to_owned(), value.to_owned());
    texts.into_iter().map(|(lang, value)| TextInput { lang, value }).collect()
}

fn as_inputs(texts: Option<&Translations>) -> Option<Vec<TextInput>> {
    texts.map(editing::texts::inputs)
}

/// What the source says of one event, ready to compare and write.
struct Wanted<'a> {
    event: &'a Event,
    key: String,
    lang: String,
    title: String,
    summary: Option<String>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    room: String,
    track: Option<String>,
    kind: SessionKind,
    floor: Option<String>,
    speakers: Vec<String>,
}

/// Everything Sanad holds of a conference that an import compares against.
struct Current {
    rooms: HashMap<String, room::Model>,
    tracks: HashMap<String, track::Model>,
    speakers: HashMap<String, speaker::Model>,
    sessions: HashMap<String, session::Model>,
    languages: HashMap<i64, Vec<session_language::Model>>,
    speaker_links: HashMap<i64, Vec<session_speaker::Model>>,
}

async fn current(db: &impl sea_orm::ConnectionTrait, conference_id: i64) -> Result<Current, DbErr> {
    let venue = venue::Entity::find().filter(venue::Column::ConferenceId.eq(conference_id)).one(db).await?;
    let rooms = match &venue {
        Some(v) => room::Entity::find().filter(room::Column::VenueId.eq(v.id)).all(db).await?,
        None => Vec::new(),
    };
    let tracks = track::Entity::find().filter(track::Column::ConferenceId.eq(conference_id)).all(db).await?;
    let speakers = speaker::Entity::find().filter(speaker::Column::ConferenceId.eq(conference_id)).all(db).await?;
    let sessions = session::Entity::find().filter(session::Column::ConferenceId.eq(conference_id)).all(db).await?;
    let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let super::programme::SessionLinks { languages, speakers: speaker_links } =
        super::programme::session_links(db, &ids).await?;
    Ok(Current {
        rooms: rooms.into_iter().map(|r| (r.slug.clone(), r)).collect(),
        tracks: tracks.into_iter().map(|t| (t.slug.clone(), t)).collect(),
        speakers: speakers.into_iter().map(|s| (s.slug.clone(), s)).collect(),
        sessions: sessions.into_iter().map(|s| (s.slug.clone(), s)).collect(),
        languages,
        speaker_links,
    })
}

/// The language a source text is tagged with: the event's, when it is a language tag, else
/// the conference's default.
fn text_lang(conference: &conference::Model, language: Option<&str>) -> String {
    language.and_then(|l| parse_tag(l).ok()).unwrap_or_else(|| conference.default_language.clone())
}

/// The name language a speaker keeps on re-import. Only a tag an import could have written
/// (the fallback, which every import before [`name_language`] gave every name) is corrected to
/// the name's script; any other tag was chosen in Sanad and stays, as does the fallback when
/// the name is in its script.
fn kept_name_language(stored: &str, name: &str, fallback: &str, conference_languages: &[String]) -> String {
    let tag = name_language(name, fallback, conference_languages);
    if stored.eq_ignore_ascii_case(fallback) && !tag.eq_ignore_ascii_case(stored) { tag } else { stored.to_owned() }
}

/// Applies a schedule to a conference. With `dry_run`, everything is checked and done inside
/// the transaction, which is then rolled back: the sentences say what a real run would do.
///
/// `fresh`: the edit of a conference created in this same transaction (a first import), which
/// the programme is written into; else an edit is begun only when the plan finds a change.
pub async fn apply(
    db: &DatabaseConnection,
    conference: &conference::Model,
    fresh: Option<Edit>,
    schedule: &Schedule,
    dry_run: bool,
    allow_removals: bool,
    now: DateTime<Utc>,
) -> Result<Outcome, ImportError> {
    if schedule.events.is_empty() {
        return Err(ImportError::Invalid(vec!["the source has no events: nothing was imported".to_owned()]));
    }
    let mut outcome = Outcome { version: conference.programme_version, ..Outcome::default() };
    let schedule = &cleaned(schedule);
    let lang_default = conference.default_language.clone();
    let languages: Vec<String> = conference.languages.0.iter().map(|l| l.tag.clone()).collect();

    // What the source wants, checked before anything is written.
    let mut problems = Vec::new();
    let mut wanted = Vec::new();
    let mut keys = HashSet::new();
    for event in &schedule.events {
        let at = format!("event {} ({})", event.guid, event.title);
        let key = session_key(&event.guid);
        if !keys.insert(key.clone()) {
            problems.push(format!("{at}: another event has the same key"));
            continue;
        }
        let lang = text_lang(conference, event.language.as_deref());
        let (title, cut) = fit(if event.title.trim().is_empty() { &event.guid } else { &event.title }, SHORT);
        if cut {
            outcome.notes.push(format!("{at}: the title was shortened to {SHORT} characters"));
        }
        let parts: Vec<&str> = [&event.subtitle, &event.abstract_text, &event.description]
            .into_iter()
            .filter_map(|t| t.as_deref().map(str::trim).filter(|t| !t.is_empty()))
            .collect();
        let summary = (!parts.is_empty()).then(|| {
            let (summary, cut) = fit(&parts.join("\n\n"), LONG);
            if cut {
                outcome.notes.push(format!("{at}: the abstract and description were shortened to {LONG} characters"));
            }
            summary
        });
        let starts_at = event.start.with_timezone(&Utc);
        let floor = event.language.as_deref().and_then(|l| parse_tag(l).ok());
        if event.language.is_some() && floor.is_none() {
            outcome.notes.push(format!(
                "{at}: language '{}' is not a language tag; left unknown",
                event.language.as_deref().unwrap_or_default()
            ));
        }
        wanted.push(Wanted {
            event,
            key,
            lang,
            title,
            summary,
            starts_at,
            ends_at: starts_at + Duration::minutes(i64::from(event.duration_minutes)),
            room: slugify(&event.room),
            track: event.track.as_deref().map(|t| track_key(schedule, t)),
            kind: kind_of(&event.kind),
            floor,
            speakers: event.persons.iter().map(speaker_key).collect(),
        });
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }

    // Plan: is there anything to write at all? An unchanged source begins no edit.
    let room_names: BTreeMap<String, &str> =
        schedule.conference.rooms.iter().map(|r| (slugify(&r.name), r.name.as_str())).collect();
    let mut track_names: BTreeMap<String, &str> = BTreeMap::new();
    for w in &wanted {
        if let (Some(key), Some(name)) = (&w.track, &w.event.track) {
            track_names.entry(key.clone()).or_insert(name.as_str());
        }
    }
    let mut people: BTreeMap<String, &Person> = BTreeMap::new();
    for w in &wanted {
        for (key, person) in w.speakers.iter().zip(&w.event.persons) {
            people.entry(key.clone()).or_insert(person);
        }
    }

    let source = Source {
        wanted: &wanted,
        room_names: &room_names,
        track_names: &track_names,
        people: &people,
        lang: &lang_default,
        languages: &languages,
        zone: conference.time_zone.parse().unwrap_or(chrono_tz::Tz::UTC),
        allow_removals,
    };
    let mut edit = match fresh {
        Some(edit) => edit,
        None => {
            // First a plan, without writing: an unchanged source opens no transaction at all.
            let have = current(db, conference.id).await?;
            let mut plan = Outcome::default();
            write(None, &have, &source, &mut plan).await.map_err(|problem| ImportError::Invalid(vec![problem]))?;
            if plan.changes.is_empty() {
                outcome.notes = plan.notes;
                return Ok(outcome);
            }
            Edit::begin_import(db, conference.id, now).await.map_err(app)?
        }
    };
    // Read again inside the edit's transaction, which holds the conference's write lock.
    let have = current(&edit.txn, conference.id).await?;
    write(Some(&mut edit), &have, &source, &mut outcome)
        .await
        .map_err(|problem| ImportError::Invalid(vec![problem]))?;
    if dry_run {
        // Rolled back: every rule was applied, nothing stays.
        drop(edit);
        return Ok(outcome);
    }
    outcome.version = edit.version();
    outcome.published = edit.commit_all().await.map_err(app)?;
    Ok(outcome)
}

/// How `sanad import` was asked to run.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The conference to import into (created when absent); default: the source's acronym.
    pub conference: Option<String>,
    /// The source's format; detected when `None`.
    pub format: Option<super::Format>,
    /// Check and describe, write nothing.
    pub dry_run: bool,
    /// The conference's zone, for a source that names none (frab XML often does not).
    pub time_zone: Option<String>,
    /// Let a source remove most of the sessions it brought.
    pub allow_removals: bool,
}

/// What `sanad import` did.
#[derive(Debug)]
pub struct Report {
    pub conference: String,
    /// A new conference was created for the source.
    pub created: bool,
    /// The source's events.
    pub events: usize,
    /// What was odd in the source (places in the file) and in what it says.
    pub notes: Vec<String>,
    pub outcome: Outcome,
}

/// Reads a source and applies it to its conference, creating the conference when absent.
pub async fn import_source(
    db: &DatabaseConnection,
    bytes: &[u8],
    options: &Options,
    now: DateTime<Utc>,
) -> Result<Report, ImportError> {
    let read = super::read::read(bytes, options.format)
        .map_err(|findings| ImportError::Invalid(findings.iter().map(ToString::to_string).collect()))?;
    let schedule = &read.schedule;
    let mut notes: Vec<String> = read.notes.iter().map(ToString::to_string).collect();
    let slug = match &options.conference {
        Some(slug) => slug.clone(),
        None => slugify(&schedule.conference.acronym),
    };
    let found = conference::Entity::find().filter(conference::Column::Slug.eq(slug.as_str())).one(db).await?;
    let (conference, fresh) = match found {
        Some(conference) => {
            if let Some(zone) = &schedule.conference.time_zone
                && *zone != conference.time_zone
            {
                notes.push(format!(
                    "the source's time zone {zone} is not the conference's {}: times are taken with their offsets",
                    conference.time_zone
                ));
            }
            (conference, None)
        }
        // A first import: the conference and its programme are written in one transaction,
        // so a source that fails anywhere leaves nothing behind (a dry run checks it all too).
        None => {
            let draft = conference_draft(&slug, schedule, options)?;
            let refused = |e| ImportError::Invalid(vec![at(&format!("conference {slug}"), e)]);
            let checked = sanad_schema::service::conference::check(draft, now).map_err(refused)?;
            let txn = sanad_schema::service::write::begin_write(db).await?;
            let created = sanad_schema::service::conference::create_in(&txn, checked, now).await.map_err(refused)?;
            let edit = Edit::begin_import_in(txn, created.id, now).await.map_err(app)?;
            (edit.conference.clone(), Some(edit))
        }
    };
    let created = fresh.is_some();
    let outcome = apply(db, &conference, fresh, schedule, options.dry_run, options.allow_removals, now).await?;
    Ok(Report { conference: conference.slug, created, events: schedule.events.len(), notes, outcome })
}

/// A conference for a source: its title, days and zone, and the languages its events are in
/// (most used first, the default).
fn conference_draft(
    slug: &str,
    schedule: &Schedule,
    options: &Options,
) -> Result<sanad_schema::service::conference::Draft, ImportError> {
    let Some(time_zone) = options.time_zone.clone().or_else(|| schedule.conference.time_zone.clone()) else {
        return Err(ImportError::Invalid(vec![
            "the source names no time zone: pass --time-zone Area/City (such as Europe/Berlin)".to_owned(),
        ]));
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for event in &schedule.events {
        if let Some(tag) = event.language.as_deref().and_then(|l| parse_tag(l).ok()) {
            *counts.entry(tag).or_default() += 1;
        }
    }
    let mut languages: Vec<(String, usize)> = counts.into_iter().collect();
    languages.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut languages: Vec<String> = languages.into_iter().map(|(tag, _)| tag).collect();
    if languages.is_empty() {
        languages.push("en".to_owned());
    }
    Ok(sanad_schema::service::conference::Draft {
        slug: slug.to_owned(),
        name: vec![TextInput { lang: languages[0].clone(), value: one_line(&schedule.conference.title) }],
        time_zone,
        start: schedule.conference.start,
        end: schedule.conference.end,
        languages,
        default_language: None,
        required_languages: None,
        venue_name: None,
    })
}

fn app(error: AppError) -> ImportError {
    ImportError::Database(error.message())
}

/// Says where a service refused something, and why (the field, for bad input).
fn at(what: &str, error: AppError) -> String {
    match &error {
        AppError::BadUserInput { field, message } => format!("{what}: {field}: {message}"),
        _ => format!("{what}: {}", error.message()),
    }
}

/// What the source says, ready to compare and write.
struct Source<'a> {
    wanted: &'a [Wanted<'a>],
    room_names: &'a BTreeMap<String, &'a str>,
    track_names: &'a BTreeMap<String, &'a str>,
    people: &'a BTreeMap<String, &'a Person>,
    /// The conference's default language, for rooms, tracks and speakers.
    lang: &'a str,
    /// The conference's languages, in order: a speaker's name may be in one of them.
    languages: &'a [String],
    zone: chrono_tz::Tz,
    allow_removals: bool,
}

/// Plans (`edit` is `None`: nothing is written, the sentences say what would be) or applies
/// the source.
async fn write(
    mut edit: Option<&mut Edit>,
    have: &Current,
    source: &Source<'_>,
    outcome: &mut Outcome,
) -> Result<(), String> {
    let Source { wanted, room_names, track_names, people, lang, languages, zone, allow_removals } = *source;
    // Rooms, in the source's order, then any only events name.
    let mut rooms: HashMap<String, i64> = have.rooms.iter().map(|(k, r)| (k.clone(), r.id)).collect();
    let mut room_order: Vec<(String, String)> = room_names.iter().map(|(k, n)| (k.clone(), (*n).to_owned())).collect();
    for w in wanted {
        if !room_order.iter().any(|(k, _)| *k == w.room) {
            room_order.push((w.room.clone(), w.event.room.clone()));
        }
    }
    for (key, name) in &room_order {
        match have.rooms.get(key) {
            Some(existing) if existing.name.get(lang) == Some(name.trim()) => {}
            Some(existing) => {
                let draft = room_draft(existing, merged(Some(&existing.name), lang, name));
                if let Some(edit) = edit.as_deref_mut() {
                    editing::room::update_in(edit, existing.id, draft)
                        .await
                        .map_err(|e| at(&format!("room {name}"), e))?;
                }
                outcome.changes.push(format!("Room renamed: {name}"));
            }
            None => {
                let draft = editing::room::Draft {
                    name: vec![TextInput { lang: lang.to_owned(), value: name.clone() }],
                    floor: 0,
                    capacity: None,
                    wheelchair_spaces: None,
                    step_free: Fact::Unknown,
                    hearing_loop: Fact::Unknown,
                    stage_access: Fact::Unknown,
                    layout: None,
                    nearest_accessible_toilet_id: None,
                };
                let id = match edit.as_deref_mut() {
                    Some(edit) => {
                        editing::room::create_in(edit, key, draft).await.map_err(|e| at(&format!("room {name}"), e))?.id
                    }
                    None => 0,
                };
                rooms.insert(key.clone(), id);
                outcome.changes.push(format!("New room: {name}"));
            }
        }
    }

    let mut tracks: HashMap<String, i64> = have.tracks.iter().map(|(k, t)| (k.clone(), t.id)).collect();
    for (key, name) in track_names {
        match have.tracks.get(key) {
            Some(existing) if existing.name.get(lang) == Some(name.trim()) => {}
            Some(existing) => {
                let draft = editing::track::Draft {
                    name: merged(Some(&existing.name), lang, name),
                    description: as_inputs(existing.description.as_ref()),
                };
                if let Some(edit) = edit.as_deref_mut() {
                    editing::track::update_in(edit, existing.id, draft)
                        .await
                        .map_err(|e| at(&format!("track {name}"), e))?;
                }
                outcome.changes.push(format!("Track renamed: {name}"));
            }
            None => {
                let draft = editing::track::Draft {
                    name: vec![TextInput { lang: lang.to_owned(), value: (*name).to_owned() }],
                    description: None,
                };
                let id = match edit.as_deref_mut() {
                    Some(edit) => {
                        editing::track::create_in(edit, key, draft)
                            .await
                            .map_err(|e| at(&format!("track {name}"), e))?
                            .id
                    }
                    None => 0,
                };
                tracks.insert(key.clone(), id);
                outcome.changes.push(format!("New track: {name}"));
            }
        }
    }

    let mut speakers: HashMap<String, i64> = have.speakers.iter().map(|(k, s)| (k.clone(), s.id)).collect();
    for (key, person) in people {
        let bio = person.biography.as_deref().map(str::trim).filter(|b| !b.is_empty()).map(|b| fit(b, LONG).0);
        // The name's language: from its script for a new speaker; an existing speaker's is
        // corrected only when it is the one an earlier import gave every name.
        let existing = have.speakers.get(key);
        let name_lang = match existing {
            Some(existing) => kept_name_language(&existing.name_lang, &person.name, lang, languages),
            None => name_language(&person.name, lang, languages),
        };
        match existing {
            Some(existing)
                if existing.name == person.name.trim()
                    && existing.name_lang == name_lang
                    && (bio.is_none() || existing.bio.as_ref().and_then(|b| b.get(lang)) == bio.as_deref()) => {}
            Some(existing) => {
                let mut draft = speaker_draft(existing);
                draft.name = person.name.clone();
                let relabelled = if existing.name_lang == name_lang {
                    String::new()
                } else {
                    format!(" (name language {} → {name_lang})", existing.name_lang)
                };
                draft.name_lang = name_lang;
                draft.bio = match &bio {
                    Some(bio) => Some(merged(existing.bio.as_ref(), lang, bio)),
                    None => as_inputs(existing.bio.as_ref()),
                };
                if let Some(edit) = edit.as_deref_mut() {
                    editing::speaker::update_in(edit, existing.id, draft)
                        .await
                        .map_err(|e| at(&format!("person {}", person.name), e))?;
                }
                outcome.changes.push(format!("Speaker updated: {}{relabelled}", person.name));
            }
            None => {
                let draft = editing::speaker::Draft {
                    name: person.name.clone(),
                    name_lang,
                    // The name as written: a transliteration needs a person, not a guess.
                    transliteration: person.name.clone(),
                    pronunciation_ipa: None,
                    pronunciation_hint: None,
                    honorific: None,
                    affiliation: None,
                    job_title: None,
                    bio: bio.map(|b| vec![TextInput { lang: lang.to_owned(), value: b }]),
                    photo_url: None,
                    photo_alt: None,
                    photo_decorative: false,
                };
                let id = match edit.as_deref_mut() {
                    Some(edit) => {
                        editing::speaker::create_in(edit, key, draft)
                            .await
                            .map_err(|e| at(&format!("person {}", person.name), e))?
                            .id
                    }
                    None => 0,
                };
                speakers.insert(key.clone(), id);
                outcome.changes.push(format!("New speaker: {}", person.name));
            }
        }
    }

    // Languages the source names become known to the server (from the catalogue).
    let mut known = HashSet::new();
    for w in wanted {
        for tag in w.floor.iter().chain(std::iter::once(&w.lang)) {
            let Some(edit) = edit.as_deref_mut() else { break };
            if known.insert(tag.clone())
                && !language_catalogue::ensure(&edit.txn, tag, edit.now).await.map_err(|e| at("language", e))?
            {
                outcome
                    .notes
                    .push(format!("language '{tag}' is not in Sanad's catalogue: its name is shown as its tag"));
            }
        }
    }

    for w in wanted {
        let what = format!("event {} ({})", w.event.guid, w.event.title);
        let room_id = rooms.get(&w.room).copied();
        let track_id = w.track.as_ref().and_then(|t| tracks.get(t).copied());
        let speaker_ids: Vec<(i64, SpeakerRole)> =
            w.speakers.iter().filter_map(|k| speakers.get(k)).map(|id| (*id, SpeakerRole::Speaker)).collect();
        match have.sessions.get(&w.key) {
            None => {
                let content = editing::session::Content {
                    kind: w.kind,
                    title: vec![TextInput { lang: w.lang.clone(), value: w.title.clone() }],
                    summary: w.summary.as_ref().map(|s| vec![TextInput { lang: w.lang.clone(), value: s.clone() }]),
                    plain_summary: None,
                    content_note: None,
                    track_id,
                    captions: Fact::Unknown,
                    captions_url: None,
                    floor_languages: w.floor.iter().cloned().collect(),
                    sign_languages: Vec::new(),
                    interpretation: Vec::new(),
                    speakers: dedup(speaker_ids),
                };
                let placement = editing::session::Placement { starts_at: w.starts_at, ends_at: w.ends_at, room_id };
                if let Some(edit) = edit.as_deref_mut() {
                    editing::session::create_in(edit, &w.key, content, placement, true)
                        .await
                        .map_err(|e| at(&what, e))?;
                }
                outcome.changes.push(format!(
                    "New: {}, {} {}",
                    w.title,
                    w.event.room,
                    w.event.start.format("%a %H:%M")
                ));
            }
            Some(existing) => {
                if existing.status == SessionStatus::Cancelled {
                    // An import never cancels (what leaves the source is removed): an organiser
                    // did, and that stands until an organiser reinstates it.
                    outcome.notes.push(format!("{what}: cancelled in Sanad; left cancelled"));
                    continue;
                }
                let content = updated_content(have, existing, w, track_id, dedup(speaker_ids));
                if let Some(content) = content {
                    if let Some(edit) = edit.as_deref_mut() {
                        editing::session::update_in(edit, existing.id, content).await.map_err(|e| at(&what, e))?;
                    }
                    outcome.changes.push(format!("Updated: {}", w.title));
                }
                if (existing.starts_at, existing.ends_at, existing.room_id) != (w.starts_at, w.ends_at, room_id) {
                    let was_room = have
                        .rooms
                        .values()
                        .find(|r| Some(r.id) == existing.room_id)
                        .and_then(|r| r.name.get(lang).map(str::to_owned))
                        .unwrap_or_default();
                    let to = editing::session::MoveTo {
                        starts_at: Some(w.starts_at),
                        ends_at: Some(w.ends_at),
                        room_id: room_id.or(existing.room_id),
                    };
                    if let Some(edit) = edit.as_deref_mut() {
                        editing::session::move_to_in(edit, existing.id, to, true).await.map_err(|e| at(&what, e))?;
                    }
                    outcome.changes.push(format!(
                        "Moved: {}, {} {} → {} {}",
                        w.title,
                        was_room,
                        existing.starts_at.with_timezone(&zone).format("%a %H:%M"),
                        w.event.room,
                        w.starts_at.with_timezone(&zone).format("%a %H:%M")
                    ));
                }
            }
        }
    }

    let keys: HashSet<&str> = wanted.iter().map(|w| w.key.as_str()).collect();
    let mut gone: Vec<&session::Model> =
        have.sessions.values().filter(|s| is_source_key(&s.slug) && !keys.contains(s.slug.as_str())).collect();
    gone.sort_by_key(|s| (s.starts_at, s.id));
    // A source that lost most of its programme is more likely a wrong file or an unpublished
    // schedule than a real change: every agenda holder would be told their sessions are gone.
    let from_source = have.sessions.values().filter(|s| is_source_key(&s.slug)).count();
    if !allow_removals && gone.len() > 5 && gone.len() * 2 > from_source {
        return Err(format!(
            "the source would remove {} of the {from_source} sessions it brought: if that is meant, pass --allow-removals",
            gone.len()
        ));
    }
    for session in gone {
        let title = session.title.get(lang).or_else(|| session.title.0.values().next().map(String::as_str));
        if let Some(edit) = edit.as_deref_mut() {
            editing::session::delete_in(edit, session.id)
                .await
                .map_err(|e| at(&format!("session {}", session.slug), e))?;
        }
        outcome.changes.push(format!("Removed: {}", title.unwrap_or(&session.slug)));
    }
    Ok(())
}

fn dedup(speakers: Vec<(i64, SpeakerRole)>) -> Vec<(i64, SpeakerRole)> {
    let mut seen = HashSet::new();
    speakers.into_iter().filter(|s| seen.insert(*s)).collect()
}

/// The session's new content when the source changed what it says; `None` when it did not.
fn updated_content(
    have: &Current,
    existing: &session::Model,
    w: &Wanted<'_>,
    track_id: Option<i64>,
    speakers: Vec<(i64, SpeakerRole)>,
) -> Option<editing::session::Content> {
    let languages = have.languages.get(&existing.id).map(Vec::as_slice).unwrap_or_default();
    let floor_now: Vec<String> =
        languages.iter().filter(|l| l.kind == LanguageRole::Floor).map(|l| l.lang.clone()).collect();
    let floor: Vec<String> = match &w.floor {
        Some(tag) => vec![tag.clone()],
        None => floor_now.clone(),
    };
    let links = have.speaker_links.get(&existing.id).map(Vec::as_slice).unwrap_or_default();
    // People in other roles (a moderator added in Sanad) stay; the source's speakers are its own.
    let mut all_speakers: Vec<(i64, SpeakerRole)> =
        links.iter().filter(|l| l.role != SpeakerRole::Speaker).map(|l| (l.speaker_id, l.role)).collect();
    all_speakers.extend(speakers);
    let speakers_now: Vec<(i64, SpeakerRole)> = links.iter().map(|l| (l.speaker_id, l.role)).collect();
    let summary_now = existing.summary.as_ref().and_then(|s| s.get(&w.lang));
    let unchanged = existing.title.get(&w.lang) == Some(w.title.as_str())
        // A source that says nothing of the summary leaves Sanad's as it is.
        && (w.summary.is_none() || summary_now == w.summary.as_deref())
        && existing.kind == w.kind
        && existing.track_id == track_id
        && floor == floor_now
        && all_speakers == speakers_now;
    if unchanged {
        return None;
    }
    let summary = match &w.summary {
        Some(summary) => Some(merged(existing.summary.as_ref(), &w.lang, summary)),
        None => as_inputs(existing.summary.as_ref()),
    };
    Some(editing::session::Content {
        kind: w.kind,
        title: merged(Some(&existing.title), &w.lang, &w.title),
        summary,
        plain_summary: as_inputs(existing.plain_summary.as_ref()),
        content_note: as_inputs(existing.content_note.as_ref()),
        track_id,
        captions: existing.captions,
        captions_url: existing.captions_url.clone(),
        floor_languages: floor,
        sign_languages: languages.iter().filter(|l| l.kind == LanguageRole::Sign).map(|l| l.lang.clone()).collect(),
        interpretation: languages
            .iter()
            .filter(|l| l.kind == LanguageRole::Interpretation)
            .map(|l| (l.channel.clone().unwrap_or_default(), l.lang.clone()))
            .collect(),
        speakers: dedup(all_speakers),
    })
}

fn room_draft(existing: &room::Model, name: Vec<TextInput>) -> editing::room::Draft {
    editing::room::Draft {
        name,
        floor: existing.floor,
        capacity: existing.capacity,
        wheelchair_spaces: existing.wheelchair_spaces,
        step_free: existing.step_free,
        hearing_loop: existing.hearing_loop,
        stage_access: existing.stage_access,
        layout: as_inputs(existing.layout.as_ref()),
        nearest_accessible_toilet_id: existing.nearest_accessible_toilet_id,
    }
}

fn speaker_draft(existing: &speaker::Model) -> editing::speaker::Draft {
    editing::speaker::Draft {
        name: existing.name.clone(),
        name_lang: existing.name_lang.clone(),
        transliteration: existing.transliteration.clone(),
        pronunciation_ipa: existing.pronunciation_ipa.clone(),
        pronunciation_hint: as_inputs(existing.pronunciation_hint.as_ref()),
        honorific: as_inputs(existing.honorific.as_ref()),
        affiliation: as_inputs(existing.affiliation.as_ref()),
        job_title: as_inputs(existing.job_title.as_ref()),
        bio: as_inputs(existing.bio.as_ref()),
        photo_url: existing.photo_url.clone(),
        photo_alt: as_inputs(existing.photo_alt.as_ref()),
        photo_decorative: existing.photo_decorative,
    }
}

/// Writes what an import did, for the person who ran it: the conference, the changes in
/// words, then what was odd.
pub fn print_report(out: &mut dyn std::io::Write, report: &Report, dry_run: bool) -> std::io::Result<()> {
    let changes = &report.outcome.changes;
    let verb = if dry_run { "would make" } else { "made" };
    if report.created && !dry_run {
        writeln!(out, "created conference {} for the source's {} events", report.conference, report.events)?;
    }
    if changes.is_empty() {
        writeln!(
            out,
            "{}: {} events, no changes (programme version {})",
            report.conference, report.events, report.outcome.version
        )?;
    } else if dry_run {
        writeln!(
            out,
            "{}: {} events; a real run {verb} {} change(s):",
            report.conference,
            report.events,
            changes.len()
        )?;
    } else {
        writeln!(
            out,
            "{}: {} events; {verb} {} change(s), programme version {}:",
            report.conference,
            report.events,
            changes.len(),
            report.outcome.version
        )?;
    }
    for change in changes {
        writeln!(out, "  {change}")?;
    }
    let notes: Vec<&String> = report.notes.iter().chain(&report.outcome.notes).collect();
    if !notes.is_empty() {
        writeln!(out, "read anyway ({}):", notes.len())?;
        for note in notes {
            writeln!(out, "  {note}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_words_name_kinds() {
        for (word, kind) in [
            ("lecture", SessionKind::Talk),
            ("Talk", SessionKind::Talk),
            ("workshop", SessionKind::Workshop),
            ("hands-on", SessionKind::Workshop),
            ("Panel discussion", SessionKind::Panel),
            ("keynote", SessionKind::Plenary),
            ("meeting", SessionKind::SideEvent),
            ("coffee break", SessionKind::Break),
            ("concert", SessionKind::Reception),
            ("podcast", SessionKind::Other),
            ("", SessionKind::Other),
        ] {
            assert_eq!(kind_of(word), kind, "{word}");
        }
    }

    #[test]
    fn slugs_of_names() {
        assert_eq!(slugify("Saal 1"), "saal-1");
        assert_eq!(slugify("  Hall A / Level -1 "), "hall-a-level-1");
        assert_eq!(slugify("Ethics, Society & Politics"), "ethics-society-politics");
        let arabic = slugify("القاعة أ");
        assert!(arabic.starts_with("x-") && arabic.len() == 14, "{arabic}");
        assert_eq!(arabic, slugify("القاعة أ"), "stable");
        assert_ne!(arabic, slugify("القاعة ب"));
        assert!(slugify(&"a".repeat(200)).len() <= 56);
    }

    #[test]
    fn session_keys_are_uuids_and_stable() {
        assert_eq!(session_key("8079583E-8321-506C-95AF-FD2903A5F075"), "8079583e-8321-506c-95af-fd2903a5f075");
        let derived = session_key("HOqeNIb6G7M4hYFKFRkCmQ");
        assert!(is_source_key(&derived));
        assert_eq!(derived, session_key("HOqeNIb6G7M4hYFKFRkCmQ"));
        assert_ne!(derived, session_key("hoqenib6g7m4hyfkfrkcmq"), "guids are case-sensitive");
        assert!(!is_source_key("opening-plenary"));
    }

    #[test]
    fn source_texts_are_cleaned_to_the_texts_rule() {
        assert_eq!(one_line(" Saal\t1\r\n "), "Saal 1");
        assert_eq!(paragraphs("One.\r\nTwo.\u{7}"), "One.\nTwo. ");
        assert_eq!(paragraphs("a\n\nb\tc"), "a\n\nb\tc");
    }

    #[test]
    fn texts_are_cut_at_a_word() {
        assert_eq!(fit("short", 10), ("short".to_owned(), false));
        assert_eq!(fit("one two three four", 12), ("one two…".to_owned(), true));
        assert!(fit(&"x".repeat(400), 300).0.chars().count() <= 300);
    }

    fn tags(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn a_reimport_corrects_only_the_name_language_an_import_gave() {
        let languages = tags(&["en", "ar"]);
        // (stored, name, fallback, kept)
        for (stored, name, fallback, kept) in [
            // What every earlier import wrote: the conference's default, whatever the script.
            ("en", "أمل صالح", "en", "ar"),
            ("ar", "Brian Robinson", "ar", "en"),
            // The default, and right for the script: left as it is.
            ("en", "Brian Robinson", "en", "en"),
            ("en", "Amal صالح", "en", "en"),
            // Chosen in Sanad (not the default): never touched, even when it looks wrong.
            ("ar-JO", "أمل صالح", "en", "ar-JO"),
            ("fa", "أمل صالح", "en", "fa"),
            ("de", "أمل صالح", "en", "de"),
            ("en", "أمل صالح", "ar", "en"),
        ] {
            assert_eq!(kept_name_language(stored, name, fallback, &languages), kept, "{stored} {name} ({fallback})");
        }
    }

    #[test]
    fn merged_texts_keep_other_languages() {
        let existing = Translations([("en".to_owned(), "Old".to_owned()), ("ar".to_owned(), "قديم".to_owned())].into());
        let merged = merged(Some(&existing), "en", "New");
        assert_eq!(
            merged,
            vec![
                TextInput { lang: "ar".into(), value: "قديم".into() },
                TextInput { lang: "en".into(), value: "New".into() }
            ]
        );
    }
}
