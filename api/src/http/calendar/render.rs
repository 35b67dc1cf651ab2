//! Writes a feed: one `VCALENDAR` with the conference zone's `VTIMEZONE` and a `VEVENT` per
//! session, every text in the viewer's language with its `LANGUAGE` parameter, times in the
//! conference's zone. The icalendar crate writes and escapes each content line; [`fold`] folds
//! them at 75 octets.
//!
//! A property has one `LANGUAGE` (RFC 5545 §3.2.10), so no property mixes languages: a screen
//! reader reads the whole value with the voice that parameter names. Where two texts would meet
//! in one property in different languages (a Spanish summary and a plain-language summary that
//! exists only in English; a room named only in English on a floor phrased in Spanish), they are
//! split or given in one language instead, and the tag is always that of the text served, the
//! fallback's when it is one.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Datelike, Utc};
use icalendar::{CalendarDateTime, Component, Event, EventLike, EventStatus, Property};
use sanad_schema::entities::enums::SessionStatus;
use sanad_schema::entities::{room, session};
use sanad_schema::graphql::context::Scope;
use sanad_schema::graphql::types::text::Text;
use sanad_schema::service::language::primary_subtag;
use sanad_schema::service::spoken;

use super::timezone::{push, write_vtimezone};

pub const PRODID: &str = "-//Sanad//Conference programme//EN";

/// Most octets in a content line, without its CRLF (RFC 5545 §3.1).
const MAX_LINE: usize = 75;

/// What a feed shows.
pub struct Feed<'a> {
    pub scope: &'a Scope,
    /// In time order.
    pub sessions: &'a [session::Model],
    pub rooms: &'a HashMap<i64, room::Model>,
    /// Schedule changes per session id: the `SEQUENCE` of its event.
    pub changes: &'a HashMap<i64, i64>,
}

impl Feed<'_> {
    /// The whole `text/calendar` body.
    pub fn render(&self) -> Result<String, fmt::Error> {
        let scope = self.scope;
        let mut out = String::with_capacity(2048 + self.sessions.len() * 1536);
        out.push_str("BEGIN:VCALENDAR\r\n");
        for (key, value) in [("VERSION", "2.0"), ("PRODID", PRODID), ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH")] {
            push(&mut out, Property::new(key, value))?;
        }
        // The calendar's name is a text like any other: it says its language too.
        push(&mut out, text_property("X-WR-CALNAME", &scope.required_text(&scope.conference.name)))?;
        push(&mut out, Property::new("X-WR-TIMEZONE", scope.zone.name()))?;
        // Programmes change during the event: ask subscribed apps to look every hour.
        push(&mut out, Property::new("X-PUBLISHED-TTL", "PT1H"))?;
        push(&mut out, Property::new("REFRESH-INTERVAL", "PT1H").add_parameter("VALUE", "DURATION").done())?;
        let (first, last) = self.years();
        write_vtimezone(&mut out, scope.zone, first, last)?;
        for session in self.sessions {
            out.push_str(&self.event(session).try_into_string()?);
        }
        out.push_str("END:VCALENDAR\r\n");
        Ok(fold(&out))
    }

    /// The local years the `VTIMEZONE` must cover: the conference's, and any session's within a
    /// year of them.
    fn years(&self) -> (i32, i32) {
        let conference = &self.scope.conference;
        let (start, end) = (conference.start_date.year(), conference.end_date.year());
        let years = self
            .sessions
            .iter()
            .flat_map(|s| [s.starts_at, s.ends_at])
            .map(|at| at.with_timezone(&self.scope.zone).year())
            .filter(|year| (start - 1..=end + 1).contains(year));
        years.fold((start, end.max(start)), |(first, last), year| (first.min(year), last.max(year)))
    }

    fn event(&self, session: &session::Model) -> Event {
        let scope = self.scope;
        let mut event = Event::new();
        event
            .uid(&format!("session-{}@{}.sanad", session.id, scope.conference.slug))
            // The feed's bytes must not change unless the programme does (ETag): the stamp is
            // the session's last change, not the time of the request.
            .timestamp(session.updated_at)
            .last_modified(session.updated_at)
            .starts(self.local(session.starts_at))
            .ends(self.local(session.ends_at))
            .sequence(self.changes.get(&session.id).map_or(0, |&n| u32::try_from(n).unwrap_or(u32::MAX)))
            .status(match session.status {
                SessionStatus::Cancelled => EventStatus::Cancelled,
                SessionStatus::Scheduled | SessionStatus::Moved => EventStatus::Confirmed,
            })
            .append_property(text_property("SUMMARY", &scope.required_text(&session.title)));
        let (description, comment) = self.description(session);
        for property in [description, comment].into_iter().flatten() {
            event.append_property(property);
        }
        if let Some(location) = session.room_id.and_then(|id| self.rooms.get(&id)).map(|room| self.location(room)) {
            event.append_property(location);
        }
        event.done()
    }

    fn local(&self, at: DateTime<Utc>) -> CalendarDateTime {
        let zone = self.scope.zone;
        CalendarDateTime::WithTimezone {
            date_time: at.with_timezone(&zone).naive_local(),
            tzid: zone.name().to_owned(),
        }
    }

    /// `DESCRIPTION`: the summary, then the plain-language summary, each in the viewer's best
    /// language. When both are served but in different languages, `DESCRIPTION` holds the one
    /// in the viewer's better language and the other goes to a `COMMENT` with its own
    /// `LANGUAGE` (a `VEVENT` has one `DESCRIPTION` but may have several `COMMENT`s).
    fn description(&self, session: &session::Model) -> (Option<Property>, Option<Property>) {
        let summary = self.scope.opt_text(&session.summary);
        let plain = self.scope.opt_text(&session.plain_summary);
        match (summary, plain) {
            (None, None) => (None, None),
            (Some(only), None) | (None, Some(only)) => (Some(text_property("DESCRIPTION", &only)), None),
            (Some(summary), Some(plain)) if summary.lang == plain.lang => {
                let both = Text { value: format!("{}\n\n{}", summary.value, plain.value), ..summary };
                (Some(text_property("DESCRIPTION", &both)), None)
            }
            (Some(summary), Some(plain)) => {
                let better = self.scope.locale.choose_lang([summary.lang.as_str(), plain.lang.as_str()].into_iter());
                let (first, other) = match better {
                    Some((lang, _)) if lang == plain.lang => (plain, summary),
                    _ => (summary, plain),
                };
                (Some(text_property("DESCRIPTION", &first)), Some(text_property("COMMENT", &other)))
            }
        }
    }

    /// "Hall A, ground floor": the room's name and its floor as people say it, both in one
    /// language: the viewer's best among those the room is named in and Sanad can phrase a
    /// floor in (so "Room 104, floor 1" in English rather than "Room 104, planta 1" for a room
    /// not named in Spanish). With no such language, the name alone.
    fn location(&self, room: &room::Model) -> Property {
        let floor_in = |lang: &str| spoken::floor_name(&primary_subtag(lang).to_ascii_lowercase(), room.floor);
        let phrasable = room.name.0.iter().filter(|(lang, name)| !name.trim().is_empty() && floor_in(lang).is_some());
        let chosen = self
            .scope
            .locale
            .choose_lang(phrasable.map(|(lang, _)| lang.as_str()))
            .and_then(|(lang, _)| Some((lang, room.name.get(lang)?, floor_in(lang)?)));
        let Some((lang, name, floor)) = chosen else {
            return text_property("LOCATION", &self.scope.required_text(&room.name));
        };
        let separator = if primary_subtag(lang).eq_ignore_ascii_case("ar") { "، " } else { ", " };
        Property::new("LOCATION", clean(&format!("{name}{separator}{floor}"))).add_parameter("LANGUAGE", lang).done()
    }
}

