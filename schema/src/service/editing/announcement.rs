//! Announcements (DESIGN §4): a short front-loaded title, what changed and what to do as
//! separate texts, and a severity.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

use super::Edit;
use super::texts::{self, LONG, TextInput};
use crate::entities::enums::Severity;
use crate::entities::{announcement, session};
use crate::error::{AppError, AppResult};
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange};

/// Titles are read first on a lock screen: short.
pub const TITLE: usize = 120;

#[derive(Clone, Debug)]
pub struct Draft {
    pub severity: Severity,
    pub title: Vec<TextInput>,
    pub what_changed: Vec<TextInput>,
    pub what_to_do: Vec<TextInput>,
    pub session_id: Option<i64>,
}

/// Publishes an announcement now.
pub async fn publish(
    db: &DatabaseConnection,
    conference_id: i64,
    d: Draft,
    now: DateTime<Utc>,
) -> AppResult<(announcement::Model, ProgrammeChange)> {
    let mut edit = Edit::begin(db, conference_id, now).await?;
    let row = publish_in(&mut edit, None, d, now).await?;
    Ok((row, edit.commit_last().await?))
}

/// [`publish`] inside the caller's edit, with its own key (`announcement-vN` when `None`)
/// and the time it was published (an imported document says when); the push to phones goes
/// out with the edit.
pub async fn publish_in(
    edit: &mut Edit,
    slug: Option<&str>,
    d: Draft,
    published_at: DateTime<Utc>,
) -> AppResult<announcement::Model> {
    let conference_id = edit.conference.id;
    let title = texts::required("input.title", d.title, edit.completeness(), TITLE)?;
    let what_changed = texts::required("input.whatChanged", d.what_changed, edit.completeness(), LONG)?;
    let what_to_do = texts::required("input.whatToDo", d.what_to_do, edit.completeness(), LONG)?;
    if let Some(session_id) = d.session_id {
        let found = session::Entity::find_by_id(session_id).one(&edit.txn).await?;
        if found.is_none_or(|s| s.conference_id != conference_id) {
            return Err(AppError::bad_input("input.sessionId", "no such session in this conference"));
        }
    }
    let slug = match slug {
        Some(slug) => texts::slug("slug", slug)?,
        // The version is unique per conference, so the slug is too.
        None => format!("announcement-v{}", edit.version()),
    };
    let row = announcement::ActiveModel {
        conference_id: Set(conference_id),
        slug: Set(slug),
        severity: Set(d.severity),
        title: Set(title),
        what_changed: Set(what_changed),
        what_to_do: Set(what_to_do),
        session_id: Set(d.session_id),
        published_at: Set(published_at),
        updated_at: Set(edit.now),
        ..Default::default()
    }
    .insert(&edit.txn)
    .await?;
    crate::service::push::notify::announcement(&edit.txn, &edit.conference, &row).await?;
    edit.record(ChangeTarget::Announcement, row.id, ChangeAction::Published, Vec::new(), Vec::new());
    Ok(row)
}
