//! A template's shape from its `{{n}}` placeholders, and its text with parameters filled in.

/// The numbers of the `{{n}}` placeholders in `text`, in order of appearance (spaces inside
/// the braces tolerated, as WhatsApp shows them: `{{ 1 }}`).
pub fn placeholders(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let inner = open + 2;
        let Some(close) = text[inner..].find("}}").map(|i| inner + i) else {
            break;
        };
        match text[inner..close].trim().parse::<u32>() {
            Ok(n)
                if text[inner..close]
                    .trim()
                    .bytes()
                    .all(|b| b.is_ascii_digit()) =>
            {
                out.push(n);
                from = close + 2;
            }
            _ => from = open + 1,
        }
    }
    out
}
