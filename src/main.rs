use clap::Parser;

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
    let cli = whk::cli::Cli::parse();
    std::process::exit(whk::run(cli).code());
}
