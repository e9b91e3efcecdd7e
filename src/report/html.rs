//! `whk replay --report-html`: one self-contained page (no external assets, no script) with a
//! pass/fail banner, the run, the numbers, a latency histogram and a status bar as inline SVG,
//! and every failure. The markup is `report.html`; this file computes what fills its `{{name}}`
//! slots.

use super::{Failed, Report};

const TEMPLATE: &str = include_str!("report.html");

/// Failures shown before the rest fold under "show the other N".
const FAILURES_OPEN: usize = 20;

/// The histogram's plot area inside its 640×250 view box, leaving room for the axes' labels.
const PLOT: Plot = Plot { left: 56.0, top: 12.0, width: 568.0, height: 190.0 };
const BUCKETS: usize = 20;

struct Plot {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

impl Report {
    pub fn html(&self) -> String {
        let (verdict, verdict_class) = if self.passed() { ("PASS", "pass") } else { ("FAIL", "fail") };
        let slots = [
            ("verdict", verdict.to_string()),
            ("verdict_class", verdict_class.to_string()),
            ("verdict_text", escape(&self.verdict_text())),
            ("target", escape(&self.run.target)),
            ("started", crate::scheme::rfc3339(self.run.started_unix)),
            ("command", escape(&self.run.command)),
            ("sent", self.sent.to_string()),
            ("succeeded", self.succeeded.to_string()),
            ("failed", self.failed.to_string()),
            ("retried", self.retried.to_string()),
            ("malformed", self.malformed.to_string()),
            ("p50", format!("{:.2}", self.percentile(0.5))),
            ("p95", format!("{:.2}", self.percentile(0.95))),
            ("p99", format!("{:.2}", self.percentile(0.99))),
            ("max", format!("{:.2}", self.percentile(1.0))),
            ("elapsed", format!("{:.2}", self.elapsed.as_secs_f64())),
            ("histogram", self.histogram()),
            ("segments", self.status_segments()),
            ("legend", self.status_legend()),
            ("failure_count", (self.failed + self.malformed).to_string()),
            ("failures", self.failure_list()),
            ("version", env!("CARGO_PKG_VERSION").to_string()),
        ];
        crate::template::fill(TEMPLATE, |name| slots.iter().find(|(slot, _)| *slot == name).map(|(_, v)| v.clone()))
    }

    fn verdict_text(&self) -> String {
        let expect = &self.run.expect;
        let mut text = match self.failed {
            0 => format!("all {} deliveries met --expect {expect}", self.sent),
            failed => format!("{failed} of {} deliveries missed --expect {expect}", self.sent),
        };
        if self.malformed > 0 {
            text.push_str(&format!("; {} malformed capture(s) skipped", self.malformed));
        }
        text
    }

    /// Deliveries per latency bucket, with a count axis and a millisecond axis whose ticks fall
    /// on round numbers.
    fn histogram(&self) -> String {
        let x_step = nice_step(f64::from(self.percentile(1.0)).max(0.001) / 5.0);
        let x_max = x_step * (f64::from(self.percentile(1.0)) / x_step).ceil().max(1.0);
        let mut buckets = [0u64; BUCKETS];
        for latency in &self.latencies_ms {
            buckets[((f64::from(*latency) / x_max * BUCKETS as f64) as usize).min(BUCKETS - 1)] += 1;
        }
        let tallest = buckets.iter().copied().max().unwrap_or(0).max(1) as f64;
        let y_step = nice_step(tallest / 4.0).max(1.0);
        let y_max = y_step * (tallest / y_step).ceil();
        let (bottom, right) = (PLOT.top + PLOT.height, PLOT.left + PLOT.width);
        let mut svg = String::new();
        for tick in ticks(y_max, y_step) {
            let y = bottom - tick / y_max * PLOT.height;
            svg.push_str(&format!(
                "<line class=\"grid\" x1=\"{}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{tick}</text>",
                PLOT.left, PLOT.left - 6.0, y + 4.0
            ));
        }
        let slot = PLOT.width / BUCKETS as f64;
        let bucket_ms = x_max / BUCKETS as f64;
        for (i, n) in buckets.iter().enumerate() {
            let h = *n as f64 / y_max * PLOT.height;
            let (from, to) = (label(i as f64 * bucket_ms, bucket_ms), label((i + 1) as f64 * bucket_ms, bucket_ms));
            svg.push_str(&format!(
                "<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"><title>{from}–{to} ms: {n}</title></rect>",
                PLOT.left + i as f64 * slot + 1.0,
                bottom - h,
                slot - 2.0
            ));
        }
        for tick in ticks(x_max, x_step) {
            let x = PLOT.left + tick / x_max * PLOT.width;
            svg.push_str(&format!(
                "<line class=\"axis\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{bottom}\" y2=\"{}\"/><text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                bottom + 5.0,
                bottom + 18.0,
                label(tick, x_step)
            ));
        }
        svg.push_str(&format!(
            "<line class=\"axis\" x1=\"{0}\" x2=\"{right}\" y1=\"{bottom}\" y2=\"{bottom}\"/><line class=\"axis\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{bottom}\"/>\
             <text x=\"{2}\" y=\"{3}\" text-anchor=\"middle\">latency (ms)</text>\
             <text transform=\"translate(14 {4}) rotate(-90)\" text-anchor=\"middle\">deliveries</text>",
            PLOT.left,
            PLOT.top,
            PLOT.left + PLOT.width / 2.0,
            bottom + 40.0,
            PLOT.top + PLOT.height / 2.0
        ));
        svg
    }

