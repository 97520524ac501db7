//! How long to wait before trying an endpoint again after failures.
//!
//! Exponential, so a struggling endpoint is not hammered; capped, so recovery is noticed within
//! a minute; jittered, so a hundred open tabs do not retry in lockstep the moment it comes back.

use std::time::Duration;

/// Retry timing for a sync source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The wait after the first failure.
    pub first: Duration,
    /// The longest wait, however many failures.
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            first: Duration::from_secs(2),
            cap: Duration::from_mins(1),
        }
    }
}

impl Backoff {
    /// The wait after `failures` failures in a row (at least one), spread by `jitter`, a
    /// random number in `0..1` from the caller: between 80% and 120% of the nominal wait, and
    /// never above the cap.
    pub fn delay(&self, failures: u32, jitter: f64) -> Duration {
        let doublings = failures.saturating_sub(1).min(16);
        let nominal = self.first.saturating_mul(1 << doublings).min(self.cap);
        let factor = 0.8 + 0.4 * jitter.clamp(0.0, 1.0);
        nominal.mul_f64(factor).min(self.cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_the_first_and_stop_at_the_cap() {
        let backoff = Backoff::default();
        let middle: Vec<u64> = (1..=7).map(|n| backoff.delay(n, 0.5).as_secs()).collect();
        assert_eq!(middle, [2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(backoff.delay(1_000, 0.5), Duration::from_mins(1));
    }

    #[test]
    fn jitter_spreads_the_wait_by_a_fifth_either_way() {
        let backoff = Backoff::default();
        assert_eq!(backoff.delay(3, 0.0), Duration::from_millis(6_400));
        assert_eq!(backoff.delay(3, 1.0), Duration::from_millis(9_600));
        assert_eq!(
            backoff.delay(10, 1.0),
            Duration::from_mins(1),
            "never above the cap"
        );
        assert_eq!(
            backoff.delay(0, 0.5),
            Duration::from_secs(2),
            "zero counts as one"
        );
    }
}
