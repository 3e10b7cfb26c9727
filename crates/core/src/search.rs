//! What a search shows of a message it found: one line of its text around the first matched
//! word, as parts that are matched or not. Parts are text, never markup, so a customer who
//! writes `[this]` or `<b>this</b>` sees exactly that, and only the words the index matched are
//! marked.
//!
//! The full-text index marks the matches itself (FTS5's `highlight()`, with [`OPEN`] and
//! [`CLOSE`] around each matched word), so what is marked is exactly what matched, with the
//! index's own idea of words, case and accents; this module only cuts the window and turns
//! the marks into parts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Put before a matched word by the index. A control character: a message that itself holds
/// one is shown unmarked rather than misread (see [`snippet`]).
pub const OPEN: char = '\u{1}';
/// Put after a matched word by the index.
pub const CLOSE: char = '\u{2}';

/// How much text a snippet shows before its first matched word, in characters (about).
const BEFORE: usize = 40;
/// The longest snippet, in characters (the ellipses aside).
const LONGEST: usize = 160;

/// A piece of a snippet: matched words (`hit`) or the text between them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// The snippet of a message whose text is `original` and which the index returned as
/// `marked`: whitespace as single spaces, at most about [`LONGEST`] characters starting a little
/// before the first match, cut between words, with `…` where text was left out.
pub fn snippet(original: &str, marked: &str) -> Vec<SnippetPart> {
    // Marks inside the text itself would make the index's marks ambiguous: no highlight then.
    let source = if original.contains([OPEN, CLOSE]) {
        original
    } else {
        marked
    };
    let trusted = !original.contains([OPEN, CLOSE]);
    // Each character with whether it is matched, whitespace runs as one space.
    let mut chars: Vec<(char, bool)> = Vec::with_capacity(source.len());
    let mut hit = false;
    for c in source.chars() {
        match c {
            OPEN if trusted => hit = true,
            CLOSE if trusted => hit = false,
            c if c.is_whitespace() || c.is_control() => {
                if chars.last().is_some_and(|(p, _)| *p != ' ') {
                    chars.push((' ', hit));
                }
            }
            c => chars.push((c, hit)),
        }
    }
    while chars.last().is_some_and(|(c, _)| *c == ' ') {
        chars.pop();
    }
    let first_hit = chars.iter().position(|(_, h)| *h).unwrap_or(0);
    let mut start = first_hit.saturating_sub(BEFORE);
    // Start at a word's beginning: after the space at or before `start`, unless that would
    // pass the match.
    if start > 0 {
        start = chars[start..first_hit]
            .iter()
            .position(|(c, _)| *c == ' ')
            .map_or(first_hit, |i| start + i + 1);
    }
    let mut end = (start + LONGEST).min(chars.len());
    if end < chars.len()
        && let Some(space) = chars[start..end].iter().rposition(|(c, _)| *c == ' ')
        && start + space > first_hit
    {
        end = start + space;
    }
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |c: char, hit: bool| match parts.last_mut() {
        Some(last) if last.hit == hit => last.text.push(c),
        _ => parts.push(SnippetPart {
            text: c.to_string(),
            hit,
        }),
    };
    if start > 0 {
        push('…', false);
    }
    for &(c, h) in &chars[start..end] {
        push(c, h);
    }
    if end < chars.len() {
        push('…', false);
    }
    parts
}

/// A snippet for a terminal: matched words in brackets (`[refund]`).
pub fn bracketed(parts: &[SnippetPart]) -> String {
    parts
        .iter()
        .map(|p| {
            if p.hit {
                format!("[{}]", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(s: &str) -> String {
        s.replace('{', &OPEN.to_string())
            .replace('}', &CLOSE.to_string())
    }

    fn shown(parts: &[SnippetPart]) -> Vec<(&str, bool)> {
        parts.iter().map(|p| (p.text.as_str(), p.hit)).collect()
    }

    #[test]
    fn matched_words_are_parts_of_their_own() {
        let text = "Where is my <b>refund</b> [for] the order?";
        let parts = snippet(
            text,
            &marked("Where is my <b>{refund}</b> [for] the {order}?"),
        );
        assert_eq!(
            shown(&parts),
            vec![
                ("Where is my <b>", false),
                ("refund", true),
                ("</b> [for] the ", false),
                ("order", true),
                ("?", false)
            ],
            "markup and brackets in a customer's text are text, and only the index's marks are hits"
        );
        assert_eq!(
            bracketed(&parts),
            "Where is my <b>[refund]</b> [for] the [order]?"
        );
    }

    #[test]
    fn a_long_text_shows_a_window_around_the_first_match() {
        let before = "word ".repeat(100);
        let after = " tail".repeat(100);
        let text = format!("{before}needle{after}");
        let parts = snippet(&text, &marked(&format!("{before}{{needle}}{after}")));
        let first = &parts[0];
        assert!(first.text.starts_with("…word") && !first.hit, "{parts:?}");
        assert!(
            first.text.chars().count() <= BEFORE + 2,
            "a little context before the match, starting at a word: {first:?}"
        );
        assert_eq!(parts[1].text, "needle");
        assert!(parts[1].hit);
        let last = parts.last().expect("parts");
        assert!(last.text.ends_with("tail…"), "cut between words: {last:?}");
        let length: usize = parts.iter().map(|p| p.text.chars().count()).sum();
        assert!(length <= LONGEST + 2, "{length}");
    }

    #[test]
    fn line_breaks_become_spaces() {
        let parts = snippet("a\n\n b\tc ", &marked("a\n\n {b}\tc "));
        assert_eq!(
            shown(&parts),
            vec![("a ", false), ("b", true), (" c", false)]
        );
    }

    #[test]
    fn a_text_holding_the_marks_itself_is_shown_unmarked() {
        let text = format!("x{OPEN}y{CLOSE} z");
        let parts = snippet(&text, &marked(&format!("x{OPEN}y{CLOSE} {{z}}")));
        assert!(parts.iter().all(|p| !p.hit), "{parts:?}");
        assert_eq!(bracketed(&parts), "x y z");
    }

    #[test]
    fn cyrillic_is_cut_on_characters() {
        let text = "Здравствуйте, где мой возврат?";
        let parts = snippet(text, &marked("Здравствуйте, где мой {возврат}?"));
        assert_eq!(parts[1].text, "возврат");
        assert_eq!(bracketed(&parts), "Здравствуйте, где мой [возврат]?");
    }
}
