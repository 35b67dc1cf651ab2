//! Writes a [`Schedule`] as frab's `schedule.xml` or c3voc's `schedule.json`, valid against
//! the schemas those formats publish (`shared/formats/`), whatever the schedule came from.
//!
//! Real sources break their own schemas (31C3's guids are not UUIDs; pretalx's slugs have
//! upper-case letters), and apps such as Giggity and EventFahrplan key their favourites by
//! guid. So the writer mends only what the schemas refuse, and mends it the same way every
//! time: a guid that is not a UUID becomes the UUID v5 of itself, so a favourite survives a
//! re-export; a slug is lower-cased and stripped to the allowed characters.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event as XmlEvent};
use serde::Serialize;
use serde::ser::SerializeMap;

use super::{Event, Link, Person, Schedule};

/// Who wrote the document: the `generator` both formats carry.
#[derive(Clone, Copy, Debug)]
pub struct Generator<'a> {
    pub name: &'a str,
    pub version: &'a str,
}

impl Default for Generator<'_> {
    fn default() -> Self {
        Self { name: "Sanad", version: env!("CARGO_PKG_VERSION") }
    }
}

pub use sanad_schema::service::keys::{derived_uuid, uuid_of};

/// Lower-case letters, digits, `_` and `-`, ending in a letter or digit.
fn slug_chars(value: &str) -> String {
    let mut out: String = value
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' { c } else { '_' })
        .collect();
    while out.ends_with(['-', '_']) {
        out.pop();
    }
    out
}

/// The conference acronym both schemas accept (`[a-z0-9_]{4,}`): hyphens become underscores
/// (the JSON schema allows a hyphen only first), short ones are padded.
pub fn acronym(value: &str) -> String {
    let mut out = slug_chars(value).replace('-', "_");
    while out.len() < 4 {
        out.push('_');
    }
    out
}

/// An event slug both schemas accept: `acronym-id-rest` (XSD `voc-slug-new`, JSON
/// `^[a-z0-9_-]+[a-z0-9]$`).
fn event_slug(acronym: &str, id: i64, slug: Option<&str>) -> String {
    let rest = slug.map(slug_chars).unwrap_or_default();
    // A source slug often starts with the acronym already (`democon-25-…`): say it once.
    let rest = rest.strip_prefix(acronym).map(|r| r.trim_start_matches(['-', '_'])).unwrap_or(&rest).to_owned();
    if rest.is_empty() { format!("{acronym}-{id:04}") } else { format!("{acronym}-{id:04}-{rest}") }
}

fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// An http(s) URL as the schemas' `uri` wants it: parsed, with anything outside ASCII
/// percent-encoded (real exports carry IRIs with typographic quotes); `None` if not one.
fn http_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// The time zone name as the JSON schema's pattern has it (`Area/City` or `UTC`).
fn zone_name_ok(name: &str) -> bool {
    if name == "UTC" {
        return true;
    }
    let word = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase()) && {
            let rest: Vec<char> = chars.collect();
            !rest.is_empty() && rest.iter().take_while(|c| c.is_ascii_lowercase()).count() > 0
        }
    };
    let mut parts = name.split('/');
    matches!((parts.next(), parts.next()), (Some(a), Some(b)) if word(a) && word(b))
}

/// One day of the schedule: its local date, its bounds, and its events by room.
struct Day<'a> {
    index: usize,
    date: NaiveDate,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    /// Rooms in the conference's order, each with its events in time order; rooms without
    /// events that day are left out.
    rooms: Vec<(&'a str, Vec<Prepared<'a>>)>,
}

/// An event with everything the schemas insist on worked out.
struct Prepared<'a> {
    event: &'a Event,
    guid: String,
    id: i64,
    slug: String,
}

impl Prepared<'_> {
    fn end(&self) -> DateTime<FixedOffset> {
        self.event.start + Duration::minutes(i64::from(self.event.duration_minutes))
    }
}

