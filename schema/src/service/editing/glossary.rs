//! Glossary entries: acronyms and terms with expansion and pronunciation.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, Unchanged};

use super::texts::{self, LONG, SHORT, TextInput};
use super::{Edit, TombstoneKind};
use crate::entities::glossary_entry;
use crate::error::{AppError, AppResult};
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub term: String,
    pub expansion: Vec<TextInput>,
    pub spoken_as: Option<Vec<TextInput>>,
    pub pronunciation_ipa: Option<String>,
    pub definition: Option<Vec<TextInput>>,
}

pub async fn create(
    db: &DatabaseConnection,
    conference_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(glossary_entry::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = create_in(&mut edit, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`create`] inside the caller's edit.
pub async fn create_in(edit: &mut Edit, draft: Draft) -> AppResult<glossary_entry::Model> {
    let fields = check(edit, draft, None).await?;
    let row =
        glossary_entry::ActiveModel { conference_id: Set(edit.conference.id), updated_at: Set(edit.now), ..fields }
            .insert(&edit.txn)
            .await?;
    edit.record(ChangeTarget::GlossaryEntry, row.id, ChangeAction::Created, Vec::new(), Vec::new());
    Ok(row)
}

pub async fn update(
    db: &DatabaseConnection,
    conference_id: i64,
    entry_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(glossary_entry::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = update_in(&mut edit, entry_id, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`update`] inside the caller's edit.
pub async fn update_in(edit: &mut Edit, entry_id: i64, draft: Draft) -> AppResult<glossary_entry::Model> {
    let current = load(edit, entry_id).await?;
    let f = check(edit, draft, Some(entry_id)).await?;
    // Only what `check` set is written; the owner stays.
    let row = glossary_entry::ActiveModel { id: Unchanged(current.id), updated_at: Set(edit.now), ..f }
        .update(&edit.txn)
        .await?;
    edit.record(ChangeTarget::GlossaryEntry, row.id, ChangeAction::Updated, Vec::new(), Vec::new());
    Ok(row)
}

pub async fn delete(
    db: &DatabaseConnection,
    conference_id: i64,
    entry_id: i64,
    now: DateTime<Utc>,
) -> AppResult<ProgrammeChange> {
    let edit = Edit::begin(db, conference_id, now).await?;
    load(&edit, entry_id).await?;
    glossary_entry::Entity::delete_by_id(entry_id).exec(&edit.txn).await?;
    edit.tombstone(TombstoneKind::GlossaryEntry, entry_id).await?;
    edit.commit(ChangeTarget::GlossaryEntry, entry_id, ChangeAction::Deleted, Vec::new()).await
}

async fn load(edit: &Edit, entry_id: i64) -> AppResult<glossary_entry::Model> {
    glossary_entry::Entity::find_by_id(entry_id)
        .filter(glossary_entry::Column::ConferenceId.eq(edit.conference.id))
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::not_found("glossary entry"))
}

async fn check(edit: &Edit, d: Draft, this: Option<i64>) -> AppResult<glossary_entry::ActiveModel> {
    let c = &edit.conference;
    let term = texts::plain("input.term", &d.term, 64)?;
    let mut same = glossary_entry::Entity::find()
        .filter(glossary_entry::Column::ConferenceId.eq(c.id))
        .filter(glossary_entry::Column::Term.eq(term.as_str()));
    if let Some(this) = this {
        same = same.filter(glossary_entry::Column::Id.ne(this));
    }
    if same.one(&edit.txn).await?.is_some() {
        return Err(AppError::bad_input("input.term", "the glossary already has this term"));
    }
    let ipa = d.pronunciation_ipa.as_deref().map(|v| texts::plain("input.pronunciationIpa", v, SHORT)).transpose()?;
    Ok(glossary_entry::ActiveModel {
        term: Set(term),
        expansion: Set(texts::required("input.expansion", d.expansion, edit.completeness(), SHORT)?),
        spoken_as: Set(texts::optional("input.spokenAs", d.spoken_as, edit.completeness(), SHORT)?),
        pronunciation_ipa: Set(ipa),
        definition: Set(texts::optional("input.definition", d.definition, edit.completeness(), LONG)?),
        ..Default::default()
    })
}
