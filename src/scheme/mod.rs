//! Signature schemes: one small trait, one registry, and the shared machinery every provider
//! file builds on (HMAC over streamed pieces, encodings, constant-time comparison, `k=v` lists,
//! timestamp windows). A provider file only says *what* is signed and *where* it travels.

use std::borrow::Cow;
use std::io::{Read, Seek};
use std::path::PathBuf;
use std::sync::Arc;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use hmac::{Hmac, Mac};
use subtle::ConstantTimeEq;

use crate::error::Error;
use crate::secret::Secret;

pub mod bakai;
pub mod calendly;
pub mod convoy;
pub mod diagnose;
pub mod discord;
pub mod github;
pub mod gitlab;
pub mod hmac_generic;
pub mod hubspot;
pub mod intercom;
pub mod keys;
pub mod linear;
pub mod mailgun;
pub mod medilab;
pub mod novofon;
pub mod paddle;
pub mod pulse;
pub mod pyannote;
pub mod sendgrid;
pub mod shopify;
pub mod slack;
pub mod square;
pub mod standard_webhooks;
pub mod stripe;
pub mod svix;
pub mod twilio;
pub mod twitch;
pub mod typeform;
pub mod zoom;

/// Every scheme whk knows. CLI values, completions, auto-detection and the test sweeps all
/// follow from this list: adding a provider is one file and one line here.
pub static REGISTRY: &[&dyn Scheme] = &[
    &pyannote::Pyannote,
    &novofon::Novofon,
    &medilab::Medilab,
    &pulse::Pulse,
    &bakai::Bakai,
    &hmac_generic::Generic,
    &github::GitHub,
    &stripe::Stripe,
    &standard_webhooks::STANDARD_WEBHOOKS,
    &svix::SVIX,
    &slack::Slack,
    &shopify::Shopify,
    &twilio::Twilio,
    &paddle::Paddle,
    &square::Square,
    &discord::Discord,
    &zoom::Zoom,
    &mailgun::Mailgun,
    &linear::Linear,
    &intercom::Intercom,
    &typeform::Typeform,
    &hubspot::HubSpot,
    &gitlab::GitLab,
    &sendgrid::SendGrid,
    &twitch::Twitch,
    &calendly::Calendly,
    &convoy::Convoy,
];

pub trait Scheme: Sync {
    /// The canonical name used on the command line and in fixtures.
    fn name(&self) -> &'static str;
    fn aliases(&self) -> &'static [&'static str] {
        &[]
    }
    /// One line for `--help`, `whk providers` and the README table.
    fn summary(&self) -> &'static str;
    /// A secret in the provider's format, for examples and tests; never a real one.
    fn example_secret(&self) -> &'static str;
    /// The verification key matching `example_secret`, where the scheme signs with a private key.
    fn example_public_key(&self) -> Option<&'static str> {
        None
    }
    /// Whether a delivery carries a timestamp or id that goes stale, so `replay` re-signs it
    /// (with a secret) rather than resending the captured bytes and headers exactly.
    fn signs_time_or_id(&self) -> bool {
        true
    }
    /// A new delivery id in the provider's shape; `send` keeps one across a delivery's retries,
    /// as receivers deduplicate on it.
    fn fresh_id(&self) -> String {
        fresh_uuid()
    }
    /// The kind of secret `whk secret new` makes for this provider.
    fn secret_kind(&self) -> SecretKind {
        SecretKind::Hex32
    }
    /// A body shaped like the provider's deliveries, for examples and the registry sweep.
    fn example_body(&self) -> &'static [u8] {
        r#"{"id":"evt_1","type":"test.event","data":{"name":"Привет 👋"}}"#.as_bytes()
    }
    /// False where the provider signs only when a secret is configured (unsigned otherwise).
    fn needs_secret(&self) -> bool {
        true
    }
    /// Where the signature travels, what is signed, the secret's format and the age rule.
    fn info(&self) -> Info;
    /// The headers the provider sends with `body`, in the provider's order.
    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error>;
    /// A verdict on `request`; `Err` only for bad input on whk's side (a malformed secret).
    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error>;
    /// What a receiver must answer where the provider's protocol dictates it: a verification
    /// challenge, or a documented answer contract. `None` leaves the answer to the listener.
    fn reply(&self, _request: &Request, _valid: bool, _secrets: &[Secret]) -> Option<Reply> {
        None
    }
    /// Whether `headers` look like this provider's delivery.
    fn detect(&self, headers: &HeaderMap) -> bool;
    /// Whether `body` carries this provider's signature, for the few that sign in the body
    /// (Mailgun); asked only when no scheme claims the headers.
    fn detect_in_body(&self, _body: &[u8]) -> bool {
        false
    }
    /// The headers naming a delivery's event type, where the provider sends one (the listener
    /// shows it; without one, it looks in the body).
    fn event_headers(&self) -> &'static [&'static str] {
        &[]
    }
    /// How the provider delivers — retries, schedule, timeout, redirects — where it documents
    /// it, for `send --as-sender`.
    fn sender(&self) -> Option<crate::delivery::Sender> {
        None
    }
}

