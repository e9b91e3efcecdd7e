//! What `whk replay` reports: counters for the summary and the exit code, and the same numbers
//! as JSON (`json.rs`), JUnit (`junit.rs`) and a self-contained HTML page (`html.rs`, its
//! template in `report.html`).

mod html;
mod json;
mod junit;

use std::collections::BTreeMap;
use std::time::Duration;

use colored::Colorize;

use crate::commands::Outcome;
use crate::delivery::{self, Attempt, Failure, FailureKind};
use crate::error::Error;
use crate::output::{display_bytes, Printer};

/// Failures the terminal summary lists (the HTML report lists every one, folding the rest).
const FAILURES_LISTED: usize = 20;

/// One capture's fate.
pub enum Delivered {
    Sent(Box<Sent>),
    Malformed { name: String, error: Error },
}

pub struct Sent {
    pub index: usize,
    pub name: String,
    pub provider: Option<String>,
    pub resigned: bool,
    pub met: bool,
    pub attempts: u32,
    pub attempt: Attempt,
}

/// Everything the summary, the exit code and the reports need — counters, not deliveries,
/// except for JUnit, which lists each, and the HTML report, which lists every failure.
pub struct Report {
    sent: u64,
    succeeded: u64,
    retried: u64,
    malformed: u64,
    statuses: BTreeMap<String, u64>,
    latencies_ms: Vec<f32>,
    failures: Vec<Failed>,
    failures_kept: usize,
    failed: u64,
    unreachable: Option<Failure>,
    cases: Option<Vec<Case>>,
    pub elapsed: Duration,
    pub run: Run,
}

/// What the run was, for the reports' headings.
#[derive(Default)]
pub struct Run {
    pub target: String,
    /// `--expect`, e.g. `2xx`.
    pub expect: String,
    /// The command line, secrets masked.
    pub command: String,
    pub started_unix: i64,
}

impl Run {
    /// The run this process is making, started now; `--secret` values are masked in its
    /// command line, as everywhere whk prints.
    pub fn started_now(target: &str, expect: &str) -> Run {
        let mut masked_next = false;
        let words: Vec<String> = std::env::args_os()
            .map(|word| {
                let word = word.to_string_lossy();
                let word = match (masked_next, word.strip_prefix("--secret=")) {
                    (true, _) if word != "-" => "***".to_string(),
                    (_, Some(value)) if value != "-" => "--secret=***".to_string(),
                    _ => word.into_owned(),
                };
                masked_next = word == "--secret";
                crate::http::shell_quote(&word)
            })
            .collect();
        let command = match words.split_first() {
            Some((_, args)) => format!("whk {}", args.join(" ")),
            None => "whk".to_string(),
        };
        Run { target: target.to_string(), expect: expect.to_string(), command, started_unix: crate::scheme::now_unix() }
    }
}

/// A capture that did not meet `--expect` (`label` its status or `error`) or was malformed.
struct Failed {
    name: String,
    label: String,
    detail: String,
}

/// One JUnit testcase: the capture, its provider, what went wrong (if anything), how long.
struct Case {
    name: String,
    provider: Option<String>,
    problem: Option<String>,
    time: Duration,
}

impl Report {
    /// `junit`: keep every delivery for JUnit; `every_failure`: keep every failure, not only the
    /// ones the terminal summary lists.
    pub fn new(junit: bool, every_failure: bool) -> Report {
        Report {
            sent: 0,
            succeeded: 0,
            retried: 0,
            malformed: 0,
            statuses: BTreeMap::new(),
            latencies_ms: Vec::new(),
            failures: Vec::new(),
            failures_kept: if every_failure { usize::MAX } else { FAILURES_LISTED },
            failed: 0,
            unreachable: None,
            cases: junit.then(Vec::new),
            elapsed: Duration::ZERO,
            run: Run::default(),
        }
    }

    pub fn add(&mut self, delivered: Delivered) {
        let (name, provider, problem, time) = match delivered {
            Delivered::Malformed { name, error } => {
                self.malformed += 1;
                let problem = error.to_string();
                self.keep_failure(&name, "malformed", &problem);
                (name, None, Some(problem), Duration::ZERO)
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
                    self.keep_failure(&sent.name, &label, &detail);
                    Some(format!("{label}: {detail}"))
                };
                let Sent { name, provider, attempt, .. } = *sent;
                // A request that could not be built says nothing about the endpoint.
                if let (Attempt::Failed(f), Some(_)) = (attempt, &problem) {
                    if f.kind != FailureKind::Invalid {
                        self.unreachable.get_or_insert(f);
                    }
                }
                (name, provider, problem, time)
            }
        };
        if let Some(cases) = &mut self.cases {
            cases.push(Case { name, provider, problem, time });
        }
    }

    fn keep_failure(&mut self, name: &str, label: &str, detail: &str) {
        if self.failures.len() < self.failures_kept {
            self.failures.push(Failed { name: name.to_string(), label: label.to_string(), detail: detail.to_string() });
        }
    }

    /// Whether the run met `--expect` for every capture, none skipped as malformed.
    fn passed(&self) -> bool {
        self.failed == 0 && self.malformed == 0
    }

    fn percentile(&self, p: f64) -> f32 {
        let mut sorted = self.latencies_ms.clone();
        sorted.sort_by(f32::total_cmp);
        sorted.get(((sorted.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0)
    }

    pub fn print(&self, printer: &Printer) -> Result<(), Error> {
        let mark = if self.passed() { "✔".green().bold() } else { "✘".red().bold() };
        printer.line(&format!(
            "{mark} replayed {} to {}: {} succeeded, {} failed, {} retried{} in {:.2}s",
            self.sent,
            self.run.target,
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
        let unmet = self.failures.iter().filter(|f| f.label != "malformed");
        let listed = unmet.clone().take(FAILURES_LISTED).count();
        for Failed { name, label, detail } in unmet.take(FAILURES_LISTED) {
            printer.line(&format!("  {} {name}: {label} {detail}", "failed".red()))?;
        }
        if self.failed as usize > listed {
            printer.line(&format!(
                "  … and {} more failures (--json and --report-html list every one)",
                self.failed as usize - listed
            ))?;
        }
        Ok(())
    }

    pub fn outcome(&self, target: &str) -> Result<Outcome, Error> {
        if let (Some(failure), 0) = (&self.unreachable, self.succeeded) {
            return Err(delivery::failure_error(failure, target));
        }
        if self.malformed > 0 {
            return Err(Error::bad_input(format!("{} capture(s) were malformed and skipped", self.malformed))
                .hint("see the warnings above; --strict stops at the first"));
        }
        Ok(if self.failed == 0 { Outcome::Success } else { Outcome::Negative })
    }
}
