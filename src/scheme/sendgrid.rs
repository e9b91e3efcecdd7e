//! SendGrid Event Webhook: `X-Twilio-Email-Event-Webhook-Signature` = base64 DER ECDSA P-256 /
//! SHA-256 signature over `{X-Twilio-Email-Event-Webhook-Timestamp}{body}` — the body's trailing
//! CRLF included. Verify takes SendGrid's verification key (base64 DER, or PEM); sign takes a
//! PKCS#8 private key (`whk secret new sendgrid`). The SDKs check no age.

use super::keys::{p256_sign, p256_signing, p256_verify, p256_verifying};
use super::*;

pub struct SendGrid;

const SIGNATURE: &str = "X-Twilio-Email-Event-Webhook-Signature";
const TIMESTAMP: &str = "X-Twilio-Email-Event-Webhook-Timestamp";

impl Scheme for SendGrid {
    fn name(&self) -> &'static str {
        "sendgrid"
    }

    fn summary(&self) -> &'static str {
        "SendGrid: X-Twilio-Email-Event-Webhook-Signature = base64 ECDSA P-256 of {ts}{body}; public key"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Twilio-Email-Event-Webhook-Signature, X-Twilio-Email-Event-Webhook-Timestamp",
            signed: "base64 DER ECDSA P-256/SHA-256({timestamp}{body})",
            secret: "verify: verification key (base64 DER SPKI or PEM); sign: PKCS#8 private key",
            tolerance: "none",
        }
    }

    fn secret_kind(&self) -> SecretKind {
        SecretKind::P256
    }

    fn example_secret(&self) -> &'static str {
        "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgXu1e7V7tXu1e7V7tXu1e7V7tXu1e7V7tXu1e7V7tXu2hRANCAAT3JwGRRSaNKwdCpBcRsM4j1c3g8ZoLpZrPGkhqJ2b53dDsIb912rMLIwCKtBMZO8kuOs+QvywhogpX3UbmD5XM"
    }

    fn example_public_key(&self) -> Option<&'static str> {
        Some("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9ycBkUUmjSsHQqQXEbDOI9XN4PGaC6WazxpIaidm+d3Q7CG/ddqzCyMAirQTGTvJLjrPkL8sIaIKV91G5g+VzA==")
    }

    fn example_body(&self) -> &'static [u8] {
        b"[{\"email\":\"hello@world.com\",\"event\":\"dropped\",\"reason\":\"Bounced Address\",\"timestamp\":1600112492}]\r\n"
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let key = p256_signing(single_secret(self.name(), secrets)?)?;
        let ts = opts.timestamp.to_string();
        let message = [ts.as_bytes(), &body.require(self.name())?].concat();
        Ok(vec![
            ("Content-Type".into(), "application/json".into()),
            (SIGNATURE.into(), encode_base64(&p256_sign(&key, &message))),
            (TIMESTAMP.into(), ts),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], _opts: &VerifyOptions) -> Result<Verdict, Error> {
        let (Some(signature), Some(ts)) = (request.headers.get(SIGNATURE), request.headers.get(TIMESTAMP)) else {
            return Ok(Mismatch::missing(if request.headers.has(SIGNATURE) { TIMESTAMP } else { SIGNATURE }));
        };
        let Some(der) = decode_base64(signature) else {
            return Ok(Mismatch::malformed(SIGNATURE, "expected base64 (a DER ECDSA signature)"));
        };
        require_secrets(self.name(), secrets)?;
        let message = [ts.as_bytes(), &request.body.require(self.name())?].concat();
        for (index, secret) in secrets.iter().enumerate() {
            if p256_verify(&p256_verifying(secret)?, &message, &der) {
                return Ok(Verdict::Valid(Valid { secret: index, note: None }));
            }
        }
        Ok(Verdict::Invalid(Mismatch::Signature { header: SIGNATURE.into() }))
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE)
    }
}
