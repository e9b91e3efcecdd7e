//! The registry and vector sweeps: every scheme, every vector, every negative mutation, with
//! no per-provider test code. Adding a provider adds its vectors file and nothing here.

use std::collections::HashSet;

use serde::Deserialize;
use whk::scheme::{
    self, Algorithm, Body, Encoding, HeaderMap, HmacParams, Request, Scheme, SignOptions, Verdict, VerifyOptions,
    REGISTRY,
};
use whk::secret::Secret;

use crate::support::repo;

#[derive(Deserialize)]
struct VectorFile {
    provider: String,
    signature_header: String,
    tolerance: Option<Tolerance>,
    missing: String,
    /// A further verdict a wrong key may give (GitLab's token and HubSpot's legacy hashes are
    /// no HMAC digests: they are "rejected").
    mismatch: Option<String>,
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Tolerance {
    past: Option<i64>,
    future: Option<i64>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    /// Where this vector's signature travels, if not the file's usual header.
    signature_header: Option<String>,
    secrets: Vec<String>,
    body: Option<String>,
    body_repeat: Option<Repeat>,
    headers: Vec<(String, String)>,
    expect: String,
    sign: bool,
    timestamp: Option<i64>,
    id: Option<String>,
    event: Option<String>,
    now: Option<i64>,
    /// The URL the provider posts to, for schemes that sign it.
    url: Option<String>,
    /// The URL sign must produce when the scheme rewrites it (Twilio's bodySHA256).
    signed_url: Option<String>,
    /// The body to give sign when the scheme rewrites it (Mailgun); `body` is then the result.
    sign_body: Option<String>,
    /// Keys to sign with when they differ from the verification keys (Ed25519, ECDSA).
    sign_secrets: Option<Vec<String>>,
    /// A well-formed key that is not the right one, where the sweep cannot derive one.
    wrong_secret: Option<String>,
    method: Option<String>,
    /// A mutation that cannot apply to this vector, with the reason in the generator.
    #[serde(default)]
    skip: Vec<String>,
    #[serde(default)]
    options: Options,
}

#[derive(Deserialize)]
struct Repeat {
    text: String,
    times: usize,
}

#[derive(Deserialize, Default)]
struct Options {
    encoding: Option<String>,
    signature_header: Option<String>,
    prefix: Option<String>,
    algorithm: Option<String>,
    signed: Option<String>,
}

const DEFAULT_NOW: i64 = 1_700_000_000;
const EXAMPLE_URL: &str = "https://example.com/webhooks?source=whk";

fn secrets_of(keys: &[String]) -> Vec<Secret> {
    keys.iter().enumerate().map(|(i, s)| Secret::new(s.as_bytes(), format!("vector secret {i}"))).collect()
}

impl Vector {
    fn body(&self) -> Vec<u8> {
        match (&self.body, &self.body_repeat) {
            (Some(body), _) => body.clone().into_bytes(),
            (None, Some(r)) => r.text.repeat(r.times).into_bytes(),
            (None, None) => panic!("vector {} has no body", self.name),
        }
    }

    fn hmac(&self) -> HmacParams {
        let defaults = HmacParams::default();
        HmacParams {
            header: self.options.signature_header.clone().unwrap_or(defaults.header),
            prefix: self.options.prefix.clone(),
            algorithm: self.options.algorithm.as_deref().map(|name| match name {
                "sha1" => Algorithm::Sha1,
                "sha512" => Algorithm::Sha512,
                _ => Algorithm::Sha256,
            }),
            encoding: self.encoding().unwrap_or(Encoding::Hex),
            template: self.options.signed.clone(),
            ..defaults
        }
    }

    fn encoding(&self) -> Option<Encoding> {
        self.options.encoding.as_deref().map(|e| if e == "base64" { Encoding::Base64 } else { Encoding::Hex })
    }

    /// What the receiver checks with: the URL it was called at, which for Twilio's JSON
    /// deliveries is the URL sign produced.
    fn verify_opts(&self, now: i64) -> VerifyOptions {
        let url = self.signed_url.clone().or_else(|| self.url.clone());
        VerifyOptions { hmac: self.hmac(), url, ..VerifyOptions::new(now) }
    }

    fn now(&self) -> i64 {
        self.now.or(self.timestamp).unwrap_or(DEFAULT_NOW)
    }

    fn verify(
        &self,
        scheme: &dyn Scheme,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        secrets: &[Secret],
        now: i64,
    ) -> &'static str {
        check(scheme, self.method.as_deref().unwrap_or("POST"), headers, body, secrets, &self.verify_opts(now))
    }

