//! Upgrades keep data, downgrades never damage it: a database written by a newer Switchboard
//! (a higher schema than this build knows) is refused by `serve` and by one-shot commands with
//! a message that says so, and its file is left byte for byte as it was.

use crate::harness::Env;

/// Everything in the data directory, name and bytes, in name order.
fn snapshot(env: &Env) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(&env.data)
        .expect("the data directory")
        .map(|e| e.expect("an entry"))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let env = Env::new();
    env.cli(&["conversations"]).ok();
    let newer = {
        let c = rusqlite::Connection::open(env.db_path()).expect("open");
        let known: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("user_version");
        assert!(known > 0, "the store migrated a new database");
        c.pragma_update(None, "user_version", known + 1)
            .expect("a newer schema");
        known + 1
    };
    let before = snapshot(&env);
    assert!(
        before.iter().any(|(name, _)| name == "switchboard.sqlite3"),
        "{before:?}"
    );

    let serve = env.cli(&["serve", "--listen", "127.0.0.1:0"]);
    assert_ne!(serve.code, Some(0), "serve refuses: {serve:#?}");
    assert!(
        serve.stderr.contains("written by a newer Switchboard")
            && serve.stderr.contains(&format!("schema {newer}")),
        "serve says why: {serve:#?}"
    );
    let one_shot = env.cli(&["conversations"]);
    assert_ne!(one_shot.code, Some(0), "{one_shot:#?}");
    assert!(
        one_shot.stderr.contains("written by a newer Switchboard"),
        "{one_shot:#?}"
    );

    // Every file there was is as it was (serve may have made its API token beside them), and
    // no journal is left to replay into the database.
    let after = snapshot(&env);
    for (name, bytes) in &before {
        let now = after.iter().find(|(n, _)| n == name).map(|(_, b)| b);
        assert!(now == Some(bytes), "{name} is byte for byte as it was");
    }
    for (name, _) in &after {
        assert!(
            !name.starts_with("switchboard.sqlite3-"),
            "{name} was left beside the newer database"
        );
    }
}
