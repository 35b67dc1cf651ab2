//! Recorded changes of a session.

use std::sync::Arc;

use async_graphql::{ID, Object};
use chrono::{DateTime, FixedOffset};

use crate::entities::enums::ChangeKind;
use crate::entities::schedule_change;
use crate::graphql::context::Scope;
use crate::graphql::relay::{Kind, encode};
use crate::graphql::types::text::Text;

pub struct ScheduleChange {
    pub model: schedule_change::Model,
    pub scope: Arc<Scope>,
}

impl ScheduleChange {
    pub fn new(model: schedule_change::Model, scope: &Arc<Scope>) -> Self {
        Self { model, scope: scope.clone() }
    }
}

/// A change of a session's time, room or status.
#[Object]
impl ScheduleChange {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(Kind::ScheduleChange, self.model.id)
    }

    /// What kind of change.
    async fn kind(&self) -> ChangeKind {
        self.model.kind
    }

    /// What changed, in words a screen reader reads well, in the viewer's language ("Moved.
    /// Was: Hall A, 11:00 to 12:30. Now: Room 101, 11:30 to 13:00.").
    async fn description(&self) -> Text {
        self.scope.required_text(&self.model.description)
    }

    /// When the change was made, with the conference zone's offset.
    async fn changed_at(&self) -> DateTime<FixedOffset> {
        self.scope.local(self.model.changed_at)
    }

    /// The programme version the change produced.
    async fn programme_version(&self) -> i64 {
        self.model.programme_version
    }
}
