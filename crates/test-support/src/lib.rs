//! What Switchboard's tests share, so that each test says only what it is about.
//!
//! - [`TestApp`]: an [`Engine`](switchboard_core::Engine) on a database in a temp directory,
//!   with a [`TestHost`] (in-memory secrets a test can break, recorded events and
//!   notifications, a [`ManualClock`]) and a [`FakeConnector`] whose [`FakeGateway`]s answer
//!   from a script. [`TestApp::another_process`] opens a second engine on the same database,
//!   as `serve` and `switchboard send` do, and [`TestApp::kill`] makes one die mid-send.
//! - [`TestHost`] alone, for an engine on real gateways (a simulator): with
//!   [`ManualClock::running`], whose time is the wall clock's, and [`TestHost::also_emitting`]
//!   to feed a server's event stream.
//! - [`eventually`]: the one way to wait for something that happens on another task or
//!   process; [`Waiting`] for more patience or fewer looks, and [`Waiting::for_message`].
//! - [`events`]: what gateways report (a customer's text, a delivery status), for
//!   `Engine::ingest`.
//! - `devino` (feature `devino`): a Devino simulator and an account on it, for tests over real
//!   HTTP.
//! - [`webhook::request`]: what a fake gateway posts to `Engine::webhook`, in its own small
//!   format.
//!
//! Time is the manual clock's: a test moves it with [`TestApp::advance`] (or
//! [`ManualClock::advance`]) and never sleeps to let time pass.
//!
//! ```text
//! let app = TestApp::start().await;
//! let shop = app.add_account("Shop").await;
//! shop.gateway.script([Reply::retry_message("busy"), Reply::accepted("gw-1")]);
//! let m = app.send_text(shop.id, "+79000000001", "hello").await;
//! app.advance(Duration::from_secs(1));
//! eventually("the retry is sent", async || {
//!     let m = app.message(&m.id).await;
//!     (m.send_state == Some(SendState::Done)).then_some(m)
//! })
//! .await;
//! ```

mod app;
#[cfg(feature = "devino")]
pub mod devino;
pub mod events;
mod eventually;
mod gateway;
mod host;
pub mod webhook;

pub use app::{TestAccount, TestApp, TestAppBuilder, devino_account};
pub use eventually::{PATIENCE, Waiting, eventually};
pub use gateway::{FakeConnector, FakeGateway, Reply, text_only, with_read_receipts};
pub use host::{ManualClock, Recorder, TestHost, TestSecrets};
