//! What the listener shows: a block (or an NDJSON object) per request, warnings for refused
//! ones, and the built-in `/_whk/` endpoints. Every piece of request text is sanitised here.

use colored::Colorize;
use serde::Serialize;
use serde_json::json;

use super::answer::Answer;
use super::handle::{Checked, State};
use crate::fixture::{Capture, CapturedVerdict};
use crate::message::LazyJson;
use crate::output::{display_bytes, sanitize_line};

/// One `--json` line per request (schema `whk.listen/1`, documented in README.md).
#[derive(Serialize)]
struct RequestLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    received_at: &'a str,
    remote_addr: Option<&'a str>,
    method: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    size: usize,
    route: Option<&'a str>,
    provider: Option<&'a str>,
    event: Option<&'a str>,
    verdict: Option<&'a CapturedVerdict>,
    /// With `--spec`: the body against its webhook's schema.
    schema: Option<&'a crate::spec::SchemaVerdict>,
    status: u16,
    capture: Option<&'a std::path::Path>,
    /// The likely cause of a failed signature, as `whk verify` names it.
    cause: Option<&'a str>,
    /// `"Name: value"`, in arrival order, as captures hold them.
    headers: Vec<HeaderLine<'a>>,
}

/// One header as a `"Name: value"` string, written straight into the JSON.
struct HeaderLine<'a>(&'a str, &'a str);

impl Serialize for HeaderLine<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{}: {}", self.0, self.1))
    }
}

/// The preview of a body in the human output.
const PREVIEW: usize = 160;

impl Checked {
    pub fn kind(&self) -> &'static str {
        match self {
            Checked::Valid => "valid",
            Checked::Invalid(_) => "invalid",
            Checked::Unsigned(_) => "unsigned",
            Checked::Unknown(_) => "unknown",
        }
    }

    pub fn captured(&self) -> CapturedVerdict {
        let (reason, message) = match self {
            Checked::Valid => (None, None),
            Checked::Invalid(m) => (Some(m.kind().to_string()), Some(m.to_string())),
            Checked::Unsigned(why) | Checked::Unknown(why) => (None, Some(why.clone())),
        };
        CapturedVerdict { result: self.kind().into(), reason, message }
    }

    fn shown(&self) -> String {
        match self {
            Checked::Valid => "✔ valid".green().to_string(),
            Checked::Invalid(m) => format!("{} {}", "✘".red(), sanitize_line(&m.to_string())),
            Checked::Unsigned(_) => "○ unsigned".yellow().to_string(),
            Checked::Unknown(why) => format!("{} {}", "?".yellow(), sanitize_line(why)),
        }
    }
}

impl State {
    /// Counts the request and prints its block or JSON line.
    pub(super) fn record(
        &self,
        capture: &Capture,
        body: &LazyJson,
        route: &Option<String>,
        saved: Option<&std::path::Path>,
        verdict: &Checked,
        cause: Option<&str>,
    ) {
        let event = capture.event.as_deref();
        {
            let mut metrics = self.metrics.lock().expect("lock");
            metrics.total += 1;
            *metrics.by_verdict.entry(verdict.kind()).or_default() += 1;
            *metrics.by_route.entry(route.clone().unwrap_or_else(|| "*".into())).or_default() += 1;
            if let Some(event) = event {
                count_event(&mut metrics.by_event, event);
            }
        }
        let status = capture.response.as_ref().map_or(0, |r| r.status);
        let _guard = self.output.lock().expect("lock");
        if self.json {
            let line = RequestLine {
                kind: "request",
                received_at: &capture.received_at,
                remote_addr: capture.remote_addr.as_deref(),
                method: &capture.method,
                path: &capture.path,
                query: capture.query.as_deref(),
                size: body.bytes().len(),
                route: route.as_deref(),
                provider: capture.provider.as_deref(),
                event: capture.event.as_deref(),
                verdict: capture.verdict.as_ref(),
                schema: capture.schema.as_ref(),
                status,
                capture: saved,
                cause,
                headers: capture.headers.iter().map(|(name, value)| HeaderLine(name, value)).collect(),
            };
            let _ = self.printer.json(&line);
            let _ = self.printer.flush();
            return;
        }
        if self.printer.quiet() {
            return;
        }
        let time = capture.received_at.get(11..23).unwrap_or_default();
        let provider = capture.provider.as_deref().unwrap_or("?");
        let mut block = format!(
            "{} {} {} · {} B · {provider}{} · {} → {status}",
            time.dimmed(),
            sanitize_line(&capture.method).bold(),
            sanitize_line(&capture.path),
            body.bytes().len(),
            event.map(|e| format!(" {}", sanitize_line(e))).unwrap_or_default(),
            verdict.shown(),
        );
        if let Some(cause) = cause {
            block.push_str(&format!("\n  {} {}", "likely cause:".bold(), sanitize_line(cause)));
        }
        if let Some(schema) = &capture.schema {
            let line = sanitize_line(&schema.summary()).into_owned();
            let shown = match schema.result.as_str() {
                "valid" => line.green(),
                "invalid" => line.red(),
                _ => line.yellow(),
            };
            block.push_str(&format!("\n  {shown}"));
        }
        if self.printer.verbose() {
            for (name, value) in &capture.headers {
                block.push_str(&format!("\n  {}: {}", sanitize_line(name).dimmed(), sanitize_line(value)));
            }
        }
        if !body.bytes().is_empty() {
            block.push_str(&format!("\n  {}", preview(body, self.printer.verbose())));
        }
        if let Some(path) = saved {
            block.push_str(&format!("\n  {} {}", "saved".dimmed(), sanitize_line(&path.display().to_string())));
        }
        let _ = self.printer.line(&block);
        let _ = self.printer.flush();
    }

