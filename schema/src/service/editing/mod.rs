//! Organisers' changes to the programme. Every change runs in one write transaction that
//! first raises the conference's programme version (which also serialises concurrent edits
//! of one conference), leaves a tombstone for anything deleted, and, once committed, is
//! announced through [`Live`](crate::service::live::Live).

pub mod announcement;
pub mod conference;
pub mod document;
pub mod glossary;
pub mod place;
pub mod room;
pub mod route;
pub mod session;
pub mod speaker;
pub mod texts;
pub mod track;
pub mod venue;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set,
};

use crate::entities::conference as conference_row;
pub use crate::entities::tombstone::TombstoneKind;
use crate::entities::{agenda_item, programme_change, tombstone};
use crate::error::{AppError, AppResult};
use crate::service::live::{ChangeAction, ChangeTarget, ProgrammeChange, RequestChange};
use crate::service::write::begin_write;

/// Rows per statement when writing the change log (5 values a row: far below SQLite's limit
/// of 32,766 bound values per statement).
const LOG_ROWS_PER_INSERT: usize = 1_000;

/// Writes `changes` to the change log (`Conference.changedSince`), each object once: its last
/// action in this edit.
pub async fn log_changes(txn: &DatabaseTransaction, changes: &[ProgrammeChange]) -> AppResult<()> {
    let mut seen = std::collections::HashSet::new();
    let mut rows: Vec<programme_change::ActiveModel> = changes
        .iter()
        .rev()
        .filter(|change| seen.insert((change.conference_id, change.target, change.id)))
        .map(|change| programme_change::ActiveModel {
            conference_id: Set(change.conference_id),
            programme_version: Set(change.version),
            target: Set(change.target),
            entity_id: Set(change.id),
            action: Set(change.action),
            ..Default::default()
        })
        .collect();
    rows.reverse();
    for chunk in rows.chunks(LOG_ROWS_PER_INSERT) {
        programme_change::Entity::insert_many(chunk.to_vec()).exec(txn).await?;
    }
    Ok(())
}

/// One edit in progress: one transaction and one programme version, however many changes it
/// makes (an organiser's mutation makes one; an import makes all of a source's at once).
pub struct Edit {
    pub txn: DatabaseTransaction,
    /// The conference, with its new programme version.
    pub conference: conference_row::Model,
    pub now: DateTime<Utc>,
    /// What this edit changed so far, to announce once it is committed.
    changes: Vec<ProgrammeChange>,
    /// Texts come from an imported source, one language each (see [`texts::Completeness`]).
    imported: bool,
}

impl Edit {
    /// Starts an edit of a conference's programme and takes its next version.
    pub async fn begin(db: &DatabaseConnection, conference_id: i64, now: DateTime<Utc>) -> AppResult<Self> {
        Self::begin_in(begin_write(db).await?, conference_id, now).await
    }

    /// Starts an edit inside a write transaction the caller began (and may have written in).
    pub async fn begin_in(txn: DatabaseTransaction, conference_id: i64, now: DateTime<Utc>) -> AppResult<Self> {
        let bumped = conference_row::Entity::update_many()
            .col_expr(
                conference_row::Column::ProgrammeVersion,
                Expr::col(conference_row::Column::ProgrammeVersion).add(1),
            )
            .col_expr(conference_row::Column::UpdatedAt, Expr::value(now))
            .filter(conference_row::Column::Id.eq(conference_id))
            .exec_with_returning(&txn)
            .await?;
        let conference = bumped.into_iter().next().ok_or_else(|| AppError::not_found("conference"))?;
        Ok(Self { txn, conference, now, changes: Vec::new(), imported: false })
    }

    /// Starts an edit that applies an imported source: the same rules, except that texts
    /// may come in the source's one language.
    pub async fn begin_import(db: &DatabaseConnection, conference_id: i64, now: DateTime<Utc>) -> AppResult<Self> {
        Ok(Self { imported: true, ..Self::begin(db, conference_id, now).await? })
    }

    /// [`Edit::begin_import`] inside the caller's write transaction.
    pub async fn begin_import_in(txn: DatabaseTransaction, conference_id: i64, now: DateTime<Utc>) -> AppResult<Self> {
        Ok(Self { imported: true, ..Self::begin_in(txn, conference_id, now).await? })
    }

    /// Which languages this edit's texts must come in.
    pub fn completeness(&self) -> texts::Completeness<'_> {
        if self.imported { texts::Completeness::AsGiven } else { texts::Completeness::Every(&self.conference) }
    }

    pub fn version(&self) -> i64 {
        self.conference.programme_version
    }

    /// Records that a public row is gone, for clients that sync by version.
    pub async fn tombstone(&self, kind: TombstoneKind, id: i64) -> AppResult<()> {
        tombstone::ActiveModel {
            conference_id: Set(self.conference.id),
            entity: Set(kind),
            entity_id: Set(id),
            programme_version: Set(self.version()),
            deleted_at: Set(self.now),
            ..Default::default()
        }
        .insert(&self.txn)
        .await?;
        Ok(())
    }

    /// Who has a session in their agenda (read inside the edit, before a deletion removes it).
    pub async fn agenda_holders(&self, session_id: i64) -> AppResult<Vec<i64>> {
        Ok(agenda_item::Entity::find()
            .select_only()
            .column(agenda_item::Column::PersonId)
            .filter(agenda_item::Column::SessionId.eq(session_id))
            .into_tuple::<i64>()
            .all(&self.txn)
            .await?)
    }

    /// Notes a change, to announce when the edit commits.
    pub fn record(
        &mut self,
        target: ChangeTarget,
        id: i64,
        action: ChangeAction,
        affected_people: Vec<i64>,
        requests: Vec<RequestChange>,
    ) {
        self.changes.push(ProgrammeChange {
            conference_id: self.conference.id,
            version: self.version(),
            target,
            id,
            action,
            affected_people,
            requests,
        });
    }

    /// Commits, and describes the change for listeners.
    pub async fn commit(
        mut self,
        target: ChangeTarget,
        id: i64,
        action: ChangeAction,
        affected_people: Vec<i64>,
    ) -> AppResult<ProgrammeChange> {
        self.record(target, id, action, affected_people, Vec::new());
        self.commit_last().await
    }

    /// Commits a change that also moved accommodation items.
    pub async fn commit_with(
        mut self,
        target: ChangeTarget,
        id: i64,
        action: ChangeAction,
        affected_people: Vec<i64>,
        requests: Vec<RequestChange>,
    ) -> AppResult<ProgrammeChange> {
        self.record(target, id, action, affected_people, requests);
        self.commit_last().await
    }

    /// Commits an edit that made one change (the last recorded), and describes it.
    pub async fn commit_last(self) -> AppResult<ProgrammeChange> {
        let mut changes = self.commit_all().await?;
        changes.pop().ok_or_else(|| AppError::unexpected("an edit committed without a change"))
    }

    /// What this edit has changed so far.
    pub fn changes(&self) -> &[ProgrammeChange] {
        &self.changes
    }

    /// Whether this edit has changed nothing yet.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty()
    }

    /// Rolls back an edit that changed nothing: its programme version is not taken.
    pub async fn abandon(self) -> AppResult<()> {
        self.txn.rollback().await?;
        Ok(())
    }

    /// Commits, and describes every change for listeners, in the order they were made. The
    /// change log gets one row per changed object, in the same transaction.
    pub async fn commit_all(self) -> AppResult<Vec<ProgrammeChange>> {
        log_changes(&self.txn, &self.changes).await?;
        self.txn.commit().await?;
        Ok(self.changes)
    }
}
