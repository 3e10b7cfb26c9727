//! Slowing down password guessing: failed sign-ins are counted per login and per client
//! address, and past a few free ones each further attempt waits twice as long as the last (up
//! to 15 minutes). Kept in memory: a restart forgives everyone, which costs an attacker a
//! restart they cannot cause.
//!
//! An attempt counts as failed from the moment it starts: a burst of attempts sent at once
//! cannot all slip in before the first of them is found wrong.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use crate::engine::lock;
use crate::time::Timestamp;

/// Failures of one login before its attempts wait.
const LOGIN_FREE: u32 = 5;
/// An address may be a whole office behind one router, whose people mistype independently.
const ADDRESS_FREE: u32 = 20;
/// The wait after the first failure beyond the free ones; it doubles with each further one.
const FIRST_WAIT_MS: i64 = 1_000;
const LONGEST_WAIT_MS: i64 = 15 * 60 * 1_000;
/// A count left alone this long is forgotten.
const FORGET_AFTER_MS: i64 = 24 * 60 * 60 * 1_000;
/// Counts kept at most; the stalest go first. Each is a few dozen bytes.
const MAX_ENTRIES: usize = 10_000;
/// The part of a login a count is kept under: longer than any real login.
const LOGIN_KEY_CHARS: usize = super::session::LOGIN_MAX + 1;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    /// Lowercased, as logins are compared.
    Login(String),
    Address(IpAddr),
}

#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    last: Timestamp,
}

impl Failures {
    /// When the next attempt may start.
    fn next_allowed(self, free: u32) -> Timestamp {
        if self.count < free {
            return self.last;
        }
        let doublings = (self.count - free).min(30);
        let wait = FIRST_WAIT_MS
            .saturating_mul(1 << doublings)
            .min(LONGEST_WAIT_MS);
        self.last.plus_millis(wait)
    }
}

/// What a sign-in attempt is counted under.
#[derive(Clone, Debug)]
pub(crate) struct Attempt {
    login: Key,
    address: Option<Key>,
}

impl Attempt {
    pub(crate) fn new(login: &str, address: Option<IpAddr>) -> Self {
        // Cut to one character more than any login has: a made-up login of a megabyte would
        // otherwise be kept whole, ten thousand times over.
        let login: String = login.trim().chars().take(LOGIN_KEY_CHARS).collect();
        Self {
            login: Key::Login(login.to_lowercase()),
            address: address.map(|a| Key::Address(network_of(a))),
        }
    }

    fn keys(&self) -> impl Iterator<Item = (&Key, u32)> {
        std::iter::once((&self.login, LOGIN_FREE))
            .chain(self.address.iter().map(|a| (a, ADDRESS_FREE)))
    }
}

/// The address an attacker cannot trivially change: an IPv6 client usually has a whole /64 to
/// pick addresses from, so the /64 is counted as one.
fn network_of(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(segments.into())
            }
        },
    }
}

#[derive(Default)]
pub(crate) struct Throttle {
    counts: Mutex<HashMap<Key, Failures>>,
}

impl Throttle {
    /// Starts an attempt at `now`: refused with the milliseconds still to wait when the login
    /// or the address must wait; otherwise it counts as a failure until [`Throttle::succeeded`].
    pub(crate) fn begin(&self, attempt: &Attempt, now: Timestamp) -> Result<(), i64> {
        let mut counts = lock(&self.counts);
        let wait = attempt
            .keys()
            .filter_map(|(key, free)| counts.get(key).map(|f| f.next_allowed(free)))
            .map(|allowed| allowed.millis_since(now))
            .max()
            .unwrap_or(0);
        if wait > 0 {
            return Err(wait);
        }
        for (key, _) in attempt.keys() {
            let failures = counts.entry(key.clone()).or_insert(Failures {
                count: 0,
                last: now,
            });
            if now.millis_since(failures.last) > FORGET_AFTER_MS {
                failures.count = 0;
            }
            failures.count += 1;
            failures.last = now;
        }
        if counts.len() > MAX_ENTRIES {
            forget_stalest(&mut counts, now);
        }
        Ok(())
    }

    /// The attempt found the right password: its login starts afresh. The address keeps the
    /// failures before it (less this attempt), or one good account would wipe its guesses at
    /// others.
    pub(crate) fn succeeded(&self, attempt: &Attempt) {
        let mut counts = lock(&self.counts);
        counts.remove(&attempt.login);
        if let Some(address) = &attempt.address
            && let Some(failures) = counts.get_mut(address)
        {
            failures.count = failures.count.saturating_sub(1);
        }
    }
}

