//! Whether a phone token is strong enough. The token is all that stands between the internet
//! and the account's outbox (the webhook address is public once given out), and anyone may try
//! tokens over HTTP as fast as the server answers: a short or patterned one can be guessed.
//!
//! The estimate is deliberately simple: each character counts the bits of its character
//! classes' pool (digits, lower case, upper case, symbols, anything else), unless it is
//! predictable from what came before: the previous character again or its neighbour (`aa`,
//! `ab`, `98`), or a pair of characters seen earlier (a repeated word). Random hex of 32
//! characters scores about 130 bits and never below 75; `passwordpassword…` scores 38.

use switchboard_core::phrase::Phrase;

use super::phrases as said;

/// The shortest token accepted, in characters.
pub const MIN_CHARS: usize = 32;

/// The least estimated strength accepted, in bits. Far beyond what guessing over HTTP could
/// reach; what it refuses is tokens made of repetitions and runs.
pub const MIN_BITS: f64 = 64.0;

/// Why `token` may not be a phone token, or `None` when it is strong enough.
pub fn problem(token: &str) -> Option<Phrase> {
    let chars = token.chars().count();
    if chars < MIN_CHARS {
        return Some(
            said::TOKEN_TOO_SHORT
                .with("chars", chars)
                .arg("min", MIN_CHARS),
        );
    }
    (estimated_bits(token) < MIN_BITS).then(|| said::TOKEN_GUESSABLE.phrase())
}

/// The estimate in the module docs.
pub fn estimated_bits(token: &str) -> f64 {
    let chars: Vec<char> = token.chars().collect();
    let per_char = f64::from(pool(&chars)).log2();
    let mut pairs = std::collections::HashSet::new();
    let mut bits = 0.0;
    let mut previous: Option<char> = None;
    for &c in &chars {
        let predictable = previous.is_some_and(|p| {
            let near = u32::from(c).abs_diff(u32::from(p)) <= 1;
            let repeated = !pairs.insert((p, c));
            near || repeated
        });
        if !predictable {
            bits += per_char;
        }
        previous = Some(c);
    }
    bits
}

/// Whether a character is of a class, and how many characters the class has.
type Class = (fn(&char) -> bool, u32);

const CLASSES: [Class; 5] = [
    (char::is_ascii_digit, 10),
    (char::is_ascii_lowercase, 26),
    (char::is_ascii_uppercase, 26),
    (|c| c.is_ascii_punctuation() || *c == ' ', 33),
    (|c| !c.is_ascii(), 100),
];

/// How many characters the classes used could have been drawn from.
fn pool(chars: &[char]) -> u32 {
    CLASSES
        .iter()
        .filter(|(member, _)| chars.iter().any(member))
        .map(|(_, size)| size)
        .sum::<u32>()
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_random_tokens_pass_and_short_or_patterned_ones_do_not() {
        for strong in [
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c",
            "Kq3vX9pL2mN7rT5wY8zB4cD6fG1hJ0sA",
            "7c2e4a91f0b35d8e6a1c9b2f4d7e0a3c",
        ] {
            assert_eq!(
                problem(strong),
                None,
                "{strong}: {}",
                estimated_bits(strong)
            );
        }
        let short = problem("phone-secret-K7x/9+q").expect("too short");
        assert_eq!(short.key, "phone_bridge.token.too_short");
        assert_eq!(short.arg_text("chars").as_deref(), Some("20"));
        for patterned in [
            "passwordpasswordpasswordpassword",
            "abcdefghijklmnopqrstuvwxyz123456",
            "00000000000000000000000000000000000000",
            "0123456789012345678901234567890123",
        ] {
            let refused = problem(patterned).expect(patterned);
            assert_eq!(refused.key, "phone_bridge.token.guessable", "{patterned}");
        }
    }
}
