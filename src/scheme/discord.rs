//! Discord interactions: `X-Signature-Ed25519` = hex Ed25519 signature over
//! `{X-Signature-Timestamp}{body}`. Sign takes a private key (the 32-byte seed in hex, which
//! `whk secret new discord` makes), verify the application's public key (hex), as the portal
//! shows it. discord-interactions checks no age.

use super::keys::{ed25519_sign, ed25519_signing, ed25519_verify, ed25519_verifying};
use super::*;

pub struct Discord;

const SIGNATURE: &str = "X-Signature-Ed25519";
const TIMESTAMP: &str = "X-Signature-Timestamp";

impl Scheme for Discord {
    fn name(&self) -> &'static str {
        "discord"
    }

    fn summary(&self) -> &'static str {
        "Discord: X-Signature-Ed25519 = hex Ed25519 signature of {ts}{body}; verify with the public key"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Signature-Ed25519, X-Signature-Timestamp",
            signed: "hex Ed25519({timestamp}{body})",
            secret: "sign: Ed25519 private key (hex seed); verify: application public key (hex)",
            tolerance: "none",
        }
    }

    fn secret_kind(&self) -> SecretKind {
        SecretKind::Ed25519
    }

    fn example_secret(&self) -> &'static str {
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    }

    fn example_public_key(&self) -> Option<&'static str> {
        Some("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"type":1}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let key = ed25519_signing(single_secret(self.name(), secrets)?, "")?;
        let ts = opts.timestamp.to_string();
        let message = [ts.as_bytes(), &body.require(self.name())?].concat();
        Ok(vec![
            ("Content-Type".into(), "application/json".into()),
            ("User-Agent".into(), "Discord-Interactions/1.0 (+https://discord.com)".into()),
            (SIGNATURE.into(), hex::encode(ed25519_sign(&key, &message))),
            (TIMESTAMP.into(), ts),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], _opts: &VerifyOptions) -> Result<Verdict, Error> {
        let (Some(signature), Some(ts)) = (request.headers.get(SIGNATURE), request.headers.get(TIMESTAMP)) else {
            return Ok(Mismatch::missing(if request.headers.has(SIGNATURE) { TIMESTAMP } else { SIGNATURE }));
        };
        let Some(signature) = Encoding::Hex.decode(signature.trim()).filter(|s| s.len() == 64) else {
            return Ok(Mismatch::malformed(
                SIGNATURE,
                "expected 128 lowercase hex characters (a 64-byte Ed25519 signature)",
            ));
        };
        require_secrets(self.name(), secrets)?;
        let message = [ts.as_bytes(), &request.body.require(self.name())?].concat();
        for (index, secret) in secrets.iter().enumerate() {
            if ed25519_verify(&ed25519_verifying(secret, "")?, &message, &signature) {
                return Ok(Verdict::Valid(Valid { secret: index, note: None }));
            }
        }
        Ok(Verdict::Invalid(Mismatch::Signature { header: SIGNATURE.into() }))
    }

    /// Discord's PING (type 1) gets a PONG, as discord-interactions answers it.
    fn reply(&self, request: &Request, valid: bool, _secrets: &[Secret]) -> Option<Reply> {
        json_body(request).filter(|e| valid && e["type"] == 1)?;
        Some(Reply::json(200, serde_json::json!({"type": 1}), true))
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE)
    }
}
