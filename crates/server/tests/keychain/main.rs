//! Gateway secrets in the real OS keychain: a private D-Bus session with gnome-keyring's Secret
//! Service, the way a Linux desktop provides it. Needs `dbus-run-session` and
//! `gnome-keyring-daemon` (scripts/setup installs them).

use std::process::{Command, Output, Stdio};

use switchboard_test_support::devino;

/// The Devino key, kept in the keychain: the simulator takes only this one.
const SECRET: &str = devino::KEY;

fn switchboard() -> &'static str {
    env!("CARGO_BIN_EXE_switchboard")
}

/// Runs `script` (sh) inside a fresh D-Bus session whose keychain is unlocked.
fn in_keychain_session(home: &std::path::Path, script: &str) -> Output {
    let runtime = home.join("run");
    std::fs::create_dir_all(&runtime).expect("runtime dir");
    #[cfg(unix)]
    std::fs::set_permissions(
        &runtime,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .expect("chmod");
    let wrapped = format!(
        "printf unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || exit 90\n{script}"
    );
    Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &wrapped])
        .env("HOME", home)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("SB", switchboard())
        .env("SECRET", SECRET)
        .stdin(Stdio::null())
        .output()
        .expect("dbus-run-session must be installed (scripts/setup)")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secret_lives_in_the_keychain_and_sending_uses_it() {
    let sim = devino::simulator(std::time::Duration::from_millis(20)).await;
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("switchboard");
    let script = format!(
        r#"set -e
printf '%s\n' "$SECRET" | "$SB" --data-dir '{data}' account add Shop --gateway devino --sender {sender} --base-url '{base}'
"$SB" --data-dir '{data}' send --account Shop --to +79030000001 --text 'from the keychain' --json"#,
        data = data.display(),
        base = sim.base_url(),
        sender = devino::SENDER,
    );
    let out = tokio::task::spawn_blocking({
        let home = home.path().to_owned();
        move || in_keychain_session(&home, &script)
    })
    .await
    .expect("session");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(
        out.status.code(),
        Some(90),
        "gnome-keyring-daemon could not start: {stderr}"
    );
    assert!(
        out.status.success(),
        "adding and sending through the keychain failed:\n{stdout}\n{stderr}"
    );
    let json_start = stdout.find('{').expect("send printed JSON");
    let message: serde_json::Value =
        serde_json::from_str(&stdout[json_start..]).expect("message JSON");
    assert_eq!(
        message["status"], "sent",
        "the adapter must have read the key back from the keychain: {message}"
    );
    assert_eq!(
        sim.sent().len(),
        1,
        "the simulator accepted the message once, with the right key"
    );

    let db = std::fs::read(data.join("switchboard.sqlite3")).expect("database");
    let wal = std::fs::read(data.join("switchboard.sqlite3-wal")).unwrap_or_default();
    let leaked = |bytes: &[u8]| bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes());
    assert!(
        !leaked(&db) && !leaked(&wal),
        "the secret must never be written to SQLite"
    );
    assert!(
        !data.join("secrets.json").exists(),
        "the keychain was asked for, not the secrets file"
    );
    assert!(
        !stdout.contains(SECRET) && !stderr.contains(SECRET),
        "the secret must never be printed"
    );
}

#[test]
fn without_a_keychain_the_error_names_the_alternative_and_nothing_is_left_behind() {
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("switchboard");
    let run = |args: &[&str], stdin: &str| {
        let mut child = Command::new(switchboard())
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .env("HOME", home.path())
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}/no-bus", home.path().display()),
            )
            .env_remove("XDG_RUNTIME_DIR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write");
        child.wait_with_output().expect("wait")
    };
    let add_shop = |secrets: &[&str]| {
        let mut args = secrets.to_vec();
        args.extend([
            "account",
            "add",
            "Shop",
            "--gateway",
            "devino",
            "--sender",
            "Shop",
        ]);
        run(&args, SECRET)
    };
    let out = add_shop(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "with no keychain reachable, adding an account must fail"
    );
    assert!(
        stderr.contains("--secrets file"),
        "the error must name the explicit alternative: {stderr}"
    );
    assert!(
        !stderr.contains(SECRET),
        "the secret must not appear in the error"
    );

    let listed = run(&["account", "list", "--json"], "");
    let accounts: serde_json::Value =
        serde_json::from_slice(&listed.stdout).expect("account list JSON");
    assert_eq!(
        accounts,
        serde_json::json!([]),
        "a failed add must not leave a secretless account behind"
    );

    let out = add_shop(&["--secrets", "file"]);
    assert!(
        out.status.success(),
        "the file alternative works: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = data.join("secrets.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .expect("secrets.json")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "only the user may read the secrets file");
    }
}
