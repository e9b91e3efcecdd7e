//! Secrets live in a type that cannot print them. They come from the environment, a file,
//! stdin or (warned) argv, and each remembers where it came from so that a verdict can say
//! which one matched without showing it.

use std::fmt;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use crate::error::Error;
use crate::output::Printer;

pub const ENV_SECRET: &str = "WHK_SECRET";

#[derive(Clone)]
pub struct Secret {
    bytes: Vec<u8>,
    source: String,
    /// The environment variable it came from, so a printed command can refer to it by name.
    env: Option<String>,
    /// The provider it is for (`--secret-env pyannote=VAR`), where one run meets several.
    provider: Option<String>,
}

impl Secret {
    pub fn new(bytes: impl Into<Vec<u8>>, source: impl Into<String>) -> Self {
        Secret { bytes: bytes.into(), source: source.into(), env: None, provider: None }
    }

    /// The provider this secret was named for, if it was (`PROVIDER=VAR`).
    pub fn provider(&self) -> Option<&str> {
        self.provider.as_deref()
    }

    pub fn env_var(&self) -> Option<&str> {
        self.env.as_deref()
    }

    /// The key material. Callers hash it; nothing may print it.
    pub fn expose(&self) -> &[u8] {
        &self.bytes
    }

    /// Where the secret came from, e.g. `--secret-env STRIPE_SECRET`; safe to print.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The same source with other key bytes, for diagnosing near-misses (a trimmed secret).
    pub fn with_bytes(&self, bytes: Vec<u8>) -> Self {
        Secret { bytes, ..self.clone() }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret([redacted], from {})", self.source)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where the user asked whk to find secrets, straight from the command line.
#[derive(Debug, Default, Clone)]
pub struct SecretSpec {
    pub values: Vec<String>,
    pub envs: Vec<String>,
    pub files: Vec<PathBuf>,
}

impl SecretSpec {
    pub fn reads_stdin(&self) -> bool {
        self.values.iter().any(|v| v == "-")
    }
}

/// Loads every secret named by `spec`, in the order env, file, value; falls back to `WHK_SECRET`.
/// An empty result means none was given: the caller decides whether that is an error.
pub fn load(spec: &SecretSpec, body_reads_stdin: bool, printer: &Printer) -> Result<Vec<Secret>, Error> {
    let mut secrets = Vec::new();
    for given in &spec.envs {
        // A variable's name holds no `=`, so `pyannote=VAR` can only name a provider's secret.
        let (provider, name) = match given.split_once('=') {
            Some((provider, name)) => (Some(provider), name),
            None => (None, given.as_str()),
        };
        let value = std::env::var_os(name).ok_or_else(|| {
            Error::bad_input(format!("environment variable {name} is not set"))
                .hint(format!("export {name}=… or pass --secret-file PATH"))
        })?;
        let source = format!("--secret-env {given}");
        let mut secret = non_empty(value.into_encoded_bytes(), source)?;
        secret.env = Some(name.to_string());
        secret.provider = provider.map(str::to_string);
        secrets.push(secret);
    }
    for path in &spec.files {
        let source = format!("--secret-file {}", path.display());
        let bytes =
            std::fs::read(path).map_err(|e| Error::unreadable(&format!("secret file {}", path.display()), &e))?;
        secrets.push(non_empty(strip_one_newline(bytes), source)?);
    }
    for value in &spec.values {
        if value == "-" {
            if body_reads_stdin {
                return Err(Error::usage("stdin cannot carry both the secret and the body")
                    .hint("pass the body as a file, or the secret with --secret-env VAR"));
            }
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| Error::unreadable("the secret from stdin", &e))?;
            secrets.push(non_empty(strip_one_newline(bytes), "--secret - (stdin)")?);
        } else {
            printer.warn("--secret VALUE is visible to other users in the process list; prefer --secret-env VAR or --secret-file PATH");
            secrets.push(non_empty(value.clone().into_bytes(), "--secret")?);
        }
    }
    if secrets.is_empty() {
        if let Some(value) = std::env::var_os(ENV_SECRET) {
            let mut secret = non_empty(value.into_encoded_bytes(), ENV_SECRET)?;
            secret.env = Some(ENV_SECRET.into());
            secrets.push(secret);
        }
    }
    Ok(secrets)
}

/// No secret was given but the scheme needs one: ask on a terminal, otherwise fail with a hint.
pub fn prompt_or_fail(provider: &str) -> Result<Secret, Error> {
    let missing = || {
        Error::bad_input(format!("{provider} needs a secret and none was given"))
            .hint(format!("pass --secret-env VAR, --secret-file PATH or set {ENV_SECRET}"))
    };
    if !interactive() {
        return Err(missing());
    }
    let value =
        dialoguer::Password::new().with_prompt(format!("{provider} secret")).interact().map_err(|_| missing())?;
    non_empty(value.into_bytes(), "prompt")
}

/// Prompts are allowed only with a person at both ends: stdin and stderr are terminals, not CI.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

fn non_empty(bytes: Vec<u8>, source: impl Into<String>) -> Result<Secret, Error> {
    let source = source.into();
    if bytes.is_empty() {
        return Err(Error::bad_input(format!("the secret from {source} is empty"))
            .hint("give the webhook signing secret your provider shows"));
    }
    Ok(Secret::new(bytes, source))
}

/// Editors and `echo` add one newline to a secret file; providers never put one in a secret.
fn strip_one_newline(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.ends_with(b"\n") {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let secret = Secret::new("whsec_topsecret", "--secret-env X");
        assert_eq!(secret.to_string(), "[redacted]");
        let debug = format!("{secret:?}");
        assert!(!debug.contains("topsecret"), "{debug}");
        assert!(debug.contains("--secret-env X"));
    }

    #[test]
    fn one_trailing_newline_is_stripped() {
        assert_eq!(strip_one_newline(b"abc\n".to_vec()), b"abc");
        assert_eq!(strip_one_newline(b"abc\r\n".to_vec()), b"abc");
        assert_eq!(strip_one_newline(b"abc\n\n".to_vec()), b"abc\n");
        assert_eq!(strip_one_newline(b"abc".to_vec()), b"abc");
    }
}
