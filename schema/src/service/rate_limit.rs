//! Limits on guessing: sign-in attempts per client address and per code (DESIGN §5); and limits
//! on every mutation per token and per address, so one runaway client or script cannot starve
//! the desk's database of writes during the event. Counted
//! in memory per instance with `governor`'s keyed GCRA limiters: a guess against 60-bit codes
//! is hopeless at these rates whichever instance it reaches.
//!
//! An address is charged for failed attempts only, so a venue's delegates signing in through
//! one NAT address are not held up by each other's successes; once its failures are spent it
//! is blocked, right codes included, until the wait is over. IPv6 addresses count per /64
//! (one household or phone has a whole /64 to rotate through).

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::{AppError, AppResult};

/// Forget keys idle long enough to be back at full allowance once the map grows this big.
const RETAIN_ABOVE: usize = 10_000;

/// How many sign-in attempts are allowed.
#[derive(Clone, Copy, Debug)]
pub struct SignInLimits {
    /// Failed attempts from one address at once, then one per `address_period`.
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
    /// Addresses whose failures are spent, until when.
    blocked: Mutex<HashMap<IpAddr, Instant>>,
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
            blocked: Mutex::new(HashMap::new()),
            clock: DefaultClock::default(),
        }
    }

    /// Before an attempt: `RATE_LIMITED` with the wait when the address is blocked or the
    /// code's allowance is spent (every attempt with a code counts). `code_key` is the hash of
    /// the code, so no code is kept in memory.
    pub fn before_attempt(&self, address: Option<IpAddr>, code_key: &str) -> AppResult<()> {
        if let Some(address) = address.map(bucket) {
            let now = Instant::now();
            let mut blocked = self.blocked.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(until) = blocked.get(&address).copied() {
                if until > now {
                    return Err(self.limited(until - now));
                }
                blocked.remove(&address);
            }
        }
        let key = code_key.to_owned();
        self.by_code.check_key(&key).map_err(|wait| self.limited(wait.wait_time_from(self.clock.now())))?;
        self.forget_idle();
        Ok(())
    }

    /// After a failed attempt: charges the address, and blocks it once its allowance is spent.
    pub fn failed(&self, address: Option<IpAddr>) {
        let Some(address) = address.map(bucket) else { return };
        if let Err(wait) = self.by_address.check_key(&address) {
            let until = Instant::now() + wait.wait_time_from(self.clock.now());
            let mut blocked = self.blocked.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if blocked.len() > RETAIN_ABOVE {
                let now = Instant::now();
                blocked.retain(|_, until| *until > now);
            }
            blocked.insert(address, until);
        }
    }

    fn forget_idle(&self) {
        if self.by_address.len() > RETAIN_ABOVE || self.by_code.len() > RETAIN_ABOVE {
            self.by_address.retain_recent();
            self.by_code.retain_recent();
        }
    }

    fn limited(&self, wait: Duration) -> AppError {
        AppError::RateLimited { retry_after_seconds: wait.as_secs() + u64::from(wait.subsec_nanos() > 0) }
    }
}

/// How many mutations one sign-in (token) and one address may send.
#[derive(Clone, Copy, Debug)]
pub struct MutationLimits {
    /// Mutations one token may send at once, then one per `token_period`. A person tapping
    /// through their agenda never comes near it.
    pub token_burst: u32,
    pub token_period: Duration,
    /// Mutations from one address (a venue's NAT carries hundreds of delegates) at once, then
    /// one per `address_period`.
    pub address_burst: u32,
    pub address_period: Duration,
}

impl Default for MutationLimits {
    fn default() -> Self {
        Self {
            token_burst: 30,
            token_period: Duration::from_millis(500),
            address_burst: 2_000,
            address_period: Duration::from_millis(2),
        }
    }
}

impl MutationLimits {
    /// Sustained rates per minute, as the command line gives them; bursts stay as they are.
    pub fn per_minute(self, token: u32, address: u32) -> Self {
        let period = |per_minute: u32| Duration::from_secs(60) / per_minute.max(1);
        Self { token_period: period(token), address_period: period(address), ..self }
    }
}

/// The mutation limiters of one server process.
pub struct MutationLimiter {
    by_token: DefaultKeyedRateLimiter<i64>,
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl std::fmt::Debug for MutationLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MutationLimiter").finish_non_exhaustive()
    }
}

impl MutationLimiter {
    pub fn new(limits: MutationLimits) -> Self {
        Self {
            by_token: RateLimiter::keyed(quota(limits.token_burst, limits.token_period)),
            by_address: RateLimiter::keyed(quota(limits.address_burst, limits.address_period)),
            clock: DefaultClock::default(),
        }
    }

