//! GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`, plus the legacy
//! `X-Hub-Signature: sha1=…` GitHub still sends. Verification follows @octokit/webhooks-methods:
//! SHA-256 only.

use super::*;
use crate::sender::{schedule, RetryOn, Sender};

pub struct GitHub;

const SIGNATURE: BodyMac =
    BodyMac { header: "X-Hub-Signature-256", prefix: "sha256=", algorithm: Algorithm::Sha256, encoding: Encoding::Hex };
const LEGACY_SIGNATURE: &str = "X-Hub-Signature";
const EVENT: &str = "X-GitHub-Event";

impl Scheme for GitHub {
    fn name(&self) -> &'static str {
        "github"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["gh"]
    }

    fn summary(&self) -> &'static str {
        "GitHub: X-Hub-Signature-256 = sha256=hex HMAC-SHA256 of the body (plus legacy sha1)"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Hub-Signature-256 (+ legacy X-Hub-Signature)",
            signed: "sha256= hex HMAC-SHA256({body})",
            secret: "webhook secret, UTF-8",
            tolerance: "none",
        }
    }

    fn example_secret(&self) -> &'static str {
        "It's a Secret to Everybody"
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let key = single_secret(self.name(), secrets)?.expose();
        let macs = hmac_all(&[(Algorithm::Sha1, key), (Algorithm::Sha256, key)], &[Piece::Body], body)?;
        Ok(vec![
            ("X-GitHub-Delivery".into(), opts.id_or(fresh_uuid)),
            (LEGACY_SIGNATURE.into(), format!("sha1={}", hex::encode(&macs[0]))),
            (SIGNATURE.header.into(), format!("sha256={}", hex::encode(&macs[1]))),
            ("User-Agent".into(), "GitHub-Hookshot/whk".into()),
            ("Content-Type".into(), "application/json".into()),
            (EVENT.into(), opts.event.clone().unwrap_or_else(|| "ping".into())),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], _opts: &VerifyOptions) -> Result<Verdict, Error> {
        if !request.headers.has(SIGNATURE.header) && request.headers.has(LEGACY_SIGNATURE) {
            return Ok(Verdict::Invalid(Mismatch::MissingHeader {
                header: SIGNATURE.header.into(),
                note: Some("only the legacy SHA-1 X-Hub-Signature is present, which GitHub's SDK does not check; for Intercom-style sha1 use --provider hmac --algorithm sha1 --header X-Hub-Signature".into()),
            }));
        }
        SIGNATURE.verify(request, secrets, self.name())
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE.header) || headers.has(EVENT)
    }

    fn deprecated_signature(&self) -> Option<(&'static str, &'static str)> {
        Some(("X-Hub-Signature-256", "only X-Hub-Signature (SHA-1), which GitHub deprecated"))
    }

    fn event_headers(&self) -> &'static [&'static str] {
        &[EVENT]
    }

    /// GitHub's webhooks description names each webhook `event-action` (`issues-opened`) and
    /// its event, hyphenated, as the `x-github` subcategory; the header spells it with `_`.
    fn spec_event(&self, operation: &serde_json::Value) -> Option<String> {
        let subcategory = operation.get("x-github")?.get("subcategory")?.as_str()?;
        Some(subcategory.replace('-', "_"))
    }

    fn delivery_id(&self, headers: &HeaderMap, _body: Option<&serde_json::Value>) -> Option<String> {
        headers.get("X-GitHub-Delivery").map(str::to_string)
    }

    // GitHub does not retry failed deliveries; it expects an answer within 10 s.
    fn sender(&self) -> Option<Sender> {
        Some(Sender::plain(0, RetryOn::AnyFailure, schedule(&[]), 10))
    }
}
