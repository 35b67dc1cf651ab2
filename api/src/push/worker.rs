//! The delivery worker: queues due reminders, claims due deliveries in batches, sends them
//! concurrently (capped per push host), and records each outcome as the policy says. It
//! sleeps until woken by a change, the next retry, or the poll interval, whichever is first.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use sanad_schema::service::clock::Clock;
use sanad_schema::service::live::Live;
use sanad_schema::service::push::outbox::{self, Claimed, Outcome};
use sanad_schema::service::push::policy::{Answer, Backoff, FIRST_BACKOFF, Verdict, judge};
use sanad_schema::service::push::reminders;
use sea_orm::DatabaseConnection;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::sender::Sender;
use super::{PushConfig, PushMetrics};

/// Deliveries sent at once by one worker (each host is capped further by the sender).
const IN_FLIGHT: usize = 256;
/// Most outcomes recorded in one go.
const RECORD_EVERY: usize = 64;
/// How often old deliveries are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(600);

pub struct Worker {
    pub db: DatabaseConnection,
    pub live: Live,
    pub clock: Clock,
    pub config: PushConfig,
    pub sender: Arc<Sender>,
    pub metrics: Arc<PushMetrics>,
}

/// Starts the worker; it stops after its current batch once `stop` turns true.
pub fn spawn(worker: Worker, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
    let worker = Arc::new(worker);
    tokio::spawn(async move {
        let mut next_scan = tokio::time::Instant::now();
        let mut next_prune = tokio::time::Instant::now();
        loop {
            if *stop.borrow() {
                return;
            }
            if tokio::time::Instant::now() >= next_prune {
                worker.prune().await;
                next_prune = tokio::time::Instant::now() + PRUNE_EVERY;
            }
            if tokio::time::Instant::now() >= next_scan {
                worker.scan_reminders().await;
                next_scan = tokio::time::Instant::now() + worker.config.reminder_scan;
            }
            let sent = match worker.deliver_batch(&stop).await {
                Ok(sent) => sent,
                Err(e) => {
                    tracing::error!(error = ?e, "push worker: the outbox could not be read");
                    0
                }
            };
            if sent > 0 {
                continue;
            }
            let until_due = match outbox::next_due(&worker.db).await {
                Ok(Some(at)) => (at - Utc::now()).to_std().unwrap_or(Duration::ZERO),
                _ => worker.config.poll,
            };
            let nap = until_due
                .min(worker.config.poll)
                .min(next_scan.saturating_duration_since(tokio::time::Instant::now()))
                .max(Duration::from_millis(5));
            tokio::select! {
                () = worker.live.outbox_woken() => {}
                () = tokio::time::sleep(nap) => {}
                _ = stop.changed() => {}
            }
        }
    })
}

impl Worker {
    /// Forgets what was finished long ago, so the outbox stays the size of the work at hand.
    async fn prune(&self) {
        let before = Utc::now() - outbox::KEEP_FINISHED;
        if let Err(e) = outbox::prune(&self.db, before).await {
            tracing::error!(error = ?e, "push worker: finished deliveries could not be pruned");
        }
    }

    async fn scan_reminders(&self) {
        match reminders::queue_due(&self.db, self.clock.now()).await {
            Ok(reminded) => {
                self.metrics.reminders.fetch_add(reminded, Ordering::Relaxed);
            }
            Err(e) => tracing::error!(error = ?e, "push worker: reminders could not be queued"),
        }
        self.metrics.reminder_scans.fetch_add(1, Ordering::Relaxed);
    }

    /// How long a claim must last: longer than the slowest batch (every send waiting its turn
    /// for its host and then timing out), so no other worker takes a delivery still in flight.
    fn lease(&self) -> chrono::Duration {
        let per_host = u32::try_from(self.config.per_host.max(1)).unwrap_or(u32::MAX);
        let rounds = u32::try_from(self.config.batch).unwrap_or(u32::MAX).div_ceil(per_host).saturating_add(2);
        let slowest = self.config.timeout.saturating_mul(rounds);
        chrono::Duration::from_std(self.config.lease.max(slowest)).unwrap_or(chrono::Duration::minutes(10))
    }