    /// Charges one mutation to its token (when signed in) and its address (when known):
    /// `RATE_LIMITED` with the wait when either allowance is spent.
    pub fn charge(&self, token_id: Option<i64>, address: Option<IpAddr>) -> AppResult<()> {
        let limited = |wait: governor::NotUntil<_>| {
            let wait = wait.wait_time_from(self.clock.now());
            AppError::RateLimited { retry_after_seconds: wait.as_secs() + u64::from(wait.subsec_nanos() > 0) }
        };
        if let Some(token_id) = token_id {
            self.by_token.check_key(&token_id).map_err(limited)?;
        }
        if let Some(address) = address.map(bucket) {
            self.by_address.check_key(&address).map_err(limited)?;
        }
        if self.by_token.len() > RETAIN_ABOVE || self.by_address.len() > RETAIN_ABOVE {
            self.by_token.retain_recent();
            self.by_address.retain_recent();
        }
        Ok(())
    }
}

/// The key an address counts under: itself for IPv4, its /64 for IPv6.
fn bucket(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::from([s[0], s[1], s[2], s[3], 0, 0, 0, 0])
        }
        v4 => v4,
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
    fn an_address_is_charged_for_failures_only_then_blocked() {
        let limiter = limiter(3, 100);
        let address = Some(IpAddr::from([192, 0, 2, 1]));
        for code in ["a", "b", "c", "d", "e"] {
            assert_eq!(limiter.before_attempt(address, code), Ok(()), "successes cost nothing");
        }
        for _ in 0..3 {
            limiter.failed(address);
        }
        assert_eq!(limiter.before_attempt(address, "f"), Ok(()), "three failures are allowed");
        limiter.failed(address);
        match limiter.before_attempt(address, "g") {
            Err(AppError::RateLimited { retry_after_seconds }) => assert!((3000..=3600).contains(&retry_after_seconds)),
            other => panic!("expected a block, got {other:?}"),
        }
        assert_eq!(limiter.before_attempt(Some(IpAddr::from([192, 0, 2, 2])), "g"), Ok(()), "another address is free");
    }

    #[test]
    fn ipv6_addresses_count_per_64() {
        let limiter = limiter(1, 100);
        let first: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let same_64: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other_64: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        limiter.failed(Some(first));
        limiter.failed(Some(first));
        assert!(matches!(limiter.before_attempt(Some(same_64), "x"), Err(AppError::RateLimited { .. })));
        assert_eq!(limiter.before_attempt(Some(other_64), "x"), Ok(()));
        assert_eq!(bucket("::ffff:192.0.2.7".parse().unwrap()), IpAddr::from([192, 0, 2, 7]));
    }

    #[test]
    fn mutations_are_limited_per_token_and_per_address() {
        let limiter = MutationLimiter::new(MutationLimits {
            token_burst: 2,
            token_period: Duration::from_secs(3600),
            address_burst: 3,
            address_period: Duration::from_secs(3600),
        });
        let venue = Some(IpAddr::from([192, 0, 2, 1]));
        assert_eq!(limiter.charge(Some(1), venue), Ok(()));
        assert_eq!(limiter.charge(Some(1), venue), Ok(()));
        assert!(matches!(limiter.charge(Some(1), venue), Err(AppError::RateLimited { .. })), "token 1 is spent");
        // The refused attempt above was stopped at its token: the address paid for two only.
        assert_eq!(limiter.charge(Some(2), venue), Ok(()));
        match limiter.charge(Some(3), venue) {
            Err(AppError::RateLimited { retry_after_seconds }) => assert!(retry_after_seconds > 3000),
            other => panic!("the address is spent: {other:?}"),
        }
        assert_eq!(limiter.charge(Some(3), Some(IpAddr::from([192, 0, 2, 9]))), Ok(()), "another address");
        assert_eq!(limiter.charge(None, None), Ok(()), "nothing known, nothing charged");
    }

    #[test]
    fn per_minute_rates_set_the_periods() {
        let limits = MutationLimits::default().per_minute(120, 60_000);
        assert_eq!(limits.token_period, Duration::from_millis(500));
        assert_eq!(limits.address_period, Duration::from_millis(1));
        assert_eq!(MutationLimits::default().per_minute(0, 0).token_period, Duration::from_secs(60));
    }

    #[test]
    fn a_code_is_limited_across_addresses() {
        let limiter = limiter(100, 2);
        assert_eq!(limiter.before_attempt(Some(IpAddr::from([192, 0, 2, 1])), "code"), Ok(()));
        assert_eq!(limiter.before_attempt(Some(IpAddr::from([192, 0, 2, 2])), "code"), Ok(()));
        assert!(matches!(limiter.before_attempt(None, "code"), Err(AppError::RateLimited { .. })));
        assert_eq!(limiter.before_attempt(None, "other"), Ok(()));
    }
}
