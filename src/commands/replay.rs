//! `whk replay`: saved captures sent to any endpoint — exactly, or re-signed with a fresh
//! timestamp and id — with bounded concurrency, an optional rate, retries, and a report for
//! people (summary, HTML) and for CI (exit code, JSON, JUnit). Captures stream through a bounded
//! queue, so memory does not grow with their number.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use colored::Colorize;
use serde_json::json;

use super::input::{parse_header_args, print_dry_run};
use super::Outcome;
use crate::cli::{ReplayArgs, RequestFormat};
use crate::delivery::{self, Attempt, Client, ClientOptions, Failure, Outbound, Policy};
use crate::error::{io_reason, Error};
use crate::fixture::Capture;
use crate::output::{display_bytes, Printer};
use crate::scheme::{self, now_unix, Body, Header, Scheme, SignOptions};
use crate::secret::{self, Secret};

/// Failures listed in the summary; the count covers the rest.
const FAILURES_LISTED: usize = 20;

pub fn run(args: ReplayArgs, printer: &Printer, json: bool) -> Result<Outcome, Error> {
    let secrets = secret::load(&args.secrets.spec(), false, printer)?;
    if args.resign && secrets.is_empty() {
        return Err(Error::bad_input("--resign needs a secret")
            .hint("pass --secret-env VAR, or --no-resign to send the captured bytes"));
    }
    let plan = Plan { args: &args, secrets, extra: parse_header_args(&args.headers)? };
    let files = select(expand(&args.inputs)?, args.shard);
    let total = files.len() * args.repeat as usize;
    if args.dry_run {
        return plan.dry_run(&files, printer);
    }
    let client_options = ClientOptions { timeout: args.timeout, insecure: false, redirects: 0 };
    // A client per worker: reqwest's blocking client does its I/O on one thread of its own,
    // which a shared client would make every worker's bottleneck.
    let clients = (0..if args.ordered { 1 } else { args.concurrency.max(1) })
        .map(|_| Client::new(&client_options))
        .collect::<Result<Vec<_>, _>>()?;
    let policy = args.retry.policy();
    let workers = clients.len();
    let progress = progress_bar(total as u64, printer, json);
    let pacer = args.rate.map(|per_second| Mutex::new((Instant::now(), Duration::from_secs_f64(1.0 / per_second))));
    let started = Instant::now();
    let mut report = Report::new(args.report_junit.is_some());

    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, PathBuf)>(workers * 2);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Delivered>();
    let halted = std::thread::scope(|scope| -> Result<(), Error> {
        for client in &clients {
            let (job_rx, done_tx, plan, policy, pacer) = (&job_rx, done_tx.clone(), &plan, &policy, &pacer);
            scope.spawn(move || loop {
                let Ok((index, path)) = job_rx.lock().expect("lock").recv() else { return };
                if let Some(pacer) = pacer {
                    pace(pacer);
                }
                let _ = done_tx.send(plan.deliver(index, &path, client, policy));
            });
        }
        drop(done_tx);
        let feeder = scope.spawn(move || {
            let jobs = (0..args.repeat).flat_map(|_| files.iter().cloned()).enumerate();
            for job in jobs {
                if job_tx.send(job).is_err() {
                    return;
                }
            }
        });
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
    report.target = args.to.clone();
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
    report.outcome(&args.to)
}

/// Every capture the inputs name, sorted so that ls order is replay order.
fn expand(inputs: &[String]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| Error::unreadable(&format!("directory {input}"), &e))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.to_path_buf());
        } else {
            let pattern = glob::glob(input)
                .map_err(|e| Error::usage(format!("{} is not a glob pattern: {e}", crate::output::quoted(input))))?;
            let mut found: Vec<PathBuf> = pattern.filter_map(Result::ok).filter(|p| p.is_file()).collect();
            if found.is_empty() {
                return Err(Error::bad_input(format!("no captures at {}", crate::output::quoted(input)))
                    .hint("name capture files, a directory of them (whk listen --save-dir), or a quoted glob"));
            }
            found.sort();
            files.extend(found);
        }
    }
    Ok(files)
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

