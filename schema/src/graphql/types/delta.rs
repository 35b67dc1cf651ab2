//! `Conference.changedSince`: what changed after a programme version, for a client that keeps
//! the programme offline and catches up with one small read (after a `programmeChanged`
//! event, or on reconnecting) instead of the whole programme again. Read from the change log
//! (`programme_change`, written by every edit in its own transaction) and the tombstones.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_graphql::{Context, Object};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::{document, document_variant, glossary_entry, programme_change};
use crate::error::{AppError, AppResult};
use crate::graphql::context::{Scope, db, loaders};
use crate::graphql::execution::eager::Eager;
use crate::graphql::loaders::DocumentWithVariants;
use crate::graphql::types::conference::load_venue;
use crate::graphql::types::deletion::{self, Deletion};
use crate::graphql::types::document::Document;
use crate::graphql::types::glossary::GlossaryEntry;
use crate::graphql::types::session::Session;
use crate::graphql::types::speaker::Speaker;
use crate::graphql::types::track::Track;
use crate::graphql::types::venue::{PointOfInterest, Room, Route};
use crate::service::live::ChangeTarget;

/// The ids that changed, by kind, each once.
#[derive(Debug, Default)]
struct Changed {
    conference: bool,
    venue: bool,
    sessions: BTreeSet<i64>,
    rooms: BTreeSet<i64>,
    speakers: BTreeSet<i64>,
    tracks: BTreeSet<i64>,
    documents: BTreeSet<i64>,
    glossary: BTreeSet<i64>,
    places: BTreeSet<i64>,
    routes: BTreeSet<i64>,
}

impl Changed {
    fn add(&mut self, target: ChangeTarget, id: i64) {
        match target {
            ChangeTarget::Conference => self.conference = true,
            ChangeTarget::Venue => self.venue = true,
            ChangeTarget::Session => _ = self.sessions.insert(id),
            ChangeTarget::Room => _ = self.rooms.insert(id),
            ChangeTarget::Speaker => _ = self.speakers.insert(id),
            ChangeTarget::Track => _ = self.tracks.insert(id),
            ChangeTarget::Document => _ = self.documents.insert(id),
            ChangeTarget::GlossaryEntry => _ = self.glossary.insert(id),
            // Not part of the delta: whether an announcement shows depends on the clock (one may
            // be scheduled for later), so a version cannot say it was seen. Clients read
            // `conference.announcements` (a short list) on `announcementPublished`.
            ChangeTarget::Announcement => {}
            ChangeTarget::PointOfInterest => _ = self.places.insert(id),
            ChangeTarget::Route => _ = self.routes.insert(id),
        }
    }
}

/// What changed in a conference's programme between two versions.
pub struct ProgrammeDelta {
    since: i64,
    scope: Arc<Scope>,
    /// False when the log cannot say (see `complete`); then every list is empty.
    complete: bool,
    changed: Changed,
}

/// Whether the log can bring a copy at `since` up to `version`, given the first version the
/// log holds for the conference (`None`: it holds nothing). A copy older than the log, or
/// newer than the server (its database restored from an older backup), cannot. (A copy of a
/// version that a restored server has since reached again by other edits is not told apart.)
pub fn can_catch_up(since: i64, version: i64, log_starts: Option<i64>) -> bool {
    match log_starts {
        _ if since > version => false,
        Some(first) => since >= first,
        None => since == version,
    }
}

