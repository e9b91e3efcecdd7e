//! When a signature does not match, try the mistakes people actually make and name the one that
//! fits: encoding, algorithm, secret handling, and what middleware does to bodies. Each guess
//! recomputes the MAC from the mismatch's recipe, so this works for every HMAC scheme at once.

use super::*;

/// Bodies larger than this are not copied for guessing; the verdict stands without a cause.
const DIAGNOSE_LIMIT: u64 = 16 << 20;

pub fn diagnose(mismatch: &DigestMismatch, body: &Body, secrets: &[Secret]) -> Option<String> {
    let body = body.load(DIAGNOSE_LIMIT).ok()??;
    let keys: Vec<(Vec<u8>, &Secret)> =
        secrets.iter().filter_map(|s| mismatch.recipe.key.derive(s).ok().map(|k| (k.into_owned(), s))).collect();
    let guess = Guess { mismatch, body: &body };
    guess
        .encoding(&keys)
        .or_else(|| guess.algorithm(&keys))
        .or_else(|| guess.secret(secrets))
        .or_else(|| guess.body_changes(&keys))
        .or_else(|| guess.digest_size())
}

const ENCODINGS: [Encoding; 3] = [Encoding::Hex, Encoding::Base64, Encoding::Base64OfHex];

struct Guess<'a> {
    mismatch: &'a DigestMismatch,
    body: &'a [u8],
}

impl Guess<'_> {
    /// Does any provided signature, read in `encoding`, equal the MAC under these inputs?
    fn matches(&self, encoding: Encoding, algorithm: Algorithm, key: &[u8], body: &[u8]) -> bool {
        let mac = self.mismatch.recipe.mac_of(algorithm, key, body);
        self.mismatch.provided.iter().filter_map(|p| encoding.decode(p)).any(|candidate| ct_eq(&candidate, &mac))
    }

    /// As [`Guess::matches`] in any encoding: the guesses about secrets and bodies must not
    /// depend on which of a scheme's accepted encodings the sender used.
    fn matches_loosely(&self, key: &[u8], body: &[u8]) -> bool {
        ENCODINGS.into_iter().any(|e| self.matches(e, self.mismatch.recipe.algorithm, key, body))
    }

    fn encoding(&self, keys: &[(Vec<u8>, &Secret)]) -> Option<String> {
        let expected = self.mismatch.encoding;
        let algorithm = self.mismatch.recipe.algorithm;
        ENCODINGS
            .into_iter()
            .filter(|e| *e != expected)
            .find(|e| keys.iter().any(|(key, _)| self.matches(*e, algorithm, key, self.body)))
            .map(|found| {
                format!(
                    "the signature is {} but {} must be {}: the digest is right, its encoding is not",
                    found.name(),
                    self.mismatch.header,
                    expected.name()
                )
            })
    }

    fn algorithm(&self, keys: &[(Vec<u8>, &Secret)]) -> Option<String> {
        let expected = self.mismatch.recipe.algorithm;
        let found = Algorithm::ALL
            .into_iter()
            .filter(|a| *a != expected)
            .find(|a| ENCODINGS.into_iter().any(|e| keys.iter().any(|(key, _)| self.matches(e, *a, key, self.body))))?;
        Some(format!(
            "the signature is an HMAC-{} digest, but {} carries HMAC-{}{}",
            found.name().to_uppercase(),
            self.mismatch.header,
            expected.name().to_uppercase(),
            if found == Algorithm::Sha1 {
                " (a sha1 header, such as the legacy X-Hub-Signature, checked as sha256?)"
            } else {
                ""
            }
        ))
    }

    fn secret(&self, secrets: &[Secret]) -> Option<String> {
        let recipe = &self.mismatch.recipe;
        for secret in secrets {
            let raw = secret.expose();
            let trimmed = raw.trim_ascii();
            if trimmed.len() != raw.len() && self.matches_secret(&secret.with_bytes(trimmed.to_vec())) {
                return Some(format!(
                    "the secret from {} has surrounding whitespace; the signature matches it trimmed",
                    secret.source()
                ));
            }
            let mut padded = raw.to_vec();
            padded.push(b'\n');
            if self.matches_secret(&secret.with_bytes(padded)) {
                return Some(format!("the sender's copy of the secret ends with a newline; the signature matches the secret from {} plus \\n", secret.source()));
            }
            let whsec = raw.starts_with(b"whsec_");
            match recipe.key {
                KeyFormat::Raw if whsec => {
                    if whsec_key(raw).is_some_and(|k| self.matches_key(&k)) {
                        return Some("the signature was made with the base64-decoded whsec_ key (Standard Webhooks' way); this provider keys HMAC with the whole whsec_… string".into());
                    }
                    if self.matches_key(&raw[6..]) {
                        return Some("the signature was made without the whsec_ prefix; this provider keys HMAC with the whole whsec_… string".into());
                    }
                }
                KeyFormat::Raw if self.matches_key(&[&b"whsec_"[..], raw].concat()) => {
                    return Some(format!(
                        "the secret from {} lacks its whsec_ prefix; the signature matches whsec_ plus it, as Stripe keys HMAC with the whole whsec_… string: give it as the dashboard shows it",
                        secret.source()
                    ));
                }
                KeyFormat::Whsec if self.matches_key(raw) => {
                    return Some("the signature was made with the whole whsec_… string as the key (Stripe's way); this scheme base64-decodes what follows whsec_".into());
                }
                _ => {}
            }
        }
        None
    }

    fn matches_secret(&self, secret: &Secret) -> bool {
        self.mismatch.recipe.key.derive(secret).is_ok_and(|key| self.matches_key(&key))
    }

    fn matches_key(&self, key: &[u8]) -> bool {
        self.matches_loosely(key, self.body)
    }

    fn body_changes(&self, keys: &[(Vec<u8>, &Secret)]) -> Option<String> {
        if !self.mismatch.recipe.pieces.contains(&Piece::Body) {
            return None;
        }
        let body = self.body;
        let signed_as = |candidate: &[u8]| keys.iter().any(|(key, _)| self.matches_loosely(key, candidate));
        if let Some(stripped) = body.strip_suffix(b"\r\n").or_else(|| body.strip_suffix(b"\n")) {
            if signed_as(stripped) {
                return Some(
                    "the body gained a trailing newline after it was signed; verify the bytes exactly as received"
                        .into(),
                );
            }
        }
        for ending in [&b"\n"[..], b"\r\n"] {
            if signed_as(&[body, ending].concat()) {
                return Some(
                    "the body lost a trailing newline after it was signed; verify the bytes exactly as received".into(),
                );
            }
        }
        if body.windows(2).any(|w| w == b"\r\n") && signed_as(&replace(body, b"\r\n", b"\n")) {
            return Some(
                "line endings changed from LF to CRLF after signing; verify the bytes exactly as received".into(),
            );
        }
        if body.contains(&b'\n') && !body.windows(2).any(|w| w == b"\r\n") && signed_as(&replace(body, b"\n", b"\r\n"))
        {
            return Some(
                "line endings changed from CRLF to LF after signing; verify the bytes exactly as received".into(),
            );
        }
        let json: serde_json::Value = serde_json::from_slice(body).ok()?;
        reserialisations(&json)
            .into_iter()
            .find(|(_, bytes)| bytes.as_slice() != body && signed_as(bytes))
            .map(|(style, _)| format!("the body was re-serialised as JSON after signing (the signature matches its {style} form); verify the raw bytes before any JSON parser touches them"))
    }

    /// No guess matched, but the length alone can say the wrong hash is in play.
    fn digest_size(&self) -> Option<String> {
        let expected = self.mismatch.recipe.algorithm;
        let decoded = self.mismatch.provided.iter().find_map(|p| self.mismatch.encoding.decode(p))?;
        let actual = Algorithm::ALL.into_iter().find(|a| a.digest_len() == decoded.len() && *a != expected)?;
        Some(format!(
            "the signature is {} bytes, the size of an HMAC-{} digest, but {} carries HMAC-{}",
            decoded.len(),
            actual.name().to_uppercase(),
            self.mismatch.header,
            expected.name().to_uppercase()
        ))
    }
}

