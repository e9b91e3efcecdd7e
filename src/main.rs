use std::process::ExitCode;

fn main() -> ExitCode {
    // Ctrl-C: most verbs write nothing half-way, so the process exits with the documented code
    // at once, from the handler itself (async-signal-safe `_exit`, no helper thread). A verb that
    // must finish first (listen flushing captures) switches this off and watches for it itself.
    let interrupted = whk::error::ExitCode::Interrupted.code();
    let _ = signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGINT,
        interrupted,
        whk::exit_on_interrupt().clone(),
    );
    // Clap exits with 2 on a usage error, 0 for --help and --version. A broken pipe is a
    // success, mapped in `whk::run` like every other error.
    let cli = whk::cli::parse();
    whk::run(cli).into()
}
