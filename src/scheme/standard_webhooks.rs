//! Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256>` (space-separated list) over
//! `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64 after `whsec_`. As the
//! standardwebhooks libraries: timestamp first (±300 s), unknown versions skipped, any v1 matches.
//! Svix is the same scheme under `svix-*` names: `svix.rs` is a second [`StandardWebhooks`]
//! value, differing only in its data.

use super::keys;
use super::*;
use crate::sender::{schedule, RetryOn, Sender, HOUR, MIN};

/// One deployment of the scheme: its name and documentation, the header names it signs under,
/// and what it reads besides.
pub struct StandardWebhooks {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub summary: &'static str,
    pub info: Info,
    pub names: Names,
    /// Names verification falls back to when `names.id` is absent (Svix's white-labelled
    /// accounts send `webhook-*`).
    pub fallback: Option<Names>,
    /// A signature header that means another deployment sent the request (auto-detection).
    pub yields_to: Option<&'static str>,
}

pub const STANDARD_WEBHOOKS: StandardWebhooks = StandardWebhooks {
    name: "standard-webhooks",
    aliases: &["standardwebhooks", "sw"],
    summary: "Standard Webhooks: webhook-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s",
    info: Info {
        headers: "webhook-id, webhook-timestamp, webhook-signature",
        signed: "v1, base64 HMAC-SHA256({id}.{ts}.{body}); v1a, Ed25519",
        secret: "whsec_ + base64 key (v1); whsk_/whpk_ Ed25519 keys (v1a)",
        tolerance: "±300 s",
    },
    names: WEBHOOK_NAMES,
    fallback: None,
    yields_to: Some(super::svix::SVIX_NAMES.signature),
};

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

/// `msg_` and 32 hex digits, the shape Svix and the Standard Webhooks libraries use.
pub fn message_id() -> String {
    format!("msg_{}", uuid::Uuid::new_v4().simple())
}

/// Asymmetric keys carry their own prefixes, so one list of secrets can mix both versions.
const SIGNING_KEY: &str = "whsk_";
const PUBLIC_KEY: &str = "whpk_";

pub fn sign_with(
    names: &Names,
    body: &Body,
    secrets: &[Secret],
    opts: &SignOptions,
    provider: &str,
) -> Result<Vec<Header>, Error> {
    require_secrets(provider, secrets)?;
    let id = opts.id_or(message_id);
    let ts = opts.timestamp.to_string();
    let recipe = recipe(&id, &ts);
    let (asymmetric, symmetric): (Vec<&Secret>, Vec<&Secret>) =
        secrets.iter().partition(|s| s.expose().starts_with(SIGNING_KEY.as_bytes()));
    let symmetric: Vec<Secret> = symmetric.into_iter().cloned().collect();
    let mut macs = recipe.macs(&symmetric, body)?.into_iter();
    let message = if asymmetric.is_empty() {
        Vec::new()
    } else {
        [format!("{id}.{ts}.").as_bytes(), &body.require(provider)?].concat()
    };
    let mut signatures = Vec::with_capacity(secrets.len());
    for secret in secrets {
        if secret.expose().starts_with(SIGNING_KEY.as_bytes()) {
            let key = keys::ed25519_signing(secret, SIGNING_KEY)?;
            signatures.push(format!("v1a,{}", encode_base64(&keys::ed25519_sign(&key, &message))));
        } else if let Some(mac) = macs.next() {
            signatures.push(format!("v1,{}", encode_base64(&mac)));
        }
    }
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
    let entries = |version: &str| -> Vec<String> {
        list.split(' ')
            .filter_map(|e| e.split_once(','))
            .filter(|(v, _)| *v == version)
            .map(|(_, sig)| sig.to_string())
            .collect()
    };
    let (v1, v1a) = (entries("v1"), entries("v1a"));
    if v1.is_empty() && v1a.is_empty() {
        return Ok(Mismatch::malformed(names.signature, "no v1,<base64> or v1a,<base64> entry"));
    }
    require_secrets(provider, secrets)?;
    let (public, symmetric): (Vec<usize>, Vec<usize>) =
        (0..secrets.len()).partition(|&i| secrets[i].expose().starts_with(PUBLIC_KEY.as_bytes()));
    if !public.is_empty() && !v1a.is_empty() {
        let message = [format!("{id}.{ts}.").as_bytes(), &request.body.require(provider)?].concat();
        for &index in &public {
            let key = keys::ed25519_verifying(&secrets[index], PUBLIC_KEY)?;
            if v1a.iter().filter_map(|sig| decode_base64(sig)).any(|sig| keys::ed25519_verify(&key, &message, &sig)) {
                return Ok(Verdict::Valid(Valid { secret: index, note: Some("v1a (Ed25519) signature".into()) }));
            }
        }
    }
    if symmetric.is_empty() || v1.is_empty() {
        return Ok(if public.is_empty() || v1a.is_empty() {
            let (want, have) =
                if symmetric.is_empty() { ("v1a", "whpk_ public keys") } else { ("v1", "whsec_ secrets") };
            Mismatch::malformed(names.signature, format!("no {want},<base64> entry to check with the {have} given"))
        } else {
            Verdict::Invalid(Mismatch::Signature { header: names.signature.into() })
        });
    }
    let subset: Vec<Secret> = symmetric.iter().map(|&i| secrets[i].clone()).collect();
    let check = DigestCheck {
        header: names.signature,
        recipe: recipe(id, ts),
        provided: v1,
        accepted: &[Encoding::Base64],
        prefix: "v1,",
    };
    Ok(match check.run(&subset, request.body)? {
        Verdict::Valid(valid) => Verdict::Valid(Valid { secret: symmetric[valid.secret], ..valid }),
        other => other,
    })
}

impl Scheme for StandardWebhooks {
    fn name(&self) -> &'static str {
        self.name
    }

    fn aliases(&self) -> &'static [&'static str] {
        self.aliases
    }

    fn summary(&self) -> &'static str {
        self.summary
    }

    fn info(&self) -> Info {
        self.info
    }

    fn fresh_id(&self) -> String {
        message_id()
    }

    fn secret_kind(&self) -> SecretKind {
        SecretKind::Whsec
    }

    fn example_secret(&self) -> &'static str {
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        sign_with(&self.names, body, secrets, opts, self.name).map(Signed::from)
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        let names = match &self.fallback {
            Some(fallback) if !request.headers.has(self.names.id) => fallback,
            _ => &self.names,
        };
        verify_with(names, request, secrets, opts, self.name)
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(self.names.signature) && !self.yields_to.is_some_and(|other| headers.has(other))
    }

    fn delivery_id(&self, headers: &HeaderMap, _body: Option<&serde_json::Value>) -> Option<String> {
        let fallback = self.fallback.as_ref().and_then(|names| headers.get(names.id));
        headers.get(self.names.id).or(fallback).map(str::to_string)
    }

    fn sender(&self) -> Option<Sender> {
        Some(svix_sender())
    }
}

/// Svix's published schedule, which Standard Webhooks follows: 5 s, 5 min, 30 min, 2 h, 5 h,
/// 10 h, 10 h after the first attempt.
fn svix_sender() -> Sender {
    Sender::plain(
        7,
        RetryOn::AnyFailure,
        schedule(&[5, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]),
        15,
    )
}
