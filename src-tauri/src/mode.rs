//! Solo or team: whether the window runs the inbox on this computer or is a team server's
//! client, kept in `desktop.json` in the data directory.
//!
//! A data directory that already holds a database is solo without asking (everyone who used
//! Switchboard before teams existed); a fresh one is unset until the user chooses.
//! `SWITCHBOARD_MODE=solo` forces solo, for scripts and tests that start from a fresh one.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use switchboard_core::operator::Operator;
use ts_rs::TS;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export_to = "desktop/")]
pub enum Mode {
    /// Not chosen yet: no inbox runs, the window asks.
    #[default]
    Unset,
    /// The inbox on this computer, as before teams.
    Solo,
    /// A team server's client.
    Team,
}

/// What `desktop_state` answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "desktop/")]
pub struct DesktopState {
    pub mode: Mode,
    /// The team server's address, in team mode.
    pub server: Option<String>,
    /// Who uses the inbox: the solo operator, or who is signed in to the team server (null
    /// in team mode once signed out: the window offers to sign in again).
    pub operator: Option<Operator>,
}

/// The contents of desktop.json.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub mode: Mode,
    #[serde(default)]
    pub server: Option<String>,
    /// Who signed in to the team server last, shown while it does not answer.
    #[serde(default)]
    pub operator: Option<Operator>,
}

/// desktop.json in a data directory.
pub struct ModeFile {
    path: PathBuf,
}

impl ModeFile {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join("desktop.json"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What was chosen; none when nothing was, or the file cannot be read (said in the log:
    /// the choice is asked again rather than the app refusing to open).
    pub fn load(&self) -> Option<Saved> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::error!("cannot read {}: {e}", self.path.display());
                return None;
            }
        };
        match serde_json::from_slice(&bytes) {
            Ok(saved) => Some(saved),
            Err(e) => {
                tracing::error!("{} is damaged ({e}); asking again", self.path.display());
                None
            }
        }
    }

    /// Keeps the choice, readable only by the user (it names their login), replacing the
    /// file at once so a crash leaves the old choice or the new one.
    pub fn save(&self, saved: &Saved) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent()
            && !dir.exists()
        {
            switchboard_core::private_files::create_dir(dir)?;
        }
        let bytes = serde_json::to_vec_pretty(saved).map_err(std::io::Error::other)?;
        switchboard_core::private_files::write_atomically(&self.path, &bytes)
    }
}

/// The mode to start in: `SWITCHBOARD_MODE`, else what was saved, else solo where a database
/// exists already, else unset.
pub fn at_start(
    forced: Option<&str>,
    saved: Option<Saved>,
    has_database: bool,
) -> Result<Saved, String> {
    match forced.map(str::trim) {
        None | Some("") => {}
        Some("solo") => {
            return Ok(Saved {
                mode: Mode::Solo,
                ..Saved::default()
            });
        }
        Some(other) => {
            return Err(format!(
                "SWITCHBOARD_MODE={other}: only `solo` can be forced (a team server is chosen \
                 in the window)"
            ));
        }
    }
    Ok(match saved {
        Some(saved) => saved,
        None if has_database => Saved {
            mode: Mode::Solo,
            ..Saved::default()
        },
        None => Saved::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> Saved {
        Saved {
            mode: Mode::Team,
            server: Some("https://crm.example.com".to_owned()),
            operator: None,
        }
    }

    #[test]
    fn an_inbox_used_before_teams_opens_solo_without_asking() {
        let mode = |forced, saved, db| at_start(forced, saved, db).map(|s| s.mode);
        assert_eq!(mode(None, None, true), Ok(Mode::Solo), "a database: solo");
        assert_eq!(mode(None, None, false), Ok(Mode::Unset), "fresh: ask");
        assert_eq!(
            mode(None, Some(team()), true),
            Ok(Mode::Team),
            "a choice made beats the database's presence"
        );
        assert_eq!(mode(Some("solo"), Some(team()), false), Ok(Mode::Solo));
        assert_eq!(mode(Some(""), None, false), Ok(Mode::Unset));
        assert!(
            mode(Some("team"), None, false).is_err(),
            "said, not ignored"
        );
    }

    #[test]
    fn the_choice_survives_in_the_data_directory() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let data = dir.path().join("fresh");
        let file = ModeFile::new(&data);
        assert_eq!(file.load(), None);
        file.save(&team())?;
        assert_eq!(file.load(), Some(team()));
        #[cfg(unix)]
        assert_eq!(
            switchboard_core::private_files::mode(file.path())? & 0o077,
            0,
            "it names the user's login and server: theirs alone"
        );
        std::fs::write(file.path(), b"{not json")?;
        assert_eq!(file.load(), None, "a damaged file asks again");
        Ok(())
    }
}