impl ProgrammeDelta {
    /// Reads the log after `since`, up to the version the request reads (`scope`'s).
    pub async fn load(ctx: &Context<'_>, scope: &Arc<Scope>, since: i64) -> AppResult<Self> {
        if since < 0 {
            return Err(AppError::bad_input("since", "a programme version: 0 or more"));
        }
        let db = db(ctx)?;
        let conference = scope.conference.id;
        let version = scope.conference.programme_version;
        let log_starts: Option<i64> = programme_change::Entity::find()
            .select_only()
            .expr(Func::min(Expr::col(programme_change::Column::ProgrammeVersion)))
            .filter(programme_change::Column::ConferenceId.eq(conference))
            .into_tuple::<Option<i64>>()
            .one(db)
            .await?
            .flatten();
        let complete = can_catch_up(since, version, log_starts);
        let mut changed = Changed::default();
        if complete && since < version {
            let rows: Vec<(ChangeTarget, i64)> = programme_change::Entity::find()
                .select_only()
                .column(programme_change::Column::Target)
                .column(programme_change::Column::EntityId)
                .filter(programme_change::Column::ConferenceId.eq(conference))
                .filter(programme_change::Column::ProgrammeVersion.gt(since))
                .filter(programme_change::Column::ProgrammeVersion.lte(version))
                .order_by_asc(programme_change::Column::Id)
                .into_tuple()
                .all(db)
                .await?;
            for (target, id) in rows {
                changed.add(target, id);
            }
        }
        Ok(Self { since, scope: scope.clone(), complete, changed })
    }
}

/// What changed in the programme after a version: the objects as they are now (read them
/// with the same selections as your offline copy and replace yours), and what was deleted.
/// Run it after a `programmeChanged` event or on reconnecting, with the `version` of your
/// last read; keep the `version` it returns for next time. When `complete` is false, read the
/// programme whole instead. Announcements are not here: whether one shows depends on the
/// clock, so read `conference.announcements` (a short list) as well.
#[Object]
impl ProgrammeDelta {
    /// The version you asked from.
    async fn since(&self) -> i64 {
        self.since
    }

    /// The programme version this answer brings you to: keep it and ask from it next time.
    async fn version(&self) -> i64 {
        self.scope.conference.programme_version
    }

    /// False when the change log cannot bring a copy of `since` up to date (older than the
    /// log, or newer than the server's own version, as after a restore from a backup): read
    /// the programme whole, then ask from its `programmeVersion`. Every list below is empty
    /// then.
    async fn complete(&self) -> bool {
        self.complete
    }

    /// The conference's own texts or languages changed: read its fields again.
    async fn conference_changed(&self) -> bool {
        self.changed.conference
    }

    /// The venue's texts or map changed: read `venue` again.
    async fn venue_changed(&self) -> bool {
        self.changed.venue
    }

