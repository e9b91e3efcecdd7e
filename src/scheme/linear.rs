//! Linear: `Linear-Signature` = hex HMAC-SHA256 of the body. The age comes from the signed
//! body's `webhookTimestamp` (milliseconds), never from a header: as @linear/sdk, more than 60 s
//! either way fails.

use super::*;

pub struct Linear;

const SIGNATURE: &str = "Linear-Signature";
const EVENT: &str = "Linear-Event";

impl Scheme for Linear {
    fn name(&self) -> &'static str {
        "linear"
    }

    fn summary(&self) -> &'static str {
        "Linear: Linear-Signature = hex HMAC-SHA256 of the body; body webhookTimestamp ±60 s"
    }

    fn info(&self) -> Info {
        Info {
            headers: "Linear-Signature (+ Linear-Delivery, Linear-Event)",
            signed: "hex HMAC-SHA256({body})",
            secret: "webhook signing secret, UTF-8",
            tolerance: "±60 s on the body's webhookTimestamp (ms)",
        }
    }

    fn example_secret(&self) -> &'static str {
        "lin_wh_test"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"action":"create","type":"Issue","data":{"id":"1","title":"Bug"},"webhookTimestamp":1700000000000}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let signature = sign_one(&Recipe::body(Algorithm::Sha256), secret, body, Encoding::Hex)?;
        let event = opts.event.clone().or_else(|| json_field(body, "type")).unwrap_or_else(|| "Issue".into());
        Ok(vec![
            ("Content-Type".into(), "application/json; charset=utf-8".into()),
            ("Linear-Delivery".into(), opts.id_or(fresh_uuid)),
            (EVENT.into(), event),
            (SIGNATURE.into(), signature),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        let Some(value) = request.headers.get(SIGNATURE) else {
            return Ok(Mismatch::missing(SIGNATURE));
        };
        require_secrets(self.name(), secrets)?;
        let check = DigestCheck {
            header: SIGNATURE,
            recipe: Recipe::body(Algorithm::Sha256),
            provided: vec![value.trim().to_string()],
            accepted: &[Encoding::Hex],
            prefix: "",
        };
        let verdict = check.run(secrets, request.body)?;
        if !matches!(verdict, Verdict::Valid(_)) {
            return Ok(verdict);
        }
        let Some(millis) = json_field(request.body, "webhookTimestamp").and_then(|t| t.parse::<i64>().ok()) else {
            return Ok(Verdict::Invalid(Mismatch::Rejected(
                "the body has no numeric webhookTimestamp, which Linear's SDK checks".into(),
            )));
        };
        if let Some(mismatch) = Window::Both(60).with_override(opts.tolerance).check_millis(millis, opts.now) {
            return Ok(Verdict::Invalid(mismatch));
        }
        Ok(verdict)
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE)
    }

    fn event_headers(&self) -> &'static [&'static str] {
        &[EVENT]
    }
}
