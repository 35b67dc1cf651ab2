//! Readers of frab's `schedule.xml` and c3voc's (and pretalx's) `schedule.json`, producing a
//! [`Schedule`].
//!
//! Why they read the way they do:
//! - Real exports do not all validate against their own schemas (31C3's guids are not UUIDs,
//!   pretalx gives two rooms one guid and names a zone its offsets disagree with). So the
//!   readers are lenient: whatever can still be meant is read, and what was odd comes back as
//!   notes. Only what cannot be meant (an event without a start, a duration or a key, two events
//!   with one key) refuses the file, and then every such problem is listed at once (up to
//!   100), so the file can be fixed in one pass. Nothing partial is returned.
//! - Sources come from outside (uploads, other servers). An XML document with a DTD is refused
//!   before anything in it is used: no entity is expanded and no external entity is fetched.
//!   Files over [`MAX_SOURCE_BYTES`] are refused unread, and nothing here panics.
//! - Every finding names its place in the file, so that a person can find it: `line L,
//!   column C` for XML (with the element, such as `(event guid=…)`), a JSON path such as
//!   `schedule.conference.days[0].rooms["Saal 1"][3].date` for JSON.
//! - JSON objects are read in the order they are written (serde_json's own `Value` sorts keys
//!   unless a feature elsewhere in the build says otherwise), so rooms and events keep the
//!   source's order.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Conference, Event, Finding, Format, Link, Person, Room, Schedule, Track};

/// Largest source accepted (DESIGN: a file over 50 MB is refused).
pub const MAX_SOURCE_BYTES: usize = 50 * 1024 * 1024;

/// Most findings returned in one list; the last one then says how many more there were.
const MAX_FINDINGS: usize = 100;

/// frab's default timetable granularity, used when the source gives none.
const DEFAULT_TIMESLOT_MINUTES: u32 = 5;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A schedule that was read, with what was odd in it but read anyway.
#[derive(Debug)]
pub struct Read {
    /// The schedule, as the source describes it.
    pub schedule: Schedule,
    /// What was odd but read anyway, each with its place in the file (at most
    /// 100, the last then saying how many more there were).
    pub notes: Vec<Finding>,
}

/// Which format these bytes are: XML starts (after BOM/whitespace) with `<`, JSON with `{`.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Some(Format::FrabXml),
        Some(b'{') => Some(Format::C3vocJson),
        _ => None,
    }
}

/// Reads a schedule. `format` None means detect. Err lists every problem that makes the
/// source unusable, each with its place in the file; nothing partial is returned.
pub fn read(bytes: &[u8], format: Option<Format>) -> Result<Read, Vec<Finding>> {
    if bytes.len() > MAX_SOURCE_BYTES {
        return Err(vec![finding(
            "file",
            format!(
                "the file is {} bytes; files over {} MB are refused",
                bytes.len(),
                MAX_SOURCE_BYTES / (1024 * 1024)
            ),
        )]);
    }
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(error) => {
            let good = body.get(..error.valid_up_to()).unwrap_or_default();
            let (line, column) = match std::str::from_utf8(good) {
                Ok(good) => Lines::new(good).line_column(good.len()),
                Err(_) => (1, 1),
            };
            let byte = error.valid_up_to() + (bytes.len() - body.len());
            return Err(vec![finding(
                format!("line {line}, column {column}"),
                format!("the file is not UTF-8 text (byte {byte} is not valid UTF-8); save it as UTF-8"),
            )]);
        }
    };
    match format.or_else(|| detect(body)) {
        Some(Format::FrabXml) => read_xml(text),
        Some(Format::C3vocJson) => read_json(text),
        None => Err(vec![finding(
            "file",
            "not a schedule file: frab XML starts with `<` and c3voc or pretalx JSON with `{`, and this file \
             starts with neither",
        )]),
    }
}

fn finding(at: impl Into<String>, message: impl Into<String>) -> Finding {
    Finding { at: at.into(), message: message.into() }
}

// ---------------------------------------------------------------------------------------------
// Shared: places, findings and the builder both formats feed.

/// A list of findings that keeps the first [`MAX_FINDINGS`] and counts the rest.
#[derive(Default)]
struct Findings {
    list: Vec<Finding>,
    more: usize,
}

impl Findings {
    fn push(&mut self, at: String, message: String) {
        if self.list.len() < MAX_FINDINGS {
            self.list.push(Finding { at, message });
        } else {
            self.more += 1;
        }
    }

    fn count(&self) -> usize {
        self.list.len() + self.more
    }

    fn finish(mut self, what: &str) -> Vec<Finding> {
        if self.more > 0 {
            // Make room for the summary so the list stays at MAX_FINDINGS.
            self.list.pop();
            let more = self.more + 1;
            self.list.push(finding("file", format!("{more} more {what} not listed")));
        }
        self.list
    }
}

/// Where something is: a byte offset in XML text (shown as line and column) with the element
/// it belongs to, or a JSON path.
#[derive(Clone, Debug)]
struct Place {
    offset: Option<usize>,
    path: String,
}

impl Place {
    fn json(path: String) -> Self {
        Place { offset: None, path }
    }

    fn xml(offset: usize, path: String) -> Self {
        Place { offset: Some(offset), path }
    }
}

/// Line starts of a text, to turn byte offsets into "line L, column C" the way roxmltree
/// counts them (lines split at `\n`, columns in characters, both from 1).
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = self.text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line + 1, column)
    }

    fn at(&self, offset: usize) -> String {
        let (line, column) = self.line_column(offset);
        format!("line {line}, column {column}")
    }
}

/// A value as written in the source, with its place.
#[derive(Clone, Debug)]
struct Field {
    value: String,
    at: Place,
}

/// The value trimmed, or None when there is none or it is blank.
fn text(field: &Option<Field>) -> Option<String> {
    field.as_ref().map(|f| f.value.trim()).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// Like [`text`] but keeps the value as written (long texts: abstracts, biographies).
fn prose(field: &Option<Field>) -> Option<String> {
    field.as_ref().filter(|f| !f.value.trim().is_empty()).map(|f| f.value.clone())
}

/// The conference-level facts, as written.
#[derive(Default)]
struct Head {
    /// The schedule element or object.
    schedule_at: Option<Place>,
    /// The conference element or object.
    conference_at: Option<Place>,
    version: Option<Field>,
    base_url: Option<Field>,
    acronym: Option<Field>,
    title: Option<Field>,
    description: Option<Field>,
    start: Option<Field>,
    end: Option<Field>,
    time_zone: Option<Field>,
    timeslot: Option<Field>,
    url: Option<Field>,
}

/// What a day tells its events: its date and the start (with offset) of its timetable.
#[derive(Clone, Debug, Default)]
struct Day {
    date: Option<NaiveDate>,
    start: Option<DateTime<FixedOffset>>,
}

struct RawPerson {
    at: Place,
    id: Option<Field>,
    code: Option<Field>,
    guid: Option<Field>,
    name: Option<Field>,
    biography: Option<Field>,
}

struct RawLink {
    at: Place,
    url: Option<Field>,
    title: Option<Field>,
}

/// One event's fields as written, before they are checked.
struct RawEvent {
    at: Place,
    /// The room the event is listed under (XML `<room name>`, JSON rooms key).
    enclosing_room: Option<String>,
    day: Day,
    guid: Option<Field>,
    code: Option<Field>,
    id: Option<Field>,
    date: Option<Field>,
    start: Option<Field>,
    duration: Option<Field>,
    end: Option<Field>,
    room: Option<Field>,
    slug: Option<Field>,
    url: Option<Field>,
    title: Option<Field>,
    subtitle: Option<Field>,
    track: Option<Field>,
    kind: Option<Field>,
    language: Option<Field>,
    abstract_text: Option<Field>,
    description: Option<Field>,
    recording_license: Option<Field>,
    do_not_record: Option<Field>,
    persons: Vec<RawPerson>,
    links: Vec<RawLink>,
    attachments: Vec<RawLink>,
}

/// Gathers rooms, tracks and events from either format, with the findings.
#[derive(Default)]
struct Builder<'a> {
    lines: Option<Lines<'a>>,
    problems: Findings,
    notes: Findings,
    rooms: Vec<Room>,
    room_index: HashMap<String, usize>,
    /// Room guid → the room that has it.
    room_guids: HashMap<String, String>,
    tracks: Vec<Track>,
    track_index: HashMap<String, usize>,
    /// Event key → where it was first seen.
    keys: HashMap<String, Place>,
    events: Vec<Event>,
    day_dates: Vec<NaiveDate>,
    zone: Option<Tz>,
    /// Events whose offset is not the named zone's at their time, and the first of them.
    off_zone: usize,
    first_off_zone: Option<(Place, DateTime<FixedOffset>, FixedOffset)>,
}

impl<'a> Builder<'a> {
    fn at(&self, place: &Place) -> String {
        match (place.offset, &self.lines) {
            (Some(offset), Some(lines)) if place.path.is_empty() => lines.at(offset),
            (Some(offset), Some(lines)) => format!("{} ({})", lines.at(offset), place.path),
            _ => place.path.clone(),
        }
    }

    fn problem(&mut self, place: &Place, message: impl Into<String>) {
        let at = self.at(place);
        self.problems.push(at, message.into());
    }

    fn note(&mut self, place: &Place, message: impl Into<String>) {
        let at = self.at(place);
        self.notes.push(at, message.into());
    }

    /// Reads what must be known before the events: the time zone.
    fn begin(&mut self, head: &Head) {
        if let Some(field) = head.time_zone.as_ref().filter(|f| !f.value.trim().is_empty()) {
            match field.value.trim().parse::<Tz>() {
                Ok(zone) => self.zone = Some(zone),
                Err(_) => {
                    let message = format!("time zone \"{}\" is not an IANA zone name: no zone is taken", field.value);
                    self.note(&field.at, message);
                }
            }
        }
    }

