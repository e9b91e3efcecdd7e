//! Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=…]`, HMAC-SHA256 over `{t}.{body}` keyed
//! with the whole `whsec_…` string. As in stripe-python/stripe-node: any v1 may match, the
//! signature is checked before the age, only timestamps older than 300 s are rejected, and the
//! legacy `v0` entry is ignored (a header with only `v0` has no signature the SDKs read).

use super::*;
use crate::sender::{doubling, RetryOn, Sender, HOUR};

pub struct Stripe;

pub const HEADER: PairList = PairList {
    header: "Stripe-Signature",
    separator: ',',
    timestamp_key: "t",
    signature_key: "v1",
    strict: false,
    time_first: false,
    window: Window::Past(300),
    encoding: Encoding::Hex,
};

/// `{t}.{body}`, shared with Calendly, which copied Stripe's scheme.
pub fn dotted(timestamp: &str) -> Recipe {
    Recipe::prefixed(Algorithm::Sha256, format!("{timestamp}."))
}

/// One hex v1 signature per secret over `{t}.{body}`.
pub fn v1_signatures(secrets: &[Secret], body: &Body, timestamp: i64) -> Result<Vec<String>, Error> {
    Ok(dotted(&timestamp.to_string()).macs(secrets, body)?.iter().map(hex::encode).collect())
}

impl Scheme for Stripe {
    fn name(&self) -> &'static str {
        "stripe"
    }

    fn summary(&self) -> &'static str {
        "Stripe: Stripe-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 300 s tolerance"
    }

    fn info(&self) -> Info {
        Info {
            headers: "Stripe-Signature",
            signed: "t=…,v1= hex HMAC-SHA256({t}.{body}); legacy v0 ignored",
            secret: "whsec_… string, whole, UTF-8",
            tolerance: "300 s past (future passes)",
        }
    }

    fn secret_kind(&self) -> SecretKind {
        SecretKind::PrefixedAlphanumeric("whsec_", 32)
    }

    fn example_secret(&self) -> &'static str {
        "whsec_test_secret"
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        require_secrets(self.name(), secrets)?;
        let signatures = v1_signatures(secrets, body, opts.timestamp)?;
        Ok(vec![
            ("Content-Type".into(), "application/json; charset=utf-8".into()),
            ("User-Agent".into(), "Stripe/1.0 (+https://stripe.com/docs/webhooks)".into()),
            (HEADER.header.into(), HEADER.format(opts.timestamp, &signatures)),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        HEADER.verify(self.name(), request, secrets, opts, dotted)
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(HEADER.header)
    }

    // Stripe retries for up to three days with exponential backoff (live mode) and publishes
    // no exact schedule: whk doubles from 1 h, capped at 12 h — eight retries, the last about
    // three days after the first attempt.
    fn sender(&self) -> Option<Sender> {
        Some(Sender::plain(8, RetryOn::AnyFailure, doubling(HOUR, 12 * HOUR), 30))
    }
}
