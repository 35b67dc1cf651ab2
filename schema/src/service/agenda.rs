//! A person's agenda: the sessions they chose, kept on the server so a lost or reinstalled phone
//! gets it back, and the clashes in it: sessions that overlap, and sessions back to back in rooms
//! too far apart for the time between them (when the venue knows the walking times).

use async_graphql::Enum;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::enums::SessionStatus;
use crate::entities::{agenda_item, person, route, session, venue};
use crate::error::{AppError, AppResult};
use crate::service::directions::VenueGraph;

/// Most sessions one agenda may hold (a three-day event has far fewer slots).
pub const MAX_AGENDA: u64 = 500;

/// Puts a session of the person's conference in their agenda. Adding it again changes nothing.
pub async fn add(
    db: &DatabaseConnection,
    person: &person::Model,
    session_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let found = session::Entity::find_by_id(session_id)
        .filter(session::Column::ConferenceId.eq(person.conference_id))
        .one(db)
        .await?;
    let session = found.ok_or_else(|| AppError::not_found("session"))?;
    if session.status == SessionStatus::Cancelled {
        return Err(AppError::bad_input("sessionId", "this session is cancelled"));
    }
    let held = agenda_item::Entity::find().filter(agenda_item::Column::PersonId.eq(person.id)).count(db).await?;
    if held >= MAX_AGENDA {
        return Err(AppError::bad_input("sessionId", format!("an agenda holds at most {MAX_AGENDA} sessions")));
    }
    let item = agenda_item::ActiveModel {
        person_id: sea_orm::Set(person.id),
        session_id: sea_orm::Set(session.id),
        added_at: sea_orm::Set(now),
    };
    agenda_item::Entity::insert(item)
        .on_conflict_do_nothing_on([agenda_item::Column::PersonId, agenda_item::Column::SessionId])
        .exec(db)
        .await?;
    Ok(())
}