/// Looks a scheme up by name or alias, case-insensitively.
pub fn find(name: &str) -> Option<&'static dyn Scheme> {
    REGISTRY
        .iter()
        .copied()
        .find(|s| s.name().eq_ignore_ascii_case(name) || s.aliases().iter().any(|a| a.eq_ignore_ascii_case(name)))
}

/// Bodies larger than this are not read to look for a signature inside them.
const DETECT_BODY_LIMIT: u64 = 16 << 20;

/// Every scheme that claims this request, by its headers or, when none does, by a signature in
/// its body; more than one means the caller must ask the user.
pub fn detect(headers: &HeaderMap, body: &Body) -> Vec<&'static dyn Scheme> {
    let by_headers: Vec<_> = REGISTRY.iter().copied().filter(|s| s.detect(headers)).collect();
    if !by_headers.is_empty() {
        return by_headers;
    }
    match body.load(DETECT_BODY_LIMIT) {
        Ok(Some(bytes)) => REGISTRY.iter().copied().filter(|s| s.detect_in_body(&bytes)).collect(),
        _ => Vec::new(),
    }
}

/// What `whk providers` and the README table say about a scheme.
#[derive(Debug, Clone, Copy)]
pub struct Info {
    /// The headers (or body fields) the signature travels in, as sent.
    pub headers: &'static str,
    /// The signed message, e.g. `{t}.{body}`, and the algorithm.
    pub signed: &'static str,
    /// The key material and how it becomes key bytes.
    pub secret: &'static str,
    /// The age rule verification applies by default.
    pub tolerance: &'static str,
}

/// The shape of a provider's secret, for `whk secret new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// 32 random bytes as 64 hex characters (`openssl rand -hex 32`, as BakaiMarket makes them).
    Hex32,
    /// A fixed prefix then random hex: `whs_` (pyannote.ai).
    PrefixedHex(&'static str, usize),
    /// A prefix then random alphanumerics: `whsec_` (Stripe), `pdl_ntfset_` (Paddle).
    PrefixedAlphanumeric(&'static str, usize),
    /// `whsec_` + base64 of 32 random bytes (Standard Webhooks, Svix); with `--asymmetric`, an
    /// Ed25519 pair as `whsk_`/`whpk_`.
    Whsec,
    /// An Ed25519 key pair, hex (Discord).
    Ed25519,
    /// An ECDSA P-256 key pair, base64 DER (SendGrid).
    P256,
}

/// A receiver's answer from the provider's protocol (`Scheme::reply`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// A challenge the endpoint must answer itself (Slack, Zoom), even when `whk listen`
    /// forwards; a contract (BakaiMarket's statuses) gives way to a forwarded app's answer.
    pub handshake: bool,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value, handshake: bool) -> Reply {
        Reply { status, content_type: "application/json", body: body.to_string().into_bytes(), handshake }
    }
}

/// A JSON object in an in-memory body, for providers whose protocol reads the payload.
pub fn json_body(request: &Request) -> Option<serde_json::Value> {
    serde_json::from_slice(request.body.as_bytes()?).ok()
}

