//! Handing a message from the outbox worker to the phone.
//!
//! `Gateway::send` runs in the outbox worker and may wait; `parse_webhook` (the phone's `next`)
//! is synchronous. They meet in one slot behind a std mutex: the send parks the message with a
//! oneshot sender and waits; `next` takes the message and fires the sender in the same critical
//! section. Because taking and withdrawing both happen under the lock, a message is either
//! handed out (and the send succeeds) or withdrawn (and the send fails), never both.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::Serialize;
use switchboard_core::gateway::{OutgoingMessage, SendError, SendReceipt};
use switchboard_core::message::Content;
use tokio::sync::oneshot;

use super::phrases as said;
use crate::wire::{retryable, seconds};

/// What the phone gets from `next`: `{"message": {...}}`, or `{"message": null}`.
#[derive(Serialize, Debug)]
struct NextReply<'a> {
    message: Option<&'a WireMessage>,
}

/// One message for the phone, as documented in the notes.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct WireMessage {
    /// Our id: the phone reports the result under it.
    pub id: String,
    /// `+79031234567`
    pub phone: String,
    /// `79031234567`: what `https://wa.me/` and WhatsApp's `send?phone=` take.
    pub digits: String,
    pub text: String,
    /// Opens the chat with this number in WhatsApp (the article's first step).
    pub link: String,
}

impl WireMessage {
    fn of(message: &OutgoingMessage) -> Self {
        let text = match &message.content {
            Content::Text { text } => text.clone(),
            // validate() refuses anything else before it is queued; a stand-in keeps a message
            // queued by an older build from being lost.
            other => other.preview(),
        };
        Self {
            id: message.our_id.clone(),
            phone: message.to.e164().to_owned(),
            digits: message.to.digits().to_owned(),
            text,
            link: format!("https://wa.me/{}", message.to.digits()),
        }
    }
}

struct Parked {
    message: WireMessage,
    taken: oneshot::Sender<()>,
}

/// The one message waiting for the phone. The outbox sends an account's queue in order, so one
/// slot is enough.
#[derive(Default)]
pub struct Handover {
    slot: Mutex<Option<Parked>>,
}

impl std::fmt::Debug for Handover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let waiting = self.slot().as_ref().map(|p| p.message.id.clone());
        f.debug_struct("Handover")
            .field("waiting", &waiting)
            .finish()
    }
}

impl Handover {
    fn slot(&self) -> MutexGuard<'_, Option<Parked>> {
        // The slot holds plain data; a panic elsewhere leaves it usable.
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Parks `message` until the phone takes it or `wait` passes.
    pub async fn send(
        &self,
        message: &OutgoingMessage,
        wait: Duration,
    ) -> Result<SendReceipt, SendError> {
        let (taken, mut picked_up) = oneshot::channel();
        {
            let mut slot = self.slot();
            // A parked message whose send was given up (its future dropped) is stale.
            if slot.as_ref().is_some_and(|p| !p.taken.is_closed()) {
                return Err(retryable(said::BUSY.phrase(), Some(Duration::from_secs(5))));
            }
            *slot = Some(Parked {
                message: WireMessage::of(message),
                taken,
            });
        }
        let receipt = SendReceipt {
            gateway_message_id: message.our_id.clone(),
        };
        // `&mut picked_up` keeps the receiver alive after a timeout, so that a hand-over in the
        // meantime is still seen below.
        if let Ok(Ok(())) = tokio::time::timeout(wait, &mut picked_up).await {
            return Ok(receipt);
        }
        let mut slot = self.slot();
        let still_ours = slot
            .as_ref()
            .is_some_and(|p| p.message.id == message.our_id);
        if still_ours {
            *slot = None;
            return Err(pickup_timeout(wait));
        }
        drop(slot);
        // Taken between the timeout and the lock: it is with the phone now.
        match picked_up.try_recv() {
            Ok(()) => Ok(receipt),
            Err(_) => Err(pickup_timeout(wait)),
        }
    }

    /// Takes the waiting message for the phone's `next`, as the JSON reply.
    pub fn next_reply(&self) -> String {
        let message = self.take();
        serde_json::to_string(&NextReply {
            message: message.as_ref(),
        })
        // Serialising strings cannot fail; an empty answer is still valid JSON for the phone.
        .unwrap_or_else(|_| r#"{"message":null}"#.to_owned())
    }

    /// The waiting message, removed from the slot, or `None`. A message whose send was given
    /// up is dropped, not handed out: nobody would record that it went.
    pub fn take(&self) -> Option<WireMessage> {
        let mut slot = self.slot();
        let parked = slot.take()?;
        parked.taken.send(()).ok()?;
        Some(parked.message)
    }

    /// The id of the message waiting for the phone, if any.
    pub fn waiting(&self) -> Option<String> {
        self.slot().as_ref().map(|p| p.message.id.clone())
    }
}

fn pickup_timeout(wait: Duration) -> SendError {
    retryable(said::NOT_PICKED_UP.with("seconds", seconds(wait)), None)
}