    /// Takes a room's guid unless another room already has it.
    fn room_guid(&mut self, room: &str, guid: Option<&Field>) -> Option<String> {
        let field = guid?;
        let guid = field.value.trim();
        if guid.is_empty() {
            return None;
        }
        match self.room_guids.get(guid) {
            Some(other) if other == room => Some(guid.to_owned()),
            Some(other) => {
                let message = format!(
                    "room \"{room}\" has the same guid as room \"{other}\" ({guid}): it is kept for \"{other}\" only"
                );
                self.note(&field.at, message);
                None
            }
            None => {
                self.room_guids.insert(guid.to_owned(), room.to_owned());
                Some(guid.to_owned())
            }
        }
    }

    /// A room the conference declares.
    fn declare_room(
        &mut self,
        at: &Place,
        name: Option<String>,
        guid: Option<&Field>,
        description: Option<String>,
        capacity: Option<u32>,
    ) {
        let Some(name) = name else {
            self.note(at, "a room without a name is skipped");
            return;
        };
        if self.room_index.contains_key(&name) {
            self.note(at, format!("room \"{name}\" is declared twice: the first is kept"));
            return;
        }
        let guid = self.room_guid(&name, guid);
        self.room_index.insert(name.clone(), self.rooms.len());
        self.rooms.push(Room { name, guid, description, capacity });
    }

    /// A room named by a day or an event: added when not declared.
    fn use_room(&mut self, name: &str, guid: Option<&Field>) {
        match self.room_index.get(name).copied() {
            Some(index) => {
                if self.rooms.get(index).is_some_and(|r| r.guid.is_none()) && guid.is_some() {
                    let guid = self.room_guid(name, guid);
                    if let Some(room) = self.rooms.get_mut(index) {
                        room.guid = guid;
                    }
                }
            }
            None => {
                let guid = self.room_guid(name, guid);
                self.room_index.insert(name.to_owned(), self.rooms.len());
                self.rooms.push(Room { name: name.to_owned(), guid, description: None, capacity: None });
            }
        }
    }

    /// A track the conference declares.
    fn declare_track(&mut self, at: &Place, name: Option<String>, slug: Option<String>, color: Option<&Field>) {
        let Some(name) = name else {
            self.note(at, "a track without a name is skipped");
            return;
        };
        if self.track_index.contains_key(&name) {
            self.note(at, format!("track \"{name}\" is declared twice: the first is kept"));
            return;
        }
        let color = match color.map(|f| (f.value.trim(), &f.at)) {
            Some(("", _)) => None,
            Some((value, place)) => match hex_color(value) {
                Some(color) => Some(color),
                None => {
                    let (message, place) = (format!("track colour \"{value}\" is not #rrggbb: ignored"), place.clone());
                    self.note(&place, message);
                    None
                }
            },
            None => None,
        };
        self.track_index.insert(name.clone(), self.tracks.len());
        self.tracks.push(Track { name, slug, color });
    }

    fn use_track(&mut self, name: &str) {
        if !self.track_index.contains_key(name) {
            self.track_index.insert(name.to_owned(), self.tracks.len());
            self.tracks.push(Track { name: name.to_owned(), slug: None, color: None });
        }
    }

    /// Reads a day's date and start, noting what cannot be read.
    fn day(&mut self, at: &Place, date: Option<Field>, start: Option<Field>) -> Day {
        let mut day = Day::default();
        if let Some(field) = date.as_ref().filter(|f| !f.value.trim().is_empty()) {
            match parse_date(&field.value) {
                Some(date) => day.date = Some(date),
                None => self.note(&field.at, format!("day date \"{}\" is not a date: ignored", field.value)),
            }
        }
        if let Some(field) = start.as_ref().filter(|f| !f.value.trim().is_empty()) {
            match parse_instant(&field.value) {
                Some(start) => day.start = Some(start),
                None => self
                    .note(&field.at, format!("day start \"{}\" is not a date-time with offset: ignored", field.value)),
            }
        }
        if day.date.is_none() {
            day.date = day.start.map(|s| s.date_naive());
        }
        match day.date {
            Some(date) => self.day_dates.push(date),
            None => self.note(at, "the day has no date"),
        }
        day
    }

    /// The event's start: its `date`, or else its day's date (or start) with its `start` time.
    fn event_start(&mut self, e: &RawEvent) -> Option<DateTime<FixedOffset>> {
        let date = e.date.as_ref().filter(|f| !f.value.trim().is_empty());
        let mut naive = None;
        if let Some(field) = date {
            if let Some(start) = parse_instant(&field.value) {
                return Some(start);
            }
            naive = parse_naive_date_time(&field.value);
        }
        let why = match date {
            Some(field) if naive.is_some() => format!("date \"{}\" has no offset", field.value),
            Some(field) => format!("date \"{}\" is not a date-time", field.value),
            None => "there is no date".to_owned(),
        };
        let place = date.map_or(&e.at, |f| &f.at).clone();
        let clock = e.start.as_ref().filter(|f| !f.value.trim().is_empty());
        let time = match clock.map(|f| (parse_clock(&f.value), f)) {
            Some((Some(time), _)) => Some(time),
            Some((None, field)) => {
                let message = format!("{why}, and start \"{}\" is not a time (HH:MM)", field.value);
                self.problem(&field.at, message);
                return None;
            }
            None => naive.map(|n| n.time()),
        };
        let Some(time) = time else {
            self.problem(&place, format!("{why} and no start time: the event's start is unknown"));
            return None;
        };
        let local = match (naive, e.day.date) {
            (Some(naive), _) => naive.date().and_time(time),
            (None, Some(date)) => {
                let local = date.and_time(time);
                // A day's timetable runs past midnight (11:00 to 04:00): 01:00 is the next day.
                match e.day.start {
                    Some(start) if local < start.naive_local() => local + chrono::Duration::days(1),
                    _ => local,
                }
            }
            (None, None) => {
                self.problem(&place, format!("{why}, and the event's day gives no date: the event's start is unknown"));
                return None;
            }
        };
        // The zone knows the offset at that very time (a day may cross a clock change); the
        // day's start offset is the fallback.
        let offset = match (self.zone, e.day.start) {
            (Some(zone), _) => zone.offset_from_local_datetime(&local).earliest().map(|o| o.fix()),
            (None, Some(start)) => Some(*start.offset()),
            (None, None) => None,
        };
        let Some(start) = offset.and_then(|o| o.from_local_datetime(&local).single()) else {
            self.problem(
                &place,
                format!("{why}, and neither the day's start nor a time zone gives the offset of {local}"),
            );
            return None;
        };
        self.note(&place, format!("{why}: start taken as {} from the day and the start time", start.to_rfc3339()));
        Some(start)
    }