    fn status_segments(&self) -> String {
        let total = self.statuses.values().sum::<u64>().max(1) as f64;
        let mut x = 0.0;
        let mut svg = String::new();
        for (status, n) in &self.statuses {
            let width = *n as f64 / total * 640.0;
            svg.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"0\" width=\"{width:.1}\" height=\"28\" fill=\"{}\"><title>{} × {n}</title></rect>",
                status_color(status),
                escape(status)
            ));
            x += width;
        }
        svg
    }

    fn status_legend(&self) -> String {
        let total = self.statuses.values().sum::<u64>().max(1) as f64;
        self.statuses
            .iter()
            .map(|(status, n)| {
                format!(
                    "<li><i style=\"background:{}\"></i><b>{}</b> × {n} ({:.1}%)</li>",
                    status_color(status),
                    escape(status),
                    *n as f64 / total * 100.0
                )
            })
            .collect()
    }

    /// Every failure: the first [`FAILURES_OPEN`] in a table, the rest folded beneath it.
    fn failure_list(&self) -> String {
        if self.failures.is_empty() {
            return format!("<p id=\"no-failures\">None: every capture met --expect {}.</p>", escape(&self.run.expect));
        }
        // Deliveries finish in any order; the page lists them by capture name.
        let mut failures: Vec<&Failed> = self.failures.iter().collect();
        failures.sort_by(|a, b| a.name.cmp(&b.name));
        let rows = |failures: &[&Failed]| -> String {
            failures
                .iter()
                .map(|f| {
                    format!(
                        "<tr><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                        escape(&f.name),
                        escape(&f.label),
                        escape(&f.detail)
                    )
                })
                .collect()
        };
        const HEAD: &str = "<tr><th>capture</th><th>status</th><th>answer or error</th></tr>";
        let (open, folded) = failures.split_at(failures.len().min(FAILURES_OPEN));
        let mut html = format!("<table id=\"failures\">{HEAD}{}</table>", rows(open));
        if !folded.is_empty() {
            html.push_str(&format!(
                "<details id=\"more-failures\"><summary>Show the other {} failures</summary><table>{HEAD}{}</table></details>",
                folded.len(),
                rows(folded)
            ));
        }
        html
    }
}

/// 1, 2 or 5 times a power of ten, at least `rough`: axis steps people read at a glance.
fn nice_step(rough: f64) -> f64 {
    let magnitude = 10f64.powf(rough.log10().floor());
    let mantissa = rough / magnitude;
    magnitude * [1.0, 2.0, 5.0, 10.0].into_iter().find(|m| mantissa <= *m).unwrap_or(10.0)
}

fn ticks(max: f64, step: f64) -> impl Iterator<Item = f64> {
    (0..=(max / step).round() as u32).map(move |i| f64::from(i) * step)
}

/// A value on an axis stepping by `step`, with as many decimals as the step needs.
fn label(value: f64, step: f64) -> String {
    let decimals = if step >= 1.0 { 0 } else { (-step.log10()).ceil() as usize };
    format!("{value:.decimals$}")
}

fn status_color(status: &str) -> &'static str {
    match status.as_bytes().first() {
        Some(b'2') => "#54a24b",
        Some(b'3') => "#4c78a8",
        Some(b'4') => "#f58518",
        Some(b'5') => "#e45756",
        _ => "#8c6d9e",
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_in_the_template_is_filled() {
        let page = Report::new(false, true).html();
        assert!(!page.contains("{{"), "{page}");
        assert!(page.contains(r#"<p id="sent">0</p>"#));
    }

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(nice_step(0.37), 0.5);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(12.0), 20.0);
        assert_eq!(nice_step(100.0), 100.0);
        assert_eq!(label(0.25, 0.05), "0.25");
        assert_eq!(ticks(10.0, 2.5).collect::<Vec<_>>(), [0.0, 2.5, 5.0, 7.5, 10.0]);
    }
}
