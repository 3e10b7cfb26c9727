//! Embeds the built web UI (`ui/dist`) in the `switchboard` binary, so that `serve` shows the
//! inbox wherever the binary is copied, not only beside the repository it was built in.
//!
//! A fresh clone has no `ui/dist`: the build still succeeds with no UI embedded, and `/` then
//! says how to build it. `SWITCHBOARD_UI_DIR` points a binary at a UI on disk at run time
//! (development, the browser test).

use std::path::{Path, PathBuf};

fn main() {
    let Some(manifest) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        println!("cargo::error=cargo did not set CARGO_MANIFEST_DIR");
        return;
    };
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        println!("cargo::error=cargo did not set OUT_DIR");
        return;
    };
    let dist = manifest.join("../../ui/dist");
    // Rebuilt whenever the UI is (cargo looks at every file under the folder).
    println!("cargo::rerun-if-changed={}", dist.display());
    let mut files = Vec::new();
    if dist.join("index.html").is_file() {
        match dist.canonicalize() {
            Ok(root) => {
                if let Err(e) = collect(&root, &root, &mut files) {
                    println!("cargo::warning=ui/dist could not be read ({e}); no UI is embedded");
                    files.clear();
                }
            }
            Err(e) => println!("cargo::warning=ui/dist could not be read ({e}); no UI is embedded"),
        }
    } else {
        println!(
            "cargo::warning=ui/dist is missing: `switchboard serve` embeds no web UI and says how to \
             build one; run `(cd ui && npm ci && npm run build)` before building for the real UI"
        );
    }
    files.sort();
    let mut code = String::from(
        "/// The built UI's files (paths relative to ui/dist, `/`-separated) and their bytes.\n\
         pub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (relative, absolute) in &files {
        code.push_str(&format!(
            "    ({relative:?}, include_bytes!({:?})),\n",
            absolute.display().to_string()
        ));
    }
    code.push_str("];\n");
    if let Err(e) = std::fs::write(out.join("ui_files.rs"), code) {
        println!("cargo::error=cannot write the embedded UI's index: {e}");
    }
}

/// Every file under `dir` but hidden ones, as (path relative to `root`, absolute path).
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect(root, &path, files)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let relative: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push((relative.join("/"), path));
        }
    }
    Ok(())
}