    /// Says why a request was refused before it reached verification.
    pub fn warn_refused(&self, status: u16, what: &str, why: &str) {
        let _guard = self.output.lock().expect("lock");
        self.printer.warn(&format!("rejected with {status}: {}: {}", sanitize_line(what), sanitize_line(why)));
    }

    /// `/_whk/health`, `/_whk/metrics` (Prometheus text) and `/_whk/metrics.json`.
    pub fn builtin(&self, path: &str) -> Answer {
        let metrics = self.metrics.lock().expect("lock");
        let valid = metrics.by_verdict.get("valid").copied().unwrap_or(0);
        let checked = valid + metrics.by_verdict.get("invalid").copied().unwrap_or(0);
        let rate = if checked == 0 { 1.0 } else { valid as f64 / checked as f64 };
        match path {
            "/_whk/health" => Answer::json(200, json!({"status": "ok"})),
            "/_whk/metrics.json" => Answer::json(
                200,
                json!({"total": metrics.total, "verdicts": metrics.by_verdict, "routes": metrics.by_route,
                    "events": metrics.by_event, "success_rate": rate}),
            ),
            "/_whk/metrics" => {
                let mut text =
                    String::from("# HELP whk_webhooks_total Webhooks received.\n# TYPE whk_webhooks_total counter\n");
                text.push_str(&format!("whk_webhooks_total {}\n", metrics.total));
                text.push_str("# HELP whk_webhooks_verdict_total Webhooks by verification verdict.\n# TYPE whk_webhooks_verdict_total counter\n");
                for verdict in ["valid", "invalid", "unsigned", "unknown"] {
                    text.push_str(&format!(
                        "whk_webhooks_verdict_total{{verdict=\"{verdict}\"}} {}\n",
                        metrics.by_verdict.get(verdict).unwrap_or(&0)
                    ));
                }
                text.push_str("# TYPE whk_webhooks_route_total counter\n");
                for (route, n) in &metrics.by_route {
                    text.push_str(&format!("whk_webhooks_route_total{{route=\"{}\"}} {n}\n", prometheus_label(route)));
                }
                text.push_str("# TYPE whk_webhooks_event_total counter\n");
                for (event, n) in &metrics.by_event {
                    text.push_str(&format!("whk_webhooks_event_total{{event=\"{}\"}} {n}\n", prometheus_label(event)));
                }
                text.push_str(&format!(
                    "# TYPE whk_verification_success_rate gauge\nwhk_verification_success_rate {rate}\n"
                ));
                Answer::Reply {
                    status: 200,
                    headers: vec![("Content-Type".into(), "text/plain; version=0.0.4".into())],
                    body: text.into_bytes(),
                    delay: std::time::Duration::ZERO,
                }
            }
            _ => Answer::json(
                404,
                json!({"error": "unknown whk endpoint", "endpoints": ["/_whk/health", "/_whk/metrics", "/_whk/metrics.json"]}),
            ),
        }
    }
}

/// Distinct event names the metrics keep apart; past them, senders choose the names, so the rest
/// share one bucket instead of growing the listener without bound.
const EVENTS_KEPT: usize = 1000;

fn count_event(by_event: &mut std::collections::BTreeMap<String, u64>, event: &str) {
    let full = by_event.len() >= EVENTS_KEPT;
    match by_event.get_mut(event) {
        Some(count) => *count += 1,
        None if !full => {
            by_event.insert(event.to_string(), 1);
        }
        None => *by_event.entry("(other)".to_string()).or_default() += 1,
    }
}

fn prometheus_label(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// JSON compacted on one line (pretty with `-v`), anything else sanitised; cut at [`PREVIEW`].
fn preview(body: &LazyJson, pretty: bool) -> String {
    let json = body.get();
    if let (true, Some(json)) = (pretty, json) {
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        return crate::output::sanitize(&text).replace('\n', "\n  ");
    }
    let text = json.map_or_else(|| display_bytes(body.bytes()), |j| sanitize_line(&j.to_string()).into_owned());
    match text.char_indices().nth(PREVIEW) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_from_senders_never_grow_the_metrics_without_bound() {
        let mut by_event = std::collections::BTreeMap::new();
        for n in 0..5000 {
            count_event(&mut by_event, &format!("event-{n}"));
        }
        count_event(&mut by_event, "event-0");
        assert!(by_event.len() <= EVENTS_KEPT + 1);
        assert_eq!(by_event["event-0"], 2);
        assert_eq!(by_event["(other)"], 5000 - EVENTS_KEPT as u64);
    }
}
