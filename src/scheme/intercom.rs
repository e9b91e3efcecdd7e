//! Intercom: `X-Hub-Signature: sha1=<hex HMAC-SHA1(client secret, body)>` — GitHub's legacy
//! header name, without GitHub's event headers.

use super::*;

pub struct Intercom;

const SIGNATURE: BodyMac =
    BodyMac { header: "X-Hub-Signature", prefix: "sha1=", algorithm: Algorithm::Sha1, encoding: Encoding::Hex };

impl Scheme for Intercom {
    fn name(&self) -> &'static str {
        "intercom"
    }

    fn summary(&self) -> &'static str {
        "Intercom: X-Hub-Signature sha1= hex HMAC-SHA1 of the body"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Hub-Signature",
            signed: "sha1= hex HMAC-SHA1({body})",
            secret: "app client secret, UTF-8",
            tolerance: "none",
        }
    }

    fn signs_time_or_id(&self) -> bool {
        false
    }

    fn example_secret(&self) -> &'static str {
        "client_secret_test"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"type":"notification_event","topic":"conversation.user.created","data":{"item":{"id":"1"}}}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], _opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        Ok(vec![("Content-Type".into(), "application/json".into()), SIGNATURE.sign(secret, body)?].into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], _opts: &VerifyOptions) -> Result<Verdict, Error> {
        SIGNATURE.verify(request, secrets, self.name())
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE.header) && !headers.has("X-Hub-Signature-256") && !headers.has("X-GitHub-Event")
    }
}