fn progress_bar(total: u64, printer: &Printer, json: bool) -> indicatif::ProgressBar {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() && !printer.quiet() && !json;
    if !interactive {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} · {per_sec} · ETA {eta} {msg}") {
        bar.set_style(style);
    }
    bar
}

fn write_report(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    crate::atomic_file::write(path, bytes)
        .map_err(|e| Error::runtime(format!("cannot write report {}: {}", path.display(), io_reason(&e))))
}

/// What to send and how, shared by the workers.
struct Plan<'a> {
    args: &'a ReplayArgs,
    secrets: Vec<Secret>,
    extra: Vec<Header>,
}

/// A request rebuilt from a capture.
struct Prepared {
    url: String,
    method: String,
    headers: Vec<Header>,
    body: Vec<u8>,
    provider: Option<String>,
    resigned: bool,
}

impl Prepared {
    fn outbound(self) -> Outbound {
        Outbound { method: self.method, url: self.url, headers: self.headers, body: self.body }
    }
}

impl Plan<'_> {
    fn scheme(&self, capture: &Capture) -> Option<&'static dyn Scheme> {
        self.args.provider.map(|p| p.0).or_else(|| capture.provider.as_deref().and_then(scheme::find))
    }

    fn prepare(&self, capture: &Capture) -> Result<Prepared, Error> {
        let mut body = capture.body.bytes().map_err(Error::bad_input)?;
        body = crate::edit::apply_sets(&body, &self.args.sets)?;
        let drop = |name: &str| {
            crate::http::is_hop_by_hop(name) || self.args.drop_headers.iter().any(|d| d.eq_ignore_ascii_case(name))
        };
        let mut headers: Vec<Header> = capture.headers.iter().filter(|(n, _)| !drop(n)).cloned().collect();
        let scheme = self.scheme(capture);
        let mut url = match (self.args.keep_path, &capture.query) {
            (true, Some(query)) => format!("{}{}?{query}", self.args.to.trim_end_matches('/'), capture.path),
            (true, None) => format!("{}{}", self.args.to.trim_end_matches('/'), capture.path),
            (false, _) => self.args.to.clone(),
        };
        let resign = match scheme {
            _ if self.args.no_resign || self.secrets.is_empty() => false,
            Some(_) if self.args.resign || !self.args.sets.is_empty() => true,
            Some(scheme) => scheme.signs_time_or_id(),
            None => false,
        };
        if let (true, Some(scheme)) = (resign, scheme) {
            let opts = SignOptions {
                id: Some(scheme.fresh_id()),
                url: Some(url.clone()),
                method: capture.method.clone(),
                event: capture.event.clone(),
                encoding: self.args.hmac.encoding(),
                hmac: self.args.hmac.params(),
                ..SignOptions::new(now_unix())
            };
            let signed = scheme.sign(&Body::Bytes(body.clone()), &self.secrets, &opts)?;
            for (name, value) in signed.headers {
                merge(&mut headers, name, value);
            }
            url = signed.url.unwrap_or(url);
            body = signed.body.unwrap_or(body);
        }
        for (name, value) in &self.extra {
            merge(&mut headers, name.clone(), value.clone());
        }
        Ok(Prepared {
            url,
            method: capture.method.clone(),
            headers,
            body,
            provider: scheme.map(|s| s.name().to_string()),
            resigned: resign && scheme.is_some(),
        })
    }

    fn deliver(&self, index: usize, path: &Path, client: &Client, policy: &Policy) -> Delivered {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let capture = match Capture::load(path) {
            Ok(capture) => capture,
            Err(error) => return Delivered::Malformed { name, error },
        };
        // Each attempt is prepared anew, so a re-signed capture gets a fresh timestamp per retry.
        let mut first = None;
        let delivered = delivery::deliver(
            client,
            policy,
            |status| self.args.expect.met(status),
            |_, _| {
                let prepared = self.prepare(&capture)?;
                first.get_or_insert((prepared.provider.clone(), prepared.resigned));
                Ok(prepared.outbound())
            },
            |_, _, _| Ok(()),
        );
        let (attempt, attempts) = match delivered {
            Ok(delivered) => delivered,
            Err(error) => return Delivered::Malformed { name, error },
        };
        let (provider, resigned) = first.unwrap_or_default();
        Delivered::Sent(Box::new(Sent {
            index,
            name,
            provider,
            resigned,
            met: attempt.status().is_some_and(|s| self.args.expect.met(s)),
            attempts,
            attempt,
        }))
    }

    fn dry_run(&self, files: &[PathBuf], printer: &Printer) -> Result<Outcome, Error> {
        for path in files {
            let request = self.prepare(&Capture::load(path)?)?.outbound();
            print_dry_run(request, self.args.format, &self.secrets, printer)?;
            if self.args.format == RequestFormat::Http {
                // A blank line between one request's body and the next request line.
                printer.line("")?;
            }
        }
        Ok(Outcome::Success)
    }
}

