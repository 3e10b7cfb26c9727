//! A fault-injecting HTTP proxy between `serve`'s gateway adapters and a simulator: each request
//! (one per connection: every answer says `Connection: close`) is forwarded, or meets a fault
//! drawn from a seeded generator. Faults that forward first leave the gateway holding a message
//! whose sender never learns so: the ambiguous sends the outbox must not repeat blindly.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::rng::Rng;

/// What a request meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    Forward,
    /// Forwarded (the gateway accepts it), then no answer until the client gives up.
    HangAfterAccept,
    /// 502 or 503 from the proxy; the gateway never hears of it.
    ServerError,
    /// 200 with a body that is no gateway's protocol; the gateway never hears of it.
    Garbage,
    /// The connection closed before anything was forwarded.
    CloseBefore,
    /// Forwarded (the gateway accepts it), then the connection closed without an answer.
    CloseAfterAccept,
}

impl Fault {
    pub const ALL: [Fault; 6] = [
        Fault::Forward,
        Fault::HangAfterAccept,
        Fault::ServerError,
        Fault::Garbage,
        Fault::CloseBefore,
        Fault::CloseAfterAccept,
    ];

    /// Per thousand requests: 30 % faults in all. Hangs are rarer than the rest because each
    /// holds its account's outbox for the adapter's whole timeout (30 s).
    fn per_mille(self) -> u64 {
        match self {
            Fault::Forward => 700,
            Fault::HangAfterAccept => 20,
            Fault::ServerError | Fault::Garbage | Fault::CloseBefore | Fault::CloseAfterAccept => {
                70
            }
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Fault::Forward => "forwarded",
            Fault::HangAfterAccept => "hang after accept",
            Fault::ServerError => "502/503",
            Fault::Garbage => "garbage",
            Fault::CloseBefore => "closed before",
            Fault::CloseAfterAccept => "closed after accept",
        }
    }

    fn draw(rng: &mut Rng) -> Fault {
        let mut n = rng.below(1000);
        for fault in Fault::ALL {
            if n < fault.per_mille() {
                return fault;
            }
            n -= fault.per_mille();
        }
        Fault::Forward
    }
}

/// One request as the proxy saw it: the fault it met and the message id it carried (our id:
/// Rapporto's `id`, Devino's `callbackData`).
#[derive(Clone, Debug)]
pub struct Seen {
    pub fault: Fault,
    pub our_id: Option<String>,
}

pub struct FaultyProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

struct Shared {
    upstream: SocketAddr,
    http: reqwest::Client,
    rng: Mutex<Rng>,
    /// Until armed, everything is forwarded (setting up accounts).
    armed: AtomicBool,
    /// How long a hang lasts at most when the client does not give up first.
    hang: Duration,
    seen: Mutex<Vec<Seen>>,
}

impl FaultyProxy {
    /// A proxy on 127.0.0.1 in front of `upstream`.
    pub async fn start(upstream: SocketAddr, rng: Rng, hang: Duration) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(std::io::Error::other)?;
        let shared = Arc::new(Shared {
            upstream,
            http,
            rng: Mutex::new(rng),
            armed: AtomicBool::new(false),
            hang,
            seen: Mutex::new(Vec::new()),
        });
        let accepting = shared.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(accepting.clone().serve(stream));
            }
        });
        Ok(Self { addr, shared })
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Faults from now on.
    pub fn arm(&self) {
        self.shared.armed.store(true, Ordering::SeqCst);
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        lock(&self.shared.seen).clone()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A request read off the wire.
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Shared {
    async fn serve(self: Arc<Self>, mut client: TcpStream) {
        let Some(request) = read_request(&mut client).await else {
            return;
        };
        let fault = if self.armed.load(Ordering::SeqCst) {
            Fault::draw(&mut lock(&self.rng))
        } else {
            Fault::Forward
        };
        lock(&self.seen).push(Seen {
            fault,
            our_id: our_id(&request.body),
        });
        match fault {
            Fault::Forward => {
                let answer = self.forward(&request).await;
                let _ = client.write_all(&answer).await;
                let _ = client.shutdown().await;
            }
            Fault::HangAfterAccept => {
                let _ = self.forward(&request).await;
                // Nothing more is read: the client sent its whole request. Wait for it to
                // give up (EOF) or for the hang to end.
                let mut byte = [0u8; 1];
                let _ = tokio::time::timeout(self.hang, client.read(&mut byte)).await;
            }
            Fault::ServerError => {
                let status = if lock(&self.rng).below(2) == 0 {
                    "502 Bad Gateway"
                } else {
                    "503 Service Unavailable"
                };
                let body = format!("<html><body><h1>{status}</h1>nginx</body></html>");
                let _ = client
                    .write_all(&response(status, "text/html", &[], body.as_bytes()))
                    .await;
                let _ = client.shutdown().await;
            }
            Fault::Garbage => {
                let body = b"\x1f\x8b{\"mtNum\": <!-- truncated";
                let _ = client
                    .write_all(&response("200 OK", "application/json", &[], body))
                    .await;
                let _ = client.shutdown().await;
            }
            Fault::CloseBefore => {}
            Fault::CloseAfterAccept => {
                let _ = self.forward(&request).await;
            }
        }
    }

    /// The simulator's answer as HTTP/1.1 bytes, or a 502 when it could not be reached.
    async fn forward(&self, request: &Request) -> Vec<u8> {
        let url = format!("http://{}{}", self.upstream, request.target);
        let method =
            reqwest::Method::from_bytes(request.method.as_bytes()).unwrap_or(reqwest::Method::POST);
        let mut outgoing = self.http.request(method, url).body(request.body.clone());
        for (name, value) in &request.headers {
            if !["host", "content-length", "connection", "transfer-encoding"]
                .contains(&name.to_ascii_lowercase().as_str())
            {
                outgoing = outgoing.header(name, value);
            }
        }
        let Ok(answer) = outgoing.send().await else {
            return response(
                "502 Bad Gateway",
                "text/plain",
                &[],
                b"upstream unreachable",
            );
        };
        let status = answer.status();
        let content_type = header(answer.headers(), "content-type").unwrap_or_default();
        let retry_after = header(answer.headers(), "retry-after");
        let body = answer.bytes().await.unwrap_or_default();
        let extra: Vec<(&str, String)> = retry_after
            .map(|v| ("Retry-After", v))
            .into_iter()
            .collect();
        response(
            &format!(
                "{} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("Status")
            ),
            &content_type,
            &extra,
            &body,
        )
    }
}

fn header(headers: &reqwest::header::HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn response(status: &str, content_type: &str, extra: &[(&str, String)], body: &[u8]) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Reads one request with a `Content-Length` body (what the adapters send); `None` when the
/// client went away or sent something else.
async fn read_request(client: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::with_capacity(4096);
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..head_end]).ok()?;
    let mut lines = head.split("\r\n");
    let mut start = lines.next()?.split(' ');
    let (method, target) = (start.next()?.to_owned(), start.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let mut chunk = vec![0u8; length - body.len()];
        let n = client.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

/// Our message id in a send request: Rapporto's `id`, or the `callbackData` of Devino's one
/// message.
fn our_id(body: &[u8]) -> Option<String> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    json["id"]
        .as_str()
        .or_else(|| json["messages"][0]["callbackData"].as_str())
        .map(str::to_owned)
}
