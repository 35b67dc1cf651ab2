//! Web Push delivery (DESIGN §7): the VAPID key, the HTTP sender and the worker that drains
//! the outbox. What to send and when is decided in `sanad_schema::service::push`.

pub mod sender;
pub mod vapid;
pub mod worker;

use std::sync::atomic::AtomicU64;
use std::time::Duration;

use sanad_schema::service::push::subscriptions::PushPolicy;
use sanad_schema::service::secrets::Secret;

/// How the server sends push messages.
#[derive(Clone, Debug)]
pub struct PushConfig {
    /// The VAPID private key: base64url of the 32-byte P-256 scalar. Whoever holds it can push
    /// to every subscribed device, so it prints as `Secret([REDACTED])`.
    pub vapid_private_key: Secret<String>,
    /// Who push services may contact about our messages (VAPID `sub`): mailto: or https:.
    pub contact: String,
    pub policy: PushPolicy,
    /// Longest wait for a push service: connecting, answering and sending its body.
    pub timeout: Duration,
    /// Most requests in flight to one push service host.
    pub per_host: usize,
    /// Deliveries claimed at once; a batch is held in memory, the outbox never is.
    pub batch: u64,
    /// How long a claim lasts before another worker may take the delivery.
    pub lease: Duration,
    /// Longest sleep between looks at the outbox (other instances' work, retries).
    pub poll: Duration,
    /// How often reminders are looked for.
    pub reminder_scan: Duration,
    /// The wait after a first failed try; it doubles after each (DESIGN §7 backoff).
    pub first_backoff: Duration,
}

impl PushConfig {
    pub fn new(vapid_private_key: String, contact: String) -> Self {
        Self {
            vapid_private_key: Secret::new(vapid_private_key),
            contact,
            policy: PushPolicy::default(),
            timeout: Duration::from_secs(10),
            per_host: 64,
            batch: 500,
            lease: Duration::from_secs(120),
            poll: Duration::from_secs(2),
            reminder_scan: Duration::from_secs(20),
            first_backoff: Duration::from_secs(2),
        }
    }
}

/// Push outcomes for `/metrics`.
#[derive(Debug, Default)]
pub struct PushMetrics {
    pub delivered: AtomicU64,
    pub retried: AtomicU64,
    pub failed: AtomicU64,
    /// 401/403: our VAPID signature refused. Alert on this.
    pub refused: AtomicU64,
    /// 404/410: the device unsubscribed; its subscription was deleted.
    pub gone: AtomicU64,
    pub expired: AtomicU64,
    pub reminder_scans: AtomicU64,
    pub reminders: AtomicU64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_vapid_private_key() {
        let key = "dGhpcyBpcyBub3QgYSByZWFsIHZhcGlkIGtleSEhIQ";
        let printed = format!("{:?}", PushConfig::new(key.to_owned(), "mailto:desk@example.org".to_owned()));
        assert!(!printed.contains(key) && !printed.contains("dGhpcyBpcyBub3Qg"), "{printed}");
        assert!(printed.contains("Secret([REDACTED])") && printed.contains("mailto:desk@example.org"), "{printed}");
    }
}