/// What signing produced: the headers, and where the provider's scheme changes them, the URL
/// (Twilio's `bodySHA256`) or the body (Mailgun's in-body signature) to send instead.
#[derive(Debug, Clone, Default)]
pub struct Signed {
    pub headers: Vec<Header>,
    pub url: Option<String>,
    pub body: Option<Vec<u8>>,
}

impl From<Vec<Header>> for Signed {
    fn from(headers: Vec<Header>) -> Self {
        Signed { headers, url: None, body: None }
    }
}

// ---------------------------------------------------------------------------------------------
// Requests

pub type Header = (String, String);

/// Headers in arrival order, duplicates kept; lookups ignore case as HTTP does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderMap(pub Vec<Header>);

impl HeaderMap {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    pub fn iter(&self) -> impl Iterator<Item = &Header> {
        self.0.iter()
    }
}

impl From<Vec<Header>> for HeaderMap {
    fn from(headers: Vec<Header>) -> Self {
        HeaderMap(headers)
    }
}

/// The body to sign or verify: bytes in memory, or a file streamed in chunks so that a 1 GiB
/// body signs with bounded memory.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Vec<u8>),
    File(PathBuf),
    /// A body piped in and spooled to an unnamed temporary file, gone when whk exits.
    Spooled(Arc<std::fs::File>),
}

const CHUNK: usize = 256 * 1024;

impl Body {
    /// Feeds the body to `sink` in order, without holding a file in memory.
    pub fn each_chunk(&self, sink: &mut dyn FnMut(&[u8])) -> Result<(), Error> {
        match self {
            Body::Bytes(bytes) => {
                sink(bytes);
                Ok(())
            }
            Body::File(path) => {
                let what = format!("body file {}", path.display());
                let file = std::fs::File::open(path).map_err(|e| Error::unreadable(&what, &e))?;
                stream(file, sink).map_err(|e| Error::unreadable(&what, &e))
            }
            Body::Spooled(file) => {
                let mut file: &std::fs::File = file;
                file.seek(std::io::SeekFrom::Start(0))
                    .and_then(|_| stream(file, sink))
                    .map_err(|e| Error::unreadable("the body spooled from stdin", &e))
            }
        }
    }

    /// The whole body in memory, for schemes that must parse it (form fields, JSON) or for
    /// diagnosis; `None` when a file is larger than `limit`.
    pub fn load(&self, limit: u64) -> Result<Option<Cow<'_, [u8]>>, Error> {
        match self {
            Body::Bytes(bytes) => Ok(Some(Cow::Borrowed(bytes))),
            Body::File(path) => {
                let what = format!("body file {}", path.display());
                let meta = std::fs::metadata(path).map_err(|e| Error::unreadable(&what, &e))?;
                if meta.len() > limit {
                    return Ok(None);
                }
                std::fs::read(path).map(|b| Some(Cow::Owned(b))).map_err(|e| Error::unreadable(&what, &e))
            }
            Body::Spooled(file) => {
                let what = "the body spooled from stdin";
                let len = file.metadata().map_err(|e| Error::unreadable(what, &e))?.len();
                if len > limit {
                    return Ok(None);
                }
                let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
                self.each_chunk(&mut |chunk| bytes.extend_from_slice(chunk))?;
                Ok(Some(Cow::Owned(bytes)))
            }
        }
    }

    /// The bytes of an in-memory body (what a server received); `None` for a file.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Body::Bytes(bytes) => Some(bytes),
            Body::File(_) | Body::Spooled(_) => None,
        }
    }

    /// As [`Body::load`] for a scheme that cannot work without the parsed body.
    pub fn require(&self, provider: &str) -> Result<Cow<'_, [u8]>, Error> {
        self.load(PARSED_BODY_LIMIT)?.ok_or_else(|| {
            Error::bad_input(format!(
                "the body is larger than {} MiB, too large for {provider}, which parses it",
                PARSED_BODY_LIMIT >> 20
            ))
        })
    }
}

