//! Tracks (themes) of a conference.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, Unchanged};

use super::Edit;
use super::texts::{self, LONG, SHORT, TextInput};
use crate::entities::track;
use crate::error::{AppError, AppResult};
use crate::service::live::{ChangeAction, ChangeTarget};

/// What organisers (or a source) say about a track.
#[derive(Clone, Debug)]
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
    let found = track::Entity::find_by_id(track_id).one(&edit.txn).await?;
    let current =
        found.filter(|t| t.conference_id == edit.conference.id).ok_or_else(|| AppError::not_found("track"))?;
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
