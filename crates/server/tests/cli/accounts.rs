//! `account add | list | remove | webhooks`, and where secrets go (and do not go).

use crate::harness::*;

const SECRET_A: &str = "s3cr3t-Alpha-5d81f0c2";
const SECRET_B: &str = "s3cr3t-Bravo-93ab17e4";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_keep_secrets_out_of_output_and_database() {
    let env = Env::new();
    let mut outputs = Vec::new();

    // --data-dir before the subcommand.
    let add_a = env.raw(
        &[
            "--data-dir",
            env.data_str(),
            "--secrets",
            "file",
            "account",
            "add",
            "Alpha",
            "--gateway",
            "devino",
            "--sender",
            "AlphaCo",
            "--base-url",
            "http://127.0.0.1:9",
            "--option",
            "region=eu",
        ],
        &format!("{SECRET_A}\n"),
    );
    assert!(add_a.success(), "{add_a:#?}");
    assert!(add_a.stdout.contains("Alpha"), "{add_a:#?}");
    outputs.push(add_a);

    // --data-dir (and --secrets) after the subcommand.
    let add_b = env.raw(
        &[
            "account",
            "add",
            "Bravo",
            "--gateway",
            "devino",
            "--sender",
            "BravoCo",
            "--data-dir",
            env.data_str(),
            "--secrets",
            "file",
        ],
        SECRET_B,
    );
    assert!(add_b.success(), "{add_b:#?}");
    outputs.push(add_b);
    assert!(
        !env.root.path().join("home").exists() && !env.root.path().join("xdg").exists(),
        "nothing may be written outside --data-dir"
    );

    let list = env.cli(&["account", "list", "--json"]).ok();
    let accounts = list.json();
    let accounts = accounts.as_array().expect("array").clone();
    outputs.push(list);
    let names: Vec<&str> = accounts.iter().filter_map(|a| a["name"].as_str()).collect();
    assert_eq!(names.len(), 2, "{accounts:#?}");
    assert!(names.contains(&"Alpha") && names.contains(&"Bravo"));
    let alpha = accounts.iter().find(|a| a["name"] == "Alpha").unwrap();
    assert_eq!(alpha["gateway"], "devino");
    assert_eq!(alpha["sender"], "AlphaCo");
    assert_eq!(alpha["base_url"], "http://127.0.0.1:9");
    assert_eq!(alpha["sandbox"], false);
    assert_eq!(alpha["options"]["region"], "eu");
    let bravo = accounts.iter().find(|a| a["name"] == "Bravo").unwrap();
    assert_eq!(
        bravo["base_url"], "https://api.devino.online",
        "the documented address by default"
    );

    // A duplicate name is refused, clearly, and does not replace the stored secret.
    let dup = env.cli_stdin(
        &[
            "account",
            "add",
            "Alpha",
            "--gateway",
            "devino",
            "--sender",
            "Other",
        ],
        "another-secret-value",
    );
    assert!(!dup.success(), "{dup:#?}");
    assert!(
        dup.stderr.contains("already exists") && dup.stderr.contains("Alpha"),
        "{dup:#?}"
    );
    outputs.push(dup);

    // An unknown gateway is a usage error (clap's exit code 2) naming the known ones.
    let unknown = env.cli_stdin(
        &[
            "account",
            "add",
            "Charlie",
            "--gateway",
            "carrier-pigeon",
            "--sender",
            "X",
        ],
        "whatever",
    );
    assert_eq!(unknown.code, Some(2), "{unknown:#?}");
    assert!(
        unknown.stderr.contains("unknown gateway") && unknown.stderr.contains("devino"),
        "{unknown:#?}"
    );

    // Webhook URLs need the address serve learns.
    let early = env.cli(&["account", "webhooks", "Alpha", "--json"]);
    assert!(!early.success(), "{early:#?}");
    assert!(early.stderr.contains("switchboard serve"), "{early:#?}");

    // The secrets live in secrets.json (0600), and nowhere else.
    let secrets_file = env.data.join("secrets.json");
    let secrets = std::fs::read_to_string(&secrets_file).expect("secrets.json");
    assert!(secrets.contains(SECRET_A) && secrets.contains(SECRET_B));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secrets_file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "secrets.json mode {mode:o}");
    }

    {
        let mut serve = env.serve(&[]);
        let printed = wait_for("serve to print its Open URL", || {
            let printed = serve.printed();
            printed.contains("Open:").then_some(printed)
        })
        .await;
        // Browsers sign in: no credential is put in a URL, nor printed for one.
        assert!(
            !printed.contains("?token=") && !printed.contains(&serve.token()),
            "{printed}"
        );
        // While serve runs, and after it stopped: the callback base is stored.
        let hooks = env.json(&["account", "webhooks", "Alpha", "--json"]);
        assert_eq!(hooks.as_array().map(Vec::len), Some(2), "{hooks:#}");
        serve.kill();
        let log = serve.log();
        assert!(!log.contains(SECRET_A) && !log.contains(SECRET_B), "{log}");
    }
    let hooks = env.cli(&["account", "webhooks", "Alpha", "--json"]).ok();
    let urls = hooks.json();
    outputs.push(hooks);
    for kind in ["status", "incoming"] {
        let url = urls
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["kind"] == kind)
            .and_then(|w| w["url"].as_str())
            .unwrap_or_else(|| panic!("no {kind} URL in {urls:#}"));
        assert!(
            url.starts_with("http://127.0.0.1:")
                && url.contains("/hooks/")
                && url.ends_with(&format!("/{kind}")),
            "{url}"
        );
    }

    for out in &outputs {
        for secret in [SECRET_A, SECRET_B] {
            assert!(
                !out.stdout.contains(secret) && !out.stderr.contains(secret),
                "a secret was printed: {out:#?}"
            );
        }
    }
    for (path, bytes) in files_text(&env.data, &["secrets.json"]) {
        for secret in [SECRET_A, SECRET_B] {
            assert!(
                !contains_bytes(&bytes, secret),
                "the secret is in {}",
                path.display()
            );
        }
    }

    // Removing an account removes its secret too.
    let removed = env.cli(&["account", "remove", "Alpha"]).ok();
    assert!(removed.stdout.contains("Alpha"), "{removed:#?}");
    let left = env.json(&["account", "list", "--json"]);
    let left: Vec<&str> = left
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(left, vec!["Bravo"]);
    let secrets = std::fs::read_to_string(&secrets_file).expect("secrets.json");
    assert!(!secrets.contains(SECRET_A), "{secrets}");
    assert!(secrets.contains(SECRET_B), "{secrets}");
    let again = env.cli(&["account", "remove", "Alpha"]);
    assert!(
        !again.success() && again.stderr.contains("no account named 'Alpha'"),
        "{again:#?}"
    );
}

