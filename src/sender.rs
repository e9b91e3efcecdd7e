//! A provider's documented sender behaviour, as data: which failures it retries, how long it
//! waits, how long it gives a receiver, how many redirects it follows. Provider files describe
//! their sender with these (`Scheme::sender`); `delivery` carries them out. This module imports
//! neither, so the scheme registry never depends on the HTTP client.

use std::time::Duration;

/// When a failed attempt is tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryOn {
    /// Connect errors, timeouts, 5xx and 429 — never another 4xx (whk's default).
    Transient,
    /// Any non-2xx answer or network error (MediLab, pyannote.ai, Stripe, Svix).
    AnyFailure,
    /// 5xx and network errors (Pulse: "send 5xx to trigger a retry").
    ServerErrors,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Delays {
    /// Fixed waits before retry 1, 2, … (a provider's published schedule).
    Schedule(Vec<Duration>),
    Exponential {
        initial: Duration,
        max: Duration,
        jitter: bool,
    },
    Fixed {
        delay: Duration,
        jitter: bool,
    },
}

/// How a sender retries.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub retries: u32,
    pub retry_on: RetryOn,
    pub delays: Delays,
    /// Multiplies every wait, so a test (or CI) can run an hours-long schedule in seconds.
    pub time_scale: f64,
}

/// A provider's documented delivery behaviour, for `--as-sender`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sender {
    pub policy: Policy,
    pub timeout: Duration,
    pub redirects: usize,
    /// The most retries the sender allows (`--retries` above it is refused).
    pub max_retries: u32,
}

pub const MIN: u64 = 60;
pub const HOUR: u64 = 60 * MIN;

impl Sender {
    /// A sender with these retries, waits and timeout; profiles in the scheme files adjust the
    /// rest with struct update syntax. What changes between attempts besides the signature is
    /// the scheme's own hook (`Scheme::retry_body`, `Scheme::retry_headers`).
    pub fn plain(retries: u32, retry_on: RetryOn, delays: Delays, timeout_secs: u64) -> Sender {
        Sender {
            policy: Policy { retries, retry_on, delays, time_scale: 1.0 },
            timeout: Duration::from_secs(timeout_secs),
            redirects: 0,
            max_retries: retries,
        }
    }
}

/// Waits in seconds, as documents publish them.
pub fn schedule(seconds: &[u64]) -> Delays {
    Delays::Schedule(seconds.iter().map(|s| Duration::from_secs(*s)).collect())
}

/// Doubling waits from `initial` up to `max`, no jitter.
pub fn doubling(initial_secs: u64, max_secs: u64) -> Delays {
    Delays::Exponential {
        initial: Duration::from_secs(initial_secs),
        max: Duration::from_secs(max_secs),
        jitter: false,
    }
}
