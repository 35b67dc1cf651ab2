//! The venue itself: its name, address, description, how to arrive, and its map.
//!
//! A conference has one venue, created with it (`sanad conference create`) with only its
//! name; everything else is written here, by organisers' `updateVenue` and by Sanad's own
//! document on import. Texts left out stay empty and `sanad check` lists them.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set, Unchanged,
};

use super::Edit;
use super::texts::{self, LONG, SHORT, TextInput};
use crate::entities::texts::Translations;
use crate::entities::venue;
use crate::error::{AppError, AppResult};
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange};

/// What organisers say about the venue. `None` leaves a text empty (not yet written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub name: Vec<TextInput>,
    pub address: Option<Vec<TextInput>>,
    pub description: Option<Vec<TextInput>>,
    /// Drop-off point, the step-free entrance, what one hears and feels at the door.
    pub arrival: Option<Vec<TextInput>>,
    pub map: Option<MapDraft>,
}

/// The venue map: an image is only published with its alt text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapDraft {
    pub url: String,
    pub alt: Vec<TextInput>,
    /// Everything the map shows, floor by floor, for people who cannot see it.
    pub long_description: Option<Vec<TextInput>>,
}

/// The conference's venue (the first, when an old database holds several).
pub async fn of_conference(edit: &Edit) -> AppResult<venue::Model> {
    venue::Entity::find()
        .filter(venue::Column::ConferenceId.eq(edit.conference.id))
        .order_by_asc(venue::Column::Id)
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::not_found("venue"))
}

/// Replaces the venue's description.
pub async fn update(
    db: &DatabaseConnection,
    conference_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(venue::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = update_in(&mut edit, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`update`] inside the caller's edit.
pub async fn update_in(edit: &mut Edit, draft: Draft) -> AppResult<venue::Model> {
    let current = of_conference(edit).await?;
    let fields = check(edit, draft)?;
    let row =
        venue::ActiveModel { id: Unchanged(current.id), updated_at: Set(edit.now), ..fields }.update(&edit.txn).await?;
    edit.record(ChangeTarget::Venue, row.id, ChangeAction::Updated, Vec::new(), Vec::new());
    Ok(row)
}

fn check(edit: &Edit, draft: Draft) -> AppResult<venue::ActiveModel> {
    let completeness = edit.completeness();
    let name = texts::required("input.name", draft.name, completeness, SHORT)?;
    let or_empty = |field: &str, input: Option<Vec<TextInput>>, max: usize| -> AppResult<Translations> {
        Ok(texts::optional(field, input, completeness, max)?.unwrap_or_default())
    };
    let address = or_empty("input.address", draft.address, SHORT)?;
    let description = or_empty("input.description", draft.description, LONG)?;
    let arrival = or_empty("input.arrival", draft.arrival, LONG)?;
    let (map_url, map_alt, map_long_description) = match draft.map {
        None => (None, None, None),
        Some(map) => (
            Some(texts::url("input.map.url", &map.url)?),
            Some(texts::required("input.map.alt", map.alt, completeness, SHORT)?),
            texts::optional("input.map.longDescription", map.long_description, completeness, LONG)?,
        ),
    };
    Ok(venue::ActiveModel {
        name: Set(name),
        address: Set(address),
        description: Set(description),
        arrival: Set(arrival),
        map_url: Set(map_url),
        map_alt: Set(map_alt),
        map_long_description: Set(map_long_description),
        ..Default::default()
    })
}
