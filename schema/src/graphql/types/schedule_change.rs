//! Recorded changes of a session.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};

use crate::entities::enums::ChangeKind;
use crate::entities::schedule_change;
use crate::error::AppResult;
use crate::graphql::context::{Scope, loaders};
use crate::graphql::relay::{Kind, encode};
use crate::graphql::scalars;
use crate::graphql::types::text::{Text, TimeRange};
use crate::graphql::types::venue::Room;

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

    /// When the session was before the change (null for a reinstatement).
    async fn previous_time(&self) -> Option<TimeRange> {
        let m = &self.model;
        Some(self.scope.time_range(m.previous_starts_at?, m.previous_ends_at?))
    }

    /// When the session is after the change (null for a cancellation).
    async fn new_time(&self) -> Option<TimeRange> {
        let m = &self.model;
        Some(self.scope.time_range(m.new_starts_at?, m.new_ends_at?))
    }

    /// The room before the change, if it had one (and it still exists).
    async fn previous_room(&self, ctx: &Context<'_>) -> AppResult<Option<Room>> {
        room(ctx, self.model.previous_room_id, &self.scope).await
    }

    /// The room after the change, if it has one.
    async fn new_room(&self, ctx: &Context<'_>) -> AppResult<Option<Room>> {
        room(ctx, self.model.new_room_id, &self.scope).await
    }

    /// When the change was made, with the conference zone's offset.
    async fn changed_at(&self) -> scalars::DateTime {
        scalars::DateTime(self.scope.local(self.model.changed_at))
    }

    /// The programme version the change produced.
    async fn programme_version(&self) -> i64 {
        self.model.programme_version
    }
}

async fn room(ctx: &Context<'_>, id: Option<i64>, scope: &Arc<Scope>) -> AppResult<Option<Room>> {
    let Some(id) = id else { return Ok(None) };
    Ok(loaders(ctx)?.room(id).await?.map(|row| Room::new(row, scope)))
}
