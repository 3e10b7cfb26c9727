fn main() {
    // The binary embeds the built UI (tauri.conf.json: build.frontendDist).
    println!("cargo::rerun-if-changed=../ui/dist");
    if !std::path::Path::new("../ui/dist/index.html").exists() {
        println!(
            "cargo::error=the desktop app embeds the built UI and ui/dist is missing: run \
             `(cd ui && npm ci && npm run build)` first (scripts/run and scripts/test do)"
        );
        return;
    }
    // Listing the app's commands turns on Tauri's ACL for them: a window may call `api` only
    // because capabilities/main.json grants `allow-api`.
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(&["api"]));
    if let Err(e) = tauri_build::try_build(attributes) {
        println!("cargo::error={e:#}");
    }
}
