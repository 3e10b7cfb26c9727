//! The desktop's switches between solo and a team server (what the window's `desktop_state`,
//! `choose_solo`, `connect_team` and `leave_team` do) with the real OS keychain: a private
//! D-Bus session with gnome-keyring's Secret Service, as a Linux desktop provides it. Needs
//! `dbus-run-session` and `gnome-keyring-daemon` (scripts/setup installs them).
//!
//! A test binary of its own (`harness = false`): started by `cargo test`, it runs itself again
//! inside such a session, where the scenarios below run, so they never touch the keychain of
//! whoever runs them. It prints cargo's result line either way.

// Shared with the team tests, which use more of them.
#[allow(dead_code)]
#[path = "../team/fake.rs"]
mod fake;
#[allow(dead_code)]
#[path = "../team/window.rs"]
mod window;

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::process::{Command, ExitCode, Stdio};

use switchboard_desktop::mode::{Mode, ModeFile, Saved};
use switchboard_desktop::notify::Focus;
use switchboard_desktop::shell::Shell;
use switchboard_desktop::team::address::Address;
use switchboard_desktop::team::keychain;

use fake::Fake;

/// Set for the run inside the private session.
const INSIDE: &str = "SWITCHBOARD_TEST_PRIVATE_KEYCHAIN";

type Scenario = fn() -> Pin<Box<dyn Future<Output = ()> + Send>>;

const SCENARIOS: &[(&str, Scenario)] = &[
    (
        "the_session_survives_a_restart_in_the_keychain_and_leaving_forgets_it",
        || Box::pin(the_session_survives_a_restart_in_the_keychain_and_leaving_forgets_it()),
    ),
    (
        "choosing_solo_starts_the_inbox_here_and_remembers_it",
        || Box::pin(choosing_solo_starts_the_inbox_here_and_remembers_it()),
    ),
];

fn main() -> ExitCode {
    if std::env::var_os(INSIDE).is_some() {
        inside()
    } else {
        in_a_private_keychain()
    }
}

/// Runs this binary again inside a private D-Bus session whose keychain is unlocked.
fn in_a_private_keychain() -> ExitCode {
    let failed = |why: String| {
        println!("{why}");
        println!("test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out");
        ExitCode::FAILURE
    };
    let Ok(home) = tempfile::tempdir() else {
        return failed("no temporary directory".to_owned());
    };
    let runtime = home.path().join("run");
    if let Err(e) = std::fs::create_dir_all(&runtime) {
        return failed(format!("{e}"));
    }
    #[cfg(unix)]
    if let Err(e) = std::fs::set_permissions(
        &runtime,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    ) {
        return failed(format!("{e}"));
    }
    let Ok(exe) = std::env::current_exe() else {
        return failed("this test cannot find its own binary".to_owned());
    };
    let out = Command::new("dbus-run-session")
        .args([
            "--",
            "sh",
            "-c",
            "printf unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || exit 90
             exec \"$TEST_EXE\"",
        ])
        .env("HOME", home.path())
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("TEST_EXE", &exe)
        .env(INSIDE, "1")
        .env_remove("SWITCHBOARD_DATA_DIR")
        .env_remove("SWITCHBOARD_SECRETS")
        .stdin(Stdio::null())
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            return failed(format!(
                "dbus-run-session must be installed (scripts/setup): {e}"
            ));
        }
    };
    print!("{}", String::from_utf8_lossy(&out.stdout));
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    match out.status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(90) => failed("gnome-keyring-daemon could not start".to_owned()),
        _ => ExitCode::FAILURE,
    }
}

