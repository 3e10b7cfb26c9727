//! What the host (desktop app, headless server, tests) supplies to the core.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::event::Event;
use crate::gateway::Secret;
use crate::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No secret store can be reached; the message names the alternative the host offers.
    #[error("{0}")]
    Unavailable(String),
    #[error("the secret store failed: {0}")]
    Failed(String),
}

/// Where gateway secrets live (the OS keychain in the product). Keys are opaque references,
/// never account names, so renaming an account or keeping two data directories is safe.
pub trait SecretStore: Send + Sync {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretError>;
    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretError>;
    fn delete(&self, key: &str) -> Result<(), SecretError>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub title: String,
    pub body: String,
    pub conversation_id: i64,
}

pub trait Notifier: Send + Sync {
    fn notify(&self, notification: &Notification);
}

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// Receives live events after the change they describe is committed.
pub trait EventSink: Send + Sync {
    fn emit(&self, event: &Event);
}

#[derive(Clone)]
pub struct Host {
    pub secrets: Arc<dyn SecretStore>,
    pub notifier: Arc<dyn Notifier>,
    pub clock: Arc<dyn Clock>,
    pub events: Arc<dyn EventSink>,
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// Keeps secrets in memory: for tests, and for hosts that get secrets from elsewhere each run.
#[derive(Default)]
pub struct MemorySecrets(Mutex<HashMap<String, Secret>>);

impl SecretStore for MemorySecrets {
    fn get(&self, key: &str) -> Result<Option<Secret>, SecretError> {
        Ok(self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned())
    }
    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretError> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key.to_owned(), secret.clone());
        Ok(())
    }
    fn delete(&self, key: &str) -> Result<(), SecretError> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
        Ok(())
    }
}

/// Drops notifications and events: for the CLI's one-shot commands.
pub struct Silent;

impl Notifier for Silent {
    fn notify(&self, _: &Notification) {}
}

impl EventSink for Silent {
    fn emit(&self, _: &Event) {}
}

/// Fans events out to any number of subscribers (the HTTP event stream, tests).
pub struct Broadcast(tokio::sync::broadcast::Sender<Event>);

impl Broadcast {
    pub fn new(capacity: usize) -> Self {
        Self(tokio::sync::broadcast::channel(capacity).0)
    }

    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Event> {
        self.0.subscribe()
    }
}

impl EventSink for Broadcast {
    fn emit(&self, event: &Event) {
        // No subscriber is not an error: nobody is watching right now.
        let _ = self.0.send(event.clone());
    }
}
