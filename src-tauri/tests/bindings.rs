//! The TypeScript of what the desktop shell says to the window besides the API — the
//! `desktop_state` answer and `switchboard:connection`'s payload — is generated from the Rust
//! types into ui/src/bindings/desktop/ and committed; this test fails when it is stale.
//! Regenerate with `UPDATE_BINDINGS=1 cargo test -p switchboard-desktop --test bindings`.
//!
//! The desktop's phrases join the app's one catalog (ui/src/bindings/PhraseKey.ts), which
//! crates/server/tests/bindings.rs generates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use switchboard_desktop::mode::{DesktopState, Mode};
use switchboard_desktop::team::relay::{Connection, ConnectionState};
use ts_rs::TS;

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(e.path()).unwrap_or_default())
        })
        .collect()
}

fn generate(out: &Path) -> Result<(), ts_rs::ExportError> {
    // The API's types (Operator) are imported from ui/src/bindings/, where the server's
    // generator puts them: only the desktop's own are written here.
    let cfg = ts_rs::Config::new()
        .with_out_dir(out)
        .with_large_int("number");
    DesktopState::export(&cfg)?;
    Mode::export(&cfg)?;
    Connection::export(&cfg)?;
    ConnectionState::export(&cfg)
}

#[test]
fn committed_desktop_bindings_match_the_rust_types() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings/desktop");
    let fresh = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    generate(fresh.path()).unwrap_or_else(|e| panic!("generate: {e}"));
    let generated = read_dir(&fresh.path().join("desktop"));
    assert!(generated.contains_key("DesktopState.ts"), "{generated:?}");
    assert!(
        generated["DesktopState.ts"].contains("from \"../Operator\""),
        "the operator is the API's type, not a copy: {}",
        generated["DesktopState.ts"]
    );

    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap_or_else(|e| panic!("{e}"));
        for (name, text) in &generated {
            std::fs::write(committed.join(name), text).unwrap_or_else(|e| panic!("{e}"));
        }
        return;
    }
    let on_disk = read_dir(&committed);
    let stale: Vec<&String> = generated
        .iter()
        .filter(|(name, text)| on_disk.get(*name) != Some(text))
        .map(|(name, _)| name)
        .chain(on_disk.keys().filter(|name| !generated.contains_key(*name)))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings/desktop is stale ({stale:?}): the window would be typed against an old \
         shell. Run `UPDATE_BINDINGS=1 cargo test -p switchboard-desktop --test bindings` and \
         commit the result."
    );
}
