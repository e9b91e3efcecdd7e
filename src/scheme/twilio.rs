//! Twilio: `X-Twilio-Signature` = base64 HMAC-SHA1 (keyed with the auth token) over the full URL
//! followed by each POST parameter name and value, names sorted, each name's distinct values
//! sorted. JSON bodies are not signed as parameters: Twilio adds `bodySHA256=<hex SHA-256 of the
//! body>` to the URL and signs the URL alone. As the SDKs, verify accepts the URL with and
//! without the scheme's default port, and reads `X-Twilio-Webhooks-Signature-Settings`: with
//! `algorithm=HMAC_SHA256` (shared-key mode) the same construction uses HMAC-SHA256.

use sha2::Digest;

use super::*;

pub struct Twilio;

const SIGNATURE: &str = "X-Twilio-Signature";
const SETTINGS: &str = "X-Twilio-Webhooks-Signature-Settings";

/// The algorithm the settings header names; absent or empty means the legacy HMAC-SHA1.
fn algorithm(headers: &HeaderMap) -> Result<Algorithm, Verdict> {
    let Some(settings) = headers.get(SETTINGS).filter(|s| !s.trim().is_empty()) else {
        return Ok(Algorithm::Sha1);
    };
    match parse_pairs(settings, ',').iter().find(|(k, _)| *k == "algorithm").map(|(_, v)| v.to_ascii_uppercase()) {
        Some(a) if a == "HMAC_SHA256" => Ok(Algorithm::Sha256),
        Some(a) if a == "HMAC_SHA1" => Ok(Algorithm::Sha1),
        _ => Err(Mismatch::malformed(SETTINGS, "expected algorithm=HMAC_SHA1 or algorithm=HMAC_SHA256")),
    }
}

fn is_form(body: &[u8]) -> bool {
    !matches!(body.iter().copied().find(|c| !c.is_ascii_whitespace()), Some(b'{' | b'['))
}

/// URL ‖ sorted name‖value pairs, as `RequestValidator.compute_signature` builds it.
fn signed_string(url: &str, form: Option<&[u8]>) -> Vec<u8> {
    let mut signed = url.as_bytes().to_vec();
    if let Some(body) = form {
        let mut params: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
        params.sort();
        params.dedup();
        for (name, value) in params {
            signed.extend_from_slice(name.as_bytes());
            signed.extend_from_slice(value.as_bytes());
        }
    }
    signed
}

fn recipe(algorithm: Algorithm, signed: Vec<u8>) -> Recipe {
    Recipe { algorithm, key: KeyFormat::Raw, pieces: vec![Piece::Bytes(signed)] }
}

/// The URL as given, without its port, and with the scheme's default port: Twilio's back end
/// is not consistent about which it signs.
fn url_variants(url: &str) -> Vec<String> {
    let Ok(parsed) = url::Url::parse(url) else { return vec![url.to_string()] };
    let mut without = parsed.clone();
    let _ = without.set_port(None);
    let mut variants = vec![url.to_string(), without.to_string()];
    if let Some(default) = parsed.port_or_known_default() {
        let with = without.to_string();
        let host_end =
            with.find(parsed.host_str().unwrap_or_default()).map(|i| i + parsed.host_str().unwrap_or_default().len());
        if let (Some(end), None) = (host_end, parsed.port()) {
            variants.push(format!("{}:{default}{}", &with[..end], &with[end..]));
        }
    }
    variants.dedup();
    variants
}

/// `url` carrying `bodySHA256=hash`: an existing one (a URL copied from Twilio's request log, a
/// replayed capture's) has its value replaced in place, never a second one appended. The rest
/// of the URL stays byte for byte, as it is what gets signed.
fn with_body_hash(url: &str, hash: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return format!("{url}?bodySHA256={hash}");
    };
    let mut replaced = false;
    let params: Vec<String> = query
        .split('&')
        .filter_map(|param| match param.split_once('=').map_or(param, |(name, _)| name) {
            "bodySHA256" if replaced => None,
            "bodySHA256" => {
                replaced = true;
                Some(format!("bodySHA256={hash}"))
            }
            _ => Some(param.to_string()),
        })
        .collect();
    let query = params.join("&");
    match replaced {
        true => format!("{base}?{query}"),
        false => format!("{base}?{query}&bodySHA256={hash}"),
    }
}

