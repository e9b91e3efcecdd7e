//! Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=…]`, HMAC-SHA256 over `{t}.{body}` keyed
//! with the whole `whsec_…` string. As in stripe-python/stripe-node: any v1 may match, the
//! signature is checked before the age, and only timestamps older than 300 s are rejected.

use super::*;

pub struct Stripe;

const SIGNATURE: &str = "Stripe-Signature";
const TOLERANCE: Window = Window::Past(300);

fn recipe(timestamp: &str) -> Recipe {
    Recipe::prefixed(Algorithm::Sha256, format!("{timestamp}."))
}

impl Scheme for Stripe {
    fn name(&self) -> &'static str {
        "stripe"
    }

    fn summary(&self) -> &'static str {
        "Stripe: Stripe-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 300 s tolerance"
    }

    fn info(&self) -> Info {
        Info {
            headers: "Stripe-Signature",
            signed: "t=…,v1= hex HMAC-SHA256({t}.{body})",
            secret: "whsec_… string, whole, UTF-8",
            tolerance: "300 s past (future passes)",
        }
    }

    fn example_secret(&self) -> &'static str {
        "whsec_test_secret"
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        require_secrets(self.name(), secrets)?;
        let t = opts.timestamp.to_string();
        let mut value = format!("t={t}");
        for mac in recipe(&t).macs(secrets, body)? {
            value.push_str(&format!(",v1={}", hex::encode(mac)));
        }
        Ok(vec![
            ("Content-Type".into(), "application/json; charset=utf-8".into()),
            ("User-Agent".into(), "Stripe/1.0 (+https://stripe.com/docs/webhooks)".into()),
            (SIGNATURE.into(), value),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        let Some(value) = request.headers.get(SIGNATURE) else {
            return Ok(Mismatch::missing(SIGNATURE));
        };
        let pairs = parse_pairs(value, ',');
        let Some(t) = pairs.iter().find(|(k, _)| *k == "t").map(|(_, v)| *v) else {
            return Ok(Mismatch::malformed(SIGNATURE, "no t=<timestamp> element"));
        };
        let timestamp = match parse_unix(SIGNATURE, t) {
            Ok(ts) => ts,
            Err(verdict) => return Ok(verdict),
        };
        let provided: Vec<String> = pairs.iter().filter(|(k, _)| *k == "v1").map(|(_, v)| v.to_string()).collect();
        if provided.is_empty() {
            return Ok(Mismatch::malformed(SIGNATURE, "no v1=<signature> element (Stripe's SDKs read only v1)"));
        }
        require_secrets(self.name(), secrets)?;
        let check =
            DigestCheck { header: SIGNATURE, recipe: recipe(t), provided, accepted: &[Encoding::Hex], prefix: "v1=" };
        let verdict = check.run(secrets, request.body)?;
        if !matches!(verdict, Verdict::Valid(_)) {
            return Ok(verdict);
        }
        Ok(TOLERANCE.with_override(opts.tolerance).check(timestamp, opts.now).map_or(verdict, Verdict::Invalid))
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE)
    }
}
