//! Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256>` (space-separated list) over
//! `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64 after `whsec_`. As the
//! standardwebhooks libraries: timestamp first (±300 s), unknown versions skipped, any v1 matches.
//! Svix is the same scheme under `svix-*` names, so both share this file's logic.

use super::*;

pub struct StandardWebhooks;

/// The three header names one deployment of the scheme uses.
pub struct Names {
    pub id: &'static str,
    pub timestamp: &'static str,
    pub signature: &'static str,
}

pub const WEBHOOK_NAMES: Names =
    Names { id: "webhook-id", timestamp: "webhook-timestamp", signature: "webhook-signature" };

fn recipe(id: &str, ts: &str) -> Recipe {
    Recipe::prefixed(Algorithm::Sha256, format!("{id}.{ts}.")).with_key(KeyFormat::Whsec)
}

pub fn sign_with(
    names: &Names,
    body: &Body,
    secrets: &[Secret],
    opts: &SignOptions,
    provider: &str,
) -> Result<Vec<Header>, Error> {
    require_secrets(provider, secrets)?;
    let id = opts.id_or(|| format!("msg_{}", uuid::Uuid::new_v4().simple()));
    let ts = opts.timestamp.to_string();
    let signatures: Vec<String> =
        recipe(&id, &ts).macs(secrets, body)?.iter().map(|m| format!("v1,{}", encode_base64(m))).collect();
    Ok(vec![
        (names.id.into(), id),
        (names.timestamp.into(), ts),
        (names.signature.into(), signatures.join(" ")),
        ("Content-Type".into(), "application/json".into()),
    ])
}

pub fn verify_with(
    names: &Names,
    request: &Request,
    secrets: &[Secret],
    opts: &VerifyOptions,
    provider: &str,
) -> Result<Verdict, Error> {
    let mut values = Vec::with_capacity(3);
    for header in [names.id, names.timestamp, names.signature] {
        match request.headers.get(header) {
            Some(value) => values.push(value.trim()),
            None => return Ok(Mismatch::missing(header)),
        }
    }
    let (id, ts, list) = (values[0], values[1], values[2]);
    let timestamp = match parse_unix(names.timestamp, ts) {
        Ok(t) => t,
        Err(verdict) => return Ok(verdict),
    };
    if let Some(mismatch) = Window::Both(300).with_override(opts.tolerance).check(timestamp, opts.now) {
        return Ok(Verdict::Invalid(mismatch));
    }
    let provided: Vec<String> = list
        .split(' ')
        .filter_map(|entry| entry.split_once(','))
        .filter(|(version, _)| *version == "v1")
        .map(|(_, sig)| sig.to_string())
        .collect();
    if provided.is_empty() {
        return Ok(Mismatch::malformed(names.signature, "no v1,<base64> entry"));
    }
    require_secrets(provider, secrets)?;
    DigestCheck {
        header: names.signature,
        recipe: recipe(id, ts),
        provided,
        accepted: &[Encoding::Base64],
        prefix: "v1,",
    }
    .run(secrets, request.body)
}

impl Scheme for StandardWebhooks {
    fn name(&self) -> &'static str {
        "standard-webhooks"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["standardwebhooks", "sw"]
    }

    fn summary(&self) -> &'static str {
        "Standard Webhooks: webhook-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s"
    }

    fn info(&self) -> Info {
        Info {
            headers: "webhook-id, webhook-timestamp, webhook-signature",
            signed: "v1, base64 HMAC-SHA256({id}.{ts}.{body}); v1a, Ed25519",
            secret: "whsec_ + base64 key (v1); whsk_/whpk_ Ed25519 keys (v1a)",
            tolerance: "±300 s",
        }
    }

    fn example_secret(&self) -> &'static str {
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        sign_with(&WEBHOOK_NAMES, body, secrets, opts, self.name()).map(Signed::from)
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        verify_with(&WEBHOOK_NAMES, request, secrets, opts, self.name())
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(WEBHOOK_NAMES.signature) && !headers.has(super::svix::SVIX_NAMES.signature)
    }
}
