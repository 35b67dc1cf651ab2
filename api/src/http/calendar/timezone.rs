//! The `VTIMEZONE` of a feed, built from chrono-tz's rules rather than left to the client's zone
//! data: Jordan moved to permanent +03:00 in 2022, and a phone with old data would put every
//! session an hour off (DESIGN §4).
//!
//! chrono-tz does not list its transitions, so they are found by sampling the offset once a day
//! over the years of the conference and bisecting each change to the second.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use icalendar::Property;

const DAY: i64 = 86_400;

/// How far before the first year to look for the rule in force when it begins.
const LOOK_BACK_DAYS: i64 = 400;

/// The offset in force at an instant: total seconds east of UTC, and the daylight-saving part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct State {
    offset: i32,
    dst: i64,
}

fn state(zone: Tz, at: i64) -> State {
    let instant = DateTime::from_timestamp(at, 0).unwrap_or_default().naive_utc();
    let offset = zone.offset_from_utc_datetime(&instant);
    State { offset: offset.fix().local_minus_utc(), dst: offset.dst_offset().num_seconds() }
}

/// One `STANDARD` or `DAYLIGHT` sub-component: from `start` (local time before the change) the
/// offset is `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observance {
    pub daylight: bool,
    pub start: NaiveDateTime,
    pub from: i32,
    pub to: i32,
    pub name: Option<String>,
}

impl Observance {
    fn at(zone: Tz, at: i64, before: State) -> Self {
        let after = state(zone, at);
        let utc = DateTime::from_timestamp(at, 0).unwrap_or_default().naive_utc();
        let name = zone.offset_from_utc_datetime(&utc).abbreviation().map(str::to_owned);
        Self {
            daylight: after.dst != 0,
            start: utc + chrono::Duration::seconds(i64::from(before.offset)),
            from: before.offset,
            to: after.offset,
            name,
        }
    }
}

/// The changes of offset in `[from, to)` (Unix seconds).
fn transitions(zone: Tz, from: i64, to: i64) -> Vec<Observance> {
    let mut found = Vec::new();
    let (mut at, mut current) = (from, state(zone, from));
    while at < to {
        let next = (at + DAY).min(to);
        if state(zone, next) == current {
            at = next;
            continue;
        }
        // `lo` has the old state, `hi` does not: close in on the first second of the new one.
        let (mut lo, mut hi) = (at, next);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if state(zone, mid) == current {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        found.push(Observance::at(zone, hi, current));
        (at, current) = (hi, state(zone, hi));
    }
    found
}

fn year_start(year: i32) -> i64 {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp())
        .unwrap_or_default()
}

/// Most years one `VTIMEZONE` covers (a conference lasts days; this bounds the scan).
const MAX_YEARS: i32 = 5;

/// The observances that give the zone's offset at any time of the years `first..=last`: the
/// rule in force on 1 January of the first year, then every change until the end of the last.
/// A zone without changes in those years gets one `STANDARD` observance.
pub fn observances(zone: Tz, first: i32, last: i32) -> Vec<Observance> {
    let last = last.clamp(first, first.saturating_add(MAX_YEARS - 1));
    // A day of margin each side: the years are local, the scan is in UTC.
    let (from, to) = (year_start(first) - DAY, year_start(last + 1) + DAY);
    let in_force = transitions(zone, from - LOOK_BACK_DAYS * DAY, from).pop().unwrap_or_else(|| {
        let now = state(zone, from);
        let utc = DateTime::from_timestamp(from, 0).unwrap_or_default().naive_utc();
        Observance {
            daylight: now.dst != 0,
            start: NaiveDate::from_ymd_opt(1970, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default(),
            from: now.offset,
            to: now.offset,
            name: zone.offset_from_utc_datetime(&utc).abbreviation().map(str::to_owned),
        }
    });
    let mut all = vec![in_force];
    all.extend(transitions(zone, from, to));
    all
}

/// `+0300`, `-0930`, or `+053328` when the offset has seconds.
pub fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 { format!("{sign}{h:02}{m:02}") } else { format!("{sign}{h:02}{m:02}{s:02}") }
}

