//! Documents of a session, each in several accessible formats.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, Set};

use super::texts::{self, LONG, SHORT, TextInput};
use super::{Edit, TombstoneKind};
use crate::entities::enums::DocumentFormat;
use crate::entities::{document, document_variant, session};
use crate::error::{AppError, AppResult};
use crate::service::language::parse_tag;
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub format: DocumentFormat,
    pub lang: String,
    pub url: String,
    pub size_bytes: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub title: Vec<TextInput>,
    pub description: Option<Vec<TextInput>>,
    pub variants: Vec<Variant>,
}

const MAX_VARIANTS: usize = 40;

pub async fn create(
    db: &DatabaseConnection,
    conference_id: i64,
    session_id: i64,
    slug: &str,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(document::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = create_in(&mut edit, session_id, slug, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`create`] inside the caller's edit: the document comes after the session's others.
pub async fn create_in(edit: &mut Edit, session_id: i64, slug: &str, draft: Draft) -> AppResult<document::Model> {
    let (now, conference_id) = (edit.now, edit.conference.id);
    let slug = texts::slug("slug", slug)?;
    let owner = session::Entity::find_by_id(session_id).one(&edit.txn).await?;
    if owner.is_none_or(|s| s.conference_id != conference_id) {
        return Err(AppError::bad_input("sessionId", "no such session in this conference"));
    }
    let taken = document::Entity::find()
        .filter(document::Column::ConferenceId.eq(conference_id))
        .filter(document::Column::Slug.eq(slug.as_str()))
        .one(&edit.txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::bad_input("slug", "another document has this slug"));
    }
    let (title, description, variants) = check(edit, draft)?;
    let position =
        document::Entity::find().filter(document::Column::SessionId.eq(session_id)).all(&edit.txn).await?.len();
    let row = document::ActiveModel {
        conference_id: Set(conference_id),
        session_id: Set(Some(session_id)),
        slug: Set(slug),
        title: Set(title),
        description: Set(description),
        position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&edit.txn)
    .await?;
    write_variants(edit, row.id, variants).await?;
    edit.record(ChangeTarget::Document, row.id, ChangeAction::Created, Vec::new(), Vec::new());
    Ok(row)
}

/// Replaces a document's title, description and variants.
pub async fn update(
    db: &DatabaseConnection,
    conference_id: i64,
    document_id: i64,
    draft: Draft,
    now: DateTime<Utc>,
) -> AppResult<(document::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = update_in(&mut edit, document_id, draft).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`update`] inside the caller's edit.
pub async fn update_in(edit: &mut Edit, document_id: i64, draft: Draft) -> AppResult<document::Model> {
    let current = load(edit, document_id).await?;
    let (title, description, variants) = check(edit, draft)?;
    let mut row = current.into_active_model();
    row.title = Set(title);
    row.description = Set(description);
    row.updated_at = Set(edit.now);
    let row = row.update(&edit.txn).await?;
    document_variant::Entity::delete_many()
        .filter(document_variant::Column::DocumentId.eq(row.id))
        .exec(&edit.txn)
        .await?;
    write_variants(edit, row.id, variants).await?;
    edit.record(ChangeTarget::Document, row.id, ChangeAction::Updated, Vec::new(), Vec::new());
    Ok(row)
}

pub async fn delete(
    db: &DatabaseConnection,
    conference_id: i64,
    document_id: i64,
    now: DateTime<Utc>,
) -> AppResult<ProgrammeChange> {
    let edit = Edit::begin(db, conference_id, now).await?;
    load(&edit, document_id).await?;
    document::Entity::delete_by_id(document_id).exec(&edit.txn).await?;
    edit.tombstone(TombstoneKind::Document, document_id).await?;
    edit.commit(ChangeTarget::Document, document_id, ChangeAction::Deleted, Vec::new()).await
}

async fn load(edit: &Edit, document_id: i64) -> AppResult<document::Model> {
    document::Entity::find_by_id(document_id)
        .filter(document::Column::ConferenceId.eq(edit.conference.id))
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::not_found("document"))
}

type Checked = (crate::entities::texts::Translations, Option<crate::entities::texts::Translations>, Vec<Variant>);

fn check(edit: &Edit, d: Draft) -> AppResult<Checked> {
    let title = texts::required("input.title", d.title, edit.completeness(), SHORT)?;
    let description = texts::optional("input.description", d.description, edit.completeness(), LONG)?;
    if d.variants.is_empty() || d.variants.len() > MAX_VARIANTS {
        return Err(AppError::bad_input("input.variants", format!("1 to {MAX_VARIANTS} variants")));
    }
    let mut seen = HashSet::new();
    let mut variants = Vec::with_capacity(d.variants.len());
    for (i, v) in d.variants.into_iter().enumerate() {
        let at = format!("input.variants[{i}]");
        let lang = parse_tag(&v.lang).map_err(|m| AppError::bad_input(format!("{at}.lang"), m))?;
        let url = texts::url(&format!("{at}.url"), &v.url)?;
        if v.size_bytes.is_some_and(|s| s < 0) {
            return Err(AppError::bad_input(format!("{at}.sizeBytes"), "must not be negative"));
        }
        if !seen.insert((v.format, lang.clone())) {
            return Err(AppError::bad_input(at, "this format and language are listed twice"));
        }
        variants.push(Variant { format: v.format, lang, url, size_bytes: v.size_bytes });
    }
    Ok((title, description, variants))
}

async fn write_variants(edit: &Edit, document_id: i64, variants: Vec<Variant>) -> AppResult<()> {
    for v in variants {
        document_variant::ActiveModel {
            document_id: Set(document_id),
            format: Set(v.format),
            lang: Set(v.lang),
            url: Set(v.url),
            size_bytes: Set(v.size_bytes),
            updated_at: Set(edit.now),
            ..Default::default()
        }
        .insert(&edit.txn)
        .await?;
    }
    Ok(())
}
