//! Per-request DataLoaders: every list of related rows is read with one statement per kind
//! of row, however many sessions a query touches. Created for each request (a loader caches
//! what it read, and must never serve one viewer's cache to another).

mod accommodation;
mod agenda;
mod by_id;
mod by_session;
mod programme;
mod search;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, HashMapCache};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

pub use accommodation::{ItemsByRequest, SessionIdsByItem};
pub use agenda::AgendaOfPerson;
pub use by_id::ById;
pub use by_session::{
    ChangesBySession, DocumentWithVariants, DocumentsBySession, LanguageByTag, LanguagesBySession, SessionsBySpeaker,
    SpeakersBySession,
};
pub use programme::{ProgrammeRows, ProgrammeSnapshots};
pub use search::{ConferenceIndex, SearchItem};

use crate::entities::{
    accommodation_request, conference, language, person, place, room, schedule_change, session, session_language,
    session_speaker, speaker, track,
};
use crate::error::{AppError, AppResult};

/// Every loader one request may use. Programme rows are read through the methods below, which
/// answer from the programme snapshot when the request has one (queries) and through the
/// per-request loaders otherwise.
pub struct Loaders {
    db: DatabaseConnection,
    programme: Option<Arc<ProgrammeRows>>,
    conference: Lazy<ById<conference::Entity>>,
    session: Lazy<ById<session::Entity>>,
    room: Lazy<ById<room::Entity>>,
    place: Lazy<ById<place::Entity>>,
    track: Lazy<ById<track::Entity>>,
    speaker: Lazy<ById<speaker::Entity>>,
    language: Lazy<LanguageByTag>,
    session_languages: Lazy<LanguagesBySession>,
    session_speakers: Lazy<SpeakersBySession>,
    session_documents: Lazy<DocumentsBySession>,
    session_changes: Lazy<ChangesBySession>,
    speaker_sessions: Lazy<SessionsBySpeaker>,
    /// Keyed by person: only ever asked for the viewer's own agenda.
    pub agenda: Lazy<AgendaOfPerson>,
    /// People by id: only ever read for accommodation rows the viewer may already see
    /// (requesters, assignees, message authors, readers).
    pub person: Lazy<ById<person::Entity>>,
    pub request: Lazy<ById<accommodation_request::Entity>>,
    pub request_items: Lazy<ItemsByRequest>,
    pub item_sessions: Lazy<SessionIdsByItem>,
}

type Cached<T> = DataLoader<T, HashMapCache>;

/// A loader made on first use. A request reads a few kinds of row, and an idle WebSocket
/// subscriber none until an event: neither should pay for seventeen loaders, each with its
/// own shared state, cache and spawner, that it never uses.
///
/// The loader is boxed once made: held inline, an unmade loader still took its full size, and
/// seventeen of them made the set 3.9 KB, kept by every idle WebSocket subscriber (massif).
pub struct Lazy<T> {
    db: DatabaseConnection,
    make: fn(DatabaseConnection) -> T,
    made: OnceLock<Box<Cached<T>>>,
}

impl<T> Lazy<T> {
    fn new(db: &DatabaseConnection, make: fn(DatabaseConnection) -> T) -> Self {
        Self { db: db.clone(), make, made: OnceLock::new() }
    }

    /// Forgets the cached rows, if the loader was ever made.
    pub fn clear<K>(&self)
    where
        K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
        T: async_graphql::dataloader::Loader<K>,
    {
        if let Some(loader) = self.made.get() {
            loader.clear::<K>();
        }
    }
}

impl<T: Send + Sync + 'static> std::ops::Deref for Lazy<T> {
    type Target = Cached<T>;

    fn deref(&self) -> &Cached<T> {
        self.made.get_or_init(|| {
            // Rows are cached for the request, so a row prefetched for a page of sessions (see
            // `session_connection::prefetch`) is never read twice. The spawned batch keeps the
            // request's span, so errors logged in a loader carry the request id.
            let spawn = |f| tokio::spawn(tracing::Instrument::in_current_span(f));
            Box::new(
                DataLoader::with_cache((self.make)(self.db.clone()), spawn, HashMapCache::default())
                    .delay(Duration::from_millis(1))
                    .max_batch_size(5_000),
            )
        })
    }
}

