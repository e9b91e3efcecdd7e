//! Mailgun: no header; the JSON body carries `"signature": {"timestamp", "token", "signature"}`
//! beside `"event-data"`, where `signature` = hex HMAC-SHA256 (webhook signing key) over
//! `{timestamp}{token}`. As the mailgun SDK: timestamps more than 900 s away either way fail.
//! Route forwards (inbound mail) carry the same three values as form fields, which verify reads
//! too. Signing rewrites a JSON body: it wraps a bare event in `event-data` and adds the signature.

use serde_json::{json, Map, Value};

use super::*;

pub struct Mailgun;

const FIELD: &str = "signature (JSON body field)";

fn recipe(timestamp: &str, token: &str) -> Recipe {
    Recipe {
        algorithm: Algorithm::Sha256,
        key: KeyFormat::Raw,
        pieces: vec![Piece::Bytes(format!("{timestamp}{token}").into_bytes())],
    }
}

/// `[timestamp, token, signature]` from a JSON event's `signature` object, or from the form
/// fields of a route forward; `None` when the body carries neither.
fn signature_fields(body: &[u8]) -> Option<[Option<String>; 3]> {
    const KEYS: [&str; 3] = ["timestamp", "token", "signature"];
    if let Ok(Value::Object(event)) = serde_json::from_slice::<Value>(body) {
        let Some(Value::Object(signed)) = event.get("signature") else { return None };
        return Some(KEYS.map(|key| match signed.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }));
    }
    let form: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let field = |key: &str| form.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    form.iter().any(|(k, _)| k == "signature").then(|| KEYS.map(field))
}

impl Scheme for Mailgun {
    fn name(&self) -> &'static str {
        "mailgun"
    }

    fn summary(&self) -> &'static str {
        "Mailgun: body field signature = hex HMAC-SHA256 of {timestamp}{token}, ±900 s"
    }

    fn info(&self) -> Info {
        Info {
            headers: "none: signature.{timestamp,token,signature} in the JSON body",
            signed: "hex HMAC-SHA256({timestamp}{token})",
            secret: "HTTP webhook signing key, UTF-8",
            tolerance: "±900 s",
        }
    }

    /// Mailgun's tokens are 50 random characters.
    fn fresh_id(&self) -> String {
        format!("{}{}", uuid::Uuid::new_v4().simple(), &uuid::Uuid::new_v4().simple().to_string()[..18])
    }

    fn example_secret(&self) -> &'static str {
        "key-test"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"event":"delivered","recipient":"alice@example.com","id":"CPgfbmQMTCKtHW6uIWtuVe"}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let parsed: Value = serde_json::from_slice(&body.require(self.name())?).map_err(|e| {
            Error::bad_input(format!("mailgun signs inside a JSON body, and this body is not JSON: {e}"))
        })?;
        let mut envelope = match parsed {
            Value::Object(map) if map.contains_key("event-data") => map,
            event => Map::from_iter([("event-data".to_string(), event)]),
        };
        let timestamp = opts.timestamp.to_string();
        let token = opts.id_or(|| self.fresh_id());
        let signature = sign_one(&recipe(&timestamp, &token), secret, body, Encoding::Hex)?;
        envelope.insert("signature".into(), json!({"token": token, "timestamp": timestamp, "signature": signature}));
        let body = serde_json::to_vec(&Value::Object(envelope))
            .map_err(|e| Error::runtime(format!("cannot write JSON: {e}")))?;
        Ok(Signed { headers: vec![("Content-Type".into(), "application/json".into())], url: None, body: Some(body) })
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        let bytes = request.body.require(self.name())?;
        let Some(fields) = signature_fields(&bytes) else {
            return Ok(Mismatch::missing(FIELD));
        };
        let [Some(timestamp), Some(token), Some(signature)] = fields else {
            return Ok(Mismatch::malformed(FIELD, "needs timestamp, token and signature strings"));
        };
        let seconds = match timestamp.parse::<f64>() {
            Ok(t) if t.is_finite() => t.floor() as i64,
            _ => {
                return Ok(Mismatch::malformed(
                    FIELD,
                    format!("timestamp {} is not a number", crate::output::quoted(&timestamp)),
                ))
            }
        };
        if let Some(mismatch) = Window::Both(900).with_override(opts.tolerance).check(seconds, opts.now) {
            return Ok(Verdict::Invalid(mismatch));
        }
        require_secrets(self.name(), secrets)?;
        let check = DigestCheck {
            header: FIELD,
            recipe: recipe(&timestamp, &token),
            provided: vec![signature],
            accepted: &[Encoding::Hex],
            prefix: "",
        };
        check.run(secrets, request.body)
    }

    /// Mailgun sends nothing in its headers that says Mailgun.
    fn detect(&self, _headers: &HeaderMap) -> bool {
        false
    }

    fn detect_in_body(&self, body: &[u8]) -> bool {
        signature_fields(body).is_some_and(|fields| fields.iter().all(Option::is_some))
    }
}
