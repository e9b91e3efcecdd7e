//! Shopify: `X-Shopify-Hmac-Sha256` = base64 HMAC-SHA256 of the body. Shopify's validator
//! (@shopify/shopify-api) also requires the topic, shop-domain, API-version and webhook-id
//! headers and rejects an empty body, so whk signs with all of them and verifies the same way.
//! Both header families are read: `X-Shopify-*` (webhooks) and `shopify-*` (events).

use super::*;

pub struct Shopify;

struct Family {
    hmac: &'static str,
    /// What the SDK requires beside the HMAC; the topic (the event type) first.
    required: [&'static str; 4],
}

const WEBHOOKS: Family = Family {
    hmac: "X-Shopify-Hmac-Sha256",
    required: ["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"],
};
const EVENTS: Family = Family {
    hmac: "shopify-hmac-sha256",
    required: ["shopify-topic", "shopify-shop-domain", "shopify-api-version", "shopify-webhook-id"],
};

impl Scheme for Shopify {
    fn name(&self) -> &'static str {
        "shopify"
    }

    fn summary(&self) -> &'static str {
        "Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the body, plus topic/shop/version/id"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Shopify-Hmac-Sha256 (+ topic, shop domain, API version, webhook id)",
            signed: "base64 HMAC-SHA256({body})",
            secret: "app client secret, UTF-8",
            tolerance: "none",
        }
    }

    fn example_secret(&self) -> &'static str {
        "shpss_0123456789abcdef0123456789abcdef"
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let hmac = sign_one(&Recipe::body(Algorithm::Sha256), secret, body, Encoding::Base64)?;
        let id = opts.id_or(fresh_uuid);
        Ok(vec![
            ("Content-Type".into(), "application/json".into()),
            (WEBHOOKS.required[0].into(), opts.event.clone().unwrap_or_else(|| "orders/create".into())),
            (WEBHOOKS.hmac.into(), hmac),
            ("X-Shopify-Shop-Domain".into(), "example.myshopify.com".into()),
            ("X-Shopify-API-Version".into(), "2025-10".into()),
            ("X-Shopify-Webhook-Id".into(), id.clone()),
            ("X-Shopify-Triggered-At".into(), rfc3339(opts.timestamp)),
            ("X-Shopify-Event-Id".into(), id),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], _opts: &VerifyOptions) -> Result<Verdict, Error> {
        let family =
            if request.headers.has(EVENTS.hmac) && !request.headers.has(WEBHOOKS.hmac) { &EVENTS } else { &WEBHOOKS };
        if !request.headers.has(family.hmac) {
            return Ok(Mismatch::missing(family.hmac));
        }
        let missing: Vec<&str> = family.required.iter().copied().filter(|h| !request.headers.has(h)).collect();
        if !missing.is_empty() {
            return Ok(Verdict::Invalid(Mismatch::MissingHeader {
                header: missing.join(", "),
                note: Some("Shopify's validator requires them beside the HMAC".into()),
            }));
        }
        if request.body.load(0)?.is_some_and(|b| b.is_empty()) {
            return Ok(Verdict::Invalid(Mismatch::Rejected(
                "empty body: Shopify's validator rejects a webhook without one".into(),
            )));
        }
        check_prefixed(
            request,
            secrets,
            self.name(),
            family.hmac,
            "",
            Recipe::body(Algorithm::Sha256),
            &[Encoding::Base64],
        )
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(WEBHOOKS.hmac) || headers.has(EVENTS.hmac)
    }

    fn event_headers(&self) -> &'static [&'static str] {
        &[WEBHOOKS.required[0], EVENTS.required[0]]
    }
}
