//! The clock the programme runs on. In production it is the system clock; `SANAD_CLOCK` makes
//! it a fixed instant or a clock that starts from an instant, so the 2019 demo can be run as if
//! it were live ("what is happening now?").

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Debug)]
pub enum Clock {
    /// The real time.
    System,
    /// Always this instant.
    Fixed(DateTime<Utc>),
    /// Starts at `from` when the server starts and runs at normal speed.
    StartingAt { from: DateTime<Utc>, started: Instant },
    /// Stands still until moved with [`Clock::set`] (tests of time-driven work: reminders).
    Manual(std::sync::Arc<std::sync::RwLock<DateTime<Utc>>>),
}

impl Clock {
    /// Parses `SANAD_CLOCK`: an RFC 3339 instant (fixed), or `start=` followed by one
    /// (running from it).
    pub fn parse(spec: &str) -> Result<Self, String> {
        let spec = spec.trim();
        let parse = |s: &str| {
            DateTime::parse_from_rfc3339(s.trim())
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| format!("'{s}' is not an RFC 3339 instant such as 2019-09-10T09:45:00+03:00"))
        };
        match spec.strip_prefix("start=") {
            Some(from) => Ok(Self::StartingAt { from: parse(from)?, started: Instant::now() }),
            None => Ok(Self::Fixed(parse(spec)?)),
        }
    }

    /// A clock that stands at `at` until moved.
    pub fn manual(at: DateTime<Utc>) -> Self {
        Self::Manual(std::sync::Arc::new(std::sync::RwLock::new(at)))
    }

    /// Moves a manual clock (other clocks ignore it).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Self::Manual(now) = self
            && let Ok(mut now) = now.write()
        {
            *now = at;
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now(),
            Self::Fixed(at) => *at,
            Self::Manual(now) => now.read().map(|at| *at).unwrap_or_else(|e| *e.into_inner()),
            Self::StartingAt { from, started } => {
                *from + Duration::from_std(started.elapsed()).unwrap_or_else(|_| Duration::zero())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_and_running_clocks() {
        let fixed = Clock::parse("2019-09-10T09:45:00+03:00").unwrap();
        assert_eq!(fixed.now().to_rfc3339(), "2019-09-10T06:45:00+00:00");
        let running = Clock::parse("start=2019-09-10T09:45:00+03:00").unwrap();
        let now = running.now();
        assert!(now >= fixed.now() && now < fixed.now() + Duration::seconds(60));
        assert!(Clock::parse("yesterday").is_err());
        assert!(Clock::parse("start=").is_err());
    }
}
