//! One module per verb, each with the same shape: `run(args, printer, …) -> Result<Outcome, Error>`.

pub mod capture;
pub mod completions;
pub mod demo;
pub mod doctor;
pub mod events;
pub mod export;
pub mod import;
pub mod input;
pub mod listen;
pub mod man;
pub mod providers;
pub mod relay;
pub mod replay;
pub mod secret;
pub mod send;
pub mod sign;
pub mod verify;

use crate::error::ExitCode;

/// How a verb that ran to the end came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// A negative verdict or an unmet expectation: exit 1, not an error.
    Negative,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::Ok,
            Outcome::Negative => ExitCode::Negative,
        }
    }
}