/// Reads `keys` now, in one statement, and stores the rows in the request's cache: later
/// `load_one` calls for them are answered from memory. Unlike `load_many`, this neither waits
/// for a batch window nor hands the work to another task.
async fn prime<K, T>(loader: &Cached<T>, keys: impl IntoIterator<Item = K>) -> Result<HashMap<K, T::Value>, AppError>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + Ord + 'static,
    T: async_graphql::dataloader::Loader<K, Error = AppError>,
{
    let mut keys: Vec<K> = keys.into_iter().collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let values = loader.loader().load(&keys).await?;
    loader.feed_many(values.clone()).await;
    Ok(values)
}

impl Loaders {
    /// Forgets every cached row: a WebSocket connection keeps one set of loaders for all its
    /// events, and each event must see rows as they are now.
    pub fn clear_all(&self) {
        self.conference.clear::<i64>();
        self.session.clear::<i64>();
        self.room.clear::<i64>();
        self.place.clear::<i64>();
        self.track.clear::<i64>();
        self.speaker.clear::<i64>();
        self.language.clear::<String>();
        self.session_languages.clear::<i64>();
        self.session_speakers.clear::<i64>();
        self.session_documents.clear::<i64>();
        self.session_changes.clear::<i64>();
        self.speaker_sessions.clear::<i64>();
        self.agenda.clear::<i64>();
        self.person.clear::<i64>();
        self.request.clear::<i64>();
        self.request_items.clear::<i64>();
        self.item_sessions.clear::<i64>();
    }

    /// Loaders that read the database (mutations, subscription events).
    pub fn new(db: DatabaseConnection) -> Self {
        Self::reading(db, None)
    }

    /// Loaders that read programme rows from `programme` (queries).
    pub fn with_programme(db: DatabaseConnection, programme: Arc<ProgrammeRows>) -> Self {
        Self::reading(db, Some(programme))
    }

    fn reading(db: DatabaseConnection, programme: Option<Arc<ProgrammeRows>>) -> Self {
        Self {
            programme,
            conference: Lazy::new(&db, ById::new),
            session: Lazy::new(&db, ById::new),
            room: Lazy::new(&db, ById::new),
            place: Lazy::new(&db, ById::new),
            track: Lazy::new(&db, ById::new),
            speaker: Lazy::new(&db, ById::new),
            language: Lazy::new(&db, LanguageByTag),
            session_languages: Lazy::new(&db, LanguagesBySession),
            session_speakers: Lazy::new(&db, SpeakersBySession),
            session_documents: Lazy::new(&db, DocumentsBySession),
            session_changes: Lazy::new(&db, ChangesBySession),
            speaker_sessions: Lazy::new(&db, SessionsBySpeaker),
            agenda: Lazy::new(&db, AgendaOfPerson),
            person: Lazy::new(&db, ById::new),
            request: Lazy::new(&db, ById::new),
            request_items: Lazy::new(&db, ItemsByRequest),
            item_sessions: Lazy::new(&db, SessionIdsByItem),
            db,
        }
    }
}

/// Which related rows a page of sessions will be asked for.
#[derive(Clone, Copy, Debug, Default)]
pub struct SessionParts {
    pub room: bool,
    pub track: bool,
    pub languages: bool,
    pub speakers: bool,
    pub documents: bool,
    pub changes: bool,
}

fn list<V>(found: Option<&Arc<[V]>>) -> Arc<[V]> {
    found.cloned().unwrap_or_else(|| Arc::from(Vec::new()))
}

fn pick<K: std::hash::Hash + Eq + Clone, V: Clone>(
    rows: &HashMap<K, V>,
    keys: impl IntoIterator<Item = K>,
) -> HashMap<K, V> {
    keys.into_iter().filter_map(|key| Some((key.clone(), rows.get(&key)?.clone()))).collect()
}

