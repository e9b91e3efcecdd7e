//! Novofon call notifications. The notify API posts form fields and signs a few of
//! them: `Signature = base64(hex(HMAC-SHA1(secret, S)))`, where S concatenates event-specific
//! fields (novofon/user-api-v1 `getWebhookEvent`). The field set of a user-templated notification (call_id, caller, …)
//! carries no signature: such requests are "unsigned".

use super::*;

pub struct Novofon;

const SIGNATURE: &str = "Signature";

/// The fields each event signs, in order.
pub const SIGNED_FIELDS: &[(&str, &[&str])] = &[
    ("NOTIFY_START", &["caller_id", "called_did", "call_start"]),
    ("NOTIFY_INTERNAL", &["caller_id", "called_did", "call_start"]),
    ("NOTIFY_IVR", &["caller_id", "called_did", "call_start"]),
    ("NOTIFY_END", &["caller_id", "called_did", "call_start"]),
    ("NOTIFY_ANSWER", &["caller_id", "destination", "call_start"]),
    ("NOTIFY_OUT_START", &["internal", "destination", "call_start"]),
    ("NOTIFY_OUT_END", &["internal", "destination", "call_start"]),
    ("NOTIFY_RECORD", &["pbx_call_id", "call_id_with_rec"]),
];

/// The signed string for a form body, or why there is none.
fn signed_string(body: &[u8]) -> Result<Vec<u8>, String> {
    let fields: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let Some(event) = field("event") else {
        return Err("the form body has no event field (NOTIFY_START … NOTIFY_RECORD)".into());
    };
    let Some((_, names)) = SIGNED_FIELDS.iter().find(|(e, _)| *e == event) else {
        let known: Vec<&str> = SIGNED_FIELDS.iter().map(|(e, _)| *e).collect();
        return Err(format!("event {} is not one Novofon signs ({})", crate::output::quoted(event), known.join(", ")));
    };
    let mut signed = Vec::new();
    for name in *names {
        let value = field(name).ok_or_else(|| format!("form field {name} is missing, which {event} signs"))?;
        signed.extend_from_slice(value.as_bytes());
    }
    Ok(signed)
}

fn recipe(signed: Vec<u8>) -> Recipe {
    Recipe { algorithm: Algorithm::Sha1, key: KeyFormat::Raw, pieces: vec![Piece::Bytes(signed)] }
}

impl Scheme for Novofon {
    fn name(&self) -> &'static str {
        "novofon"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["zadarma"]
    }

    fn summary(&self) -> &'static str {
        "Novofon calls: Signature = base64 of hex HMAC-SHA1 of event fields; unsigned if absent"
    }

    fn info(&self) -> Info {
        Info {
            headers: "Signature (form POST)",
            signed: "base64(hex HMAC-SHA1(event fields, e.g. caller_id‖called_did‖call_start))",
            secret: "API secret, UTF-8",
            tolerance: "none",
        }
    }

    fn signs_time_or_id(&self) -> bool {
        false
    }

    fn example_secret(&self) -> &'static str {
        "test_secret"
    }

    fn example_body(&self) -> &'static [u8] {
        b"event=NOTIFY_START&call_start=2024-01-15+10%3A30%3A00&pbx_call_id=in_0123456789&caller_id=79001234567&called_did=79843330712"
    }

    /// Its user-templated notifications go out unsigned; only NOTIFY_* events carry a signature.
    fn needs_secret(&self) -> bool {
        false
    }

    fn sign(&self, body: &Body, secrets: &[Secret], _opts: &SignOptions) -> Result<Signed, Error> {
        let content_type = ("Content-Type".to_string(), "application/x-www-form-urlencoded".to_string());
        if secrets.is_empty() {
            return Ok(vec![content_type].into());
        }
        let secret = single_secret(self.name(), secrets)?;
        let signed = signed_string(&body.require(self.name())?).map_err(|why| {
            Error::bad_input(format!("cannot sign as novofon: {why}"))
                .hint("Novofon signs NOTIFY_* form posts; its user-templated call notifications (call_id, caller, …) are sent unsigned")
        })?;
        let signature = sign_one(&recipe(signed), secret, body, Encoding::Base64OfHex)?;
        Ok(vec![content_type, (SIGNATURE.into(), signature)].into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], _opts: &VerifyOptions) -> Result<Verdict, Error> {
        let Some(value) = request.headers.get(SIGNATURE) else {
            return Ok(Verdict::Unsigned(
                "no Signature header: a user-templated Novofon notification, which is never signed".into(),
            ));
        };
        let signed = match signed_string(&request.body.require(self.name())?) {
            Ok(signed) => signed,
            Err(why) => return Ok(Verdict::Invalid(Mismatch::Rejected(why))),
        };
        require_secrets(self.name(), secrets)?;
        let check = DigestCheck {
            header: SIGNATURE,
            recipe: recipe(signed),
            provided: vec![value.trim().to_string()],
            accepted: &[Encoding::Base64OfHex],
            prefix: "",
        };
        check.run(secrets, request.body)
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE) && headers.get("Content-Type").is_some_and(|ct| ct.contains("x-www-form-urlencoded"))
    }
}
