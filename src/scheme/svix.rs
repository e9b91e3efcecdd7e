//! Svix: Standard Webhooks under `svix-id`, `svix-timestamp`, `svix-signature`. Like the svix
//! SDK, verify reads the `svix-*` headers and falls back to `webhook-*` (white-labelled accounts).

use super::standard_webhooks::{sign_with, svix_sender, verify_with, Names, WEBHOOK_NAMES};
use super::*;
use crate::delivery::Sender;

pub struct Svix;

pub const SVIX_NAMES: Names = Names { id: "svix-id", timestamp: "svix-timestamp", signature: "svix-signature" };

impl Scheme for Svix {
    fn name(&self) -> &'static str {
        "svix"
    }

    fn summary(&self) -> &'static str {
        "Svix: svix-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s"
    }

    fn info(&self) -> Info {
        Info {
            headers: "svix-id, svix-timestamp, svix-signature (or webhook-*)",
            signed: "v1, base64 HMAC-SHA256({id}.{ts}.{body})",
            secret: "whsec_ + base64 key",
            tolerance: "±300 s",
        }
    }

    fn fresh_id(&self) -> String {
        super::standard_webhooks::message_id()
    }

    fn secret_kind(&self) -> SecretKind {
        SecretKind::Whsec
    }

    fn example_secret(&self) -> &'static str {
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        sign_with(&SVIX_NAMES, body, secrets, opts, self.name()).map(Signed::from)
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        let names = if request.headers.has(SVIX_NAMES.id) { &SVIX_NAMES } else { &WEBHOOK_NAMES };
        verify_with(names, request, secrets, opts, self.name())
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SVIX_NAMES.signature)
    }

    fn sender(&self) -> Option<Sender> {
        Some(svix_sender())
    }
}
