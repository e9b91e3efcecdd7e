//! The arguments of the verbs that sign, verify and send one request, and of the small ones
//! (`demo`, `events`, `secret`, `completions`, `man`, `doctor`). `listen`'s are in `listen.rs`;
//! those of the verbs that move captures about (`replay`, `relay`, `export`, `import`,
//! `capture`), in `captures.rs`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::shared::*;
use super::values::*;
use super::Provider;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignFormat {
    /// `Name: value` lines, in the provider's order
    Headers,
    /// One JSON object with the headers
    Json,
    /// A ready curl command that sends the exact bytes
    Curl,
    /// The raw HTTP/1.1 request (feed it to `whk verify --raw`)
    Http,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    #[command(flatten)]
    pub provider: ProviderChoice,

    #[command(flatten)]
    pub body: BodyArgs,

    #[command(flatten)]
    pub secrets: SecretArgs,

    /// Signing time as Unix seconds [default: now]
    #[arg(long, value_name = "UNIX", allow_negative_numbers = false)]
    pub timestamp: Option<i64>,

    /// Message / delivery id where the scheme has one [default: fresh]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Event name for schemes that send it in a header (GitHub, MediLab, Shopify topic)
    #[arg(long, value_name = "NAME")]
    pub event: Option<String>,

    /// Output shape
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = SignFormat::Headers)]
    pub format: SignFormat,

    /// The URL the provider posts to: signed by twilio, square and hubspot, and the target of
    /// --format curl/http [default: http://127.0.0.1:8000/webhook]
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// HTTP method for --format curl/http
    #[arg(long, value_name = "METHOD", default_value = "POST")]
    pub method: String,

    #[command(flatten)]
    pub hmac: HmacArgs,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub provider: ProviderChoice,

    /// A request header, 'Name: value' (repeat)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Read a raw HTTP/1.1 request (request line, headers, body) instead of -H and a body
    #[arg(long, conflicts_with_all = ["headers", "data"])]
    pub raw: bool,

    /// Check a capture saved by `whk listen --save-dir` (its provider unless -p says otherwise)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["headers", "data", "raw", "file"])]
    pub capture: Option<PathBuf>,

    #[command(flatten)]
    pub body: BodyArgs,

    #[command(flatten)]
    pub secrets: SecretArgs,

    /// Allowed timestamp age, as seconds or a duration (5m); 0 turns the check off [default: the provider's]
    #[arg(long, value_name = "DURATION", value_parser = parse_seconds)]
    pub tolerance: Option<u64>,

    /// Check as if it were this Unix time (reproducible checks of old captures)
    #[arg(long, value_name = "UNIX")]
    pub now: Option<i64>,

    /// The URL the provider posted to, for schemes that sign it (twilio, square, hubspot)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// The request's method, for schemes that sign it (hubspot); --raw reads it from the request
    #[arg(long, value_name = "METHOD", default_value = "POST", conflicts_with = "raw")]
    pub method: String,

    /// Treat an unsigned request as a failure (exit 1)
    #[arg(long)]
    pub require_signature: bool,

    /// On a mismatch, print the signature whk expected
    #[arg(long)]
    pub show_expected: bool,

    #[command(flatten)]
    pub hmac: HmacArgs,
}

#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Generate a fresh secret (or key pair) from the OS random source
    New(SecretNewArgs),
}

#[derive(Debug, Args)]
pub struct SecretNewArgs {
    /// Provider whose secret format to use
    #[arg(value_name = "PROVIDER", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: Provider,

    /// Write the secret to this file (mode 0600) instead of printing it; a key pair's public half goes to FILE.pub
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace an existing --out file
    #[arg(long, requires = "out")]
    pub force: bool,

