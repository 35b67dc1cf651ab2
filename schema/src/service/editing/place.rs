//! Points of interest of the venue: entrances, lifts, accessible toilets, quiet and prayer
//! rooms, the help desk, a relief area for service animals, …
//!
//! Rooms name their nearest accessible toilet and routes lead to and from places, so a place
//! that is still named that way cannot stop being an accessible toilet, and deleting a place
//! deletes its routes (leaving tombstones) but is refused while a room names it.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, Set, Unchanged};

use super::texts::{self, LONG, SHORT, TextInput};
use super::{Edit, TombstoneKind, venue};
use crate::entities::enums::{Fact, PlaceKind};
use crate::entities::{place, room, route};
use crate::error::{AppError, AppResult};
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange};

/// Lowest and highest floor numbers a place or room may be on.
pub const FLOORS: std::ops::RangeInclusive<i32> = -20..=200;

/// What organisers say about a point of interest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub kind: PlaceKind,
    /// 0 is the ground floor, negative numbers are basements.
    pub floor: i32,
    pub name: Vec<TextInput>,
    /// Where it is and what it is like, as someone who cannot see it needs to know.
    pub description: Option<Vec<TextInput>>,
    pub step_free: Fact,
    pub opening_hours: Option<Vec<TextInput>>,
}

pub async fn create(
    db: &DatabaseConnection,
    conference_id: i64,
    slug: &str,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(place::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = create_in(&mut edit, slug, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`create`] inside the caller's edit.
pub async fn create_in(edit: &mut Edit, slug: &str, draft: Draft) -> AppResult<place::Model> {
    let slug = texts::slug("slug", slug)?;
    let venue = venue::of_conference(edit).await?;
    let taken = place::Entity::find()
        .filter(place::Column::VenueId.eq(venue.id))
        .filter(place::Column::Slug.eq(slug.as_str()))
        .one(&edit.txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::bad_input("slug", "another point of interest has this slug"));
    }
    let fields = check(edit, draft)?;
    let row = place::ActiveModel { venue_id: Set(venue.id), slug: Set(slug), updated_at: Set(edit.now), ..fields }
        .insert(&edit.txn)
        .await?;
    edit.record(ChangeTarget::PointOfInterest, row.id, ChangeAction::Created, Vec::new(), Vec::new());
    Ok(row)
}

pub async fn update(
    db: &DatabaseConnection,
    conference_id: i64,
    place_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(place::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = update_in(&mut edit, place_id, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`update`] inside the caller's edit.
pub async fn update_in(edit: &mut Edit, place_id: i64, draft: Draft) -> AppResult<place::Model> {
    let current = load(edit, place_id).await?;
    if current.kind == PlaceKind::AccessibleToilet && draft.kind != PlaceKind::AccessibleToilet {
        let naming = rooms_naming(edit, place_id).await?;
        if !naming.is_empty() {
            return Err(still_named(&naming));
        }
    }
    let fields = check(edit, draft)?;
    // Only what `check` set is written; the slug and venue stay.
    let row =
        place::ActiveModel { id: Unchanged(current.id), updated_at: Set(edit.now), ..fields }.update(&edit.txn).await?;
    edit.record(ChangeTarget::PointOfInterest, row.id, ChangeAction::Updated, Vec::new(), Vec::new());
    Ok(row)
}

/// Deletes a point of interest and the routes to and from it; refused while a room names it
/// as its nearest accessible toilet.
pub async fn delete(
    db: &DatabaseConnection,
    conference_id: i64,
    place_id: i64,
    now: DateTime<Utc>,
) -> AppResult<ProgrammeChange> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    delete_in(&mut edit, place_id).await?;
    edit.commit_last().await
}

/// [`delete`] inside the caller's edit.
pub async fn delete_in(edit: &mut Edit, place_id: i64) -> AppResult<()> {
    load(edit, place_id).await?;
    let naming = rooms_naming(edit, place_id).await?;
    if !naming.is_empty() {
        return Err(still_named(&naming));
    }
    let routes = route::Entity::find()
        .filter(
            Condition::any().add(route::Column::FromPlaceId.eq(place_id)).add(route::Column::ToPlaceId.eq(place_id)),
        )
        .all(&edit.txn)
        .await?;
    for r in &routes {
        route::Entity::delete_by_id(r.id).exec(&edit.txn).await?;
        edit.tombstone(TombstoneKind::Route, r.id).await?;
    }
    place::Entity::delete_by_id(place_id).exec(&edit.txn).await?;
    edit.tombstone(TombstoneKind::Place, place_id).await?;
    edit.record(ChangeTarget::PointOfInterest, place_id, ChangeAction::Deleted, Vec::new(), Vec::new());
    Ok(())
}

/// A place of this conference's venue.
pub(crate) async fn load(edit: &Edit, place_id: i64) -> AppResult<place::Model> {
    let venue = venue::of_conference(edit).await?;
    place::Entity::find_by_id(place_id)
        .filter(place::Column::VenueId.eq(venue.id))
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::not_found("point of interest"))
}

/// The slugs of the rooms that name a place as their nearest accessible toilet.
async fn rooms_naming(edit: &Edit, place_id: i64) -> AppResult<Vec<String>> {
    let rooms =
        room::Entity::find().filter(room::Column::NearestAccessibleToiletId.eq(place_id)).all(&edit.txn).await?;
    Ok(rooms.into_iter().map(|r| r.slug).collect())
}

fn still_named(rooms: &[String]) -> AppError {
    let shown: Vec<&str> = rooms.iter().take(5).map(String::as_str).collect();
    AppError::conflict(format!(
        "{} room(s) name this as their nearest accessible toilet ({}): change them first",
        rooms.len(),
        shown.join(", ")
    ))
}

fn check(edit: &Edit, draft: Draft) -> AppResult<place::ActiveModel> {
    let completeness = edit.completeness();
    if !FLOORS.contains(&draft.floor) {
        return Err(AppError::bad_input("input.floor", "between -20 and 200"));
    }
    let name = texts::required("input.name", draft.name, completeness, SHORT)?;
    let description = texts::optional("input.description", draft.description, completeness, LONG)?.unwrap_or_default();
    let opening_hours = texts::optional("input.openingHours", draft.opening_hours, completeness, SHORT)?;
    Ok(place::ActiveModel {
        kind: Set(draft.kind),
        floor: Set(draft.floor),
        name: Set(name),
        description: Set(description),
        step_free: Set(draft.step_free),
        opening_hours: Set(opening_hours),
        ..Default::default()
    })
}