/// Programme rows, from the snapshot or the database.
impl Loaders {
    /// The request's programme snapshot, when it reads one.
    pub fn programme(&self) -> Option<&ProgrammeRows> {
        self.programme.as_deref()
    }

    /// A conference's search index: the snapshot's, kept for its programme version, or
    /// (without a snapshot) built for this request alone.
    pub async fn search_index(&self, conference: i64) -> AppResult<Arc<ConferenceIndex>> {
        match &self.programme {
            Some(rows) => rows.search_index(conference).await,
            None => ProgrammeRows::detached(self.db.clone()).search_index(conference).await,
        }
    }

    pub async fn conference(&self, id: i64) -> AppResult<Option<Arc<conference::Model>>> {
        match &self.programme {
            Some(rows) => Ok(rows.conferences().await?.iter().find(|c| c.id == id).cloned()),
            None => self.conference.load_one(id).await,
        }
    }

    /// Every conference, oldest first.
    pub async fn conferences(&self) -> AppResult<Vec<Arc<conference::Model>>> {
        if let Some(rows) = &self.programme {
            return Ok(rows.conferences().await?.to_vec());
        }
        let rows = conference::Entity::find().order_by_asc(conference::Column::Id).all(&self.db).await?;
        Ok(rows.into_iter().map(Arc::new).collect())
    }

    /// The conference with this slug, or the oldest one when no slug is given.
    pub async fn conference_by_slug(&self, slug: Option<&str>) -> AppResult<Option<Arc<conference::Model>>> {
        if let Some(rows) = &self.programme {
            let all = rows.conferences().await?;
            return Ok(match slug {
                Some(slug) => all.iter().find(|c| c.slug == slug).cloned(),
                None => all.first().cloned(),
            });
        }
        let query = conference::Entity::find();
        let found = match slug {
            Some(slug) => query.filter(conference::Column::Slug.eq(slug)).one(&self.db).await?,
            None => query.order_by_asc(conference::Column::Id).one(&self.db).await?,
        };
        Ok(found.map(Arc::new))
    }

    pub async fn session(&self, id: i64) -> AppResult<Option<Arc<session::Model>>> {
        match &self.programme {
            Some(rows) => Ok(rows.sessions().await?.by_id.get(&id).cloned()),
            None => self.session.load_one(id).await,
        }
    }

    /// Keeps sessions read some other way (an agenda) for the rest of the request.
    pub async fn remember_sessions(&self, rows: &[Arc<session::Model>]) {
        if self.programme.is_none() {
            self.session.feed_many(rows.iter().map(|r| (r.id, r.clone()))).await;
        }
    }

    pub async fn sessions(&self, ids: impl IntoIterator<Item = i64>) -> AppResult<HashMap<i64, Arc<session::Model>>> {
        match &self.programme {
            Some(rows) => Ok(pick(&rows.sessions().await?.by_id, ids)),
            None => self.session.load_many(ids).await,
        }
    }

    pub async fn room(&self, id: i64) -> AppResult<Option<Arc<room::Model>>> {
        match &self.programme {
            Some(rows) => Ok(rows.rooms().await?.get(&id).cloned()),
            None => self.room.load_one(id).await,
        }
    }

    pub async fn place(&self, id: i64) -> AppResult<Option<Arc<place::Model>>> {
        match &self.programme {
            Some(rows) => Ok(rows.places().await?.get(&id).cloned()),
            None => self.place.load_one(id).await,
        }
    }

    pub async fn track(&self, id: i64) -> AppResult<Option<Arc<track::Model>>> {
        match &self.programme {
            Some(rows) => Ok(rows.tracks().await?.get(&id).cloned()),
            None => self.track.load_one(id).await,
        }
    }

    pub async fn speaker(&self, id: i64) -> AppResult<Option<Arc<speaker::Model>>> {
        match &self.programme {
            Some(rows) => Ok(rows.speakers().await?.get(&id).cloned()),
            None => self.speaker.load_one(id).await,
        }
    }

