//! Scale-out on PostgreSQL (DESIGN §3): every instance sends its committed changes to the
//! others with `NOTIFY` (ids only) and hears theirs with `LISTEN`, reading the rows again
//! before telling its own subscribers. A listener that loses its connection catches up when
//! it is back: it compares each conference's programme version with the last it knew and
//! replays the recorded changes in between (schedule changes and deletions), and in any case
//! forgets its cached responses and looks at the outbox again.
//!
//! A read that fails is never taken for "nothing happened": the catch-up tells nothing of that
//! conference, leaves its version where it was, logs the error and counts it
//! (`sanad_relay_failures_total`), and the next catch-up (half a second later on SQLite, at the next
//! notification or within [`CATCH_UP_EVERY`] on PostgreSQL) tries again from the same place.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sanad_schema::entities::enums::ChangeKind;
use sanad_schema::entities::{agenda_item, conference, request_item, schedule_change, tombstone};
use sanad_schema::service::accommodation::items;
use sanad_schema::service::live::{ChangeAction, ChangeTarget, Live, ProgrammeChange, Relayed};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement,
};
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

const CHANNEL: &str = "sanad_changes";

/// What travels on the channel: the change, and which instance made it (an instance ignores
/// its own).
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    from: String,
    change: Relayed,
}

/// The programme versions of one conference this instance has told its listeners about.
/// Versions grow by one with every edit, from any instance: all up to `through` are told,
/// and `ahead` holds those told beyond a gap (a change still on its way).
#[derive(Clone, Debug, Default)]
struct Told {
    through: i64,
    ahead: std::collections::BTreeSet<i64>,
    /// Versions told from a notification, and who sent each: one version may carry many
    /// changes (an import applies a whole source at once), and its sender tells them all,
    /// even while other instances' versions arrive in between.
    batches: std::collections::BTreeMap<i64, String>,
}

impl Told {
    fn contains(&self, version: i64) -> bool {
        version <= self.through || self.ahead.contains(&version)
    }

    fn insert(&mut self, version: i64) {
        if version > self.through {
            self.ahead.insert(version);
        }
        while self.ahead.remove(&(self.through + 1)) {
            self.through += 1;
        }
    }

    /// Everything up to `version` is told (what a catch-up could not replay it forgot).
    fn all_through(&mut self, version: i64) {
        self.through = self.through.max(version);
        self.ahead.retain(|v| *v > version);
    }
}

/// What this instance has told, per conference.
type Known = Arc<Mutex<HashMap<i64, Told>>>;

/// How often the listener compares versions with the database even when all seems quiet:
/// a lost notification or a silently dropped connection is found within this.
const CATCH_UP_EVERY: Duration = Duration::from_secs(15);

/// Starts relaying `live`'s changes through the database at `url`; returns the two tasks.
pub async fn start(
    url: String,
    db: DatabaseConnection,
    live: Live,
    failures: Failures,
) -> Result<(JoinHandle<()>, JoinHandle<()>), sea_orm::DbErr> {
    let instance = uuid::Uuid::new_v4().simple().to_string();
    let start = versions(&db).await?;
    let known: Known = Arc::new(Mutex::new(
        start.into_iter().map(|(id, through)| (id, Told { through, ..Told::default() })).collect(),
    ));
    let (sender, receiver) = mpsc::unbounded_channel();
    live.relay_to(sender);
    let outgoing = tokio::spawn(send(receiver, db.clone(), instance.clone(), known.clone()));
    // Settle only what was committed a whole period ago: a notification in flight has that
    // long to arrive before its change counts as missed.
    let periodic =
        periodic_catch_up(db.clone(), live.clone(), known.clone(), failures.clone(), CATCH_UP_EVERY, CATCH_UP_EVERY);
    let incoming = tokio::spawn(async move {
        // The periodic catch-up ends with the listener.
        let _periodic = AbortOnDrop(periodic);
        listen(url, db, live, instance, known, failures).await;
    });
    Ok((outgoing, incoming))
}

/// Counts reads that failed (and were retried): `sanad_relay_failures_total`.
pub type Failures = Arc<std::sync::atomic::AtomicU64>;

/// Logs and counts a failed read of the relay.
fn failed(failures: &Failures, what: &str, error: &sea_orm::DbErr) {
    failures.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tracing::error!(error = %error, "relay: {what} could not be read; it is tried again");
}

/// Reads the programme versions every `poll` and catches up on those read at least `settle`
/// before (see [`catch_up_settled`]), until aborted.
fn periodic_catch_up(
    db: DatabaseConnection,
    live: Live,
    known: Known,
    failures: Failures,
    poll: Duration,
    settle: Duration,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(poll);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut read = Readings::default();
        loop {
            // The tick's scheduled instant: readings a whole `settle` apart are exactly that.
            let at = every.tick().await;
            catch_up_settled(&db, &live, &known, &failures, &mut read, at, settle).await;
        }
    })
}

