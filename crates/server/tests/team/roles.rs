//! Every command by every role, and signed out, over HTTP: the server refuses exactly what the
//! `api!` list's declarations say, before any handler runs; and the README's roles table is
//! those declarations (`UPDATE_README=1` writes it).

use serde_json::json;
use switchboard_core::access::Access;
use switchboard_core::api::PERMISSIONS;
use switchboard_core::operator::Role;

use crate::harness::{Team, client};

#[tokio::test]
async fn every_command_by_every_role_is_refused_or_let_through_as_declared() {
    let team = Team::start().await;
    team.add_operator("mia", "Mia", "manager").await;
    team.add_operator("sue", "Sue", "supervisor").await;
    team.add_operator("rita", "Rita", "reviewer").await;
    let sessions = [
        (Role::Manager, team.sign_in("mia").await),
        (Role::Supervisor, team.sign_in("sue").await),
        (Role::Reviewer, team.sign_in("rita").await),
    ];
    let http = client();
    let mut wrong = Vec::new();
    // Signing out last: it ends the session the other calls use.
    let mut commands: Vec<_> = PERMISSIONS.to_vec();
    commands.sort_by_key(|(name, _)| *name == "sign_out");
    for (command, access) in commands {
        for (role, session) in &sessions {
            let (status, answer) = session.call(command, json!({})).await;
            let allowed = access.allows(Some(*role));
            let refused = status == 403 && answer["code"] == "forbidden";
            if allowed == refused || (allowed && status == 401) {
                wrong.push(format!(
                    "{command} by a {}: {status} {answer}",
                    role.as_str()
                ));
            }
        }
        let r = http
            .post(format!("{}/api/{command}", team.base()))
            .json(&json!({}))
            .send()
            .await
            .expect("answers");
        let status = r.status().as_u16();
        let public = access == Access::Public;
        if public == (status == 401) {
            wrong.push(format!("{command} signed out: {status}"));
        }
    }
    assert!(wrong.is_empty(), "not as declared:\n{}", wrong.join("\n"));
}

/// The roles table of the README, from the declarations.
fn table() -> String {
    let mark = |yes: bool| if yes { "yes" } else { "—" };
    let mut out = String::from(
        "| Command | Manager | Supervisor | Reviewer | Signed out |\n|---|---|---|---|---|\n",
    );
    for (command, access) in PERMISSIONS {
        let manager = match access {
            Access::Read | Access::Reply => "yes¹",
            other => mark(other.allows(Some(Role::Manager))),
        };
        out.push_str(&format!(
            "| `{command}` | {manager} | {} | {} | {} |\n",
            mark(access.allows(Some(Role::Supervisor))),
            mark(access.allows(Some(Role::Reviewer))),
            mark(access.allows(None)),
        ));
    }
    out.push_str(
        "\n¹ In the conversations a manager sees: assigned to them or to nobody (all, when the \
         team lets managers see all conversations).\n",
    );
    out
}

#[test]
fn the_readme_roles_table_is_the_declarations() {
    const START: &str = "<!-- roles table: generated from the api! list -->\n";
    const END: &str = "<!-- end of roles table -->";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).expect("the README");
    let (head, rest) = readme
        .split_once(START)
        .expect("the README has the roles table's start marker");
    let (current, tail) = rest
        .split_once(END)
        .expect("the README has the roles table's end marker");
    let wanted = table();
    if current != wanted {
        if std::env::var_os("UPDATE_README").is_some() {
            std::fs::write(&path, format!("{head}{START}{wanted}{END}{tail}")).expect("written");
        } else {
            panic!(
                "the README's roles table differs from the api! list; run UPDATE_README=1 cargo test -p switchboard-server --test team"
            );
        }
    }
}
