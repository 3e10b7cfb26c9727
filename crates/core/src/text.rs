//! Words from outside (a customer's profile name, a message shown in a notification) made safe
//! to show on one line: no control characters, no bidirectional overrides that would make a
//! name read as something else, and a bounded length.

/// Unicode's explicit bidirectional formatting characters: embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069). They can make text display in another order than it is
/// written (`"Invoice\u{202E}fdp.exe"` shows as `Invoiceexe.pdf`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` as one line of at most `max_chars` characters: control characters (line breaks,
/// tabs, escapes) become spaces, bidirectional controls are dropped, runs of spaces are one,
/// and the ends are trimmed.
pub fn one_line(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut count = 0;
    let mut space = false;
    for c in text.chars() {
        if is_bidi_control(c) {
            continue;
        }
        if c.is_control() || c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if count + usize::from(space) + 1 > max_chars {
            break;
        }
        if space {
            out.push(' ');
            count += 1;
            space = false;
        }
        out.push(c);
        count += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_written_on_one_line() {
        assert_eq!(one_line("  Ann\n\tK. \u{1b}[31m ", 50), "Ann K. [31m");
        assert_eq!(one_line("Invoice\u{202E}fdp.exe", 50), "Invoicefdp.exe");
        assert_eq!(one_line("a\u{2066}b\u{2069}c", 50), "abc");
        assert_eq!(one_line("Анна Каренина", 4), "Анна");
        assert_eq!(one_line("ab cd", 3), "ab");
        assert_eq!(one_line("\n\u{202E}\t", 10), "");
    }
}
