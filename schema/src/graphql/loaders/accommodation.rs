//! Rows of the accommodation desk, grouped by owner, so a page of the coordinators' queue
//! or a delegate's list of requests costs one statement per kind of row, not one per item.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::by_session::group;
use crate::entities::{item_session, request_item};
use crate::error::AppError;

/// The items of each request, in the order they were asked for.
pub struct ItemsByRequest(pub DatabaseConnection);

impl Loader<i64> for ItemsByRequest {
    type Value = Arc<[request_item::Model]>;
    type Error = AppError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let rows = request_item::Entity::find()
            .filter(request_item::Column::RequestId.is_in(keys.iter().copied()))
            .order_by_asc(request_item::Column::Id)
            .all(&self.0)
            .await?;
        Ok(group(keys, rows.into_iter().map(|row| (row.request_id, row))))
    }
}

/// The ids of the sessions each item concerns; the sessions come from the `session` loader.
pub struct SessionIdsByItem(pub DatabaseConnection);

impl Loader<i64> for SessionIdsByItem {
    type Value = Arc<[i64]>;
    type Error = AppError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Self::Value>, Self::Error> {
        let rows = item_session::Entity::find()
            .filter(item_session::Column::ItemId.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(group(keys, rows.into_iter().map(|row| (row.item_id, row.session_id))))
    }
}
