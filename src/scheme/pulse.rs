//! smallest.ai Pulse STT: Pulse signs nothing. Its docs tell users to add their own
//! check, so when a secret is given whk applies the generic HMAC layer (same flags as `hmac`);
//! without one, a delivery is "unsigned".

use super::hmac_generic::{sign_generic, verify_generic};
use super::*;
use crate::sender::{doubling, RetryOn, Sender, MIN};

pub struct Pulse;

impl Scheme for Pulse {
    fn name(&self) -> &'static str {
        "pulse"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["smallest", "smallest-ai"]
    }

    fn summary(&self) -> &'static str {
        "smallest.ai Pulse STT: unsigned; optional generic HMAC layer when a secret is given"
    }

    fn info(&self) -> Info {
        Info {
            headers: "none (optional generic layer)",
            signed: "as hmac, when a secret is given",
            secret: "your own layer's secret",
            tolerance: "as hmac",
        }
    }

    fn signs_time_or_id(&self) -> bool {
        false
    }

    fn example_secret(&self) -> &'static str {
        "pulse-layer-secret"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"status":"success","transcription":"Hello world.","language":"en","case_id":"42","region":"us-east"}"#
    }

    fn needs_secret(&self) -> bool {
        false
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let mut headers = vec![("Content-Type".into(), "application/json".into())];
        if !secrets.is_empty() {
            headers.extend(sign_generic(&opts.hmac, body, single_secret(self.name(), secrets)?, opts)?);
        }
        Ok(headers.into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        if secrets.is_empty() {
            return Ok(Verdict::Unsigned(
                "Pulse sends no signature; give a secret to check your own HMAC layer".into(),
            ));
        }
        verify_generic(&opts.hmac, self.name(), request, secrets, opts)
    }

    fn detect(&self, _headers: &HeaderMap) -> bool {
        false
    }

    // Pulse documents that 5xx triggers a retry, 10 retries before giving up; no schedule published,
    // so whk doubles from 1 s up to 5 min.
    fn sender(&self) -> Option<Sender> {
        Some(Sender::plain(10, RetryOn::ServerErrors, doubling(1, 5 * MIN), 30))
    }
}
