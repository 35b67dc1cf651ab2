//! What a push service's answer means for a delivery (DESIGN §7), and when to try again.
//! Pure rules, so each case is tested directly; the worker only carries them out.

use chrono::{DateTime, Duration, Utc};

/// Most tries of one delivery, the first included.
pub const MAX_TRIES: i32 = 5;
/// The usual wait after the first failed try; it doubles with each further one.
pub const FIRST_BACKOFF: Duration = Duration::seconds(2);
/// A push service's `Retry-After` is honoured up to this; beyond it the TTL decides.
pub const MAX_RETRY_AFTER: Duration = Duration::hours(1);

/// How a try ended, as the sender saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The push service answered this status, maybe with a `Retry-After`.
    Status { status: u16, retry_after: Option<Duration> },
    /// No answer in time (connect, headers or body).
    Timeout,
    /// The connection failed (refused, reset, TLS).
    Unreachable,
}

/// What to do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Accepted by the push service: done.
    Delivered,
    /// The subscription no longer exists (404, 410): delete it and its pending deliveries.
    Gone,
    /// Our VAPID signature was refused (401, 403): keep the subscription, count and alert,
    /// and stop this delivery (a retry would be refused the same way).
    Refused,
    /// Try again at this time.
    RetryAt(DateTime<Utc>),
    /// Stop for good, and record why.
    GiveUp(&'static str),
}

/// When to retry: the wait after the first failed try (it doubles after each), and a number
/// in [0, 1) that spreads retries so a recovering push service is not hit by every sender at
/// once.
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    pub first: Duration,
    pub jitter: f64,
}

/// The verdict after try number `tries` (1 for the first) of a delivery that expires at
/// `expires_at`.
pub fn judge(answer: &Answer, tries: i32, now: DateTime<Utc>, expires_at: DateTime<Utc>, backoff: Backoff) -> Verdict {
    let retry_after = match answer {
        Answer::Status { status: 200..=202, .. } => return Verdict::Delivered,
        Answer::Status { status: 404 | 410, .. } => return Verdict::Gone,
        Answer::Status { status: 401 | 403, .. } => return Verdict::Refused,
        Answer::Status { status: 400, .. } => return Verdict::GiveUp("the push service refused the message (400)"),
        Answer::Status { status: 413, .. } => {
            return Verdict::GiveUp("the push service found the message too large (413)");
        }
        Answer::Status { status: 429 | 500..=599, retry_after } => *retry_after,
        Answer::Status { .. } => return Verdict::GiveUp("the push service gave an unexpected answer"),
        Answer::Timeout | Answer::Unreachable => None,
    };
    if tries >= MAX_TRIES {
        return Verdict::GiveUp("no success after 5 tries");
    }
    let at = now + wait(tries, backoff).max(retry_after.unwrap_or_default().min(MAX_RETRY_AFTER));
    if at >= expires_at {
        return Verdict::GiveUp("the time to live ran out before a retry");
    }
    Verdict::RetryAt(at)
}

/// Exponential backoff after `tries` failed tries, with jitter adding up to half again.
pub fn wait(tries: i32, backoff: Backoff) -> Duration {
    let doubling = u32::try_from(tries.saturating_sub(1)).unwrap_or(0).min(16);
    let base = backoff.first * 2_i32.pow(doubling);
    let spread = (base.num_milliseconds() as f64 * backoff.jitter.clamp(0.0, 1.0) / 2.0) as i64;
    base + Duration::milliseconds(spread)
}

/// Parses `Retry-After`: seconds, or an HTTP date (RFC 9110 §10.2.3).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u32>() {
        return Some(Duration::seconds(seconds.into()));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?.with_timezone(&Utc);
    Some((at - now).max(Duration::zero()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_568_095_200 + seconds, 0).unwrap()
    }

    fn jitter(jitter: f64) -> Backoff {
        Backoff { first: FIRST_BACKOFF, jitter }
    }

    fn status(status: u16) -> Answer {
        Answer::Status { status, retry_after: None }
    }

    #[test]
    fn each_answer_has_its_verdict() {
        let (now, expires) = (at(0), at(3_600));
        assert_eq!(judge(&status(201), 1, now, expires, jitter(0.0)), Verdict::Delivered);
        for gone in [404, 410] {
            assert_eq!(judge(&status(gone), 1, now, expires, jitter(0.0)), Verdict::Gone);
        }
        for refused in [401, 403] {
            assert_eq!(judge(&status(refused), 1, now, expires, jitter(0.0)), Verdict::Refused);
        }
        for fatal in [400, 413, 302, 418] {
            assert!(matches!(judge(&status(fatal), 1, now, expires, jitter(0.0)), Verdict::GiveUp(_)), "{fatal}");
        }
        for again in [status(429), status(500), status(503), Answer::Timeout, Answer::Unreachable] {
            assert_eq!(judge(&again, 1, now, expires, jitter(0.0)), Verdict::RetryAt(at(2)), "{again:?}");
        }
    }

    #[test]
    fn retries_back_off_exponentially_with_jitter_and_stop_after_five_tries() {
        let (now, expires) = (at(0), at(86_400));
        let waits: Vec<_> = (1..MAX_TRIES).map(|n| judge(&Answer::Timeout, n, now, expires, jitter(0.0))).collect();
        assert_eq!(waits, [2, 4, 8, 16].map(|s| Verdict::RetryAt(at(s))));
        assert_eq!(
            judge(&Answer::Timeout, 2, now, expires, jitter(0.999)),
            Verdict::RetryAt(now + Duration::milliseconds(5_998))
        );
        assert!(matches!(judge(&Answer::Timeout, MAX_TRIES, now, expires, jitter(0.0)), Verdict::GiveUp(_)));
    }

    #[test]
    fn retry_after_is_honoured_but_never_past_the_ttl() {
        let busy = |seconds| Answer::Status { status: 429, retry_after: Some(Duration::seconds(seconds)) };
        assert_eq!(judge(&busy(30), 1, at(0), at(3_600), jitter(0.0)), Verdict::RetryAt(at(30)));
        assert_eq!(
            judge(&busy(1), 1, at(0), at(3_600), jitter(0.0)),
            Verdict::RetryAt(at(2)),
            "never sooner than the backoff"
        );
        assert!(matches!(judge(&busy(120), 1, at(0), at(60), jitter(0.0)), Verdict::GiveUp(_)));
        assert!(matches!(judge(&Answer::Timeout, 1, at(0), at(1), jitter(0.0)), Verdict::GiveUp(_)));
        let huge = judge(&busy(100_000), 1, at(0), at(86_400), jitter(0.0));
        assert_eq!(huge, Verdict::RetryAt(at(3_600)), "capped at an hour");
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(parse_retry_after("120", now), Some(Duration::seconds(120)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now), Some(Duration::seconds(120)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), Some(Duration::zero()));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }
}
