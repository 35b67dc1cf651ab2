//! Rooms of the conference's venue.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set, Unchanged,
};

use super::texts::{self, LONG, SHORT, TextInput};
use super::{Edit, TombstoneKind};
use crate::entities::enums::{Fact, PlaceKind};
use crate::entities::{place, room, route, session, venue};
use crate::error::{AppError, AppResult};
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange};

/// What organisers say about a room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub name: Vec<TextInput>,
    pub floor: i32,
    pub capacity: Option<i32>,
    pub wheelchair_spaces: Option<i32>,
    pub step_free: Fact,
    pub hearing_loop: Fact,
    pub stage_access: Fact,
    pub layout: Option<Vec<TextInput>>,
    /// A point of interest of kind accessible toilet, by id.
    pub nearest_accessible_toilet_id: Option<i64>,
}

pub async fn create(
    db: &DatabaseConnection,
    conference_id: i64,
    slug: &str,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(room::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = create_in(&mut edit, slug, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`create`] inside the caller's edit.
pub async fn create_in(edit: &mut Edit, slug: &str, draft: Draft) -> AppResult<room::Model> {
    let (now, conference_id) = (edit.now, edit.conference.id);
    let slug = texts::slug("slug", slug)?;
    let venue = venue::Entity::find()
        .filter(venue::Column::ConferenceId.eq(conference_id))
        .order_by_asc(venue::Column::Id)
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::bad_input("slug", "the conference has no venue to add a room to"))?;
    let taken = room::Entity::find()
        .filter(room::Column::VenueId.eq(venue.id))
        .filter(room::Column::Slug.eq(slug.as_str()))
        .one(&edit.txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::bad_input("slug", "another room has this slug"));
    }
    let fields = check(edit, venue.id, draft).await?;
    let row = room::ActiveModel { venue_id: Set(venue.id), slug: Set(slug), updated_at: Set(now), ..fields }
        .insert(&edit.txn)
        .await?;
    edit.record(ChangeTarget::Room, row.id, ChangeAction::Created, Vec::new(), Vec::new());
    Ok(row)
}

pub async fn update(
    db: &DatabaseConnection,
    conference_id: i64,
    room_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(room::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = update_in(&mut edit, room_id, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`update`] inside the caller's edit.
pub async fn update_in(edit: &mut Edit, room_id: i64, draft: Draft) -> AppResult<room::Model> {
    let now = edit.now;
    let current = load(edit, room_id).await?;
    let fields = check(edit, current.venue_id, draft).await?;
    // Only what `check` set is written; the slug and owner stay.
    let row = room::ActiveModel { id: Unchanged(current.id), updated_at: Set(now), ..fields }.update(&edit.txn).await?;
    edit.record(ChangeTarget::Room, row.id, ChangeAction::Updated, Vec::new(), Vec::new());
    Ok(row)
}

/// Deletes a room no session uses (move or delete its sessions first), with its routes.
pub async fn delete(
    db: &DatabaseConnection,
    conference_id: i64,
    room_id: i64,
    now: DateTime<Utc>,
) -> AppResult<ProgrammeChange> {
    let edit = Edit::begin(db, conference_id, now).await?;
    load(&edit, room_id).await?;
    let used = session::Entity::find().filter(session::Column::RoomId.eq(room_id)).all(&edit.txn).await?;
    if !used.is_empty() {
        let slugs: Vec<&str> = used.iter().take(5).map(|s| s.slug.as_str()).collect();
        return Err(AppError::conflict(format!(
            "{} session(s) still take place in this room ({}): move or delete them first",
            used.len(),
            slugs.join(", ")
        )));
    }
    let routes = route::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(route::Column::FromRoomId.eq(room_id))
                .add(route::Column::ToRoomId.eq(room_id)),
        )
        .all(&edit.txn)
        .await?;
    for r in &routes {
        edit.tombstone(TombstoneKind::Route, r.id).await?;
    }
    room::Entity::delete_by_id(room_id).exec(&edit.txn).await?;
    edit.tombstone(TombstoneKind::Room, room_id).await?;
    edit.commit(ChangeTarget::Room, room_id, ChangeAction::Deleted, Vec::new()).await
}

async fn load(edit: &Edit, room_id: i64) -> AppResult<room::Model> {
    let row = room::Entity::find_by_id(room_id).one(&edit.txn).await?.ok_or_else(|| AppError::not_found("room"))?;
    let venue = venue::Entity::find_by_id(row.venue_id).one(&edit.txn).await?;
    match venue {
        Some(v) if v.conference_id == edit.conference.id => Ok(row),
        _ => Err(AppError::not_found("room")),
    }
}

async fn check(edit: &Edit, venue_id: i64, draft: Draft) -> AppResult<room::ActiveModel> {
    let name = texts::required("input.name", draft.name, edit.completeness(), SHORT)?;
    let layout = texts::optional("input.layout", draft.layout, edit.completeness(), LONG)?;
    if !(-20..=200).contains(&draft.floor) {
        return Err(AppError::bad_input("input.floor", "between -20 and 200"));
    }
    for (field, value) in [("input.capacity", draft.capacity), ("input.wheelchairSpaces", draft.wheelchair_spaces)] {
        if value.is_some_and(|v| !(0..=100_000).contains(&v)) {
            return Err(AppError::bad_input(field, "between 0 and 100000"));
        }
    }
    if let (Some(spaces), Some(capacity)) = (draft.wheelchair_spaces, draft.capacity)
        && spaces > capacity
    {
        return Err(AppError::bad_input("input.wheelchairSpaces", "more wheelchair spaces than the capacity"));
    }
    if let Some(toilet) = draft.nearest_accessible_toilet_id {
        let found = place::Entity::find_by_id(toilet).one(&edit.txn).await?;
        match found {
            Some(p) if p.venue_id == venue_id && p.kind == PlaceKind::AccessibleToilet => {}
            Some(p) if p.venue_id == venue_id => {
                return Err(AppError::bad_input(
                    "input.nearestAccessibleToiletId",
                    "this point of interest is not an accessible toilet",
                ));
            }
            _ => return Err(AppError::bad_input("input.nearestAccessibleToiletId", "no such place in this venue")),
        }
    }
    Ok(room::ActiveModel {
        name: Set(name),
        floor: Set(draft.floor),
        capacity: Set(draft.capacity),
        wheelchair_spaces: Set(draft.wheelchair_spaces),
        step_free: Set(draft.step_free),
        hearing_loop: Set(draft.hearing_loop),
        stage_access: Set(draft.stage_access),
        layout: Set(layout),
        nearest_accessible_toilet_id: Set(draft.nearest_accessible_toilet_id),
        ..Default::default()
    })
}
