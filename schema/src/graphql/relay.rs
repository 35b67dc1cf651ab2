//! Relay global ids ("Session:42", base64url) and cursors.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};

use crate::error::AppError;
use crate::service::accommodation::queue::QueuePosition;

/// The kinds of object a global id can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Conference,
    Venue,
    Place,
    Room,
    Route,
    Track,
    Session,
    Speaker,
    Document,
    GlossaryEntry,
    Announcement,
    ScheduleChange,
    Person,
    AccommodationRequest,
    RequestItem,
    PushSubscription,
}

impl Kind {
    const ALL: [Kind; 16] = [
        Kind::Conference,
        Kind::Venue,
        Kind::Place,
        Kind::Room,
        Kind::Route,
        Kind::Track,
        Kind::Session,
        Kind::Speaker,
        Kind::Document,
        Kind::GlossaryEntry,
        Kind::Announcement,
        Kind::ScheduleChange,
        Kind::Person,
        Kind::AccommodationRequest,
        Kind::RequestItem,
        Kind::PushSubscription,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::Conference => "Conference",
            Kind::Venue => "Venue",
            Kind::Place => "PointOfInterest",
            Kind::Room => "Room",
            Kind::Route => "Route",
            Kind::Track => "Track",
            Kind::Session => "Session",
            Kind::Speaker => "Speaker",
            Kind::Document => "Document",
            Kind::GlossaryEntry => "GlossaryEntry",
            Kind::Announcement => "Announcement",
            Kind::ScheduleChange => "ScheduleChange",
            Kind::Person => "Person",
            Kind::AccommodationRequest => "AccommodationRequest",
            Kind::RequestItem => "RequestItem",
            Kind::PushSubscription => "PushSubscription",
        }
    }
}

pub fn encode(kind: Kind, id: i64) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{id}", kind.name())))
}

/// Decodes any global id. A malformed id is bad input on `field`.
pub fn decode(id: &ID, field: &str) -> Result<(Kind, i64), AppError> {
    let bad = || AppError::bad_input(field, "not a valid id");
    let bytes = URL_SAFE_NO_PAD.decode(id.as_bytes()).map_err(|_| bad())?;
    let text = std::str::from_utf8(&bytes).map_err(|_| bad())?;
    let (name, number) = text.split_once(':').ok_or_else(bad)?;
    let kind = Kind::ALL.into_iter().find(|k| k.name() == name).ok_or_else(bad)?;
    let number: i64 = number.parse().map_err(|_| bad())?;
    if number <= 0 {
        return Err(bad());
    }
    Ok((kind, number))
}

/// Decodes an id that must name a `kind`; an id of another kind is bad input on `field`.
pub fn decode_as(id: &ID, kind: Kind, field: &str) -> Result<i64, AppError> {
    match decode(id, field)? {
        (k, number) if k == kind => Ok(number),
        _ => Err(AppError::bad_input(field, format!("not the id of a {}", kind.name()))),
    }
}

/// A cursor in the programme: sessions are ordered by start time, then id.
pub fn session_cursor(starts_at: DateTime<Utc>, id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("s:{}:{id}", starts_at.timestamp_millis()))
}

pub fn decode_session_cursor(cursor: &str, field: &str) -> Result<(DateTime<Utc>, i64), AppError> {
    let bad = || AppError::bad_input(field, "not a valid cursor");
    let bytes = URL_SAFE_NO_PAD.decode(cursor.as_bytes()).map_err(|_| bad())?;
    let text = std::str::from_utf8(&bytes).map_err(|_| bad())?;
    let mut parts = text.split(':');
    let (Some("s"), Some(millis), Some(id), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let millis: i64 = millis.parse().map_err(|_| bad())?;
    let id: i64 = id.parse().map_err(|_| bad())?;
    let at = DateTime::from_timestamp_millis(millis).ok_or_else(bad)?;
    Ok((at, id))
}

/// A cursor in the coordinators' queue: the item's sort key.
pub fn queue_cursor(at: QueuePosition) -> String {
    let session = at.first_session_at.map(|t| t.timestamp_millis().to_string()).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(format!("q:{}:{session}:{}", at.due_on, at.id))
}

pub fn decode_queue_cursor(cursor: &str, field: &str) -> Result<QueuePosition, AppError> {
    let bad = || AppError::bad_input(field, "not a valid cursor");
    let bytes = URL_SAFE_NO_PAD.decode(cursor.as_bytes()).map_err(|_| bad())?;
    let text = std::str::from_utf8(&bytes).map_err(|_| bad())?;
    let mut parts = text.split(':');
    let (Some("q"), Some(due_on), Some(session), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let due_on = due_on.parse().map_err(|_| bad())?;
    let first_session_at = match session {
        "" => None,
        millis => Some(DateTime::from_timestamp_millis(millis.parse().map_err(|_| bad())?).ok_or_else(bad)?),
    };
    let id = id.parse().map_err(|_| bad())?;
    Ok(QueuePosition { due_on, first_session_at, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_garbage() {
        let id = encode(Kind::Session, 42);
        assert_eq!(decode(&id, "id").unwrap(), (Kind::Session, 42));
        assert_eq!(decode_as(&id, Kind::Session, "id").unwrap(), 42);
        assert!(decode_as(&id, Kind::Room, "room").is_err());
        for bad in ["", "!!!", "U2Vzc2lvbjo", "Tm9wZTox", "U2Vzc2lvbjotMQ"] {
            assert!(decode(&ID(bad.into()), "id").is_err(), "{bad}");
        }
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let at = DateTime::from_timestamp_millis(1_568_095_200_000).unwrap();
        let cursor = session_cursor(at, 7);
        assert_eq!(decode_session_cursor(&cursor, "after").unwrap(), (at, 7));
        assert!(decode_session_cursor("abc", "after").is_err());
        assert!(decode_session_cursor(&URL_SAFE_NO_PAD.encode("s:1:2:3"), "after").is_err());
    }

    #[test]
    fn queue_cursors_round_trip_with_and_without_a_session() {
        let due_on = chrono::NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
        let at = DateTime::from_timestamp_millis(1_568_095_200_000);
        for first_session_at in [at, None] {
            let position = QueuePosition { due_on, first_session_at, id: 9 };
            assert_eq!(decode_queue_cursor(&queue_cursor(position), "after").unwrap(), position);
        }
        for bad in ["q:2026-08-01::9:1", "q:nope::9", "s:1:2", "q:2026-08-01:x:9"] {
            assert!(decode_queue_cursor(&URL_SAFE_NO_PAD.encode(bad), "after").is_err(), "{bad}");
        }
    }
}