/// Each gateway's account asks for what its gateway needs (`GatewayKind::fields`): a missing
/// piece is named, and nothing is added until it is given.
#[test]
fn each_gateway_is_added_with_the_settings_it_needs() {
    let env = Env::new();
    let add_with = |args: &[&str], secret: &str| {
        let mut all = vec!["account", "add"];
        all.extend_from_slice(args);
        env.cli_stdin(&all, &format!("{secret}\n"))
    };
    let add = |args: &[&str]| add_with(args, "a-secret");

    let rapporto = |settings: &[&str]| {
        let mut all = vec!["R", "--gateway", "rapporto", "--sender", "Shop"];
        all.extend_from_slice(settings);
        add(&all)
    };
    let no_login = rapporto(&["--base-url", "http://127.0.0.1:9"]);
    assert!(!no_login.success(), "{no_login:#?}");
    assert!(
        no_login.stderr.contains("login"),
        "the missing option is named: {no_login:#?}"
    );
    let no_url = rapporto(&["--option", "login=me"]);
    assert!(!no_url.success(), "{no_url:#?}");
    assert!(
        no_url.stderr.contains("API URL"),
        "Rapporto has no default address: {no_url:#?}"
    );
    rapporto(&["--base-url", "http://127.0.0.1:9", "--option", "login=me"]).ok();

    // The phone calls us: no address is asked for, and one given is not kept. Its token is
    // ours to choose, so a guessable one is refused.
    let phone = [
        "Phone",
        "--gateway",
        "phone_bridge",
        "--sender",
        "+7 900 000-00-01",
    ];
    let weak = add_with(&phone, "a-secret");
    assert!(!weak.success(), "a short phone token is refused: {weak:#?}");
    add_with(&phone, "Vq3-phone-8Zt1kW0x-Lm4uR9sE2yD7cH5nB").ok();
    // Every other gateway has its documented address.
    for (name, kind) in [
        ("D", "devino"),
        ("DT", "decision_telecom"),
        ("W", "wamm"),
        ("M", "meta_cloud"),
    ] {
        add(&[name, "--gateway", kind, "--sender", "123456"]).ok();
    }
    let accounts = env.json(&["account", "list", "--json"]);
    let url = |name: &str| {
        accounts
            .as_array()
            .and_then(|a| a.iter().find(|x| x["name"] == name))
            .map(|a| a["base_url"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_else(|| panic!("{name} was added: {accounts:#}"))
    };
    assert_eq!(url("Phone"), "");
    assert_eq!(url("D"), "https://api.devino.online");
    assert_eq!(url("W"), "https://wamm.chat/api2");
    assert_eq!(url("R"), "http://127.0.0.1:9");
    assert_eq!(
        accounts.as_array().map(Vec::len),
        Some(6),
        "nothing half-added: {accounts:#}"
    );
}

/// A secret typed at a terminal is not echoed: it is on no screen, in no scrollback, in no
/// recording of the session. (`script` gives the command a terminal; skipped without it.)
#[cfg(target_os = "linux")]
#[test]
fn a_secret_typed_at_a_terminal_is_not_shown() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    use std::time::Duration;

    const TYPED: &str = "typed-s3cret-4b1d9e";
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: script(1) is not installed");
        return;
    }
    let env = Env::new();
    let line = format!(
        "{BIN} --data-dir {} --secrets file account add Shop --gateway devino --sender Shop",
        env.data_str()
    );
    let mut session = Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_remove("SWITCHBOARD_DATA_DIR")
        .env_remove("SWITCHBOARD_SECRETS")
        .env("HOME", env.root.path().join("home"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script runs");
    let mut screen = session.stdout.take().expect("its output");
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 1024];
        while let Ok(n) = screen.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut shown = Vec::new();
    while !String::from_utf8_lossy(&shown).contains("not shown") {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(bytes) => shown.extend(bytes),
            Err(e) => panic!("no prompt ({e}): {}", String::from_utf8_lossy(&shown)),
        }
    }
    // The prompt is written just before echo is turned off.
    std::thread::sleep(Duration::from_millis(500));
    let mut keyboard = session.stdin.take().expect("its input");
    keyboard
        .write_all(format!("{TYPED}\r").as_bytes())
        .expect("typed");
    let status = session.wait().expect("the session ends");
    drop(keyboard);
    let _ = reader.join();
    shown.extend(rx.try_iter().flatten());
    let shown = String::from_utf8_lossy(&shown);
    assert!(status.success(), "{shown}");
    assert!(shown.contains("added account 'Shop'"), "{shown}");
    assert!(
        !shown.contains(TYPED),
        "the secret was echoed to the terminal: {shown}"
    );
    let kept = std::fs::read_to_string(env.data.join("secrets.json")).expect("secrets.json");
    assert!(kept.contains(TYPED), "it was read all the same");
}
