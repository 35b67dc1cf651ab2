//! Tracks (themes) of a conference.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, Unchanged};

use super::texts::{self, LONG, SHORT, TextInput};
use super::{Edit, TombstoneKind};
use crate::entities::{session, track};
use crate::error::{AppError, AppResult};
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange};

/// What organisers (or a source) say about a track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub name: Vec<TextInput>,
    pub description: Option<Vec<TextInput>>,
}

/// Adds a track inside the caller's edit.
pub async fn create_in(edit: &mut Edit, slug: &str, draft: Draft) -> AppResult<track::Model> {
    let slug = texts::slug("slug", slug)?;
    let taken = track::Entity::find()
        .filter(track::Column::ConferenceId.eq(edit.conference.id))
        .filter(track::Column::Slug.eq(slug.as_str()))
        .one(&edit.txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::bad_input("slug", "another track has this slug"));
    }
    let row = track::ActiveModel {
        conference_id: Set(edit.conference.id),
        slug: Set(slug),
        updated_at: Set(edit.now),
        ..check(edit, draft)?
    }
    .insert(&edit.txn)
    .await?;
    edit.record(ChangeTarget::Track, row.id, ChangeAction::Created, Vec::new(), Vec::new());
    Ok(row)
}

/// Replaces a track's name and description inside the caller's edit.
pub async fn update_in(edit: &mut Edit, track_id: i64, draft: Draft) -> AppResult<track::Model> {
    let current = load(edit, track_id).await?;
    let row = track::ActiveModel { id: Unchanged(current.id), updated_at: Set(edit.now), ..check(edit, draft)? }
        .update(&edit.txn)
        .await?;
    edit.record(ChangeTarget::Track, row.id, ChangeAction::Updated, Vec::new(), Vec::new());
    Ok(row)
}

fn check(edit: &Edit, draft: Draft) -> AppResult<track::ActiveModel> {
    Ok(track::ActiveModel {
        name: Set(texts::required("input.name", draft.name, edit.completeness(), SHORT)?),
        description: Set(texts::optional("input.description", draft.description, edit.completeness(), LONG)?),
        ..Default::default()
    })
}

pub async fn create(
    db: &DatabaseConnection,
    conference_id: i64,
    slug: &str,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(track::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = create_in(&mut edit, slug, draft).await?;
    Ok((row, edit.commit_last().await?))
}

pub async fn update(
    db: &DatabaseConnection,
    conference_id: i64,
    track_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(track::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = update_in(&mut edit, track_id, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// Deletes a track no session is in (move its sessions to another track, or none, first).
pub async fn delete(
    db: &DatabaseConnection,
    conference_id: i64,
    track_id: i64,
    now: DateTime<Utc>,
) -> AppResult<ProgrammeChange> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    delete_in(&mut edit, track_id).await?;
    edit.commit_last().await
}

/// [`delete`] inside the caller's edit.
pub async fn delete_in(edit: &mut Edit, track_id: i64) -> AppResult<()> {
    load(edit, track_id).await?;
    let used = session::Entity::find().filter(session::Column::TrackId.eq(track_id)).all(&edit.txn).await?;
    if !used.is_empty() {
        let slugs: Vec<&str> = used.iter().take(5).map(|s| s.slug.as_str()).collect();
        return Err(AppError::conflict(format!(
            "{} session(s) are still in this track ({}): move them to another track first",
            used.len(),
            slugs.join(", ")
        )));
    }
    track::Entity::delete_by_id(track_id).exec(&edit.txn).await?;
    edit.tombstone(TombstoneKind::Track, track_id).await?;
    edit.record(ChangeTarget::Track, track_id, ChangeAction::Deleted, Vec::new(), Vec::new());
    Ok(())
}

async fn load(edit: &Edit, track_id: i64) -> AppResult<track::Model> {
    let found = track::Entity::find_by_id(track_id).one(&edit.txn).await?;
    found.filter(|t| t.conference_id == edit.conference.id).ok_or_else(|| AppError::not_found("track"))
}
