//! The coordinators' queue as a Relay connection.

use std::sync::Arc;

use async_graphql::{Context, Object, SimpleObject};

use crate::error::AppResult;
use crate::graphql::context::{Scope, db};
use crate::graphql::relay::queue_cursor;
use crate::graphql::types::accommodation::RequestItem;
use crate::graphql::types::session_connection::PageInfo;
use crate::service::accommodation::queue::{self, QueueFilter, QueuePosition};

pub struct RequestItemConnection {
    pub edges: Vec<RequestItemEdge>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub conference_id: i64,
    pub filter: QueueFilter,
}

impl RequestItemConnection {
    pub fn new(
        rows: Vec<crate::entities::request_item::Model>,
        scope: &Arc<Scope>,
        filter: QueueFilter,
        has_next_page: bool,
        has_previous_page: bool,
    ) -> Self {
        let edges = rows
            .into_iter()
            .map(|model| RequestItemEdge {
                cursor: queue_cursor(QueuePosition::of(&model)),
                node: RequestItem { model, scope: scope.clone() },
            })
            .collect();
        Self { edges, has_next_page, has_previous_page, conference_id: scope.conference.id, filter }
    }
}

/// A page of the coordinators' queue, most urgent first (Relay cursor connection).
#[Object]
impl RequestItemConnection {
    /// The items of this page with their cursors.
    async fn edges(&self) -> &[RequestItemEdge] {
        &self.edges
    }

    /// The items of this page.
    async fn nodes(&self) -> Vec<&RequestItem> {
        self.edges.iter().map(|e| &e.node).collect()
    }

    /// Where this page is in the whole queue.
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(self.has_next_page, self.has_previous_page, self.edges.iter().map(|e| &e.cursor))
    }

    /// How many items match the filters, on all pages.
    async fn total_count(&self, ctx: &Context<'_>) -> AppResult<u64> {
        queue::count(db(ctx)?, self.conference_id, &self.filter).await
    }
}

/// An item and its place in the queue.
#[derive(SimpleObject)]
pub struct RequestItemEdge {
    /// Pass as `after` to get the items that follow this one.
    pub cursor: String,
    /// The item.
    pub node: RequestItem,
}