    fn applies(&self, mutation: &str) -> bool {
        !self.skip.iter().any(|s| s == mutation)
    }
}

fn verdict_kind(verdict: &Verdict) -> &'static str {
    match verdict {
        Verdict::Valid(_) => "valid",
        Verdict::Unsigned(_) => "unsigned",
        Verdict::Invalid(m) => m.kind(),
    }
}

fn check(
    scheme: &dyn Scheme,
    method: &str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    secrets: &[Secret],
    opts: &VerifyOptions,
) -> &'static str {
    let headers = HeaderMap(headers);
    let body = Body::Bytes(body);
    let request = Request { method, headers: &headers, body: &body };
    let verdict =
        scheme.verify(&request, secrets, opts).unwrap_or_else(|e| panic!("{}: verify errored: {e}", scheme.name()));
    verdict_kind(&verdict)
}

fn load(name: &str) -> VectorFile {
    let path = repo().join("fixtures/vectors").join(format!("{name}.json"));
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{name} has no vectors file at {}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_scheme_has_a_vectors_file_and_every_file_a_scheme() {
    for scheme in REGISTRY {
        let file = load(scheme.name());
        assert_eq!(file.provider, scheme.name());
        assert!(!file.vectors.is_empty(), "{} has no vectors", scheme.name());
    }
    for entry in std::fs::read_dir(repo().join("fixtures/vectors")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().trim_end_matches(".json").to_string();
        assert!(scheme::find(&name).is_some(), "fixtures/vectors/{name}.json names no registered scheme");
    }
}

#[test]
fn vectors_sign_byte_for_byte_and_verify_as_expected() {
    let mut checked = 0;
    for scheme in REGISTRY {
        let file = load(scheme.name());
        for v in &file.vectors {
            let what = format!("{} / {}", scheme.name(), v.name);
            let secrets = secrets_of(&v.secrets);
            if v.sign {
                let opts = SignOptions {
                    id: v.id.clone(),
                    event: v.event.clone(),
                    encoding: v.encoding(),
                    url: v.url.clone(),
                    method: v.method.clone().unwrap_or_else(|| "POST".into()),
                    hmac: v.hmac(),
                    ..SignOptions::new(v.timestamp.unwrap_or(DEFAULT_NOW))
                };
                let input = v.sign_body.clone().map_or_else(|| v.body(), String::into_bytes);
                let keys = v.sign_secrets.as_deref().map_or_else(|| secrets.clone(), secrets_of);
                let signed = scheme
                    .sign(&Body::Bytes(input), &keys, &opts)
                    .unwrap_or_else(|e| panic!("{what}: sign failed: {e}"));
                let headers = HeaderMap(signed.headers);
                for (name, value) in &v.headers {
                    assert_eq!(headers.get(name), Some(value.as_str()), "{what}: sign must reproduce {name}");
                }
                assert_eq!(signed.url, v.signed_url, "{what}: sign's URL");
                if v.sign_body.is_some() {
                    assert_eq!(signed.body.as_deref(), Some(v.body().as_slice()), "{what}: sign's body");
                }
            }
            let verdict = v.verify(*scheme, v.headers.clone(), v.body(), &secrets, v.now());
            assert_eq!(verdict, v.expect, "{what}");
            checked += 1;
        }
    }
    assert!(checked > 80, "only {checked} vectors");
}

/// A failed check of the signature itself: an HMAC digest, an asymmetric signature, or what
/// the file names for schemes that are neither.
fn signature_failure(file: &VectorFile, verdict: &str) -> bool {
    ["digest", "signature"].contains(&verdict) || file.mismatch.as_deref() == Some(verdict)
}

#[test]
fn vectors_fail_every_negative_mutation_for_the_right_reason() {
    for scheme in REGISTRY {
        let file = load(scheme.name());
        for v in file.vectors.iter().filter(|v| v.expect == "valid" && !v.secrets.is_empty()) {
            let what = format!("{} / {}", scheme.name(), v.name);
            let secrets = secrets_of(&v.secrets);
            let now = v.now();

            if v.applies("tamper") {
                let mut tampered = v.body();
                tampered.push(b'x');
                let verdict = v.verify(*scheme, v.headers.clone(), tampered, &secrets, now);
                assert!(signature_failure(&file, verdict), "{what}: tampered body gave {verdict}");
            }

            let wrong = v.wrong_secret.clone().map_or_else(|| wrong_secret(&v.secrets[0]), String::into_bytes);
            let verdict = v.verify(*scheme, v.headers.clone(), v.body(), &[Secret::new(wrong, "wrong")], now);
            assert!(signature_failure(&file, verdict), "{what}: wrong secret gave {verdict}");

            let signature_header = v.signature_header.as_deref().unwrap_or(&file.signature_header);
            let carries = |n: &str| n.eq_ignore_ascii_case(signature_header);
            if v.headers.iter().any(|(n, _)| carries(n)) {
                let without: Vec<_> = v.headers.iter().filter(|(n, _)| !carries(n)).cloned().collect();
                let missing = v.verify(*scheme, without, v.body(), &secrets, now);
                assert_eq!(missing, file.missing, "{what}: missing {signature_header}");

                let garbled: Vec<_> = v
                    .headers
                    .iter()
                    .map(
                        |(n, val)| {
                            if carries(n) {
                                (n.clone(), "garbage!".to_string())
                            } else {
                                (n.clone(), val.clone())
                            }
                        },
                    )
                    .collect();
                let malformed = v.verify(*scheme, garbled, v.body(), &secrets, now);
                assert!(
                    malformed == "malformed_header" || signature_failure(&file, malformed),
                    "{what}: malformed header gave {malformed}"
                );
            }

            if let (Some(tolerance), Some(ts)) = (&file.tolerance, v.timestamp) {
                let past = tolerance.past.expect("a past tolerance");
                let body = || v.body();
                let at = |now| v.verify(*scheme, v.headers.clone(), body(), &secrets, now);
                assert_eq!(at(ts + past + 1), "timestamp", "{what}: too old");
                assert_eq!(at(ts + past), "valid", "{what}: oldest allowed");
                let (future, expected) = match tolerance.future {
                    Some(f) => (ts - f - 1, "timestamp"),
                    None => (ts - 100_000, "valid"),
                };
                assert_eq!(at(future), expected, "{what}: from the future");
                let disabled = VerifyOptions { tolerance: Some(0), ..v.verify_opts(ts + 10 * past) };
                let method = v.method.as_deref().unwrap_or("POST");
                assert_eq!(
                    check(*scheme, method, v.headers.clone(), body(), &secrets, &disabled),
                    "valid",
                    "{what}: --tolerance 0"
                );
            }
        }
    }
}

/// A secret of the same format that is not the right one.
fn wrong_secret(secret: &str) -> Vec<u8> {
    if secret.starts_with("whsec_") {
        b"whsec_d3JvbmctYnV0LXdlbGwtZm9ybWVkLWtleS0xMjM0NTY=".to_vec()
    } else {
        format!("{secret}-wrong").into_bytes()
    }
}

#[test]
fn names_and_aliases_are_unique() {
    let mut seen = HashSet::new();
    for scheme in REGISTRY {
        for name in std::iter::once(scheme.name()).chain(scheme.aliases().iter().copied()) {
            assert!(seen.insert(name.to_ascii_lowercase()), "{name} is used twice");
            assert_eq!(scheme::find(name).map(|s| s.name()), Some(scheme.name()));
        }
    }
}

/// Signs the scheme's example body with its example secret; returns what a receiver sees.
fn sample(scheme: &dyn Scheme) -> (HeaderMap, Body, Vec<Secret>) {
    let signing = vec![Secret::new(scheme.example_secret(), "example")];
    let body = Body::Bytes(scheme.example_body().to_vec());
    let opts = SignOptions { url: Some(EXAMPLE_URL.into()), ..SignOptions::new(DEFAULT_NOW) };
    let signed = scheme.sign(&body, &signing, &opts).unwrap_or_else(|e| panic!("{}: {e}", scheme.name()));
    let verifying = match scheme.example_public_key() {
        Some(public) => vec![Secret::new(public, "example public key")],
        None => signing,
    };
    (HeaderMap(signed.headers), signed.body.map_or(body, Body::Bytes), verifying)
}

fn sample_verdict(scheme: &dyn Scheme, headers: &HeaderMap, body: &Body, secrets: &[Secret]) -> &'static str {
    let url = signed_url(scheme);
    let request = Request { method: "POST", headers, body };
    let opts = VerifyOptions { url: Some(url), ..VerifyOptions::new(DEFAULT_NOW) };
    verdict_kind(&scheme.verify(&request, secrets, &opts).unwrap())
}