/// Takes a session out of the person's agenda. Removing one that is not there changes nothing.
pub async fn remove(db: &DatabaseConnection, person_id: i64, session_id: i64) -> AppResult<()> {
    agenda_item::Entity::delete_many()
        .filter(agenda_item::Column::PersonId.eq(person_id))
        .filter(agenda_item::Column::SessionId.eq(session_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The person's sessions in time order.
pub async fn sessions(db: &DatabaseConnection, person_id: i64) -> AppResult<Vec<session::Model>> {
    let ids = agenda_item::Entity::find()
        .select_only()
        .column(agenda_item::Column::SessionId)
        .filter(agenda_item::Column::PersonId.eq(person_id))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    Ok(session::Entity::find()
        .filter(session::Column::Id.is_in(ids))
        .order_by_asc(session::Column::StartsAt)
        .order_by_asc(session::Column::Id)
        .all(db)
        .await?)
}

/// The clashes in the person's agenda, given its sessions.
pub async fn clashes(
    db: &DatabaseConnection,
    person: &person::Model,
    sessions: &[session::Model],
) -> AppResult<Vec<Clash>> {
    let venues = venue::Entity::find()
        .select_only()
        .column(venue::Column::Id)
        .filter(venue::Column::ConferenceId.eq(person.conference_id))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    let routes = route::Entity::find().filter(route::Column::VenueId.is_in(venues)).all(db).await?;
    let walks = VenueGraph::new(&routes);
    let entries: Vec<Entry> = sessions.iter().map(Entry::from).collect();
    let minutes = |from, to| walks.minutes(from, to, person.step_free_only);
    Ok(find_clashes(&entries, minutes, i64::from(person.extra_transfer_minutes)))
}

/// What the clash rules need of a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub session_id: i64,
    pub room_id: Option<i64>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub cancelled: bool,
}

impl From<&session::Model> for Entry {
    fn from(s: &session::Model) -> Self {
        Self {
            session_id: s.id,
            room_id: s.room_id,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            cancelled: s.status == SessionStatus::Cancelled,
        }
    }
}

/// Why two sessions of an agenda cannot both be attended as planned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum)]
pub enum ClashKind {
    /// They overlap in time.
    Overlap,
    /// One follows the other in a room farther away than the time between them allows, counting
    /// the delegate's extra time between rooms (and step-free routes only, if they asked).
    NotEnoughTime,
}

/// One clash: `first` starts before (or with) `second`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clash {
    pub kind: ClashKind,
    pub first: i64,
    pub second: i64,
    /// For an overlap, the minutes both take place; otherwise the minutes between them.
    pub minutes: i64,
    /// The minutes the move between the rooms needs (walking plus the delegate's extra time).
    pub minutes_needed: Option<i64>,
}

/// The clashes among entries. Cancelled sessions clash with nothing.
pub fn find_clashes(entries: &[Entry], walk: impl Fn(i64, i64) -> Option<i64>, extra_minutes: i64) -> Vec<Clash> {
    let mut live: Vec<&Entry> = entries.iter().filter(|e| !e.cancelled).collect();
    live.sort_by_key(|e| (e.starts_at, e.ends_at, e.session_id));
    let mut clashes = Vec::new();
    for (i, first) in live.iter().enumerate() {
        let later = &live[i + 1..];
        for second in later.iter().take_while(|s| s.starts_at < first.ends_at) {
            let overlap = first.ends_at.min(second.ends_at) - second.starts_at;
            clashes.push(Clash {
                kind: ClashKind::Overlap,
                first: first.session_id,
                second: second.session_id,
                minutes: overlap.num_minutes(),
                minutes_needed: None,
            });
        }
        // The move that matters is to the next session that starts once this one ends.
        let Some(next) = later.iter().find(|s| s.starts_at >= first.ends_at) else { continue };
        let (Some(from), Some(to)) = (first.room_id, next.room_id) else { continue };
        if from == to {
            continue;
        }
        let Some(walking) = walk(from, to) else { continue };
        let needed = walking + extra_minutes;
        let gap = (next.starts_at - first.ends_at).num_minutes();
        if gap < needed {
            clashes.push(Clash {
                kind: ClashKind::NotEnoughTime,
                first: first.session_id,
                second: next.session_id,
                minutes: gap,
                minutes_needed: Some(needed),
            });
        }
    }
    clashes
}

/// A room or a place of the venue.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::enums::Fact;
    use crate::service::directions::Spot;
    use chrono::TimeZone;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2019, 9, 10, hour, minute, 0).single().unwrap_or_default()
    }

    fn entry(id: i64, room: i64, start: (u32, u32), end: (u32, u32)) -> Entry {
        Entry {
            session_id: id,
            room_id: Some(room),
            starts_at: at(start.0, start.1),
            ends_at: at(end.0, end.1),
            cancelled: false,
        }
    }

    fn route(from_room: i64, to: Spot, minutes: i32, step_free: Fact) -> route::Model {
        let (to_room_id, to_place_id) = match to {
            Spot::Room(id) => (Some(id), None),
            Spot::Place(id) => (None, Some(id)),
        };
        route::Model {
            id: 0,
            venue_id: 1,
            from_room_id: Some(from_room),
            from_place_id: None,
            to_room_id,
            to_place_id,
            step_free,
            distance_metres: None,
            walking_minutes: Some(minutes),
            steps: Default::default(),
            one_way: false,
            updated_at: at(0, 0),
        }
    }

    #[test]
    fn overlaps_are_found_pairwise_with_their_length() {
        let entries = [entry(1, 1, (9, 0), (10, 0)), entry(2, 1, (9, 30), (11, 0)), entry(3, 1, (9, 45), (9, 50))];
        let clashes = find_clashes(&entries, |_, _| None, 0);
        let found: Vec<_> = clashes.iter().map(|c| (c.kind, c.first, c.second, c.minutes)).collect();
        assert_eq!(
            found,
            [(ClashKind::Overlap, 1, 2, 30), (ClashKind::Overlap, 1, 3, 5), (ClashKind::Overlap, 2, 3, 5)]
        );
    }

    #[test]
    fn back_to_back_in_the_same_room_or_cancelled_is_no_clash() {
        let mut entries = vec![entry(1, 1, (9, 0), (10, 0)), entry(2, 1, (10, 0), (11, 0))];
        assert!(find_clashes(&entries, |_, _| Some(30), 10).is_empty());
        entries.push(Entry { cancelled: true, ..entry(3, 2, (9, 0), (12, 0)) });
        assert!(find_clashes(&entries, |_, _| Some(30), 10).is_empty());
    }

    #[test]
    fn a_move_needs_walking_plus_extra_time() {
        let entries = [entry(1, 1, (9, 0), (10, 0)), entry(2, 2, (10, 5), (11, 0))];
        assert!(find_clashes(&entries, |_, _| Some(4), 0).is_empty(), "5 minutes for a 4-minute walk");
        let clashes = find_clashes(&entries, |_, _| Some(4), 2);
        assert_eq!(
            clashes,
            [Clash { kind: ClashKind::NotEnoughTime, first: 1, second: 2, minutes: 5, minutes_needed: Some(6) }]
        );
        assert!(find_clashes(&entries, |_, _| None, 30).is_empty(), "unknown walking time claims nothing");
    }

    #[test]
    fn only_the_next_session_counts_for_a_move() {
        let entries = [entry(1, 1, (9, 0), (10, 0)), entry(2, 1, (10, 0), (11, 0)), entry(3, 2, (11, 0), (12, 0))];
        let clashes = find_clashes(&entries, |_, _| Some(5), 0);
        assert_eq!(clashes.iter().map(|c| (c.first, c.second)).collect::<Vec<_>>(), [(2, 3)]);
    }

    #[test]
    fn walks_take_the_shortest_path_through_places_both_ways() {
        let routes = [
            route(1, Spot::Place(10), 2, Fact::Yes),
            route(2, Spot::Place(10), 2, Fact::Yes),
            route(1, Spot::Room(2), 9, Fact::Yes),
            route(1, Spot::Room(3), 1, Fact::No),
        ];
        let walks = VenueGraph::new(&routes);
        assert_eq!(walks.minutes(1, 2, false), Some(4));
        assert_eq!(walks.minutes(2, 1, false), Some(4));
        assert_eq!(walks.minutes(3, 2, false), Some(5));
        assert_eq!(walks.minutes(1, 4, false), None);
        assert_eq!(walks.minutes(1, 3, true), None, "a route with steps is no way for a wheelchair");
        assert_eq!(walks.minutes(1, 1, true), Some(0));
    }
}