/// The local midnight that starts `date`, with the offset in force then.
fn midnight(date: NaiveDate, zone: Option<Tz>, fallback: FixedOffset) -> DateTime<FixedOffset> {
    let naive = date.and_time(NaiveTime::MIN);
    if let Some(zone) = zone
        && let Some(at) = zone.from_local_datetime(&naive).earliest()
    {
        return at.with_timezone(&at.offset().fix());
    }
    fallback.from_local_datetime(&naive).earliest().unwrap_or_else(|| naive.and_utc().fixed_offset())
}

fn days(schedule: &Schedule) -> Vec<Day<'_>> {
    let conference = &schedule.conference;
    let zone: Option<Tz> = conference.time_zone.as_deref().and_then(|z| z.parse().ok());
    let fallback = schedule.events.first().map_or(Utc.fix(), |e| *e.start.offset());
    let acronym = acronym(&conference.acronym);

    // Every local date that has an event or lies within the conference's days.
    let mut dates: Vec<NaiveDate> = conference.start.iter_days().take_while(|d| *d <= conference.end).collect();
    dates.extend(schedule.events.iter().map(|e| e.start.date_naive()));
    dates.sort_unstable();
    dates.dedup();

    let mut used_ids = std::collections::HashSet::new();
    let prepared: Vec<Prepared<'_>> = schedule
        .events
        .iter()
        .enumerate()
        .map(|(i, event)| {
            // Ids must be positive and unique; a missing or repeated one takes a free number
            // past every id in the file.
            let fresh = i64::try_from(i).unwrap_or(i64::MAX / 2).saturating_add(1_000_000);
            let id = event.id.filter(|id| *id > 0 && used_ids.insert(*id)).unwrap_or_else(|| {
                used_ids.insert(fresh);
                fresh
            });
            Prepared { event, guid: uuid_of(&event.guid), id, slug: event_slug(&acronym, id, event.slug.as_deref()) }
        })
        .collect();

    // Every event once into its (day, room); rooms in the conference's order, then as events
    // name them.
    let mut rooms_in_order: Vec<&str> = Vec::new();
    for name in conference.rooms.iter().map(|r| r.name.as_str()).chain(schedule.events.iter().map(|e| e.room.as_str()))
    {
        if !rooms_in_order.contains(&name) {
            rooms_in_order.push(name);
        }
    }
    let mut by_day_and_room: HashMap<(NaiveDate, &str), Vec<Prepared<'_>>> = HashMap::new();
    for p in prepared {
        by_day_and_room.entry((p.event.start.date_naive(), p.event.room.as_str())).or_default().push(p);
    }
    dates
        .into_iter()
        .enumerate()
        .map(|(i, date)| {
            let rooms: Vec<(&str, Vec<Prepared<'_>>)> = rooms_in_order
                .iter()
                .filter_map(|room| {
                    let mut events = by_day_and_room.remove(&(date, *room))?;
                    events.sort_by_key(|p| p.event.start);
                    Some((*room, events))
                })
                .collect();
            let start = midnight(date, zone, fallback);
            let next = date.succ_opt().map_or(start + Duration::days(1), |d| midnight(d, zone, fallback));
            Day { index: i + 1, date, start, end: next - Duration::seconds(1), rooms }
        })
        .collect()
}