/// The URL a receiver of the sample sees (Twilio appends bodySHA256 to JSON deliveries).
fn signed_url(scheme: &dyn Scheme) -> String {
    let body = Body::Bytes(scheme.example_body().to_vec());
    let opts = SignOptions { url: Some(EXAMPLE_URL.into()), ..SignOptions::new(DEFAULT_NOW) };
    let signing = [Secret::new(scheme.example_secret(), "example")];
    scheme.sign(&body, &signing, &opts).unwrap().url.unwrap_or_else(|| EXAMPLE_URL.into())
}

#[test]
fn every_scheme_round_trips_its_example() {
    for scheme in REGISTRY {
        let (headers, body, secrets) = sample(*scheme);
        assert_eq!(sample_verdict(*scheme, &headers, &body, &secrets), "valid", "{}", scheme.name());
    }
}

/// Auto-detection never names the wrong scheme: a scheme that recognises its own deliveries is
/// the only one to claim them, and a shape that belongs to a convention rather than a provider
/// (BakaiMarket's header, Pulse's optional layer) is claimed only by schemes that verify it alike.
#[test]
fn detect_never_claims_another_schemes_sample() {
    for scheme in REGISTRY {
        let (headers, body, secrets) = sample(*scheme);
        let claimants: Vec<&dyn Scheme> = scheme::detect(&headers, &body);
        if scheme.detect(&headers) || scheme.detect_in_body(body.as_bytes().unwrap()) {
            let names: Vec<_> = claimants.iter().map(|s| s.name()).collect();
            assert_eq!(names, vec![scheme.name()], "{}'s sample is claimed by {names:?}", scheme.name());
        } else {
            for other in claimants {
                let verdict = sample_verdict(other, &headers, &body, &secrets);
                assert_eq!(verdict, "valid", "{} claims {}'s sample but disagrees", other.name(), scheme.name());
            }
        }
    }
}

