//! `whk listen --audit-sender PROVIDER`: for people who build a sender. The listener answers
//! with the failures the provider's contract retries on (`--respond`, by default 500,500,200)
//! and judges what comes back against that contract: the same delivery id on every attempt, a
//! fresh valid signature on each, the attempt counters, the waits of the retry schedule (scaled
//! by `--time-scale`), a `Retry-After` the listener answered with (`--retry-after`), and the
//! most attempts the provider makes.
//!
//! Attempts with the same delivery id belong to one delivery until the listener answers one
//! with 2xx, so a sender may have several deliveries under way at once; attempts without an id
//! belong to the last delivery while it is open. A retry that comes under a new id is told by
//! its attempt counters, where the provider keeps them.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::json;

use super::answer::Answer;
use crate::message::HeaderMap;
use crate::scheme::{AttemptCounter, Scheme};

/// How early a retry may come against its scheduled wait, as a share of it, and how late.
const EARLY: f64 = 0.5;
const LATE: f64 = 3.0;
/// Slack for waits too short to measure against (a scaled-down schedule in a test).
const SLACK: Duration = Duration::from_millis(150);

struct Attempt {
    at: Instant,
    id: Option<String>,
    valid: bool,
    signature: Option<String>,
    /// What each of the provider's attempt counters said.
    counters: Vec<(AttemptCounter, Option<i64>)>,
    /// The reason a retry gives for the attempt before, where the provider sends one.
    retry_reason: Option<String>,
    answered: u16,
    /// The `Retry-After` the answer carried, in seconds.
    retry_after: Option<u64>,
}

pub struct Audit {
    scheme: &'static dyn Scheme,
    time_scale: f64,
    deliveries: Mutex<Vec<Vec<Attempt>>>,
}

/// One rule broken by one delivery.
pub struct Broken {
    pub delivery: String,
    pub rule: &'static str,
    pub detail: String,
}

impl Audit {
    pub fn new(scheme: &'static dyn Scheme, time_scale: f64) -> Audit {
        Audit { scheme, time_scale, deliveries: Mutex::new(Vec::new()) }
    }

