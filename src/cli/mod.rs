//! Every clap definition lives in this module, and only here: whk itself and `parse` in this
//! file, each verb's arguments in `verbs.rs`, the flag groups several verbs share in
//! `shared.rs`, the parsers of flag values in `values.rs`, and the examples `-h` shows in
//! `examples.rs`.
//!
//! House rules:
//! - `help` is one short line for `-h`; `long_help` adds detail and an example for `--help`.
//! - Value names are UPPERCASE. Advanced flags go under a `help_heading`.
//! - Provider names come from `scheme::REGISTRY`, never from a second list.
//! - Messages: no trailing period; errors say what was wrong, `hint:` says how to fix it.

mod captures;
mod examples;
mod listen;
mod shared;
mod values;
mod verbs;

use clap::parser::ValueSource;
use clap::{FromArgMatches, Parser, Subcommand, ValueEnum};

pub use captures::*;
pub use examples::{command, EXAMPLES};
pub use listen::*;
pub use shared::*;
pub use values::{parse_endpoint, parse_size};
pub use verbs::*;

use crate::scheme;

/// Where `-h` lists the flags every verb takes, apart from the verb's own.
const GLOBAL: &str = "Global options";

#[derive(Debug, Parser)]
#[command(
    name = "whk",
    version,
    about = "Sign, verify and debug webhooks for every provider, offline",
    max_term_width = 100,
    propagate_version = true
)]
pub struct Cli {
    /// When to colour output
    #[arg(long, value_enum, value_name = "WHEN", global = true, default_value_t = ColorWhen::Auto, help_heading = GLOBAL)]
    pub color: ColorWhen,

    /// Print only what a script needs (no warnings, no verdict line)
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,

    /// Explain each step on stderr
    #[arg(short, long, global = true, conflicts_with = "quiet", help_heading = GLOBAL)]
    pub verbose: bool,

    /// Print machine-readable JSON on stdout
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    pub fn forced(self) -> Option<bool> {
        match self {
            ColorWhen::Auto => None,
            ColorWhen::Always => Some(true),
            ColorWhen::Never => Some(false),
        }
    }
}

/// `defer`: each verb's arguments are built only when that verb runs (or help and completions
/// ask for them), so a short run such as a 1 KiB `whk sign` does not build every verb's.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Sign a payload in a provider's scheme and print the headers (or curl, HTTP, JSON)
    Sign(SignArgs),
    /// Check a request's signature and explain why it fails
    Verify(VerifyArgs),
    /// Send a signed test event, retrying the way the real sender does
    Send(SendArgs),
    /// Receive webhooks locally: verify, print, save, forward and answer as scripted
    #[command(
        after_help = "Built-in endpoints (never captured): /_whk/health, /_whk/metrics (Prometheus), /_whk/metrics.json; with --ui, the inspector at /_whk/ui and its API under /_whk/api/"
    )]
    Listen(ListenArgs),
    /// Replay saved captures against an endpoint: re-signed, concurrent, retried, reported
    Replay(ReplayArgs),
    /// Examine a running receiver: forgeries it must reject, variants it must accept
    Doctor(DoctorArgs),
    /// Forward captures from a NATS JetStream stream to a local app, live and from history
    Relay(RelayArgs),
    /// Write captures out as curl commands, HAR, a .http file, hurl or a Postman collection
    Export(ExportArgs),
    /// Turn HAR, curl, .http, Postman, webhook.site or Stripe CLI requests into captures
    Import(ImportArgs),
    /// Look at one capture
    #[command(subcommand)]
    Capture(CaptureCommand),
    /// Show the whole loop offline: listen, send one event per provider, replay the captures
    Demo(DemoArgs),
    /// List the built-in events, per provider
    Events(EventsArgs),
    /// List every provider scheme whk knows
    Providers,
    /// Make a secret or key pair in a provider's format
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the man page of whk or of one of its verbs
    Man(ManArgs),
}

/// A provider named on the command line: the registry's scheme itself, so no verb looks the
/// name up again.
#[derive(Clone, Copy)]
pub struct Provider(pub &'static dyn scheme::Scheme);

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name())
    }
}

/// The environment variables whk reads, as README.md's table and the man pages list them.
pub const ENVIRONMENT: [(&str, &str); 7] = [
    ("`WHK_SECRET`", "the secret when no `--secret*` flag is given"),
    (
        "`NATS_TOKEN`, `NATS_USER`, `NATS_PASSWORD`",
        "NATS credentials for `--publish` and `relay` when no `--nats-creds`",
    ),
    ("`SSL_CERT_FILE`", "CA certificates that `tls://` NATS servers are checked against (else the system's)"),
    ("`NO_COLOR`", "no colour (unless `--color always`)"),
    ("`FORCE_COLOR`, `CLICOLOR_FORCE`", "colour even off a terminal (unless `NO_COLOR` or `--color never`)"),
    ("`CI`", "never prompt"),
    ("`TMPDIR`", "where a body of over 8 MiB piped into `sign` or `verify` is spooled (default `/tmp`)"),
];

/// Parses the command line (exiting as clap does on a usage error, `--help` or `--version`).
/// For `listen`, it notes which settings the user gave, on the command line or in the
/// environment, so that a config file fills only the others, even where a given value equals
/// its default.
pub fn parse() -> Cli {
    let matches = command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match (&mut cli.command, matches.subcommand()) {
        (Command::Listen(args), Some((_, given))) => {
            args.given = given
                .ids()
                .map(|id| id.as_str())
                .filter(|id| !matches!(given.value_source(id), None | Some(ValueSource::DefaultValue)))
                .map(str::to_string)
                .collect();
        }
        (Command::Sign(args), Some((verb, _))) => args.provider.settle_or_exit(&mut args.body, verb, false),
        (Command::Verify(args), Some((verb, _))) => args.provider.settle_or_exit(&mut args.body, verb, true),
        _ => {}
    }
    cli
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
