use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use clap::Parser;

fn main() {
    // Ctrl-C: whk's verbs write nothing half-way that a handler must finish, so exit with the
    // documented code at once. signal-hook does this from the handler itself (async-signal-safe
    // `_exit`), without the helper thread a channel-based handler would start on every run.
    let interrupted = whk::error::ExitCode::Interrupted.code();
    let _ = signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGINT,
        interrupted,
        Arc::new(AtomicBool::new(true)),
    );
    let cli = whk::cli::Cli::parse();
    std::process::exit(whk::run(cli).code());
}