/// Reads `source` to its end in chunks, never holding more than one.
fn stream(mut source: impl Read, sink: &mut dyn FnMut(&[u8])) -> std::io::Result<()> {
    let mut buf = vec![0u8; CHUNK];
    loop {
        match source.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => sink(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Providers that parse the body (form posts, JSON envelopes) send far less than this.
pub const PARSED_BODY_LIMIT: u64 = 64 << 20;

/// What a verifier sees of one HTTP request.
pub struct Request<'a> {
    pub method: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a Body,
}

// ---------------------------------------------------------------------------------------------
// Options

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
}

impl Algorithm {
    pub const ALL: [Algorithm; 3] = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512];

    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }

    pub fn digest_len(self) -> usize {
        match self {
            Algorithm::Sha1 => 20,
            Algorithm::Sha256 => 32,
            Algorithm::Sha512 => 64,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Hex,
    Base64,
    /// Base64 of the lowercase hex *text* (Novofon, following PHP's `hash_hmac`).
    Base64OfHex,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Hex => "hex",
            Encoding::Base64 => "base64",
            Encoding::Base64OfHex => "base64-of-hex",
        }
    }

    pub fn encode(self, mac: &[u8]) -> String {
        match self {
            Encoding::Hex => hex::encode(mac),
            Encoding::Base64 => STANDARD.encode(mac),
            Encoding::Base64OfHex => STANDARD.encode(hex::encode(mac)),
        }
    }

    /// Decodes a signature as sent. Hex must be lowercase, as every provider sends it and
    /// every SDK compares it.
    pub fn decode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            Encoding::Hex if text.bytes().any(|b| b.is_ascii_uppercase()) => None,
            Encoding::Hex => hex::decode(text).ok(),
            Encoding::Base64 => decode_base64(text),
            Encoding::Base64OfHex => {
                let hex_text = decode_base64(text)?;
                Encoding::Hex.decode(std::str::from_utf8(&hex_text).ok()?)
            }
        }
    }
}

const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Standard base64, padding optional (Standard Webhooks' Python library pads secrets itself).
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    LENIENT_BASE64.decode(text.trim()).ok()
}

pub fn encode_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// How a provider turns the secret it shows into HMAC key bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    /// The secret's bytes as given, prefix and all (Stripe keeps `whsec_`).
    Raw,
    /// Strip an optional `whsec_` prefix, then base64-decode (Standard Webhooks, Svix).
    Whsec,
}

impl KeyFormat {
    pub fn derive<'a>(self, secret: &'a Secret) -> Result<Cow<'a, [u8]>, Error> {
        match self {
            KeyFormat::Raw => Ok(Cow::Borrowed(secret.expose())),
            KeyFormat::Whsec => whsec_key(secret.expose()).map(Cow::Owned).ok_or_else(|| {
                Error::bad_input(format!(
                    "the secret from {} is not a whsec_ key (whsec_ followed by base64)",
                    secret.source()
                ))
                .hint("copy the signing secret exactly as the dashboard shows it, e.g. whsec_MfKQ9r8G…")
            }),
        }
    }
}

pub fn whsec_key(secret: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(secret).ok()?;
    decode_base64(text.strip_prefix("whsec_").unwrap_or(text)).filter(|k| !k.is_empty())
}

/// Options for `sign`, already validated.
#[derive(Debug, Clone)]
pub struct SignOptions {
    pub timestamp: i64,
    pub id: Option<String>,
    /// Overrides the provider's signature encoding where it has a choice (pyannote).
    pub encoding: Option<Encoding>,
    /// The URL the provider posts to, for schemes that sign it (Twilio, Square, HubSpot).
    pub url: Option<String>,
    pub method: String,
    pub event: Option<String>,
    pub hmac: HmacParams,
}

impl SignOptions {
    pub fn new(timestamp: i64) -> Self {
        SignOptions {
            timestamp,
            id: None,
            encoding: None,
            url: None,
            method: "POST".into(),
            event: None,
            hmac: HmacParams::default(),
        }
    }

    /// The id the caller fixed, or a fresh one shaped as `make` says.
    pub fn id_or(&self, make: impl FnOnce() -> String) -> String {
        self.id.clone().unwrap_or_else(make)
    }
}

/// Options for `verify`, already validated.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    pub now: i64,
    /// Seconds; `Some(0)` switches the age check off, `None` keeps the provider's rule.
    pub tolerance: Option<u64>,
    pub url: Option<String>,
    pub hmac: HmacParams,
}

