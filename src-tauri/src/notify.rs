//! Desktop notifications for incoming messages, only while the window is not focused.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use switchboard_core::host::{Notification, Notifier};

/// Whether the main window has the keyboard focus, as its window events last said.
#[derive(Clone, Default)]
pub struct Focus(Arc<AtomicBool>);

impl Focus {
    pub fn set(&self, focused: bool) {
        self.0.store(focused, Ordering::Relaxed);
    }

    fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

pub struct Desktop {
    focus: Focus,
}

impl Desktop {
    pub fn new(focus: Focus) -> Self {
        Self { focus }
    }
}

impl Notifier for Desktop {
    fn notify(&self, n: &Notification) {
        if self.focus.get() {
            return; // the operator is looking at the inbox already
        }
        let (title, body) = shown(n);
        // Showing talks to the session bus and waits for its answer: keep it off async threads.
        tauri::async_runtime::spawn_blocking(move || {
            // No actions: clicking the notification opens nothing.
            let shown = notify_rust::Notification::new()
                .appname("Switchboard")
                .summary(&title)
                .body(&body)
                .hint(notify_rust::Hint::Category("im.received".into()))
                .show();
            if let Err(e) = shown {
                tracing::warn!("could not show a desktop notification: {e}");
            }
        });
    }
}

/// The longest summary and body shown.
const TITLE_CHARS: usize = 100;
const BODY_CHARS: usize = 140;

/// What a notification shows: the contact's name (or number) and a preview, each one line
/// without control or bidirectional-override characters (a name that reorders itself could
/// pass for another contact), and escaped: notification servers may render either as markup,
/// and both are the customer's words.
fn shown(n: &Notification) -> (String, String) {
    let line = |text: &str, max| escape_markup(&switchboard_core::text::one_line(text, max));
    (line(&n.title, TITLE_CHARS), line(&n.body, BODY_CHARS))
}

fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_and_preview_are_one_plain_line_each() {
        let (title, body) = shown(&Notification {
            title: "<b>Bank</b> \u{202E}gnirts\u{1b}[2J\nSupport".into(),
            body: "line one\nline two\u{2066} & <a href='x'>".into(),
            conversation_id: 1,
        });
        assert_eq!(title, "&lt;b&gt;Bank&lt;/b&gt; gnirts [2J Support");
        assert_eq!(body, "line one line two &amp; &lt;a href=&#39;x&#39;&gt;");
    }

    #[test]
    fn customer_markup_is_shown_as_text() {
        assert_eq!(
            escape_markup("<img src=x onerror='a()'> & <b>"),
            "&lt;img src=x onerror=&#39;a()&#39;&gt; &amp; &lt;b&gt;"
        );
    }
}
