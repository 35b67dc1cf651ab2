//! Announcements from the organisers.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};

use crate::entities::announcement;
use crate::entities::enums::Severity;
use crate::error::AppResult;
use crate::graphql::context::{Scope, loaders};
use crate::graphql::relay::{Kind, encode};
use crate::graphql::scalars;
use crate::graphql::types::session::Session;
use crate::graphql::types::text::Text;

pub struct Announcement {
    pub model: announcement::Model,
    pub scope: Arc<Scope>,
}

/// A message from the organisers to every delegate. Its parts are separate so a screen
/// reader user hears the point first: `title`, then `whatChanged`, then `whatToDo`.
#[Object]
impl Announcement {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::Announcement, self.model.id)
    }

    /// How important it is.
    async fn severity(&self) -> Severity {
        self.model.severity
    }

    /// Short, front-loaded title.
    async fn title(&self) -> Text {
        self.scope.required_text(&self.model.title)
    }

    /// What changed.
    async fn what_changed(&self) -> Text {
        self.scope.required_text(&self.model.what_changed)
    }

    /// What delegates should do.
    async fn what_to_do(&self) -> Text {
        self.scope.required_text(&self.model.what_to_do)
    }

    /// When it was published, with the conference zone's offset.
    async fn published_at(&self) -> scalars::DateTime {
        scalars::DateTime(self.scope.local(self.model.published_at))
    }

    /// The session it is about, if any.
    async fn session(&self, ctx: &Context<'_>) -> AppResult<Option<Session>> {
        let Some(id) = self.model.session_id else { return Ok(None) };
        Ok(loaders(ctx)?.session(id).await?.map(|s| Session::new(s, &self.scope)))
    }
}
