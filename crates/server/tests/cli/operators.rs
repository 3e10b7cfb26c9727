//! `operator add | list | set-role | disable | enable | password`: the team's operators, run on
//! the data directory as this computer's own operator, passwords read from standard input.

use serde_json::Value;

use crate::harness::*;

const PASSWORD: &str = "correct horse battery";

fn operator(env: &Env, login: &str) -> Value {
    let list = env.json(&["operator", "list", "--json"]);
    list.as_array()
        .expect("a list")
        .iter()
        .find(|o| {
            o["login"]
                .as_str()
                .is_some_and(|l| l.eq_ignore_ascii_case(login))
        })
        .unwrap_or_else(|| panic!("no operator {login} in {list:#}"))
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_are_added_listed_given_roles_and_disabled() {
    let env = Env::new();
    let add = |login: &str, name: &str, password: &str| {
        env.cli_stdin(
            &[
                "operator", "add", login, "--name", name, "--role", "manager",
            ],
            &format!("{password}\n"),
        )
    };
    let added = add("Mia", "Mia Wallace", PASSWORD).ok();
    assert!(added.stdout.contains("Mia Wallace"), "{added:#?}");

    let listed = env.cli(&["operator", "list", "--json"]).ok();
    for secret in ["$argon2", PASSWORD, "password"] {
        assert!(!listed.stdout.contains(secret), "{secret} in {listed:#?}");
    }
    let mia = operator(&env, "mia");
    assert_eq!(mia["name"], "Mia Wallace");
    assert_eq!(mia["role"], "manager");
    assert_eq!(mia["active"], true);
    let text = env.cli(&["operator", "list"]).ok();
    assert!(text.stdout.contains("Mia Wallace") && text.stdout.contains("(this computer)"));

    // Stored as production stores it: Argon2id at OWASP's cost, never the password.
    let hash: String = env
        .db()
        .query_row(
            "SELECT password_hash FROM operators WHERE login = 'mia'",
            [],
            |r| r.get(0),
        )
        .expect("a hash");
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );

    let refused = add("MIA", "Another", PASSWORD);
    assert!(
        !refused.success() && refused.stderr.contains("taken"),
        "{refused:#?}"
    );
    let short = add("ann", "Ann", "too short");
    assert!(
        !short.success() && short.stderr.contains("at least 10 characters"),
        "{short:#?}"
    );
    let spaced = add("sue", "Sue", "  spaces count too  ");
    spaced.ok();

    let changed = env.cli(&["operator", "set-role", "MIA", "reviewer"]).ok();
    assert!(changed.stdout.contains("reviewer"), "{changed:#?}");
    assert_eq!(operator(&env, "mia")["role"], "reviewer");
    let unknown_role = env.cli(&["operator", "set-role", "mia", "boss"]);
    assert!(
        !unknown_role.success()
            && unknown_role
                .stderr
                .contains("manager, supervisor, reviewer"),
        "{unknown_role:#?}"
    );

    // The one supervisor who can sign in stays: the team would have nobody to run it.
    env.cli(&["operator", "set-role", "sue", "supervisor"]).ok();
    let last = env.cli(&["operator", "disable", "sue"]);
    assert!(
        !last.success() && last.stderr.contains("last active supervisor"),
        "{last:#?}"
    );

    env.cli(&["operator", "disable", "mia"]).ok();
    assert_eq!(operator(&env, "mia")["active"], false);
    let nobody = env.cli(&["operator", "disable", "nobody"]);
    assert!(
        !nobody.success() && nobody.stderr.contains("No operator signs in as 'nobody'"),
        "{nobody:#?}"
    );
    env.cli(&["operator", "enable", "mia"]).ok();
    assert_eq!(operator(&env, "mia")["active"], true);

    env.cli_stdin(&["operator", "password", "mia"], "another long password\n")
        .ok();
    let changed: String = env
        .db()
        .query_row(
            "SELECT password_hash FROM operators WHERE login = 'mia'",
            [],
            |r| r.get(0),
        )
        .expect("a hash");
    assert_ne!(changed, hash, "a new hash");
}