fn rfc3339(at: &DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// frab's `schedule.xml`.
pub fn frab_xml(schedule: &Schedule, generator: Generator<'_>) -> String {
    let mut xml = XmlOut::default();
    xml.write(schedule, generator);
    let mut out = String::from_utf8(xml.writer.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

/// Writes into a growing buffer; writing to a `Vec` cannot fail, so errors are dropped here,
/// once.
struct XmlOut {
    writer: Writer<Vec<u8>>,
}

impl Default for XmlOut {
    fn default() -> Self {
        Self { writer: Writer::new_with_indent(Vec::with_capacity(64 * 1024), b' ', 1) }
    }
}

type Attrs<'a> = &'a [(&'a str, &'a str)];

impl XmlOut {
    fn open(&mut self, name: &str, attrs: Attrs<'_>) {
        let mut start = quick_xml::events::BytesStart::new(name);
        for (key, value) in attrs {
            start.push_attribute((*key, *value));
        }
        let _ = self.writer.write_event(XmlEvent::Start(start));
    }

    fn close(&mut self, name: &str) {
        let _ = self.writer.write_event(XmlEvent::End(quick_xml::events::BytesEnd::new(name)));
    }

    /// `<name attrs>text</name>` (`<name attrs/>` when empty).
    fn leaf(&mut self, name: &str, attrs: Attrs<'_>, text: &str) {
        let mut element = self.writer.create_element(name);
        for (key, value) in attrs {
            element = element.with_attribute((*key, *value));
        }
        let _ = if text.is_empty() { element.write_empty() } else { element.write_text_content(BytesText::new(text)) };
    }

    fn write(&mut self, schedule: &Schedule, generator: Generator<'_>) {
        let _ = self.writer.write_event(XmlEvent::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        let c = &schedule.conference;
        self.open("schedule", &[]);
        self.leaf("generator", &[("name", generator.name), ("version", generator.version)], "");
        self.leaf("version", &[], &schedule.version);
        self.open("conference", &[]);
        self.leaf("acronym", &[], &acronym(&c.acronym));
        self.leaf("title", &[], &c.title);
        self.leaf("start", &[], &c.start.to_string());
        self.leaf("end", &[], &c.end.to_string());
        let days = days(schedule);
        self.leaf("days", &[], &days.len().to_string());
        self.leaf("timeslot_duration", &[], &hhmm(c.timeslot_minutes.max(1)));
        if let Some(base) = schedule.base_url.as_deref().and_then(http_url) {
            self.leaf("base_url", &[], &base);
        }
        if let Some(url) = c.url.as_deref().and_then(http_url) {
            self.leaf("url", &[], &url);
        }
        if let Some(zone) = &c.time_zone {
            self.leaf("time_zone_name", &[], zone);
        }
        for track in &c.tracks {
            let slug = track
                .slug
                .as_deref()
                .map(slug_chars)
                .filter(|s| s.len() >= 2 && s.starts_with(|c: char| c.is_ascii_lowercase()));
            let color = track
                .color
                .as_deref()
                .filter(|c| c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|h| h.is_ascii_hexdigit()));
            let mut attrs = vec![("name", track.name.as_str())];
            if let Some(slug) = &slug {
                attrs.push(("slug", slug.as_str()));
            }
            if let Some(color) = color {
                attrs.push(("color", color));
            }
            self.leaf("track", &attrs, "");
        }
        self.close("conference");
        for day in &days {
            let (index, date, start, end) =
                (day.index.to_string(), day.date.to_string(), rfc3339(&day.start), rfc3339(&day.end));
            self.open("day", &[("index", &index), ("date", &date), ("start", &start), ("end", &end)]);
            for (room, events) in &day.rooms {
                let guid = c.rooms.iter().find(|r| r.name == *room).and_then(|r| r.guid.as_deref()).map(uuid_of);
                let guid = guid.unwrap_or_else(|| derived_uuid(&format!("{}/room/{room}", c.acronym)).to_string());
                self.open("room", &[("name", room), ("guid", &guid)]);
                for prepared in events {
                    self.event(prepared);
                }
                self.close("room");
            }
            self.close("day");
        }
        self.close("schedule");
    }

    fn event(&mut self, p: &Prepared<'_>) {
        let e = p.event;
        let id = p.id.to_string();
        self.open("event", &[("guid", &p.guid), ("id", &id)]);
        self.leaf("date", &[], &rfc3339(&e.start));
        self.leaf("start", &[], &e.start.format("%H:%M").to_string());
        self.leaf("duration", &[], &hhmm(e.duration_minutes));
        self.leaf("room", &[], &e.room);
        self.leaf("slug", &[], &p.slug);
        if let Some(url) = e.url.as_deref().and_then(http_url) {
            self.leaf("url", &[], &url);
        }
        self.open("recording", &[]);
        self.leaf("license", &[], e.recording_license.as_deref().unwrap_or(""));
        self.leaf("optout", &[], if e.do_not_record { "true" } else { "false" });
        self.close("recording");
        self.leaf("title", &[], &e.title);
        self.leaf("subtitle", &[], e.subtitle.as_deref().unwrap_or(""));
        self.leaf("track", &[], e.track.as_deref().unwrap_or(""));
        self.leaf("type", &[], &e.kind);
        if let Some(language) = &e.language {
            self.leaf("language", &[], language);
        }
        self.leaf("abstract", &[], e.abstract_text.as_deref().unwrap_or(""));
        self.leaf("description", &[], e.description.as_deref().unwrap_or(""));
        self.open("persons", &[]);
        for person in &e.persons {
            let id = person.id.map(|id| id.to_string());
            let guid = person.guid.as_deref().map(uuid_of);
            let mut attrs = Vec::new();
            if let Some(id) = &id {
                attrs.push(("id", id.as_str()));
            }
            if let Some(guid) = &guid {
                attrs.push(("guid", guid.as_str()));
            }
            self.leaf("person", &attrs, &person.name);
        }
        self.close("persons");
        self.links("links", "link", &e.links);
        self.links("attachments", "attachment", &e.attachments);
        self.close("event");
    }

    fn links(&mut self, list: &str, item: &str, links: &[Link]) {
        self.open(list, &[]);
        for link in links {
            if let Some(url) = http_url(&link.url) {
                self.leaf(item, &[("href", url.as_str())], &link.title);
            }
        }
        self.close(list);
    }
}

/// c3voc's `schedule.json`.
pub fn c3voc_json(schedule: &Schedule, generator: Generator<'_>) -> String {
    let c = &schedule.conference;
    let days = days(schedule);
    let rooms: Vec<JsonRoom<'_>> = c
        .rooms
        .iter()
        .map(|r| JsonRoom {
            name: &r.name,
            guid: r
                .guid
                .as_deref()
                .map_or_else(|| derived_uuid(&format!("{}/room/{}", c.acronym, r.name)).to_string(), uuid_of),
            description: r.description.as_deref(),
            capacity: r.capacity,
        })
        .collect();
    let document = JsonDocument {
        generator: JsonGenerator { name: generator.name, version: generator.version },
        schedule: JsonSchedule {
            version: &schedule.version,
            base_url: schedule.base_url.as_deref().and_then(http_url),
            conference: JsonConference {
                acronym: acronym(&c.acronym),
                title: &c.title,
                description: c.description.as_deref(),
                start: c.start.to_string(),
                end: c.end.to_string(),
                days_count: days.len(),
                timeslot_duration: hhmm(c.timeslot_minutes.max(1)),
                time_zone_name: c.time_zone.as_deref().filter(|z| zone_name_ok(z)),
                url: c.url.as_deref().and_then(http_url),
                tracks: c
                    .tracks
                    .iter()
                    .map(|t| JsonTrack {
                        name: &t.name,
                        slug: t.slug.as_deref().map(slug_chars).filter(|s| !s.is_empty()),
                        color: t.color.as_deref(),
                    })
                    .collect(),
                rooms,
                days: days.iter().map(json_day).collect(),
            },
        },
    };
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

fn json_day<'a>(day: &'a Day<'a>) -> JsonDay<'a> {
    JsonDay {
        index: day.index,
        date: day.date.to_string(),
        day_start: rfc3339(&day.start),
        day_end: rfc3339(&day.end),
        rooms: OrderedMap(
            day.rooms.iter().map(|(name, events)| (*name, events.iter().map(json_event).collect())).collect(),
        ),
    }
}

fn json_event<'a>(p: &'a Prepared<'a>) -> JsonEvent<'a> {
    let e = p.event;
    JsonEvent {
        guid: p.guid.clone(),
        id: p.id,
        date: rfc3339(&e.start),
        end: rfc3339(&p.end()),
        start: e.start.format("%H:%M").to_string(),
        duration: hhmm(e.duration_minutes),
        room: &e.room,
        slug: p.slug.clone(),
        // Required by the JSON schema; an event without a page is named by its guid.
        url: e.url.as_deref().and_then(http_url).unwrap_or_else(|| format!("urn:uuid:{}", p.guid)),
        title: &e.title,
        subtitle: e.subtitle.as_deref(),
        track: e.track.as_deref(),
        kind: &e.kind,
        language: e.language.as_deref(),
        abstract_text: e.abstract_text.as_deref(),
        description: e.description.as_deref(),
        recording_license: e.recording_license.as_deref().unwrap_or_default(),
        do_not_record: e.do_not_record,
        persons: e.persons.iter().map(json_person).collect(),
        links: e.links.iter().filter_map(json_link).collect(),
        attachments: e.attachments.iter().filter_map(json_link).collect(),
    }
}

/// A frab person (`id` and `public_name`): the schema's `oneOf` admits a person that is
/// exactly one of frab's or pretalx's shapes, so `name` is left out.
fn json_person(person: &Person) -> JsonPerson<'_> {
    JsonPerson {
        id: person.id.unwrap_or_else(|| i64::from(derived_uuid(&person.key()).as_fields().0 & 0x7fff_ffff)),
        guid: person.guid.as_deref().map(uuid_of),
        public_name: &person.name,
        biography: person.biography.as_deref(),
    }
}

fn json_link(link: &Link) -> Option<JsonLink<'_>> {
    Some(JsonLink { url: http_url(&link.url)?, title: &link.title })
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    generator: JsonGenerator<'a>,
    schedule: JsonSchedule<'a>,
}

#[derive(Serialize)]
struct JsonGenerator<'a> {
    name: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonSchedule<'a> {
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_url: Option<String>,
    conference: JsonConference<'a>,
}

#[derive(Serialize)]
struct JsonConference<'a> {
    acronym: String,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    start: String,
    end: String,
    #[serde(rename = "daysCount")]
    days_count: usize,
    timeslot_duration: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    tracks: Vec<JsonTrack<'a>>,
    rooms: Vec<JsonRoom<'a>>,
    days: Vec<JsonDay<'a>>,
}