    fn event(&mut self, e: RawEvent) {
        let problems_before = self.problems.count();

        // The stable key.
        let id = match e.id.as_ref().map(|f| (f.value.trim(), f)) {
            Some(("", _)) => None,
            Some((value, field)) => match value.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    let message = format!("id \"{value}\" is not a whole number: ignored");
                    let place = field.at.clone();
                    self.note(&place, message);
                    None
                }
            },
            None => None,
        };
        let code = text(&e.code);
        let key = match (text(&e.guid), &code, id) {
            (Some(guid), _, _) => Some(guid),
            (None, Some(code), _) => {
                self.note(&e.at, format!("the event has no guid: its code {code} is used as its key"));
                Some(code.clone())
            }
            (None, None, Some(id)) => {
                self.note(&e.at, format!("the event has no guid: its id {id} is used as its key"));
                Some(id.to_string())
            }
            (None, None, None) => {
                self.problem(&e.at, "the event has no guid, code or id: it could not be told apart or updated later");
                None
            }
        };
        if let Some(key) = &key {
            if let Some(first) = self.keys.get(key).cloned() {
                let first = self.at(&first);
                self.problem(&e.at, format!("guid {key} is used twice: here and at {first}"));
            } else {
                self.keys.insert(key.clone(), e.at.clone());
            }
        }

        let start = self.event_start(&e);

        let duration = match e.duration.as_ref().filter(|f| !f.value.trim().is_empty()) {
            Some(field) => match parse_minutes(&field.value) {
                Some(0) => {
                    self.problem(&field.at, format!("duration \"{}\" is zero", field.value));
                    None
                }
                Some(minutes) => Some(minutes),
                None => {
                    let message = format!("duration \"{}\" is not HH:MM or HH:MM:SS", field.value);
                    self.problem(&field.at, message);
                    None
                }
            },
            None => match (e.end.as_ref().filter(|f| !f.value.trim().is_empty()), start) {
                (Some(field), Some(start)) => {
                    let minutes = parse_instant(&field.value).map(|end| (end - start).num_minutes());
                    match minutes.and_then(|m| u32::try_from(m).ok()).filter(|m| *m > 0) {
                        Some(minutes) => Some(minutes),
                        None => {
                            let message = format!(
                                "there is no duration, and end \"{}\" is not a date-time after the start",
                                field.value
                            );
                            self.problem(&field.at, message);
                            None
                        }
                    }
                }
                // The start's problem is already listed.
                (Some(_), None) => None,
                (None, _) => {
                    self.problem(&e.at, "the event has no duration (and no end)");
                    None
                }
            },
        };

        let own_room = text(&e.room);
        let enclosing = e.enclosing_room.as_deref().map(str::trim).filter(|r| !r.is_empty());
        let room = match (enclosing, own_room) {
            (Some(enclosing), Some(own)) => {
                if own != enclosing {
                    let place = e.room.as_ref().map_or(&e.at, |f| &f.at).clone();
                    self.note(
                        &place,
                        format!(
                            "the event names room \"{own}\" but is listed under room \"{enclosing}\": \
                             \"{enclosing}\" is used"
                        ),
                    );
                }
                Some(enclosing.to_owned())
            }
            (Some(enclosing), None) => Some(enclosing.to_owned()),
            (None, Some(own)) => Some(own),
            (None, None) => {
                self.problem(&e.at, "the event has no room");
                None
            }
        };

        let title = match text(&e.title) {
            Some(title) => title,
            None => {
                self.note(&e.at, "the event has no title");
                String::new()
            }
        };

        let do_not_record = match e.do_not_record.as_ref().map(|f| (f.value.trim().to_ascii_lowercase(), f)) {
            None => false,
            Some((value, field)) => match value.as_str() {
                "" | "false" | "0" | "no" => false,
                "true" | "1" | "yes" => true,
                _ => {
                    let message =
                        format!("\"{}\" is not true or false: taken as true (do not record), to be safe", field.value);
                    let place = field.at.clone();
                    self.note(&place, message);
                    true
                }
            },
        };

        let mut persons = Vec::with_capacity(e.persons.len());
        for p in &e.persons {
            let Some(name) = text(&p.name) else {
                self.note(&p.at, "a person without a name is skipped");
                continue;
            };
            let id = match text(&p.id) {
                Some(value) => match value.parse::<i64>() {
                    Ok(id) => Some(id),
                    Err(_) => {
                        self.note(&p.at, format!("person id \"{value}\" is not a whole number: ignored"));
                        None
                    }
                },
                None => None,
            };
            persons.push(Person { id, code: text(&p.code), guid: text(&p.guid), name, biography: prose(&p.biography) });
        }
        let links = self.links(&e.links, "link");
        let attachments = self.links(&e.attachments, "attachment");

        let track = text(&e.track);

        if self.problems.count() > problems_before {
            return;
        }
        let (Some(guid), Some(start), Some(duration_minutes), Some(room)) = (key, start, duration, room) else {
            return;
        };
        if let Some(zone) = self.zone {
            let expected = zone.offset_from_utc_datetime(&start.naive_utc()).fix();
            if expected != *start.offset() {
                self.off_zone += 1;
                if self.first_off_zone.is_none() {
                    self.first_off_zone = Some((e.at.clone(), start, expected));
                }
            }
        }
        self.use_room(&room, None);
        if let Some(track) = &track {
            self.use_track(track);
        }
        self.events.push(Event {
            guid,
            code,
            id,
            start,
            duration_minutes,
            room,
            slug: text(&e.slug),
            url: text(&e.url),
            title,
            subtitle: text(&e.subtitle),
            track,
            kind: text(&e.kind).unwrap_or_else(|| "other".to_owned()),
            language: text(&e.language),
            abstract_text: prose(&e.abstract_text),
            description: prose(&e.description),
            do_not_record,
            recording_license: text(&e.recording_license),
            persons,
            links,
            attachments,
        });
    }

    fn links(&mut self, raw: &[RawLink], what: &str) -> Vec<Link> {
        let mut links = Vec::with_capacity(raw.len());
        for link in raw {
            let Some(url) = text(&link.url) else {
                self.note(&link.at, format!("a {what} without a URL is skipped"));
                continue;
            };
            let title = text(&link.title).unwrap_or_else(|| url.clone());
            links.push(Link { url, title });
        }
        links
    }

    /// Puts the conference together and hands back the schedule, or every problem.
    fn finish(mut self, head: Head) -> Result<Read, Vec<Finding>> {
        let conference_at = head.conference_at.clone().unwrap_or_else(|| Place::json("schedule.conference".into()));
        let schedule_at = head.schedule_at.clone().unwrap_or_else(|| Place::json("schedule".into()));

        let (acronym, title) = match (text(&head.acronym), text(&head.title)) {
            (Some(acronym), Some(title)) => (acronym, title),
            (Some(acronym), None) => {
                self.note(&conference_at, format!("the conference has no title: its acronym \"{acronym}\" is used"));
                (acronym.clone(), acronym)
            }
            (None, Some(title)) => {
                let acronym = slug(&title);
                self.note(
                    &conference_at,
                    format!("the conference has no acronym: \"{acronym}\" is made from its title"),
                );
                (acronym, title)
            }
            (None, None) => {
                self.problem(&conference_at, "the conference has neither an acronym nor a title");
                (String::new(), String::new())
            }
        };

        let mut first = self.day_dates.iter().min().copied();
        let mut last = self.day_dates.iter().max().copied();
        for event in &self.events {
            let date = event.start.date_naive();
            first = Some(first.map_or(date, |d| d.min(date)));
            last = Some(last.map_or(date, |d| d.max(date)));
        }
        let start = self.conference_date(&head.start, &conference_at, "start", first);
        let end = self.conference_date(&head.end, &conference_at, "end", last);
        let (start, end) = match (start, end) {
            (Some(start), Some(end)) if end < start => {
                self.note(&conference_at, format!("the conference ends ({end}) before it starts ({start}): swapped"));
                (end, start)
            }
            (Some(start), Some(end)) => (start, end),
            _ => (NaiveDate::MIN, NaiveDate::MIN),
        };

        let timeslot_minutes = match head.timeslot.as_ref().filter(|f| !f.value.trim().is_empty()) {
            None => DEFAULT_TIMESLOT_MINUTES,
            Some(field) => match parse_minutes(&field.value) {
                Some(minutes) if minutes > 0 => minutes,
                _ => {
                    let message = format!(
                        "timeslot duration \"{}\" is not a positive HH:MM: {DEFAULT_TIMESLOT_MINUTES} minutes are used",
                        field.value
                    );
                    self.note(&field.at, message);
                    DEFAULT_TIMESLOT_MINUTES
                }
            },
        };

        let version = match text(&head.version) {
            Some(version) => version,
            None => {
                self.note(&schedule_at, "the schedule has no version");
                String::new()
            }
        };

        if let (Some(zone), Some((place, start, expected))) = (self.zone, self.first_off_zone.take()) {
            let message = format!(
                "{} event(s) have an offset that is not {zone}'s at their time; the first starts {} but {zone} \
                 is at {expected} then",
                self.off_zone,
                start.to_rfc3339()
            );
            self.note(&place, message);
        }

        if self.problems.count() > 0 {
            return Err(self.problems.finish("problems"));
        }
        let schedule = Schedule {
            version,
            base_url: text(&head.base_url),
            conference: Conference {
                acronym,
                title,
                description: prose(&head.description),
                start,
                end,
                time_zone: self.zone.map(|z| z.name().to_owned()),
                url: text(&head.url),
                timeslot_minutes,
                rooms: self.rooms,
                tracks: self.tracks,
            },
            events: self.events,
        };
        Ok(Read { schedule, notes: self.notes.finish("notes") })
    }

    /// The conference's first or last day: as written, else from its days and events.
    fn conference_date(
        &mut self,
        field: &Option<Field>,
        conference_at: &Place,
        what: &str,
        derived: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let written = field.as_ref().filter(|f| !f.value.trim().is_empty());
        if let Some(field) = written
            && let Some(date) = parse_date(&field.value)
        {
            return Some(date);
        }
        let (place, why) = match written {
            Some(field) => (field.at.clone(), format!("{what} \"{}\" is not a date", field.value)),
            None => (conference_at.clone(), format!("the conference has no {what} date")),
        };
        match derived {
            Some(date) => {
                self.note(&place, format!("{why}: {date} is taken from its days and events"));
                Some(date)
            }
            None => {
                self.problem(&place, format!("{why}, and there are no days or events to take it from"));
                None
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Small parsers.

/// "HH:MM", "H:MM" or "HH:MM:SS" as minutes (seconds rounded to the nearest minute).
fn parse_minutes(value: &str) -> Option<u32> {
    fn number(part: &str, max_len: usize) -> Option<u32> {
        if part.is_empty() || part.len() > max_len || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    }
    let parts: Vec<&str> = value.trim().split(':').collect();
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m] if m.len() == 2 => (number(h, 4)?, number(m, 2)?, 0),
        [h, m, s] if m.len() == 2 => (number(h, 4)?, number(m, 2)?, number(s, 2)?),
        _ => return None,
    };
    if minutes >= 60 || seconds >= 60 {
        return None;
    }
    Some(hours * 60 + minutes + u32::from(seconds >= 30))
}

/// "HH:MM" or "HH:MM:SS".
fn parse_clock(value: &str) -> Option<NaiveTime> {
    let value = value.trim();
    NaiveTime::parse_from_str(value, "%H:%M").or_else(|_| NaiveTime::parse_from_str(value, "%H:%M:%S")).ok()
}

/// A date-time with its offset (RFC 3339, seconds optional).
fn parse_instant(value: &str) -> Option<DateTime<FixedOffset>> {
    let value = value.trim();
    DateTime::parse_from_rfc3339(value).or_else(|_| DateTime::parse_from_str(value, "%Y-%m-%dT%H:%M%:z")).ok()
}

/// A date-time without an offset.
fn parse_naive_date_time(value: &str) -> Option<NaiveDateTime> {
    let value = value.trim();
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
}

/// A date, or the date of a date-time.
fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .or_else(|| parse_instant(value).map(|d| d.date_naive()))
        .or_else(|| parse_naive_date_time(value).map(|d| d.date()))
}

/// `#rrggbb` (lower-cased), also from `#RRGGBB`.
fn hex_color(value: &str) -> Option<String> {
    let hex = value.strip_prefix('#')?;
    (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| format!("#{}", hex.to_ascii_lowercase()))
}

/// A lower-case acronym made from a title.
fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

// ---------------------------------------------------------------------------------------------
// frab XML.

