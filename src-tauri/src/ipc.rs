//! The window's commands: `api`, which runs any command of `switchboard_core::api` (no second
//! list of commands) on whichever inbox the window uses, and the few that choose that inbox;
//! and the live events the window listens to.

use std::sync::Arc;

use serde_json::Value;
use switchboard_core::ErrorCode;
use switchboard_core::event::Event;
use switchboard_core::operator::Operator;
use tauri::async_runtime::JoinHandle;
use tauri::{AppHandle, Emitter};
use tokio::sync::broadcast::{Receiver, error::RecvError};

use crate::mode::DesktopState;
use crate::rejection::Rejection;
use crate::said;
use crate::shell::{Inbox, Shell};
use crate::team::relay::Connection;

/// Each committed change, as the core's `Event` JSON.
pub const EVENT: &str = "switchboard:event";
/// The window missed events (it fell behind, or was away from the team server) and should
/// reload what it shows.
pub const RESYNC: &str = "switchboard:resync";
/// Team mode: the server's event stream is up, or down and being retried (`Connection`).
pub const CONNECTION: &str = "switchboard:connection";
/// Team mode: the server no longer takes the session; the window offers to sign in again.
pub const SIGNED_OUT: &str = "switchboard:signed_out";

/// `invoke("api", { command, request })`: answers the command's JSON response, or rejects with
/// the `ApiError` object `{code, message, phrase}`.
#[tauri::command]
pub async fn api(
    shell: tauri::State<'_, Shell>,
    command: String,
    request: Option<Value>,
) -> Result<Value, Rejection> {
    let request = request.unwrap_or_else(|| serde_json::json!({}));
    match shell.inbox() {
        Inbox::Solo(engine) => Ok(switchboard_core::api::dispatch(
            &engine,
            &switchboard_core::access::Client::local(),
            &command,
            request,
        )
        .await?),
        Inbox::Team(session) => session.call(&command, request).await,
        Inbox::Unset => Err(Rejection::new(
            ErrorCode::BadRequest,
            said::NOT_CHOSEN.phrase(),
        )),
    }
}

/// `{mode, server, operator}`: which inbox the window uses and who uses it.
#[tauri::command]
pub async fn desktop_state(shell: tauri::State<'_, Shell>) -> Result<DesktopState, Rejection> {
    Ok(shell.state().await)
}

/// Runs the inbox on this computer (as before teams), and remembers the choice.
#[tauri::command]
pub async fn choose_solo(shell: tauri::State<'_, Shell>) -> Result<(), Rejection> {
    shell.choose_solo().await
}

/// Signs in to a team server and makes the window its client: answers who signed in, or
/// rejects with the server's refusal as it came (a wrong password, too many tries) or the
/// desktop's own (unreachable, not a server address, no keychain).
#[tauri::command]
pub async fn connect_team(
    shell: tauri::State<'_, Shell>,
    server: String,
    login: String,
    password: String,
) -> Result<Operator, Rejection> {
    shell.connect_team(&server, &login, &password).await
}

/// Signs out of the team server (if it answers), forgets the session; the window asks again.
#[tauri::command]
pub async fn leave_team(shell: tauri::State<'_, Shell>) -> Result<(), Rejection> {
    shell.leave_team().await
}

/// The window as team mode tells it things, and the desktop's notifications for what the
/// server tells this operator alone (a mention in a note).
pub struct TauriWindow {
    app: AppHandle,
    notifier: crate::notify::Desktop,
}

/// The notification for a team server's event that names this operator: a mention, shown as
/// who wrote the note and its words (like a message's notification: no words of our own, so
/// nothing to translate). The server sends a mention to the operator it names alone.
fn mention(event: &Value) -> Option<switchboard_core::host::Notification> {
    match serde_json::from_value::<Event>(event.clone()).ok()? {
        Event::Mentioned {
            conversation_id,
            by,
            text,
            ..
        } => Some(switchboard_core::host::Notification {
            title: by.name,
            body: text,
            conversation_id,
        }),
        _ => None,
    }
}

impl TauriWindow {
    fn emit<S: serde::Serialize + Clone>(&self, name: &str, payload: S) {
        if let Err(e) = self.app.emit(name, payload) {
            tracing::warn!("could not tell the window {name}: {e}");
        }
    }
}

impl crate::team::Window for TauriWindow {
    fn event(&self, event: Value) {
        if let Some(n) = mention(&event) {
            use switchboard_core::host::Notifier;
            self.notifier.notify(&n);
        }
        self.emit(EVENT, event);
    }

    fn resync(&self, missed: Option<u64>) {
        self.emit(RESYNC, missed);
    }

    fn connection(&self, connection: Connection) {
        self.emit(CONNECTION, connection);
    }

    fn signed_out(&self) {
        self.emit(SIGNED_OUT, ());
    }
}

/// Solo mode's live events, from the engine to the window.
pub fn forward_events(app: AppHandle, mut events: Receiver<Event>) -> JoinHandle<()> {
    tauri::async_runtime::spawn(async move {
        loop {
            let sent = match events.recv().await {
                Ok(event) => app.emit(EVENT, &event),
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!("the window fell {missed} events behind; asking it to resync");
                    app.emit(RESYNC, missed)
                }
                Err(RecvError::Closed) => return,
            };
            if let Err(e) = sent {
                tracing::warn!("could not send a live event to the window: {e}");
            }
        }
    })
}

/// A shared window for the shell and the relay.
pub fn window(app: &AppHandle, focus: crate::notify::Focus) -> Arc<dyn crate::team::Window> {
    Arc::new(TauriWindow {
        app: app.clone(),
        notifier: crate::notify::Desktop::new(focus),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::mention;

    #[test]
    fn a_mention_is_notified_with_its_author_and_words_and_nothing_else_is() {
        let n = mention(&json!({
            "type": "mentioned",
            "operator_id": 3,
            "conversation_id": 7,
            "by": {"id": 2, "name": "Olga"},
            "text": "@anna call back <b>now</b>",
        }))
        .expect("a notification");
        assert_eq!(
            (n.title.as_str(), n.body.as_str(), n.conversation_id),
            ("Olga", "@anna call back <b>now</b>", 7)
        );
        assert!(mention(&json!({"type": "team"})).is_none());
        assert!(mention(&json!({"type": "mentioned", "text": 5})).is_none());
    }
}
