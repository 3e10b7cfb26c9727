//! Operators' passwords: the length rules, Argon2id hashes in PHC strings, and verification.
//!
//! Hashing is slow on purpose (that is what makes a stolen database expensive to guess from),
//! so it runs on a few threads of its own: each hash takes 19 MiB, and a burst of sign-ins must
//! cost a queue, not the machine's memory. Own threads rather than the runtime's blocking pool:
//! the allocator keeps a freed hash's memory in the arena of the thread that used it, so
//! hashes spread over hundreds of pool threads kept hundreds of MiB (measured: 370–715 MiB
//! after 50 sign-ins); over four threads at most four hashes' worth stays.

use std::sync::Mutex;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::said;
use crate::engine::lock;
use crate::error::{Error, Result};

/// Fewer characters are guessed too easily, even through the sign-in throttle.
pub const MIN_CHARS: usize = 10;
/// Enough for any passphrase or password manager; more is only a way to make hashing slow.
pub const MAX_CHARS: usize = 256;

/// Hashes (and verifications) running at once, each on its own thread; more wait their turn.
const AT_ONCE: usize = 4;

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads, started on first use; they live as long as the process.
fn hashing_threads() -> &'static Mutex<std::sync::mpsc::Sender<Job>> {
    static THREADS: std::sync::OnceLock<Mutex<std::sync::mpsc::Sender<Job>>> =
        std::sync::OnceLock::new();
    THREADS.get_or_init(|| {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = std::sync::Arc::new(Mutex::new(queue));
        for n in 0..AT_ONCE {
            let queue = queue.clone();
            let started = std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while taking the next job.
                        let job = lock(&queue).recv();
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = started {
                tracing::error!("a password hashing thread could not start: {e}");
            }
        }
        Mutex::new(jobs)
    })
}

/// A password as typed. Its `Debug` never prints it, so it cannot leak through a log line or
/// an error chain.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "string")]
pub struct Password(String);

impl Password {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A password an operator may be given: [`MIN_CHARS`] to [`MAX_CHARS`] characters. Nothing
    /// else is asked of it (no "one digit, one capital"): length is what resists guessing.
    pub fn check(&self) -> Result<()> {
        let chars = self.0.chars().count();
        if chars < MIN_CHARS {
            return Err(Error::BadRequest(
                said::PASSWORD_TOO_SHORT.with("min", MIN_CHARS),
            ));
        }
        if chars > MAX_CHARS {
            return Err(Error::BadRequest(
                said::PASSWORD_TOO_LONG.with("max", MAX_CHARS),
            ));
        }
        Ok(())
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// How much an Argon2id hash costs to make, and so to guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl PasswordCost {
    /// OWASP's Argon2id recommendation (m = 19 MiB, t = 2, p = 1): what every engine hashes
    /// with unless told otherwise.
    pub const OWASP: Self = Self {
        memory_kib: 19_456,
        iterations: 2,
        parallelism: 1,
    };

    /// The least Argon2 accepts, for tests only: an unoptimised test build takes most of a
    /// second per OWASP hash. Hashes keep their parameters, so they verify whatever the engine
    /// is set to later.
    pub const CHEAP: Self = Self {
        memory_kib: 8,
        iterations: 1,
        parallelism: 1,
    };
}

/// The PHC string of `password`'s Argon2id hash with a fresh random salt. Slow: call it on a
/// blocking thread.
fn hash_blocking(password: &Password, cost: PasswordCost) -> Result<String> {
    let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
        .map_err(Error::internal)?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(Error::internal)?;
    let salt_text = SaltString::encode_b64(&salt).map_err(Error::internal)?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    with_memory(params.block_count(), |memory| {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
            .hash_password_into_with_memory(password.expose().as_bytes(), &salt, &mut out, memory)
    })
    .map_err(Error::internal)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(Error::internal)?,
        salt: Some(salt_text.as_salt()),
        hash: Some(Output::new(&out).map_err(Error::internal)?),
    };
    Ok(hash.to_string())
}

fn verify_blocking(password: &Password, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let (Ok(algorithm), Ok(params), Some(expected), Some(salt)) = (
        Algorithm::try_from(hash.algorithm),
        Params::try_from(&hash),
        hash.hash,
        hash.salt,
    ) else {
        return false;
    };
    let version = hash
        .version
        .and_then(|v| Version::try_from(v).ok())
        .unwrap_or_default();
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let computed = with_memory(params.block_count(), |memory| {
        Argon2::new(algorithm, version, params.clone()).hash_password_into_with_memory(
            password.expose().as_bytes(),
            salt,
            &mut out,
            memory,
        )
    });
    // `Output`'s comparison takes the same time wherever the bytes differ.
    computed.is_ok() && Output::new(&out).is_ok_and(|out| out == expected)
}

thread_local! {
    /// This hashing thread's Argon2 memory, kept from one hash to the next (19 MiB at
    /// production cost): allocating it afresh each time is what left freed hashes' memory with
    /// the allocator.
    static MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with `blocks` Argon2 blocks of this thread's kept memory.
fn with_memory<T>(blocks: usize, f: impl FnOnce(&mut [Block]) -> T) -> T {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        f(&mut memory[..blocks])
    })
}