/// Runs every scenario, each on its own runtime (a panic fails that one alone).
fn inside() -> ExitCode {
    println!("\nrunning {} tests", SCENARIOS.len());
    let mut failed = 0;
    for (name, scenario) in SCENARIOS {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build();
        let ok = match runtime {
            Ok(runtime) => runtime.block_on(runtime.spawn(scenario())).is_ok(),
            Err(e) => {
                eprintln!("no runtime: {e}");
                false
            }
        };
        println!("test {name} ... {}", if ok { "ok" } else { "FAILED" });
        failed += usize::from(!ok);
    }
    let status = if failed == 0 { "ok" } else { "FAILED" };
    println!(
        "\ntest result: {status}. {} passed; {failed} failed; 0 ignored; 0 measured; 0 filtered out\n",
        SCENARIOS.len() - failed
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn open(data_dir: &Path, saved: Saved) -> (Shell, window::Heard) {
    let (window, heard) = window::recorder();
    let forward =
        Box::new(|_: &switchboard_server::serve::Running| tauri::async_runtime::spawn(async {}));
    let shell = Shell::open(
        data_dir.to_owned(),
        Focus::default(),
        window,
        forward,
        saved,
    )
    .await
    .unwrap_or_else(|e| panic!("open: {e}"));
    (shell, heard)
}

async fn the_session_survives_a_restart_in_the_keychain_and_leaving_forgets_it() {
    let fake = Fake::start().await;
    fake.then_stream(fake::Stream::Chunks {
        chunks: vec![],
        hold: true,
    });
    fake.then_stream(fake::Stream::Chunks {
        chunks: vec![],
        hold: true,
    });
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (shell, mut heard) = open(data.path(), Saved::default()).await;
    assert_eq!(shell.state().await.mode, Mode::Unset);

    let typed = format!("{}/", fake.url());
    let wrong = shell.connect_team(&typed, "anna", "not the password").await;
    assert!(wrong.is_err(), "a wrong password changes nothing");
    assert_eq!(shell.state().await.mode, Mode::Unset);

    let operator = shell
        .connect_team(&typed, "anna", fake::PASSWORD)
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"));
    assert_eq!(operator.name, "Anna");
    let address = Address::parse(&fake.url()).unwrap_or_else(|e| panic!("{e}"));
    let kept = keychain::load(&address).unwrap_or_else(|e| panic!("keychain: {e}"));
    assert_eq!(
        kept.as_ref().map(|t| t.expose()),
        Some(fake::TOKEN),
        "the token is in the keychain"
    );
    let saved = ModeFile::new(data.path())
        .load()
        .unwrap_or_else(|| panic!("desktop.json"));
    assert_eq!(
        (saved.mode, saved.server.as_deref()),
        (Mode::Team, Some(fake.url().as_str()))
    );
    let file = std::fs::read_to_string(data.path().join("desktop.json")).unwrap_or_default();
    assert!(
        !file.contains(fake::TOKEN),
        "the token is kept in the keychain only: {file}"
    );
    heard
        .until(
            "the relay online",
            std::time::Duration::from_secs(10),
            window::online,
        )
        .await;
    shell.close().await;

    // The app starts again: the mode from desktop.json, the token from the keychain.
    let (again, mut heard) = open(data.path(), saved).await;
    let state = again.state().await;
    assert_eq!(state.mode, Mode::Team);
    assert_eq!(state.server.as_deref(), Some(fake.url().as_str()));
    assert_eq!(
        state.operator.map(|o| o.name).as_deref(),
        Some("Anna"),
        "signed in without asking"
    );
    heard
        .until(
            "the relay online again",
            std::time::Duration::from_secs(10),
            window::online,
        )
        .await;
    let streams = fake.seen("/api/events");
    assert_eq!(streams.len(), 2, "one stream per run");
    assert_eq!(
        streams[1].headers["authorization"],
        format!("Bearer {}", fake::TOKEN),
        "the second run used the token the keychain kept"
    );

    again
        .leave_team()
        .await
        .unwrap_or_else(|e| panic!("leave: {e}"));
    assert_eq!(
        fake.seen("/api/sign_out").len(),
        1,
        "the session is ended on the server"
    );
    assert!(
        keychain::load(&address)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_none(),
        "leaving forgets the token"
    );
    assert_eq!(again.state().await.mode, Mode::Unset);
    assert_eq!(
        ModeFile::new(data.path()).load().map(|s| s.mode),
        Some(Mode::Unset)
    );
}

async fn choosing_solo_starts_the_inbox_here_and_remembers_it() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data_dir = data.path().join("switchboard");
    let (shell, _heard) = open(&data_dir, Saved::default()).await;
    let state = shell.state().await;
    assert_eq!((state.mode, state.operator), (Mode::Unset, None));
    assert!(
        !switchboard_server::datadir::database(&data_dir).exists(),
        "nothing runs, nothing is created, until the user chooses"
    );
    shell
        .choose_solo()
        .await
        .unwrap_or_else(|e| panic!("solo: {e}"));
    let state = shell.state().await;
    assert_eq!(state.mode, Mode::Solo);
    assert!(state.operator.is_some(), "the solo operator");
    assert!(switchboard_server::datadir::database(&data_dir).exists());
    assert_eq!(
        ModeFile::new(&data_dir).load().map(|s| s.mode),
        Some(Mode::Solo)
    );
    shell
        .choose_solo()
        .await
        .unwrap_or_else(|e| panic!("choosing twice is fine: {e}"));
    shell.close().await;
}
