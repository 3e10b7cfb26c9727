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
        let title = n.title.clone();
        // Notification servers may render the body as markup: customer text must stay text.
        let body = escape_markup(&n.body);
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
    fn customer_markup_is_shown_as_text() {
        assert_eq!(
            escape_markup("<img src=x onerror='a()'> & <b>"),
            "&lt;img src=x onerror=&#39;a()&#39;&gt; &amp; &lt;b&gt;"
        );
    }
}