/// The engine's hasher: its cost, and a hash of nobody's password
/// to verify against when a login is unknown.
pub(crate) struct Passwords {
    cost: Mutex<PasswordCost>,
    /// Made on first need with the cost then in force, so an unknown login takes as long to
    /// refuse as a wrong password (and does not tell which logins exist).
    decoy: Mutex<Option<(PasswordCost, String)>>,
}

impl Default for Passwords {
    fn default() -> Self {
        Self {
            cost: Mutex::new(PasswordCost::OWASP),
            decoy: Mutex::new(None),
        }
    }
}

impl Passwords {
    pub(crate) fn set_cost(&self, cost: PasswordCost) {
        *lock(&self.cost) = cost;
    }

    fn cost(&self) -> PasswordCost {
        *lock(&self.cost)
    }

    /// Runs one slow step on a blocking thread, when its turn comes.
    async fn slowly<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // A request dropped while it waited (the client went away) costs no hash.
            if answer.is_closed() {
                return;
            }
            // The asker may have gone meanwhile: nobody to tell.
            let _ = answer.send(f());
        });
        lock(hashing_threads()).send(job).map_err(Error::internal)?;
        answered.await.map_err(Error::internal)
    }

    /// `password` checked against the rules, then hashed.
    pub(crate) async fn hash(&self, password: &Password) -> Result<String> {
        password.check()?;
        let (password, cost) = (password.clone(), self.cost());
        self.slowly(move || hash_blocking(&password, cost)).await?
    }

    /// Whether `password` matches the stored hash; with none (an unknown login, an operator
    /// without a password) it is checked against the decoy, taking as long, and never matches.
    pub(crate) async fn verify(&self, password: &Password, stored: Option<String>) -> Result<bool> {
        // Made (once) whichever way this goes, so that the first unknown login is not the one
        // attempt that takes twice as long.
        let decoy = self.decoy().await?;
        let (candidate, real) = match stored {
            Some(phc) => (phc, true),
            None => (decoy, false),
        };
        let password = password.clone();
        let matched = self
            .slowly(move || verify_blocking(&password, &candidate))
            .await?;
        Ok(real && matched)
    }

    async fn decoy(&self) -> Result<String> {
        let cost = self.cost();
        if let Some((made_with, phc)) = lock(&self.decoy).as_ref()
            && *made_with == cost
        {
            return Ok(phc.clone());
        }
        let mut nobodys = [0u8; 24];
        getrandom::fill(&mut nobodys).map_err(Error::internal)?;
        let nobodys = Password::new(hex::encode(nobodys));
        let phc = self.slowly(move || hash_blocking(&nobodys, cost)).await??;
        *lock(&self.decoy) = Some((cost, phc.clone()));
        Ok(phc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_made_by_the_argon2_crates_own_hasher_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let password = Password::new("correct horse battery");
        let salt = SaltString::encode_b64(b"sixteen byte slt").unwrap();
        let params = Params::new(64, 1, 1, None).unwrap();
        let phc = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(password.expose().as_bytes(), &salt)
            .unwrap()
            .to_string();
        assert!(verify_blocking(&password, &phc));
        assert!(!verify_blocking(
            &Password::new("wrong horse battery"),
            &phc
        ));
        // The kept memory serves a smaller cost after a larger one, and the other way round.
        let big = hash_blocking(&password, PasswordCost::OWASP).unwrap();
        assert!(verify_blocking(&password, &phc));
        assert!(verify_blocking(&password, &big));
    }

    #[test]
    fn a_hash_is_argon2id_with_its_parameters_and_verifies_only_its_password() {
        let password = Password::new("correct horse battery");
        let phc = hash_blocking(&password, PasswordCost::OWASP).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_blocking(&password, &phc));
        assert!(!verify_blocking(
            &Password::new("correct horse batterY"),
            &phc
        ));
        let again = hash_blocking(&password, PasswordCost::OWASP).unwrap();
        assert_ne!(phc, again, "each hash has a salt of its own");
    }

    #[test]
    fn a_cheap_hash_still_verifies_by_its_own_parameters() {
        let password = Password::new("0123456789");
        let phc = hash_blocking(&password, PasswordCost::CHEAP).unwrap();
        assert!(phc.contains("m=8,t=1,p=1"), "{phc}");
        assert!(verify_blocking(&password, &phc));
        assert!(!verify_blocking(&password, "not a hash"));
        assert!(!verify_blocking(&password, ""));
    }

    #[test]
    fn length_is_counted_in_characters_and_debug_shows_nothing() {
        assert!(
            Password::new("ж".repeat(10)).check().is_ok(),
            "20 bytes, 10 characters"
        );
        let short = Password::new("ж".repeat(9)).check().unwrap_err();
        assert_eq!(short.phrase().key, "auth.password_too_short");
        assert_eq!(short.phrase().arg_text("min").as_deref(), Some("10"));
        assert!(Password::new("x".repeat(MAX_CHARS)).check().is_ok());
        let long = Password::new("x".repeat(MAX_CHARS + 1))
            .check()
            .unwrap_err();
        assert_eq!(long.phrase().key, "auth.password_too_long");
        let secret = Password::new("hunter2hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
    }
}
