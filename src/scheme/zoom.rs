//! Zoom: `x-zm-signature: v0=<hex HMAC-SHA256(secret token, "v0:{ts}:{body}")>` with
//! `x-zm-request-timestamp` — Slack's construction. Zoom's sample and SDK check no age, so neither
//! does whk by default (`--tolerance` adds one). Also the `endpoint.url_validation` challenge:
//! Zoom posts a `plainToken` and expects it back with its HMAC, which the listener answers with.

use serde_json::json;

use super::slack::{v0_recipe, verify_v0};
use super::*;

pub struct Zoom;

const SIGNATURE: &str = "x-zm-signature";
const TIMESTAMP: &str = "x-zm-request-timestamp";

/// The answer to Zoom's `endpoint.url_validation` event: `{"plainToken", "encryptedToken"}`
/// where `encryptedToken` = hex HMAC-SHA256(secret token, plainToken). `None` when the body is
/// not a validation request.
pub fn url_validation_response(body: &[u8], secret: &Secret) -> Option<String> {
    let event: serde_json::Value = serde_json::from_slice(body).ok()?;
    if event.get("event")?.as_str()? != "endpoint.url_validation" {
        return None;
    }
    let plain = event.get("payload")?.get("plainToken")?.as_str()?;
    let mac = hmac_all(
        &[(Algorithm::Sha256, secret.expose())],
        &[Piece::Bytes(plain.as_bytes().to_vec())],
        &Body::Bytes(Vec::new()),
    )
    .ok()?;
    Some(json!({"plainToken": plain, "encryptedToken": hex::encode(&mac[0])}).to_string())
}

impl Scheme for Zoom {
    fn name(&self) -> &'static str {
        "zoom"
    }

    fn summary(&self) -> &'static str {
        "Zoom: x-zm-signature v0= hex HMAC-SHA256 of v0:{ts}:{body}"
    }

    fn info(&self) -> Info {
        Info {
            headers: "x-zm-signature, x-zm-request-timestamp",
            signed: "v0= hex HMAC-SHA256(v0:{ts}:{body})",
            secret: "app secret token, UTF-8",
            tolerance: "none (Zoom's SDK checks none)",
        }
    }

    fn example_secret(&self) -> &'static str {
        "test_secret_token"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"event":"endpoint.url_validation","payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1700000000000}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let ts = opts.timestamp.to_string();
        let signature = sign_one(&v0_recipe(&ts), secret, body, Encoding::Hex)?;
        Ok(vec![
            ("Content-Type".into(), "application/json; charset=utf-8".into()),
            (TIMESTAMP.into(), ts),
            (SIGNATURE.into(), format!("v0={signature}")),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        verify_v0(
            self.name(),
            request,
            secrets,
            opts,
            (TIMESTAMP, SIGNATURE, "v0="),
            Window::Unchecked,
            &[Encoding::Hex],
        )
    }

    /// Zoom's `endpoint.url_validation`: the plain token with its HMAC.
    fn reply(&self, request: &Request, valid: bool, secrets: &[Secret]) -> Option<Reply> {
        let answer = url_validation_response(request.body.as_bytes().filter(|_| valid)?, secrets.first()?)?;
        Some(Reply { status: 200, content_type: "application/json", body: answer.into_bytes(), handshake: true })
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_url_validation_as_providers_md_computes() {
        let secret = Secret::new("test_secret_token", "t");
        let answer = url_validation_response(Zoom.example_body(), &secret).unwrap();
        assert_eq!(
            answer,
            r#"{"plainToken":"qgg8vlvZRS6UYooatFL8Aw","encryptedToken":"4efea922935c335d972476de138d2208a0d46ab28c79ee592d497a1b216419b8"}"#
        );
        assert_eq!(url_validation_response(br#"{"event":"meeting.started"}"#, &secret), None);
    }
}