    /// Sends one batch, recording outcomes as they come in, a few dozen at a time (a crash
    /// mid-batch re-sends only what was not recorded); returns how many it handled. Once
    /// `stop` turns true it starts no more sends: those in flight finish and are recorded, the
    /// rest go back to the outbox at once, so shutdown waits for one round of sends, not for
    /// a whole batch against a slow push service.
    async fn deliver_batch(
        self: &Arc<Self>,
        stop: &watch::Receiver<bool>,
    ) -> Result<usize, sanad_schema::error::AppError> {
        let batch = outbox::claim(&self.db, Utc::now(), self.lease(), self.config.batch).await?;
        if batch.is_empty() {
            return Ok(0);
        }
        let mut started = std::collections::HashSet::new();
        let handled = self.send_all(batch.clone(), stop, &mut started).await?;
        if started.len() < batch.len() {
            let unsent: Vec<Claimed> = batch.into_iter().filter(|c| !started.contains(&c.delivery_id)).collect();
            let released = outbox::release(&self.db, &unsent).await?;
            tracing::info!(released, "push worker: stopping; unsent deliveries returned to the outbox");
        }
        Ok(handled)
    }

    /// Sends `batch` (until `stop`), noting in `started` each delivery it began.
    async fn send_all(
        self: &Arc<Self>,
        batch: Vec<Claimed>,
        stop: &watch::Receiver<bool>,
        started: &mut std::collections::HashSet<i64>,
    ) -> Result<usize, sanad_schema::error::AppError> {
        // Each send is its own task: encryption is CPU work, spread over every core.
        let finished = futures::stream::iter(batch)
            .take_while(|_| std::future::ready(!*stop.borrow()))
            .map(|claimed| {
                started.insert(claimed.delivery_id);
                let worker = Arc::clone(self);
                tokio::spawn(async move {
                    let outcome = worker.deliver(&claimed).await;
                    (claimed, outcome)
                })
            })
            .buffer_unordered(IN_FLIGHT)
            .filter_map(|joined| async move {
                // A panicking send loses only its own outcome: its lease returns it to the outbox.
                joined.map_err(|e| tracing::error!(error = %e, "push worker: a send panicked")).ok()
            })
            .ready_chunks(RECORD_EVERY);
        let mut finished = std::pin::pin!(finished);
        let mut handled = 0;
        while let Some(outcomes) = finished.next().await {
            // Recorded first, counted after: a counter never runs ahead of the outbox.
            outbox::finish(&self.db, &outcomes, Utc::now()).await?;
            for (_, outcome) in &outcomes {
                let counter = match outcome {
                    Outcome::Delivered => &self.metrics.delivered,
                    Outcome::Retry { .. } => &self.metrics.retried,
                    Outcome::Failed { .. } => &self.metrics.failed,
                    Outcome::Refused { .. } => &self.metrics.refused,
                    Outcome::Gone { .. } => &self.metrics.gone,
                    Outcome::Expired => &self.metrics.expired,
                };
                counter.fetch_add(1, Ordering::Relaxed);
            }
            handled += outcomes.len();
        }
        Ok(handled)
    }

    async fn deliver(&self, claimed: &Claimed) -> Outcome {
        let now = Utc::now();
        if claimed.message.expires_at <= now {
            return Outcome::Expired;
        }
        let answer = match self.sender.send(claimed).await {
            Ok(answer) => answer,
            Err(e) => {
                tracing::warn!(delivery = claimed.delivery_id, error = %e, "push: cannot send");
                return Outcome::Failed { status: None, error: e.to_string() };
            }
        };
        let status = match &answer {
            Answer::Status { status, .. } => Some(*status),
            _ => None,
        };
        let first = chrono::Duration::from_std(self.config.first_backoff).unwrap_or(FIRST_BACKOFF);
        let backoff = Backoff { first, jitter: rand::random() };
        match judge(&answer, claimed.tries, Utc::now(), claimed.message.expires_at, backoff) {
            Verdict::Delivered => Outcome::Delivered,
            Verdict::Gone => Outcome::Gone { status: status.unwrap_or(410) },
            Verdict::Refused => {
                tracing::warn!(
                    delivery = claimed.delivery_id,
                    subscription = claimed.subscription.id,
                    status,
                    "push: the push service refused our VAPID signature; check the VAPID key and contact"
                );
                Outcome::Refused { status: status.unwrap_or(403) }
            }
            Verdict::RetryAt(at) => {
                let error = match answer {
                    Answer::Timeout => "no answer in time",
                    Answer::Unreachable => "the push service could not be reached",
                    Answer::Status { .. } => "the push service asked us to try later",
                };
                Outcome::Retry { at, status, error }
            }
            Verdict::GiveUp(why) => {
                tracing::info!(delivery = claimed.delivery_id, status, why, "push: given up");
                Outcome::Failed { status, error: why.to_owned() }
            }
        }
    }
}
