//! The conference's own public texts and its languages, after `sanad conference create`.
//!
//! Its slug, dates and time zone are fixed at creation: every session's local time depends on
//! them. Its texts and languages are edited here, by organisers' `updateConference` and
//! `setConferenceLanguages` and by Sanad's own document on import.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set, Unchanged};

use super::Edit;
use super::texts::{self, LONG, SHORT, TextInput};
use crate::entities::conference;
use crate::error::AppResult;
use crate::service::conference::languages;
use crate::service::language_catalogue;
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange};

/// What organisers say about their conference. `None` leaves a text empty (not yet written;
/// `sanad check` lists it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub name: Vec<TextInput>,
    pub tagline: Option<Vec<TextInput>>,
    pub description: Option<Vec<TextInput>>,
    pub city: Option<Vec<TextInput>>,
    pub organiser: Option<Vec<TextInput>>,
    /// Said on every page when the programme is sample content (the demo).
    pub sample_notice: Option<Vec<TextInput>>,
    pub website: Option<String>,
}

/// The conference's languages: fallback order, default, and those every text must be in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Languages {
    pub languages: Vec<String>,
    /// The first of `languages` when `None`.
    pub default_language: Option<String>,
    /// Just the default language when `None`.
    pub required_languages: Option<Vec<String>>,
}

/// Replaces the conference's texts.
pub async fn update(
    db: &DatabaseConnection,
    conference_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(conference::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = update_in(&mut edit, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`update`] inside the caller's edit.
pub async fn update_in(edit: &mut Edit, draft: Draft) -> AppResult<conference::Model> {
    let completeness = edit.completeness();
    let name = texts::required("input.name", draft.name, completeness, SHORT)?;
    let or_empty = |field: &str, input, max| {
        Ok::<_, crate::error::AppError>(texts::optional(field, input, completeness, max)?.unwrap_or_default())
    };
    let tagline = or_empty("input.tagline", draft.tagline, SHORT)?;
    let description = or_empty("input.description", draft.description, LONG)?;
    let city = or_empty("input.city", draft.city, SHORT)?;
    let organiser = or_empty("input.organiser", draft.organiser, SHORT)?;
    let sample_notice = texts::optional("input.sampleNotice", draft.sample_notice, completeness, LONG)?;
    let website = draft.website.as_deref().map(|w| texts::url("input.website", w)).transpose()?;
    let row = conference::ActiveModel {
        id: Unchanged(edit.conference.id),
        name: Set(name),
        tagline: Set(tagline),
        description: Set(description),
        city: Set(city),
        organiser: Set(organiser),
        sample_notice: Set(sample_notice),
        website: Set(website),
        updated_at: Set(edit.now),
        ..Default::default()
    }
    .update(&edit.txn)
    .await?;
    edit.conference = row.clone();
    edit.record(ChangeTarget::Conference, row.id, ChangeAction::Updated, Vec::new(), Vec::new());
    Ok(row)
}

/// Replaces the conference's languages. Texts already written stay as they are: a language
/// newly required is reported by `sanad check` where texts lack it, and texts in a language
/// no longer listed are kept (served to those who ask for it) until edited.
pub async fn set_languages(
    db: &DatabaseConnection,
    conference_id: i64,
    draft: Languages,
    now: DateTime<Utc>,
) -> AppResult<(conference::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = set_languages_in(&mut edit, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`set_languages`] inside the caller's edit.
pub async fn set_languages_in(edit: &mut Edit, draft: Languages) -> AppResult<conference::Model> {
    let (default_language, languages) =
        languages(&draft.languages, draft.default_language.as_deref(), draft.required_languages.as_deref())?;
    for language in &languages.0 {
        language_catalogue::ensure(&edit.txn, &language.tag, edit.now).await?;
    }
    let row = conference::ActiveModel {
        id: Unchanged(edit.conference.id),
        default_language: Set(default_language),
        languages: Set(languages),
        updated_at: Set(edit.now),
        ..Default::default()
    }
    .update(&edit.txn)
    .await?;
    edit.conference = row.clone();
    edit.record(ChangeTarget::Conference, row.id, ChangeAction::Updated, Vec::new(), Vec::new());
    Ok(row)
}
