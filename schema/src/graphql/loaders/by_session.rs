//! Lists of rows that belong to sessions (and the sessions of speakers), grouped by owner.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Select, SelectTwoMany};

use crate::entities::{
    document, document_variant, language, schedule_change, session, session_language, session_speaker,
};
use crate::error::AppError;

/// Groups rows by owner. Every requested owner gets an entry, empty when it has no rows, so
/// the request's cache remembers "none" instead of asking again. Lists are shared, not copied,
/// each time a resolver reads them from the cache.
pub(super) fn group<V>(keys: &[i64], rows: impl IntoIterator<Item = (i64, V)>) -> HashMap<i64, Arc<[V]>> {
    let mut groups: HashMap<i64, Vec<V>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for (key, value) in rows {
        groups.entry(key).or_default().push(value);
    }
    groups.into_iter().map(|(key, values)| (key, Arc::from(values))).collect()
}

pub struct LanguageByTag(pub DatabaseConnection);

impl Loader<String> for LanguageByTag {
    type Value = Arc<language::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[String]) -> Result<HashMap<String, Self::Value>, Self::Error> {
        let rows =
            language::Entity::find().filter(language::Column::Tag.is_in(keys.iter().cloned())).all(&self.0).await?;
        Ok(rows.into_iter().map(|row| (row.tag.clone(), Arc::new(row))).collect())
    }
}

pub struct LanguagesBySession(pub DatabaseConnection);

impl Loader<i64> for LanguagesBySession {
    type Value = Arc<[session_language::Model]>;
    type Error = AppError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let rows =
            languages().filter(session_language::Column::SessionId.is_in(keys.iter().copied())).all(&self.0).await?;
        Ok(group(keys, rows.into_iter().map(|row| (row.session_id, row))))
    }
}

/// Who takes part in each session, in programme order. The speakers themselves come from the
/// `speaker` loader: a speaker on many panels is read once, not once per panel.
pub struct SpeakersBySession(pub DatabaseConnection);

impl Loader<i64> for SpeakersBySession {
    type Value = Arc<[session_speaker::Model]>;
    type Error = AppError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let rows =
            speakers().filter(session_speaker::Column::SessionId.is_in(keys.iter().copied())).all(&self.0).await?;
        Ok(group(keys, rows.into_iter().map(|row| (row.session_id, row))))
    }
}

/// A document with its files.
#[derive(Clone, Debug)]
pub struct DocumentWithVariants {
    pub document: document::Model,
    pub variants: Vec<document_variant::Model>,
}

pub struct DocumentsBySession(pub DatabaseConnection);

impl Loader<i64> for DocumentsBySession {
    type Value = Arc<[Arc<DocumentWithVariants>]>;
    type Error = AppError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let rows = documents().filter(document::Column::SessionId.is_in(keys.iter().copied())).all(&self.0).await?;
        Ok(group(keys, with_owner(rows)))
    }
}

pub struct ChangesBySession(pub DatabaseConnection);

impl Loader<i64> for ChangesBySession {
    type Value = Arc<[schedule_change::Model]>;
    type Error = AppError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let rows =
            changes().filter(schedule_change::Column::SessionId.is_in(keys.iter().copied())).all(&self.0).await?;
        Ok(group(keys, rows.into_iter().map(|row| (row.session_id, row))))
    }
}

/// The sessions a speaker takes part in, in time order.
pub struct SessionsBySpeaker(pub DatabaseConnection);

impl Loader<i64> for SessionsBySpeaker {
    type Value = Arc<[Arc<session::Model>]>;
    type Error = AppError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let links = session_speaker::Entity::find()
            .filter(session_speaker::Column::SpeakerId.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        let sessions: HashMap<i64, Arc<session::Model>> = session::Entity::find()
            .filter(session::Column::Id.is_in(links.iter().map(|l| l.session_id)))
            .all(&self.0)
            .await?
            .into_iter()
            .map(|s| (s.id, Arc::new(s)))
            .collect();
        Ok(group(keys, sessions_of_speakers(&links, &sessions).into_iter().map(|(speaker, s)| (speaker, s.clone()))))
    }
}

// The order each list is served in, shared by the loaders and the programme snapshot.

/// A session's languages in the order the programme gives them.
pub(super) fn languages() -> Select<session_language::Entity> {
    session_language::Entity::find().order_by_asc(session_language::Column::Position)
}

/// Who takes part in a session, in programme order.
pub(super) fn speakers() -> Select<session_speaker::Entity> {
    session_speaker::Entity::find().order_by_asc(session_speaker::Column::Position)
}

/// A session's documents with their files, in programme order.
pub(super) fn documents() -> SelectTwoMany<document::Entity, document_variant::Entity> {
    document::Entity::find()
        .order_by_asc(document::Column::Position)
        .order_by_asc(document::Column::Id)
        .find_with_related(document_variant::Entity)
}

/// What changed about a session, oldest first.
pub(super) fn changes() -> Select<schedule_change::Entity> {
    schedule_change::Entity::find().order_by_asc(schedule_change::Column::ChangedAt)
}

/// Documents that belong to a session, keyed by it (documents of the conference as a whole
/// are not a session's).
pub(super) fn with_owner(
    rows: Vec<(document::Model, Vec<document_variant::Model>)>,
) -> impl Iterator<Item = (i64, Arc<DocumentWithVariants>)> {
    rows.into_iter().filter_map(|(document, variants)| {
        Some((document.session_id?, Arc::new(DocumentWithVariants { document, variants })))
    })
}

/// Each speaker's sessions in time order, each session once however many roles the speaker
/// has in it.
pub(super) fn sessions_of_speakers<'a>(
    links: &[session_speaker::Model],
    sessions: &'a HashMap<i64, Arc<session::Model>>,
) -> Vec<(i64, &'a Arc<session::Model>)> {
    let mut pairs: Vec<(i64, &Arc<session::Model>)> =
        links.iter().filter_map(|l| Some((l.speaker_id, sessions.get(&l.session_id)?))).collect();
    pairs.sort_by_key(|(speaker, session)| (*speaker, session.starts_at, session.id));
    pairs.dedup_by_key(|(speaker, session)| (*speaker, session.id));
    pairs
}