impl VerifyOptions {
    pub fn new(now: i64) -> Self {
        VerifyOptions { now, tolerance: None, url: None, hmac: HmacParams::default() }
    }
}

/// The generic HMAC scheme's shape, also used by Pulse's optional layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HmacParams {
    pub header: String,
    /// `None` means `{algorithm}=`, e.g. `sha256=`.
    pub prefix: Option<String>,
    pub algorithm: Algorithm,
    pub encoding: Encoding,
    /// What is signed, with `{ts}`, `{id}` and `{body}` placeholders; `None` is the scheme's
    /// default (`{body}` for the generic scheme, advanced mode for Convoy).
    pub template: Option<String>,
    pub timestamp_header: String,
    pub id_header: String,
}

impl Default for HmacParams {
    fn default() -> Self {
        HmacParams {
            header: "X-Webhook-Signature".into(),
            prefix: None,
            algorithm: Algorithm::Sha256,
            encoding: Encoding::Hex,
            template: None,
            timestamp_header: "X-Webhook-Timestamp".into(),
            id_header: "X-Webhook-ID".into(),
        }
    }
}

impl HmacParams {
    pub fn template(&self) -> &str {
        self.template.as_deref().unwrap_or("{body}")
    }

    pub fn prefix(&self) -> String {
        self.prefix.clone().unwrap_or_else(|| format!("{}=", self.algorithm.name()))
    }
}

// ---------------------------------------------------------------------------------------------
// Verdicts

#[derive(Debug)]
pub enum Verdict {
    Valid(Valid),
    /// The request carries no signature and the provider does not always sign.
    Unsigned(String),
    Invalid(Mismatch),
}

#[derive(Debug)]
pub struct Valid {
    /// Index into the secrets given, so rotation can report which one matched.
    pub secret: usize,
    /// Anything worth saying about how it matched ("base64 signature", "legacy header").
    pub note: Option<String>,
}

/// Which part of the request failed, in words a user can act on.
#[derive(Debug)]
pub enum Mismatch {
    MissingHeader {
        header: String,
        note: Option<String>,
    },
    MalformedHeader {
        header: String,
        reason: String,
    },
    Timestamp {
        timestamp: i64,
        now: i64,
        tolerance: u64,
    },
    Digest(Box<DigestMismatch>),
    /// An asymmetric signature (Ed25519, ECDSA) that does not verify with any public key given.
    Signature {
        header: String,
    },
    Rejected(String),
}

/// Enough to recompute the signature, so `diagnose` can try the usual mistakes.
#[derive(Debug)]
pub struct DigestMismatch {
    pub header: String,
    pub recipe: Recipe,
    /// Signature values as sent, without their prefix.
    pub provided: Vec<String>,
    pub encoding: Encoding,
    /// What precedes the encoded signature in the header (`sha256=`, `v1,`), for `--show-expected`.
    pub prefix: String,
}

impl Mismatch {
    pub fn kind(&self) -> &'static str {
        match self {
            Mismatch::MissingHeader { .. } => "missing_header",
            Mismatch::MalformedHeader { .. } => "malformed_header",
            Mismatch::Timestamp { .. } => "timestamp",
            Mismatch::Digest(_) => "digest",
            Mismatch::Signature { .. } => "signature",
            Mismatch::Rejected(_) => "rejected",
        }
    }

    pub fn missing(header: &str) -> Verdict {
        Verdict::Invalid(Mismatch::MissingHeader { header: header.to_string(), note: None })
    }

    pub fn malformed(header: &str, reason: impl Into<String>) -> Verdict {
        Verdict::Invalid(Mismatch::MalformedHeader { header: header.to_string(), reason: reason.into() })
    }
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::MissingHeader { header, note } => {
                write!(f, "missing header {header}")?;
                note.as_ref().map_or(Ok(()), |n| write!(f, " ({n})"))
            }
            Mismatch::MalformedHeader { header, reason } => {
                write!(f, "malformed {header} header: {reason}")
            }
            Mismatch::Timestamp { timestamp, now, tolerance } => {
                let skew = now - timestamp;
                let (amount, way) = if skew >= 0 { (skew, "in the past") } else { (-skew, "in the future") };
                write!(f, "timestamp {timestamp} is {amount}s {way}, outside the {tolerance}s tolerance (now {now})")
            }
            Mismatch::Digest(d) => {
                write!(f, "signature in {} does not match the body", d.header)
            }
            Mismatch::Signature { header } => {
                write!(f, "signature in {header} does not verify with the public key")
            }
            Mismatch::Rejected(reason) => f.write_str(reason),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// HMAC

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
/// the page cache makes the second read nearly free.
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

