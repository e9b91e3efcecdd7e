//! HubSpot: v3 `X-HubSpot-Signature-v3` = base64 HMAC-SHA256 (client secret) over
//! `{method}{uri}{body}{timestamp}`, with `X-HubSpot-Request-Timestamp` in milliseconds; the SDKs
//! reject deliveries older than 5 minutes and let future ones pass. The legacy v1/v2 signatures
//! (`X-HubSpot-Signature` with `X-HubSpot-Signature-Version`) are plain SHA-256 hex of
//! `{secret}{body}` and `{secret}{method}{uri}{body}`, and are verified too.

use sha2::Digest;

use super::*;

pub struct HubSpot;

const V3: &str = "X-HubSpot-Signature-v3";
const TIMESTAMP: &str = "X-HubSpot-Request-Timestamp";
const LEGACY: &str = "X-HubSpot-Signature";
const LEGACY_VERSION: &str = "X-HubSpot-Signature-Version";

fn recipe(method: &str, uri: &str, ts: &str) -> Recipe {
    Recipe {
        algorithm: Algorithm::Sha256,
        key: KeyFormat::Raw,
        pieces: vec![
            Piece::Bytes(format!("{method}{uri}").into_bytes()),
            Piece::Body,
            Piece::Bytes(ts.as_bytes().to_vec()),
        ],
    }
}

impl Scheme for HubSpot {
    fn name(&self) -> &'static str {
        "hubspot"
    }

    fn summary(&self) -> &'static str {
        "HubSpot: X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of {method}{uri}{body}{ts ms}; needs --url"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-HubSpot-Signature-v3, X-HubSpot-Request-Timestamp (ms); legacy X-HubSpot-Signature v1/v2",
            signed:
                "base64 HMAC-SHA256({method}{uri}{body}{timestamp}); v1/v2: hex SHA-256({secret}[{method}{uri}]{body})",
            secret: "app client secret, UTF-8",
            tolerance: "300 s past (v3)",
        }
    }

    fn example_secret(&self) -> &'static str {
        "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        let secret = single_secret(self.name(), secrets)?;
        let uri = require_url(self.name(), opts.url.as_deref())?;
        let ts = (opts.timestamp * 1000).to_string();
        let signature = sign_one(&recipe(&opts.method, uri, &ts), secret, body, Encoding::Base64)?;
        Ok(vec![("Content-Type".into(), "application/json".into()), (V3.into(), signature), (TIMESTAMP.into(), ts)]
            .into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        let uri = require_url(self.name(), opts.url.as_deref())?;
        if !request.headers.has(V3) && request.headers.has(LEGACY) {
            return verify_legacy(request, secrets, uri);
        }
        let Some(signature) = request.headers.get(V3) else {
            return Ok(Mismatch::missing(V3));
        };
        let Some(ts) = request.headers.get(TIMESTAMP).map(str::trim) else {
            return Ok(Mismatch::missing(TIMESTAMP));
        };
        let millis = match parse_unix(TIMESTAMP, ts) {
            Ok(ms) => ms,
            Err(verdict) => return Ok(verdict),
        };
        if let Some(mismatch) = Window::Past(300).with_override(opts.tolerance).check_millis(millis, opts.now) {
            return Ok(Verdict::Invalid(mismatch));
        }
        require_secrets(self.name(), secrets)?;
        let check = DigestCheck {
            header: V3,
            recipe: recipe(request.method, uri, ts),
            provided: vec![signature.trim().to_string()],
            accepted: &[Encoding::Base64],
            prefix: "",
        };
        check.run(secrets, request.body)
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(V3) || headers.has(LEGACY_VERSION)
    }
}

/// v1 and v2: a plain SHA-256 with the secret prepended, which HubSpot still sends to old apps.
fn verify_legacy(request: &Request, secrets: &[Secret], uri: &str) -> Result<Verdict, Error> {
    let signature = request.headers.get(LEGACY).unwrap_or_default().trim();
    let version = request.headers.get(LEGACY_VERSION).unwrap_or("v1").trim();
    let middle = match version {
        "v1" => String::new(),
        "v2" => format!("{}{uri}", request.method),
        other => {
            return Ok(Mismatch::malformed(LEGACY_VERSION, format!("{} is not v1 or v2", crate::output::quoted(other))))
        }
    };
    require_secrets("hubspot", secrets)?;
    let Some(provided) = Encoding::Hex.decode(signature) else {
        return Ok(Mismatch::malformed(LEGACY, "expected lowercase hex"));
    };
    for (index, secret) in secrets.iter().enumerate() {
        let mut hash = sha2::Sha256::new();
        hash.update(secret.expose());
        hash.update(middle.as_bytes());
        request.body.each_chunk(&mut |chunk| hash.update(chunk))?;
        if ct_eq(&hash.finalize(), &provided) {
            return Ok(Verdict::Valid(Valid { secret: index, note: Some(format!("legacy {version} signature")) }));
        }
    }
    Ok(Verdict::Invalid(Mismatch::Rejected(format!("legacy {version} signature in {LEGACY} does not match the body"))))
}
