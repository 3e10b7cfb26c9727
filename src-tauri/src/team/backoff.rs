//! How long to wait before reconnecting to the team server: doubling from half a second to
//! half a minute, each wait drawn at random from its upper half, so that a team's desktops do
//! not all knock at the same instant when their server comes back.

use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Backoff {
    first: Duration,
    max: Duration,
    /// The nominal wait of the next failure.
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new(Duration::from_millis(500), Duration::from_secs(30))
    }
}

impl Backoff {
    pub fn new(first: Duration, max: Duration) -> Self {
        Self {
            first,
            max,
            next: first,
        }
    }

    /// The wait after one more failure: between half the nominal wait and all of it.
    pub fn fail(&mut self) -> Duration {
        self.fail_with(fastrand::f64())
    }

    /// [`Backoff::fail`] with the random draw given, in `0.0..1.0`.
    fn fail_with(&mut self, draw: f64) -> Duration {
        let nominal = self.next;
        self.next = (nominal * 2).min(self.max);
        nominal.mul_f64(0.5 + 0.5 * draw.clamp(0.0, 1.0))
    }

    /// A connection that stayed up: the next failure waits the shortest time again.
    pub fn reset(&mut self) {
        self.next = self.first;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(d: Duration) -> u128 {
        d.as_millis()
    }

    #[test]
    fn waits_double_up_to_the_cap() {
        let mut b = Backoff::default();
        let longest: Vec<u128> = (0..9).map(|_| ms(b.fail_with(1.0))).collect();
        assert_eq!(
            longest,
            [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]
        );
        let mut b = Backoff::default();
        let shortest: Vec<u128> = (0..3).map(|_| ms(b.fail_with(0.0))).collect();
        assert_eq!(
            shortest,
            [250, 500, 1000],
            "never less than half the nominal wait"
        );
    }

    #[test]
    fn the_random_part_spreads_desktops_apart() {
        let waits: std::collections::BTreeSet<u128> =
            (0..50).map(|_| ms(Backoff::default().fail())).collect();
        assert!(waits.iter().all(|w| (250..=500).contains(w)), "{waits:?}");
        assert!(
            waits.len() > 10,
            "fifty desktops must not all wait alike: {waits:?}"
        );
    }

    #[test]
    fn a_connection_that_held_starts_again_from_the_shortest_wait() {
        let mut b = Backoff::default();
        for _ in 0..6 {
            b.fail();
        }
        b.reset();
        assert_eq!(ms(b.fail_with(1.0)), 500);
    }
}
