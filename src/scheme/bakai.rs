//! BakaiMarket: `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the raw body>`,
//! keyed with the secret text as given (BakaiMarket makes it with `openssl rand -hex 32` and uses the
//! 64 hex characters, not the bytes they spell).

use super::*;

pub struct Bakai;

impl Scheme for Bakai {
    fn name(&self) -> &'static str {
        "bakai"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["bakaimarket"]
    }

    fn summary(&self) -> &'static str {
        "BakaiMarket: X-Webhook-Signature sha256= hex HMAC-SHA256 of the raw body"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Webhook-Signature",
            signed: "sha256= hex HMAC-SHA256({body})",
            secret: "the secret text as given (BakaiMarket makes 64 hex chars with openssl rand -hex 32)",
            tolerance: "none",
        }
    }

    fn signs_time_or_id(&self) -> bool {
        false
    }

    fn example_secret(&self) -> &'static str {
        "your_webhook_secret"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"event_type":"product.created","event_id":"test_001","timestamp":"2025-11-12T10:00:00Z","data":{"product_id":"12345","title":"Test","image_key":"12345/test.jpg"}}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], _opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        Ok(vec![("Content-Type".into(), "application/json".into()), WEBHOOK_SIGNATURE.sign(secret, body)?].into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], _opts: &VerifyOptions) -> Result<Verdict, Error> {
        WEBHOOK_SIGNATURE.verify(request, secrets, self.name())
    }

    /// BakaiMarket sends nothing but the generic convention's header, which auto-detection
    /// reports as `hmac` (same verdict); name `--provider bakai` to see it called BakaiMarket.
    /// BakaiMarket's receiver contract for a verified delivery: 400 not JSON, 422 missing
    /// `event_type`/`event_id`/`data`, 200 with `success` (a bad signature is the listener's 401).
    /// BakaiMarket's integration guide checks `GET …/webhooks/health` beside the webhook path
    /// (`/api/v1/webhooks/health` for `/api/v1/webhooks/bakai`).
    fn probe(&self, path: &str, route: Option<&str>, _stats: &ReceiverStats) -> Option<Reply> {
        let base =
            route.and_then(|r| r.trim_end_matches('/').rsplit_once('/')).map_or("/api/v1/webhooks", |(base, _)| base);
        (path == format!("{base}/health")).then(|| {
            Reply::json(
                200,
                serde_json::json!({"status": "healthy", "service": "webhooks", "message": "Webhook endpoint is ready to receive events"}),
                false,
            )
        })
    }

    fn reply(&self, request: &Request, valid: bool, _secrets: &[Secret]) -> Option<Reply> {
        if !valid {
            return None;
        }
        let Some(serde_json::Value::Object(event)) = json_body(request) else {
            return Some(Reply::json(400, serde_json::json!({"detail": "Invalid JSON payload"}), false));
        };
        let missing: Vec<&str> =
            ["event_type", "event_id", "data"].into_iter().filter(|f| !event.contains_key(*f)).collect();
        if !missing.is_empty() {
            return Some(Reply::json(
                422,
                serde_json::json!({"detail": format!("missing fields: {}", missing.join(", "))}),
                false,
            ));
        }
        let accepted = serde_json::json!({"success": true, "message": "Webhook received and queued for processing",
            "event_id": event["event_id"], "task_id": fresh_uuid()});
        Some(Reply::json(200, accepted, false))
    }

    fn detect(&self, _headers: &HeaderMap) -> bool {
        false
    }
}
