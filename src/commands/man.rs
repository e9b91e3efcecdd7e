//! `whk man [VERB]`: roff man pages generated from the clap definition, like the completions,
//! so they never drift from `--help`. The same pages are committed under `man/`.

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, ManArgs};
use crate::error::Error;
use crate::output::Printer;

pub fn run(args: ManArgs, printer: &Printer) -> Result<Outcome, Error> {
    let commands = commands();
    let Some((_, command)) = commands.iter().find(|(path, _)| *path == args.verb) else {
        let verbs: Vec<_> =
            commands.iter().filter(|(path, _)| !path.is_empty()).map(|(path, _)| path.join(" ")).collect();
        return Err(Error::usage(format!("no man page for `{}`", args.verb.join(" ")))
            .hint(format!("pages exist for: {}", verbs.join(", "))));
    };
    printer.bytes(&render(command))?;
    Ok(Outcome::Success)
}

/// Every page, named as its file under `man/` without the `.1`: `whk`, `whk-sign`, …,
/// `whk-secret-new`.
pub fn pages() -> Vec<(String, Vec<u8>)> {
    commands()
        .iter()
        .map(|(path, command)| {
            (
                std::iter::once("whk").chain(path.iter().map(String::as_str)).collect::<Vec<_>>().join("-"),
                render(command),
            )
        })
        .collect()
}

/// whk and each of its verbs, nested ones included, with the words that name it (`[]` for whk,
/// `["secret", "new"]`).
fn commands() -> Vec<(Vec<String>, clap::Command)> {
    let mut root = Cli::command();
    root.build();
    let mut found = Vec::new();
    walk(Vec::new(), &root, &mut found);
    found
}

fn walk(path: Vec<String>, command: &clap::Command, found: &mut Vec<(Vec<String>, clap::Command)>) {
    found.push((path.clone(), command.clone()));
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut sub_path = path.clone();
        sub_path.push(sub.get_name().to_string());
        walk(sub_path, sub, found);
    }
}

fn render(command: &clap::Command) -> Vec<u8> {
    let mut roff = Vec::new();
    // Rendering into a Vec cannot fail: io::Write on Vec<u8> never returns an error.
    let source = format!("whk {}", env!("CARGO_PKG_VERSION"));
    let _ = clap_mangen::Man::new(command.clone()).source(source).render(&mut roff);
    roff
}
