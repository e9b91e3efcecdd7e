//! `whk replay`: saved captures sent to any endpoint — exactly, or re-signed with a fresh
//! timestamp and id — with bounded concurrency, an optional rate, retries, and a report for
//! people (summary, HTML) and for CI (exit code, JSON, JUnit). Captures stream through a bounded
//! queue, so memory does not grow with their number.

pub mod plan;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::input::parse_header_args;
use super::Outcome;
use crate::cli::ReplayArgs;
use crate::delivery::{Client, ClientOptions};
use crate::error::{io_reason, Error};
use crate::output::Printer;
use crate::report::{Delivered, Report, Run};
use crate::secret;
use plan::Plan;

pub fn run(args: ReplayArgs, printer: &Printer) -> Result<Outcome, Error> {
    let json = printer.json_mode();
    let secrets = secret::load(&args.delivery.secrets.spec(), false, printer)?;
    crate::scheme::check_secret_providers(&secrets)?;
    if args.delivery.resign && secrets.is_empty() {
        return Err(Error::bad_input("--resign needs a secret")
            .hint("pass --secret-env VAR, or --no-resign to send the captured bytes"));
    }
    let plan = Plan { args: &args.delivery, secrets, extra: parse_header_args(&args.delivery.headers)? };
    // A stream is read into a temporary directory first: the run then goes as from files.
    let streamed = match &args.from {
        Some(url) => Some(from_stream(url, &args)?),
        None => None,
    };
    let inputs = match &streamed {
        Some(dir) => vec![dir.path().display().to_string()],
        None => args.inputs.clone(),
    };
    let files = select(crate::fixture::capture_files(&inputs)?, args.shard);
    let total = files.len() * args.repeat as usize;
    if args.dry_run {
        return plan.dry_run(&files, args.strict, args.format, printer);
    }
    let client_options = ClientOptions { timeout: args.delivery.timeout, insecure: false, redirects: 0 };
    // A client per worker: reqwest's blocking client does its I/O on one thread of its own,
    // which a shared client would make every worker's bottleneck.
    let clients = (0..if args.ordered { 1 } else { args.concurrency.max(1) })
        .map(|_| Client::new(&client_options))
        .collect::<Result<Vec<_>, _>>()?;
    let policy = args.delivery.retry.policy();
    let workers = clients.len();
    let progress = printer.progress(total as u64);
    let pacer = args.rate.map(|per_second| Mutex::new((Instant::now(), Duration::from_secs_f64(1.0 / per_second))));
    let started = Instant::now();
    let mut report = Report::new(args.report_junit.is_some(), args.report_html.is_some());
    report.run = Run::started_now(&args.delivery.to, args.delivery.expect.as_str());

    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, PathBuf)>(workers * 2);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Delivered>();
    // A thread that cannot start (a process or memory limit) ends the run with an error, not a
    // panic; the threads already started then find the job queue closed and return.
    let cannot_start = |e: std::io::Error| {
        Error::runtime(format!("cannot start a sending thread: {}", io_reason(&e)))
            .hint("lower -j/--concurrency, or raise the process's thread or memory limit")
    };
    let halted = std::thread::scope(|scope| -> Result<(), Error> {
        for client in &clients {
            let (job_rx, done_tx, plan, policy, pacer) = (&job_rx, done_tx.clone(), &plan, &policy, &pacer);
            std::thread::Builder::new()
                .spawn_scoped(scope, move || loop {
                    let Ok((index, path)) = job_rx.lock().expect("lock").recv() else { return };
                    if let Some(pacer) = pacer {
                        pace(pacer);
                    }
                    let _ = done_tx.send(plan.deliver(index, &path, client, policy));
                })
                .map_err(cannot_start)?;
        }
        drop(done_tx);
        let feeder = std::thread::Builder::new()
            .spawn_scoped(scope, move || {
                let jobs = (0..args.repeat).flat_map(|_| files.iter().cloned()).enumerate();
                for job in jobs {
                    if job_tx.send(job).is_err() {
                        return;
                    }
                }
            })
            .map_err(cannot_start)?;
        let mut failure = Ok(());
        for delivered in done_rx {
            if let (Delivered::Malformed { error, .. }, true) = (&delivered, args.strict) {
                failure =
                    Err(Error::bad_input(error.to_string())
                        .hint("fix or remove the capture, or drop --strict to skip it"));
                break;
            }
            if json {
                printer.json(&delivered.to_json())?;
            } else if let Delivered::Malformed { error, .. } = &delivered {
                progress.suspend(|| printer.warn(&format!("skipped: {error}")));
            }
            report.add(delivered);
            progress.inc(1);
        }
        let _ = feeder.join();
        failure
    });
    progress.finish_and_clear();
    halted?;
    report.elapsed = started.elapsed();
    if let Some(path) = &args.report_junit {
        write_report(path, &report.junit()?)?;
    }
    if let Some(path) = &args.report_html {
        write_report(path, report.html().as_bytes())?;
    }
    if json {
        printer.json(&report.summary_json())?;
    } else if !printer.quiet() {
        report.print(printer)?;
    }
    report.outcome(&args.delivery.to)
}