    pub async fn speakers(&self, ids: impl IntoIterator<Item = i64>) -> AppResult<HashMap<i64, Arc<speaker::Model>>> {
        match &self.programme {
            Some(rows) => Ok(pick(rows.speakers().await?, ids)),
            None => self.speaker.load_many(ids).await,
        }
    }

    /// Languages of the registry by tag; tags it lacks are left out.
    pub async fn languages(&self, tags: Vec<String>) -> AppResult<HashMap<String, Arc<language::Model>>> {
        match &self.programme {
            Some(rows) => Ok(pick(rows.languages().await?, tags)),
            None => self.language.load_many(tags).await,
        }
    }

    pub async fn session_languages(&self, session: i64) -> AppResult<Arc<[session_language::Model]>> {
        match &self.programme {
            Some(rows) => Ok(list(rows.session_languages().await?.get(&session))),
            None => Ok(self.session_languages.load_one(session).await?.unwrap_or_else(|| list(None))),
        }
    }

    pub async fn session_speakers(&self, session: i64) -> AppResult<Arc<[session_speaker::Model]>> {
        match &self.programme {
            Some(rows) => Ok(list(rows.participation().await?.by_session.get(&session))),
            None => Ok(self.session_speakers.load_one(session).await?.unwrap_or_else(|| list(None))),
        }
    }

    pub async fn session_documents(&self, session: i64) -> AppResult<Arc<[Arc<DocumentWithVariants>]>> {
        match &self.programme {
            Some(rows) => Ok(list(rows.documents().await?.get(&session))),
            None => Ok(self.session_documents.load_one(session).await?.unwrap_or_else(|| list(None))),
        }
    }

    pub async fn session_changes(&self, session: i64) -> AppResult<Arc<[schedule_change::Model]>> {
        match &self.programme {
            Some(rows) => Ok(list(rows.changes().await?.get(&session))),
            None => Ok(self.session_changes.load_one(session).await?.unwrap_or_else(|| list(None))),
        }
    }

    pub async fn speaker_sessions(&self, speaker: i64) -> AppResult<Arc<[Arc<session::Model>]>> {
        match &self.programme {
            Some(rows) => Ok(list(rows.participation().await?.by_speaker.get(&speaker))),
            None => Ok(self.speaker_sessions.load_one(speaker).await?.unwrap_or_else(|| list(None))),
        }
    }

    /// Reads, in one statement per kind, the rows related to a page of sessions that the query
    /// asks for. Batching by timing alone splits a large page into several batches; asking for
    /// every key at once cannot. A snapshot needs nothing: it reads each kind whole, once.
    pub async fn prefetch(&self, rows: &[Arc<session::Model>], parts: SessionParts) -> AppResult<()> {
        if self.programme.is_some() {
            return Ok(());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let room = async {
            if parts.room {
                prime(&self.room, rows.iter().filter_map(|r| r.room_id)).await?;
            }
            Ok::<_, AppError>(())
        };
        let track = async {
            if parts.track {
                prime(&self.track, rows.iter().filter_map(|r| r.track_id)).await?;
            }
            Ok(())
        };
        let languages = async {
            if parts.languages {
                let rows = prime(&self.session_languages, ids.clone()).await?;
                prime(&self.language, rows.values().flat_map(|r| r.iter()).map(|l| l.lang.clone())).await?;
            }
            Ok(())
        };
        let speakers = async {
            if parts.speakers {
                let links = prime(&self.session_speakers, ids.clone()).await?;
                prime(&self.speaker, links.values().flat_map(|r| r.iter()).map(|l| l.speaker_id)).await?;
            }
            Ok(())
        };
        let documents = async {
            if parts.documents {
                prime(&self.session_documents, ids.clone()).await?;
            }
            Ok(())
        };
        let changes = async {
            if parts.changes {
                prime(&self.session_changes, ids.clone()).await?;
            }
            Ok(())
        };
        tokio::try_join!(room, track, languages, speakers, documents, changes)?;
        Ok(())
    }
}
