//! The public programme as one read-only snapshot per programme version.
//!
//! Every phone reads the whole programme when a session starts. Per-request loaders read it in
//! about ten statements, but every request then decodes the same rows (and every translation
//! column's JSON) again, and on SQLite each statement hands work to a connection thread and
//! back. Queries instead share the rows of the programme version they started at: each kind
//! of row is read once, the first time a query asks for it, and kept until the version moves
//! (every committed change bumps it, on this instance or, through the relay, on another).
//!
//! Only queries use a snapshot. Mutations must see the rows they just wrote and subscription
//! events the rows of their change, so both read through the per-request loaders.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use tokio::sync::OnceCell;

use super::by_id::Identified;
use super::by_session::{self, DocumentWithVariants};
use super::search::{self, ConferenceIndex};
use crate::entities::{
    conference, language, place, room, route, schedule_change, session, session_language, session_speaker, speaker,
    track, venue,
};
use crate::error::AppResult;

type ById<M> = HashMap<i64, Arc<M>>;
type Owned<V> = HashMap<i64, Arc<[V]>>;

/// The sessions, by id and per conference in programme order (start, then id).
pub struct Sessions {
    pub by_id: ById<session::Model>,
    pub by_conference: HashMap<i64, Vec<Arc<session::Model>>>,
}

/// Who takes part in what, both ways.
pub struct Participation {
    pub by_session: Owned<session_speaker::Model>,
    /// Each speaker's sessions in time order, each session once.
    pub by_speaker: Owned<Arc<session::Model>>,
}

/// The programme rows of one programme version; each kind is read on first use.
pub struct ProgrammeRows {
    version: i64,
    db: DatabaseConnection,
    conferences: OnceCell<Vec<Arc<conference::Model>>>,
    sessions: OnceCell<Sessions>,
    rooms: OnceCell<ById<room::Model>>,
    places: OnceCell<ById<place::Model>>,
    venues: OnceCell<Vec<Arc<venue::Model>>>,
    routes: OnceCell<Vec<Arc<route::Model>>>,
    tracks: OnceCell<ById<track::Model>>,
    speakers: OnceCell<ById<speaker::Model>>,
    languages: OnceCell<HashMap<String, Arc<language::Model>>>,
    session_languages: OnceCell<Owned<session_language::Model>>,
    participation: OnceCell<Participation>,
    documents: OnceCell<Owned<Arc<DocumentWithVariants>>>,
    changes: OnceCell<Owned<schedule_change::Model>>,
    /// Each conference's search index, built on its first search.
    search: Mutex<HashMap<i64, Arc<OnceCell<Arc<ConferenceIndex>>>>>,
}

async fn by_id<E>(db: &DatabaseConnection) -> AppResult<ById<E::Model>>
where
    E: EntityTrait,
    E::Model: Identified,
{
    Ok(E::find().all(db).await?.into_iter().map(|row| (row.id(), Arc::new(row))).collect())
}

/// Groups rows, already in order, by owner.
fn owned<V>(rows: impl IntoIterator<Item = (i64, V)>) -> Owned<V> {
    let mut groups: HashMap<i64, Vec<V>> = HashMap::new();
    for (owner, row) in rows {
        groups.entry(owner).or_default().push(row);
    }
    groups.into_iter().map(|(owner, rows)| (owner, Arc::from(rows))).collect()
}

impl ProgrammeRows {
    fn new(version: i64, db: DatabaseConnection) -> Self {
        Self {
            version,
            db,
            conferences: OnceCell::new(),
            sessions: OnceCell::new(),
            rooms: OnceCell::new(),
            places: OnceCell::new(),
            venues: OnceCell::new(),
            routes: OnceCell::new(),
            tracks: OnceCell::new(),
            speakers: OnceCell::new(),
            languages: OnceCell::new(),
            session_languages: OnceCell::new(),
            participation: OnceCell::new(),
            documents: OnceCell::new(),
            changes: OnceCell::new(),
            search: Mutex::new(HashMap::new()),
        }
    }

    /// Rows read straight from the database, kept by no one: for the rare reader that has no
    /// snapshot (a mutation's answer).
    pub(super) fn detached(db: DatabaseConnection) -> Self {
        Self::new(0, db)
    }

    /// The programme version these rows belong to.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// Every conference, oldest first. Read before any other kind of row (each getter asks
    /// for it first): rows are read at or after the moment they are first asked for, so the
    /// conferences' `programmeVersion` is never newer than any row served with it, and a
    /// client that keeps it as its copy's version misses no change.
    pub async fn conferences(&self) -> AppResult<&[Arc<conference::Model>]> {
        let rows = self
            .conferences
            .get_or_try_init(|| async {
                let rows = conference::Entity::find().order_by_asc(conference::Column::Id).all(&self.db).await?;
                AppResult::Ok(rows.into_iter().map(Arc::new).collect())
            })
            .await?;
        Ok(rows)
    }

    pub async fn sessions(&self) -> AppResult<&Sessions> {
        self.conferences().await?;
        self.sessions
            .get_or_try_init(|| async {
                let rows = session::Entity::find()
                    .order_by_asc(session::Column::StartsAt)
                    .order_by_asc(session::Column::Id)
                    .all(&self.db)
                    .await?;
                let mut sessions =
                    Sessions { by_id: HashMap::with_capacity(rows.len()), by_conference: HashMap::new() };
                for row in rows {
                    let row = Arc::new(row);
                    sessions.by_conference.entry(row.conference_id).or_default().push(row.clone());
                    sessions.by_id.insert(row.id, row);
                }
                Ok(sessions)
            })
            .await
    }

