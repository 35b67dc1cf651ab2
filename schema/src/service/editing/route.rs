//! Routes between rooms and points of interest, as text directions a blind or wheelchair-using
//! delegate can follow: one step per decision point, with landmarks to feel or hear.
//!
//! A route has a direction (from, to): its steps say "turn left" from one end. It can be walked
//! back unless it is one-way; the way back reads the reverse route (to, from) when there is
//! one, which is why each direction is a route of its own. Deleting a room
//! or a point of interest deletes its routes; a route of either end is kept once per
//! direction, so a second route with the same ends is refused (update the first).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, Unchanged};

use super::texts::{self, TextInput};
use super::{Edit, TombstoneKind, venue};
use crate::entities::enums::Fact;
use crate::entities::texts::RouteSteps;
use crate::entities::{place, room, route};
use crate::error::{AppError, AppResult};
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange};

/// Most steps one route may have.
pub const MAX_STEPS: usize = 40;
/// Longest step, in characters: one decision point with its landmarks.
pub const STEP_CHARS: usize = 1_000;
/// Longest route, in metres.
pub const MAX_METRES: i32 = 10_000;
/// Longest walk, in minutes.
pub const MAX_MINUTES: i32 = 180;

/// One end of a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    Room(i64),
    Place(i64),
}

/// What organisers say about a route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub from: End,
    pub to: End,
    /// Whether the whole way is without steps.
    pub step_free: Fact,
    pub distance_metres: Option<i32>,
    pub walking_minutes: Option<i32>,
    /// The directions, one text per decision point, in order.
    pub steps: Vec<Vec<TextInput>>,
    /// Walked only from `from` to `to`; else both ways (the way back reads the reverse
    /// route's steps when the venue has one).
    pub one_way: bool,
}

pub async fn create(
    db: &DatabaseConnection,
    conference_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(route::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = create_in(&mut edit, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`create`] inside the caller's edit.
pub async fn create_in(edit: &mut Edit, draft: Draft) -> AppResult<route::Model> {
    let venue = venue::of_conference(edit).await?;
    let fields = check(edit, venue.id, None, draft).await?;
    let row =
        route::ActiveModel { venue_id: Set(venue.id), updated_at: Set(edit.now), ..fields }.insert(&edit.txn).await?;
    edit.record(ChangeTarget::Route, row.id, ChangeAction::Created, Vec::new(), Vec::new());
    Ok(row)
}

pub async fn update(
    db: &DatabaseConnection,
    conference_id: i64,
    route_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(route::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = update_in(&mut edit, route_id, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`update`] inside the caller's edit.
pub async fn update_in(edit: &mut Edit, route_id: i64, draft: Draft) -> AppResult<route::Model> {
    let current = load(edit, route_id).await?;
    let fields = check(edit, current.venue_id, Some(current.id), draft).await?;
    let row =
        route::ActiveModel { id: Unchanged(current.id), updated_at: Set(edit.now), ..fields }.update(&edit.txn).await?;
    edit.record(ChangeTarget::Route, row.id, ChangeAction::Updated, Vec::new(), Vec::new());
    Ok(row)
}

pub async fn delete(
    db: &DatabaseConnection,
    conference_id: i64,
    route_id: i64,
    now: DateTime<Utc>,
) -> AppResult<ProgrammeChange> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    delete_in(&mut edit, route_id).await?;
    edit.commit_last().await
}

/// [`delete`] inside the caller's edit.
pub async fn delete_in(edit: &mut Edit, route_id: i64) -> AppResult<()> {
    load(edit, route_id).await?;
    route::Entity::delete_by_id(route_id).exec(&edit.txn).await?;
    edit.tombstone(TombstoneKind::Route, route_id).await?;
    edit.record(ChangeTarget::Route, route_id, ChangeAction::Deleted, Vec::new(), Vec::new());
    Ok(())
}

async fn load(edit: &Edit, route_id: i64) -> AppResult<route::Model> {
    let venue = venue::of_conference(edit).await?;
    route::Entity::find_by_id(route_id)
        .filter(route::Column::VenueId.eq(venue.id))
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::not_found("route"))
}

/// Whether an end is a room or place of this venue.
async fn end_exists(edit: &Edit, venue_id: i64, end: End) -> AppResult<bool> {
    Ok(match end {
        End::Room(id) => room::Entity::find_by_id(id).one(&edit.txn).await?.is_some_and(|r| r.venue_id == venue_id),
        End::Place(id) => place::Entity::find_by_id(id).one(&edit.txn).await?.is_some_and(|p| p.venue_id == venue_id),
    })
}

fn columns(end: End) -> (Option<i64>, Option<i64>) {
    match end {
        End::Room(id) => (Some(id), None),
        End::Place(id) => (None, Some(id)),
    }
}

async fn check(edit: &Edit, venue_id: i64, this: Option<i64>, draft: Draft) -> AppResult<route::ActiveModel> {
    if draft.from == draft.to {
        return Err(AppError::bad_input("input.to", "a route leads somewhere else than where it starts"));
    }
    for (field, end) in [("input.from", draft.from), ("input.to", draft.to)] {
        if !end_exists(edit, venue_id, end).await? {
            return Err(AppError::bad_input(field, "no such room or point of interest in this venue"));
        }
    }
    if draft.distance_metres.is_some_and(|m| !(0..=MAX_METRES).contains(&m)) {
        return Err(AppError::bad_input("input.distanceMetres", format!("between 0 and {MAX_METRES}")));
    }
    if draft.walking_minutes.is_some_and(|m| !(0..=MAX_MINUTES).contains(&m)) {
        return Err(AppError::bad_input("input.walkingMinutes", format!("between 0 and {MAX_MINUTES}")));
    }
    if draft.steps.is_empty() || draft.steps.len() > MAX_STEPS {
        return Err(AppError::bad_input("input.steps", format!("1 to {MAX_STEPS} steps")));
    }
    let mut steps = Vec::with_capacity(draft.steps.len());
    for (i, step) in draft.steps.into_iter().enumerate() {
        steps.push(texts::required(&format!("input.steps[{i}]"), step, edit.completeness(), STEP_CHARS)?);
    }
    let (from_room, from_place) = columns(draft.from);
    let (to_room, to_place) = columns(draft.to);
    let same_ends = route::Entity::find()
        .filter(route::Column::VenueId.eq(venue_id))
        .filter(match draft.from {
            End::Room(id) => route::Column::FromRoomId.eq(id),
            End::Place(id) => route::Column::FromPlaceId.eq(id),
        })
        .filter(match draft.to {
            End::Room(id) => route::Column::ToRoomId.eq(id),
            End::Place(id) => route::Column::ToPlaceId.eq(id),
        })
        .all(&edit.txn)
        .await?;
    if same_ends.iter().any(|r| Some(r.id) != this) {
        return Err(AppError::bad_input("input.to", "a route with these two ends already exists: update it instead"));
    }
    Ok(route::ActiveModel {
        from_room_id: Set(from_room),
        from_place_id: Set(from_place),
        to_room_id: Set(to_room),
        to_place_id: Set(to_place),
        step_free: Set(draft.step_free),
        distance_metres: Set(draft.distance_metres),
        walking_minutes: Set(draft.walking_minutes),
        steps: Set(RouteSteps(steps)),
        one_way: Set(draft.one_way),
        ..Default::default()
    })
}
