//! What a Rapporto account needs besides the password: the endpoint, the login, the sender
//! name and the message lifetime. Checked before a message is queued, so a broken account
//! says what to fix instead of failing every send.

use serde_json::Value;
use switchboard_core::gateway::GatewayConfig;
use switchboard_core::phrase::Phrase;

use super::{is_http_url, phrases as said};

/// "Possible values in minutes are: 1440, 2880, 4320, 5760, 7200, 8640, 10080" (one to seven
/// days). 0 or no value means the account's default, set up by Rapporto.
pub const TTL_MINUTES: &[u32] = &[1440, 2880, 4320, 5760, 7200, 8640, 10080];

/// A Rapporto account's settings, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The full URL Rapporto gave the client (the page leaves the endpoint out).
    pub endpoint: String,
    /// The partner's name (`login` in the body).
    pub login: String,
    /// The message lifetime in minutes; `None` for the account's default.
    pub ttl: Option<u32>,
}

impl Settings {
    pub fn from_config(config: &GatewayConfig) -> Result<Self, Phrase> {
        let endpoint = config.base_url.trim();
        if endpoint.is_empty() {
            return Err(said::NO_ENDPOINT.phrase());
        }
        if !is_http_url(endpoint) {
            return Err(said::ENDPOINT_NOT_HTTP.with("endpoint", endpoint));
        }
        let login = match config.options.get("login") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(said::NO_LOGIN.phrase()),
        };
        if config.sender.trim().is_empty() {
            return Err(said::NO_SENDER.phrase());
        }
        let ttl = ttl_option(config.options.get("ttl"))?;
        Ok(Self {
            endpoint: endpoint.to_owned(),
            login,
            ttl,
        })
    }
}

/// The `ttl` option: a number of minutes, written as a JSON number or a string.
fn ttl_option(value: Option<&Value>) -> Result<Option<u32>, Phrase> {
    let raw = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => other.to_string(),
    };
    let allowed = TTL_MINUTES
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    match raw.parse::<u32>() {
        Ok(0) => Ok(None),
        Ok(minutes) if TTL_MINUTES.contains(&minutes) => Ok(Some(minutes)),
        _ => Err(said::BAD_TTL.with("allowed", allowed).arg("ttl", raw)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use switchboard_core::account::GatewayKind;

    use super::*;

    fn config(base_url: &str, options: Value) -> GatewayConfig {
        GatewayConfig {
            kind: GatewayKind::Rapporto,
            base_url: base_url.to_owned(),
            sender: "MyCompany".to_owned(),
            secret: None,
            options: match options {
                Value::Object(map) => map,
                _ => serde_json::Map::new(),
            },
        }
    }

    #[test]
    fn a_complete_account_is_read_with_its_ttl_from_a_string() {
        let settings = Settings::from_config(&config(
            " https://rapporto.example/wa ",
            json!({"login": "partner", "ttl": "2880"}),
        ));
        assert_eq!(
            settings,
            Ok(Settings {
                endpoint: "https://rapporto.example/wa".to_owned(),
                login: "partner".to_owned(),
                ttl: Some(2880),
            })
        );
    }

    #[test]
    fn ttl_takes_only_the_documented_values() {
        for (ttl, expected) in [
            (json!(1440), Ok(Some(1440))),
            (json!("10080"), Ok(Some(10080))),
            (json!("0"), Ok(None)),
            (json!(""), Ok(None)),
        ] {
            let read = Settings::from_config(&config(
                "https://r.example",
                json!({"login": "p", "ttl": ttl.clone()}),
            ))
            .map(|s| s.ttl);
            assert_eq!(read, expected, "{ttl}");
        }
        for ttl in [json!(60), json!("1 day"), json!(-1440), json!(11520)] {
            let error = Settings::from_config(&config(
                "https://r.example",
                json!({"login": "p", "ttl": ttl.clone()}),
            ))
            .expect_err("not a documented ttl");
            assert!(error.text.contains("1440, 2880"), "{ttl}: {error}");
            assert_eq!(error.key, "rapporto.settings.bad_ttl");
        }
    }

    #[test]
    fn a_missing_endpoint_or_login_says_what_to_set() {
        let no_endpoint = Settings::from_config(&config("", json!({"login": "p"})));
        assert!(no_endpoint.is_err_and(|e| e.text.contains("base URL")));
        let not_http = Settings::from_config(&config("rapporto.example", json!({"login": "p"})));
        assert!(not_http.is_err_and(|e| e.text.contains("http://")));
        let no_login = Settings::from_config(&config("https://r.example", json!({})));
        assert!(no_login.is_err_and(|e| e.text.contains("login=")));
        let mut no_sender = config("https://r.example", json!({"login": "p"}));
        no_sender.sender = " ".to_owned();
        assert!(Settings::from_config(&no_sender).is_err_and(|e| e.text.contains("sender")));
    }
}
