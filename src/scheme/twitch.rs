//! Twitch EventSub: `Twitch-Eventsub-Message-Signature: sha256=<hex HMAC-SHA256(secret,
//! "{message id}{timestamp}{body}")>`, the timestamp RFC 3339 with nanoseconds, signed as sent.
//! Twitch's docs say to reject messages older than 10 minutes.

use super::*;

pub struct Twitch;

const SIGNATURE: &str = "Twitch-Eventsub-Message-Signature";
const ID: &str = "Twitch-Eventsub-Message-Id";
const TIMESTAMP: &str = "Twitch-Eventsub-Message-Timestamp";
const SUBSCRIPTION_TYPE: &str = "Twitch-Eventsub-Subscription-Type";

fn recipe(id: &str, ts: &str) -> Recipe {
    Recipe::prefixed(Algorithm::Sha256, format!("{id}{ts}"))
}

/// RFC 3339 with nine fractional digits, as Twitch writes it.
fn twitch_time(unix: i64) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix.max(0) as u64);
    humantime::format_rfc3339_nanos(t).to_string()
}

impl Scheme for Twitch {
    fn name(&self) -> &'static str {
        "twitch"
    }

    fn summary(&self) -> &'static str {
        "Twitch EventSub: Twitch-Eventsub-Message-Signature sha256= hex HMAC-SHA256 of {id}{ts}{body}"
    }

    fn info(&self) -> Info {
        Info {
            headers: "Twitch-Eventsub-Message-Signature, -Message-Id, -Message-Timestamp (RFC 3339)",
            signed: "sha256= hex HMAC-SHA256({message id}{timestamp}{body})",
            secret: "subscription transport secret, UTF-8",
            tolerance: "600 s past (docs)",
        }
    }

    fn example_secret(&self) -> &'static str {
        "keepItSecretKeepItSafe"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"subscription":{"type":"channel.follow","version":"2"},"event":{"user_name":"whk"}}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let id = opts.id_or(fresh_uuid);
        let ts = twitch_time(opts.timestamp);
        let signature = sign_one(&recipe(&id, &ts), secret, body, Encoding::Hex)?;
        Ok(vec![
            ("Content-Type".into(), "application/json".into()),
            (ID.into(), id),
            ("Twitch-Eventsub-Message-Retry".into(), "0".into()),
            ("Twitch-Eventsub-Message-Type".into(), "notification".into()),
            (SIGNATURE.into(), format!("sha256={signature}")),
            (TIMESTAMP.into(), ts),
            (SUBSCRIPTION_TYPE.into(), opts.event.clone().unwrap_or_else(|| "channel.follow".into())),
            ("Twitch-Eventsub-Subscription-Version".into(), "2".into()),
        ]
        .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        let (Some(id), Some(ts)) = (request.headers.get(ID), request.headers.get(TIMESTAMP)) else {
            let missing = if request.headers.has(ID) { TIMESTAMP } else { ID };
            return Ok(Mismatch::missing(missing));
        };
        if !request.headers.has(SIGNATURE) {
            return Ok(Mismatch::missing(SIGNATURE));
        }
        let Ok(time) = humantime::parse_rfc3339(ts.trim()) else {
            return Ok(Mismatch::malformed(
                TIMESTAMP,
                format!("{} is not an RFC 3339 time", crate::output::quoted(ts)),
            ));
        };
        let seconds = time.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        if let Some(mismatch) = Window::Past(600).with_override(opts.tolerance).check(seconds, opts.now) {
            return Ok(Verdict::Invalid(mismatch));
        }
        check_prefixed(
            request,
            secrets,
            self.name(),
            SIGNATURE,
            "sha256=",
            recipe(id.trim(), ts.trim()),
            &[Encoding::Hex],
        )
    }

    /// EventSub's callback verification: the raw challenge, as text.
    fn reply(&self, request: &Request, valid: bool, _secrets: &[Secret]) -> Option<Reply> {
        let verification = request.headers.get("Twitch-Eventsub-Message-Type") == Some("webhook_callback_verification");
        let event = json_body(request).filter(|_| valid && verification)?;
        let challenge = event["challenge"].as_str()?;
        Some(Reply { status: 200, content_type: "text/plain", body: challenge.as_bytes().to_vec(), handshake: true })
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE)
    }

    fn event_headers(&self) -> &'static [&'static str] {
        &[SUBSCRIPTION_TYPE]
    }
}
