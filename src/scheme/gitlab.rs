//! GitLab: `X-Gitlab-Token` carries the secret token itself; there is no signature and no
//! timestamp. Compared in constant time. `whk sign` prints it redacted, as it prints no secret.

use super::*;

pub struct GitLab;

const TOKEN: &str = "X-Gitlab-Token";
const EVENT: &str = "X-Gitlab-Event";

impl Scheme for GitLab {
    fn name(&self) -> &'static str {
        "gitlab"
    }

    fn summary(&self) -> &'static str {
        "GitLab: X-Gitlab-Token carries the secret token itself, compared in constant time"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Gitlab-Token (+ X-Gitlab-Event)",
            signed: "nothing: the token is the secret",
            secret: "secret token, verbatim",
            tolerance: "none",
        }
    }

    fn signs_time_or_id(&self) -> bool {
        false
    }

    fn example_secret(&self) -> &'static str {
        "glwht-test-token"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"object_kind":"push","ref":"refs/heads/main","project":{"path_with_namespace":"group/project"}}"#
    }

    fn sign(&self, _body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let token = String::from_utf8(secret.expose().to_vec()).map_err(|_| {
            Error::bad_input(format!("the secret from {} is not text, which a GitLab token is", secret.source()))
                .hint("give the secret token exactly as set in GitLab\'s webhook settings")
        })?;
        Ok(vec![
            ("Content-Type".into(), "application/json".into()),
            ("User-Agent".into(), "GitLab/whk".into()),
            (EVENT.into(), opts.event.clone().unwrap_or_else(|| "Push Hook".into())),
            ("X-Gitlab-Webhook-UUID".into(), opts.id_or(fresh_uuid)),
            (TOKEN.into(), token),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], _opts: &VerifyOptions) -> Result<Verdict, Error> {
        let Some(token) = request.headers.get(TOKEN) else {
            return Ok(Mismatch::missing(TOKEN));
        };
        require_secrets(self.name(), secrets)?;
        match secrets.iter().position(|s| ct_eq(s.expose(), token.as_bytes())) {
            Some(secret) => Ok(Verdict::Valid(Valid { secret, note: None })),
            None => Ok(Verdict::Invalid(Mismatch::Rejected(format!("{TOKEN} does not match the secret token")))),
        }
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(TOKEN) || headers.has(EVENT)
    }

    fn event_headers(&self) -> &'static [&'static str] {
        &[EVENT]
    }

    fn secret_headers(&self) -> &'static [&'static str] {
        &[TOKEN]
    }
}
