//! `whk listen`: a local receiver. Each request is verified with its route's scheme, printed as
//! one block (or one NDJSON object), saved as a capture, forwarded or answered — by its verdict,
//! a script, or the provider's own handshake — and counted for CI and `/_whk/metrics`.
//!
//! `transport` speaks HTTP (hyper, on tokio) and hands each whole request to `State::handle`,
//! which runs on a blocking thread: verifying, saving with fsync and forwarding all block.

mod answer;
mod audit;
pub mod config;
mod handle;
mod publish;
mod render;
mod tap;
mod transport;
mod tunnel;
mod ui;

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::sync::{watch, Notify};

use super::Outcome;
use crate::cli::ListenArgs;
use crate::error::{io_reason, Error};
use crate::output::Printer;

pub use answer::Answer;
pub use handle::{Delivery, State};

/// How long a finished listener waits for requests still in flight (their captures included).
const GRACE: Duration = Duration::from_secs(5);

pub fn run(mut args: ListenArgs, printer: &Printer) -> Result<Outcome, Error> {
    let json = printer.json_mode();
    if args.init_config {
        let path = config::init(args.config.as_deref())?;
        printer.line(&format!("wrote {}", path.display()))?;
        return Ok(Outcome::Success);
    }
    if let Some(path) = args.config.clone() {
        config::apply(&path, &mut args)?;
    }
    if let Some(provider) = args.audit_sender {
        // The audit receives as the provider's receiver would, and fails as its contract retries.
        args.provider = args.provider.or(Some(provider));
        if args.respond.is_empty() {
            args.respond.push("500,500,200".into());
        }
    }
    let tunnel = args.tunnel.as_deref().map(tunnel::Kind::parse).transpose().map_err(|why| {
        Error::usage(format!("--tunnel {why}")).hint("write e.g. --tunnel cloudflared or --tunnel ssh:me@example.com")
    })?;
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
    let outcome = runtime.block_on(listen_until_done(
        &args,
        state.clone(),
        SocketAddr::new(host, args.port),
        tunnel,
        printer,
        json,
    ));
    // Handlers still running (a scripted delay, a slow app behind --forward-to) are not waited
    // for beyond the grace period; whatever they save is written atomically or not at all.
    runtime.shutdown_timeout(GRACE);
    outcome
}