    /// An attempt the listener just answered with `answer`.
    pub fn record(&self, headers: &HeaderMap, json: Option<&serde_json::Value>, valid: bool, answer: &Answer) {
        let signature = self.scheme.detect(headers).then(|| signature_of(headers)).flatten();
        let attempt = Attempt {
            at: Instant::now(),
            id: self.scheme.delivery_id(headers, json),
            valid,
            signature,
            counters: self.scheme.attempt_counters().iter().map(|c| (*c, c.read(headers, json))).collect(),
            retry_reason: self.scheme.retry_reason().and_then(|(name, _)| headers.get(name)).map(str::to_string),
            answered: answer.status(),
            retry_after: answer
                .headers()
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case("retry-after"))
                .and_then(|(_, value)| value.trim().parse().ok()),
        };
        let mut deliveries = self.deliveries.lock().expect("lock");
        let open = |d: &Vec<Attempt>| d.last().is_some_and(|a| !(200..300).contains(&a.answered));
        // A retry joins the open delivery with its id, so deliveries may interleave; without
        // an id, the last delivery, if it is still open.
        let joins = match &attempt.id {
            Some(id) => deliveries.iter().rposition(|d| open(d) && d[0].id.as_ref() == Some(id)),
            None => deliveries.len().checked_sub(1).filter(|&last| open(&deliveries[last])),
        };
        match joins {
            Some(index) => deliveries[index].push(attempt),
            None => deliveries.push(vec![attempt]),
        }
    }

    /// Every rule broken, delivery by delivery.
    pub fn broken(&self) -> Vec<Broken> {
        let deliveries = self.deliveries.lock().expect("lock");
        let policy = self.scheme.sender().map(|s| s.policy);
        let mut broken = Vec::new();
        for (n, attempts) in deliveries.iter().enumerate() {
            let name = attempts[0].id.clone().unwrap_or_else(|| format!("delivery {}", n + 1));
            let mut flag = |rule, detail: String| broken.push(Broken { delivery: name.clone(), rule, detail });
            if attempts.iter().any(|a| a.id != attempts[0].id) {
                flag("same delivery id", "the attempts carry different ids".into());
            }
            for (k, attempt) in attempts.iter().enumerate() {
                let number = k as i64 + 1;
                if !attempt.valid {
                    flag("valid signature", format!("attempt {number} is not validly signed"));
                }
                for (counter, value) in &attempt.counters {
                    match (value, counter) {
                        (Some(value), _) if k == 0 && *value > counter.expected(1) => {
                            let says = counter.describe(*value);
                            flag("same delivery id", format!("a retry ({says}) came under an id never seen before"));
                        }
                        (Some(value), _) if *value != counter.expected(number) => {
                            flag("attempt counter", format!("attempt {number} says {}", counter.describe(*value)));
                        }
                        (None, AttemptCounter::Header(name, _)) if k > 0 => {
                            flag("attempt counter", format!("attempt {number} gives no {name}"));
                        }
                        _ => {}
                    }
                }
                if let Some((header, words)) = self.scheme.retry_reason() {
                    let said = attempt.retry_reason.as_deref();
                    // The listener answered the attempt before with a status: that is an HTTP error.
                    let answered = k > 0 && attempts[k - 1].answered != 0;
                    let wrong = match (k, said) {
                        (0, Some(word)) => {
                            Some(format!("attempt 1 says {header}: {word}, but nothing failed before it"))
                        }
                        (_, None) if k > 0 => Some(format!("attempt {number} gives no {header}")),
                        (_, Some(word)) if k > 0 && !words.contains(&word) => {
                            Some(format!("attempt {number} says {header}: {word}, not one of {}", words.join(", ")))
                        }
                        (_, Some(word)) if answered && word != "http_error" => Some(format!(
                            "attempt {number} says {header}: {word}, but attempt {} was answered {}",
                            number - 1,
                            attempts[k - 1].answered
                        )),
                        _ => None,
                    };
                    if let Some(detail) = wrong {
                        flag("retry reason", detail);
                    }
                }
                // Timestamps count seconds: two attempts in one second may sign alike.
                let apart = k > 0 && attempt.at.duration_since(attempts[k - 1].at) >= Duration::from_secs(1);
                if apart
                    && self.scheme.signs_time_or_id()
                    && attempt.signature.is_some()
                    && attempt.signature == attempts[k - 1].signature
                {
                    flag("fresh signature", format!("attempt {number} repeats attempt {}'s signature", number - 1));
                }
            }
            if let Some(policy) = &policy {
                if attempts.len() as u32 > policy.retries + 1 {
                    let most = policy.retries + 1;
                    flag(
                        "most attempts",
                        format!("{} attempts; {} makes at most {most}", attempts.len(), self.scheme.name()),
                    );
                }
            }
            for (k, pair) in attempts.windows(2).enumerate() {
                let retry = k as u32 + 1;
                let waited = pair[1].at.duration_since(pair[0].at);
                // Retry-After overrides the schedule: the sender may wait longer, never less.
                let planned = match (pair[0].retry_after, &policy) {
                    (Some(seconds), _) => {
                        let asked = Duration::from_secs(seconds).mul_f64(self.time_scale);
                        if waited + SLACK < asked {
                            let scaled = format!("{asked:.2?} at this time scale");
                            let detail = format!("retry {retry} came after {waited:.2?}; the answer said Retry-After: {seconds} ({scaled})");
                            flag("Retry-After honoured", detail);
                        }
                        continue;
                    }
                    (None, Some(policy)) => policy.scheduled(retry, false).mul_f64(self.time_scale),
                    (None, None) => continue,
                };
                let too_soon = waited + SLACK < planned.mul_f64(EARLY);
                let too_late = waited > planned.mul_f64(LATE) + SLACK * 4;
                if too_soon || too_late {
                    let way = if too_soon { "soon" } else { "late" };
                    flag(
                        "retry schedule",
                        format!("retry {retry} came after {waited:.2?}, too {way} for the scheduled {planned:.2?}"),
                    );
                }
            }
        }
        broken
    }

    /// The report card: one line per delivery, then each broken rule; JSON with `json`.
    pub fn report(&self, json: bool) -> (String, bool) {
        let broken = self.broken();
        let deliveries = self.deliveries.lock().expect("lock");
        if json {
            let rules: Vec<_> =
                broken.iter().map(|b| json!({"delivery": b.delivery, "rule": b.rule, "detail": b.detail})).collect();
            let card = json!({"type": "sender-audit", "provider": self.scheme.name(), "deliveries": deliveries.len(), "broken": rules});
            return (card.to_string(), broken.is_empty());
        }
        let mut lines = vec![format!("sender audit ({}): {} deliveries", self.scheme.name(), deliveries.len())];
        for (n, attempts) in deliveries.iter().enumerate() {
            let name = attempts[0].id.clone().unwrap_or_else(|| format!("delivery {}", n + 1));
            let answers: Vec<String> = attempts.iter().map(|a| a.answered.to_string()).collect();
            let mark = if broken.iter().any(|b| b.delivery == name) { "✘" } else { "✔" };
            lines.push(format!("  {mark} {name}: {} attempt(s), answered {}", attempts.len(), answers.join(", ")));
        }
        for b in &broken {
            lines.push(format!("  broken: {} — {}: {}", b.rule, b.delivery, b.detail));
        }
        if broken.is_empty() && !deliveries.is_empty() {
            lines.push(format!("  every rule of {}'s contract kept", self.scheme.name()));
        }
        (crate::output::sanitize(&lines.join("\n")).into_owned(), broken.is_empty())
    }
}

/// The request's signature: the values of the headers named for one (`X-Hub-Signature-256`,
/// `Stripe-Signature`, `webhook-signature`…: every provider with a sender profile), joined.
fn signature_of(headers: &HeaderMap) -> Option<String> {
    let values: Vec<&str> =
        headers.iter().filter(|(n, _)| n.to_ascii_lowercase().contains("signature")).map(|(_, v)| v.as_str()).collect();
    (!values.is_empty()).then(|| values.join(" "))
}
