//! Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, body)>` — base64, where
//! most `sha256=` headers carry hex.

use super::*;

pub struct Typeform;

const SIGNATURE: BodyMac = BodyMac {
    header: "Typeform-Signature",
    prefix: "sha256=",
    algorithm: Algorithm::Sha256,
    encoding: Encoding::Base64,
};

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

    fn signs_time_or_id(&self) -> bool {
        false
    }

    fn example_secret(&self) -> &'static str {
        "abc123"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"event_id":"01","event_type":"form_response"}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], _opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        Ok(vec![("Content-Type".into(), "application/json".into()), SIGNATURE.sign(secret, body)?].into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], _opts: &VerifyOptions) -> Result<Verdict, Error> {
        SIGNATURE.verify(request, secrets, self.name())
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE.header)
    }
}
