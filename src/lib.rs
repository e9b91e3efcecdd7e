//! whk: sign, verify, send, capture and replay webhooks for every provider, offline.

pub mod atomic_file;
pub mod bridge;
pub mod cli;
pub mod commands;
pub mod delivery;
pub mod edit;
pub mod error;
pub mod events;
pub mod fixture;
pub mod http;
pub mod message;
pub mod nats;
pub mod output;
pub mod report;
pub mod scheme;
pub mod secret;
pub mod sender;
pub mod spec;
pub mod template;

use std::io::IsTerminal;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

use cli::{Cli, Command};
use error::{Error, ExitCode};
use output::Printer;

/// Whether Ctrl-C ends the process at once (true) or is left to the running verb.
pub fn exit_on_interrupt() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(true)))
}

/// Runs one parsed command line: the single dispatch point, one arm per verb.
pub fn run(cli: Cli) -> ExitCode {
    let color = output::resolve_color(cli.color.forced(), |k| std::env::var(k).ok(), std::io::stdout().is_terminal());
    let printer = Printer::new(color, cli.quiet, cli.verbose, cli.json);
    let result = match cli.command {
        Command::Sign(args) => commands::sign::run(args, &printer),
        Command::Verify(args) => commands::verify::run(args, &printer),
        Command::Send(args) => commands::send::run(args, &printer),
        Command::Events(args) => commands::events::run(args, &printer),
        Command::Listen(args) => commands::listen::run(args, &printer),
        Command::Replay(args) => commands::replay::run(args, &printer),
        Command::Doctor(args) => commands::doctor::run(args, &printer),
        Command::Relay(args) => commands::relay::run(args, &printer),
        Command::Export(args) => commands::export::run(args, &printer),
        Command::Import(args) => commands::import::run(args, &printer),
        Command::Capture(cli::CaptureCommand::Show(args)) => commands::capture::show(args, &printer),
        Command::Demo(args) => commands::demo::run(args, &printer),
        Command::Providers => commands::providers::run(&printer),
        Command::Secret(cli::SecretCommand::New(args)) => commands::secret::run(args, &printer),
        Command::Completions(args) => commands::completions::run(args, &printer),
        Command::Man(args) => commands::man::run(args, &printer),
    };
    match result.and_then(|outcome| printer.flush().map(|()| outcome)) {
        Ok(outcome) => outcome.exit_code(),
        Err(Error::BrokenPipe) => ExitCode::Ok,
        Err(err) => {
            printer.error(&err);
            err.exit_code()
        }
    }
}
