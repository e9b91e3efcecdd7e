use clap::Parser;

fn main() {
    // Ctrl-C: whk's verbs write nothing half-way that a handler must finish, so exit with the
    // documented code at once. (Verbs that must flush on interrupt install their own.)
    let _ = ctrlc::set_handler(|| std::process::exit(whk::error::ExitCode::Interrupted.code()));
    let cli = whk::cli::Cli::parse();
    std::process::exit(whk::run(cli).code());
}