#[derive(Serialize)]
struct JsonTrack<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    color: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonRoom<'a> {
    name: &'a str,
    guid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    capacity: Option<u32>,
}

#[derive(Serialize)]
struct JsonDay<'a> {
    index: usize,
    date: String,
    day_start: String,
    day_end: String,
    rooms: OrderedMap<'a>,
}

/// A day's rooms, as an object whose keys keep the conference's room order.
struct OrderedMap<'a>(Vec<(&'a str, Vec<JsonEvent<'a>>)>);

impl Serialize for OrderedMap<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, events) in &self.0 {
            map.serialize_entry(name, events)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    guid: String,
    id: i64,
    date: String,
    end: String,
    start: String,
    duration: String,
    room: &'a str,
    slug: String,
    url: String,
    title: &'a str,
    subtitle: Option<&'a str>,
    track: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'a str,
    language: Option<&'a str>,
    #[serde(rename = "abstract")]
    abstract_text: Option<&'a str>,
    description: Option<&'a str>,
    recording_license: &'a str,
    do_not_record: bool,
    persons: Vec<JsonPerson<'a>>,
    links: Vec<JsonLink<'a>>,
    attachments: Vec<JsonLink<'a>>,
}

#[derive(Serialize)]
struct JsonPerson<'a> {
    id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    guid: Option<String>,
    public_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    biography: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLink<'a> {
    url: String,
    title: &'a str,
}

/// Minutes between two instants, for builders of [`Event`]s.
pub fn minutes_between<Z: TimeZone>(start: &DateTime<Z>, end: &DateTime<Z>) -> u32 {
    u32::try_from((end.clone() - start.clone()).num_minutes().max(0)).unwrap_or(u32::MAX)
}
