//! Paddle Billing: `Paddle-Signature: ts=<unix>;h1=<hex HMAC-SHA256(key, "{ts}:{body}")>`, keyed
//! with the whole `pdl_ntfset_…` string. As paddle-python-sdk's Verifier: the age is checked
//! first, ±5 s; several h1 (rotation) and several secrets are tried; unknown keys are malformed.

use super::*;

pub struct Paddle;

const HEADER: PairList = PairList {
    header: "Paddle-Signature",
    separator: ';',
    timestamp_key: "ts",
    signature_key: "h1",
    strict: true,
    time_first: true,
    window: Window::Both(5),
    encoding: Encoding::Hex,
};

fn recipe(ts: &str) -> Recipe {
    Recipe::prefixed(Algorithm::Sha256, format!("{ts}:"))
}

impl Scheme for Paddle {
    fn name(&self) -> &'static str {
        "paddle"
    }

    fn summary(&self) -> &'static str {
        "Paddle Billing: Paddle-Signature ts=…;h1=… = hex HMAC-SHA256 of {ts}:{body}, ±5 s"
    }

    fn info(&self) -> Info {
        Info {
            headers: "Paddle-Signature",
            signed: "ts=…;h1= hex HMAC-SHA256({ts}:{body})",
            secret: "pdl_ntfset_… endpoint secret, whole, UTF-8",
            tolerance: "±5 s",
        }
    }

    fn secret_kind(&self) -> SecretKind {
        SecretKind::PrefixedAlphanumeric("pdl_ntfset_", 40)
    }

    fn example_secret(&self) -> &'static str {
        "pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"event_id":"evt_01h8bzakzx3hm2fmen703n5q45","event_type":"transaction.completed","data":{"id":"txn_01"}}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        require_secrets(self.name(), secrets)?;
        let macs = recipe(&opts.timestamp.to_string()).macs(secrets, body)?;
        let signatures: Vec<String> = macs.iter().map(hex::encode).collect();
        Ok(vec![
            ("Content-Type".into(), "application/json".into()),
            (HEADER.header.into(), HEADER.format(opts.timestamp, &signatures)),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        HEADER.verify(self.name(), request, secrets, opts, recipe)
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(HEADER.header)
    }
}
