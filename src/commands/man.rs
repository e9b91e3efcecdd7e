//! `whk man [VERB]`: roff man pages generated from the clap definition, like the completions,
//! so they never drift from `--help`. The same pages are committed under `man/`.

use std::io::{IsTerminal, Write};

use super::Outcome;
use crate::cli::{ManArgs, EXAMPLES};
use crate::error::{Error, ExitCode};
use crate::output::Printer;

pub fn run(args: ManArgs, printer: &Printer) -> Result<Outcome, Error> {
    let commands = commands();
    let Some((_, command)) = commands.iter().find(|(path, _)| *path == args.verb) else {
        let verbs: Vec<_> =
            commands.iter().filter(|(path, _)| !path.is_empty()).map(|(path, _)| path.join(" ")).collect();
        return Err(Error::usage(format!("no man page for `{}`", args.verb.join(" ")))
            .hint(format!("pages exist for: {}", verbs.join(", "))));
    };
    let page = render(&args.verb, command);
    if !(std::io::stdout().is_terminal() && show_with_man(&page)) {
        printer.bytes(&page)?;
    }
    Ok(Outcome::Success)
}

/// On a terminal the page is shown as man shows pages (`man -l -`, through the user's pager);
/// false when there is no man to do it, so the roff is printed instead.
fn show_with_man(page: &[u8]) -> bool {
    let Ok(mut man) = std::process::Command::new("man").args(["-l", "-"]).stdin(std::process::Stdio::piped()).spawn()
    else {
        return false;
    };
    if let Some(mut stdin) = man.stdin.take() {
        // man may quit before reading it all (the user pressed q): not an error.
        let _ = stdin.write_all(page);
    }
    man.wait().is_ok_and(|status| status.success())
}

/// Every page, named as its file under `man/` without the `.1`: `whk`, `whk-sign`, …,
/// `whk-secret-new`.
pub fn pages() -> Vec<(String, Vec<u8>)> {
    commands()
        .iter()
        .map(|(path, command)| {
            (
                std::iter::once("whk").chain(path.iter().map(String::as_str)).collect::<Vec<_>>().join("-"),
                render(path, command),
            )
        })
        .collect()
}

/// whk and each of its verbs, nested ones included, with the words that name it (`[]` for whk,
/// `["secret", "new"]`).
fn commands() -> Vec<(Vec<String>, clap::Command)> {
    let mut root = without_help_subcommand(crate::cli::command());
    root.build();
    let mut found = Vec::new();
    walk(Vec::new(), &root, &mut found);
    found
}

/// The `help` subcommand (`whk help sign`) has no page of its own, so no page may name one.
fn without_help_subcommand(command: clap::Command) -> clap::Command {
    let names: Vec<String> =
        command.get_subcommands().filter(|s| s.has_subcommands()).map(|s| s.get_name().to_string()).collect();
    names.iter().fold(command.disable_help_subcommand(true), |command, name| {
        command.mut_subcommand(name, without_help_subcommand)
    })
}

fn walk(path: Vec<String>, command: &clap::Command, found: &mut Vec<(Vec<String>, clap::Command)>) {
    found.push((path.clone(), command.clone()));
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut sub_path = path.clone();
        sub_path.push(sub.get_name().to_string());
        walk(sub_path, sub, found);
    }
}

fn render(path: &[String], command: &clap::Command) -> Vec<u8> {
    let mut roff = Vec::new();
    // Rendering into a Vec cannot fail: io::Write on Vec<u8> never returns an error.
    let source = format!("whk {}", env!("CARGO_PKG_VERSION"));
    let _ = clap_mangen::Man::new(command.clone()).source(source).render(&mut roff);
    if let Some((_, examples)) =
        EXAMPLES.iter().find(|(verb, _)| verb.split_whitespace().eq(path.iter().map(String::as_str)))
    {
        roff.extend_from_slice(b".SH EXAMPLES\n");
        for example in *examples {
            roff.extend_from_slice(format!(".PP\n.nf\n{}\n.fi\n", escape(example)).as_bytes());
        }
    }
    roff.extend_from_slice(b".SH \"EXIT STATUS\"\n");
    for code in ExitCode::ALL {
        roff.extend_from_slice(format!(".TP\n{}\n{}\n", code.code(), escape(code.meaning())).as_bytes());
    }
    roff.extend_from_slice(b".SH ENVIRONMENT\n");
    for (names, effect) in crate::cli::ENVIRONMENT {
        roff.extend_from_slice(format!(".TP\n{}\n{}\n", escape(names), escape(effect)).as_bytes());
    }
    roff
}

/// Markdown's backquotes become bold words; a line starting with `.` or `'` would be a request.
fn escape(text: &str) -> String {
    let mut bold = false;
    let mut out = String::with_capacity(text.len() + 16);
    for piece in text.replace('\\', "\\e").split('`') {
        out.push_str(piece);
        out.push_str(if bold { "\\fR" } else { "\\fB" });
        bold = !bold;
    }
    out.truncate(out.len() - 3);
    match out.starts_with(['.', '\'']) {
        true => format!("\\&{out}"),
        false => out,
    }
}