/// Programme versions as read at each poll, oldest first, not yet settled.
type Readings = std::collections::VecDeque<(tokio::time::Instant, HashMap<i64, i64>)>;

/// One poll of a periodic catch-up: reads the versions, then replays up to the newest reading
/// taken at least `settle` before `at` (a change has had that long to be told some other
/// way) and forgets the readings it covers. When the versions cannot be read, the poll only
/// replays what was read before; the next one tries again.
async fn catch_up_settled(
    db: &DatabaseConnection,
    live: &Live,
    known: &Known,
    failures: &Failures,
    read: &mut Readings,
    at: tokio::time::Instant,
    settle: Duration,
) {
    match versions(db).await {
        // Unchanged since the last reading: nothing new to settle later.
        Ok(now) if read.back().is_some_and(|(_, last)| *last == now) => {}
        Ok(now) => read.push_back((at, now)),
        Err(e) => failed(failures, "the programme versions", &e),
    }
    let mut due = None;
    while read.front().is_some_and(|(seen, _)| at.saturating_duration_since(*seen) >= settle) {
        due = read.pop_front().map(|(_, versions)| versions);
    }
    let Some(due) = due else { return };
    if read.is_empty() {
        // Keep the newest reading, so an unchanged database is not queued again.
        read.push_back((at, due.clone()));
    }
    if let Err(e) = catch_up(db, live, known, due).await {
        failed(failures, "the recorded changes", &e);
    }
}

/// A catch-up of everything up to the versions read now (after a reconnection).
async fn catch_up_now(db: &DatabaseConnection, live: &Live, known: &Known, failures: &Failures) {
    match versions(db).await {
        Ok(now) => {
            if let Err(e) = catch_up(db, live, known, now).await {
                failed(failures, "the recorded changes", &e);
            }
        }
        Err(e) => failed(failures, "the programme versions", &e),
    }
}

/// How often a server on SQLite looks for changes another process committed (`sanad import`
/// run beside it): the same catch-up as the PostgreSQL listener's, without a channel to hear
/// them sooner. One read of the conferences' versions, about 10 µs on SQLite.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// How long a version seen on SQLite waits before the watcher tells it: this process's own
/// change is committed before it is published (and noted as told), and must not be told twice.
/// Between the two there is no await on anything slower than the scheduler, so half a second
/// is ample; a `sanad import` run beside the server reaches its subscribers within
/// `WATCH_EVERY + WATCH_SETTLE` of its commit.
const WATCH_SETTLE: Duration = Duration::from_millis(500);

/// Watches the database for programme changes committed by another process (SQLite has no
/// LISTEN/NOTIFY): every [`WATCH_EVERY`] it compares each conference's programme version with
/// the last this process knew and replays what it missed, as [`start`]'s catch-up does.
/// Returns the task noting this process's own changes and the watching task.
pub async fn watch(
    db: DatabaseConnection,
    live: Live,
    failures: Failures,
) -> Result<(JoinHandle<()>, JoinHandle<()>), sea_orm::DbErr> {
    let start = versions(&db).await?;
    let known: Known = Arc::new(Mutex::new(
        start.into_iter().map(|(id, through)| (id, Told { through, ..Told::default() })).collect(),
    ));
    // This process's own changes are told already: note them, so they are not replayed.
    let (sender, mut receiver) = mpsc::unbounded_channel();
    live.relay_to(sender);
    let noted = known.clone();
    let own = tokio::spawn(async move {
        while let Some(change) = receiver.recv().await {
            if let Relayed::Programme { conference_id, version, .. } = change {
                note(&noted, conference_id, version);
            }
        }
    });
    let watching = periodic_catch_up(db, live, known, failures, WATCH_EVERY, WATCH_SETTLE);
    Ok((own, watching))
}

async fn versions(db: &DatabaseConnection) -> Result<HashMap<i64, i64>, sea_orm::DbErr> {
    Ok(conference::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c.programme_version)).collect())
}

/// Aborts a task when dropped (the incoming task's companion).
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Records that `version` is told; false when it already was.
fn note(known: &Known, conference_id: i64, version: i64) -> bool {
    let Ok(mut known) = known.lock() else { return true };
    let told = known.entry(conference_id).or_default();
    if told.contains(version) {
        return false;
    }
    told.insert(version);
    true
}

async fn send(mut changes: mpsc::UnboundedReceiver<Relayed>, db: DatabaseConnection, from: String, known: Known) {
    while let Some(change) = changes.recv().await {
        if let Relayed::Programme { conference_id, version, .. } = &change {
            note(&known, *conference_id, *version);
        }
        // (A version told here is never told again by a catch-up.)
        notify(&db, &from, change).await;
    }
}

