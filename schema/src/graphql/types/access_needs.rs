//! The planning view of accommodation needs: counts only, for organisers and coordinators.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, Object, SimpleObject};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::enums::ServiceType;
use crate::entities::{room, session};
use crate::error::AppResult;
use crate::graphql::context::{Scope, db};
use crate::graphql::scalars;
use crate::graphql::types::session::Session;
use crate::service::accommodation::summary::{Counts, Summary};

/// How many items ask for one service.
#[derive(SimpleObject)]
pub struct NeedCount {
    /// The service.
    service_type: ServiceType,
    /// Items asking for it (withdrawn, cancelled and declined ones not counted).
    count: i64,
}

fn needs(counts: &Counts) -> Vec<NeedCount> {
    counts.iter().map(|(service_type, count)| NeedCount { service_type: *service_type, count: *count }).collect()
}

pub struct AccessNeedsSummary {
    pub summary: Summary,
    pub scope: Arc<Scope>,
}

/// Accommodation needs per session and per day, without any identity.
#[Object]
impl AccessNeedsSummary {
    /// Sessions that items concern, in programme order.
    async fn sessions(&self, ctx: &Context<'_>) -> AppResult<Vec<SessionNeeds>> {
        let ids: Vec<i64> = self.summary.sessions.keys().copied().collect();
        let sessions = session::Entity::find()
            .filter(session::Column::Id.is_in(ids))
            .order_by_asc(session::Column::StartsAt)
            .order_by_asc(session::Column::Id)
            .all(db(ctx)?)
            .await?;
        let room_ids: Vec<i64> = sessions.iter().filter_map(|s| s.room_id).collect();
        let rooms: HashMap<i64, room::Model> = room::Entity::find()
            .filter(room::Column::Id.is_in(room_ids))
            .all(db(ctx)?)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        Ok(sessions
            .into_iter()
            .map(|s| {
                let counts = self.summary.sessions.get(&s.id).cloned().unwrap_or_default();
                let spaces = s.room_id.and_then(|id| rooms.get(&id)).and_then(|r| r.wheelchair_spaces);
                SessionNeeds { counts, spaces, session: Session::new(s, &self.scope) }
            })
            .collect())
    }

    /// Conference days that items concern, in order.
    async fn days(&self) -> Vec<DayNeeds> {
        self.summary
            .days
            .iter()
            .map(|(date, counts)| DayNeeds { date: scalars::Date(*date), needs: needs(counts) })
            .collect()
    }
}

pub struct SessionNeeds {
    session: Session,
    counts: Counts,
    spaces: Option<i32>,
}

/// What one session's delegates need.
#[Object]
impl SessionNeeds {
    /// The session.
    async fn session(&self) -> &Session {
        &self.session
    }

    /// Items per service.
    async fn needs(&self) -> Vec<NeedCount> {
        needs(&self.counts)
    }

    /// Items asking for reserved accessible seating.
    async fn accessible_seating_requested(&self) -> i64 {
        self.counts.get(&ServiceType::AccessibleSeating).copied().unwrap_or(0)
    }

    /// The room's wheelchair spaces (null when unknown or no room).
    async fn room_wheelchair_spaces(&self) -> Option<i32> {
        self.spaces
    }

    /// Seats asked for beyond the room's wheelchair spaces (0 when they fit; null when the
    /// room's spaces are unknown).
    async fn seating_shortfall(&self) -> Option<i64> {
        let requested = self.counts.get(&ServiceType::AccessibleSeating).copied().unwrap_or(0);
        self.spaces.map(|spaces| (requested - i64::from(spaces)).max(0))
    }
}

/// What one day's delegates need.
#[derive(SimpleObject)]
pub struct DayNeeds {
    /// The day.
    date: scalars::Date,
    /// Items per service.
    needs: Vec<NeedCount>,
}
