//! Square: `x-square-hmacsha256-signature` = base64 HMAC-SHA256 over the notification URL (as
//! configured in the subscription, not as your server sees it) followed by the body. As the
//! squareup SDKs: an empty body is rejected.

use super::*;

pub struct Square;

const SIGNATURE: &str = "x-square-hmacsha256-signature";

impl Scheme for Square {
    fn name(&self) -> &'static str {
        "square"
    }

    fn summary(&self) -> &'static str {
        "Square: x-square-hmacsha256-signature = base64 HMAC-SHA256 of {url}{body}; needs --url"
    }

    fn info(&self) -> Info {
        Info {
            headers: "x-square-hmacsha256-signature",
            signed: "base64 HMAC-SHA256({notification url}{body})",
            secret: "subscription signature key, UTF-8",
            tolerance: "none",
        }
    }

    fn signs_time_or_id(&self) -> bool {
        false
    }

    fn example_secret(&self) -> &'static str {
        "signature-key"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"merchant_id":"MLEFBHHSJGVHD","type":"payment.updated","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","data":{"type":"payment","id":"1"}}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let url = require_url(self.name(), opts.url.as_deref())?;
        let signature = sign_one(&Recipe::prefixed(Algorithm::Sha256, url), secret, body, Encoding::Base64)?;
        Ok(vec![
            ("Content-Type".into(), "application/json".into()),
            ("square-version".into(), "2025-10-16".into()),
            (SIGNATURE.into(), signature),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        let url = require_url(self.name(), opts.url.as_deref())?;
        if !request.headers.has(SIGNATURE) {
            return Ok(Mismatch::missing(SIGNATURE));
        }
        if request.body.load(0)?.is_some_and(|b| b.is_empty()) {
            return Ok(Verdict::Invalid(Mismatch::Rejected(
                "empty body: Square's SDKs reject a notification without one".into(),
            )));
        }
        check_prefixed(
            request,
            secrets,
            self.name(),
            SIGNATURE,
            "",
            Recipe::prefixed(Algorithm::Sha256, url),
            &[Encoding::Base64],
        )
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE)
    }
}
