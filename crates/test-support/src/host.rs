//! A host for tests: secrets in memory (breakable), every event and notification recorded, and a
//! clock that moves only when the test says so.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use switchboard_core::event::Event;
use switchboard_core::gateway::Secret;
use switchboard_core::host::{
    Clock, EventSink, Host, MemorySecrets, Notification, Notifier, SecretError, SecretStore,
};
use switchboard_core::message::Message;
use switchboard_core::time::Timestamp;

/// A clock that moves only when the test moves it. It starts at 2026-01-01T00:00:00Z, or, made
/// [`running`](ManualClock::running), it follows the wall clock and is moved on from there.
pub struct ManualClock {
    /// The time, or, running, how far ahead of the wall clock it is.
    millis: AtomicI64,
    running: bool,
}

impl ManualClock {
    pub const START: Timestamp = Timestamp::from_millis(1_767_225_600_000);

    pub fn new() -> Self {
        Self::at(Self::START)
    }

    pub fn at(t: Timestamp) -> Self {
        Self {
            millis: AtomicI64::new(t.as_millis()),
            running: false,
        }
    }

    /// The wall clock, which the test can still move on (a day passing): for tests against
    /// real servers (a simulator, a child process) whose times are the wall clock's.
    pub fn running() -> Self {
        Self {
            millis: AtomicI64::new(0),
            running: true,
        }
    }

    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.millis.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn set(&self, t: Timestamp) {
        self.millis
            .store(t.as_millis() - self.wall(), Ordering::SeqCst);
    }

    fn wall(&self) -> i64 {
        if self.running {
            Timestamp::now().as_millis()
        } else {
            0
        }
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_millis(self.wall() + self.millis.load(Ordering::SeqCst))
    }
}

/// Every live event and notification the engine gave its host, in order.
#[derive(Default)]
pub struct Recorder {
    events: Mutex<Vec<Event>>,
    notifications: Mutex<Vec<Notification>>,
}

impl Recorder {
    pub fn events(&self) -> Vec<Event> {
        lock(&self.events).clone()
    }

    /// The messages of the `message` events, in order: what an open thread was told.
    pub fn messages(&self) -> Vec<Message> {
        lock(&self.events)
            .iter()
            .filter_map(|e| match e {
                Event::Message { message } => Some(message.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn notifications(&self) -> Vec<Notification> {
        lock(&self.notifications).clone()
    }
}

impl EventSink for Recorder {
    fn emit(&self, event: &Event) {
        lock(&self.events).push(event.clone());
    }
}

impl Notifier for Recorder {
    fn notify(&self, notification: &Notification) {
        lock(&self.notifications).push(notification.clone());
    }
}

/// Secrets in memory, which a test can break the way a keychain breaks.
#[derive(Default)]
pub struct TestSecrets {
    kept: MemorySecrets,
    broken: Mutex<Option<SecretError>>,
}

impl TestSecrets {
    /// From now on every call fails with `error` (a keychain that is unreachable or refuses);
    /// `None` mends it.
    pub fn break_with(&self, error: Option<SecretError>) {
        *lock(&self.broken) = error;
    }

    fn working(&self) -> Result<(), SecretError> {
        lock(&self.broken).clone().map_or(Ok(()), Err)
    }
}

impl SecretStore for TestSecrets {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretError> {
        self.working()?;
        self.kept.get(key)
    }

    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretError> {
        self.working()?;
        self.kept.set(key, secret)
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        self.working()?;
        self.kept.delete(key)
    }
}

/// The [`Host`] to open an engine with, and handles on its parts.
#[derive(Clone)]
pub struct TestHost {
    pub host: Host,
    pub clock: Arc<ManualClock>,
    pub recorder: Arc<Recorder>,
    pub secrets: Arc<TestSecrets>,
}

impl TestHost {
    pub fn new() -> Self {
        Self::with_clock(Arc::new(ManualClock::new()))
    }

    /// A host on a clock shared with others (two processes on one machine).
    pub fn with_clock(clock: Arc<ManualClock>) -> Self {
        let recorder = Arc::new(Recorder::default());
        let secrets = Arc::new(TestSecrets::default());
        Self {
            host: Host {
                secrets: secrets.clone(),
                notifier: recorder.clone(),
                clock: clock.clone(),
                events: recorder.clone(),
            },
            clock,
            recorder,
            secrets,
        }
    }
}

impl TestHost {
    /// The same host, its events also told to `sink` (the event stream a server serves).
    pub fn also_emitting(mut self, sink: Arc<dyn EventSink>) -> Self {
        self.host.events = Arc::new(Tee {
            recorder: self.recorder.clone(),
            sink,
        });
        self
    }
}

/// Events to the recorder and to another sink.
struct Tee {
    recorder: Arc<Recorder>,
    sink: Arc<dyn EventSink>,
}

impl EventSink for Tee {
    fn emit(&self, event: &Event) {
        self.recorder.emit(event);
        self.sink.emit(event);
    }
}

impl Default for TestHost {
    fn default() -> Self {
        Self::new()
    }
}

/// A panicking test must not poison every later assertion's view of the records.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