/// Sends one change to the other instances.
async fn notify(db: &DatabaseConnection, from: &str, change: Relayed) {
    let Ok(payload) = serde_json::to_string(&Envelope { from: from.to_owned(), change }) else { return };
    let notify = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), payload.into()],
    );
    if let Err(e) = db.execute_raw(notify).await {
        // The others catch up from the programme version when they next hear anything.
        tracing::error!(error = %e, "relay: a change could not be sent to the other instances");
    }
}

/// Tells the servers running on the same PostgreSQL database, at once, of changes a command
/// committed (`sanad import`). On SQLite they find them by watching the file ([`watch`]).
pub async fn announce(db: &DatabaseConnection, changes: &[ProgrammeChange]) {
    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let from = format!("command-{}", uuid::Uuid::new_v4().simple());
    for change in changes {
        for relayed in change.relayed() {
            notify(db, &from, relayed).await;
        }
    }
}

async fn listen(url: String, db: DatabaseConnection, live: Live, me: String, known: Known, failures: Failures) {
    loop {
        let mut listener = match PgListener::connect(&url).await {
            Ok(listener) => listener,
            Err(e) => {
                tracing::error!(error = %e, "relay: cannot listen for the other instances' changes; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::error!(error = %e, "relay: LISTEN failed; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        // Whatever happened while nobody listened (the first start included).
        catch_up_now(&db, &live, &known, &failures).await;
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => {
                    let Ok(envelope) = serde_json::from_str::<Envelope>(notification.payload()) else {
                        tracing::warn!("relay: an unreadable notification was ignored");
                        continue;
                    };
                    if envelope.from != me {
                        apply(&db, &live, &known, &failures, &envelope.from, envelope.change).await;
                    }
                }
                // The connection was lost and is back: catch up on what was missed.
                Ok(None) => catch_up_now(&db, &live, &known, &failures).await,
                Err(e) => {
                    tracing::error!(error = %e, "relay: listening failed; reconnecting");
                    break;
                }
            }
        }
    }
}

/// Records that `version`, heard from `from`, is told; false when it already was, unless it
/// is the version `from` is still telling the changes of.
fn note_from(known: &Known, conference_id: i64, version: i64, from: &str) -> bool {
    let Ok(mut known) = known.lock() else { return true };
    let told = known.entry(conference_id).or_default();
    if told.contains(version) {
        return told.batches.get(&version).is_some_and(|f| f == from);
    }
    told.insert(version);
    told.batches.insert(version, from.to_owned());
    // A sender tells a version's changes one after another: keep the recent ones only.
    while told.batches.len() > 64 {
        told.batches.pop_first();
    }
    true
}

async fn apply(db: &DatabaseConnection, live: &Live, known: &Known, failures: &Failures, from: &str, change: Relayed) {
    match change {
        Relayed::Programme { conference_id, version, target, id, action, affected_people } => {
            // Read before the version is noted: a change whose people could not be read is
            // left to the next catch-up rather than told to no one.
            let affected_people = match affected_people {
                Some(people) => people,
                None => match holders(db, target, id).await {
                    Ok(people) => people,
                    Err(e) => return failed(failures, "an agenda's holders", &e),
                },
            };
            if !note_from(known, conference_id, version, from) {
                // A catch-up told it already.
                return;
            }
            live.publish_here(ProgrammeChange {
                conference_id,
                version,
                target,
                id,
                action,
                affected_people,
                requests: Vec::new(),
            });
        }
        Relayed::Request { item_id } => {
            let item = match request_item::Entity::find_by_id(item_id).one(db).await {
                Ok(Some(item)) => item,
                // Deleted since (the person erased their data): nothing to tell.
                Ok(None) => return,
                Err(e) => return failed(failures, "an accommodation item", &e),
            };
            match items::change_of(db, &item).await {
                Ok(change) => live.publish_request_here(change),
                Err(e) => {
                    failures.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    tracing::error!(error = ?e, "relay: an accommodation item's change could not be read");
                }
            }
        }
    }
}

async fn holders(db: &DatabaseConnection, target: ChangeTarget, id: i64) -> Result<Vec<i64>, sea_orm::DbErr> {
    if target != ChangeTarget::Session {
        return Ok(Vec::new());
    }
    agenda_item::Entity::find()
        .select_only()
        .column(agenda_item::Column::PersonId)
        .filter(agenda_item::Column::SessionId.eq(id))
        .into_tuple::<i64>()
        .all(db)
        .await
}

/// Replays what other instances recorded up to `now` (versions per conference) that this one
/// was not told of. Everything of a conference is read before any of it is told: when a read
/// fails, nothing of that conference is told or marked told (the next catch-up starts from the
/// same place), the other conferences go on, and the error is returned.
async fn catch_up(
    db: &DatabaseConnection,
    live: &Live,
    known: &Known,
    now: HashMap<i64, i64>,
) -> Result<(), sea_orm::DbErr> {
    let before: HashMap<i64, Told> = known.lock().map(|k| k.clone()).unwrap_or_default();
    let mut missed = false;
    let mut result = Ok(());
    for (conference_id, version) in now {
        let told = before.get(&conference_id).cloned().unwrap_or_default();
        if version <= told.through {
            continue;
        }
        missed = true;
        let replay = match recorded_since(db, conference_id, &told, version).await {
            Ok(replay) => replay,
            Err(e) => {
                result = Err(e);
                continue;
            }
        };
        let latest_told = told.contains(version) || replay.iter().any(|c| c.version == version);
        for change in replay {
            note(known, conference_id, change.version);
            live.publish_here(change);
        }
        // Other edits (new sessions, content, an overlay's access facts) leave no record to
        // replay; subscribers still hear that the programme reached this version, so they
        // read again what they show.
        if !latest_told {
            note(known, conference_id, version);
            live.publish_here(ProgrammeChange::of_conference(conference_id, version, ChangeAction::Updated));
        }
        if let Ok(mut known) = known.lock() {
            known.entry(conference_id).or_default().all_through(version);
        }
    }
    if missed {
        // Other edits (content, announcements) left no record to replay: no cached response
        // may outlive them.
        live.invalidate();
    }
    result
}

/// The recorded changes of a conference after `told.through` up to `version` that were not
/// told (schedule changes with their agenda holders, then deletions), in version order.
async fn recorded_since(
    db: &DatabaseConnection,
    conference_id: i64,
    told: &Told,
    version: i64,
) -> Result<Vec<ProgrammeChange>, sea_orm::DbErr> {
    let since = told.through;
    let changes = schedule_change::Entity::find()
        .filter(schedule_change::Column::ConferenceId.eq(conference_id))
        .filter(schedule_change::Column::ProgrammeVersion.gt(since))
        .filter(schedule_change::Column::ProgrammeVersion.lte(version))
        .order_by_asc(schedule_change::Column::ProgrammeVersion)
        .all(db)
        .await?;
    let deletions = tombstone::Entity::find()
        .filter(tombstone::Column::ConferenceId.eq(conference_id))
        .filter(tombstone::Column::ProgrammeVersion.gt(since))
        .filter(tombstone::Column::ProgrammeVersion.lte(version))
        .order_by_asc(tombstone::Column::ProgrammeVersion)
        .all(db)
        .await?;
    let mut replay = Vec::with_capacity(changes.len() + deletions.len());
    // One version may hold many changes (an import applies a whole source at once): replay
    // every change of a version this instance was not told of.
    for change in changes.into_iter().filter(|c| !told.contains(c.programme_version)) {
        let action = match change.kind {
            ChangeKind::Moved => ChangeAction::Moved,
            ChangeKind::Cancelled => ChangeAction::Cancelled,
            ChangeKind::Reinstated => ChangeAction::Reinstated,
        };
        replay.push(ProgrammeChange {
            conference_id,
            version: change.programme_version,
            target: ChangeTarget::Session,
            id: change.session_id,
            action,
            affected_people: holders(db, ChangeTarget::Session, change.session_id).await?,
            requests: Vec::new(),
        });
    }
    for deleted in deletions.into_iter().filter(|d| !told.contains(d.programme_version)) {
        // No catch-all: a new kind of tombstone must decide whether subscribers hear of it.
        let target = match deleted.entity {
            tombstone::TombstoneKind::Session => ChangeTarget::Session,
            tombstone::TombstoneKind::Room => ChangeTarget::Room,
            tombstone::TombstoneKind::Speaker => ChangeTarget::Speaker,
            tombstone::TombstoneKind::Document => ChangeTarget::Document,
            tombstone::TombstoneKind::GlossaryEntry => ChangeTarget::GlossaryEntry,
            tombstone::TombstoneKind::Track => ChangeTarget::Track,
            tombstone::TombstoneKind::Place => ChangeTarget::PointOfInterest,
            tombstone::TombstoneKind::Route => ChangeTarget::Route,
        };
        replay.push(ProgrammeChange {
            conference_id,
            version: deleted.programme_version,
            target,
            id: deleted.entity_id,
            action: ChangeAction::Deleted,
            affected_people: Vec::new(),
            requests: Vec::new(),
        });
    }
    replay.sort_by_key(|change| change.version);
    Ok(replay)
}
