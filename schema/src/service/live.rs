//! What this process tells its listeners when the programme changes: the running programme
//! version (part of every response-cache key) and a broadcast of each committed change, which
//! subscriptions filter per viewer.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use async_graphql::Enum;
use sea_orm::entity::prelude::{DeriveActiveEnum, EnumIter, StringLen};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};

/// How many changes a slow subscriber may fall behind before it is told to re-read.
const BACKLOG: usize = 1024;

/// What kind of thing changed.
// Stored in the change log (`programme_change`) as the lower-case word (`"session"`,
// `"point_of_interest"`, …): a word not listed here fails the read with an error naming it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Enum, Serialize, Deserialize, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))", rename_all = "snake_case")]
pub enum ChangeTarget {
    /// A session (`id` is a Session id).
    Session,
    /// A room of the venue.
    Room,
    /// A speaker.
    Speaker,
    /// A track (theme) of the programme.
    Track,
    /// A document of a session.
    Document,
    /// A glossary entry.
    GlossaryEntry,
    /// An announcement.
    Announcement,
    /// The conference's own texts or languages (`id` is the Conference id).
    Conference,
    /// The venue's texts or map.
    Venue,
    /// A point of interest of the venue (entrance, lift, toilet, …).
    PointOfInterest,
    /// A route between rooms and points of interest.
    Route,
}

/// What happened to it.
// Stored in the change log as the lower-case word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Enum, Serialize, Deserialize, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))", rename_all = "snake_case")]
pub enum ChangeAction {
    /// It was added.
    Created,
    /// Its content changed (not its time, room or status).
    Updated,
    /// It was removed; offline copies should drop it.
    Deleted,
    /// A session's time or room changed.
    Moved,
    /// A session was cancelled.
    Cancelled,
    /// A cancelled session takes place after all.
    Reinstated,
    /// An announcement was published.
    Published,
}

/// One committed change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeChange {
    pub conference_id: i64,
    /// The conference's programme version after the change.
    pub version: i64,
    pub target: ChangeTarget,
    /// The database id of the changed row.
    pub id: i64,
    pub action: ChangeAction,
    /// People who have the changed session in their agenda (for moves, cancellations,
    /// reinstatements and deletions); empty otherwise.
    pub affected_people: Vec<i64>,
    /// Accommodation items the change put at risk (a session moved).
    pub requests: Vec<RequestChange>,
}

impl ProgrammeChange {
    /// A change of the conference itself (created, or changed in a way no narrower record
    /// says), at programme `version`: nobody's agenda or request is touched.
    pub fn of_conference(conference_id: i64, version: i64, action: ChangeAction) -> Self {
        Self {
            conference_id,
            version,
            target: ChangeTarget::Conference,
            id: conference_id,
            action,
            affected_people: Vec::new(),
            requests: Vec::new(),
        }
    }

    /// The change as other instances hear of it: its accommodation items, then itself.
    pub fn relayed(&self) -> Vec<Relayed> {
        let mut out: Vec<Relayed> = self.requests.iter().map(|r| Relayed::Request { item_id: r.item_id }).collect();
        out.push(Relayed::Programme {
            conference_id: self.conference_id,
            version: self.version,
            target: self.target,
            id: self.id,
            action: self.action,
            affected_people: (self.affected_people.len() <= MAX_RELAYED_PEOPLE).then(|| self.affected_people.clone()),
        });
        out
    }
}

/// A change to an accommodation item: ids and status only, never a detail (DESIGN §6 rule 5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestChange {
    pub conference_id: i64,
    /// The delegate whose item it is.
    pub owner_id: i64,
    pub item_id: i64,
    pub status: crate::entities::enums::ItemStatus,
    pub version: i32,
}

/// A committed change as other instances hear of it (PostgreSQL `NOTIFY`, at most 8000
/// bytes): ids only; they read the rows again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Relayed {
    Programme {
        conference_id: i64,
        version: i64,
        target: ChangeTarget,
        id: i64,
        action: ChangeAction,
        /// The agenda holders when few enough to travel; otherwise read again.
        affected_people: Option<Vec<i64>>,
    },
    Request {
        item_id: i64,
    },
}

/// Most agenda holders named in a relayed change (about 9 bytes each).
const MAX_RELAYED_PEOPLE: usize = 500;

/// Shared by the whole process: cheap to clone.
#[derive(Clone, Debug)]
pub struct Live {
    version: Arc<AtomicI64>,
    changes: broadcast::Sender<ProgrammeChange>,
    requests: broadcast::Sender<RequestChange>,
    /// Wakes the push delivery worker: a change just committed may have queued notifications.
    outbox: Arc<tokio::sync::Notify>,
    /// Where this process's changes go to reach the other instances (set on PostgreSQL).
    relay: Arc<std::sync::OnceLock<mpsc::UnboundedSender<Relayed>>>,
}

impl Live {
    /// `version`: the sum of every conference's programme version at start.
    pub fn new(version: i64) -> Self {
        Self {
            version: Arc::new(AtomicI64::new(version)),
            changes: broadcast::channel(BACKLOG).0,
            requests: broadcast::channel(BACKLOG).0,
            outbox: Arc::new(tokio::sync::Notify::new()),
            relay: Arc::new(std::sync::OnceLock::new()),
        }
    }

    /// The running sum of programme versions: it grows with every change this process makes.
    pub fn version(&self) -> i64 {
        self.version.load(Ordering::Acquire)
    }

    /// Sends this process's changes to `relay` too, for the other instances.
    pub fn relay_to(&self, relay: mpsc::UnboundedSender<Relayed>) {
        let _ = self.relay.set(relay);
    }

    fn relay(&self, relayed: Relayed) {
        if let Some(relay) = self.relay.get() {
            let _ = relay.send(relayed);
        }
    }

    /// Announces a committed change. The version moves first, so a client that reads after
    /// its mutation returned never gets a response cached before the change.
    pub fn publish(&self, change: ProgrammeChange) {
        for relayed in change.relayed() {
            self.relay(relayed);
        }
        self.publish_here(change);
    }

    /// Announces a change committed by another instance, to this process's listeners only.
    pub fn publish_here(&self, change: ProgrammeChange) {
        self.version.fetch_add(1, Ordering::AcqRel);
        for request in &change.requests {
            self.publish_request_here(request.clone());
        }
        // No subscriber is not an error.
        let _ = self.changes.send(change);
        self.outbox.notify_one();
    }

    /// Announces a committed change to an accommodation item.
    pub fn publish_request(&self, change: RequestChange) {
        self.relay(Relayed::Request { item_id: change.item_id });
        self.publish_request_here(change);
    }

    /// The same, for a change committed by another instance.
    pub fn publish_request_here(&self, change: RequestChange) {
        let _ = self.requests.send(change);
        self.outbox.notify_one();
    }

    /// Forgets every cached response: changes may have been missed (a listener reconnected).
    pub fn invalidate(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
        self.outbox.notify_one();
    }

    /// Tells the push worker that notifications are waiting in the outbox.
    pub fn wake_outbox(&self) {
        self.outbox.notify_one();
    }

    /// Resolves when notifications may be waiting (the worker also polls, for retries and for
    /// other instances' work).
    pub async fn outbox_woken(&self) {
        self.outbox.notified().await;
    }

    pub fn subscribe_requests(&self) -> broadcast::Receiver<RequestChange> {
        self.requests.subscribe()
    }

    /// How many subscriptions are listening now (for `/metrics`).
    pub fn subscribers(&self) -> usize {
        self.changes.receiver_count() + self.requests.receiver_count()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<ProgrammeChange> {
        self.changes.subscribe()
    }
}
