//! HMAC over streamed pieces, the key formats providers use, and the shared verification step:
//! every provider file that signs with an HMAC builds on these.

use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

use super::*;

/// One piece of a signed message: fixed bytes, or the (streamed) body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Bytes(Vec<u8>),
    Body,
}

/// What a provider signs and how: the message pieces, the hash and the key derivation.
#[derive(Debug, Clone)]
pub struct Recipe {
    pub algorithm: Algorithm,
    pub key: KeyFormat,
    pub pieces: Vec<Piece>,
}

impl Recipe {
    /// HMAC of the body alone, key bytes as given.
    pub fn body(algorithm: Algorithm) -> Self {
        Recipe { algorithm, key: KeyFormat::Raw, pieces: vec![Piece::Body] }
    }

    /// HMAC of `prefix ‖ body`, the shape of every timestamped scheme.
    pub fn prefixed(algorithm: Algorithm, prefix: impl Into<Vec<u8>>) -> Self {
        Recipe { algorithm, key: KeyFormat::Raw, pieces: vec![Piece::Bytes(prefix.into()), Piece::Body] }
    }

    pub fn with_key(mut self, key: KeyFormat) -> Self {
        self.key = key;
        self
    }

    /// One MAC per secret, computed in a single pass over the body.
    pub fn macs(&self, secrets: &[Secret], body: &Body) -> Result<Vec<Vec<u8>>, Error> {
        let keys = secrets.iter().map(|s| self.key.derive(s)).collect::<Result<Vec<_>, _>>()?;
        let jobs: Vec<(Algorithm, &[u8])> = keys.iter().map(|k| (self.algorithm, k.as_ref())).collect();
        hmac_all(&jobs, &self.pieces, body)
    }

    /// The MAC over in-memory body bytes with explicit key bytes (diagnosis tries variants).
    pub fn mac_of(&self, algorithm: Algorithm, key: &[u8], body: &[u8]) -> Vec<u8> {
        let mut mac = AnyMac::new(algorithm, key);
        for piece in &self.pieces {
            mac.update(match piece {
                Piece::Bytes(b) => b,
                Piece::Body => body,
            });
        }
        mac.finalize()
    }
}

/// Files at least this large are hashed on one thread per MAC when there are several.
const PARALLEL_FROM: u64 = 8 << 20;

/// Runs several HMACs (different keys or algorithms) over the same pieces. Small bodies take one
/// pass; a large file gets a thread per MAC, each streaming it, since hashing is the cost and
/// the page cache makes the second read nearly free. The case that earns it: `whk sign github`
/// of a 256 MiB file makes both the SHA-1 and the SHA-256 header, 0.16-0.17 s on two threads
/// where one MAC alone takes 0.16-0.17 s (the release build, 2 cores).
pub fn hmac_all(jobs: &[(Algorithm, &[u8])], pieces: &[Piece], body: &Body) -> Result<Vec<Vec<u8>>, Error> {
    let large = matches!(body, Body::File(path) if std::fs::metadata(path).is_ok_and(|m| m.len() >= PARALLEL_FROM));
    if jobs.len() > 1 && large {
        return std::thread::scope(|scope| {
            let threads: Vec<_> = jobs
                .iter()
                .map(|job| scope.spawn(move || hmac_one_pass(std::slice::from_ref(job), pieces, body)))
                .collect();
            let mut macs = Vec::with_capacity(jobs.len());
            for thread in threads {
                let result = thread.join().map_err(|_| Error::runtime("a hashing thread failed"))?;
                macs.extend(result?);
            }
            Ok(macs)
        });
    }
    hmac_one_pass(jobs, pieces, body)
}

fn hmac_one_pass(jobs: &[(Algorithm, &[u8])], pieces: &[Piece], body: &Body) -> Result<Vec<Vec<u8>>, Error> {
    let mut macs: Vec<AnyMac> = jobs.iter().map(|(alg, key)| AnyMac::new(*alg, key)).collect();
    for piece in pieces {
        match piece {
            Piece::Bytes(bytes) => macs.iter_mut().for_each(|m| m.update(bytes)),
            Piece::Body => body.each_chunk(&mut |chunk| macs.iter_mut().for_each(|m| m.update(chunk)))?,
        }
    }
    Ok(macs.into_iter().map(AnyMac::finalize).collect())
}

enum AnyMac {
    Sha1(Hmac<sha1::Sha1>),
    Sha256(Hmac<sha2::Sha256>),
    Sha512(Hmac<sha2::Sha512>),
}

impl AnyMac {
    fn new(algorithm: Algorithm, key: &[u8]) -> Self {
        // HMAC accepts keys of any length, so new_from_slice cannot fail.
        match algorithm {
            Algorithm::Sha1 => AnyMac::Sha1(Hmac::new_from_slice(key).expect("any key length")),
            Algorithm::Sha256 => AnyMac::Sha256(Hmac::new_from_slice(key).expect("any key length")),
            Algorithm::Sha512 => AnyMac::Sha512(Hmac::new_from_slice(key).expect("any key length")),
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            AnyMac::Sha1(m) => m.update(data),
            AnyMac::Sha256(m) => m.update(data),
            AnyMac::Sha512(m) => m.update(data),
        }
    }

    fn finalize(self) -> Vec<u8> {
        match self {
            AnyMac::Sha1(m) => m.finalize().into_bytes().to_vec(),
            AnyMac::Sha256(m) => m.finalize().into_bytes().to_vec(),
            AnyMac::Sha512(m) => m.finalize().into_bytes().to_vec(),
        }
    }
}

