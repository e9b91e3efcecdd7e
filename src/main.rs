// whk defines the C `main` itself instead of letting std's runtime start it: that runtime's
// set-up of a stack-overflow handler for the main thread has the kernel generate
// /proc/self/maps, parses it with sscanf and maps a signal stack, on every run. That was a fifth
// of the wall time of a 1 KiB `whk sign` in the static build (0.38x -> 0.31x openssl, timed as
// benches/sign.py does), though only 29k of its 525k user-space instructions. The two parts of
// that runtime whk relies on are redone below; a stack overflow now ends in a plain SIGSEGV
// rather than std's message before its abort.
//
// Only on glibc Linux: there std still learns the arguments without its runtime (glibc hands
// them to `.init_array`); elsewhere whk starts the ordinary way.
#![cfg_attr(all(target_os = "linux", target_env = "gnu"), no_main)]

use clap::{CommandFactory, FromArgMatches};

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)] // the `no_mangle` of the entry point is the only unsafe attribute in whk
#[unsafe(no_mangle)]
extern "C" fn main(_argc: std::ffi::c_int, _argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    occupy_closed_standard_fds();
    // A write to a closed pipe must fail with EPIPE (broken pipe exits 0), not kill whk. A
    // handler does that as SIG_IGN would, and unlike SIG_IGN is not inherited across exec.
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGPIPE,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    run()
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn main() {
    run()
}

fn run() -> ! {
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

/// Started with stdin, stdout or stderr closed, the next file whk opens would take that number,
/// and output meant for the terminal would land in a capture or a key file. /dev/null takes any
/// free one of the three first, as std's runtime would have done.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn occupy_closed_standard_fds() {
    use std::os::fd::{AsRawFd, IntoRawFd};
    while let Ok(null) = std::fs::OpenOptions::new().read(true).write(true).open("/dev/null") {
        if null.as_raw_fd() > 2 {
            break;
        }
        let _kept_open_for_good = null.into_raw_fd();
    }
}
