//! One error type for the whole tool. Each variant knows its exit code, so `main` maps
//! every failure the same way and README.md's exit-code table has one source of truth.

use std::fmt;

/// The exit codes whk promises scripts. Stable: documented in README.md, one test each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything worked; for `verify`, the signature is valid (or the request is unsigned
    /// and `--require-signature` was not given).
    Ok = 0,
    /// A negative verdict: a signature did not verify, or an expectation was not met.
    Negative = 1,
    /// The command line itself is wrong (unknown flag, conflicting options).
    Usage = 2,
    /// The input is wrong: unreadable file, malformed header argument, missing or malformed secret.
    BadInput = 3,
    /// The network or the machine failed: connect, timeout, bind, disk.
    Runtime = 4,
    /// Stopped by Ctrl-C.
    Interrupted = 130,
}

impl ExitCode {
    pub const ALL: [ExitCode; 6] = [
        ExitCode::Ok,
        ExitCode::Negative,
        ExitCode::Usage,
        ExitCode::BadInput,
        ExitCode::Runtime,
        ExitCode::Interrupted,
    ];

    pub fn code(self) -> i32 {
        self as i32
    }

    /// What the code tells a script, as README.md's table and the man pages say it.
    pub fn meaning(self) -> &'static str {
        match self {
            ExitCode::Ok => "success; for `verify`, a valid signature (or an unsigned request without `--require-signature`)",
            ExitCode::Negative => "negative verdict: signature invalid, header missing or malformed in the request, timestamp outside tolerance; `send`/`replay` answers that miss `--expect`; `listen` short of `--count`, or with `--expect-verified`/`--expect-schema` broken; a `doctor` card or sender audit with a rule broken",
            ExitCode::Usage => "usage error: unknown flag or provider, conflicting options",
            ExitCode::BadInput => "bad input: unreadable file, `-H` without a colon, missing or malformed secret, malformed raw request, ambiguous or unknown provider, an OpenAPI spec that does not load or lacks the webhook named",
            ExitCode::Runtime => "runtime failure: network (connect, timeout, TLS), bind, disk (e.g. stdout on a full disk)",
            ExitCode::Interrupted => "interrupted (Ctrl-C)",
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}

/// A message for the user plus an optional `hint:` line saying how to fix it.
#[derive(Debug)]
pub struct Problem {
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(Problem),
    #[error("{0}")]
    BadInput(Problem),
    #[error("{0}")]
    Runtime(Problem),
    #[error("interrupted")]
    Interrupted,
    /// stdout was closed by the reader (`whk … | head`): success, said nothing.
    #[error("broken pipe")]
    BrokenPipe,
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(Problem { message: message.into(), hint: None })
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        Error::BadInput(Problem { message: message.into(), hint: None })
    }

    pub fn runtime(message: impl Into<String>) -> Self {
        Error::Runtime(Problem { message: message.into(), hint: None })
    }

    /// Adds (or replaces) the `hint:` line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        if let Error::Usage(p) | Error::BadInput(p) | Error::Runtime(p) = &mut self {
            p.hint = Some(hint.into());
        }
        self
    }

    pub fn hint_text(&self) -> Option<&str> {
        match self {
            Error::Usage(p) | Error::BadInput(p) | Error::Runtime(p) => p.hint.as_deref(),
            Error::Interrupted | Error::BrokenPipe => None,
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage(_) => ExitCode::Usage,
            Error::BadInput(_) => ExitCode::BadInput,
            Error::Runtime(_) => ExitCode::Runtime,
            Error::Interrupted => ExitCode::Interrupted,
            Error::BrokenPipe => ExitCode::Ok,
        }
    }

    /// A failure to read user-named input (a body file, a secret file) is bad input, not a
    /// runtime failure: the user can fix it by naming another file.
    pub fn unreadable(what: &str, err: &std::io::Error) -> Self {
        Error::bad_input(format!("cannot read {what}: {}", io_reason(err)))
    }
}

/// What is at `path`, if it is a regular file: a FIFO or a device would be read until it ends,
/// which may be never, and opening a FIFO waits for a writer. `what` names it for the error,
/// `hint` says what to name instead.
pub fn regular_file(path: &std::path::Path, what: &str, hint: &str) -> Result<std::fs::Metadata, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::unreadable(what, &e).hint(hint))?;
    if !meta.is_file() {
        return Err(Error::bad_input(format!("{what} is not a regular file")).hint(hint));
    }
    Ok(meta)
}

/// Writing to stdout failed: a closed pipe is the reader's choice, anything else is a runtime failure.
pub fn stdout_error(err: std::io::Error) -> Error {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        Error::BrokenPipe
    } else {
        Error::runtime(format!("cannot write to stdout: {}", io_reason(&err)))
    }
}

/// The OS error text without Rust's "(os error N)" suffix, lower-cased like the rest of whk's messages.
pub fn io_reason(err: &std::io::Error) -> String {
    let text = err.to_string();
    let text = match text.find(" (os error") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_numbers() {
        assert_eq!(ExitCode::Ok.code(), 0);
        assert_eq!(ExitCode::Negative.code(), 1);
        assert_eq!(ExitCode::Usage.code(), 2);
        assert_eq!(ExitCode::BadInput.code(), 3);
        assert_eq!(ExitCode::Runtime.code(), 4);
        assert_eq!(ExitCode::Interrupted.code(), 130);
    }

    #[test]
    fn hint_attaches_to_problem_errors() {
        let err = Error::bad_input("no secret").hint("pass --secret-env VAR");
        assert_eq!(err.hint_text(), Some("pass --secret-env VAR"));
        assert_eq!(err.exit_code(), ExitCode::BadInput);
    }

    #[test]
    fn io_reason_drops_os_error_suffix() {
        let err = std::io::Error::from_raw_os_error(2);
        assert_eq!(io_reason(&err), "no such file or directory");
    }
}
