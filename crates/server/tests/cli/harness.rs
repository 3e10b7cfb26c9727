//! Drives the real `switchboard` executable: one-shot commands, `serve` children killed on drop,
//! a Devino simulator in the test process, and bounded polling.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use switchboard_simulator::DevinoHandle;
use switchboard_test_support::Waiting;
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_switchboard");
/// How long these tests wait for something to happen, and how often they look: a look may run
/// the executable, and a child `serve` may be slow to start on a busy machine.
pub const PATIENCE: Waiting = Waiting {
    patience: Duration::from_secs(20),
    every: Duration::from_millis(150),
};
/// The longest a one-shot command may run.
const COMMAND_LIMIT: Duration = Duration::from_secs(60);

/// The Devino simulator these tests talk to, its key and its sender.
pub use switchboard_test_support::devino::{KEY as SIM_KEY, SENDER, simulator};

/// Runs blocking work (child processes, polling) without starving the test's runtime, whose
/// other threads serve the simulator.
pub fn blocking<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
}

/// Waits for `check`, a look that blocks (it runs the executable or reads the database), to
/// give a value.
pub async fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    PATIENCE.until(what, async || blocking(&mut check)).await
}

/// What a finished command said.
#[derive(Debug)]
pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    #[track_caller]
    pub fn ok(self) -> Self {
        assert!(self.success(), "command failed: {self:#?}");
        self
    }

    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }
}

/// A fresh data directory (inside a temp dir that also holds HOME and the logs).
pub struct Env {
    pub root: TempDir,
    pub data: PathBuf,
    serves: AtomicUsize,
}

impl Env {
    pub fn new() -> Self {
        let root = tempfile::tempdir().expect("temp dir");
        let data = root.path().join("data");
        Self {
            root,
            data,
            serves: AtomicUsize::new(0),
        }
    }

    /// The executable with a clean environment: nothing from the developer's shell or home.
    pub fn command(&self) -> Command {
        let mut c = Command::new(BIN);
        c.env_remove("SWITCHBOARD_DATA_DIR")
            .env_remove("SWITCHBOARD_SECRETS")
            .env_remove("SWITCHBOARD_LOG")
            // `serve`'s options from the environment (the server package's configuration).
            .env_remove("SWITCHBOARD_LISTEN")
            .env_remove("SWITCHBOARD_TLS_CERT")
            .env_remove("SWITCHBOARD_TLS_KEY")
            .env_remove("SWITCHBOARD_BEHIND_PROXY")
            .env_remove("SWITCHBOARD_PUBLIC_LISTEN")
            .env_remove("SWITCHBOARD_ALLOW_HOSTS")
            .env_remove("SWITCHBOARD_PUBLIC_URL")
            .env("HOME", self.root.path().join("home"))
            .env("XDG_DATA_HOME", self.root.path().join("xdg"));
        c
    }

    /// `switchboard --data-dir DATA --secrets file ARGS...`
    pub fn cli(&self, args: &[&str]) -> Out {
        self.cli_stdin(args, "")
    }

    pub fn cli_stdin(&self, args: &[&str], stdin: &str) -> Out {
        let mut all = vec!["--data-dir", self.data_str(), "--secrets", "file"];
        all.extend_from_slice(args);
        self.raw(&all, stdin)
    }

    /// The executable with exactly these arguments.
    pub fn raw(&self, args: &[&str], stdin: &str) -> Out {
        let mut cmd = self.command();
        cmd.args(args);
        let stdin = stdin.to_owned();
        blocking(move || run(cmd, &stdin))
    }

    pub fn data_str(&self) -> &str {
        self.data.to_str().expect("utf-8 path")
    }

    pub fn db_path(&self) -> PathBuf {
        self.data.join("switchboard.sqlite3")
    }