/// A signed header replaces the captured one of the same name (its first place kept).
fn merge(headers: &mut Vec<Header>, name: String, value: String) {
    match headers.iter().position(|(n, _)| n.eq_ignore_ascii_case(&name)) {
        Some(first) => {
            headers[first].1 = value;
            let mut seen = false;
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name) || !std::mem::replace(&mut seen, true));
        }
        None => headers.push((name, value)),
    }
}

enum Delivered {
    Sent(Box<Sent>),
    Malformed { name: String, error: Error },
}

struct Sent {
    index: usize,
    name: String,
    provider: Option<String>,
    resigned: bool,
    met: bool,
    attempts: u32,
    attempt: Attempt,
}

impl Delivered {
    fn to_json(&self) -> serde_json::Value {
        match self {
            Delivered::Malformed { name, error } => {
                json!({"type": "delivery", "fixture": name, "error": error.to_string(), "malformed": true})
            }
            Delivered::Sent(sent) => {
                let mut out = json!({"type": "delivery", "index": sent.index, "fixture": sent.name, "provider": sent.provider,
                    "resigned": sent.resigned, "attempts": sent.attempts, "met": sent.met,
                    "elapsed_ms": sent.attempt.elapsed().as_secs_f64() * 1000.0});
                match &sent.attempt {
                    Attempt::Response(r) => out["status"] = json!(r.status),
                    Attempt::Failed(f) => out["error"] = json!(f.message),
                }
                out
            }
        }
    }
}

/// Everything the summary, the exit code and the reports need — counters, not deliveries,
/// except for JUnit, which lists each.
struct Report {
    sent: u64,
    succeeded: u64,
    retried: u64,
    malformed: u64,
    statuses: BTreeMap<String, u64>,
    latencies_ms: Vec<f32>,
    failures: Vec<(String, String)>,
    failed: u64,
    unreachable: Option<Failure>,
    cases: Option<Vec<Case>>,
    elapsed: Duration,
    target: String,
}

/// One JUnit testcase: the capture, its provider, what went wrong (if anything), how long.
struct Case {
    name: String,
    provider: Option<String>,
    problem: Option<String>,
    time: Duration,
}

impl Report {
    fn new(junit: bool) -> Report {
        Report {
            sent: 0,
            succeeded: 0,
            retried: 0,
            malformed: 0,
            statuses: BTreeMap::new(),
            latencies_ms: Vec::new(),
            failures: Vec::new(),
            failed: 0,
            unreachable: None,
            cases: junit.then(Vec::new),
            elapsed: Duration::ZERO,
            target: String::new(),
        }
    }

