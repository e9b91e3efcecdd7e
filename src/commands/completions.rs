//! `whk completions SHELL`: generated from the clap definition, so they never drift from it.

use super::Outcome;
use crate::cli::CompletionsArgs;
use crate::error::Error;
use crate::output::Printer;

pub fn run(args: CompletionsArgs, printer: &Printer) -> Result<Outcome, Error> {
    printer.bytes(&script(args.shell))?;
    Ok(Outcome::Success)
}

/// The completion script for `shell`, as committed under `completions/`.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::command(), "whk", &mut out);
    out
}
