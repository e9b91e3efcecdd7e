//! `whk man [VERB]`: roff man pages generated from the clap definition, like the completions,
//! so they never drift from `--help`. The same pages are committed under `man/`.

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, ManArgs};
use crate::error::Error;
use crate::output::Printer;

pub fn run(args: ManArgs, printer: &Printer) -> Result<Outcome, Error> {
    let wanted = std::iter::once("whk").chain(args.verb.iter().map(String::as_str)).collect::<Vec<_>>().join("-");
    let pages = pages();
    let Some((_, page)) = pages.iter().find(|(name, _)| *name == wanted) else {
        let verbs: Vec<_> = pages.iter().filter_map(|(name, _)| name.strip_prefix("whk-")).collect();
        return Err(Error::usage(format!("no man page for `{}`", args.verb.join(" ")))
            .hint(format!("pages exist for: {}", verbs.join(", ").replace('-', " "))));
    };
    printer.bytes(page)?;
    Ok(Outcome::Success)
}

/// Every page, named as its file under `man/` without the `.1`: `whk`, `whk-sign`, …,
/// `whk-secret-new`.
pub fn pages() -> Vec<(String, Vec<u8>)> {
    let mut root = Cli::command();
    root.build();
    let mut pages = Vec::new();
    collect(&root, &mut pages);
    pages
}

fn collect(command: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) {
    let name = command.get_display_name().unwrap_or(command.get_name()).to_string();
    let mut roff = Vec::new();
    // Rendering into a Vec cannot fail: io::Write on Vec<u8> never returns an error.
    let source = format!("whk {}", env!("CARGO_PKG_VERSION"));
    let _ = clap_mangen::Man::new(command.clone()).source(source).render(&mut roff);
    pages.push((name, roff));
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        collect(sub, pages);
    }
}
