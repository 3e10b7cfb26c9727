//! The desktop app: a thin host around the same start-up as `switchboard serve`.
//!
//! It starts the engine, webhook server, outbox and sandbox on the data directory, serves the
//! one API over IPC ([`ipc`]), forwards live events to the window, and supplies the desktop's
//! capabilities: the OS keychain ([`secrets`]) and notifications ([`notify`]). No business
//! logic lives here.

mod ipc;
mod notify;
mod secrets;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use switchboard_server::serve::{self, Running, ServeOptions};
use tauri::{Manager, RunEvent, WindowEvent};
use tokio::net::TcpListener;

/// Where the webhook server (and the API for a browser) listens unless `SWITCHBOARD_LISTEN` says
/// otherwise; when it is taken (a `switchboard serve` is running), any free local port is used.
const DEFAULT_LISTEN: &str = "127.0.0.1:8765";

/// What the window's commands reach.
struct Shell {
    running: Mutex<Option<Running>>,
}

pub fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tao=warn,wry=warn".into()),
        )
        .init();
    let focus = notify::Focus::default();
    let app = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ipc::api])
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
            let running = tauri::async_runtime::block_on(start(focus))?;
            ipc::forward_events(app.handle().clone(), running.events.subscribe());
            app.manage(ipc::Api(running.engine.clone()));
            app.manage(Shell {
                running: Mutex::new(Some(running)),
            });
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
        if let RunEvent::Exit = event {
            let running = app
                .try_state::<Shell>()
                .and_then(|s| s.running.lock().unwrap_or_else(|p| p.into_inner()).take());
            if let Some(running) = running
                && let Err(e) = tauri::async_runtime::block_on(running.shutdown())
            {
                tracing::warn!("shutting down: {e}");
            }
        }
    });
    ExitCode::SUCCESS
}

async fn start(focus: notify::Focus) -> Result<Running, String> {
    let data_dir = data_dir();
    let secrets = secrets::choose(&data_dir);
    let listener = listen().await?;
    let running = serve::start_on(
        &data_dir,
        secrets,
        Arc::new(notify::Desktop::new(focus)),
        listener,
        ServeOptions {
            listen: DEFAULT_LISTEN.parse().map_err(|e| format!("{e}"))?,
            sandbox: std::env::var_os("SWITCHBOARD_SANDBOX").is_some_and(|v| v == "1"),
            // SWITCHBOARD_SANDBOX_GATEWAY=wamm (say) simulates another gateway; a wrong name
            // is said at start-up rather than silently replaced.
            sandbox_gateway: match std::env::var("SWITCHBOARD_SANDBOX_GATEWAY") {
                Ok(kind) => switchboard_server::sandbox::parse_kind(&kind)?,
                Err(_) => switchboard_core::account::GatewayKind::Devino,
            },
            public_url: std::env::var("SWITCHBOARD_PUBLIC_URL").ok(),
        },
    )
    .await?;
    tracing::info!(
        "Switchboard on {}; webhooks and the browser API at http://{}",
        data_dir.display(),
        running.local_addr
    );
    Ok(running)
}

/// `SWITCHBOARD_DATA_DIR`, else the same OS data directory the `switchboard` command uses, so
/// the CLI and the window see one inbox.
fn data_dir() -> PathBuf {
    match std::env::var_os("SWITCHBOARD_DATA_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => switchboard_server::datadir::default_dir(),
    }
}

async fn listen() -> Result<TcpListener, String> {
    let wanted = std::env::var("SWITCHBOARD_LISTEN").ok();
    let addr: SocketAddr = wanted
        .as_deref()
        .unwrap_or(DEFAULT_LISTEN)
        .parse()
        .map_err(|e| format!("SWITCHBOARD_LISTEN: {e}"))?;
    match TcpListener::bind(addr).await {
        Ok(l) => Ok(l),
        // The default port is only a preference; an address the user asked for is not.
        Err(e) if wanted.is_none() => {
            tracing::warn!("{addr} is taken ({e}); listening on another local port");
            TcpListener::bind((addr.ip(), 0))
                .await
                .map_err(|e| format!("cannot listen on {}: {e}", addr.ip()))
        }
        Err(e) => Err(format!("cannot listen on {addr}: {e}")),
    }
}
