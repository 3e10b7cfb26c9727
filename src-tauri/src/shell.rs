//! Which inbox the window's commands reach — none yet, the engine on this computer, or a team
//! server — and the switches between them that the window asks for.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use switchboard_core::operator::Operator;
use switchboard_core::{ApiError, Engine, ErrorCode};
use switchboard_server::serve::Running;
use tauri::async_runtime::JoinHandle;

use crate::mode::{DesktopState, Mode, ModeFile, Saved};
use crate::rejection::Rejection;
use crate::team::address::Address;
use crate::team::relay::Timing;
use crate::team::server::Server;
use crate::team::session::Session;
use crate::team::{Window, keychain};
use crate::{notify, said, solo};

/// What answers the window now. Cloned out of the lock before any await.
#[derive(Clone)]
pub enum Inbox {
    Unset,
    Solo(Arc<Engine>),
    Team(Arc<Session>),
}

/// Starts forwarding the solo engine's events to the window (the caller knows the window).
pub type ForwardEvents = Box<dyn Fn(&Running) -> JoinHandle<()> + Send + Sync>;

pub struct Shell {
    data_dir: PathBuf,
    focus: notify::Focus,
    window: Arc<dyn Window>,
    forward: ForwardEvents,
    file: ModeFile,
    inbox: RwLock<Inbox>,
    /// One switch at a time: two clicks on "connect" must not start two relays.
    switching: tokio::sync::Mutex<()>,
    solo: Mutex<Option<Solo>>,
}

/// The engine on this computer, while it runs.
struct Solo {
    running: Running,
    forwarding: JoinHandle<()>,
}

impl Shell {
    /// Opens the inbox `saved` names: starts the engine, or resumes the team session the
    /// keychain kept.
    pub async fn open(
        data_dir: PathBuf,
        focus: notify::Focus,
        window: Arc<dyn Window>,
        forward: ForwardEvents,
        saved: Saved,
    ) -> Result<Self, String> {
        let shell = Self {
            file: ModeFile::new(&data_dir),
            data_dir,
            focus,
            window,
            forward,
            inbox: RwLock::new(Inbox::Unset),
            switching: tokio::sync::Mutex::new(()),
            solo: Mutex::new(None),
        };
        match saved.mode {
            Mode::Unset => tracing::info!("no inbox chosen yet: the window asks"),
            Mode::Solo => shell.start_solo().await?,
            Mode::Team => match saved.server.as_deref().map(Address::parse) {
                Some(Ok(address)) => shell.resume_team(address, saved.operator).await?,
                _ => tracing::error!(
                    "{} says team mode but names no usable server; asking again",
                    shell.file.path().display()
                ),
            },
        }
        Ok(shell)
    }

