//! pyannote.ai: `X-Signature` = HMAC-SHA256 of `v0:{X-Request-Timestamp}:{body}`.
//! pyannote's docs say base64 in prose and hex in their sample, so verify accepts either and
//! says which matched; sign emits hex unless `--encoding base64`. pyannote publishes no
//! tolerance; whk applies ±300 s, as for the identical Slack construction (`--tolerance 0` to skip).

use super::slack::{v0_recipe, verify_v0};
use super::*;
use crate::sender::{schedule, RetryOn, Sender, MIN};

/// Why the attempt before failed, in the words pyannote.ai's docs list.
const RETRY_REASON: &str = "X-Retry-Reason";
const RETRY_REASONS: [&str; 6] =
    ["http_timeout", "too_many_redirects", "connection_failed", "ssl_error", "http_error", "unknown_error"];

pub struct Pyannote;

const SIGNATURE: &str = "X-Signature";
const TIMESTAMP: &str = "X-Request-Timestamp";

impl Scheme for Pyannote {
    fn name(&self) -> &'static str {
        "pyannote"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["pyannoteai"]
    }

    fn summary(&self) -> &'static str {
        "pyannote.ai: X-Signature = HMAC-SHA256 of v0:{ts}:{body}, hex or base64"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Signature, X-Request-Timestamp",
            signed: "hex or base64 HMAC-SHA256(v0:{ts}:{body})",
            secret: "whs_… team secret, UTF-8",
            tolerance: "±300 s (whk's choice; none published)",
        }
    }

    fn secret_kind(&self) -> SecretKind {
        SecretKind::PrefixedHex("whs_", 16)
    }

    fn example_secret(&self) -> &'static str {
        "whs_95db6ebca6fc447cafbc90594601555e"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"jobId": "test", "status": "succeeded", "output": {}}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let encoding = match opts.encoding.unwrap_or(Encoding::Hex) {
            Encoding::Base64OfHex => {
                return Err(Error::usage("pyannote signatures are hex or base64")
                    .hint("pass --encoding hex (the default) or --encoding base64"))
            }
            other => other,
        };
        let ts = opts.timestamp.to_string();
        let signature = sign_one(&v0_recipe(&ts), secret, body, encoding)?;
        Ok(vec![
            ("Content-Type".into(), "application/json".into()),
            (TIMESTAMP.into(), ts),
            (SIGNATURE.into(), signature),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        verify_v0(
            self.name(),
            request,
            secrets,
            opts,
            (TIMESTAMP, SIGNATURE, ""),
            Window::Both(300),
            &[Encoding::Hex, Encoding::Base64],
        )
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE) && headers.has(TIMESTAMP)
    }

    // docs.pyannote.ai: up to 3 retries — immediately, after 1 min, after 5 min; answer
    // within 10 s; more than 2 redirects fails; non-2xx fails.
    /// pyannote.ai's sample receiver (`webhook_server_cli.py`) serves `/health` and `/metrics`
    /// beside its webhook; monitoring scripts written for it read these fields.
    fn probe(&self, path: &str, _route: Option<&str>, stats: &ReceiverStats) -> Option<Reply> {
        match path {
            "/health" => Some(Reply::json(200, serde_json::json!({"status": "healthy"}), false)),
            "/metrics" => {
                let checked = stats.valid + stats.invalid;
                let rate = if checked == 0 { 100.0 } else { stats.valid as f64 * 10000.0 / checked as f64 };
                Some(Reply::json(
                    200,
                    serde_json::json!({
                        "processed_webhooks": stats.received,
                        "failed_verifications": stats.invalid,
                        "successful_events": stats.valid,
                        "verification_success_rate": rate.round() / 100.0,
                    }),
                    false,
                ))
            }
            _ => None,
        }
    }

    fn delivery_id(&self, _headers: &HeaderMap, body: Option<&serde_json::Value>) -> Option<String> {
        body_field(body, "jobId")
    }

    /// `X-Retry-Num` is absent on the first attempt and counts retries from 1.
    fn attempt_counters(&self) -> &'static [AttemptCounter] {
        &[AttemptCounter::Header("X-Retry-Num", 0)]
    }

    fn retry_reason(&self) -> Option<(&'static str, &'static [&'static str])> {
        Some((RETRY_REASON, &RETRY_REASONS))
    }

    fn sender(&self) -> Option<Sender> {
        Some(Sender { redirects: 2, ..Sender::plain(3, RetryOn::AnyFailure, schedule(&[0, MIN, 5 * MIN]), 10) })
    }

    /// pyannote.ai numbers its retries and says why the attempt before failed.
    fn retry_headers(&self, number: u32, reason: &str) -> Vec<Header> {
        vec![("X-Retry-Num".into(), (number - 1).to_string()), (RETRY_REASON.into(), reason.into())]
    }
}