// ---------------------------------------------------------------------------------------------
// Header values and timestamps

/// Splits `k=v<sep>k=v` (Stripe's `t=…,v1=…`, Paddle's `ts=…;h1=…`), trimming spaces and
/// skipping items without `=`, as the SDKs do.
pub fn parse_pairs(text: &str, sep: char) -> Vec<(&str, &str)> {
    text.split(sep).filter_map(|item| item.split_once('=')).map(|(k, v)| (k.trim(), v.trim())).collect()
}

/// A `k=v` list header carrying a timestamp and one or more signatures: Stripe's
/// `t=…,v1=…`, Paddle's `ts=…;h1=…`, Calendly's and Convoy's.
pub struct PairList {
    pub header: &'static str,
    pub separator: char,
    pub timestamp_key: &'static str,
    pub signature_key: &'static str,
    /// Keys other than these two make the header malformed (Paddle's parser raises on them).
    pub strict: bool,
    /// Check the age before the signature, as the provider's SDK does.
    pub time_first: bool,
    /// The provider's age rule, before `--tolerance`.
    pub window: Window,
    pub encoding: Encoding,
}

impl PairList {
    /// `t=<ts>,v1=<sig>[,v1=<sig>…]` for the signatures given, in order.
    pub fn format(&self, timestamp: i64, signatures: &[String]) -> String {
        let mut value = format!("{}={timestamp}", self.timestamp_key);
        for signature in signatures {
            value.push(self.separator);
            value.push_str(&format!("{}={signature}", self.signature_key));
        }
        value
    }

    /// Verifies the list: `recipe` builds the signed message from the timestamp text.
    pub fn verify(
        &self,
        provider: &str,
        request: &Request,
        secrets: &[Secret],
        opts: &VerifyOptions,
        recipe: impl Fn(&str) -> Recipe,
    ) -> Result<Verdict, Error> {
        let Some(value) = request.headers.get(self.header) else {
            return Ok(Mismatch::missing(self.header));
        };
        let pairs = parse_pairs(value, self.separator);
        let unknown = |k: &&str| *k != self.timestamp_key && *k != self.signature_key;
        if let Some((key, _)) = pairs.iter().find(|(k, _)| self.strict && unknown(k)) {
            return Ok(Mismatch::malformed(self.header, format!("unknown element {}", crate::output::quoted(key))));
        }
        let Some(ts) = pairs.iter().find(|(k, _)| *k == self.timestamp_key).map(|(_, v)| *v) else {
            return Ok(Mismatch::malformed(self.header, format!("no {}=<timestamp> element", self.timestamp_key)));
        };
        let timestamp = match parse_unix(self.header, ts) {
            Ok(t) => t,
            Err(verdict) => return Ok(verdict),
        };
        let provided: Vec<String> =
            pairs.iter().filter(|(k, _)| *k == self.signature_key).map(|(_, v)| v.to_string()).collect();
        if provided.is_empty() {
            return Ok(Mismatch::malformed(self.header, format!("no {}=<signature> element", self.signature_key)));
        }
        let stale = self.window.with_override(opts.tolerance).check(timestamp, opts.now);
        if self.time_first {
            if let Some(mismatch) = stale {
                return Ok(Verdict::Invalid(mismatch));
            }
        }
        require_secrets(provider, secrets)?;
        let prefix = format!("{}=", self.signature_key);
        let accepted = [self.encoding];
        let check =
            DigestCheck { header: self.header, recipe: recipe(ts), provided, accepted: &accepted, prefix: &prefix };
        match check.run(secrets, request.body)? {
            Verdict::Valid(valid) => Ok(stale.map_or(Verdict::Valid(valid), Verdict::Invalid)),
            other => Ok(other),
        }
    }
}

