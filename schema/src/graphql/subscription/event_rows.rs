//! Rows that every subscriber of one event reads: an announcement reaches a thousand phones
//! at once, and each would read the same announcement and conference rows again. Here the
//! first subscriber reads them and the rest of this instance shares them, keyed by the row
//! and the programme version of the event (the version moves on with every change, so a
//! later event reads again).

use std::sync::Arc;

use sea_orm::{DatabaseConnection, EntityTrait};
use tokio::sync::Mutex;

use crate::entities::{announcement, conference};
use crate::error::{AppError, AppResult};

/// One row and the event it was read for.
type Slot<M> = Mutex<Option<((i64, i64), Arc<M>)>>;

/// The rows of the latest event, one slot per kind (events come one at a time; an older
/// event arriving late reads for itself).
#[derive(Default)]
pub struct EventRows {
    conference: Slot<conference::Model>,
    announcement: Slot<announcement::Model>,
}

impl std::fmt::Debug for EventRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventRows").finish_non_exhaustive()
    }
}

/// The row in `slot` for `key`, read with `read` by the first caller only. Callers wait for
/// that first read rather than all reading at once.
async fn shared<M, F>(slot: &Slot<M>, key: (i64, i64), read: F) -> AppResult<Option<Arc<M>>>
where
    F: std::future::Future<Output = Result<Option<M>, sea_orm::DbErr>>,
{
    let mut held = slot.lock().await;
    if let Some((at, row)) = held.as_ref()
        && *at == key
    {
        return Ok(Some(row.clone()));
    }
    let Some(row) = read.await? else { return Ok(None) };
    let row = Arc::new(row);
    *held = Some((key, row.clone()));
    Ok(Some(row))
}

impl EventRows {
    /// The conference as of the event at programme `version` (or later).
    pub async fn conference(
        &self,
        db: &DatabaseConnection,
        id: i64,
        version: i64,
    ) -> AppResult<Arc<conference::Model>> {
        shared(&self.conference, (id, version), conference::Entity::find_by_id(id).one(db))
            .await?
            .ok_or_else(|| AppError::unexpected("the conference of a change is missing"))
    }

    /// The announcement an event published, if it still exists.
    pub async fn announcement(
        &self,
        db: &DatabaseConnection,
        id: i64,
        version: i64,
    ) -> AppResult<Option<Arc<announcement::Model>>> {
        shared(&self.announcement, (id, version), announcement::Entity::find_by_id(id).one(db)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(row: Option<Arc<String>>) -> Option<String> {
        row.map(|row| (*row).clone())
    }

    #[tokio::test]
    async fn the_first_reader_reads_and_the_rest_share_until_the_event_changes() {
        let slot: Slot<String> = Mutex::new(None);
        let first = shared(&slot, (1, 7), async { Ok(Some("a".to_owned())) }).await.unwrap();
        assert_eq!(value(first), Some("a".to_owned()));
        // A second read for the same event would give "changed": it is never made.
        let again = shared(&slot, (1, 7), async { Ok(Some("changed".to_owned())) }).await.unwrap();
        assert_eq!(value(again), Some("a".to_owned()), "the same event shares the row");
        let next = shared(&slot, (1, 8), async { Ok(Some("b".to_owned())) }).await.unwrap();
        assert_eq!(value(next), Some("b".to_owned()), "a later event reads again");
        let missing = shared(&slot, (2, 8), async { Ok(None) }).await.unwrap();
        assert_eq!(value(missing), None);
    }
}