/// Constant-time equality; length is not secret.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// The shared verification step: decode every provided signature in each accepted encoding and
/// compare it, in constant time, with the MAC under each secret. Rotation falls out: any secret,
/// any listed signature.
pub struct DigestCheck<'a> {
    pub header: &'a str,
    pub recipe: Recipe,
    pub provided: Vec<String>,
    pub accepted: &'a [Encoding],
    pub prefix: &'a str,
}

impl DigestCheck<'_> {
    pub fn run(self, secrets: &[Secret], body: &Body) -> Result<Verdict, Error> {
        let macs = self.recipe.macs(secrets, body)?;
        for text in &self.provided {
            for &encoding in self.accepted {
                let Some(candidate) = encoding.decode(text) else {
                    continue;
                };
                if let Some(secret) = macs.iter().position(|mac| ct_eq(mac, &candidate)) {
                    let note = (self.accepted.len() > 1).then(|| format!("{} signature", encoding.name()));
                    return Ok(Verdict::Valid(Valid { secret, note }));
                }
            }
        }
        Ok(Verdict::Invalid(Mismatch::Digest(Box::new(DigestMismatch {
            header: self.header.to_string(),
            recipe: self.recipe,
            provided: self.provided,
            encoding: self.accepted[0],
            prefix: self.prefix.to_string(),
        }))))
    }
}

/// A scheme that always signs was given no secret to check with.
pub fn require_secrets(provider: &str, secrets: &[Secret]) -> Result<(), Error> {
    if secrets.is_empty() {
        return Err(no_secret(provider));
    }
    Ok(())
}

fn no_secret(provider: &str) -> Error {
    Error::bad_input(format!("{provider} needs a secret and none was given"))
        .hint("pass --secret-env VAR, --secret-file PATH or set WHK_SECRET")
}

/// Verifies `header: {prefix}{signature}` over `recipe` — the shape of GitHub, MediLab,
/// BakaiMarket and the generic scheme.
pub fn check_prefixed(
    request: &Request,
    secrets: &[Secret],
    provider: &str,
    header: &str,
    prefix: &str,
    recipe: Recipe,
    accepted: &[Encoding],
) -> Result<Verdict, Error> {
    let Some(value) = request.headers.get(header) else {
        return Ok(Mismatch::missing(header));
    };
    let Some(signature) = value.trim().strip_prefix(prefix) else {
        let shown = crate::output::quoted(value);
        return Ok(Mismatch::malformed(header, format!("expected {prefix}<{}>, got {shown}", accepted[0].name())));
    };
    require_secrets(provider, secrets)?;
    DigestCheck { header, recipe, provided: vec![signature.to_string()], accepted, prefix }.run(secrets, request.body)
}

/// A header carrying `{prefix}{encoded HMAC of the body}`: GitHub, MediLab and BakaiMarket
/// (`sha256=` hex), Intercom (`sha1=` hex), Typeform (`sha256=` base64), Shopify (bare base64).
pub struct BodyMac {
    pub header: &'static str,
    pub prefix: &'static str,
    pub algorithm: Algorithm,
    pub encoding: Encoding,
}

/// The seeds' convention, `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the body>`.
pub const WEBHOOK_SIGNATURE: BodyMac =
    BodyMac { header: "X-Webhook-Signature", prefix: "sha256=", algorithm: Algorithm::Sha256, encoding: Encoding::Hex };

impl BodyMac {
    /// The signature header for one secret.
    pub fn sign(&self, secret: &Secret, body: &Body) -> Result<Header, Error> {
        let signature = sign_one(&Recipe::body(self.algorithm), secret, body, self.encoding)?;
        Ok((self.header.to_string(), format!("{}{signature}", self.prefix)))
    }

    pub fn verify(&self, request: &Request, secrets: &[Secret], provider: &str) -> Result<Verdict, Error> {
        check_prefixed(
            request,
            secrets,
            provider,
            self.header,
            self.prefix,
            Recipe::body(self.algorithm),
            &[self.encoding],
        )
    }
}

/// One encoded MAC under one secret: the signature value of a single-signature scheme.
pub fn sign_one(recipe: &Recipe, secret: &Secret, body: &Body, encoding: Encoding) -> Result<String, Error> {
    let mac = recipe.macs(std::slice::from_ref(secret), body)?.remove(0);
    Ok(encoding.encode(&mac))
}

/// The URL a URL-signing scheme needs, or a usage error that says so.
pub fn require_url<'a>(provider: &str, url: Option<&'a str>) -> Result<&'a str, Error> {
    url.ok_or_else(|| {
        Error::usage(format!("{provider} signs the URL it posts to, and no --url was given")).hint(
            "pass --url with the URL exactly as configured at the provider, e.g. --url https://example.com/webhooks",
        )
    })
}

/// The one secret a single-signature scheme signs with.
pub fn single_secret<'a>(provider: &str, secrets: &'a [Secret]) -> Result<&'a Secret, Error> {
    match secrets {
        [] => Err(no_secret(provider)),
        [one] => Ok(one),
        _ => Err(Error::usage(format!("{provider} sends one signature, but {} secrets were given", secrets.len()))
            .hint("pass one secret to sign; several are for verify (rotation)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threaded_hashing_of_a_large_file_equals_one_pass() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("body");
        let bytes: Vec<u8> = (0..PARALLEL_FROM + 12345).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let pieces = [Piece::Bytes(b"v0:1:".to_vec()), Piece::Body, Piece::Bytes(b"!".to_vec())];
        let jobs = [(Algorithm::Sha1, &b"k1"[..]), (Algorithm::Sha256, b"k2"), (Algorithm::Sha512, b"k3")];
        let threaded = hmac_all(&jobs, &pieces, &Body::File(path)).unwrap();
        let in_memory = hmac_one_pass(&jobs, &pieces, &Body::Bytes(bytes)).unwrap();
        assert_eq!(threaded, in_memory);
    }
}
