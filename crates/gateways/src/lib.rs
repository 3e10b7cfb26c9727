//! One adapter per WhatsApp gateway behind [`switchboard_core::gateway::Gateway`].
//!
//! The host hands the core a [`Gateways`] connector; the core asks it for an adapter per account
//! and never learns which HTTP client talks to the gateway.

pub mod decision_telecom;
pub mod devino;
#[doc(hidden)]
pub mod fuzzing;
pub mod media;
pub mod meta_cloud;
pub mod phone_bridge;
pub mod rapporto;
mod redact;
pub mod wamm;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use switchboard_core::account::GatewayKind;
use switchboard_core::gateway::{Capabilities, Connector, Gateway, GatewayConfig};
use switchboard_core::phrase::Phrase;

pub use decision_telecom::DecisionTelecomGateway;
pub use devino::DevinoGateway;
pub use meta_cloud::MetaCloudGateway;
pub use phone_bridge::PhoneBridgeGateway;
pub use rapporto::RapportoGateway;
pub use wamm::WammGateway;

/// Every phrase the adapters can say (their refusals, validation and sync progress), for the
/// UI's translations. Each adapter declares its own in its `phrases` module; what they share
/// (network trouble, quoting answers, media downloads) is declared in `wire` and `media`.
pub fn phrases() -> Vec<switchboard_core::PhraseDef> {
    [
        wire::phrases::ALL,
        media::phrases::ALL,
        devino::phrases::ALL,
        decision_telecom::phrases::ALL,
        rapporto::phrases::ALL,
        wamm::phrases::ALL,
        phone_bridge::phrases::ALL,
        meta_cloud::phrases::ALL,
    ]
    .concat()
}

/// How long a whole request to a gateway may take before we call it failed (and retry later).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long establishing a connection may take; a gateway that cannot be reached in this time
/// is down for now.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Builds gateway adapters that share one HTTP client (one connection pool for the process)
/// and one client for customers' files, which reaches only the public internet unless the
/// connector is told otherwise ([`Gateways::allowing_loopback`]).
#[derive(Clone, Debug)]
pub struct Gateways {
    http: reqwest::Client,
    timeout: Duration,
    media: media::Fetcher,
}

impl Gateways {
    /// The production connector: 30 s per request, 10 s to connect, customers' files from
    /// the public internet only.
    pub fn new() -> Self {
        Self::with_timeout(REQUEST_TIMEOUT)
    }

    /// The production connector, except that customers' files may also come from this
    /// machine (127.0.0.0/8, ::1): for the sandbox and tests, whose simulators serve files on
    /// 127.0.0.1. Private networks and link-local addresses stay out of reach.
    pub fn allowing_loopback() -> Self {
        Self::new().with_media_reach(media::Reach::AlsoLoopback)
    }

    /// The same connector with customers' files downloaded from `reach`.
    pub fn with_media_reach(mut self, reach: media::Reach) -> Self {
        self.media = media::Fetcher::new(reach);
        self
    }

    /// Where this connector downloads customers' files from.
    pub fn media_reach(&self) -> media::Reach {
        self.media.reach()
    }

    /// A connector whose requests give up after `timeout` (tests use a short one).
    pub fn with_timeout(timeout: Duration) -> Self {
        let builder = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(timeout)
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .user_agent(concat!("switchboard/", env!("CARGO_PKG_VERSION")));
        // Building only fails when the TLS backend cannot initialise; a default client still
        // works for plain HTTP and reports the TLS problem on the first HTTPS request instead
        // of bringing the whole app down.
        let http = builder.build().unwrap_or_else(|error| {
            tracing::error!(%error, "could not build the gateway HTTP client; using defaults");
            reqwest::Client::new()
        });
        Self {
            http,
            timeout,
            media: media::Fetcher::default(),
        }
    }
}

/// Why `secret` cannot be the secret of a new `kind` account, or `None` when it can: a phone
/// token too short or too patterned to withstand guessing ([`phone_bridge::strength`]). For
/// the host to ask before it stores an account; other gateways' secrets are theirs to issue.
pub fn secret_problem(kind: GatewayKind, secret: &str) -> Option<Phrase> {
    match kind {
        GatewayKind::PhoneBridge => phone_bridge::strength::problem(secret.trim()),
        GatewayKind::Devino
        | GatewayKind::DecisionTelecom
        | GatewayKind::Rapporto
        | GatewayKind::Wamm
        | GatewayKind::MetaCloud => None,
    }
}

impl Default for Gateways {
    fn default() -> Self {
        Self::new()
    }
}

impl Connector for Gateways {
    fn secret_problem(&self, kind: GatewayKind, secret: &str) -> Option<Phrase> {
        secret_problem(kind, secret)
    }

    fn capabilities(&self, kind: GatewayKind) -> Option<Capabilities> {
        match kind {
            GatewayKind::Devino => Some(devino::capabilities()),
            GatewayKind::PhoneBridge => Some(phone_bridge::capabilities()),
            GatewayKind::Rapporto => Some(rapporto::capabilities()),
            GatewayKind::DecisionTelecom => Some(decision_telecom::capabilities()),
            GatewayKind::MetaCloud => Some(meta_cloud::capabilities()),
            GatewayKind::Wamm => Some(wamm::capabilities()),
        }
    }

    fn connect(&self, config: GatewayConfig) -> Option<Arc<dyn Gateway>> {
        match config.kind {
            GatewayKind::Devino => Some(Arc::new(DevinoGateway::new(
                self.http.clone(),
                self.media.clone(),
                self.timeout,
                config,
            ))),
            // The phone calls us: no HTTP client, no timeout of ours.
            GatewayKind::PhoneBridge => Some(Arc::new(PhoneBridgeGateway::new(config))),
            GatewayKind::Rapporto => Some(Arc::new(RapportoGateway::new(
                self.http.clone(),
                self.media.clone(),
                self.timeout,
                config,
            ))),
            GatewayKind::DecisionTelecom => Some(Arc::new(DecisionTelecomGateway::new(
                self.http.clone(),
                self.media.clone(),
                self.timeout,
                config,
            ))),
            GatewayKind::MetaCloud => Some(Arc::new(MetaCloudGateway::new(
                self.http.clone(),
                self.media.clone(),
                self.timeout,
                config,
            ))),
            GatewayKind::Wamm => Some(Arc::new(WammGateway::new(
                self.http.clone(),
                self.media.clone(),
                self.timeout,
                config,
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use switchboard_core::phrase::{catalog, check_catalog};

    use super::phrases;

    #[test]
    fn the_gateways_catalog_is_well_formed_and_its_keys_are_unique_beside_the_cores() {
        let ours = phrases();
        check_catalog(&ours).expect("every adapter's phrases are well formed");
        let mut everything = catalog();
        everything.extend(ours);
        check_catalog(&everything).expect("no gateway key repeats one of the core's");
    }
}
