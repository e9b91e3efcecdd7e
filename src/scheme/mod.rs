//! Signature schemes: one small trait, one registry, and the shared machinery every provider
//! file builds on (HMAC over streamed pieces, encodings, constant-time comparison, `k=v` lists,
//! timestamp windows). A provider file only says *what* is signed and *where* it travels.

use std::borrow::Cow;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;

use crate::error::Error;
pub use crate::message::{Body, Header, HeaderMap, Request, PARSED_BODY_LIMIT};
use crate::secret::Secret;
pub use fields::*;
pub use mac::*;
pub use verdict::*;

pub mod bakai;
pub mod calendly;
pub mod convoy;
pub mod diagnose;
pub mod discord;
mod fields;
pub mod github;
pub mod gitlab;
pub mod hmac_generic;
pub mod hubspot;
pub mod intercom;
pub mod keys;
pub mod linear;
mod mac;
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
mod verdict;
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

    /// The answer to a probe the provider's own receiver serves beside its webhook path (a
    /// health check, metrics), for a GET of `path` on a listener serving this provider at
    /// `route`. Probes are never captured or counted as deliveries.
    fn probe(&self, _path: &str, _route: Option<&str>, _stats: &ReceiverStats) -> Option<Reply> {
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
    /// Where the provider still sends a deprecated signature beside the current one: the header
    /// of the current one, and what is left without it. `whk doctor` checks a receiver refuses
    /// a delivery signed only the old way.
    fn deprecated_signature(&self) -> Option<(&'static str, &'static str)> {
        None
    }
    /// Headers that carry the secret itself rather than a signature of it, which `whk export`
    /// redacts.
    fn secret_headers(&self) -> &'static [&'static str] {
        &[]
    }
    /// The id a delivery carries on every attempt, which tells a retry from a new delivery
    /// (`listen --audit-sender`). Without a header of the provider's own, a top-level `id` or
    /// `event_id` in a JSON body.
    fn delivery_id(&self, _headers: &HeaderMap, body: Option<&serde_json::Value>) -> Option<String> {
        ["id", "event_id"].iter().find_map(|field| body_field(body, field))
    }
    /// The header a retry says why the attempt before failed in, and the words it may use
    /// (pyannote.ai's `X-Retry-Reason`), for `listen --audit-sender` to check.
    fn retry_reason(&self) -> Option<(&'static str, &'static [&'static str])> {
        None
    }
    /// The event an OpenAPI webhook operation of this provider's arrives as, where the
    /// provider's spec says so in its own words (GitHub's `x-github` subcategory); `None` leaves
    /// it to the webhook's name.
    fn spec_event(&self, _operation: &serde_json::Value) -> Option<String> {
        None
    }
    /// Where the provider's sender counts attempts, for `listen --audit-sender` to check.
    fn attempt_counters(&self) -> &'static [AttemptCounter] {
        &[]
    }
    /// How the provider delivers — retries, schedule, timeout, redirects — where it documents
    /// it, for `send --as-sender`.
    fn sender(&self) -> Option<crate::sender::Sender> {
        None
    }

    /// The body of a retry (attempt `number`, 2 and up) as this provider's sender changes it
    /// before signing; `None` keeps it. Applies with `send --as-sender`.
    fn retry_body(&self, _body: &[u8], _number: u32) -> Result<Option<Vec<u8>>, Error> {
        Ok(None)
    }

    /// Headers this provider's sender adds to a retry after signing; `reason` says why the
    /// attempt before failed, in pyannote.ai's words (`http_error`, `http_timeout`, `connection_failed`…).
    fn retry_headers(&self, _number: u32, _reason: &str) -> Vec<Header> {
        Vec::new()
    }
}

/// Looks a scheme up by name or alias, case-insensitively.
pub fn find(name: &str) -> Option<&'static dyn Scheme> {
    REGISTRY
        .iter()
        .copied()
        .find(|s| s.name().eq_ignore_ascii_case(name) || s.aliases().iter().any(|a| a.eq_ignore_ascii_case(name)))
}

/// The secrets meant for `scheme`: those named for it (`--secret-env pyannote=VAR`), or, when
/// none is, those named for no provider. One replay run can so carry a secret per provider.
pub fn secrets_for(scheme: &dyn Scheme, secrets: &[Secret]) -> Vec<Secret> {
    let named = |s: &&Secret| s.provider().and_then(find).is_some_and(|p| p.name() == scheme.name());
    let own: Vec<Secret> = secrets.iter().filter(named).cloned().collect();
    if !own.is_empty() {
        return own;
    }
    secrets.iter().filter(|s| s.provider().is_none()).cloned().collect()
}

/// A secret named for a provider whk does not know is a usage error, not a silent no-op.
pub fn check_secret_providers(secrets: &[Secret]) -> Result<(), Error> {
    match secrets.iter().filter_map(Secret::provider).find(|name| find(name).is_none()) {
        Some(name) => Err(Error::usage(format!("--secret-env {name}=… names no provider whk knows"))
            .hint("write PROVIDER=VAR with a name from `whk providers`")),
        None => Ok(()),
    }
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

/// What a listener has received so far, for probes that report it (`Scheme::probe`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReceiverStats {
    pub received: u64,
    pub valid: u64,
    pub invalid: u64,
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
    /// `--algorithm` as given; `None` is the scheme's own choice ([`HmacParams::hash`] for the
    /// generic scheme, HMAC-SHA1 for Twilio, whose shared-key mode `sha256` asks for).
    pub algorithm: Option<Algorithm>,
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
            algorithm: None,
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

    /// The generic scheme's hash: `--algorithm`, or SHA-256.
    pub fn hash(&self) -> Algorithm {
        self.algorithm.unwrap_or(Algorithm::Sha256)
    }

    pub fn prefix(&self) -> String {
        self.prefix.clone().unwrap_or_else(|| format!("{}=", self.hash().name()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