    /// Sessions added or changed (times, rooms, status, texts, speakers, languages), as
    /// they are now.
    async fn sessions(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<Session>>> {
        let rows = loaders(ctx)?.sessions(self.changed.sessions.iter().copied()).await?;
        Ok(self
            .changed
            .sessions
            .iter()
            .filter_map(|id| rows.get(id))
            .filter(|row| row.conference_id == self.scope.conference.id)
            .map(|row| Eager(Session::new(row.clone(), &self.scope)))
            .collect())
    }

    /// Speakers added or changed.
    async fn speakers(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<Speaker>>> {
        let rows = loaders(ctx)?.speakers(self.changed.speakers.iter().copied()).await?;
        Ok(self
            .changed
            .speakers
            .iter()
            .filter_map(|id| rows.get(id))
            .filter(|row| row.conference_id == self.scope.conference.id)
            .map(|row| Eager(Speaker::new(row.clone(), &self.scope)))
            .collect())
    }

    /// Tracks (themes) added or changed.
    async fn tracks(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<Track>>> {
        let loaders = loaders(ctx)?;
        let mut out = Vec::with_capacity(self.changed.tracks.len());
        for &id in &self.changed.tracks {
            if let Some(row) = loaders.track(id).await?
                && row.conference_id == self.scope.conference.id
            {
                out.push(Eager(Track::new(row, &self.scope)));
            }
        }
        Ok(out)
    }

    /// Rooms added or changed (names, floors, access facts, seating).
    async fn rooms(&self, ctx: &Context<'_>) -> AppResult<Vec<Eager<Room>>> {
        if self.changed.rooms.is_empty() {
            return Ok(Vec::new());
        }
        let venue = load_venue(ctx, &self.scope).await?;
        Ok(venue
            .map(|venue| {
                venue
                    .rooms
                    .iter()
                    .filter(|room| self.changed.rooms.contains(&room.id))
                    .map(|room| Eager(Room::new(room.clone(), &self.scope)))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Points of interest (entrances, lifts, toilets, …) added or changed.
    async fn points_of_interest(&self, ctx: &Context<'_>) -> AppResult<Vec<PointOfInterest>> {
        if self.changed.places.is_empty() {
            return Ok(Vec::new());
        }
        let venue = load_venue(ctx, &self.scope).await?;
        Ok(venue
            .map(|venue| {
                venue
                    .places
                    .iter()
                    .filter(|place| self.changed.places.contains(&place.id))
                    .map(|place| PointOfInterest::new(place.clone(), &self.scope))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Routes added or changed.
    async fn routes(&self, ctx: &Context<'_>) -> AppResult<Vec<Route>> {
        if self.changed.routes.is_empty() {
            return Ok(Vec::new());
        }
        let venue = load_venue(ctx, &self.scope).await?;
        Ok(venue
            .map(|venue| self.changed.routes.iter().filter_map(|&id| venue.routes_by_id(id)).collect())
            .unwrap_or_default())
    }

    /// Documents added or changed, with their accessible formats.
    async fn documents(&self, ctx: &Context<'_>) -> AppResult<Vec<Document>> {
        if self.changed.documents.is_empty() {
            return Ok(Vec::new());
        }
        let rows = document::Entity::find()
            .filter(document::Column::Id.is_in(self.changed.documents.iter().copied()))
            .filter(document::Column::ConferenceId.eq(self.scope.conference.id))
            .order_by_asc(document::Column::Id)
            .find_with_related(document_variant::Entity)
            .all(db(ctx)?)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(document, variants)| Document::new(DocumentWithVariants { document, variants }, &self.scope))
            .collect())
    }

    /// Glossary entries added or changed.
    async fn glossary(&self, ctx: &Context<'_>) -> AppResult<Vec<GlossaryEntry>> {
        if self.changed.glossary.is_empty() {
            return Ok(Vec::new());
        }
        let rows = glossary_entry::Entity::find()
            .filter(glossary_entry::Column::Id.is_in(self.changed.glossary.iter().copied()))
            .filter(glossary_entry::Column::ConferenceId.eq(self.scope.conference.id))
            .order_by_asc(glossary_entry::Column::Term)
            .all(db(ctx)?)
            .await?;
        Ok(rows.into_iter().map(|model| GlossaryEntry { model, scope: self.scope.clone() }).collect())
    }

    /// What was deleted (sessions, rooms, routes, speakers, documents, glossary entries,
    /// tracks, points of interest), oldest first: drop these ids from your copy, also where
    /// your copy refers to them (a session's documents).
    async fn deletions(&self, ctx: &Context<'_>) -> AppResult<Vec<Deletion>> {
        if !self.complete {
            return Ok(Vec::new());
        }
        let until = Some(self.scope.conference.programme_version);
        deletion::after(db(ctx)?, &self.scope, self.since, until).await
    }
}

#[cfg(test)]
mod tests {
    use super::can_catch_up;

    #[test]
    fn the_log_answers_only_from_versions_it_covers() {
        // (since, version, log starts) → complete
        let table = [
            ((5, 9, Some(3)), true),
            ((3, 9, Some(3)), true),
            ((2, 9, Some(3)), false),
            ((0, 9, Some(1)), false),
            ((1, 9, Some(1)), true),
            ((9, 9, Some(3)), true),
            ((10, 9, Some(3)), false),
            ((9, 9, None), true),
            ((8, 9, None), false),
        ];
        for ((since, version, starts), complete) in table {
            assert_eq!(can_catch_up(since, version, starts), complete, "{since} {version} {starts:?}");
        }
    }
}