fn read_xml(source: &str) -> Result<Read, Vec<Finding>> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    let doc = match roxmltree::Document::parse_with_options(source, options) {
        Ok(doc) => doc,
        Err(error) => return Err(vec![xml_syntax(source, &error)]),
    };
    let mut b = Builder { lines: Some(Lines::new(source)), ..Builder::default() };
    let root = doc.root_element();
    let place = |node: roxmltree::Node<'_, '_>, path: String| Place::xml(node.range().start, path);
    if root.tag_name().name() != "schedule" {
        b.problem(
            &place(root, String::new()),
            format!("the document is <{}>, not <schedule>: not a frab schedule.xml", root.tag_name().name()),
        );
        return Err(b.problems.finish("problems"));
    }

    let field = |node: roxmltree::Node<'_, '_>, name: &str, path: &str| {
        child(node, name).map(|c| Field { value: node_text(c), at: place(c, format!("{path}{name}")) })
    };
    let attribute = |node: roxmltree::Node<'_, '_>, name: &str, path: &str| {
        node.attributes()
            .find(|a| a.name() == name)
            .map(|a| Field { value: a.value().to_owned(), at: Place::xml(a.range().start, format!("{path}{name}")) })
    };

    let mut head = Head {
        schedule_at: Some(place(root, "schedule".into())),
        version: field(root, "version", ""),
        ..Head::default()
    };
    let conference = child(root, "conference");
    if let Some(c) = conference {
        head.conference_at = Some(place(c, "conference".into()));
        let f = |name: &str| field(c, name, "conference/");
        head.acronym = f("acronym");
        head.title = f("title");
        head.description = f("description");
        head.start = f("start");
        head.end = f("end");
        head.time_zone = f("time_zone_name");
        head.timeslot = f("timeslot_duration");
        head.url = f("url");
        head.base_url = f("base_url");
    } else {
        head.conference_at = Some(place(root, "schedule".into()));
    }
    b.begin(&head);

    if let Some(c) = conference {
        for track in elements(c, "track") {
            let at = place(track, "conference/track".into());
            let name = attribute(track, "name", "conference/track/")
                .or_else(|| Some(Field { value: node_text(track), at: at.clone() }));
            b.declare_track(
                &at,
                text(&name),
                text(&attribute(track, "slug", "conference/track/")),
                attribute(track, "color", "conference/track/").as_ref(),
            );
        }
    }

    for day in elements(root, "day") {
        let index = day.attribute("index").unwrap_or_default();
        let day_path = format!("day index={index}");
        let day_at = place(day, day_path.clone());
        let ctx = b.day(
            &day_at,
            attribute(day, "date", &format!("{day_path}/")),
            attribute(day, "start", &format!("{day_path}/")),
        );
        for room in elements(day, "room") {
            let name = room.attribute("name").map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
            match &name {
                Some(name) => b.use_room(name, attribute(room, "guid", &format!("room name={name}/")).as_ref()),
                None => b.note(&place(room, "room".into()), "a room without a name: its events must name theirs"),
            }
            for event in elements(room, "event") {
                let label = match (event.attribute("guid"), event.attribute("id")) {
                    (Some(guid), _) if !guid.trim().is_empty() => format!("event guid={}", guid.trim()),
                    (_, Some(id)) => format!("event id={}", id.trim()),
                    _ => "event".to_owned(),
                };
                let path = format!("{label}/");
                let f = |name: &str| field(event, name, &path);
                let recording = child(event, "recording");
                let list = |container: &str, item: &str| -> Vec<RawLink> {
                    child(event, container)
                        .map(|list| {
                            elements(list, item)
                                .map(|l| RawLink {
                                    at: place(l, format!("{path}{item}")),
                                    url: attribute(l, "href", &format!("{path}{item}/")),
                                    title: Some(Field { value: node_text(l), at: place(l, format!("{path}{item}")) }),
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                };
                let persons = child(event, "persons")
                    .map(|list| {
                        elements(list, "person")
                            .map(|p| {
                                let at = place(p, format!("{path}person"));
                                RawPerson {
                                    id: attribute(p, "id", &format!("{path}person/")),
                                    code: attribute(p, "code", &format!("{path}person/")),
                                    guid: attribute(p, "guid", &format!("{path}person/")),
                                    name: Some(Field { value: node_text(p), at: at.clone() }),
                                    biography: None,
                                    at,
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let raw = RawEvent {
                    at: place(event, label.clone()),
                    enclosing_room: name.clone(),
                    day: ctx.clone(),
                    guid: attribute(event, "guid", &path),
                    code: attribute(event, "code", &path),
                    id: attribute(event, "id", &path),
                    date: f("date"),
                    start: f("start"),
                    duration: f("duration"),
                    end: f("end"),
                    room: f("room"),
                    slug: f("slug"),
                    url: f("url"),
                    title: f("title"),
                    subtitle: f("subtitle"),
                    track: f("track"),
                    kind: f("type"),
                    language: f("language"),
                    abstract_text: f("abstract"),
                    description: f("description"),
                    recording_license: recording.and_then(|r| field(r, "license", &format!("{path}recording/"))),
                    do_not_record: recording.and_then(|r| field(r, "optout", &format!("{path}recording/"))),
                    persons,
                    links: list("links", "link"),
                    attachments: list("attachments", "attachment"),
                };
                b.event(raw);
            }
        }
    }
    b.finish(head)
}

/// Where and why roxmltree refused the text.
fn xml_syntax(text: &str, error: &roxmltree::Error) -> Finding {
    use roxmltree::Error as E;
    let lines = Lines::new(text);
    match error {
        E::DtdDetected => {
            let offset = text.find("<!DOCTYPE").unwrap_or(0);
            finding(
                lines.at(offset),
                "a DTD or entity declarations are not accepted (<!DOCTYPE …>): the file was refused as it \
                 is, and nothing in it was expanded or fetched",
            )
        }
        E::UnexpectedEndOfStream | E::UnclosedRootNode => {
            finding(lines.at(text.len()), "the file ends before its XML is complete (is it cut off?)")
        }
        E::NoRootNode => finding(lines.at(text.len()), "there is no XML element in the file"),
        other => {
            let pos = other.pos();
            let message = other.to_string();
            let message = message.replace(&format!(" at {pos}"), "");
            finding(format!("line {}, column {}", pos.row, pos.col), format!("malformed XML: {message}"))
        }
    }
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

fn elements<'a, 'i: 'a>(
    node: roxmltree::Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    node.children().filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// All the text inside an element (text and CDATA, entities already replaced).
fn node_text(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect()
}

// ---------------------------------------------------------------------------------------------
// c3voc / pretalx JSON.

/// A JSON value whose objects keep the order they are written in.
#[derive(Debug)]
enum Json {
    Null,
    Bool(bool),
    /// A number, as text (`25`, `1.5`).
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` (the last one, when written twice, as JSON parsers do).
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct JsonVisitor;

        impl<'de> Visitor<'de> for JsonVisitor {
            type Value = Json;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
                Ok(Json::Bool(v))
            }

            fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
                Ok(Json::Number(v.to_string()))
            }

            fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
                Ok(Json::Number(v.to_string()))
            }

            fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
                Ok(Json::Number(v.to_string()))
            }

            fn visit_str<E>(self, v: &str) -> Result<Json, E> {
                Ok(Json::String(v.to_owned()))
            }

            fn visit_string<E>(self, v: String) -> Result<Json, E> {
                Ok(Json::String(v))
            }

            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }

            fn visit_none<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
                Json::deserialize(d)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut members = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Json>()? {
                    members.push((key, value));
                }
                Ok(Json::Object(members))
            }
        }

        deserializer.deserialize_any(JsonVisitor)
    }
}

/// A JSON object key as it is written in a path: `["Saal 1"]`.
fn quoted(key: &str) -> String {
    serde_json::Value::String(key.to_owned()).to_string()
}

fn read_json(source: &str) -> Result<Read, Vec<Finding>> {
    let root: Json = match serde_json::from_str(source) {
        Ok(root) => root,
        Err(error) => {
            let message = error.to_string();
            let suffix = format!(" at line {} column {}", error.line(), error.column());
            let message = message.strip_suffix(&suffix).unwrap_or(&message);
            return Err(vec![finding(
                format!("line {}, column {}", error.line(), error.column()),
                format!("malformed JSON: {message}"),
            )]);
        }
    };
    if !matches!(root, Json::Object(_)) {
        return Err(vec![finding(
            "document",
            format!("the document is {}, not an object with a `schedule`: not a schedule.json", root.kind()),
        )]);
    }
    let schedule = match root.get("schedule") {
        Some(schedule @ Json::Object(_)) => schedule,
        Some(other) => {
            return Err(vec![finding("schedule", format!("`schedule` is {}, not an object", other.kind()))]);
        }
        None => {
            return Err(vec![finding(
                "schedule",
                "there is no `schedule` object at the top level: not a c3voc or pretalx schedule.json",
            )]);
        }
    };
    let conference = match schedule.get("conference") {
        Some(conference @ Json::Object(_)) => conference,
        Some(other) => {
            return Err(vec![finding(
                "schedule.conference",
                format!("`conference` is {}, not an object", other.kind()),
            )]);
        }
        None => return Err(vec![finding("schedule.conference", "the schedule has no `conference`")]),
    };

    let mut b = Builder::default();
    let c = "schedule.conference";
    let mut head = Head {
        schedule_at: Some(Place::json("schedule".into())),
        conference_at: Some(Place::json(c.into())),
        version: json_field(&mut b, schedule, "version", "schedule"),
        base_url: json_field(&mut b, schedule, "base_url", "schedule"),
        ..Head::default()
    };
    head.acronym = json_field(&mut b, conference, "acronym", c);
    head.title = json_field(&mut b, conference, "title", c);
    head.description = json_field(&mut b, conference, "description", c);
    head.start = json_field(&mut b, conference, "start", c);
    head.end = json_field(&mut b, conference, "end", c);
    head.time_zone = json_field(&mut b, conference, "time_zone_name", c);
    head.timeslot = json_field(&mut b, conference, "timeslot_duration", c);
    head.url = json_field(&mut b, conference, "url", c);
    b.begin(&head);

    for (i, room) in json_list(&mut b, conference, "rooms", c) {
        let path = format!("{c}.rooms[{i}]");
        let at = Place::json(path.clone());
        let (name, guid, description, capacity) = match room {
            Json::String(name) => (Some(name.trim().to_owned()).filter(|n| !n.is_empty()), None, None, None),
            Json::Object(_) => {
                let name = json_field(&mut b, room, "name", &path);
                let guid = json_field(&mut b, room, "guid", &path);
                let description = json_field(&mut b, room, "description", &path);
                let capacity = match json_field(&mut b, room, "capacity", &path) {
                    Some(field) => match field.value.trim().parse::<u32>() {
                        Ok(capacity) => Some(capacity),
                        Err(_) => {
                            b.note(&field.at, format!("capacity \"{}\" is not a whole number: ignored", field.value));
                            None
                        }
                    },
                    None => None,
                };
                (text(&name), guid, prose(&description), capacity)
            }
            other => {
                b.note(&at, format!("a room is {}, not an object: skipped", other.kind()));
                continue;
            }
        };
        b.declare_room(&at, name, guid.as_ref(), description, capacity);
    }

    for (i, track) in json_list(&mut b, conference, "tracks", c) {
        let path = format!("{c}.tracks[{i}]");
        let at = Place::json(path.clone());
        match track {
            Json::String(name) => {
                b.declare_track(&at, Some(name.trim().to_owned()).filter(|n| !n.is_empty()), None, None)
            }
            Json::Object(_) => {
                let name = json_field(&mut b, track, "name", &path);
                let slug = json_field(&mut b, track, "slug", &path);
                let color = json_field(&mut b, track, "color", &path);
                b.declare_track(&at, text(&name), text(&slug), color.as_ref());
            }
            other => b.note(&at, format!("a track is {}, not an object: skipped", other.kind())),
        }
    }

    for (d, day) in json_list(&mut b, conference, "days", c) {
        let day_path = format!("{c}.days[{d}]");
        let day_at = Place::json(day_path.clone());
        if !matches!(day, Json::Object(_)) {
            b.note(&day_at, format!("a day is {}, not an object: skipped", day.kind()));
            continue;
        }
        let date = json_field(&mut b, day, "date", &day_path);
        let start = match day.get("day_start") {
            Some(_) => json_field(&mut b, day, "day_start", &day_path),
            None => json_field(&mut b, day, "start", &day_path),
        };
        let ctx = b.day(&day_at, date, start);
        let rooms = match day.get("rooms") {
            Some(Json::Object(rooms)) => rooms.as_slice(),
            None | Some(Json::Null) => &[],
            Some(other) => {
                let at = Place::json(format!("{day_path}.rooms"));
                b.note(&at, format!("`rooms` is {}, not an object of rooms by name: skipped", other.kind()));
                &[]
            }
        };
        for (room, events) in rooms {
            let room_path = format!("{day_path}.rooms[{}]", quoted(room));
            let room_name = Some(room.trim().to_owned()).filter(|r| !r.is_empty());
            if let Some(name) = &room_name {
                b.use_room(name, None);
            }
            let events = match events {
                Json::Array(events) => events.as_slice(),
                Json::Null => &[],
                other => {
                    b.note(
                        &Place::json(room_path),
                        format!("a room's events are {}, not an array: skipped", other.kind()),
                    );
                    continue;
                }
            };
            for (e, event) in events.iter().enumerate() {
                let path = format!("{room_path}[{e}]");
                if !matches!(event, Json::Object(_)) {
                    b.note(&Place::json(path), format!("an event is {}, not an object: skipped", event.kind()));
                    continue;
                }
                let raw = json_event(&mut b, event, path, room_name.clone(), ctx.clone());
                b.event(raw);
            }
        }
    }
    b.finish(head)
}

/// The items of an array member, noting a member that is not an array.
fn json_list<'j>(b: &mut Builder<'_>, object: &'j Json, key: &str, path: &str) -> Vec<(usize, &'j Json)> {
    match object.get(key) {
        Some(Json::Array(items)) => items.iter().enumerate().collect(),
        None | Some(Json::Null) => Vec::new(),
        Some(other) => {
            b.note(
                &Place::json(format!("{path}.{key}")),
                format!("`{key}` is {}, not an array: ignored", other.kind()),
            );
            Vec::new()
        }
    }
}

/// A member read as text (numbers and booleans as written); null is no value.
fn json_field(b: &mut Builder<'_>, object: &Json, key: &str, path: &str) -> Option<Field> {
    let value = object.get(key)?;
    let at = Place::json(format!("{path}.{key}"));
    let value = match value {
        Json::Null => return None,
        Json::String(s) => s.clone(),
        Json::Number(n) => n.clone(),
        Json::Bool(v) => v.to_string(),
        other => {
            b.note(&at, format!("`{key}` is {} where a text was expected: ignored", other.kind()));
            return None;
        }
    };
    Some(Field { value, at })
}

fn json_event(b: &mut Builder<'_>, event: &Json, path: String, room: Option<String>, day: Day) -> RawEvent {
    let mut f = |key: &str| json_field(b, event, key, &path);
    let mut raw = RawEvent {
        at: Place::json(path.clone()),
        enclosing_room: room,
        day,
        guid: f("guid"),
        code: f("code"),
        id: f("id"),
        date: f("date"),
        start: f("start"),
        duration: f("duration"),
        end: f("end"),
        room: f("room"),
        slug: f("slug"),
        url: f("url"),
        title: f("title"),
        subtitle: f("subtitle"),
        track: f("track"),
        kind: f("type"),
        language: f("language"),
        abstract_text: f("abstract"),
        description: f("description"),
        recording_license: f("recording_license"),
        do_not_record: f("do_not_record"),
        persons: Vec::new(),
        links: Vec::new(),
        attachments: Vec::new(),
    };
    for (i, person) in json_list(b, event, "persons", &path) {
        let at = Place::json(format!("{path}.persons[{i}]"));
        match person {
            Json::String(name) => raw.persons.push(RawPerson {
                name: Some(Field { value: name.clone(), at: at.clone() }),
                at,
                id: None,
                code: None,
                guid: None,
                biography: None,
            }),
            Json::Object(_) => {
                let p = &at.path;
                let public_name = json_field(b, person, "public_name", p);
                let name = if text(&public_name).is_some() { public_name } else { json_field(b, person, "name", p) };
                raw.persons.push(RawPerson {
                    id: json_field(b, person, "id", p),
                    code: json_field(b, person, "code", p),
                    guid: json_field(b, person, "guid", p),
                    biography: json_field(b, person, "biography", p),
                    name,
                    at,
                });
            }
            other => b.note(&at, format!("a person is {}, not an object: skipped", other.kind())),
        }
    }
    for key in ["links", "attachments"] {
        for (i, link) in json_list(b, event, key, &path) {
            let at = Place::json(format!("{path}.{key}[{i}]"));
            let raw_link = match link {
                Json::String(url) => {
                    RawLink { url: Some(Field { value: url.clone(), at: at.clone() }), title: None, at }
                }
                Json::Object(_) => {
                    let url = match link.get("url") {
                        Some(_) => json_field(b, link, "url", &at.path),
                        None => json_field(b, link, "href", &at.path),
                    };
                    RawLink { url, title: json_field(b, link, "title", &at.path), at }
                }
                other => {
                    b.note(&at, format!("a link is {}, not an object: skipped", other.kind()));
                    continue;
                }
            };
            if key == "links" {
                raw.links.push(raw_link);
            } else {
                raw.attachments.push(raw_link);
            }
        }
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(name: &str) -> Vec<u8> {
        let path = format!("{}/../../shared/formats/examples/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn instant(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn event<'s>(schedule: &'s Schedule, guid: &str) -> &'s Event {
        schedule.events.iter().find(|e| e.guid == guid).unwrap_or_else(|| panic!("no event {guid}"))
    }

    fn person_names(e: &Event) -> Vec<(Option<i64>, &str)> {
        e.persons.iter().map(|p| (p.id, p.name.as_str())).collect()
    }

    fn read_err(bytes: &[u8]) -> Vec<Finding> {
        match read(bytes, None) {
            Ok(read) => panic!("read although it should not: {:?}", read.notes),
            Err(findings) => findings,
        }
    }

    #[test]
    fn frab_31c3_xml() {
        let bytes = example("frab-31c3.xml");
        assert_eq!(detect(&bytes), Some(Format::FrabXml));
        let Read { schedule, notes } = read(&bytes, None).unwrap();
        // `grep -c '<event ' frab-31c3.xml` says 138.
        assert_eq!(schedule.events.len(), 138);
        assert_eq!(schedule.version, "1.5 To shine in a bright light");
        assert_eq!(schedule.base_url, None);
        let c = &schedule.conference;
        assert_eq!(c.acronym, "31c3");
        assert_eq!(c.title, "31. Chaos Communication Congress");
        assert_eq!(c.start, NaiveDate::from_ymd_opt(2014, 12, 27).unwrap());
        assert_eq!(c.end, NaiveDate::from_ymd_opt(2014, 12, 31).unwrap());
        assert_eq!(c.time_zone, None);
        assert_eq!(c.timeslot_minutes, 5);
        let rooms: Vec<_> = c.rooms.iter().map(|r| (r.name.as_str(), r.guid.as_deref())).collect();
        assert_eq!(rooms, [("Saal 1", None), ("Saal 2", None), ("Saal G", None), ("Saal 6", None)]);
        let tracks: Vec<_> = c.tracks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            tracks,
            [
                "CCC",
                "Ethics, Society & Politics",
                "Security & Hacking",
                "Entertainment",
                "Science",
                "Hardware & Making",
                "Art & Culture",
                "Other"
            ]
        );

        let first = &schedule.events[0];
        assert_eq!(first.guid, "29aecfd7-2e44-4f49-ab86-29b5e0877325");
        assert_eq!(first.id, Some(6561));
        assert_eq!(first.code, None);
        assert_eq!(first.title, "31C3 Opening Event");
        assert_eq!(first.subtitle, None);
        assert_eq!(first.start, instant("2014-12-27T11:00:00+01:00"));
        assert_eq!(first.start.offset().local_minus_utc(), 3600);
        assert_eq!(first.duration_minutes, 30);
        assert_eq!(first.room, "Saal 1");
        assert_eq!(first.track.as_deref(), Some("CCC"));
        assert_eq!(first.kind, "lecture");
        assert_eq!(first.language.as_deref(), Some("en"));
        assert_eq!(first.abstract_text, None);
        assert_eq!(first.recording_license, None);
        assert!(!first.do_not_record);
        assert_eq!(person_names(first), [(Some(1544), "erdgeist"), (Some(3874), "Geraldine de Bastion")]);
        assert!(first.links.is_empty());

        let base64 = event(&schedule, "HOqeNIb6G7M4hYFKFRkCmQ");
        assert_eq!(base64.id, Some(6264));
        assert_eq!(base64.title, "„Wir beteiligen uns aktiv an den Diskussionen“");
        assert_eq!(base64.track.as_deref(), Some("Ethics, Society & Politics"));
        assert_eq!(base64.language.as_deref(), Some("de"));
        assert_eq!(base64.recording_license.as_deref(), Some("cc-by-sa"));
        assert_eq!(base64.start, instant("2014-12-27T12:45:00+01:00"));
        assert_eq!(base64.duration_minutes, 60);
        assert_eq!(person_names(base64), [(Some(4085), "Martin Haase/maha")]);
        assert_eq!(
            base64.links,
            [Link {
                url: "http://breitband.deutschlandradiokultur.de/brb140823/".into(),
                title: "Maha kurz bei Breitband zu diesem Thema".into()
            }]
        );
        assert!(base64.description.as_deref().unwrap().ends_with("bringt. "), "prose kept as written");

        // <optout>true</optout>, after midnight, 02:15, a person written with a leading space.
        let citizenfour = event(&schedule, "77aea78c-f2d2-461a-92b3-82929a79d598");
        assert!(citizenfour.do_not_record);
        assert_eq!(citizenfour.kind, "other");
        assert_eq!(citizenfour.start, instant("2014-12-28T00:00:00+01:00"));
        assert_eq!(citizenfour.duration_minutes, 135);
        let crypto = event(&schedule, "MghFmvDBS-J7T2ZOkNXUKA");
        assert!(crypto.persons.iter().any(|p| p.id == Some(3669) && p.name == "Laura Poitras"));

        let last = schedule.events.last().unwrap();
        assert_eq!(last.guid, "78d34ebe-e910-4d26-98e3-71c0f07cedb6");
        assert_eq!(last.room, "Saal 6");
        assert_eq!(person_names(last), [(Some(5183), "Frank Rieger"), (Some(384), "Ron")]);

        // 211 <person> and 134 <link> elements, all with a name and an href.
        assert_eq!(schedule.events.iter().map(|e| e.persons.len()).sum::<usize>(), 211);
        assert_eq!(schedule.events.iter().map(|e| e.links.len()).sum::<usize>(), 134);
        assert_eq!(schedule.events.iter().filter(|e| e.do_not_record).count(), 2);
        // The file is odd in nothing the reader notes.
        assert_eq!(notes, []);
    }

    #[test]
    fn frab_camp2019_json() {
        let bytes = example("frab-camp2019.json");
        assert_eq!(detect(&bytes), Some(Format::C3vocJson));
        let Read { schedule, notes } = read(&bytes, None).unwrap();
        assert_eq!(schedule.events.len(), 79);
        assert_eq!(schedule.version, "Gacrux");
        assert_eq!(schedule.base_url.as_deref(), Some("https://fahrplan.events.ccc.de/camp/2019/Fahrplan/"));
        let c = &schedule.conference;
        assert_eq!(c.acronym, "Camp2019");
        assert_eq!(c.title, "Chaos Communication Camp 2019");
        assert_eq!(c.start, NaiveDate::from_ymd_opt(2019, 8, 21).unwrap());
        assert_eq!(c.end, NaiveDate::from_ymd_opt(2019, 8, 26).unwrap());
        assert_eq!(c.time_zone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(c.timeslot_minutes, 15);
        let rooms: Vec<_> = c.rooms.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(rooms, ["Curie", "Meitner"]);
        let tracks: Vec<_> = c.tracks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            tracks,
            [
                "CCC",
                "Security",
                "Ethics, Society & Politics",
                "Hardware & Making",
                "Art & Culture",
                "Entertainment",
                "Science"
            ]
        );

        let first = &schedule.events[0];
        assert_eq!(first.guid, "a0a0fcfe-b7fb-46e3-84b6-97a5406016b4");
        assert_eq!(first.id, Some(10386));
        assert_eq!(first.title, "Opening Ceremony");
        assert_eq!(first.subtitle, None);
        assert_eq!(first.start, instant("2019-08-21T11:00:00+02:00"));
        assert_eq!(first.duration_minutes, 30);
        assert_eq!(first.room, "Curie");
        assert_eq!(first.slug.as_deref(), Some("Camp2019-10386-opening_ceremony"));
        assert_eq!(first.url.as_deref(), Some("https://fahrplan.events.ccc.de/camp/2019/Fahrplan/events/10386.html"));
        assert_eq!(first.track.as_deref(), Some("CCC"));
        assert_eq!(first.language.as_deref(), Some("en"));
        assert_eq!(first.abstract_text.as_deref(), Some("A hearty welcome me lasses and lads!"));
        assert_eq!(first.description, None);
        assert_eq!(first.recording_license, None);
        assert!(!first.do_not_record);
        assert_eq!(person_names(first), [(Some(7797), "jinxx"), (Some(4827), "smtw")]);

        let k8s = event(&schedule, "24b58c74-2bba-412e-84ac-c206f714f0b7");
        assert_eq!(
            k8s.attachments,
            [Link {
                url: "/system/event_attachments/attachments/000/003/792/original/Hacking_Containers_and_Kubernetes.pdf?1566398735"
                    .into(),
                title: "Slides".into()
            }]
        );
        let last = schedule.events.last().unwrap();
        assert_eq!(last.guid, "9f38e10d-39e2-4380-83bf-26626396e476");
        assert_eq!(last.start, instant("2019-08-25T16:00:00+02:00"));
        assert_eq!(last.duration_minutes, 45);
        assert_eq!(last.room, "Meitner");
        assert_eq!(schedule.events.iter().map(|e| e.links.len()).sum::<usize>(), 52);
        assert_eq!(schedule.events.iter().map(|e| e.attachments.len()).sum::<usize>(), 12);
        assert_eq!(notes, []);
    }

    #[test]
    fn pretalx_democon_json() {
        let bytes = example("pretalx-democon.json");
        let Read { schedule, notes } = read(&bytes, Some(Format::C3vocJson)).unwrap();
        assert_eq!(schedule.events.len(), 36);
        assert_eq!(schedule.version, "v1.1");
        assert_eq!(schedule.base_url.as_deref(), Some("http://localhost/democon/schedule/"));
        let c = &schedule.conference;
        assert_eq!((c.acronym.as_str(), c.title.as_str()), ("democon", "DemoCon"));
        assert_eq!(c.start, NaiveDate::from_ymd_opt(2020, 12, 14).unwrap());
        assert_eq!(c.end, NaiveDate::from_ymd_opt(2020, 12, 16).unwrap());
        assert_eq!(c.time_zone.as_deref(), Some("UTC"));
        assert_eq!(c.timeslot_minutes, 5);
        // Both declared rooms carry b379c473-…: the second one's guid is dropped, with a note.
        assert_eq!(
            c.rooms,
            [
                Room {
                    name: "Gray Room".into(),
                    guid: Some("b379c473-93b9-4eae-9a09-d482e86cede3".into()),
                    description: None,
                    capacity: None
                },
                Room { name: "Tan Room".into(), guid: None, description: None, capacity: None },
            ]
        );
        let tracks: Vec<_> = c.tracks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(tracks, ["Phased", "Horizontal"]);

        let first = &schedule.events[0];
        assert_eq!(first.guid, "8079583e-8321-506c-95af-fd2903a5f075");
        assert_eq!(first.id, Some(25));
        assert_eq!(first.kind, "Talk");
        assert_eq!(first.url.as_deref(), Some("http://localhost/democon/talk/G9JGWY/"));
        assert_eq!(first.start, instant("2020-12-14T09:00:00+01:00"));
        let speaker = &first.persons[0];
        assert_eq!(
            (speaker.id, speaker.code.as_deref(), speaker.name.as_str()),
            (Some(26), Some("NQTF8Y"), "Brian Robinson")
        );
        assert!(
            speaker.biography.as_deref().unwrap().starts_with("Break through direction. Power cultural most should.\n")
        );

        let unrecorded = event(&schedule, "517218e5-c6e9-5628-b059-4b98e8b17745");
        assert!(unrecorded.do_not_record);
        assert_eq!(unrecorded.title, "Monitored 24hour customer loyalty");
        assert_eq!(unrecorded.room, "Tan Room");
        assert_eq!(unrecorded.duration_minutes, 90);
        assert_eq!(unrecorded.persons[0].code.as_deref(), Some("8KYFC8"));
        assert_eq!(unrecorded.persons[0].name, "Audrey Campbell");
        assert_eq!(schedule.events.iter().filter(|e| e.do_not_record).count(), 2);
        assert_eq!(schedule.events.last().unwrap().guid, "2b2f1972-ee1f-536d-a364-f36561b3ecce");

        let at: Vec<_> = notes.iter().map(|n| n.at.as_str()).collect();
        assert_eq!(at, ["schedule.conference.rooms[1].guid", "schedule.conference.days[0].rooms[\"Gray Room\"][0]"]);
        assert!(notes[0].message.contains("same guid as room \"Gray Room\""), "{}", notes[0]);
        // The file names UTC but writes +01:00 on every event.
        assert!(notes[1].message.starts_with("36 event(s) have an offset that is not UTC's"), "{}", notes[1]);
    }

    #[test]
    fn truncated_xml_is_refused_at_its_end() {
        let bytes = example("frab-31c3.xml");
        let half = &bytes[..bytes.len() / 2];
        let text = std::str::from_utf8(half).unwrap_or_else(|e| std::str::from_utf8(&half[..e.valid_up_to()]).unwrap());
        let line = text.matches('\n').count() + 1;
        let column = text.rsplit('\n').next().unwrap().chars().count() + 1;
        let findings = read_err(text.as_bytes());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].at, format!("line {line}, column {column}"));
        assert!(findings[0].message.contains("cut off"), "{}", findings[0]);
    }

    #[test]
    fn malformed_xml_gives_line_and_column() {
        let findings = read_err(b"<schedule>\n  <version>1</versio>\n</schedule>");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].at, "line 2, column 13");
        assert!(findings[0].message.contains("expected 'version' tag"), "{}", findings[0]);
    }

    #[test]
    fn billion_laughs_is_refused() {
        let xml = r#"<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><schedule>&lol2;</schedule>"#;
        let findings = read_err(xml.as_bytes());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].at, "line 1, column 1");
        assert!(findings[0].message.contains("DTD or entity declarations are not accepted"), "{}", findings[0]);
        assert!(findings[0].message.contains("nothing in it was expanded or fetched"));
    }

    #[test]
    fn external_entity_is_refused() {
        let xml =
            "<?xml version='1.0'?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<schedule>&e;</schedule>";
        let findings = read_err(xml.as_bytes());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].at, "line 2, column 1");
        assert!(findings[0].message.contains("DTD"), "{}", findings[0]);
        assert!(!findings[0].message.contains("root:"), "nothing of /etc/passwd may show");
    }

    #[test]
    fn malformed_json_gives_line_and_column() {
        let findings = read_err(b"{\n  \"schedule\": {\n    \"version\": 1,,\n  }\n}");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].at, "line 3, column 18");
        assert!(findings[0].message.starts_with("malformed JSON: "), "{}", findings[0]);
    }

    #[test]
    fn json_that_is_no_schedule_is_refused_clearly() {
        let findings = read(b"[1, 2]", Some(Format::C3vocJson)).unwrap_err();
        assert_eq!(
            findings,
            [finding("document", "the document is an array, not an object with a `schedule`: not a schedule.json")]
        );
        let findings = read_err(b"{\"conference\": {}}");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].at, "schedule");
        assert!(findings[0].message.contains("no `schedule` object"), "{}", findings[0]);
        let findings = read_err(b"{\"schedule\": {\"version\": \"1\"}}");
        assert_eq!(findings, [finding("schedule.conference", "the schedule has no `conference`")]);
    }

    /// A c3voc document with one day (2020-12-14, day start 09:00+01:00) and these events in
    /// room "Main".
    fn json_with(events: &str) -> String {
        format!(
            r#"{{"schedule": {{"version": "1", "conference": {{"acronym": "t", "title": "T",
                "start": "2020-12-14", "end": "2020-12-14",
                "days": [{{"index": 1, "date": "2020-12-14", "day_start": "2020-12-14T09:00:00+01:00",
                    "day_end": "2020-12-15T03:00:00+01:00", "rooms": {{"Main": [{events}]}}}}]}}}}}}"#
        )
    }

    fn json_event(guid: &str, date: &str, duration: &str) -> String {
        format!(
            r#"{{"guid": "{guid}", "date": "{date}", "duration": "{duration}", "title": "Talk {guid}", "room": "Main"}}"#
        )
    }

    #[test]
    fn bad_duration_is_refused_at_its_place() {
        let events = [
            json_event("a", "2020-12-14T10:00:00+01:00", "00:30"),
            json_event("b", "2020-12-14T11:00:00+01:00", "abc"),
        ];
        let findings = read_err(json_with(&events.join(",")).as_bytes());
        assert_eq!(
            findings,
            [finding(
                "schedule.conference.days[0].rooms[\"Main\"][1].duration",
                "duration \"abc\" is not HH:MM or HH:MM:SS"
            )]
        );
        let zero = json_event("c", "2020-12-14T10:00:00+01:00", "00:00");
        let findings = read_err(json_with(&zero).as_bytes());
        assert_eq!(findings[0].at, "schedule.conference.days[0].rooms[\"Main\"][0].duration");
        assert_eq!(findings[0].message, "duration \"00:00\" is zero");

        // In XML the place is the <duration> element's line and column, with its event.
        let xml = "<schedule><version>1</version><conference><acronym>t</acronym><title>T</title></conference>\n\
                   <day index='1' date='2020-12-14' start='2020-12-14T09:00:00+01:00' end='2020-12-14T20:00:00+01:00'>\n\
                   <room name='Main'><event guid='g1' id='1'><date>2020-12-14T10:00:00+01:00</date>\n  \
                   <duration>abc</duration><title>x</title></event></room></day></schedule>";
        let findings = read_err(xml.as_bytes());
        assert_eq!(
            findings,
            [finding("line 4, column 3 (event guid=g1/duration)", "duration \"abc\" is not HH:MM or HH:MM:SS")]
        );
    }

    #[test]
    fn duplicate_guid_is_refused_naming_both_places() {
        let events = [
            json_event("dup-1", "2020-12-14T10:00:00+01:00", "00:30"),
            json_event("other", "2020-12-14T11:00:00+01:00", "00:30"),
            json_event("dup-1", "2020-12-14T12:00:00+01:00", "00:30"),
        ];
        let findings = read_err(json_with(&events.join(",")).as_bytes());
        assert_eq!(
            findings,
            [finding(
                "schedule.conference.days[0].rooms[\"Main\"][2]",
                "guid dup-1 is used twice: here and at schedule.conference.days[0].rooms[\"Main\"][0]"
            )]
        );
    }

    #[test]
    fn event_without_date_or_day_is_refused() {
        // No date, no start time, and a day without date or start.
        let json = r#"{"schedule": {"version": "1", "conference": {"acronym": "t", "title": "T",
            "start": "2020-12-14", "end": "2020-12-14",
            "days": [{"index": 1, "rooms": {"Main": [{"guid": "g", "duration": "00:30", "title": "x"}]}}]}}}"#;
        let findings = read_err(json.as_bytes());
        assert_eq!(
            findings,
            [finding(
                "schedule.conference.days[0].rooms[\"Main\"][0]",
                "there is no date and no start time: the event's start is unknown"
            )]
        );
        // A start time but a day without any date.
        let json = json.replace(r#""duration""#, r#""start": "10:00", "duration""#);
        let findings = read_err(json.as_bytes());
        assert_eq!(
            findings,
            [finding(
                "schedule.conference.days[0].rooms[\"Main\"][0]",
                "there is no date, and the event's day gives no date: the event's start is unknown"
            )]
        );
    }

    #[test]
    fn every_problem_is_listed_up_to_the_cap() {
        let events: Vec<_> = (0..3).map(|i| json_event(&format!("e{i}"), "2020-12-14T10:00:00+01:00", "x")).collect();
        let findings = read_err(json_with(&events.join(",")).as_bytes());
        assert_eq!(findings.len(), 3);
        assert_eq!(findings[2].at, "schedule.conference.days[0].rooms[\"Main\"][2].duration");

        let events: Vec<_> = (0..150).map(|i| json_event(&format!("e{i}"), "2020-12-14T10:00:00+01:00", "x")).collect();
        let findings = read_err(json_with(&events.join(",")).as_bytes());
        assert_eq!(findings.len(), MAX_FINDINGS);
        assert_eq!(findings[98].at, "schedule.conference.days[0].rooms[\"Main\"][98].duration");
        assert_eq!(findings[99], finding("file", "51 more problems not listed"));
    }

    #[test]
    fn oversized_file_is_refused() {
        let bytes = vec![b' '; MAX_SOURCE_BYTES + 1];
        let findings = read_err(&bytes);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].at, "file");
        assert!(findings[0].message.contains("over 50 MB"), "{}", findings[0]);
    }

    #[test]
    fn invalid_utf8_is_refused() {
        let findings = read_err(b"<schedule>\n<version>caf\xe9</version></schedule>");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].at, "line 2, column 13");
        assert!(findings[0].message.contains("byte 23 is not valid UTF-8"), "{}", findings[0]);
    }

    #[test]
    fn garbage_is_refused() {
        let findings = read_err(b"hello");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].at, "file");
        assert!(findings[0].message.contains("starts with neither"));
    }

    #[test]
    fn detects_formats() {
        assert_eq!(detect(b"<schedule/>"), Some(Format::FrabXml));
        assert_eq!(detect(b"\n  <?xml version='1.0'?><schedule/>"), Some(Format::FrabXml));
        assert_eq!(detect(b"{\"schedule\": {}}"), Some(Format::C3vocJson));
        assert_eq!(detect(b"\xEF\xBB\xBF \r\n{}"), Some(Format::C3vocJson));
        assert_eq!(detect(b"\xEF\xBB\xBF<a/>"), Some(Format::FrabXml));
        assert_eq!(detect(b"[]"), None);
        assert_eq!(detect(b"\x00\x01garbage"), None);
        assert_eq!(detect(b""), None);
        assert_eq!(detect(b"\xEF\xBB\xBF"), None);
    }

    #[test]
    fn lenient_xml() {
        let xml = "\u{feff}<?xml version='1.0' encoding='utf-8'?>
<schedule>
<conference>
<acronym>amman19</acronym>
<start>2019-09-10</start>
<end>2019-09-12T18:00:00+03:00</end>
<time_zone_name>Asia/Amman</time_zone_name>
<timeslot_duration>00:15</timeslot_duration>
<base_url>https://example.org/</base_url>
<track name='Rights' color='#AA00CC' slug='rights'/>
<track name='Bad colour' color='purple'/>
</conference>
<day index='1' date='2019-09-10' start='2019-09-10T08:00:00+03:00' end='2019-09-11T02:00:00+03:00'>
<room name='Hall A' guid='11111111-2222-3333-4444-555555555555'>
<event guid='no-date' id='7'>
  <start>09:30</start>
  <duration>0:45</duration>
  <room>Hall B</room>
  <title>  Opening  </title>
  <subtitle></subtitle>
  <type></type>
  <track>Rights</track>
  <recording><license/><optout>true</optout></recording>
  <persons><person id='1'>Amal</person><person id='2'>  </person></persons>
  <links><link href='https://example.org/a'>A</link><link>no href</link></links>
  <attachments><attachment href='https://example.org/s.pdf'>Slides</attachment></attachments>
</event>
<event id='8'>
  <start>01:15</start>
  <duration>01:00:00</duration>
  <title>Late</title>
  <track>Night</track>
</event>
</room>
</day>
</schedule>";
        let Read { schedule, notes } = read(xml.as_bytes(), None).unwrap();
        let c = &schedule.conference;
        assert_eq!((c.acronym.as_str(), c.title.as_str()), ("amman19", "amman19"));
        assert_eq!(c.end, NaiveDate::from_ymd_opt(2019, 9, 12).unwrap());
        assert_eq!(c.time_zone.as_deref(), Some("Asia/Amman"));
        assert_eq!(c.timeslot_minutes, 15);
        assert_eq!(schedule.base_url.as_deref(), Some("https://example.org/"));
        assert_eq!(schedule.version, "");
        assert_eq!(
            c.rooms,
            [Room {
                name: "Hall A".into(),
                guid: Some("11111111-2222-3333-4444-555555555555".into()),
                description: None,
                capacity: None
            }]
        );
        assert_eq!(
            c.tracks,
            [
                Track { name: "Rights".into(), slug: Some("rights".into()), color: Some("#aa00cc".into()) },
                Track { name: "Bad colour".into(), slug: None, color: None },
                Track { name: "Night".into(), slug: None, color: None },
            ]
        );

        let [opening, late] = schedule.events.as_slice() else { panic!("{:?}", schedule.events) };
        assert_eq!(opening.guid, "no-date");
        assert_eq!(opening.start, instant("2019-09-10T09:30:00+03:00"));
        assert_eq!(opening.duration_minutes, 45);
        assert_eq!(opening.room, "Hall A");
        assert_eq!(opening.title, "Opening");
        assert_eq!(opening.subtitle, None);
        assert_eq!(opening.kind, "other");
        assert!(opening.do_not_record);
        assert_eq!(person_names(opening), [(Some(1), "Amal")]);
        assert_eq!(opening.links, [Link { url: "https://example.org/a".into(), title: "A".into() }]);
        assert_eq!(opening.attachments, [Link { url: "https://example.org/s.pdf".into(), title: "Slides".into() }]);
        // No guid: the id is the key; 01:15 on a day that starts at 08:00 is the next morning.
        assert_eq!(late.guid, "8");
        assert_eq!(late.start, instant("2019-09-11T01:15:00+03:00"));
        assert_eq!(late.duration_minutes, 60);
        assert_eq!(late.room, "Hall A");

        let got: Vec<_> = notes.iter().map(|n| n.to_string()).collect();
        assert_eq!(
            got,
            [
                "line 11, column 26 (conference/track/color): track colour \"purple\" is not #rrggbb: ignored",
                "line 15, column 1 (event guid=no-date): there is no date: start taken as 2019-09-10T09:30:00+03:00 \
                 from the day and the start time",
                "line 18, column 3 (event guid=no-date/room): the event names room \"Hall B\" but is listed under \
                 room \"Hall A\": \"Hall A\" is used",
                "line 24, column 40 (event guid=no-date/person): a person without a name is skipped",
                "line 25, column 53 (event guid=no-date/link): a link without a URL is skipped",
                "line 28, column 1 (event id=8): the event has no guid: its id 8 is used as its key",
                "line 28, column 1 (event id=8): there is no date: start taken as 2019-09-11T01:15:00+03:00 \
                 from the day and the start time",
                "line 3, column 1 (conference): the conference has no title: its acronym \"amman19\" is used",
                "line 2, column 1 (schedule): the schedule has no version",
            ]
        );
    }

    #[test]
    fn lenient_json() {
        // Rooms written Zeta before Alpha stay in that order; no duration but an end; a code as
        // key; an unknown zone; links with href; a start date-time for the conference.
        let json = r##"{"schedule": {"version": "2", "conference": {"title": "Démo",
            "start": "2020-12-14T08:00:00+01:00", "time_zone_name": "Mars/Olympus",
            "rooms": [{"name": "Zeta", "guid": "z", "description": "", "capacity": 120},
                      {"name": "Side", "capacity": "many"}],
            "tracks": [{"name": "Tech", "slug": "tech", "color": "#112233"}],
            "days": [{"index": 1, "date": "2020-12-14", "day_start": "2020-12-14T09:00:00+01:00",
                "rooms": {
                    "Zeta": [{"code": "ABC123", "id": 5, "start": "10:00", "duration": "0:45",
                              "room": "Zeta", "title": "First", "subtitle": "", "track": "Tech",
                              "type": "Talk", "language": "", "do_not_record": null,
                              "persons": [{"code": "P1", "name": "Rania", "biography": ""},
                                          {"id": 3, "public_name": "Omar", "name": "O."},
                                          {"id": 4}],
                              "links": [{"href": "https://example.org", "title": "Site"}, {"title": "none"}]}],
                    "Alpha": [{"guid": "g2", "date": "2020-12-14T11:00:00+01:00",
                               "end": "2020-12-14T12:30:00+01:00", "room": "Elsewhere", "title": "Second",
                               "track": "New"}]
                }}]}}}"##;
        let Read { schedule, notes } = read(json.as_bytes(), None).unwrap();
        let c = &schedule.conference;
        assert_eq!((c.acronym.as_str(), c.title.as_str()), ("démo", "Démo"));
        assert_eq!(c.start, NaiveDate::from_ymd_opt(2020, 12, 14).unwrap());
        assert_eq!(c.end, NaiveDate::from_ymd_opt(2020, 12, 14).unwrap());
        assert_eq!(c.time_zone, None);
        let rooms: Vec<_> = c.rooms.iter().map(|r| (r.name.as_str(), r.guid.as_deref(), r.capacity)).collect();
        assert_eq!(rooms, [("Zeta", Some("z"), Some(120)), ("Side", None, None), ("Alpha", None, None)]);
        assert_eq!(c.rooms[0].description, None);
        let tracks: Vec<_> = c.tracks.iter().map(|t| (t.name.as_str(), t.color.as_deref())).collect();
        assert_eq!(tracks, [("Tech", Some("#112233")), ("New", None)]);

        let [first, second] = schedule.events.as_slice() else { panic!("{:?}", schedule.events) };
        assert_eq!((first.guid.as_str(), first.code.as_deref(), first.id), ("ABC123", Some("ABC123"), Some(5)));
        assert_eq!(first.start, instant("2020-12-14T10:00:00+01:00"));
        assert_eq!(first.duration_minutes, 45);
        assert_eq!(first.subtitle, None);
        assert_eq!(first.language, None);
        assert!(!first.do_not_record);
        let persons: Vec<_> = first.persons.iter().map(|p| (p.key(), p.name.as_str(), p.biography.clone())).collect();
        assert_eq!(persons, [("code:P1".to_owned(), "Rania", None), ("id:3".to_owned(), "Omar", None)]);
        assert_eq!(first.links, [Link { url: "https://example.org".into(), title: "Site".into() }]);
        assert_eq!(second.guid, "g2");
        assert_eq!(second.room, "Alpha");
        assert_eq!(second.duration_minutes, 90);

        let got: Vec<_> = notes.iter().map(|n| n.to_string()).collect();
        let e0 = "schedule.conference.days[0].rooms[\"Zeta\"][0]";
        let e1 = "schedule.conference.days[0].rooms[\"Alpha\"][0]";
        assert_eq!(
            got,
            [
                "schedule.conference.time_zone_name: time zone \"Mars/Olympus\" is not an IANA zone name: no zone is taken"
                    .to_owned(),
                "schedule.conference.rooms[1].capacity: capacity \"many\" is not a whole number: ignored".to_owned(),
                format!("{e0}: the event has no guid: its code ABC123 is used as its key"),
                format!("{e0}: there is no date: start taken as 2020-12-14T10:00:00+01:00 from the day and the start time"),
                format!("{e0}.persons[2]: a person without a name is skipped"),
                format!("{e0}.links[1]: a link without a URL is skipped"),
                format!("{e1}.room: the event names room \"Elsewhere\" but is listed under room \"Alpha\": \"Alpha\" is used"),
                "schedule.conference: the conference has no acronym: \"démo\" is made from its title".to_owned(),
                "schedule.conference: the conference has no end date: 2020-12-14 is taken from its days and events"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn conference_without_name_or_dates_is_refused() {
        let json = r#"{"schedule": {"version": "1", "conference": {"days": []}}}"#;
        let findings = read_err(json.as_bytes());
        let at: Vec<_> = findings.iter().map(|f| f.to_string()).collect();
        assert_eq!(
            at,
            [
                "schedule.conference: the conference has neither an acronym nor a title",
                "schedule.conference: the conference has no start date, and there are no days or events to take it from",
                "schedule.conference: the conference has no end date, and there are no days or events to take it from",
            ]
        );
    }

    #[test]
    fn places_match_roxmltree() {
        let bytes = example("frab-31c3.xml");
        let text = std::str::from_utf8(&bytes).unwrap();
        let doc = roxmltree::Document::parse(text).unwrap();
        let lines = Lines::new(text);
        let mut checked = 0;
        for node in doc.descendants().filter(|n| n.is_element()).step_by(37) {
            let pos = doc.text_pos_at(node.range().start);
            assert_eq!(lines.line_column(node.range().start), (pos.row as usize, pos.col as usize));
            checked += 1;
        }
        assert!(checked > 50);
        let end = doc.text_pos_at(text.len());
        assert_eq!(lines.line_column(text.len()), (end.row as usize, end.col as usize));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_minutes("00:30"), Some(30));
        assert_eq!(parse_minutes("0:45"), Some(45));
        assert_eq!(parse_minutes("01:30:00"), Some(90));
        assert_eq!(parse_minutes("10:00:29"), Some(600));
        assert_eq!(parse_minutes("00:00"), Some(0));
        assert_eq!(parse_minutes("1:5"), None);
        assert_eq!(parse_minutes("00:60"), None);
        assert_eq!(parse_minutes("abc"), None);
        assert_eq!(parse_minutes("-1:00"), None);
        assert_eq!(parse_minutes(""), None);
    }
}
