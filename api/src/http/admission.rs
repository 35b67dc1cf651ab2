//! Admission control: how many GraphQL operations run at once, and what happens past that.
//!
//! Without it, a burst beyond what the database pool can serve queues inside the pool: every
//! request waits up to the pool's acquire timeout and then fails as `INTERNAL`, and the
//! requests behind it keep arriving into the same queue. Here an operation that misses the
//! response cache takes a permit first: at most `in_flight` run, at most `queue` wait (each at
//! most `wait`), and the rest are refused at once with 503, `Retry-After` and the GraphQL code
//! `UNAVAILABLE`, so a phone backs off and the requests already admitted finish in good time.
//! Cached responses, health checks and metrics need no permit: they do not touch the database.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How many operations run and wait at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdmissionLimits {
    /// Operations running at once (several per database connection: most of an operation's
    /// time is not spent holding one).
    pub in_flight: usize,
    /// Operations waiting for a permit; one more is refused at once.
    pub queue: usize,
    /// Longest an operation waits for a permit before it is refused.
    pub wait: Duration,
}

impl Default for AdmissionLimits {
    fn default() -> Self {
        Self { in_flight: 64, queue: 1024, wait: Duration::from_secs(2) }
    }
}

/// Why an operation was not admitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The waiting line is full.
    QueueFull,
    /// It waited its whole `wait`.
    TimedOut,
}

/// The permits of one server.
#[derive(Debug)]
pub struct Admission {
    permits: Arc<Semaphore>,
    limits: AdmissionLimits,
    waiting: AtomicUsize,
    /// Operations refused, for `/metrics`.
    pub shed: AtomicU64,
}

impl Admission {
    pub fn new(limits: AdmissionLimits) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(limits.in_flight.max(1))),
            limits,
            waiting: AtomicUsize::new(0),
            shed: AtomicU64::new(0),
        }
    }

    /// Operations running now.
    pub fn in_flight(&self) -> usize {
        self.limits.in_flight.max(1) - self.permits.available_permits()
    }

    /// A permit, held for as long as the operation runs.
    pub async fn admit(&self) -> Result<OwnedSemaphorePermit, Refused> {
        if let Ok(permit) = self.permits.clone().try_acquire_owned() {
            return Ok(permit);
        }
        // Counted before waiting, so the line never grows past `queue`.
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.limits.queue {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            self.shed.fetch_add(1, Ordering::Relaxed);
            return Err(Refused::QueueFull);
        }
        let waited = tokio::time::timeout(self.limits.wait, self.permits.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        match waited {
            Ok(Ok(permit)) => Ok(permit),
            // The semaphore is never closed; a closed one admits no one either.
            Ok(Err(_)) | Err(_) => {
                self.shed.fetch_add(1, Ordering::Relaxed);
                Err(Refused::TimedOut)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admission(in_flight: usize, queue: usize) -> Admission {
        Admission::new(AdmissionLimits { in_flight, queue, wait: Duration::from_secs(3600) })
    }

    #[tokio::test]
    async fn admits_up_to_the_limit_then_queues_then_refuses() {
        let gate = Arc::new(admission(2, 1));
        let first = gate.admit().await.unwrap();
        let _second = gate.admit().await.unwrap();
        assert_eq!(gate.in_flight(), 2);
        // The third waits in line.
        let waiting = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.admit().await.map(drop) })
        };
        while gate.waiting.load(Ordering::Acquire) == 0 {
            tokio::task::yield_now().await;
        }
        // The line is full: the fourth is refused at once.
        assert_eq!(gate.admit().await.map(drop), Err(Refused::QueueFull));
        assert_eq!(gate.shed.load(Ordering::Relaxed), 1);
        // A finished operation lets the one waiting in.
        drop(first);
        assert_eq!(waiting.await.unwrap(), Ok(()));
        assert_eq!(gate.waiting.load(Ordering::Acquire), 0);
    }

    #[tokio::test]
    async fn a_wait_that_runs_out_is_refused() {
        let gate = Admission::new(AdmissionLimits { in_flight: 1, queue: 10, wait: Duration::ZERO });
        let _held = gate.admit().await.unwrap();
        assert_eq!(gate.admit().await.map(drop), Err(Refused::TimedOut));
        assert_eq!(gate.waiting.load(Ordering::Acquire), 0, "the line is left as it was");
        assert_eq!(gate.shed.load(Ordering::Relaxed), 1);
    }
}
