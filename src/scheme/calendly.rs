//! Calendly: `Calendly-Webhook-Signature: t=<unix>,v1=<hex HMAC-SHA256(key, "{t}.{body}")>` —
//! Stripe's construction. Calendly publishes no SDK; its docs' example rejects deliveries older
//! than three minutes, which whk applies to the past only, as Stripe's SDKs do.

use super::stripe::{dotted, v1_signatures};
use super::*;

pub struct Calendly;

const HEADER: PairList = PairList {
    header: "Calendly-Webhook-Signature",
    separator: ',',
    timestamp_key: "t",
    signature_key: "v1",
    strict: false,
    time_first: false,
    window: Window::Past(180),
    encoding: Encoding::Hex,
};

impl Scheme for Calendly {
    fn name(&self) -> &'static str {
        "calendly"
    }

    fn summary(&self) -> &'static str {
        "Calendly: Calendly-Webhook-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 180 s"
    }

    fn info(&self) -> Info {
        Info {
            headers: "Calendly-Webhook-Signature",
            signed: "t=…,v1= hex HMAC-SHA256({t}.{body})",
            secret: "webhook signing key, UTF-8",
            tolerance: "180 s past (docs example)",
        }
    }

    fn example_secret(&self) -> &'static str {
        "signing_key_test"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"event":"invitee.created","payload":{"email":"test@example.com"}}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        require_secrets(self.name(), secrets)?;
        let signatures = v1_signatures(secrets, body, opts.timestamp)?;
        Ok(vec![
            ("Content-Type".into(), "application/json".into()),
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
}
