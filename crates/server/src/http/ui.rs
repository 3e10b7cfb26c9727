//! The web UI (`ui/dist`, built into the binary by `build.rs`), served at `/` so that a
//! browser opened on the URL `serve` prints shows the inbox. Static files need no token (the
//! page holds no data; the API it calls does). The HTML carries a strict
//! Content-Security-Policy: only this origin's scripts, styles and connections, nothing inline,
//! nothing from elsewhere — customer text can never become running code even if it slipped
//! into the DOM as markup.
//!
//! `SWITCHBOARD_UI_DIR` serves a UI from disk instead, read at request time (development).
//! A binary built without `ui/dist` embeds none, and `/` explains how to get one.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use axum::extract;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/ui_files.rs"));
}

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A UI on disk to serve instead of the embedded one (`SWITCHBOARD_UI_DIR`).
pub fn ui_dir() -> Option<PathBuf> {
    match std::env::var_os("SWITCHBOARD_UI_DIR") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => None,
    }
}

/// Whether this binary carries a built UI.
#[cfg(test)]
fn embedded() -> bool {
    embedded::FILES
        .iter()
        .any(|(path, _)| *path == "index.html")
}

/// A UI file by its path relative to the UI's root (`index.html`, `assets/index-1.js`).
async fn file(relative: &Path) -> Option<Cow<'static, [u8]>> {
    match ui_dir() {
        Some(dir) => read(dir.join(relative)).await.map(Cow::Owned),
        None => {
            let key: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            let key = key.join("/");
            embedded::FILES
                .iter()
                .find(|(path, _)| *path == key)
                .map(|(_, bytes)| Cow::Borrowed(*bytes))
        }
    }
}

pub(super) async fn index() -> Response {
    match file(Path::new("index.html")).await {
        Some(html) => with_headers(html, "text/html; charset=utf-8", false),
        None => {
            let missing = match ui_dir() {
                Some(dir) => format!("{} has no index.html", dir.display()),
                None => "this binary was built without ui/dist".to_owned(),
            };
            (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!(
                    "Switchboard is running.\n\n\
                     The web UI is not here ({missing}): run `npm ci && npm run build` in ui/ and\n\
                     build switchboard again, or point SWITCHBOARD_UI_DIR at a built UI.\n\n\
                     API: POST /api/{{command}} with `Authorization: Bearer TOKEN` (an API key) and a JSON body.\n\
                     Live events: GET /api/events with the same header (server-sent events).\n\
                     Webhooks: /hooks/{{account token}}/{{endpoint}}.\n"
                ),
            )
                .into_response()
        }
    }
}

/// `/assets/{*path}`: Vite's hashed bundles, cached for good.
pub(super) async fn asset(extract::Path(path): extract::Path<String>) -> Response {
    let Some(relative) = safe_relative(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match file(&Path::new("assets").join(&relative)).await {
        Some(body) => with_headers(body, content_type(&relative), true),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn read(path: PathBuf) -> Option<Vec<u8>> {
    tokio::task::spawn_blocking(move || std::fs::read(path).ok())
        .await
        .ok()
        .flatten()
}

fn with_headers(body: Cow<'static, [u8]>, content_type: &'static str, immutable: bool) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }),
    );
    if content_type.starts_with("text/html") {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
    }
    response
}

/// The request path as a relative path that cannot leave the assets folder, or None.
fn safe_relative(path: &str) -> Option<PathBuf> {
    if path.is_empty() || path.contains('\\') || path.contains('\0') {
        return None;
    }
    let mut relative = PathBuf::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) if !part.to_string_lossy().starts_with('.') => {
                relative.push(part)
            }
            _ => return None,
        }
    }
    (!relative.as_os_str().is_empty()).then_some(relative)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("json" | "map") => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_paths_cannot_leave_the_assets_folder() {
        assert_eq!(
            safe_relative("index-abc.js"),
            Some(PathBuf::from("index-abc.js"))
        );
        assert_eq!(safe_relative("a/b.css"), Some(PathBuf::from("a/b.css")));
        for bad in [
            "",
            "../secret",
            "a/../../x",
            "/etc/passwd",
            ".hidden",
            "a\\..\\b",
            "./x",
        ] {
            assert_eq!(safe_relative(bad), None, "{bad:?} must be refused");
        }
    }

    #[test]
    fn scripts_get_a_javascript_type_so_nosniff_lets_them_run() {
        assert_eq!(
            content_type(Path::new("index-1.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.css")), "text/css; charset=utf-8");
    }

    #[tokio::test]
    async fn the_built_ui_is_in_the_binary() {
        if !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../ui/dist/index.html")
            .is_file()
        {
            // A fresh clone without Node builds a binary that says how to get the UI.
            assert!(!embedded());
            return;
        }
        assert!(embedded(), "ui/dist was there at build time");
        let index = embedded::FILES
            .iter()
            .find(|(path, _)| *path == "index.html")
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .unwrap_or_default();
        let script = index
            .split("src=\"/assets/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("index.html loads a script from /assets/");
        assert!(
            file(&Path::new("assets").join(script)).await.is_some(),
            "{script} is embedded beside index.html"
        );
    }

    #[test]
    fn the_policy_allows_nothing_inline_or_foreign() {
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
        assert!(CONTENT_SECURITY_POLICY.contains("connect-src 'self'"));
    }
}