/// A provider's rule for how old (or new) a signed timestamp may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Unchecked,
    /// Reject only timestamps older than this (Stripe's SDKs let future ones pass).
    Past(u64),
    /// Reject timestamps this far either way.
    Both(u64),
}

impl Window {
    /// `--tolerance` keeps the provider's direction but sets the size; 0 switches it off.
    pub fn with_override(self, tolerance: Option<u64>) -> Window {
        match (self, tolerance) {
            (_, Some(0)) => Window::Unchecked,
            (Window::Past(_), Some(t)) => Window::Past(t),
            (_, Some(t)) => Window::Both(t),
            (window, None) => window,
        }
    }

    pub fn check(self, timestamp: i64, now: i64) -> Option<Mismatch> {
        self.outside(now.saturating_sub(timestamp), 1).then(|| self.mismatch(timestamp, now))
    }

    /// As [`Window::check`] for a timestamp in milliseconds, compared in milliseconds as the
    /// SDKs that send them (HubSpot, Linear) do.
    pub fn check_millis(self, millis: i64, now: i64) -> Option<Mismatch> {
        let skew = now.saturating_mul(1000).saturating_sub(millis);
        self.outside(skew, 1000).then(|| self.mismatch(millis.div_euclid(1000), now))
    }

    fn outside(self, skew: i64, unit: u64) -> bool {
        match self {
            Window::Unchecked => false,
            Window::Past(t) => skew > t.saturating_mul(unit) as i64,
            Window::Both(t) => skew.unsigned_abs() > t.saturating_mul(unit),
        }
    }

    fn mismatch(self, timestamp: i64, now: i64) -> Mismatch {
        let tolerance = match self {
            Window::Past(t) | Window::Both(t) => t,
            Window::Unchecked => 0,
        };
        Mismatch::Timestamp { timestamp, now, tolerance }
    }
}

/// Parses a Unix-seconds header value; the verdict for anything else is "malformed".
pub fn parse_unix(header: &str, value: &str) -> Result<i64, Verdict> {
    value.trim().parse::<i64>().map_err(|_| {
        Mismatch::malformed(header, format!("{} is not a Unix timestamp in seconds", crate::output::quoted(value)))
    })
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

pub fn fresh_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// RFC 3339 UTC with seconds, e.g. `2024-01-15T10:30:05Z`.
pub fn rfc3339(unix: i64) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix.max(0) as u64);
    humantime::format_rfc3339_seconds(t).to_string()
}

/// The values of top-level JSON string or number fields, parsing the body once — for schemes
/// whose headers repeat envelope fields (MediLab's event, id and attempt).
pub fn json_fields<const N: usize>(body: &Body, fields: [&str; N]) -> [Option<String>; N] {
    let value: Option<serde_json::Value> =
        body.load(PARSED_BODY_LIMIT).ok().flatten().and_then(|bytes| serde_json::from_slice(&bytes).ok());
    fields.map(|field| match value.as_ref()?.get(field)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

pub fn json_field(body: &Body, field: &str) -> Option<String> {
    let [value] = json_fields(body, [field]);
    value
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

    #[test]
    fn windows_check_direction_and_size() {
        assert!(Window::Past(300).check(1000, 1300).is_none());
        assert!(Window::Past(300).check(1000, 1301).is_some());
        assert!(Window::Past(300).check(1000, 0).is_none(), "future passes");
        assert!(Window::Both(5).check(1000, 994).is_some());
        assert!(Window::Both(60).check_millis(1_000_000, 1060).is_none());
        assert!(Window::Both(60).check_millis(999_999, 1060).is_some());
        assert_eq!(Window::Past(300).with_override(Some(0)), Window::Unchecked);
        assert_eq!(Window::Unchecked.with_override(Some(10)), Window::Both(10));
    }

    #[test]
    fn pairs_skip_items_without_equals() {
        assert_eq!(parse_pairs("t=1, v1=a,junk,v1=b", ','), vec![("t", "1"), ("v1", "a"), ("v1", "b")]);
    }
}