impl Scheme for Twilio {
    fn name(&self) -> &'static str {
        "twilio"
    }

    fn summary(&self) -> &'static str {
        "Twilio: X-Twilio-Signature = base64 HMAC-SHA1 of URL + sorted params (bodySHA256 for JSON); needs --url"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Twilio-Signature",
            signed: "base64 HMAC-SHA1({url}{name}{value}… sorted); JSON: URL with bodySHA256=hex SHA-256(body)",
            secret: "auth token, UTF-8",
            tolerance: "none",
        }
    }

    fn example_secret(&self) -> &'static str {
        "12345"
    }

    fn example_body(&self) -> &'static [u8] {
        b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212"
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let url = require_url(self.name(), opts.url.as_deref())?;
        let bytes = body.require(self.name())?;
        let (signed_url, form, content_type) = if is_form(&bytes) {
            (None, Some(&bytes[..]), "application/x-www-form-urlencoded")
        } else {
            let hash = hex::encode(sha2::Sha256::digest(&bytes));
            (Some(with_body_hash(url, &hash)), None, "application/json")
        };
        // HMAC-SHA1 with the auth token, or Twilio's shared-key mode (HMAC-SHA256), which the
        // settings header announces.
        let algorithm = match opts.hmac.algorithm {
            None | Some(Algorithm::Sha1) => Algorithm::Sha1,
            Some(Algorithm::Sha256) => Algorithm::Sha256,
            Some(Algorithm::Sha512) => {
                return Err(Error::usage("twilio signs with HMAC-SHA1 or, in its shared-key mode, HMAC-SHA256")
                    .hint("pass --algorithm sha1 or --algorithm sha256"))
            }
        };
        let signed = signed_string(signed_url.as_deref().unwrap_or(url), form);
        let signature = sign_one(&recipe(algorithm, signed), secret, body, Encoding::Base64)?;
        let mut headers = vec![
            ("Content-Type".into(), content_type.into()),
            ("I-Twilio-Idempotency-Token".into(), opts.id_or(fresh_uuid)),
            (SIGNATURE.into(), signature),
        ];
        if algorithm == Algorithm::Sha256 {
            headers.push((SETTINGS.into(), "algorithm=HMAC_SHA256".into()));
        }
        Ok(Signed { headers, url: signed_url, body: None })
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        let url = require_url(self.name(), opts.url.as_deref())?;
        let Some(value) = request.headers.get(SIGNATURE) else {
            return Ok(Mismatch::missing(SIGNATURE));
        };
        let algorithm = match algorithm(request.headers) {
            Ok(a) => a,
            Err(verdict) => return Ok(verdict),
        };
        require_secrets(self.name(), secrets)?;
        let bytes = request.body.require(self.name())?;
        let body_hash = url::Url::parse(url)
            .ok()
            .and_then(|u| u.query_pairs().find(|(k, _)| k == "bodySHA256").map(|(_, v)| v.into_owned()));
        let form = match &body_hash {
            Some(expected) => {
                let actual = hex::encode(sha2::Sha256::digest(&bytes));
                if !ct_eq(actual.as_bytes(), expected.as_bytes()) {
                    return Ok(Verdict::Invalid(Mismatch::Rejected(
                        "the body's SHA-256 does not match the bodySHA256 in the URL: the body changed after signing"
                            .into(),
                    )));
                }
                None
            }
            None => Some(&bytes[..]),
        };
        let mut last = None;
        for candidate in url_variants(url) {
            let check = DigestCheck {
                header: SIGNATURE,
                recipe: recipe(algorithm, signed_string(&candidate, form)),
                provided: vec![value.trim().to_string()],
                accepted: &[Encoding::Base64],
                prefix: "",
            };
            match check.run(secrets, request.body)? {
                valid @ Verdict::Valid(_) => return Ok(valid),
                other => last = Some(other),
            }
        }
        Ok(last.unwrap_or_else(|| Mismatch::missing(SIGNATURE)))
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(SIGNATURE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_hash_already_in_the_url_is_replaced_not_repeated() {
        assert_eq!(with_body_hash("https://a.example/h", "ff"), "https://a.example/h?bodySHA256=ff");
        assert_eq!(with_body_hash("https://a.example/h?x=1", "ff"), "https://a.example/h?x=1&bodySHA256=ff");
        assert_eq!(
            with_body_hash("https://a.example/h?bodySHA256=old&x=1&bodySHA256=older", "ff"),
            "https://a.example/h?bodySHA256=ff&x=1"
        );
        let body = Body::Bytes(br#"{"a":1}"#.to_vec());
        let secret = [Secret::new("12345", "t")];
        let url = "https://a.example/h?bodySHA256=stale&x=1";
        let opts = SignOptions { url: Some(url.into()), ..SignOptions::new(0) };
        let signed = Twilio.sign(&body, &secret, &opts).unwrap();
        let signed_url = signed.url.unwrap();
        assert_eq!(signed_url.matches("bodySHA256").count(), 1, "{signed_url}");
        let headers = HeaderMap(signed.headers);
        let request = Request { method: "POST", headers: &headers, body: &body };
        let verdict =
            Twilio.verify(&request, &secret, &VerifyOptions { url: Some(signed_url), ..VerifyOptions::new(0) });
        assert!(matches!(verdict, Ok(Verdict::Valid(_))), "{verdict:?}");
    }

    #[test]
    fn the_shared_key_mode_signs_with_sha256_and_says_so() {
        let body = Body::Bytes(b"a=1&b=2".to_vec());
        let secret = [Secret::new("shared-key", "t")];
        let url = "https://a.example/h";
        let hmac = HmacParams { algorithm: Some(Algorithm::Sha256), ..HmacParams::default() };
        let opts = SignOptions { url: Some(url.into()), hmac, ..SignOptions::new(0) };
        let signed = Twilio.sign(&body, &secret, &opts).unwrap();
        let headers = HeaderMap(signed.headers);
        assert_eq!(headers.get(SETTINGS), Some("algorithm=HMAC_SHA256"));
        let legacy =
            Twilio.sign(&body, &secret, &SignOptions { url: Some(url.into()), ..SignOptions::new(0) }).unwrap();
        assert_ne!(headers.get(SIGNATURE), HeaderMap(legacy.headers).get(SIGNATURE), "a different hash");
        let request = Request { method: "POST", headers: &headers, body: &body };
        let verdict =
            Twilio.verify(&request, &secret, &VerifyOptions { url: Some(url.into()), ..VerifyOptions::new(0) });
        assert!(matches!(verdict, Ok(Verdict::Valid(_))), "{verdict:?}");
        let hmac = HmacParams { algorithm: Some(Algorithm::Sha512), ..HmacParams::default() };
        let sha512 = SignOptions { url: Some(url.into()), hmac, ..SignOptions::new(0) };
        assert!(Twilio.sign(&body, &secret, &sha512).is_err());
    }

    #[test]
    fn url_variants_add_and_drop_the_default_port() {
        assert_eq!(
            url_variants("https://mycompany.com/myapp.php?foo=1"),
            vec!["https://mycompany.com/myapp.php?foo=1", "https://mycompany.com:443/myapp.php?foo=1"]
        );
        assert_eq!(
            url_variants("https://mycompany.com:1234/a"),
            vec!["https://mycompany.com:1234/a", "https://mycompany.com/a"]
        );
    }
}
