//! `whk replay --report-html`: one self-contained page (no external assets) with the numbers, a
//! latency histogram and a status chart as inline SVG. The markup is `report.html`; this file
//! computes what fills its `{{name}}` slots.

use super::Report;

const TEMPLATE: &str = include_str!("report.html");

impl Report {
    pub fn html(&self) -> String {
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
                format!(
                    "<rect x=\"{}\" y=\"{:.1}\" width=\"18\" height=\"{h:.1}\" fill=\"#4c78a8\"><title>{n}</title></rect>",
                    i * 20,
                    130.0 - h
                )
            })
            .collect();
        let total = self.statuses.values().sum::<u64>().max(1) as f64;
        let mut x = 0.0;
        let segments: String = self
            .statuses
            .iter()
            .map(|(status, n)| {
                let w = *n as f64 / total * 400.0;
                let color = match status.as_bytes().first() {
                    Some(b'2') => "#54a24b",
                    Some(b'4') => "#f58518",
                    _ => "#e45756",
                };
                let rect = format!(
                    "<rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"30\" fill=\"{color}\"><title>{} ×{n}</title></rect>",
                    escape(status)
                );
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
        let slots = [
            ("target", escape(&self.target)),
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
            ("bars", bars),
            ("segments", segments),
            ("legend", legend),
            ("failures", failures),
        ];
        crate::template::fill(TEMPLATE, |name| slots.iter().find(|(slot, _)| *slot == name).map(|(_, v)| v.clone()))
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
        let page = Report::new(false).html();
        assert!(!page.contains("{{"), "{page}");
        assert!(page.contains(r#"<td id="sent">0</td>"#));
    }
}
