//! The UI's TypeScript types are generated from the Rust types and committed; this test fails
//! when they are stale. Regenerate with `UPDATE_BINDINGS=1 cargo test -p switchboard-server --test bindings`.
//!
//! It lives in the server crate because the phrase catalog spans every crate the app links: the
//! core's words, each gateway adapter's and the server's own. The desktop app's own phrases
//! join them from its source (the desktop links this crate, not the other way round); its
//! other types are generated into ui/src/bindings/desktop/ by its own test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The desktop app's phrases (only a `phrases!` list, so it compiles here too).
#[path = "../../../src-tauri/src/said.rs"]
mod desktop_said;

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            (name, text)
        })
        .collect()
}

#[test]
fn committed_typescript_bindings_match_the_rust_types() {
    let committed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    let fresh = tempfile::tempdir().expect("temp dir");
    let phrases = [switchboard_server::phrases(), desktop_said::ALL.to_vec()].concat();
    switchboard_core::api::write_bindings(fresh.path(), &phrases).expect("generate bindings");
    let generated = read_dir(fresh.path());
    assert!(
        generated.contains_key("commands.ts"),
        "the command map must be generated"
    );
    assert!(
        generated.contains_key("Message.ts"),
        "API types must be generated"
    );

    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        // The files of this generator only: ui/src/bindings/desktop/ is the desktop's.
        for name in read_dir(&committed_dir).keys() {
            let _ = std::fs::remove_file(committed_dir.join(name));
        }
        std::fs::create_dir_all(&committed_dir).expect("create ui/src/bindings");
        for (name, text) in &generated {
            std::fs::write(committed_dir.join(name), text).expect("write binding");
        }
        return;
    }
    let committed = read_dir(&committed_dir);
    let stale: Vec<&String> = generated
        .iter()
        .filter(|(name, text)| committed.get(*name) != Some(text))
        .map(|(name, _)| name)
        .chain(
            committed
                .keys()
                .filter(|name| !generated.contains_key(*name)),
        )
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is stale ({stale:?}): the UI would be typed against an old API. \
         Run `UPDATE_BINDINGS=1 cargo test -p switchboard-server --test bindings` and commit the result."
    );
}