    fn add(&mut self, delivered: Delivered) {
        let (name, provider, problem, time) = match delivered {
            Delivered::Malformed { name, error } => {
                self.malformed += 1;
                (name, None, Some(error.to_string()), Duration::ZERO)
            }
            Delivered::Sent(sent) => {
                let time = sent.attempt.elapsed();
                self.sent += 1;
                self.retried += u64::from(sent.attempts > 1);
                self.latencies_ms.push(sent.attempt.elapsed().as_secs_f32() * 1000.0);
                let (label, detail) = match &sent.attempt {
                    Attempt::Response(r) => (r.status.to_string(), display_bytes(&r.body[..r.body.len().min(120)])),
                    Attempt::Failed(f) => ("error".to_string(), display_bytes(f.message.as_bytes())),
                };
                *self.statuses.entry(label.clone()).or_default() += 1;
                let problem = if sent.met {
                    self.succeeded += 1;
                    None
                } else {
                    self.failed += 1;
                    if self.failures.len() < FAILURES_LISTED {
                        self.failures.push((sent.name.clone(), format!("{label} {detail}")));
                    }
                    Some(format!("{label}: {detail}"))
                };
                let Sent { name, provider, attempt, .. } = *sent;
                if let (Attempt::Failed(f), Some(_)) = (attempt, &problem) {
                    self.unreachable.get_or_insert(f);
                }
                (name, provider, problem, time)
            }
        };
        if let Some(cases) = &mut self.cases {
            cases.push(Case { name, provider, problem, time });
        }
    }

