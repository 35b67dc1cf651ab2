//! Limits on guessing: sign-in attempts per client address and per code (DESIGN §5). Counted
//! in memory per instance with `governor`'s keyed GCRA limiters: a guess against 60-bit codes
//! is hopeless at these rates whichever instance it reaches.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::{AppError, AppResult};

/// Forget keys idle long enough to be back at full allowance once the map grows this big.
const RETAIN_ABOVE: usize = 10_000;

/// How many sign-in attempts are allowed.
#[derive(Clone, Copy, Debug)]
pub struct SignInLimits {
    /// Attempts from one address at once, then one per `address_period`. Generous, because a
    /// whole venue may reach us from one NAT address on the first morning.
    pub address_burst: u32,
    pub address_period: Duration,
    /// Attempts with one code at once, then one per `code_period`.
    pub code_burst: u32,
    pub code_period: Duration,
}

impl Default for SignInLimits {
    fn default() -> Self {
        Self {
            address_burst: 30,
            address_period: Duration::from_secs(2),
            code_burst: 5,
            code_period: Duration::from_secs(60),
        }
    }
}

/// The sign-in limiters of one server process.
pub struct SignInLimiter {
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    by_code: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

impl std::fmt::Debug for SignInLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInLimiter").finish_non_exhaustive()
    }
}

fn quota(burst: u32, period: Duration) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period).unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN)).allow_burst(burst)
}

impl SignInLimiter {
    pub fn new(limits: SignInLimits) -> Self {
        Self {
            by_address: RateLimiter::keyed(quota(limits.address_burst, limits.address_period)),
            by_code: RateLimiter::keyed(quota(limits.code_burst, limits.code_period)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt; `RATE_LIMITED` with the wait when either allowance is spent.
    /// `code_key` is the hash of the code, so no code is kept in memory.
    pub fn attempt(&self, address: Option<IpAddr>, code_key: &str) -> AppResult<()> {
        if let Some(address) = address {
            self.by_address.check_key(&address).map_err(|wait| self.limited(wait.wait_time_from(self.clock.now())))?;
        }
        let key = code_key.to_owned();
        self.by_code.check_key(&key).map_err(|wait| self.limited(wait.wait_time_from(self.clock.now())))?;
        for limiter_len in [self.by_address.len(), self.by_code.len()] {
            if limiter_len > RETAIN_ABOVE {
                self.by_address.retain_recent();
                self.by_code.retain_recent();
                break;
            }
        }
        Ok(())
    }

    fn limited(&self, wait: Duration) -> AppError {
        AppError::RateLimited { retry_after_seconds: wait.as_secs() + u64::from(wait.subsec_nanos() > 0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(address_burst: u32, code_burst: u32) -> SignInLimiter {
        SignInLimiter::new(SignInLimits {
            address_burst,
            address_period: Duration::from_secs(3600),
            code_burst,
            code_period: Duration::from_secs(3600),
        })
    }

    #[test]
    fn an_address_is_limited_across_codes() {
        let limiter = limiter(3, 100);
        let address = Some(IpAddr::from([192, 0, 2, 1]));
        for code in ["a", "b", "c"] {
            assert_eq!(limiter.attempt(address, code), Ok(()));
        }
        match limiter.attempt(address, "d") {
            Err(AppError::RateLimited { retry_after_seconds }) => assert!((3000..=3600).contains(&retry_after_seconds)),
            other => panic!("expected a limit, got {other:?}"),
        }
        assert_eq!(limiter.attempt(Some(IpAddr::from([192, 0, 2, 2])), "d"), Ok(()), "another address is free");
    }

    #[test]
    fn a_code_is_limited_across_addresses() {
        let limiter = limiter(100, 2);
        assert_eq!(limiter.attempt(Some(IpAddr::from([192, 0, 2, 1])), "code"), Ok(()));
        assert_eq!(limiter.attempt(Some(IpAddr::from([192, 0, 2, 2])), "code"), Ok(()));
        assert!(matches!(limiter.attempt(None, "code"), Err(AppError::RateLimited { .. })));
        assert_eq!(limiter.attempt(None, "other"), Ok(()));
    }
}
