//! A track of the programme.

use std::sync::Arc;

use async_graphql::{ID, Object};

use crate::entities::track;
use crate::graphql::context::Scope;
use crate::graphql::relay::{Kind, encode};
use crate::graphql::types::text::Text;

pub struct Track {
    pub model: Arc<track::Model>,
    pub scope: Arc<Scope>,
}

impl Track {
    pub fn new(model: impl Into<Arc<track::Model>>, scope: &Arc<Scope>) -> Self {
        Self { model: model.into(), scope: scope.clone() }
    }
}

/// A thematic thread of the programme, such as one of the conference's questions.
#[Object]
impl Track {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::Track, self.model.id)
    }

    /// Stable short name.
    async fn slug(&self) -> &str {
        &self.model.slug
    }

    /// Name of the track.
    async fn name(&self) -> Text {
        self.scope.required_text(&self.model.name)
    }

    /// What the track covers.
    async fn description(&self) -> Option<Text> {
        self.scope.opt_text(&self.model.description)
    }
}
