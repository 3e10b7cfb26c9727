//! The desktop app: a thin host around the same start-up as `switchboard serve`, or a client
//! of a team's server.
//!
//! In solo mode ([`solo`]) it starts the engine, webhook server, outbox and sandbox on the data
//! directory; in team mode ([`team`]) the window's commands and live events go to a team
//! server instead, and nothing of the inbox runs here. Which one is the user's choice
//! ([`mode`]), made in the window; [`shell`] switches between them. The window reaches either
//! through the same IPC commands ([`ipc`]). The desktop supplies the OS keychain ([`secrets`],
//! and the team session's token) and notifications ([`notify`]). No business logic lives here.

mod ipc;
pub mod mode;
pub mod notify;
pub mod rejection;
pub mod said;
mod secrets;
pub mod shell;
mod solo;
pub mod team;

use std::process::ExitCode;

use tauri::{Manager, RunEvent, WindowEvent};

pub fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tao=warn,wry=warn".into()),
        )
        .init();
    let focus = notify::Focus::default();
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![
            ipc::api,
            ipc::desktop_state,
            ipc::choose_solo,
            ipc::connect_team,
            ipc::leave_team
        ])
        .on_window_event({
            let focus = focus.clone();
            move |window, event| {
                if window.label() == "main"
                    && let WindowEvent::Focused(focused) = event
                {
                    focus.set(*focused);
                }
            }
        })
        .setup(move |app| {
            let data_dir = solo::data_dir();
            let forced = std::env::var("SWITCHBOARD_MODE").ok();
            let saved = mode::at_start(
                forced.as_deref(),
                mode::ModeFile::new(&data_dir).load(),
                solo::has_database(&data_dir),
            )?;
            let handle = app.handle().clone();
            let forward = Box::new(move |running: &switchboard_server::serve::Running| {
                ipc::forward_events(handle.clone(), running.events.subscribe())
            });
            let window = ipc::window(app.handle(), focus.clone());
            let shell = tauri::async_runtime::block_on(shell::Shell::open(
                data_dir, focus, window, forward, saved,
            ))?;
            app.manage(shell);
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            tracing::error!("Switchboard could not start: {e}");
            eprintln!("Switchboard could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    app.run(|app, event| {
        if let RunEvent::Exit = event
            && let Some(shell) = app.try_state::<shell::Shell>()
        {
            tauri::async_runtime::block_on(shell.close());
        }
    });
    ExitCode::SUCCESS
}
