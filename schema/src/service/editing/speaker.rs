//! Speakers.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set, Unchanged,
};

use super::texts::{self, LONG, SHORT, TextInput};
use super::{Edit, TombstoneKind};
use crate::entities::{session_speaker, speaker};
use crate::error::{AppError, AppResult};
use crate::service::language::parse_tag;
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange};

/// What organisers say about a speaker (DESIGN §4: name as written, transliteration,
/// pronunciation, honorific; never a disability unless the person published it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub name: String,
    pub name_lang: String,
    pub transliteration: String,
    pub pronunciation_ipa: Option<String>,
    pub pronunciation_hint: Option<Vec<TextInput>>,
    pub honorific: Option<Vec<TextInput>>,
    pub affiliation: Option<Vec<TextInput>>,
    pub job_title: Option<Vec<TextInput>>,
    pub bio: Option<Vec<TextInput>>,
    pub photo_url: Option<String>,
    pub photo_alt: Option<Vec<TextInput>>,
    pub photo_decorative: bool,
}

pub async fn create(
    db: &DatabaseConnection,
    conference_id: i64,
    slug: &str,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(speaker::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = create_in(&mut edit, slug, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`create`] inside the caller's edit.
pub async fn create_in(edit: &mut Edit, slug: &str, draft: Draft) -> AppResult<speaker::Model> {
    let (now, conference_id) = (edit.now, edit.conference.id);
    let slug = texts::slug("slug", slug)?;
    let taken = speaker::Entity::find()
        .filter(speaker::Column::ConferenceId.eq(conference_id))
        .filter(speaker::Column::Slug.eq(slug.as_str()))
        .one(&edit.txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::bad_input("slug", "another speaker has this slug"));
    }
    let fields = check(edit, draft)?;
    let row =
        speaker::ActiveModel { conference_id: Set(conference_id), slug: Set(slug), updated_at: Set(now), ..fields }
            .insert(&edit.txn)
            .await?;
    edit.record(ChangeTarget::Speaker, row.id, ChangeAction::Created, Vec::new(), Vec::new());
    Ok(row)
}

pub async fn update(
    db: &DatabaseConnection,
    conference_id: i64,
    speaker_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(speaker::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = update_in(&mut edit, speaker_id, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`update`] inside the caller's edit.
pub async fn update_in(edit: &mut Edit, speaker_id: i64, draft: Draft) -> AppResult<speaker::Model> {
    let now = edit.now;
    let current = load(edit, speaker_id).await?;
    let f = check(edit, draft)?;
    // Only what `check` set is written; the slug and owner stay.
    let row = speaker::ActiveModel { id: Unchanged(current.id), updated_at: Set(now), ..f }.update(&edit.txn).await?;
    edit.record(ChangeTarget::Speaker, row.id, ChangeAction::Updated, Vec::new(), Vec::new());
    Ok(row)
}

/// Deletes a speaker; the sessions they were part of lose them, and are recorded as changed
/// (an offline copy reads them again).
pub async fn delete(
    db: &DatabaseConnection,
    conference_id: i64,
    speaker_id: i64,
    now: DateTime<Utc>,
) -> AppResult<ProgrammeChange> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    load(&edit, speaker_id).await?;
    let sessions: Vec<i64> = session_speaker::Entity::find()
        .select_only()
        .column(session_speaker::Column::SessionId)
        .distinct()
        .filter(session_speaker::Column::SpeakerId.eq(speaker_id))
        .into_tuple()
        .all(&edit.txn)
        .await?;
    speaker::Entity::delete_by_id(speaker_id).exec(&edit.txn).await?;
    for session in sessions {
        edit.record(ChangeTarget::Session, session, ChangeAction::Updated, Vec::new(), Vec::new());
    }
    edit.tombstone(TombstoneKind::Speaker, speaker_id).await?;
    edit.commit(ChangeTarget::Speaker, speaker_id, ChangeAction::Deleted, Vec::new()).await
}

async fn load(edit: &Edit, speaker_id: i64) -> AppResult<speaker::Model> {
    speaker::Entity::find_by_id(speaker_id)
        .filter(speaker::Column::ConferenceId.eq(edit.conference.id))
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::not_found("speaker"))
}

fn check(edit: &Edit, d: Draft) -> AppResult<speaker::ActiveModel> {
    let name = texts::plain("input.name", &d.name, SHORT)?;
    let name_lang = parse_tag(&d.name_lang).map_err(|m| AppError::bad_input("input.nameLang", m))?;
    let transliteration = texts::plain("input.transliteration", &d.transliteration, SHORT)?;
    let ipa = d.pronunciation_ipa.as_deref().map(|v| texts::plain("input.pronunciationIpa", v, SHORT)).transpose()?;
    let photo_url = d.photo_url.as_deref().map(|u| texts::url("input.photoUrl", u)).transpose()?;
    let photo_alt = texts::optional("input.photoAlt", d.photo_alt, edit.completeness(), SHORT)?;
    if photo_url.is_some() && photo_alt.is_none() && !d.photo_decorative {
        return Err(AppError::bad_input("input.photoAlt", "a photo needs alt text, or photoDecorative: true"));
    }
    Ok(speaker::ActiveModel {
        name: Set(name),
        name_lang: Set(name_lang),
        transliteration: Set(transliteration),
        pronunciation_ipa: Set(ipa),
        pronunciation_hint: Set(texts::optional(
            "input.pronunciationHint",
            d.pronunciation_hint,
            edit.completeness(),
            SHORT,
        )?),
        honorific: Set(texts::optional("input.honorific", d.honorific, edit.completeness(), SHORT)?),
        affiliation: Set(texts::optional("input.affiliation", d.affiliation, edit.completeness(), SHORT)?),
        job_title: Set(texts::optional("input.jobTitle", d.job_title, edit.completeness(), SHORT)?),
        bio: Set(texts::optional("input.bio", d.bio, edit.completeness(), LONG)?),
        photo_url: Set(photo_url),
        photo_alt: Set(photo_alt),
        photo_decorative: Set(d.photo_decorative),
        ..Default::default()
    })
}
