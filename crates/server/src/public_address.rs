//! `switchboard public-address`: where gateways reach this app, and changing it.

use std::sync::Arc;

use clap::{ArgGroup, Args, Subcommand};
use switchboard_core::Phrase;
use switchboard_core::api::Empty;
use switchboard_core::public_address::{
    PublicAddress, PublicAddressSettings, SetPublicAddress, TunnelState,
};
use switchboard_core::time::Timestamp;
use switchboard_core::{Engine, Error};

#[derive(Args)]
pub struct PublicAddressArgs {
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Option<PublicAddressCommand>,
}

#[derive(Subcommand)]
enum PublicAddressCommand {
    /// Changes it. A running `serve` or desktop app picks the change up when restarted; the
    /// app's "Public address" panel changes it live.
    Set(SetArgs),
}

#[derive(Args)]
#[command(group(ArgGroup::new("mode").required(true).args(["local", "url", "tunnel"])))]
struct SetArgs {
    /// Callbacks point at the local listener (this machine or network only).
    #[arg(long)]
    local: bool,
    /// Your own public base URL that forwards to the local listener (reverse proxy,
    /// cloudflared, ngrok), e.g. https://inbox.example.com.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// The built-in tunnel to this bore server (host name or IP; control port 7835).
    #[arg(long, value_name = "HOST")]
    tunnel: Option<String>,
    /// The public port to ask the bore server for (default: any it gives).
    #[arg(long, value_name = "PORT", requires = "tunnel")]
    tunnel_port: Option<u16>,
    /// Reads the bore server's secret from standard input (kept in the keychain).
    #[arg(long, requires = "tunnel", conflicts_with = "no_tunnel_secret")]
    tunnel_secret_stdin: bool,
    /// Forgets a saved tunnel secret.
    #[arg(long)]
    no_tunnel_secret: bool,
}

pub async fn run(engine: &Arc<Engine>, args: PublicAddressArgs) -> Result<(), Error> {
    let address = match args.command {
        None => {
            engine
                .public_address(&switchboard_core::access::Caller::local(), Empty {})
                .await?
        }
        Some(PublicAddressCommand::Set(set)) => {
            let settings = match (set.url, set.tunnel) {
                (Some(url), _) => PublicAddressSettings::Url { url },
                (None, Some(server)) => PublicAddressSettings::Tunnel {
                    server,
                    port: set.tunnel_port,
                },
                (None, None) => PublicAddressSettings::Local,
            };
            let tunnel_secret = if set.tunnel_secret_stdin {
                Some(read_secret()?)
            } else if set.no_tunnel_secret {
                Some(String::new())
            } else {
                None
            };
            engine
                .set_public_address(
                    &switchboard_core::access::Caller::local(),
                    SetPublicAddress {
                        settings,
                        tunnel_secret,
                    },
                )
                .await?
        }
    };
    if args.json {
        let json = serde_json::to_string_pretty(&address).map_err(Error::bad_request)?;
        println!("{json}");
    } else {
        print(&address);
    }
    Ok(())
}

fn read_secret() -> Result<String, Error> {
    let secret = crate::cli::read_hidden("The bore server's secret, then Enter (not shown): ")?;
    if secret.is_empty() {
        return Err(Error::BadRequest(Phrase::verbatim(
            "the secret is empty (use --no-tunnel-secret to remove one)",
        )));
    }
    Ok(secret)
}

fn when(t: Option<Timestamp>) -> String {
    t.map_or_else(
        || "none seen by this process".to_owned(),
        Timestamp::rfc3339,
    )
}

fn print(a: &PublicAddress) {
    let mode = match &a.settings {
        PublicAddressSettings::Local => "local (this machine or network only)".to_owned(),
        PublicAddressSettings::Url { url } => format!("your own URL {url}"),
        PublicAddressSettings::Tunnel { server, port } => format!(
            "tunnel via the bore server {server}{}{}",
            port.map(|p| format!(", public port {p}"))
                .unwrap_or_default(),
            if a.tunnel_secret_set {
                ", secret set"
            } else {
                ", no secret"
            }
        ),
    };
    println!("mode:         {mode}");
    println!(
        "address:      {}",
        a.base_url.as_deref().unwrap_or("none yet")
    );
    let tunnel = match &a.tunnel {
        TunnelState::Off => None,
        TunnelState::NotRunning => {
            Some("runs inside `switchboard serve` or the desktop app".to_owned())
        }
        TunnelState::Connecting { since } => Some(format!("connecting since {}", since.rfc3339())),
        TunnelState::Up { url, since } => Some(format!("up at {url} since {}", since.rfc3339())),
        TunnelState::Down {
            reason, retry_at, ..
        } => Some(format!(
            "down: {reason}; next try at {}",
            retry_at.rfc3339()
        )),
    };
    if let Some(t) = tunnel {
        println!("tunnel:       {t}");
    }
    println!("last webhook: {}", when(a.last_webhook_at));
    if let Some(w) = &a.warning {
        println!("WARNING:      {w}");
    }
    for account in &a.accounts {
        println!(
            "\n{} ({}){}: last webhook {}",
            account.name,
            account.gateway.display_name(),
            if account.sandbox { " [SANDBOX]" } else { "" },
            when(account.last_webhook_at)
        );
        for w in &account.webhooks {
            println!("  {:<9} {}", w.kind, w.url);
        }
    }
}
