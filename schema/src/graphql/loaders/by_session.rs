//! Lists of rows that belong to sessions (and the sessions of speakers), grouped by owner.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

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
        let rows = session_language::Entity::find()
            .filter(session_language::Column::SessionId.is_in(keys.iter().copied()))
            .order_by_asc(session_language::Column::Position)
            .all(&self.0)
            .await?;
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
        let rows = session_speaker::Entity::find()
            .filter(session_speaker::Column::SessionId.is_in(keys.iter().copied()))
            .order_by_asc(session_speaker::Column::Position)
            .all(&self.0)
            .await?;
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
        let rows = document::Entity::find()
            .filter(document::Column::SessionId.is_in(keys.iter().copied()))
            .order_by_asc(document::Column::Position)
            .order_by_asc(document::Column::Id)
            .find_with_related(document_variant::Entity)
            .all(&self.0)
            .await?;
        Ok(group(
            keys,
            rows.into_iter().filter_map(|(document, variants)| {
                Some((document.session_id?, Arc::new(DocumentWithVariants { document, variants })))
            }),
        ))
    }
}

pub struct ChangesBySession(pub DatabaseConnection);

impl Loader<i64> for ChangesBySession {
    type Value = Arc<[schedule_change::Model]>;
    type Error = AppError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let rows = schedule_change::Entity::find()
            .filter(schedule_change::Column::SessionId.is_in(keys.iter().copied()))
            .order_by_asc(schedule_change::Column::ChangedAt)
            .all(&self.0)
            .await?;
        Ok(group(keys, rows.into_iter().map(|row| (row.session_id, row))))
    }
}

/// The sessions a speaker takes part in, in time order.
pub struct SessionsBySpeaker(pub DatabaseConnection);

impl Loader<i64> for SessionsBySpeaker {
    type Value = Arc<[Arc<session::Model>]>;
    type Error = AppError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let mut links = session_speaker::Entity::find()
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
        // In time order, each session once however many roles the speaker has in it.
        links.sort_by_key(|l| (l.speaker_id, sessions.get(&l.session_id).map(|s| s.starts_at), l.session_id));
        links.dedup_by_key(|l| (l.speaker_id, l.session_id));
        Ok(group(keys, links.iter().filter_map(|l| Some((l.speaker_id, sessions.get(&l.session_id)?.clone())))))
    }
}
