//! `whk listen`: a local receiver. Each request is verified with its route's scheme, printed as
//! one block (or one NDJSON object), saved as a capture, forwarded or answered — by its verdict,
//! a script, or the provider's own handshake — and counted for CI and `/_whk/metrics`.
//!
//! `transport` speaks HTTP (hyper, on tokio) and hands each whole request to `State::handle`,
//! which runs on a blocking thread: verifying, saving with fsync and forwarding all block.

mod answer;
pub mod config;
mod handle;
mod render;
mod tap;
mod transport;

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::sync::{mpsc, watch};

use super::Outcome;
use crate::cli::ListenArgs;
use crate::error::{io_reason, Error};
use crate::output::Printer;

pub use answer::Answer;
pub use handle::{Delivery, State};

/// How long a finished listener waits for requests still in flight (their captures included).
const GRACE: Duration = Duration::from_secs(5);

pub fn run(mut args: ListenArgs, printer: &Printer, json: bool) -> Result<Outcome, Error> {
    if args.init_config {
        let path = config::init(args.config.as_deref())?;
        printer.line(&format!("wrote {}", path.display()))?;
        return Ok(Outcome::Success);
    }
    if let Some(path) = args.config.clone() {
        config::apply(&path, &mut args)?;
    }
    let state = Arc::new(State::new(&args, printer, json)?);
    let host: IpAddr = args.host.parse().map_err(|_| {
        Error::usage(format!("--host {} is not an IP address", crate::output::quoted(&args.host)))
            .hint("write e.g. --host 127.0.0.1 or --host 0.0.0.0")
    })?;
    if !host.is_loopback() {
        printer.warn(&format!(
            "listening on {host}, reachable from other machines; whk listens on 127.0.0.1 unless told otherwise"
        ));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::runtime(format!("cannot start the listener: {}", io_reason(&e))))?;
    let outcome =
        runtime.block_on(listen_until_done(&args, state.clone(), SocketAddr::new(host, args.port), printer, json));
    // Handlers still running (a scripted delay, a slow app behind --forward-to) are not waited
    // for beyond the grace period; whatever they save is written atomically or not at all.
    runtime.shutdown_timeout(GRACE);
    outcome
}

async fn listen_until_done(
    args: &ListenArgs,
    state: Arc<State>,
    address: SocketAddr,
    printer: &Printer,
    json: bool,
) -> Result<Outcome, Error> {
    let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| {
        Error::runtime(format!("cannot listen on {address}: {}", io_reason(&e)))
            .hint("pick another --port, or --port 0 for a free one")
    })?;
    let bound = listener.local_addr().map_err(|e| Error::runtime(format!("the listener has no address: {e}")))?;
    let url = format!("http://{bound}");
    state.set_base_url(&url);
    // The socket accepts from here on; the ready file first, so that whoever sees the URL on
    // stdout finds the file too.
    if let Some(path) = &args.ready_file {
        crate::atomic_file::write(path, format!("{url}\n").as_bytes())
            .map_err(|e| Error::runtime(format!("cannot write --ready-file {}: {}", path.display(), io_reason(&e))))?;
    }
    if json {
        printer.json(&json!({"type": "listening", "schema": "whk.listen/1", "url": url}))?;
    } else {
        printer.line(&url)?;
    }
    printer.flush()?;

    // Ctrl-C is this loop's to handle: captures in flight are finished first.
    crate::exit_on_interrupt().store(false, Ordering::SeqCst);
    let mut interrupted = std::pin::pin!(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    });
    let (counted, mut deliveries) = mpsc::unbounded_channel::<bool>();
    let (stop, stopped) = watch::channel(false);
    let server = tokio::spawn(transport::serve(listener, state, counted, stopped));
    let deadline = async {
        match args.timeout {
            Some(timeout) => tokio::time::sleep(timeout).await,
            None => std::future::pending().await,
        }
    };
    let mut deadline = std::pin::pin!(deadline);
    let mut received = 0u64;
    let mut all_verified = true;
    let finish = loop {
        if args.count.is_some_and(|n| received >= n) {
            break Finish::Counted;
        }
        tokio::select! {
            () = &mut interrupted => break Finish::Interrupted,
            () = &mut deadline => break Finish::TimedOut,
            Some(verified) = deliveries.recv() => {
                received += 1;
                all_verified &= verified;
            }
        }
    };
    let _ = stop.send(true);
    let _ = tokio::time::timeout(GRACE, server).await;
    printer.flush()?;
    match finish {
        Finish::Interrupted => Err(Error::Interrupted),
        Finish::TimedOut if args.count.is_some() => {
            printer.error(&Error::runtime(format!(
                "received {received} of {} before the timeout",
                args.count.unwrap_or_default()
            )));
            Ok(Outcome::Negative)
        }
        _ if args.expect_verified && !all_verified => {
            printer.error(&Error::runtime("a request was invalid or unsigned (--expect-verified)"));
            Ok(Outcome::Negative)
        }
        _ => Ok(Outcome::Success),
    }
}

enum Finish {
    Counted,
    TimedOut,
    Interrupted,
}
