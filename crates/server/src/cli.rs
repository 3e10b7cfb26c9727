//! The `switchboard` command line.

use std::io::{IsTerminal, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;
use switchboard_core::Phrase;
use switchboard_core::account::{GatewayKind, WebhookUrl};
use switchboard_core::api::{
    AccountRef, AddAccount, Empty, GetThread, ListConversations, Search, SendMessage,
};
use switchboard_core::host::{Host, SecretStore, Silent, SystemClock};
use switchboard_core::message::{Content, Message, SendState};
use switchboard_core::{Engine, Error};
use switchboard_gateways::Gateways;

mod operators;
mod report;

use crate::secrets::{Keychain, SecretsFile};
use crate::serve::{ServeOptions, run};
use crate::{datadir, output};

#[derive(Parser)]
#[command(
    name = "switchboard",
    version,
    about = "A WhatsApp inbox for sales teams"
)]
struct Cli {
    /// Where Switchboard keeps its data (default: the OS data directory).
    #[arg(long, global = true, env = "SWITCHBOARD_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Where gateway secrets are kept: the OS keychain, or a file in the data directory that
    /// only you can read (for machines without a keychain).
    #[arg(long, global = true, value_enum, default_value_t = SecretsChoice::Keychain, env = "SWITCHBOARD_SECRETS")]
    secrets: SecretsChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum SecretsChoice {
    Keychain,
    File,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the inbox headless: the API with live events, webhooks, outbox, sandbox.
    Serve {
        /// Address for the API and webhooks. Beyond loopback (0.0.0.0:8765, a LAN address) it
        /// needs --tls-cert and --tls-key, or --behind-proxy.
        #[arg(long, default_value = "127.0.0.1:8765", env = "SWITCHBOARD_LISTEN")]
        listen: SocketAddr,
        /// Serve HTTPS with this certificate chain (PEM, leaf first).
        #[arg(
            long,
            value_name = "FILE",
            requires = "tls_key",
            env = "SWITCHBOARD_TLS_CERT"
        )]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM).
        #[arg(
            long,
            value_name = "FILE",
            requires = "tls_cert",
            env = "SWITCHBOARD_TLS_KEY"
        )]
        tls_key: Option<PathBuf>,
        /// The reverse proxy's IP address: its X-Forwarded-For, -Proto and -Host are believed,
        /// and nobody else's.
        #[arg(long, value_name = "ADDR", env = "SWITCHBOARD_BEHIND_PROXY")]
        behind_proxy: Option<std::net::IpAddr>,
        /// Serve the webhooks and media (never the API) on this address too, for a reverse
        /// proxy to expose. Default: 127.0.0.1 on a free port, for the built-in tunnel.
        #[arg(long, value_name = "ADDR", env = "SWITCHBOARD_PUBLIC_LISTEN")]
        public_listen: Option<SocketAddr>,
        /// Another name browsers reach the API by (crm.example.com, 192.0.2.10:8765);
        /// repeatable. This machine's names, the listen address and --public-url's host are
        /// always allowed.
        #[arg(
            long = "allow-host",
            value_name = "NAME",
            env = "SWITCHBOARD_ALLOW_HOSTS",
            value_delimiter = ','
        )]
        allow_hosts: Vec<String>,
        /// Run the sandbox gateway even when real accounts exist.
        #[arg(long)]
        sandbox: bool,
        /// The gateway the sandbox simulates (implies --sandbox): devino, decision_telecom,
        /// rapporto, phone_bridge, wamm, meta_cloud.
        #[arg(long, value_parser = crate::sandbox::parse_kind)]
        sandbox_gateway: Option<GatewayKind>,
        /// The public address gateways reach this server at (tunnel, reverse proxy).
        #[arg(long, env = "SWITCHBOARD_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Manages gateway accounts.
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
    /// Manages the operators who sign in to a team server (as this computer's own operator).
    Operator {
        #[command(subcommand)]
        command: operators::OperatorCommand,
    },
    /// The team's figures for a period, as the Reports screen has them: --json, --csv (the
    /// screen's export) or a summary.
    Report(report::ReportArgs),
    /// Sends a message (exactly once, whether or not `serve` runs on the same data directory).
    Send(SendArgs),
    /// Lists conversations, newest activity first.
    Conversations {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Only this account's conversations.
        #[arg(long)]
        account: Option<String>,
    },
    /// Shows the messages exchanged with a phone number.
    Thread {
        phone: String,
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Where gateways reach this app (local, your own URL, or the built-in tunnel), the
    /// tunnel's state and each account's callback URLs.
    PublicAddress(crate::public_address::PublicAddressArgs),
    /// Searches message text.
    Search {
        query: String,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Adds an account; the secret (API key or password) is read from standard input.
    Add {
        name: String,
        #[arg(long, value_parser = parse_gateway)]
        gateway: GatewayKind,
        /// The sender name or number the gateway sends from.
        #[arg(long)]
        sender: String,
        /// The gateway's API address (default: its documented production address).
        #[arg(long)]
        base_url: Option<String>,
        /// A gateway-specific setting, KEY=VALUE (repeatable).
        #[arg(long = "option", value_parser = parse_option)]
        options: Vec<(String, String)>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        name: String,
    },
    /// The callback URLs to give the gateway.
    Webhooks {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Gives the account new callback URLs (a new webhook token), when the old ones may have
    /// been seen; the old ones keep working for 24 hours, then are refused.
    RotateWebhook {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct SendArgs {
    #[arg(long)]
    account: String,
    #[arg(long)]
    to: String,
    #[arg(long, group = "content")]
    text: Option<String>,
    /// A public URL of an image, document, audio or video.
    #[arg(long, group = "content")]
    media: Option<String>,
    /// The media's MIME type (guessed from the URL's extension when absent).
    #[arg(long, requires = "media")]
    mime: Option<String>,
    #[arg(long, requires = "media")]
    caption: Option<String>,
    /// A registered template's id or name.
    #[arg(long, group = "content")]
    template: Option<String>,
    /// A template parameter, in order (repeatable).
    #[arg(long = "param", requires = "template")]
    params: Vec<String>,
    #[arg(long, requires = "template")]
    language: Option<String>,
    #[arg(long)]
    json: bool,
    /// How long to keep trying before leaving the message queued for `serve`.
    #[arg(long, default_value_t = 30)]
    wait: u64,
}

fn parse_gateway(s: &str) -> Result<GatewayKind, String> {
    GatewayKind::parse(s).ok_or_else(|| {
        let names: Vec<&str> = GatewayKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown gateway '{s}'; one of: {}", names.join(", "))
    })
}

fn parse_option(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
        .ok_or_else(|| format!("'{s}' is not KEY=VALUE"))
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SWITCHBOARD_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,switchboard=info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(execute(cli)) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli) -> Result<ExitCode, String> {
    let data_dir = cli.data_dir.clone().unwrap_or_else(datadir::default_dir);
    let secrets: Arc<dyn SecretStore> = match cli.secrets {
        SecretsChoice::Keychain => Arc::new(Keychain::CLI),
        SecretsChoice::File => Arc::new(SecretsFile::new(data_dir.join("secrets.json"))),
    };
    if let Command::Serve {
        listen,
        tls_cert,
        tls_key,
        behind_proxy,
        public_listen,
        allow_hosts,
        sandbox,
        sandbox_gateway,
        public_url,
    } = cli.command
    {
        run(
            &data_dir,
            secrets,
            ServeOptions {
                listen,
                sandbox: sandbox || sandbox_gateway.is_some(),
                sandbox_gateway: sandbox_gateway.unwrap_or(GatewayKind::Devino),
                public_url,
            },
            crate::serve::Network {
                // clap requires both or neither.
                tls: tls_cert
                    .zip(tls_key)
                    .map(|(cert, key)| crate::serve::TlsFiles { cert, key }),
                behind_proxy,
                public_listen,
                allow_hosts,
                limits: crate::listen::Limits::default(),
            },
        )
        .await?;
        return Ok(ExitCode::SUCCESS);
    }
    datadir::ensure(&data_dir).map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let host = Host {
        secrets,
        notifier: Arc::new(Silent),
        clock: Arc::new(SystemClock),
        events: Arc::new(Silent),
    };
    let engine = Engine::open(
        &datadir::database(&data_dir),
        host,
        Arc::new(Gateways::new()),
    )
    .map_err(|e| e.to_string())?;
    one_shot(&engine, cli.command)
        .await
        .map_err(|e| e.to_string())
}

fn print_json<T: Serialize>(value: &T) -> Result<(), Error> {
    let json = serde_json::to_string_pretty(value).map_err(Error::bad_request)?;
    println!("{json}");
    Ok(())
}

async fn one_shot(engine: &Arc<Engine>, command: Command) -> Result<ExitCode, Error> {
    match command {
        // Handled before a one-shot engine is opened.
        Command::Serve { .. } => {
            return Err(Error::BadRequest(Phrase::verbatim(
                "serve is not a one-shot command",
            )));
        }
        Command::Account { command } => account(engine, command).await?,
        Command::Operator { command } => operators::operator(engine, command).await?,
        Command::PublicAddress(args) => crate::public_address::run(engine, args).await?,
        Command::Report(args) => report::report(engine, args).await?,
        Command::Send(args) => return send(engine, args).await,
        Command::Conversations {
            json,
            limit,
            account,
        } => {
            let account_id = match account {
                Some(name) => Some(engine.account_by_name(&name).await?.id),
                None => None,
            };
            let page = engine
                .list_conversations(
                    &switchboard_core::access::Caller::local(),
                    ListConversations {
                        account_id,
                        limit: Some(limit),
                        ..ListConversations::default()
                    },
                )
                .await?;
            if json {
                print_json(&page.conversations)?;
            } else {
                output::conversations(&page.conversations);
            }
        }
        Command::Thread {
            phone,
            account,
            json,
            limit,
        } => {
            let account_id = match account {
                Some(name) => Some(engine.account_by_name(&name).await?.id),
                None => None,
            };
            let thread = engine
                .get_thread(
                    &switchboard_core::access::Caller::local(),
                    GetThread {
                        phone: Some(phone),
                        account_id,
                        limit: Some(limit),
                        ..GetThread::default()
                    },
                )
                .await?;
            if json {
                print_json(&thread.messages)?;
            } else {
                output::thread(&thread);
            }
        }
        Command::Search { query, json, limit } => {
            let hits = engine
                .search(
                    &switchboard_core::access::Caller::local(),
                    Search {
                        query,
                        limit: Some(limit),
                    },
                )
                .await?;
            if json {
                print_json(&hits)?;
            } else {
                output::search(&hits);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn account(engine: &Arc<Engine>, command: AccountCommand) -> Result<(), Error> {
    match command {
        AccountCommand::Add {
            name,
            gateway,
            sender,
            base_url,
            options,
        } => {
            let secret = read_secret(&name)?;
            let options = options
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect();
            let account = engine
                .add_account(
                    &switchboard_core::access::Caller::local(),
                    AddAccount {
                        name,
                        gateway,
                        sender,
                        base_url,
                        options: Some(options),
                        secret,
                    },
                )
                .await?;
            println!(
                "added account '{}' ({})",
                account.name,
                account.gateway.display_name()
            );
        }
        AccountCommand::List { json } => {
            let accounts = engine
                .list_accounts(&switchboard_core::access::Caller::local(), Empty {})
                .await?;
            if json {
                print_json(&accounts)?;
            } else {
                output::accounts(&accounts);
            }
        }
        AccountCommand::Remove { name } => {
            let account = engine.account_by_name(&name).await?;
            engine
                .remove_account(
                    &switchboard_core::access::Caller::local(),
                    AccountRef {
                        account_id: account.id,
                    },
                )
                .await?;
            println!("removed account '{name}'");
        }
        AccountCommand::Webhooks { name, json } => {
            let account = engine.account_by_name(&name).await?;
            let urls = engine
                .account_webhooks(
                    &switchboard_core::access::Caller::local(),
                    AccountRef {
                        account_id: account.id,
                    },
                )
                .await?;
            print_webhooks(&urls, json)?;
            warn_about_address(engine).await;
        }
        AccountCommand::RotateWebhook { name, json } => {
            let account = engine.account_by_name(&name).await?;
            let urls = engine
                .rotate_webhook_token(
                    &switchboard_core::access::Caller::local(),
                    AccountRef {
                        account_id: account.id,
                    },
                )
                .await?;
            if !json {
                println!(
                    "'{name}' has new callback URLs; give them to the gateway. The old ones keep \
                     working for 24 hours, then are refused."
                );
            }
            print_webhooks(&urls, json)?;
            warn_about_address(engine).await;
        }
    }
    Ok(())
}

fn print_webhooks(urls: &[WebhookUrl], json: bool) -> Result<(), Error> {
    if json {
        return print_json(&urls);
    }
    for w in urls {
        println!("{:<9} {}\n          {}", w.kind, w.url, w.description);
    }
    Ok(())
}

/// Says on standard error what is wrong with the address callbacks go to (unreachable, or
/// readable on the way), so that `--json` output stays as it is.
async fn warn_about_address(engine: &Arc<Engine>) {
    if let Ok(address) = engine
        .public_address(&switchboard_core::access::Caller::local(), Empty {})
        .await
        && let Some(warning) = address.warning
    {
        eprintln!("WARNING: {warning}");
    }
}

fn read_secret(name: &str) -> Result<String, Error> {
    read_hidden(&format!(
        "Secret (API key or password) for '{name}', then Enter (not shown): "
    ))
}

/// A secret from standard input: typed at a terminal, it is not echoed (nor left on screen or
/// in a terminal's scrollback); piped, it is read whole.
pub(crate) fn read_hidden(prompt: &str) -> Result<String, Error> {
    let cannot = |e: std::io::Error| {
        Error::BadRequest(Phrase::verbatim(format!("cannot read the secret: {e}")))
    };
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        return rpassword::prompt_password(prompt)
            .map(|s| s.trim().to_owned())
            .map_err(cannot);
    }
    let mut all = String::new();
    stdin.read_to_string(&mut all).map_err(cannot)?;
    Ok(all.trim().to_owned())
}

fn guess_mime(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let ext = path.rsplit('.').next()?.to_ascii_lowercase();
    let mime = match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "3gp" => "video/3gpp",
        "ogg" | "opus" => "audio/ogg",
        "mp3" | "mpeg" => "audio/mpeg",
        "aac" => "audio/aac",
        "amr" => "audio/amr",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => return None,
    };
    Some(mime.to_owned())
}

async fn send(engine: &Arc<Engine>, args: SendArgs) -> Result<ExitCode, Error> {
    let content = match (args.text, args.media, args.template) {
        (Some(text), None, None) => Content::Text { text },
        (None, Some(url), None) => {
            let name = url
                .split(['?', '#'])
                .next()
                .and_then(|p| p.rsplit('/').next())
                .map(str::to_owned);
            Content::Media {
                mime: args.mime.or_else(|| guess_mime(&url)),
                name,
                caption: args.caption,
                url,
            }
        }
        (None, None, Some(id)) => Content::Template {
            id,
            params: args.params,
            language: args.language,
            header: None,
            buttons: vec![],
            rendered: None,
        },
        _ => {
            return Err(Error::BadRequest(Phrase::verbatim(
                "say what to send: --text, --media or --template",
            )));
        }
    };
    let account = engine.account_by_name(&args.account).await?;
    let queued = engine
        .send_message(
            &switchboard_core::access::Caller::local(),
            SendMessage {
                account_id: account.id,
                to: args.to,
                content,
            },
        )
        .await?;
    let message = engine
        .send_and_wait(&queued.id, Duration::from_secs(args.wait))
        .await?;
    if args.json {
        print_json(&message)?;
    } else {
        output::message_line(&message);
    }
    Ok(send_exit_code(&message))
}

fn send_exit_code(message: &Message) -> ExitCode {
    match message.send_state {
        Some(SendState::Failed) => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}
