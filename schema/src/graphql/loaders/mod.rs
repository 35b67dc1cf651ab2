//! Per-request DataLoaders: every list of related rows is read with one statement per kind
//! of row, however many sessions a query touches. Created for each request (a loader caches
//! what it read, and must never serve one viewer's cache to another).

mod accommodation;
mod agenda;
mod by_id;
mod by_session;

use std::collections::HashMap;
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, HashMapCache};
use sea_orm::DatabaseConnection;

pub use accommodation::{ItemsByRequest, SessionIdsByItem};
pub use agenda::AgendaOfPerson;
pub use by_id::ById;
pub use by_session::{
    ChangesBySession, DocumentWithVariants, DocumentsBySession, LanguageByTag, LanguagesBySession, SessionsBySpeaker,
    SpeakersBySession,
};

use crate::entities::{accommodation_request, conference, person, place, room, session, speaker, track};
use crate::error::AppError;

/// Every loader one request may use.
pub struct Loaders {
    pub conference: Cached<ById<conference::Entity>>,
    pub session: Cached<ById<session::Entity>>,
    pub room: Cached<ById<room::Entity>>,
    pub place: Cached<ById<place::Entity>>,
    pub track: Cached<ById<track::Entity>>,
    pub speaker: Cached<ById<speaker::Entity>>,
    pub language: Cached<LanguageByTag>,
    pub session_languages: Cached<LanguagesBySession>,
    pub session_speakers: Cached<SpeakersBySession>,
    pub session_documents: Cached<DocumentsBySession>,
    pub session_changes: Cached<ChangesBySession>,
    pub speaker_sessions: Cached<SessionsBySpeaker>,
    /// Keyed by person: only ever asked for the viewer's own agenda.
    pub agenda: Cached<AgendaOfPerson>,
    /// People by id: only ever read for accommodation rows the viewer may already see
    /// (requesters, assignees, message authors, readers).
    pub person: Cached<ById<person::Entity>>,
    pub request: Cached<ById<accommodation_request::Entity>>,
    pub request_items: Cached<ItemsByRequest>,
    pub item_sessions: Cached<SessionIdsByItem>,
}

type Cached<T> = DataLoader<T, HashMapCache>;

fn loader<T: async_graphql::dataloader::Loader<K>, K: Send + Sync + std::hash::Hash + Eq + Clone + 'static>(
    inner: T,
) -> Cached<T> {
    // Rows are cached for the request, so a row prefetched for a page of sessions (see
    // `session_connection::prefetch`) is never read twice. The spawned batch keeps the
    // request's span, so errors logged in a loader carry the request id.
    DataLoader::with_cache(inner, |f| tokio::spawn(tracing::Instrument::in_current_span(f)), HashMapCache::default())
        .delay(Duration::from_millis(1))
        .max_batch_size(5_000)
}

/// Reads `keys` now, in one statement, and stores the rows in the request's cache: later
/// `load_one` calls for them are answered from memory. Unlike `load_many`, this neither waits
/// for a batch window nor hands the work to another task.
pub async fn prime<K, T>(
    loader: &Cached<T>,
    keys: impl IntoIterator<Item = K>,
) -> Result<HashMap<K, T::Value>, AppError>
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

    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            conference: loader(ById::new(db.clone())),
            session: loader(ById::new(db.clone())),
            room: loader(ById::new(db.clone())),
            place: loader(ById::new(db.clone())),
            track: loader(ById::new(db.clone())),
            speaker: loader(ById::new(db.clone())),
            language: loader(LanguageByTag(db.clone())),
            session_languages: loader(LanguagesBySession(db.clone())),
            session_speakers: loader(SpeakersBySession(db.clone())),
            session_documents: loader(DocumentsBySession(db.clone())),
            session_changes: loader(ChangesBySession(db.clone())),
            speaker_sessions: loader(SessionsBySpeaker(db.clone())),
            agenda: loader(AgendaOfPerson(db.clone())),
            person: loader(ById::new(db.clone())),
            request: loader(ById::new(db.clone())),
            request_items: loader(ItemsByRequest(db.clone())),
            item_sessions: loader(SessionIdsByItem(db)),
        }
    }
}
