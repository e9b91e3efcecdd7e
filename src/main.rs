use clap::{CommandFactory, FromArgMatches};

fn main() {
    // Ctrl-C: most verbs write nothing half-way, so the process exits with the documented code
    // at once, from the handler itself (async-signal-safe `_exit`, no helper thread). A verb that
    // must finish first (listen flushing captures) switches this off and watches its own flag.
    let interrupted = whk::error::ExitCode::Interrupted.code();
    let _ = signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGINT,
        interrupted,
        whk::exit_on_interrupt().clone(),
    );
    // `Cli::parse()` would drop the command tree and the matches; held here they live until
    // `process::exit`, which skips the drop: freeing them costs more than signing 1 KiB.
    let mut command = whk::cli::Cli::command();
    let mut matches = command.get_matches_mut();
    let cli = whk::cli::Cli::from_arg_matches_mut(&mut matches).unwrap_or_else(|e| e.format(&mut command).exit());
    std::process::exit(whk::run(cli).code());
}
