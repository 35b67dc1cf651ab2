//! Rows by their numeric primary key.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{DatabaseConnection, EntityTrait, QueryFilter};

use crate::entities::{accommodation_request, conference, person, place, room, session, speaker, track};
use crate::error::AppError;

/// A model with a numeric `id` column.
pub trait Identified {
    fn id(&self) -> i64;
}

macro_rules! identified {
    ($($module:ident),*) => {
        $(impl Identified for $module::Model {
            fn id(&self) -> i64 {
                self.id
            }
        })*
    };
}

identified!(accommodation_request, conference, person, place, room, session, speaker, track);

pub struct ById<E> {
    db: DatabaseConnection,
    entity: PhantomData<fn() -> E>,
}

impl<E> ById<E> {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db, entity: PhantomData }
    }
}

impl<E> Loader<i64> for ById<E>
where
    E: EntityTrait + Default,
    E::Model: Identified + Clone + Send + Sync + 'static,
{
    /// Shared: every resolver that reads the row gets the same one, not a copy.
    type Value = Arc<E::Model>;
    type Error = AppError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let rows = E::find().filter(Expr::col((E::default(), "id")).is_in(keys.iter().copied())).all(&self.db).await?;
        Ok(rows.into_iter().map(|row| (row.id(), Arc::new(row))).collect())
    }
}