/// Every scheme that signs something recognisable is auto-detected from its own sample, by its
/// headers or (Mailgun) its body; only conventions and unsigned senders need `--provider`.
#[test]
fn detection_covers_every_identifiable_scheme() {
    let needs_provider = ["bakai", "pulse", "hmac"];
    for scheme in REGISTRY {
        let (headers, body, _) = sample(*scheme);
        if !needs_provider.contains(&scheme.name()) {
            let found: Vec<_> = scheme::detect(&headers, &body).iter().map(|s| s.name()).collect();
            assert_eq!(found, [scheme.name()], "{}'s own sample", scheme.name());
        }
    }
}

/// A body-signed sender is recognised only when all of its signature fields are there, and
/// never over a scheme that claims the headers.
#[test]
fn body_detection_needs_every_field_and_yields_to_headers() {
    let mailgun = scheme::find("mailgun").unwrap();
    let (_, body, _) = sample(mailgun);
    let bytes = body.as_bytes().unwrap().to_vec();
    assert!(mailgun.detect_in_body(&bytes));
    let form = b"timestamp=1700000000&token=abc&signature=00&recipient=a%40b.c";
    assert!(mailgun.detect_in_body(form), "a route forward's form fields");
    assert!(!mailgun.detect_in_body(b"timestamp=1700000000&signature=00"), "no token");
    assert!(!mailgun.detect_in_body(br#"{"signature":{"timestamp":"1","signature":"00"}}"#), "no token");
    let github = HeaderMap(vec![("X-Hub-Signature-256".into(), "sha256=00".into())]);
    let names: Vec<_> = scheme::detect(&github, &Body::Bytes(bytes)).iter().map(|s| s.name()).collect();
    assert_eq!(names, ["github"]);
}

/// Providers answer their own challenges, only for requests that verified.
#[test]
fn provider_replies_answer_challenges_only_when_valid() {
    let reply = |name: &str, headers: Vec<(String, String)>, body: &[u8], valid: bool| {
        let headers = HeaderMap(headers);
        let body = Body::Bytes(body.to_vec());
        scheme::find(name).unwrap().reply(&Request { method: "POST", headers: &headers, body: &body }, valid, &[])
    };
    let twitch_headers =
        vec![("Twitch-Eventsub-Message-Type".to_string(), "webhook_callback_verification".to_string())];
    let challenge =
        reply("twitch", twitch_headers.clone(), br#"{"challenge":"pogchamp-kappa-360noscope-vohiyo"}"#, true).unwrap();
    assert_eq!(
        (challenge.status, challenge.content_type, challenge.body.as_slice()),
        (200, "text/plain", &b"pogchamp-kappa-360noscope-vohiyo"[..])
    );
    assert!(
        reply("twitch", twitch_headers, br#"{"challenge":"x"}"#, false).is_none(),
        "never for an unverified request"
    );
    assert_eq!(reply("discord", vec![], br#"{"type":1}"#, true).unwrap().body, br#"{"type":1}"#);
    assert!(reply("discord", vec![], br#"{"type":2}"#, true).is_none());
    let contract = reply("bakai", vec![], br#"{"event_type":"x"}"#, true).unwrap();
    assert_eq!((contract.status, contract.handshake), (422, false));
    assert!(reply("github", vec![], b"{}", true).is_none());
}
