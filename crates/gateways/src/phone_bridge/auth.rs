//! Every request from the phone carries the account's secret: `Authorization: Bearer <secret>`,
//! or `?token=<secret>` for automation apps that cannot set headers. The webhook address's own
//! token only finds the account; the secret proves the caller is our phone.

use switchboard_core::gateway::{Secret, WebhookError, WebhookRequest};

pub fn authenticate(request: &WebhookRequest, secret: Option<&Secret>) -> Result<(), WebhookError> {
    let Some(secret) = secret.map(Secret::expose).filter(|s| !s.is_empty()) else {
        return Err(WebhookError::Unauthenticated(
            "no secret is stored for this account, so no phone can sign in".to_owned(),
        ));
    };
    let offered = offered(request)?;
    // Both readings of the one value are compared, so the time taken does not depend on which
    // one matched.
    let matched = offered.iter().fold(false, |ok, candidate| {
        ok | constant_time_eq(candidate.as_bytes(), secret.as_bytes())
    });
    if matched {
        Ok(())
    } else {
        Err(WebhookError::Unauthenticated(
            "the secret is wrong: it must be the one stored for this account".to_owned(),
        ))
    }
}

/// The one secret a request offers, as the readings it may have: a request gets one try, not
/// one per `token=` it repeats. An `Authorization` header and a `token` in the query may both
/// be there only when they say the same.
fn offered(request: &WebhookRequest) -> Result<Vec<String>, WebhookError> {
    let refused = |why: &str| Err(WebhookError::Unauthenticated(why.to_owned()));
    let headers: Vec<&str> = request
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| value.as_str())
        .collect();
    let queried: Vec<&str> = query_values(&request.query, "token").collect();
    if headers.len() > 1 {
        return refused(
            "the request carries more than one Authorization header: send the secret once",
        );
    }
    if queried.len() > 1 {
        return refused("the address carries 'token' more than once: send the secret once");
    }
    let header = headers.first().map(|value| bearer(value));
    let query = queried
        .first()
        .map(|raw| (percent_decode(raw), (*raw).to_owned()));
    match (header, query) {
        (Some(header), None) => Ok(vec![header.to_owned()]),
        // Apps that do not encode the query send the secret raw; others percent-encode it.
        (None, Some((decoded, raw))) => Ok(vec![decoded, raw]),
        (Some(header), Some((decoded, raw))) if header == decoded || header == raw => {
            Ok(vec![header.to_owned()])
        }
        (Some(_), Some(_)) => {
            refused("the Authorization header and the address's token differ: send the secret once")
        }
        (None, None) => refused(
            "the request carries no secret: send 'Authorization: Bearer <secret>' or add \
             ?token=<secret> to the address",
        ),
    }
}

/// `Bearer <token>` (any case, any spacing) or the whole value.
fn bearer(value: &str) -> &str {
    let value = value.trim();
    value
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map_or(value, |(_, token)| token.trim())
}

/// Compares without returning early, so the time taken does not tell how much of a guess was
/// right. The length is not hidden; it says nothing useful about a random secret.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// Every raw value of `name` in a query string (`a=1&token=x`).
fn query_values<'a>(query: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(move |(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// `%XX` escapes decoded; anything malformed is kept as it is. `+` stays `+`: a secret may
/// contain one, and apps that encode spaces as `+` are not sending a secret with spaces.
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Ok(hex) = std::str::from_utf8(hex)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(query: &str, authorization: Option<&str>) -> WebhookRequest {
        WebhookRequest {
            method: "GET".into(),
            query: query.into(),
            headers: authorization
                .map(|a| vec![("authorization".to_owned(), a.to_owned())])
                .unwrap_or_default(),
            body: Vec::new(),
        }
    }

    const SECRET: &str = "s3cr+t/Ü";

    fn check(query: &str, authorization: Option<&str>) -> Result<(), WebhookError> {
        authenticate(&request(query, authorization), Some(&Secret::new(SECRET)))
    }

    #[test]
    fn a_bearer_header_or_a_token_in_the_query_signs_in() {
        assert_eq!(check("", Some("Bearer s3cr+t/Ü")), Ok(()));
        assert_eq!(check("", Some("bearer   s3cr+t/Ü ")), Ok(()));
        assert_eq!(check("token=s3cr%2Bt%2F%C3%9C", None), Ok(()), "encoded");
        assert_eq!(check("a=1&token=s3cr+t/Ü", None), Ok(()), "raw");
    }

    #[test]
    fn a_wrong_or_missing_secret_is_refused_with_a_reason() {
        for (query, header) in [
            ("", None),
            ("token=", None),
            ("token=s3cr+t", None),
            ("tokens=s3cr+t/Ü", None),
            ("", Some("Bearer wrong")),
            ("", Some("Basic s3cr+t/Ü-not")),
        ] {
            let error = check(query, header).expect_err("refused");
            assert!(
                matches!(error, WebhookError::Unauthenticated(_)),
                "{error:?}"
            );
            assert!(
                !error.to_string().contains(SECRET),
                "the refusal never repeats the secret: {error}"
            );
        }
    }

    #[test]
    fn a_request_gets_one_try_not_one_per_token_it_repeats() {
        for query in [
            "token=wrong&token=s3cr+t/Ü",
            "token=s3cr+t/Ü&token=wrong",
            "token=s3cr+t/Ü&token=s3cr+t/Ü",
            "token=a&token=b&token=c&token=s3cr+t/Ü",
        ] {
            let error = check(query, None).expect_err(query);
            assert!(error.to_string().contains("more than once"), "{error}");
        }
        let twice = WebhookRequest {
            headers: vec![
                ("authorization".to_owned(), "Bearer wrong".to_owned()),
                ("Authorization".to_owned(), "Bearer s3cr+t/Ü".to_owned()),
            ],
            ..request("", None)
        };
        let error = authenticate(&twice, Some(&Secret::new(SECRET))).expect_err("two headers");
        assert!(error.to_string().contains("more than one"), "{error}");
    }

    #[test]
    fn a_header_and_a_query_token_must_say_the_same() {
        assert_eq!(
            check("token=s3cr%2Bt%2F%C3%9C", Some("Bearer s3cr+t/Ü")),
            Ok(())
        );
        assert_eq!(check("token=s3cr+t/Ü", Some("Bearer s3cr+t/Ü")), Ok(()));
        for (query, header) in [
            ("token=wrong", "Bearer s3cr+t/Ü"),
            ("token=s3cr+t/Ü", "Bearer wrong"),
        ] {
            let error = check(query, Some(header)).expect_err("two different secrets");
            assert!(error.to_string().contains("differ"), "{error}");
        }
    }

    #[test]
    fn an_account_without_a_secret_lets_no_phone_in() {
        let error = authenticate(&request("token=", None), None).expect_err("refused");
        assert!(error.to_string().contains("no secret is stored"), "{error}");
        let empty = Secret::new("");
        assert!(authenticate(&request("token=", None), Some(&empty)).is_err());
    }

    #[test]
    fn constant_time_eq_is_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