fn replace(body: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + body.len() / 16);
    let mut i = 0;
    while i < body.len() {
        if body[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    out
}

/// The forms a JSON body takes after common frameworks parse and re-emit it.
fn reserialisations(json: &serde_json::Value) -> Vec<(&'static str, Vec<u8>)> {
    let mut forms = vec![("compact (JSON.stringify)", serde_json::to_vec(json).unwrap_or_default())];
    forms.push(("pretty-printed", serde_json::to_vec_pretty(json).unwrap_or_default()));
    forms.push(("Python json.dumps", python_dumps(json, true).into_bytes()));
    forms.push(("Python json.dumps(ensure_ascii=False)", python_dumps(json, false).into_bytes()));
    forms
}

/// Python's `json.dumps` default output: `", "` and `": "` separators, non-ASCII escaped.
fn python_dumps(value: &serde_json::Value, ensure_ascii: bool) -> String {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            let quoted = serde_json::to_string(s).unwrap_or_default();
            if !ensure_ascii {
                return quoted;
            }
            quoted
                .encode_utf16()
                .map(|u| if u < 0x80 { char::from(u as u8).to_string() } else { format!("\\u{u:04x}") })
                .collect()
        }
        Value::Array(items) => {
            format!("[{}]", items.iter().map(|v| python_dumps(v, ensure_ascii)).collect::<Vec<_>>().join(", "))
        }
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!(
                    "{}: {}",
                    python_dumps(&Value::String(k.clone()), ensure_ascii),
                    python_dumps(v, ensure_ascii)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_dumps_matches_python() {
        let value: serde_json::Value = serde_json::from_str(r#"{"a":[1,"Привет"],"b":{"c":null}}"#).unwrap();
        assert_eq!(
            python_dumps(&value, true),
            r#"{"a": [1, "\u041f\u0440\u0438\u0432\u0435\u0442"], "b": {"c": null}}"#
        );
        assert_eq!(python_dumps(&value, false), r#"{"a": [1, "Привет"], "b": {"c": null}}"#);
    }

    #[test]
    fn replace_swaps_every_occurrence() {
        assert_eq!(replace(b"a\nb\n", b"\n", b"\r\n"), b"a\r\nb\r\n");
        assert_eq!(replace(b"a\r\nb", b"\r\n", b"\n"), b"a\nb");
    }
}
