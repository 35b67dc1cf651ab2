//! The schedule interchange formats that conference tools and offline schedule apps share
//! (frab's `schedule.xml`, c3voc's `schedule.json`, which pretalx and frab also write).
//!
//! One model, [`Schedule`], stands between Sanad and every format: the exports
//! (`/schedule.xml`, `/schedule.json`) build one from the database and [`write`] it; imports
//! [`read`] one from a file and hand it on. Keeping both directions on the same model is what
//! makes an export of ours import back as the same programme.
//!
//! The model holds what those formats can say: one language per text (the source's, or the
//! viewer's on export), local wall-clock days and rooms by name. What they cannot say (access
//! facts, sign language, captions, translations) is Sanad's own and travels in its own document.

pub mod fetch;
pub mod import;
pub mod programme;
pub mod read;
pub mod sync;
pub mod write;

use chrono::{DateTime, FixedOffset, NaiveDate};

/// A whole schedule, as the interchange formats describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// The schedule's version string ("1.5 To shine in a bright light", a programme version).
    pub version: String,
    /// Base for relative URLs in the document, when the source gives one.
    pub base_url: Option<String>,
    pub conference: Conference,
    /// Every event, in the order the source lists them (by day, then room, then time).
    pub events: Vec<Event>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conference {
    /// Short lower-case name (`31c3`, `democon`).
    pub acronym: String,
    pub title: String,
    pub description: Option<String>,
    /// First and last day, local dates.
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// IANA zone name (`Europe/Berlin`) when the source says; frab's XML often does not, and
    /// then only the offsets on each event's `date` tell.
    pub time_zone: Option<String>,
    /// The conference's public web site.
    pub url: Option<String>,
    /// Granularity of the source's timetable, in minutes (frab `timeslot_duration`).
    pub timeslot_minutes: u32,
    /// Rooms in the source's order. Rooms named only by events are added by the readers.
    pub rooms: Vec<Room>,
    /// Tracks the source declares (events may name others; readers add those too).
    pub tracks: Vec<Track>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Room {
    /// The room's name as written in the source: events refer to rooms by it.
    pub name: String,
    /// The source's room id, when it has one.
    pub guid: Option<String>,
    pub description: Option<String>,
    pub capacity: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Track {
    pub name: String,
    pub slug: Option<String>,
    /// `#rrggbb`.
    pub color: Option<String>,
}

/// One talk, workshop or other item in one room at one time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The source's stable key for this event: its `guid` (frab, c3voc); pretalx's too. Not
    /// always a UUID in real exports (31C3 has base64 ones): kept as written.
    pub guid: String,
    /// pretalx's submission code (`G9JGWY`), when given.
    pub code: Option<String>,
    /// The legacy numeric id.
    pub id: Option<i64>,
    /// Start, with the offset the source gave.
    pub start: DateTime<FixedOffset>,
    pub duration_minutes: u32,
    /// The room's name; a room of that name is in [`Conference::rooms`].
    pub room: String,
    pub slug: Option<String>,
    /// The event's page at the source.
    pub url: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    /// The track's name, if any; a track of that name is in [`Conference::tracks`].
    pub track: Option<String>,
    /// The source's type (`lecture`, `Talk`, `workshop`, …), as written.
    pub kind: String,
    /// The spoken language, as the source wrote it (`en`, `de`, sometimes `English`).
    pub language: Option<String>,
    pub abstract_text: Option<String>,
    pub description: Option<String>,
    /// The speakers asked not to be recorded or streamed.
    pub do_not_record: bool,
    pub recording_license: Option<String>,
    pub persons: Vec<Person>,
    pub links: Vec<Link>,
    pub attachments: Vec<Link>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// frab's numeric id.
    pub id: Option<i64>,
    /// pretalx's speaker code.
    pub code: Option<String>,
    pub guid: Option<String>,
    /// The public name, as written.
    pub name: String,
    pub biography: Option<String>,
}

impl Person {
    /// The person's stable key in the source: pretalx code, then guid, then frab id, then
    /// the name itself (frab XML without ids).
    pub fn key(&self) -> String {
        if let Some(code) = &self.code {
            format!("code:{code}")
        } else if let Some(guid) = &self.guid {
            format!("guid:{guid}")
        } else if let Some(id) = self.id {
            format!("id:{id}")
        } else {
            format!("name:{}", self.name)
        }
    }
}

/// A link or an attached file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    pub title: String,
}

/// The interchange formats Sanad reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// frab's `schedule.xml` (also written by pretalx).
    FrabXml,
    /// c3voc's `schedule.json` (written by frab and pretalx).
    C3vocJson,
}

/// Something odd in a source that was read anyway, or a reason it could not be read: a
/// place in the file (`line 12, column 4` for XML, a JSON path like
/// `schedule.conference.days[0].rooms["Saal 1"][3].date`) and what was found there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub at: String,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}
