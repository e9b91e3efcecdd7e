//! Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256(secret, "v0:{ts}:{body}")>` with
//! `X-Slack-Request-Timestamp`. As slack_sdk's SignatureVerifier: the timestamp is checked first,
//! ±300 s (future ones too).

use super::*;

pub struct Slack;

const SIGNATURE: &str = "X-Slack-Signature";
const TIMESTAMP: &str = "X-Slack-Request-Timestamp";

impl Scheme for Slack {
    fn name(&self) -> &'static str {
        "slack"
    }

    fn summary(&self) -> &'static str {
        "Slack: X-Slack-Signature v0= hex HMAC-SHA256 of v0:{ts}:{body}, ±300 s"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Slack-Signature, X-Slack-Request-Timestamp",
            signed: "v0= hex HMAC-SHA256(v0:{ts}:{body})",
            secret: "signing secret, UTF-8",
            tolerance: "±300 s",
        }
    }

    fn example_secret(&self) -> &'static str {
        "8f742231b10e8888abcd99yyyzzz85a5"
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let ts = opts.timestamp.to_string();
        let signature = sign_one(&v0_recipe(&ts), secret, body, Encoding::Hex)?;
        Ok(vec![(TIMESTAMP.into(), ts), (SIGNATURE.into(), format!("v0={signature}"))].into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        verify_v0(
            self.name(),
            request,
            secrets,
            opts,
            (TIMESTAMP, SIGNATURE, "v0="),
            Window::Both(300),
            &[Encoding::Hex],
        )
    }

    /// Slack's `url_verification`: echo the challenge.
    fn reply(&self, request: &Request, valid: bool, _secrets: &[Secret]) -> Option<Reply> {
        let event = json_body(request).filter(|e| valid && e["type"] == "url_verification")?;
        Some(Reply::json(200, serde_json::json!({"challenge": event["challenge"]}), true))
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE)
    }
}

/// `v0:{ts}:{body}`, the message Slack, pyannote.ai and Zoom sign.
pub fn v0_recipe(ts: &str) -> Recipe {
    Recipe::prefixed(Algorithm::Sha256, format!("v0:{ts}:"))
}

/// Timestamp header + `{prefix}{signature}` header over [`v0_recipe`], timestamp checked first.
pub fn verify_v0(
    provider: &str,
    request: &Request,
    secrets: &[Secret],
    opts: &VerifyOptions,
    (timestamp_header, signature_header, prefix): (&str, &str, &str),
    window: Window,
    accepted: &[Encoding],
) -> Result<Verdict, Error> {
    let Some(ts) = request.headers.get(timestamp_header) else {
        return Ok(Mismatch::missing(timestamp_header));
    };
    let timestamp = match parse_unix(timestamp_header, ts) {
        Ok(t) => t,
        Err(verdict) => return Ok(verdict),
    };
    if !request.headers.has(signature_header) {
        return Ok(Mismatch::missing(signature_header));
    }
    if let Some(mismatch) = window.with_override(opts.tolerance).check(timestamp, opts.now) {
        return Ok(Verdict::Invalid(mismatch));
    }
    check_prefixed(request, secrets, provider, signature_header, prefix, v0_recipe(ts.trim()), accepted)
}