async fn listen_until_done(
    args: &ListenArgs,
    state: Arc<State>,
    address: SocketAddr,
    tunnel_kind: Option<tunnel::Kind>,
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
    // The tunnel first: once whk says it is ready, the internet can reach it.
    let mut tunnel = match &tunnel_kind {
        Some(kind) => Some(open_tunnel(kind, bound.port(), args, &state, printer).await?),
        None => None,
    };
    // The socket accepts from here on; the ready file first, so that whoever sees the URL on
    // stdout finds the file too.
    if let Some(path) = &args.ready_file {
        crate::atomic_file::write(path, format!("{url}\n").as_bytes())
            .map_err(|e| Error::runtime(format!("cannot write --ready-file {}: {}", path.display(), io_reason(&e))))?;
    }
    if json {
        let public = tunnel.as_ref().map(|t| t.url.clone());
        printer.json(&json!({"type": "listening", "schema": "whk.listen/1", "url": url, "public_url": public}))?;
    } else {
        printer.line(&url)?;
    }
    printer.flush()?;
    printer.info(&state.banner());
    if state.inspector.is_some() {
        printer.info(&format!("inspector: {url}{}", ui::PAGE));
    }

    // Ctrl-C is this loop's to handle: captures in flight are finished first.
    crate::exit_on_interrupt().store(false, Ordering::SeqCst);
    let interrupted = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let tally = Arc::new(Tally::new(args.count));
    let (stop, stopped) = watch::channel(false);
    let publishing = state.publisher.is_some().then(|| {
        let (state, stopped, printer) = (state.clone(), stopped.clone(), *printer);
        tokio::spawn(async move {
            if let Some(publisher) = &state.publisher {
                publisher.run(printer, stopped).await;
            }
        })
    });
    let server = tokio::spawn(transport::serve(listener, state.clone(), tally.clone(), stopped));
    let deadline = async {
        match args.timeout {
            Some(timeout) => tokio::time::sleep(timeout).await,
            None => std::future::pending().await,
        }
    };
    let tunnel_exit = async {
        loop {
            let Some(open) = tunnel.as_mut() else { return std::future::pending::<String>().await };
            let why = open.exited().await;
            match &tunnel_kind {
                Some(kind) if args.tunnel_restart => {
                    printer.warn(&format!("{why}; starting it again (--tunnel-restart)"));
                    match open_tunnel(kind, bound.port(), args, &state, printer).await {
                        Ok(again) => *open = again,
                        Err(error) => return error.to_string(),
                    }
                }
                _ => return why,
            }
        }
    };
    let finish = tokio::select! {
        () = interrupted => Finish::Interrupted,
        () = deadline => Finish::TimedOut,
        () = tally.reached() => Finish::Counted,
        why = tunnel_exit => Finish::TunnelClosed(why),
    };
    let _ = stop.send(true);
    if let Some(inspector) = &state.inspector {
        inspector.close();
    }
    let _ = tokio::time::timeout(GRACE, server).await;
    if let Some(open) = tunnel {
        // Bounded, like every step of stopping: a client that will not die is left to the OS.
        let _ = tokio::time::timeout(GRACE, open.close()).await;
    }
    // The publisher flushes what is queued, for at most its own grace period.
    if let Some(publishing) = publishing {
        let _ = tokio::time::timeout(GRACE * 2, publishing).await;
    }
    printer.flush()?;
    let audit_kept = match &state.audit {
        Some(audit) => {
            let (card, kept) = audit.report(json);
            printer.line(&card)?;
            kept
        }
        None => true,
    };
    match finish {
        Finish::TunnelClosed(why) => {
            Err(Error::runtime(why).hint("the tunnel is gone: --tunnel-restart starts its client again"))
        }
        Finish::Interrupted => {
            printer.info(&state.summary());
            Err(Error::Interrupted)
        }
        Finish::TimedOut if args.count.is_some() => {
            printer.error(&Error::runtime(format!(
                "received {} of {} before the timeout",
                tally.received.load(Ordering::SeqCst),
                args.count.unwrap_or_default()
            )));
            Ok(Outcome::Negative)
        }
        _ if args.expect_verified && tally.unverified.load(Ordering::SeqCst) => {
            printer.error(&Error::runtime("a request was invalid or unsigned (--expect-verified)"));
            Ok(Outcome::Negative)
        }
        _ if args.expect_schema && state.schema_broken.load(Ordering::SeqCst) => {
            printer.error(
                &Error::runtime("a body broke its webhook's schema, or had none in the spec (--expect-schema)")
                    .hint("each delivery's schema line (--json: its \"schema\" field) says which and why"),
            );
            Ok(Outcome::Negative)
        }
        _ if !audit_kept => Ok(Outcome::Negative),
        _ => Ok(Outcome::Success),
    }
}

/// The deliveries counted towards `--count` and `--expect-verified`. Connections bump atomics;
/// the main loop is woken once, when the count is reached, rather than by every request.
pub struct Tally {
    target: Option<u64>,
    received: AtomicU64,
    unverified: AtomicBool,
    reached: Notify,
}

impl Tally {
    fn new(target: Option<u64>) -> Tally {
        Tally { target, received: AtomicU64::new(0), unverified: AtomicBool::new(false), reached: Notify::new() }
    }

    pub fn record(&self, verified: bool) {
        if !verified {
            self.unverified.store(true, Ordering::SeqCst);
        }
        let received = self.received.fetch_add(1, Ordering::SeqCst) + 1;
        if self.target == Some(received) {
            // A stored permit: the main loop sees it even if it is not waiting yet.
            self.reached.notify_one();
        }
    }

    /// Resolves once `--count` deliveries were received; never without `--count`.
    async fn reached(&self) {
        match self.target {
            Some(0) => {}
            Some(_) => self.reached.notified().await,
            None => std::future::pending().await,
        }
    }
}

enum Finish {
    TunnelClosed(String),
    Counted,
    TimedOut,
    Interrupted,
}

/// Starts the tunnel client, takes its public URL as the one senders sign, and says it.
async fn open_tunnel(
    kind: &tunnel::Kind,
    port: u16,
    args: &ListenArgs,
    state: &State,
    printer: &Printer,
) -> Result<tunnel::Tunnel, Error> {
    let opened = tunnel::Tunnel::start(kind, port, &args.tunnel_args).await?;
    state.set_public_url(&opened.url);
    printer.info(&format!("public URL: {} (through {})", opened.url, args.tunnel.as_deref().unwrap_or_default()));
    Ok(opened)
}
