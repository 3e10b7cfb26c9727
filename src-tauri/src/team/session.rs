//! One signed-in operator on one team server: the token, the relay of live events, and what
//! happens when the server stops taking the token (the window is told, the keychain forgets
//! it, the relay stops) — the mode stays, so the window can offer to sign in again.

use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use serde_json::Value;
use switchboard_core::operator::Operator;
use switchboard_core::{ApiError, ErrorCode};
use tokio::task::JoinHandle;

use super::Window;
use super::address::Address;
use super::keychain;
use super::relay::{self, Stopped, Timing};
use super::server::{Server, SignedIn, Token};
use crate::rejection::Rejection;
use crate::said;

/// `desktop_state` waits this long for the server to say who is signed in, then shows who
/// was last time: the window must open even when the server is down.
const WHO_WAIT: Duration = Duration::from_secs(3);

pub struct Session {
    server: Arc<Server>,
    window: Arc<dyn Window>,
    timing: Timing,
    state: Mutex<State>,
}

struct State {
    /// None once the server refused it.
    token: Option<Token>,
    /// Who signed in, as the server last said.
    operator: Option<Operator>,
    relay: Option<JoinHandle<()>>,
}

impl Session {
    /// Signs in to `server` and keeps the token in the keychain; the relay is not started
    /// yet (see [`Session::start`]). A token the keychain will not keep is signed out at once
    /// rather than left valid on the server with nobody holding it.
    pub async fn sign_in(
        server: Server,
        login: &str,
        password: &str,
        window: Arc<dyn Window>,
        timing: Timing,
    ) -> Result<Arc<Self>, Rejection> {
        let SignedIn { token, operator } = server.sign_in(login, password).await?;
        let kept = tokio::task::spawn_blocking({
            let (address, token) = (server.address().clone(), token.clone());
            move || keychain::save(&address, &token)
        })
        .await
        .map_err(ApiError::internal)?;
        if let Err(e) = kept {
            server.sign_out(&token).await;
            return Err(Rejection::new(
                ErrorCode::SecretsUnavailable,
                said::KEYCHAIN.with("detail", e),
            ));
        }
        Ok(Self::resume(
            server,
            Some(token),
            Some(operator),
            window,
            timing,
        ))
    }

    /// A session from an earlier run: its token as the keychain kept it (none: signed out),
    /// and who it was for as desktop.json remembers.
    pub fn resume(
        server: Server,
        token: Option<Token>,
        operator: Option<Operator>,
        window: Arc<dyn Window>,
        timing: Timing,
    ) -> Arc<Self> {
        Arc::new(Self {
            server: Arc::new(server),
            window,
            timing,
            state: Mutex::new(State {
                token,
                operator,
                relay: None,
            }),
        })
    }

    /// Starts relaying the server's events to the window (once signed in; again, no-op).
    /// Must run inside the tokio runtime.
    pub fn start(self: &Arc<Self>) {
        let mut state = self.lock();
        let Some(token) = state.token.clone() else {
            return;
        };
        if state.relay.as_ref().is_some_and(|r| !r.is_finished()) {
            return;
        }
        let session: Weak<Self> = Arc::downgrade(self);
        let relayed = relay::run(
            self.server.clone(),
            token,
            self.window.clone(),
            self.timing.clone(),
        );
        state.relay = Some(tokio::spawn(async move {
            let Stopped::SignedOut = relayed.await;
            if let Some(session) = session.upgrade() {
                session.signed_out();
            }
        }));
    }

    pub fn address(&self) -> &Address {
        self.server.address()
    }

    pub fn is_signed_in(&self) -> bool {
        self.lock().token.is_some()
    }

    /// One API command on the server, answered as the server answered.
    pub async fn call(&self, command: &str, request: Value) -> Result<Value, Rejection> {
        let Some(token) = self.lock().token.clone() else {
            self.window.signed_out();
            return Err(self.signed_out_rejection());
        };
        let answer = self.server.call(&token, command, request).await;
        if let Err(refused) = &answer
            && refused.code() == Some(ErrorCode::Unauthorized)
        {
            self.signed_out();
        }
        answer
    }

    /// Who is signed in: as the server says now, or, when it does not answer soon, as it said
    /// last. None once signed out.
    pub async fn operator(&self) -> Option<Operator> {
        let token = self.lock().token.clone()?;
        match tokio::time::timeout(WHO_WAIT, self.server.operator(&token)).await {
            Ok(Ok(operator)) => {
                self.lock().operator = Some(operator.clone());
                Some(operator)
            }
            Ok(Err(refused)) if refused.code() == Some(ErrorCode::Unauthorized) => {
                self.signed_out();
                None
            }
            Ok(Err(_)) | Err(_) => self.lock().operator.clone(),
        }
    }

    /// Who signed in, as last known, without asking the server.
    pub fn last_operator(&self) -> Option<Operator> {
        self.lock().operator.clone()
    }

    /// Stops relaying (the window is closing or goes solo); the session stays valid.
    pub fn stop(&self) {
        if let Some(relay) = self.lock().relay.take() {
            relay.abort();
        }
    }

    /// Stops relaying and ends the session on the server if it answers; the keychain's entry
    /// is left alone (a new session for the same server has replaced it).
    pub async fn end(&self) {
        self.stop();
        let token = self.lock().token.take();
        if let Some(token) = token {
            self.server.sign_out(&token).await;
        }
    }

    /// Leaves the team: stops relaying, ends the session on the server if it answers, and
    /// forgets the token. Leaving always succeeds: a keychain that fails is only logged (the
    /// token it keeps was signed out, or will expire).
    pub async fn leave(&self) {
        self.end().await;
        let address = self.address().clone();
        match tokio::task::spawn_blocking(move || keychain::forget(&address)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!("could not forget the session in the keychain: {e}"),
            Err(e) => tracing::warn!("could not forget the session in the keychain: {e}"),
        }
    }

    /// The server refused the token: stop using it, forget it, tell the window.
    fn signed_out(&self) {
        let had = {
            let mut state = self.lock();
            if let Some(relay) = state.relay.take() {
                relay.abort();
            }
            state.token.take().is_some()
        };
        if had {
            tracing::info!("{} no longer takes this window's session", self.address());
            let address = self.address().clone();
            // Off the async threads: the keychain answers over D-Bus.
            drop(tokio::task::spawn_blocking(move || {
                if let Err(e) = keychain::forget(&address) {
                    tracing::warn!("could not forget the refused session in the keychain: {e}");
                }
            }));
        }
        self.window.signed_out();
    }

    fn signed_out_rejection(&self) -> Rejection {
        Rejection::new(
            ErrorCode::Unauthorized,
            said::SIGNED_OUT.with("server", self.address()),
        )
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}
