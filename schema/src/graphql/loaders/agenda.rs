//! The sessions in a person's agenda, read once per request for `Session.isInMyAgenda`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use crate::entities::agenda_item;
use crate::error::AppError;

pub struct AgendaOfPerson(pub DatabaseConnection);

impl Loader<i64> for AgendaOfPerson {
    type Value = Arc<HashSet<i64>>;
    type Error = AppError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let rows = agenda_item::Entity::find()
            .select_only()
            .columns([agenda_item::Column::PersonId, agenda_item::Column::SessionId])
            .filter(agenda_item::Column::PersonId.is_in(keys.iter().copied()))
            .into_tuple::<(i64, i64)>()
            .all(&self.0)
            .await?;
        let mut agendas: HashMap<i64, HashSet<i64>> = keys.iter().map(|k| (*k, HashSet::new())).collect();
        for (person, session) in rows {
            agendas.entry(person).or_default().insert(session);
        }
        Ok(agendas.into_iter().map(|(k, v)| (k, Arc::new(v))).collect())
    }
}