    fn percentile(&self, p: f64) -> f32 {
        let mut sorted = self.latencies_ms.clone();
        sorted.sort_by(f32::total_cmp);
        sorted.get(((sorted.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0)
    }

    fn summary_json(&self) -> serde_json::Value {
        json!({"type": "summary", "target": self.target, "sent": self.sent, "succeeded": self.succeeded, "failed": self.failed,
            "retried": self.retried, "malformed": self.malformed, "statuses": self.statuses,
            "latency_ms": {"p50": self.percentile(0.5), "p95": self.percentile(0.95), "p99": self.percentile(0.99), "max": self.percentile(1.0)},
            "elapsed_ms": self.elapsed.as_millis() as u64})
    }

    fn print(&self, printer: &Printer) -> Result<(), Error> {
        let mark = if self.failed == 0 && self.malformed == 0 { "✔".green().bold() } else { "✘".red().bold() };
        printer.line(&format!(
            "{mark} replayed {} to {}: {} succeeded, {} failed, {} retried{} in {:.2}s",
            self.sent,
            self.target,
            self.succeeded,
            self.failed,
            self.retried,
            if self.malformed > 0 { format!(", {} malformed skipped", self.malformed) } else { String::new() },
            self.elapsed.as_secs_f64()
        ))?;
        let statuses: Vec<String> = self.statuses.iter().map(|(s, n)| format!("{s} ×{n}")).collect();
        printer.line(&format!("  status: {}", statuses.join(" · ")))?;
        printer.line(&format!(
            "  latency: p50 {:.1} ms · p95 {:.1} · p99 {:.1} · max {:.1}",
            self.percentile(0.5),
            self.percentile(0.95),
            self.percentile(0.99),
            self.percentile(1.0)
        ))?;
        for (name, detail) in &self.failures {
            printer.line(&format!("  {} {name}: {detail}", "failed".red()))?;
        }
        if self.failed as usize > self.failures.len() {
            printer.line(&format!(
                "  … and {} more failures (--json lists every delivery)",
                self.failed as usize - self.failures.len()
            ))?;
        }
        Ok(())
    }

    fn outcome(&self, target: &str) -> Result<Outcome, Error> {
        if let (Some(failure), 0) = (&self.unreachable, self.succeeded) {
            return Err(delivery::failure_error(failure, target));
        }
        if self.malformed > 0 {
            return Err(Error::bad_input(format!("{} capture(s) were malformed and skipped", self.malformed))
                .hint("see the warnings above; --strict stops at the first"));
        }
        Ok(if self.failed == 0 { Outcome::Success } else { Outcome::Negative })
    }

    fn junit(&self) -> Result<Vec<u8>, Error> {
        use quick_junit::{NonSuccessKind, Report as JUnit, TestCase, TestCaseStatus, TestSuite};
        let mut suite = TestSuite::new("whk replay");
        for Case { name, provider, problem, time } in self.cases.iter().flatten() {
            let status = match problem {
                None => TestCaseStatus::success(),
                Some(message) => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    status.set_message(message.as_str());
                    status
                }
            };
            let mut case = TestCase::new(name.as_str(), status);
            case.set_classname(provider.as_deref().unwrap_or("capture"));
            case.set_time(*time);
            suite.add_test_case(case);
        }
        let mut report = JUnit::new("whk");
        report.add_test_suite(suite);
        report
            .to_string()
            .map(String::into_bytes)
            .map_err(|e| Error::runtime(format!("cannot write the JUnit report: {e}")))
    }

    /// One self-contained page: the numbers, a latency histogram and a status chart, as SVG.
    fn html(&self) -> String {
        let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        let max = self.percentile(1.0).max(0.001);
        let mut buckets = [0u64; 20];
        for latency in &self.latencies_ms {
            buckets[((latency / max * 19.999) as usize).min(19)] += 1;
        }
        let tallest = (*buckets.iter().max().unwrap_or(&1)).max(1) as f64;
        let bars: String = buckets
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let h = *n as f64 / tallest * 120.0;
                format!("<rect x=\"{}\" y=\"{:.1}\" width=\"18\" height=\"{h:.1}\" fill=\"#4c78a8\"><title>{n}</title></rect>", i * 20, 130.0 - h)
            })
            .collect();
        let total = self.statuses.values().sum::<u64>().max(1) as f64;
        let mut x = 0.0;
        let segments: String = self
            .statuses
            .iter()
            .map(|(status, n)| {
                let w = *n as f64 / total * 400.0;
                let color = if status.starts_with('2') { "#54a24b" } else if status.starts_with('4') { "#f58518" } else { "#e45756" };
                let rect = format!("<rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"30\" fill=\"{color}\"><title>{} ×{n}</title></rect>", escape(status));
                x += w;
                rect
            })
            .collect();
        let legend: String = self.statuses.iter().map(|(s, n)| format!("<li>{} × {n}</li>", escape(s))).collect();
        let failures: String = self
            .failures
            .iter()
            .map(|(f, d)| format!("<tr><td>{}</td><td>{}</td></tr>", escape(f), escape(d)))
            .collect();
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>whk replay report</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#222}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}}</style></head>
<body><h1>whk replay</h1>
<table id="summary"><tr><th>target</th><td>{target}</td></tr><tr><th>sent</th><td id="sent">{sent}</td></tr><tr><th>succeeded</th><td id="succeeded">{succeeded}</td></tr>
<tr><th>failed</th><td id="failed">{failed}</td></tr><tr><th>retried</th><td id="retried">{retried}</td></tr><tr><th>malformed</th><td id="malformed">{malformed}</td></tr>
<tr><th>latency p50 / p95 / p99 / max (ms)</th><td id="latency">{p50:.2} / {p95:.2} / {p99:.2} / {max:.2}</td></tr><tr><th>elapsed</th><td>{elapsed:.2} s</td></tr></table>
<h2>Latency histogram (0 – {max:.2} ms)</h2><svg width="400" height="130" role="img" aria-label="latency histogram">{bars}</svg>
<h2>Status</h2><svg width="400" height="30" role="img" aria-label="status chart">{segments}</svg><ul id="statuses">{legend}</ul>
<h2>Failures</h2><table id="failures"><tr><th>capture</th><th>answer</th></tr>{failures}</table>
</body></html>
"#,
            target = escape(&self.target),
            sent = self.sent,
            succeeded = self.succeeded,
            failed = self.failed,
            retried = self.retried,
            malformed = self.malformed,
            p50 = self.percentile(0.5),
            p95 = self.percentile(0.95),
            p99 = self.percentile(0.99),
            max = self.percentile(1.0),
            elapsed = self.elapsed.as_secs_f64(),
        )
    }
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
    fn merge_replaces_in_place_and_drops_duplicates() {
        let mut headers = vec![
            ("A".to_string(), "1".to_string()),
            ("sig".into(), "old".into()),
            ("B".into(), "2".into()),
            ("Sig".into(), "old2".into()),
        ];
        merge(&mut headers, "Sig".into(), "new".into());
        merge(&mut headers, "C".into(), "3".into());
        assert_eq!(
            headers,
            vec![
                ("A".into(), "1".into()),
                ("sig".into(), "new".into()),
                ("B".into(), "2".into()),
                ("C".into(), "3".into())
            ]
        );
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