    pub async fn rooms(&self) -> AppResult<&ById<room::Model>> {
        self.conferences().await?;
        self.rooms.get_or_try_init(|| by_id::<room::Entity>(&self.db)).await
    }

    pub async fn places(&self) -> AppResult<&ById<place::Model>> {
        self.conferences().await?;
        self.places.get_or_try_init(|| by_id::<place::Entity>(&self.db)).await
    }

    /// Every venue.
    pub async fn venues(&self) -> AppResult<&[Arc<venue::Model>]> {
        self.conferences().await?;
        let rows = self
            .venues
            .get_or_try_init(|| async {
                let rows = venue::Entity::find().all(&self.db).await?;
                AppResult::Ok(rows.into_iter().map(Arc::new).collect())
            })
            .await?;
        Ok(rows)
    }

    /// Every route, by id.
    pub async fn routes(&self) -> AppResult<&[Arc<route::Model>]> {
        self.conferences().await?;
        let rows = self
            .routes
            .get_or_try_init(|| async {
                let rows = route::Entity::find().order_by_asc(route::Column::Id).all(&self.db).await?;
                AppResult::Ok(rows.into_iter().map(Arc::new).collect())
            })
            .await?;
        Ok(rows)
    }

    pub async fn tracks(&self) -> AppResult<&ById<track::Model>> {
        self.conferences().await?;
        self.tracks.get_or_try_init(|| by_id::<track::Entity>(&self.db)).await
    }

    pub async fn speakers(&self) -> AppResult<&ById<speaker::Model>> {
        self.conferences().await?;
        self.speakers.get_or_try_init(|| by_id::<speaker::Entity>(&self.db)).await
    }

    pub async fn languages(&self) -> AppResult<&HashMap<String, Arc<language::Model>>> {
        self.conferences().await?;
        self.languages
            .get_or_try_init(|| async {
                let rows = language::Entity::find().all(&self.db).await?;
                AppResult::Ok(rows.into_iter().map(|row| (row.tag.clone(), Arc::new(row))).collect())
            })
            .await
    }

    pub async fn session_languages(&self) -> AppResult<&Owned<session_language::Model>> {
        self.conferences().await?;
        self.session_languages
            .get_or_try_init(|| async {
                let rows = by_session::languages().all(&self.db).await?;
                AppResult::Ok(owned(rows.into_iter().map(|row| (row.session_id, row))))
            })
            .await
    }

    pub async fn participation(&self) -> AppResult<&Participation> {
        self.conferences().await?;
        self.participation
            .get_or_try_init(|| async {
                let links = by_session::speakers().all(&self.db).await?;
                let sessions = &self.sessions().await?.by_id;
                let by_speaker = owned(
                    by_session::sessions_of_speakers(&links, sessions)
                        .into_iter()
                        .map(|(speaker, session)| (speaker, session.clone())),
                );
                let by_session = owned(links.into_iter().map(|link| (link.session_id, link)));
                Ok(Participation { by_session, by_speaker })
            })
            .await
    }

    pub async fn documents(&self) -> AppResult<&Owned<Arc<DocumentWithVariants>>> {
        self.conferences().await?;
        self.documents
            .get_or_try_init(|| async {
                let rows = by_session::documents().all(&self.db).await?;
                AppResult::Ok(owned(by_session::with_owner(rows)))
            })
            .await
    }

    /// The search index of a conference at this version, built on first use.
    pub async fn search_index(&self, conference: i64) -> AppResult<Arc<ConferenceIndex>> {
        let cell = {
            // A poisoned lock only means a panic elsewhere while inserting an Arc: the map is whole.
            let mut built = self.search.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            built.entry(conference).or_default().clone()
        };
        let index = cell
            .get_or_try_init(|| async {
                Ok::<_, crate::error::AppError>(Arc::new(search::build(self, &self.db, conference).await?))
            })
            .await?;
        Ok(index.clone())
    }

    pub async fn changes(&self) -> AppResult<&Owned<schedule_change::Model>> {
        self.conferences().await?;
        self.changes
            .get_or_try_init(|| async {
                let rows = by_session::changes().all(&self.db).await?;
                AppResult::Ok(owned(rows.into_iter().map(|row| (row.session_id, row))))
            })
            .await
    }
}

/// The snapshot of the running programme version, shared by the whole process.
pub struct ProgrammeSnapshots {
    db: DatabaseConnection,
    current: Mutex<Option<Arc<ProgrammeRows>>>,
}

impl ProgrammeSnapshots {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db, current: Mutex::new(None) }
    }

    /// The rows of programme `version` (read `Live::version` before calling). A query keeps the
    /// snapshot it started with; when the version has moved, the old one is dropped once the
    /// last query using it ends. Rows read after a change committed but before its version
    /// moved may be newer than `version`, never older: the next version reads them again.
    pub fn at(&self, version: i64) -> Arc<ProgrammeRows> {
        // A poisoned lock only means a panic elsewhere while swapping an Arc: the value is whole.
        let mut current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*current {
            // A query that read the version just before it moved gets the newer rows.
            Some(rows) if rows.version >= version => rows.clone(),
            _ => {
                let rows = Arc::new(ProgrammeRows::new(version, self.db.clone()));
                *current = Some(rows.clone());
                rows
            }
        }
    }
}
