//! The data directory is private: created 0700 with its files 0600 whatever the umask, and an
//! earlier version's folder, readable by other local users, made private on the next start.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::harness::{Env, SIM_KEY};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn open_up(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn the_data_directory_and_everything_in_it_are_private() {
    let env = Env::new();
    env.add_devino("Shop", "http://127.0.0.1:9", "Switchboard", SIM_KEY);
    env.cli(&[
        "public-address",
        "set",
        "--url",
        "https://inbox.example.com",
    ])
    .ok();
    assert_eq!(
        mode(&env.data),
        0o700,
        "a new data directory is the user's alone"
    );
    for file in ["switchboard.sqlite3", "secrets.json"] {
        assert_eq!(mode(&env.data.join(file)), 0o600, "{file}");
    }
    for side in ["switchboard.sqlite3-wal", "switchboard.sqlite3-shm"] {
        let path = env.data.join(side);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{side}");
        }
    }

    // As an earlier version left them: everything readable by everyone.
    let media = env.data.join("media");
    std::fs::create_dir(&media).expect("media");
    let cached = media.join("a".repeat(64));
    std::fs::write(&cached, b"a customer's photo").expect("a cached file");
    std::fs::write(env.data.join("api-token"), b"token").expect("a token");
    for (path, loose) in [
        (env.data.clone(), 0o755),
        (media.clone(), 0o755),
        (cached.clone(), 0o644),
        (env.data.join("api-token"), 0o644),
        (env.data.join("secrets.json"), 0o644),
        (env.db_path(), 0o644),
    ] {
        open_up(&path, loose);
    }
    env.cli(&["account", "list"]).ok();
    assert_eq!(
        mode(&env.data),
        0o700,
        "the data directory is tightened on start"
    );
    assert_eq!(mode(&media), 0o700, "the media cache too");
    for file in [
        cached,
        env.data.join("api-token"),
        env.data.join("secrets.json"),
        env.db_path(),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[test]
fn a_folder_that_holds_other_things_is_not_changed() {
    let env = Env::new();
    std::fs::create_dir_all(&env.data).expect("data");
    std::fs::write(env.data.join("notes.txt"), b"the user's own").expect("a file");
    open_up(&env.data, 0o755);
    env.cli(&["account", "list"]).ok();
    assert_eq!(
        mode(&env.data),
        0o755,
        "a folder that is not Switchboard's alone (a home directory) is the user's to change"
    );
    assert_eq!(
        mode(&env.db_path()),
        0o600,
        "Switchboard's own files in it are private"
    );
}
