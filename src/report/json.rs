//! `whk replay --json`: one object per delivery, then the summary.

use serde_json::json;

use super::{Delivered, Report};
use crate::delivery::Attempt;

impl Delivered {
    pub fn to_json(&self) -> serde_json::Value {
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

impl Report {
    pub fn summary_json(&self) -> serde_json::Value {
        json!({"type": "summary", "target": self.run.target, "sent": self.sent, "succeeded": self.succeeded, "failed": self.failed,
            "retried": self.retried, "malformed": self.malformed, "statuses": self.statuses,
            "latency_ms": {"p50": self.percentile(0.5), "p95": self.percentile(0.95), "p99": self.percentile(0.99), "max": self.percentile(1.0)},
            "elapsed_ms": self.elapsed.as_millis() as u64})
    }
}
