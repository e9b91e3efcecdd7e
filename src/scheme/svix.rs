//! Svix: Standard Webhooks under `svix-id`, `svix-timestamp`, `svix-signature`. Like the svix
//! SDK, verify reads the `svix-*` headers and falls back to `webhook-*` (white-labelled accounts).

use super::standard_webhooks::{Names, StandardWebhooks, WEBHOOK_NAMES};
use super::Info;

pub const SVIX_NAMES: Names = Names { id: "svix-id", timestamp: "svix-timestamp", signature: "svix-signature" };

pub const SVIX: StandardWebhooks = StandardWebhooks {
    name: "svix",
    aliases: &[],
    summary: "Svix: svix-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s",
    info: Info {
        headers: "svix-id, svix-timestamp, svix-signature (or webhook-*)",
        signed: "v1, base64 HMAC-SHA256({id}.{ts}.{body})",
        secret: "whsec_ + base64 key",
        tolerance: "±300 s",
    },
    names: SVIX_NAMES,
    fallback: Some(WEBHOOK_NAMES),
    yields_to: None,
};