    /// Standard Webhooks / Svix: an Ed25519 pair (whsk_/whpk_) for v1a instead of a whsec_ secret
    #[arg(long)]
    pub asymmetric: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RequestFormat {
    /// The raw HTTP/1.1 request
    Http,
    /// A curl command
    Curl,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// Where to send it (no scheme means http://: 127.0.0.1:3000/hook)
    #[arg(value_name = "URL", value_parser = parse_endpoint)]
    pub url: String,

    /// Provider whose scheme signs it
    #[arg(short, long, value_name = "PROVIDER", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: Provider,

    /// A built-in event (see `whk events PROVIDER`); its templates are filled per send
    #[arg(short, long, value_name = "NAME", conflicts_with_all = ["file", "data"])]
    pub event: Option<String>,

    /// Take --event NAME from this OpenAPI 3.1 spec's webhooks: its example, else a body made
    /// from its schema
    #[arg(long, value_name = "FILE", requires = "event")]
    pub spec: Option<PathBuf>,

    #[command(flatten)]
    pub body: BodyArgs,

    #[command(flatten)]
    pub secrets: SecretArgs,

    /// An extra request header, 'Name: value' (repeat)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Edit a JSON body before signing: a dotted path and a value (repeat)
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,

    /// Pulse's webhook_extra pairs, carried into the payload: key:value,key:value
    #[arg(long, value_name = "PAIRS")]
    pub extra: Option<String>,

    /// HTTP method
    #[arg(short = 'X', long, value_name = "METHOD", default_value = "POST")]
    pub method: String,

    /// Delivery id where the scheme has one [default: fresh, kept across retries]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Status that counts as success: 2xx, 200, 401, 4xx or a list (unmet: exit 1)
    #[arg(long, value_name = "STATUS", default_value = "2xx", value_parser = parse_expect)]
    pub expect: crate::delivery::Expect,

    /// Per-attempt timeout, e.g. 30s [default: 30s, or the sender's with --as-sender]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<std::time::Duration>,

    #[command(flatten)]
    pub retry: RetryArgs,

    /// Behave like the provider's sender: its retry schedule (the default for --retries and the
    /// waits), timeout and per-attempt headers
    #[arg(long)]
    pub as_sender: bool,

    /// Multiply every wait by this (0.001 runs a 4-minute schedule in a quarter second)
    #[arg(long, value_name = "FACTOR", default_value = "1")]
    pub time_scale: f64,

    /// Skip TLS certificate checks (test servers only)
    #[arg(long)]
    pub insecure: bool,

    /// Follow redirects (up to 10)
    #[arg(long)]
    pub follow: bool,

    /// Print the request instead of sending it
    #[arg(long)]
    pub dry_run: bool,

    /// Shape of --dry-run's output
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = RequestFormat::Http, requires = "dry_run")]
    pub format: RequestFormat,

    #[command(flatten)]
    pub hmac: HmacArgs,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Keep the captures in this directory (otherwise a temporary one, removed at the end)
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Only this provider's events
    #[arg(value_name = "PROVIDER", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: Option<Provider>,

    /// Print this event's body, as `whk send -e EVENT` would send it now
    #[arg(value_name = "EVENT", requires = "provider")]
    pub event: Option<String>,

    /// List the webhooks of this OpenAPI 3.1 spec (YAML or JSON) instead of the catalogue
    #[arg(long, value_name = "FILE", conflicts_with = "provider")]
    pub spec: Option<PathBuf>,

    /// With --spec: print this webhook's body, as `whk send --spec FILE -e NAME` would send it
    #[arg(short = 'e', long = "event", value_name = "NAME", requires = "spec")]
    pub webhook: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The verb whose page to print, e.g. `sign` or `secret new` [default: whk's own page]
    #[arg(value_name = "VERB", num_args = 0..)]
    pub verb: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The running receiver to examine (no scheme means http://; :3000 means localhost)
    #[arg(value_name = "URL", value_parser = parse_endpoint)]
    pub url: String,

    /// The provider whose deliveries it receives
    #[arg(short, long, value_name = "PROVIDER", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: Provider,

    #[command(flatten)]
    pub secrets: SecretArgs,

    /// The catalogue event the deliveries carry [default: the provider's first]
    #[arg(short, long, value_name = "NAME")]
    pub event: Option<String>,

    /// How long each delivery waits for its answer
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub timeout: std::time::Duration,

    /// Deliveries in flight at once after the baseline (1: a fragile receiver is not load-tested)
    #[arg(short = 'j', long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,

    /// Write a JUnit XML report (one testcase per variant)
    #[arg(long, value_name = "FILE")]
    pub report_junit: Option<PathBuf>,

    #[command(flatten)]
    pub hmac: HmacArgs,
}