    pub fn inbox(&self) -> Inbox {
        self.inbox.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn set(&self, inbox: Inbox) {
        *self.inbox.write().unwrap_or_else(|p| p.into_inner()) = inbox;
    }

    pub async fn state(&self) -> DesktopState {
        match self.inbox() {
            Inbox::Unset => DesktopState {
                mode: Mode::Unset,
                server: None,
                operator: None,
            },
            Inbox::Solo(_) => DesktopState {
                mode: Mode::Solo,
                server: None,
                operator: Some(switchboard_core::access::Caller::local().operator),
            },
            Inbox::Team(session) => DesktopState {
                mode: Mode::Team,
                server: Some(session.address().to_string()),
                operator: session.operator().await,
            },
        }
    }

    /// Starts the inbox on this computer, and keeps the choice.
    pub async fn choose_solo(&self) -> Result<(), Rejection> {
        let _one = self.switching.lock().await;
        match self.inbox() {
            Inbox::Solo(_) => return Ok(()),
            Inbox::Team(session) => {
                return Err(Rejection::new(
                    ErrorCode::Conflict,
                    said::TEAM_CONNECTED.with("server", session.address()),
                ));
            }
            Inbox::Unset => {}
        }
        self.start_solo().await.map_err(|detail| {
            Rejection::new(
                ErrorCode::Internal,
                said::SOLO_FAILED.with("detail", detail),
            )
        })?;
        // Not fatal: the database now exists, which alone makes the next start solo.
        if let Err(e) = self.save(Mode::Solo, None, None) {
            tracing::warn!("{e}");
        }
        Ok(())
    }

    /// Signs in to a team server and makes the window its client. Until the server accepts,
    /// nothing changes: a wrong password leaves the window as it was.
    pub async fn connect_team(
        &self,
        server: &str,
        login: &str,
        password: &str,
    ) -> Result<Operator, Rejection> {
        let address = Address::parse(server)
            .map_err(|phrase| Rejection::new(ErrorCode::BadRequest, phrase))?;
        let _one = self.switching.lock().await;
        let session = Session::sign_in(
            Server::new(address.clone())?,
            login,
            password,
            self.window.clone(),
            Timing::default(),
        )
        .await?;
        match self.inbox() {
            Inbox::Team(old) if *old.address() == address => old.end().await,
            Inbox::Team(old) => old.leave().await,
            Inbox::Solo(_) => self.stop_solo().await,
            Inbox::Unset => {}
        }
        let operator = session.last_operator();
        if let Err(e) = self.save(Mode::Team, Some(&address), operator.clone()) {
            // The window works now; the next start asks again.
            tracing::warn!("{e}");
        }
        session.start();
        self.set(Inbox::Team(session));
        operator.ok_or_else(|| ApiError::internal("the server named no operator").into())
    }

    /// Leaves the team server (signing out there if it answers); the window asks again.
    pub async fn leave_team(&self) -> Result<(), Rejection> {
        let _one = self.switching.lock().await;
        let Inbox::Team(session) = self.inbox() else {
            return Ok(());
        };
        session.leave().await;
        self.set(Inbox::Unset);
        self.save(Mode::Unset, None, None)
    }

    /// The window is closing: stops the engine, or the relay.
    pub async fn close(&self) {
        match self.inbox() {
            Inbox::Team(session) => session.stop(),
            Inbox::Solo(_) => self.stop_solo().await,
            Inbox::Unset => {}
        }
    }

    async fn start_solo(&self) -> Result<(), String> {
        let running = solo::start(&self.data_dir, self.focus.clone()).await?;
        let forwarding = (self.forward)(&running);
        self.set(Inbox::Solo(running.engine.clone()));
        *self.solo.lock().unwrap_or_else(|p| p.into_inner()) = Some(Solo {
            running,
            forwarding,
        });
        Ok(())
    }

    async fn stop_solo(&self) {
        self.set(Inbox::Unset);
        let solo = self.solo.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(Solo {
            running,
            forwarding,
        }) = solo
        {
            forwarding.abort();
            if let Err(e) = running.shutdown().await {
                tracing::warn!("shutting down: {e}");
            }
        }
    }

    async fn resume_team(
        &self,
        address: Address,
        operator: Option<Operator>,
    ) -> Result<(), String> {
        let token = tokio::task::spawn_blocking({
            let address = address.clone();
            move || keychain::load(&address)
        })
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_else(|e| {
            // Signed out, as far as this run can tell: the window offers to sign in again.
            tracing::error!("the OS keychain did not give the session for {address}: {e}");
            None
        });
        let server = Server::new(address).map_err(|e| e.to_string())?;
        let session = Session::resume(
            server,
            token,
            operator,
            self.window.clone(),
            Timing::default(),
        );
        if session.is_signed_in() {
            session.start();
        }
        self.set(Inbox::Team(session));
        Ok(())
    }

    fn save(
        &self,
        mode: Mode,
        server: Option<&Address>,
        operator: Option<Operator>,
    ) -> Result<(), Rejection> {
        let saved = Saved {
            mode,
            server: server.map(ToString::to_string),
            operator,
        };
        self.file.save(&saved).map_err(|e| {
            Rejection::new(
                ErrorCode::Internal,
                said::NOT_SAVED
                    .with("path", self.file.path().display())
                    .arg("detail", e),
            )
        })
    }
}