    /// A read-only look at the database (WAL lets it run beside `serve`).
    pub fn db(&self) -> rusqlite::Connection {
        let c = rusqlite::Connection::open_with_flags(
            self.db_path(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("open the database");
        c.busy_timeout(Duration::from_secs(10)).expect("timeout");
        c
    }

    pub fn json(&self, args: &[&str]) -> Value {
        self.cli(args).ok().json()
    }

    /// Adds a Devino account whose secret is `secret` (read from stdin).
    #[track_caller]
    pub fn add_devino(&self, name: &str, base_url: &str, sender: &str, secret: &str) {
        self.cli_stdin(
            &[
                "account",
                "add",
                name,
                "--gateway",
                "devino",
                "--sender",
                sender,
                "--base-url",
                base_url,
            ],
            &format!("{secret}\n"),
        )
        .ok();
    }

    pub fn account_id(&self, name: &str) -> i64 {
        let accounts = self.json(&["account", "list", "--json"]);
        accounts
            .as_array()
            .expect("array")
            .iter()
            .find(|a| a["name"] == name)
            .and_then(|a| a["id"].as_i64())
            .unwrap_or_else(|| panic!("no account {name} in {accounts:#}"))
    }

    pub fn webhook_url(&self, account: &str, kind: &str) -> String {
        let hooks = self.json(&["account", "webhooks", account, "--json"]);
        hooks
            .as_array()
            .expect("array")
            .iter()
            .find(|w| w["kind"] == kind)
            .and_then(|w| w["url"].as_str())
            .unwrap_or_else(|| panic!("no {kind} webhook in {hooks:#}"))
            .to_owned()
    }

    /// The thread's messages, or an empty list when there is no such conversation.
    pub fn thread(&self, phone: &str) -> Vec<Value> {
        let out = self.cli(&["thread", phone, "--json"]);
        if !out.success() {
            assert!(
                out.stderr.contains("no such conversation"),
                "thread {phone} failed: {out:#?}"
            );
            return Vec::new();
        }
        out.json().as_array().expect("array").clone()
    }

    pub fn message_in_thread(&self, phone: &str, id: &str) -> Option<Value> {
        self.thread(phone).into_iter().find(|m| m["id"] == id)
    }

    /// `serve --listen 127.0.0.1:0 EXTRA...`
    pub fn serve(&self, extra: &[&str]) -> Serve {
        let mut args = vec!["--listen", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        self.try_serve(&args).unwrap_or_else(|e| panic!("{e}"))
    }

    /// `serve` on a given address, trying again while the port is still held.
    pub async fn serve_on(&self, addr: SocketAddr) -> Serve {
        let listen = addr.to_string();
        wait_for(&format!("serve to listen again on {listen}"), || {
            self.try_serve(&["--listen", &listen]).ok()
        })
        .await
    }

    fn try_serve(&self, args: &[&str]) -> Result<Serve, String> {
        let n = self.serves.fetch_add(1, Ordering::SeqCst);
        let log_path = self.root.path().join(format!("serve-{n}.log"));
        let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
        let mut cmd = self.command();
        cmd.args(["--data-dir", self.data_str(), "--secrets", "file", "serve"])
            .args(args)
            .env("SWITCHBOARD_LOG", "warn,switchboard=info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log));
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot start serve: {e}"))?;
        let stdout = child.stdout.take().expect("piped stdout");
        let printed = Arc::new(Mutex::new(String::new()));
        let (first_tx, first_rx) = std::sync::mpsc::channel::<String>();
        let keep = printed.clone();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                keep.lock().unwrap().push_str(&format!("{line}\n"));
                let _ = first_tx.send(line);
            }
            // Keep draining so that serve never blocks on a full pipe.
            for line in lines.map_while(Result::ok) {
                keep.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let mut serve = Serve {
            child,
            addr: "127.0.0.1:1".parse().expect("addr"),
            base: String::new(),
            log_path,
            printed,
            data: self.data.clone(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(15))
                .build()
                .expect("http client"),
        };
        let first = blocking(|| first_rx.recv_timeout(PATIENCE.patience));
        let Ok(first) = first else {
            let status = serve.child.try_wait();
            serve.kill();
            return Err(format!(
                "serve printed no first line ({status:?}); log:\n{}",
                serve.log()
            ));
        };
        let addr = first
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("serve's first line is {first:?}"));
        serve.addr = addr
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("bad address in {first:?}: {e}"));
        serve.base = format!("http://{}", serve.addr);
        Ok(serve)
    }
}

/// Runs a command to completion (bounded), feeding `stdin`.
fn run(mut cmd: Command, stdin: &str) -> Out {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn switchboard");
    {
        let mut input = child.stdin.take().expect("stdin");
        let _ = input.write_all(stdin.as_bytes());
    }
    let reader = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let out = reader(Box::new(child.stdout.take().expect("stdout")));
    let err = reader(Box::new(child.stderr.take().expect("stderr")));
    let deadline = Instant::now() + COMMAND_LIMIT;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} ran longer than {COMMAND_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Out {
        code: status.code(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

/// A running `switchboard serve`, SIGKILLed when dropped.
pub struct Serve {
    child: Child,
    pub addr: SocketAddr,
    /// `http://ADDR`
    pub base: String,
    log_path: PathBuf,
    printed: Arc<Mutex<String>>,
    data: PathBuf,
    pub http: reqwest::Client,
}

impl Serve {
    /// SIGKILL (what `Child::kill` sends on unix), and reap.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Everything serve printed on stdout so far.
    pub fn printed(&self) -> String {
        self.printed.lock().unwrap().clone()
    }

    pub fn token(&self) -> String {
        std::fs::read_to_string(self.data.join("api-token"))
            .expect("api-token")
            .trim()
            .to_owned()
    }

    /// `POST /api/{command}` with the token: (HTTP status, JSON body).
    pub async fn api(&self, command: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}/api/{command}", self.base))
            .bearer_auth(self.token())
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST /api/{command}: {e}"));
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        (status, body)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        self.kill();
    }
}

/// How many accepted messages carried our message id.
pub fn times_sent(sim: &DevinoHandle, id: &str) -> usize {
    sim.sent()
        .iter()
        .filter(|m| m.callback_data.as_deref() == Some(id))
        .count()
}

/// Checks the fields every message in `--json` output must have.
#[track_caller]
pub fn check_message(m: &Value) {
    for field in [
        "id",
        "direction",
        "text",
        "status",
        "gateway_message_id",
        "timestamp",
    ] {
        assert!(m.get(field).is_some(), "message without '{field}': {m:#}");
    }
    assert!(m["id"].as_str().is_some_and(|s| !s.is_empty()), "id: {m:#}");
    assert!(
        m["direction"] == "in" || m["direction"] == "out",
        "direction: {m:#}"
    );
    assert!(m["text"].is_string(), "text: {m:#}");
    assert!(m["status"].is_string(), "status: {m:#}");
    assert!(
        m["gateway_message_id"].is_string() || m["gateway_message_id"].is_null(),
        "gateway_message_id: {m:#}"
    );
    let ts = m["timestamp"].as_str().unwrap_or_default();
    assert!(
        ts.parse::<jiff::Timestamp>().is_ok(),
        "timestamp {ts:?} is not RFC 3339: {m:#}"
    );
    if m["status"] == "failed" || m["status"] == "rejected" {
        assert!(
            m["error"]["message"]
                .as_str()
                .is_some_and(|s| !s.trim().is_empty()),
            "a failed message must say why: {m:#}"
        );
    }
}

/// Every byte of every file under `dir` except `skip`, as lossy text.
pub fn files_text(dir: &Path, skip: &[&str]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if skip.contains(&name.as_str()) {
            continue;
        }
        if path.is_dir() {
            out.extend(files_text(&path, skip));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path, bytes));
        }
    }
    out
}

pub fn contains_bytes(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}