/// Appends the `VTIMEZONE` of `zone` for the years `first..=last`.
pub fn write_vtimezone(out: &mut String, zone: Tz, first: i32, last: i32) -> std::fmt::Result {
    out.write_str("BEGIN:VTIMEZONE\r\n")?;
    push(out, Property::new("TZID", zone.name()))?;
    for observance in observances(zone, first, last) {
        let kind = if observance.daylight { "DAYLIGHT" } else { "STANDARD" };
        write!(out, "BEGIN:{kind}\r\n")?;
        push(out, Property::new("DTSTART", observance.start.format("%Y%m%dT%H%M%S").to_string()))?;
        push(out, Property::new("TZOFFSETFROM", format_offset(observance.from)))?;
        push(out, Property::new("TZOFFSETTO", format_offset(observance.to)))?;
        if let Some(name) = observance.name {
            push(out, Property::new("TZNAME", name))?;
        }
        write!(out, "END:{kind}\r\n")?;
    }
    out.write_str("END:VTIMEZONE\r\n")
}

/// Appends one content line, escaped and folded by the icalendar crate.
pub fn push(out: &mut String, property: Property) -> std::fmt::Result {
    let line: String = property.try_into()?;
    out.push_str(&line);
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn summary(zone: Tz, year: i32) -> Vec<(bool, String, String, String)> {
        observances(zone, year, year)
            .into_iter()
            .map(|o| {
                (o.daylight, o.start.format("%Y%m%dT%H%M%S").to_string(), format_offset(o.from), format_offset(o.to))
            })
            .collect()
    }

    #[test]
    fn amman_2019_has_summer_time_and_the_rule_in_force_on_new_year() {
        let found = summary(chrono_tz::Asia::Amman, 2019);
        let expected = [
            (false, "20181026T010000", "+0300", "+0200"),
            (true, "20190329T000000", "+0200", "+0300"),
            (false, "20191025T010000", "+0300", "+0200"),
        ];
        let expected: Vec<_> =
            expected.iter().map(|(d, s, f, t)| (*d, s.to_string(), f.to_string(), t.to_string())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn amman_after_2022_is_one_standard_observance_at_plus_three() {
        let found = observances(chrono_tz::Asia::Amman, 2024, 2024);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(!found[0].daylight);
        assert_eq!((found[0].from, found[0].to), (3 * 3600, 3 * 3600));
    }

    #[test]
    fn a_zone_that_never_changes_starts_in_1970() {
        let found = summary(Tz::UTC, 2019);
        assert_eq!(found, [(false, "19700101T000000".to_owned(), "+0000".to_owned(), "+0000".to_owned())]);
    }

    #[test]
    fn southern_summer_and_odd_offsets() {
        // Sydney: summer time ends in April, starts in October.
        let found = summary(chrono_tz::Australia::Sydney, 2019);
        assert_eq!(found.iter().map(|o| o.0).collect::<Vec<_>>(), [true, false, true]);
        assert_eq!(found[1].1, "20190407T030000", "03:00 summer time becomes 02:00");
        assert_eq!(format_offset(-(9 * 3600 + 30 * 60)), "-0930");
        assert_eq!(format_offset(5 * 3600 + 33 * 60 + 28), "+053328");
    }

    #[test]
    fn writes_a_vtimezone() {
        let mut out = String::new();
        write_vtimezone(&mut out, chrono_tz::Europe::Paris, 2019, 2019).unwrap();
        assert!(
            out.starts_with("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:STANDARD\r\nDTSTART:20181028T030000\r\n")
        );
        assert!(out.contains("BEGIN:DAYLIGHT\r\nDTSTART:20190331T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"));
        assert!(out.ends_with("END:STANDARD\r\nEND:VTIMEZONE\r\n"));
    }
}