fn text_property(key: &str, text: &Text) -> Property {
    Property::new(key, clean(&text.value)).add_parameter("LANGUAGE", &text.lang).done()
}

/// A TEXT value may hold no control characters but tab and (escaped) line feeds: a stray CR
/// would end the content line early.
pub fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// Folds every content line at 75 octets, on character boundaries (RFC 5545 §3.1).
///
/// The icalendar crate folds too, but writes a 76-octet line when exactly 75 octets remain after
/// a fold, and its check against starting a continuation line with a space counts characters as
/// bytes, so it misses in Arabic. Its folds are undone and done again here: never over the
/// limit, and a continuation line starts with a space only when a run of spaces leaves no choice
/// (readers that drop all leading white space would glue two words together).
pub fn fold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 24);
    for line in unfolded.split_terminator("\r\n") {
        let mut rest = line;
        let mut limit = MAX_LINE;
        while rest.len() > limit {
            let cut = fold_point(rest, limit);
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            // The next line starts with the space that marks the fold.
            limit = MAX_LINE - 1;
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }
    out
}

/// Where to fold `line` (longer than `limit`): the last character boundary within the limit that
/// is not followed by white space, looking back at most 16 octets.
fn fold_point(line: &str, limit: usize) -> usize {
    let last = line.floor_char_boundary(limit);
    (last.saturating_sub(16).max(1)..=last)
        .rev()
        .find(|&i| line.is_char_boundary(i) && !line[i..].starts_with([' ', '\t']))
        .unwrap_or(last)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn every_line_is_at_most_75_octets_and_unfolds_to_the_same_content() {
        // 67 + 8 ("SUMMARY:") = 75 octets on the first line, then exactly 75 left: the crate
        // writes a 76-octet continuation line for that.
        for length in [10, 67, 68, 141, 142, 143, 300, 1000] {
            for unit in ["x", "é", "ع", "𝄞", "a ,;"] {
                let value: String = unit.repeat(length / unit.len().max(1) + 1).chars().take(length).collect();
                let event = Event::new().uid("u").timestamp(DateTime::UNIX_EPOCH).summary(&value).done();
                let text = fold(&event.try_into_string().unwrap());
                for line in text.split("\r\n") {
                    assert!(line.len() <= MAX_LINE, "{} octets: {line:?}", line.len());
                    assert!(!line.starts_with("  "), "a continuation line starts with a space: {line:?}");
                }
                let escaped = value.replace(',', "\\,").replace(';', "\\;");
                assert!(unfold(&text).contains(&format!("\r\nSUMMARY:{escaped}\r\n")), "{text}");
            }
        }
    }

    #[test]
    fn control_characters_never_reach_a_line() {
        assert_eq!(clean("a\r\nb\rc\u{0}d\te\u{7f}"), "a\nb\ncd\te");
        let event = Event::new().uid("u").timestamp(DateTime::UNIX_EPOCH).description(&clean("one\r\ntwo")).done();
        assert!(event.try_into_string().unwrap().contains("DESCRIPTION:one\\ntwo\r\n"));
    }
}
