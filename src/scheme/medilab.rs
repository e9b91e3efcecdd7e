//! MediLab, the clinic's outgoing webhooks: `X-Webhook-Signature: sha256=<hex
//! HMAC-SHA256 of the body>` — only when the webhook has a secret — beside `X-Webhook-Event`,
//! `X-Webhook-ID`, `X-Webhook-Attempt` and `User-Agent: MediLab-Webhook/1.0`. The event, id and
//! attempt repeat the envelope's `event_type`, `webhook_id` and `attempt`.

use super::*;
use crate::sender::{doubling, RetryOn, Sender, HOUR, MIN};

pub struct Medilab;

const EVENT: &str = "X-Webhook-Event";
pub const USER_AGENT: &str = "MediLab-Webhook/1.0";

impl Scheme for Medilab {
    fn name(&self) -> &'static str {
        "medilab"
    }

    fn summary(&self) -> &'static str {
        "MediLab clinic system: X-Webhook-Signature sha256= hex HMAC-SHA256 of the body, if a secret is set"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Webhook-Signature (only with a secret), X-Webhook-Event/ID/Attempt",
            signed: "sha256= hex HMAC-SHA256({body})",
            secret: "webhook secret, UTF-8",
            tolerance: "none",
        }
    }

    fn example_secret(&self) -> &'static str {
        "webhook-secret-key"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"event_type":"patient.created","event_data":{"patient_id":123},"webhook_id":"550e8400-e29b-41d4-a716-446655440000","timestamp":"2024-01-15T10:30:05Z","attempt":1}"#
    }

    fn needs_secret(&self) -> bool {
        false
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let [event_type, webhook_id, attempt] = json_fields(body, ["event_type", "webhook_id", "attempt"]);
        let event = opts.event.clone().or(event_type).ok_or_else(|| {
            Error::bad_input("medilab sends X-Webhook-Event, but the body has no event_type and no --event was given")
                .hint("pass --event patient.created (or any MediLab event type: `whk events medilab`)")
        })?;
        // The header repeats the envelope's id, so the body's wins over --id.
        let id = webhook_id.or_else(|| opts.id.clone()).unwrap_or_else(fresh_uuid);
        let attempt = attempt.unwrap_or_else(|| "1".into());
        let mut headers = vec![
            ("Content-Type".into(), "application/json".into()),
            ("User-Agent".into(), USER_AGENT.into()),
            (EVENT.into(), event),
            ("X-Webhook-ID".into(), id),
            ("X-Webhook-Attempt".into(), attempt),
        ];
        if !secrets.is_empty() {
            let secret = single_secret(self.name(), secrets)?;
            headers.push(WEBHOOK_SIGNATURE.sign(secret, body)?);
        }
        Ok(headers.into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], _opts: &VerifyOptions) -> Result<Verdict, Error> {
        if !request.headers.has(WEBHOOK_SIGNATURE.header) {
            return Ok(Verdict::Unsigned(
                "MediLab signs only webhooks that have a secret; this request has no X-Webhook-Signature".into(),
            ));
        }
        WEBHOOK_SIGNATURE.verify(request, secrets, self.name())
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(EVENT) || headers.get("User-Agent").is_some_and(|ua| ua.starts_with("MediLab-Webhook/"))
    }

    fn event_headers(&self) -> &'static [&'static str] {
        &[EVENT]
    }

    fn delivery_id(&self, headers: &HeaderMap, body: Option<&serde_json::Value>) -> Option<String> {
        headers.get("X-Webhook-ID").map(str::to_string).or_else(|| body_field(body, "webhook_id"))
    }

    fn attempt_counters(&self) -> &'static [AttemptCounter] {
        &[AttemptCounter::Header("X-Webhook-Attempt", 1), AttemptCounter::Field("attempt", 1)]
    }

    // MediLab's documented schedule: attempt 1 at once, then 60 s doubling; 3 retries by default, at most 10;
    // failure is >= 400 or a network error; requests time out at 300 s.
    fn sender(&self) -> Option<Sender> {
        Some(Sender { max_retries: 10, ..Sender::plain(3, RetryOn::AnyFailure, doubling(MIN, 24 * HOUR), 300) })
    }

    /// MediLab's envelope counts its `attempt` up on each retry (and `X-Webhook-Attempt`, which
    /// signing takes from it); a body without the field is sent as it is.
    fn retry_body(&self, body: &[u8], number: u32) -> Result<Option<Vec<u8>>, Error> {
        if !serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| v.get("attempt").is_some()) {
            return Ok(None);
        }
        crate::edit::apply_sets(body, &[format!("attempt={number}")]).map(Some)
    }
}
