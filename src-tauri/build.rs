use std::path::{Path, PathBuf};

fn main() {
    // The binary embeds the built UI (tauri.conf.json: build.frontendDist).
    println!("cargo::rerun-if-changed=../ui/dist");
    if !Path::new("../ui/dist/index.html").exists() {
        // A fresh clone's `cargo test --workspace` must build without Node: embed a page that
        // says how to build the UI instead, and say it here too. scripts/run and scripts/test
        // build the UI first, and the rerun-if-changed above rebuilds once ui/dist appears.
        match placeholder_ui() {
            Ok(dir) => {
                println!(
                    "cargo::warning=ui/dist is missing: the desktop app embeds a placeholder page; \
                     run `(cd ui && npm ci && npm run build)` for the real UI"
                );
                let config = serde_json::json!({ "build": { "frontendDist": dir } });
                println!("cargo::rustc-env=TAURI_CONFIG={config}");
            }
            Err(e) => {
                println!(
                    "cargo::error=ui/dist is missing and no placeholder could be written: {e}"
                );
                return;
            }
        }
    }
    // Listing the app's commands turns on Tauri's ACL for them: a window may call each only
    // because capabilities/main.json grants it (`allow-api`, `allow-connect-team`, …).
    let attributes =
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&[
            "api",
            "desktop_state",
            "choose_solo",
            "connect_team",
            "leave_team",
        ]));
    if let Err(e) = tauri_build::try_build(attributes) {
        println!("cargo::error={e:#}");
    }
}

/// A one-page UI in OUT_DIR telling whoever runs this build how to get the real one.
fn placeholder_ui() -> std::io::Result<PathBuf> {
    let out = PathBuf::from(
        std::env::var_os("OUT_DIR")
            .ok_or_else(|| std::io::Error::other("cargo did not set OUT_DIR"))?,
    );
    let dir = out.join("ui-missing");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Switchboard</title></head>\
         <body><p>The UI was not built: run <code>cd ui &amp;&amp; npm ci &amp;&amp; npm run build</code>, \
         then build the app again.</p><p lang=\"ru\">Интерфейс не собран: выполните \
         <code>cd ui &amp;&amp; npm ci &amp;&amp; npm run build</code> и соберите приложение заново.</p>\
         </body></html>",
    )?;
    Ok(dir)
}
