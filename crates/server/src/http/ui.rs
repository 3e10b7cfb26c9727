//! The built web UI (`ui/dist`), served at `/` so that a browser opened on the URL `serve`
//! prints shows the inbox. Static files need no token (the page holds no data; the API it calls
//! does). The HTML carries a strict Content-Security-Policy: only this origin's scripts, styles
//! and connections, nothing inline, nothing from elsewhere — customer text can never become
//! running code even if it slipped into the DOM as markup.
//!
//! The files are read from disk at request time: `SWITCHBOARD_UI_DIR`, else the repository's
//! `ui/dist` (built by `npm run build` in `ui/`). Without them, `/` explains how to get them.

use std::path::{Component, Path, PathBuf};

use axum::extract;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Where the built UI is looked for.
pub fn ui_dir() -> PathBuf {
    match std::env::var_os("SWITCHBOARD_UI_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/dist"),
    }
}

pub(super) async fn index() -> Response {
    let dir = ui_dir();
    match read(dir.join("index.html")).await {
        Some(html) => with_headers(html, "text/html; charset=utf-8", false),
        None => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!(
                "Switchboard is running.\n\n\
                 The web UI is not built ({} has no index.html): run `npm ci && npm run build` in ui/,\n\
                 or point SWITCHBOARD_UI_DIR at a built UI.\n\n\
                 API: POST /api/{{command}} with `Authorization: Bearer TOKEN` and a JSON body.\n\
                 Live events: GET /api/events?token=TOKEN (server-sent events).\n\
                 Webhooks: /hooks/{{account token}}/{{endpoint}}.\n",
                dir.display()
            ),
        )
            .into_response(),
    }
}

/// `/assets/{*path}`: Vite's hashed bundles, cached for good.
pub(super) async fn asset(extract::Path(path): extract::Path<String>) -> Response {
    let Some(relative) = safe_relative(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match read(ui_dir().join("assets").join(&relative)).await {
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

fn with_headers(body: Vec<u8>, content_type: &'static str, immutable: bool) -> Response {
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

    #[test]
    fn the_policy_allows_nothing_inline_or_foreign() {
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
        assert!(CONTENT_SECURITY_POLICY.contains("connect-src 'self'"));
    }
}
