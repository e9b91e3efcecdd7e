//! Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, body)>` — base64, where
//! most `sha256=` headers carry hex.

use super::*;

pub struct Typeform;

const SIGNATURE: &str = "Typeform-Signature";

impl Scheme for Typeform {
    fn name(&self) -> &'static str {
        "typeform"
    }

    fn summary(&self) -> &'static str {
        "Typeform: Typeform-Signature sha256= base64 HMAC-SHA256 of the body"
    }

    fn info(&self) -> Info {
        Info {
            headers: "Typeform-Signature",
            signed: "sha256= base64 HMAC-SHA256({body})",
            secret: "webhook secret, UTF-8",
            tolerance: "none",
        }
    }

    fn example_secret(&self) -> &'static str {
        "abc123"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"event_id":"01","event_type":"form_response"}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], _opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let signature = sign_one(&Recipe::body(Algorithm::Sha256), secret, body, Encoding::Base64)?;
        Ok(vec![("Content-Type".into(), "application/json".into()), (SIGNATURE.into(), format!("sha256={signature}"))]
            .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], _opts: &VerifyOptions) -> Result<Verdict, Error> {
        check_prefixed(
            request,
            secrets,
            self.name(),
            SIGNATURE,
            "sha256=",
            Recipe::body(Algorithm::Sha256),
            &[Encoding::Base64],
        )
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE)
    }
}