/// The captures of a team stream (`--from`), saved in a temporary directory, in stream order.
fn from_stream(url: &str, args: &ReplayArgs) -> Result<tempfile::TempDir, Error> {
    let target =
        crate::nats::Target::parse(url, args.stream.as_deref()).map_err(|why| Error::usage(format!("--from {why}")))?;
    let dir = tempfile::Builder::new()
        .prefix("whk-replay-")
        .tempdir()
        .map_err(|e| Error::runtime(format!("cannot make a temporary directory: {}", io_reason(&e))))?;
    let runtime = crate::nats::runtime()?;
    let mut sequence = 0;
    let read = crate::nats::each_capture(&target, args.nats_creds.as_deref(), args.since, |capture| {
        sequence += 1;
        capture.save(&dir.path().join(crate::fixture::file_name(
            sequence,
            &capture.received_at,
            capture.provider.as_deref(),
        )))
    });
    runtime.block_on(read)?;
    Ok(dir)
}

/// `--shard i/n`: every n-th capture from the i-th — disjoint across i, together complete.
fn select(files: Vec<PathBuf>, shard: Option<(usize, usize)>) -> Vec<PathBuf> {
    match shard {
        None => files,
        Some((i, n)) => files.into_iter().enumerate().filter(|(k, _)| k % n == i - 1).map(|(_, f)| f).collect(),
    }
}

fn pace(pacer: &Mutex<(Instant, Duration)>) {
    let wait = {
        let mut slot = pacer.lock().expect("lock");
        let (next, interval) = &mut *slot;
        take_slot(next, *interval, Instant::now())
    };
    std::thread::sleep(wait);
}

/// `--rate`: how long to wait at `now` for the next free send slot, one per `interval`. Slots
/// left unused while idle are not saved up, so a pause is never followed by a burst.
fn take_slot(next: &mut Instant, interval: Duration, now: Instant) -> Duration {
    let start = (*next).max(now);
    *next = start + interval;
    start - now
}

fn write_report(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    crate::atomic_file::write(path, bytes)
        .map_err(|e| Error::runtime(format!("cannot write report {}: {}", path.display(), io_reason(&e))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_slots_space_sends_and_never_burst_after_a_pause() {
        let interval = Duration::from_millis(5);
        let now = Instant::now();
        let mut next = now;
        let waits: Vec<_> = (0..3).map(|_| take_slot(&mut next, interval, now)).collect();
        assert_eq!(waits, [Duration::ZERO, interval, interval * 2]);
        let later = now + Duration::from_secs(1);
        assert_eq!(take_slot(&mut next, interval, later), Duration::ZERO);
        assert_eq!(take_slot(&mut next, interval, later), interval, "idle time does not bank slots");
    }

    #[test]
    fn shards_are_disjoint_and_complete() {
        let files: Vec<PathBuf> = (0..10).map(|i| PathBuf::from(format!("{i}"))).collect();
        let mut all: Vec<PathBuf> = (1..=3).flat_map(|i| select(files.clone(), Some((i, 3)))).collect();
        all.sort_by_key(|p| p.to_string_lossy().parse::<u32>().unwrap());
        assert_eq!(all, files);
        assert_eq!(select(files, Some((1, 3))).len(), 4);
    }
}