/// Drops counts nobody added to for a day, then, if still too many, the stalest tenth (one
/// sort now and then rather than a search at every attempt).
fn forget_stalest(counts: &mut HashMap<Key, Failures>, now: Timestamp) {
    counts.retain(|_, f| now.millis_since(f.last) <= FORGET_AFTER_MS);
    if counts.len() <= MAX_ENTRIES {
        return;
    }
    let mut ages: Vec<Timestamp> = counts.values().map(|f| f.last).collect();
    let drop = counts.len() - MAX_ENTRIES * 9 / 10;
    let (_, cutoff, _) = ages.select_nth_unstable(drop - 1);
    let cutoff = *cutoff;
    counts.retain(|_, f| f.last > cutoff);
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: Timestamp = Timestamp::from_millis(1_767_225_600_000);

    fn fail_n(throttle: &Throttle, attempt: &Attempt, n: u32, at: Timestamp) {
        for i in 0..n {
            throttle
                .begin(attempt, at)
                .unwrap_or_else(|w| panic!("attempt {i} waits {w} ms"));
        }
    }

    #[test]
    fn past_five_failures_each_attempt_waits_twice_as_long_up_to_fifteen_minutes() {
        let throttle = Throttle::default();
        let mia = Attempt::new("Mia", None);
        fail_n(&throttle, &mia, 5, T0);
        assert_eq!(throttle.begin(&mia, T0), Err(1_000));
        assert_eq!(
            throttle.begin(&Attempt::new(" MIA ", None), T0),
            Err(1_000),
            "the same login whatever the case"
        );
        let mut now = T0.plus_millis(1_000);
        let mut waits = Vec::new();
        for _ in 0..12 {
            throttle.begin(&mia, now).expect("the wait is over");
            let wait = throttle.begin(&mia, now).unwrap_err();
            waits.push(wait / 1_000);
            now = now.plus_millis(wait);
        }
        assert_eq!(
            waits,
            [2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900],
            "doubling, capped at 15 minutes"
        );
        throttle.succeeded(&mia);
        fail_n(&throttle, &mia, 5, now);
    }

    #[test]
    fn an_address_guessing_many_logins_waits_too_and_a_success_does_not_wipe_it() {
        let throttle = Throttle::default();
        let from = Some("203.0.113.9".parse().unwrap());
        for i in 0..20 {
            fail_n(&throttle, &Attempt::new(&format!("user{i}"), from), 1, T0);
        }
        let mine = Attempt::new("mia", from);
        assert_eq!(throttle.begin(&mine, T0), Err(1_000));
        let later = T0.plus_millis(1_000);
        throttle.begin(&mine, later).unwrap();
        throttle.succeeded(&mine);
        assert!(
            throttle
                .begin(&Attempt::new("user99", from), later)
                .is_err(),
            "the address's earlier failures still count"
        );
        assert!(
            throttle
                .begin(
                    &Attempt::new("user99", Some("203.0.113.10".parse().unwrap())),
                    later
                )
                .is_ok(),
            "another address does not wait"
        );
    }

    #[test]
    fn a_count_keeps_no_more_of_a_login_than_a_login_can_be() {
        let throttle = Throttle::default();
        let huge = "x".repeat(1_000_000);
        fail_n(&throttle, &Attempt::new(&huge, None), 1, T0);
        let counts = lock(&throttle.counts);
        let Some(Key::Login(kept)) = counts.keys().next() else {
            panic!("one count")
        };
        assert_eq!(kept.len(), LOGIN_KEY_CHARS);
    }

    #[test]
    fn an_ipv6_network_is_one_address() {
        let a = network_of("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = network_of("2001:db8:1:2:bbbb::2".parse().unwrap());
        assert_eq!(a, b);
        assert_eq!(
            network_of("::ffff:192.0.2.1".parse().unwrap()),
            "192.0.2.1".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn failures_a_day_old_are_forgotten_and_memory_stays_bounded() {
        let throttle = Throttle::default();
        let mia = Attempt::new("mia", None);
        fail_n(&throttle, &mia, 5, T0);
        let next_day = T0.plus_millis(FORGET_AFTER_MS + 1);
        fail_n(&throttle, &mia, 5, next_day);
        for i in 0..(MAX_ENTRIES + 10) {
            let at = next_day.plus_millis(i as i64);
            fail_n(&throttle, &Attempt::new(&format!("u{i}"), None), 1, at);
        }
        let counts = lock(&throttle.counts);
        assert!(counts.len() <= MAX_ENTRIES, "{}", counts.len());
        assert!(
            counts.contains_key(&Key::Login(format!("u{}", MAX_ENTRIES + 9))),
            "the newest stay"
        );
        assert!(
            !counts.contains_key(&Key::Login("mia".into())),
            "the stalest go"
        );
    }
}
