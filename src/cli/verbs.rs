//! Each verb's own arguments.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand, ValueEnum};

use super::shared::*;
use super::values::*;
use super::Provider;
use crate::bridge::sniff::Format;

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
pub struct ListenArgs {
    /// The settings given on the command line or in the environment (see [`parse`]).
    #[arg(skip)]
    pub given: Vec<String>,

    /// Port to listen on; 0 picks a free one
    #[arg(long, value_name = "PORT", default_value_t = 8000)]
    pub port: u16,

    /// Address to bind; anything but loopback is warned about
    #[arg(long, value_name = "HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// Provider for requests no --route claims [default: detected from each request's headers]
    #[arg(short, long, value_name = "PROVIDER", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: Option<Provider>,

    #[command(flatten)]
    pub secrets: SecretArgs,

    /// A path with its own provider and secret: PATH=PROVIDER[:env:VAR|:file:PATH] (repeat)
    #[arg(long = "route", value_name = "ROUTE")]
    pub routes: Vec<String>,

    /// Write every request as a capture file here (see README, 'Capture format')
    #[arg(long, value_name = "DIR")]
    pub save_dir: Option<PathBuf>,

    /// Bring the internet in through a tunnel client on the PATH: cloudflared, ngrok, tailscale,
    /// or ssh:USER@HOST[:PORT]; its public URL is used as --public-url
    #[arg(long, value_name = "KIND", conflicts_with_all = ["public_url", "trust_forwarded"], help_heading = "Tunnel")]
    pub tunnel: Option<String>,

    /// An extra argument for the tunnel client, e.g. --tunnel-arg=-i --tunnel-arg=KEY (repeat)
    #[arg(
        long = "tunnel-arg",
        value_name = "ARG",
        allow_hyphen_values = true,
        requires = "tunnel",
        help_heading = "Tunnel"
    )]
    pub tunnel_args: Vec<String>,

    /// Start the tunnel client again when it exits, instead of stopping with exit 4
    #[arg(long, requires = "tunnel", help_heading = "Tunnel")]
    pub tunnel_restart: bool,

    /// Publish every capture to a NATS JetStream stream: nats://HOST:PORT/SUBJECT
    #[arg(long, value_name = "URL", help_heading = "Team relay (NATS JetStream)")]
    pub publish: Option<String>,

    /// The JetStream stream [default: WHK_ and the subject]
    #[arg(long, value_name = "NAME", help_heading = "Team relay (NATS JetStream)")]
    pub stream: Option<String>,

    /// NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)
    #[arg(long, value_name = "FILE", help_heading = "Team relay (NATS JetStream)")]
    pub nats_creds: Option<PathBuf>,

    /// Audit a sender against PROVIDER's contract: answer 500,500,200 (or --respond) and judge
    /// the retries; a report card at the end, exit 1 if a rule was broken
    #[arg(long, value_name = "PROVIDER", value_parser = ProviderParser, hide_possible_values = true, help_heading = "Sender audit")]
    pub audit_sender: Option<Provider>,

    /// The sender's waits are its schedule times this (a sender run with --time-scale)
    #[arg(long, value_name = "X", default_value_t = 1.0, requires = "audit_sender", help_heading = "Sender audit")]
    pub time_scale: f64,

    /// Serve a web inspector at /_whk/ui: live list, detail, edit-and-replay (loopback only)
    #[arg(long)]
    pub ui: bool,

    /// How long the inspector waits for a replay's target to answer
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration, hide_short_help = true)]
    pub replay_timeout: std::time::Duration,

    /// The public base URL senders use (a tunnel's), for schemes that sign the URL (Twilio,
    /// Square, HubSpot): they verify against it plus the request's path and query
    #[arg(long, value_name = "URL", value_parser = parse_endpoint)]
    pub public_url: Option<String>,

    /// Rebuild the URL senders used from X-Forwarded-Proto and X-Forwarded-Host (behind a proxy
    /// you trust)
    #[arg(long, conflicts_with = "public_url")]
    pub trust_forwarded: bool,

    /// Pass each request on to your app and answer with its response (localhost:3000 will do)
    #[arg(long, value_name = "URL", value_parser = parse_endpoint)]
    pub forward_to: Option<String>,

    /// Scripted answers: 500,503x3,200@2s,drop; PATH=SPEC for one route (repeat)
    #[arg(long = "respond", value_name = "SPEC")]
    pub respond: Vec<String>,

    /// Status for an invalid signature (and an unsigned request on a route with a secret)
    #[arg(long, value_name = "STATUS", default_value_t = 401)]
    pub on_invalid: u16,

    /// Answer unsigned requests 200 on routes that have a secret
    #[arg(long)]
    pub allow_unsigned: bool,

    /// Exit after this many requests (CI)
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,

    /// Give up waiting after this long: exit 1 with "received k of N"
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<std::time::Duration>,

    /// Exit 1 if any request was invalid or unsigned
    #[arg(long)]
    pub expect_verified: bool,

    /// Cut off a connection that sends nothing for this long, or takes longer over a request head
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration, hide_short_help = true)]
    pub read_timeout: std::time::Duration,

    /// Largest body accepted; larger gets 413 unread
    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = parse_size)]
    pub max_body: u64,

    /// Write the URL here once accepting (atomically), for CI to wait on
    #[arg(long, value_name = "PATH")]
    pub ready_file: Option<PathBuf>,

    /// Read routes and settings from a TOML file; flags given on the command line win
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Write a commented example config (to --config or ./whk.toml) and exit
    #[arg(long)]
    pub init_config: bool,

    /// Print and save only requests whose form or JSON field matches: FIELD=VALUE, or A|B=VALUE
    /// for either field (repeat: all must)
    #[arg(long = "filter", value_name = "FIELD=VALUE")]
    pub filters: Vec<String>,

    #[command(flatten)]
    pub hmac: HmacArgs,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Capture files, directories of them, or quoted glob patterns
    #[arg(value_name = "FIXTURE", required_unless_present = "from")]
    pub inputs: Vec<String>,

    /// Replay the captures in a team stream instead: nats://HOST:PORT/SUBJECT
    #[arg(long, value_name = "URL", conflicts_with = "inputs", help_heading = "Team relay (NATS JetStream)")]
    pub from: Option<String>,

    /// With --from: only captures this recent, e.g. 2h [default: all]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "from", help_heading = "Team relay (NATS JetStream)")]
    pub since: Option<std::time::Duration>,

    /// With --from: the JetStream stream [default: WHK_ and the subject]
    #[arg(long, value_name = "NAME", requires = "from", help_heading = "Team relay (NATS JetStream)")]
    pub stream: Option<String>,

    /// NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)
    #[arg(long, value_name = "FILE", requires = "from", help_heading = "Team relay (NATS JetStream)")]
    pub nats_creds: Option<PathBuf>,

    #[command(flatten)]
    pub delivery: DeliveryArgs,

    /// Deliveries in flight at once
    #[arg(short = 'j', long, value_name = "N", default_value_t = 16)]
    pub concurrency: usize,

    /// At most this many deliveries a second, e.g. 200/s
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub rate: Option<f64>,

    /// In arrival order, one at a time
    #[arg(long)]
    pub ordered: bool,

    /// Send the whole set this many times
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub repeat: u32,

    /// Only the i-th of n disjoint slices of the set, e.g. 2/4 (CI jobs)
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,

    /// Write a JUnit XML report (one testcase per capture)
    #[arg(long, value_name = "FILE")]
    pub report_junit: Option<PathBuf>,

    /// Write a self-contained HTML report
    #[arg(long, value_name = "FILE")]
    pub report_html: Option<PathBuf>,

    /// A malformed capture stops the run instead of being skipped
    #[arg(long)]
    pub strict: bool,

    /// Print what would be sent instead of sending it
    #[arg(long)]
    pub dry_run: bool,

    /// Shape of --dry-run's output
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = RequestFormat::Http, requires = "dry_run")]
    pub format: RequestFormat,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One runnable curl command per capture, the body's bytes exact
    Curl,
    /// HAR 1.2 (browsers' and proxies' HTTP Archive)
    Har,
    /// A JetBrains / VS Code REST Client .http file
    Http,
    /// A hurl file asserting each captured status
    Hurl,
    /// A Postman collection v2.1
    Postman,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Capture files, directories of them, or quoted glob patterns
    #[arg(value_name = "CAPTURE", required = true)]
    pub inputs: Vec<String>,

    /// The format to write
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,

    /// Write here (whole or not at all) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Scheme, host and any path prefix the requests go to [default: each capture's Host]
    #[arg(long, value_name = "URL", value_parser = parse_endpoint)]
    pub to: Option<String>,

    /// Keep headers that carry credentials (Authorization, Cookie, GitLab's token) as captured
    #[arg(long)]
    pub include_secrets: bool,

    /// Sign each capture afresh (new timestamp and id) with the given secret, as replay does
    #[arg(long)]
    pub resign: bool,

    #[command(flatten)]
    pub secrets: SecretArgs,
}

/// `--format` of `whk import`: one of the formats it reads, or none to tell from each file.
#[derive(Debug, Clone, Copy)]
pub struct ImportFormat(pub Option<Format>);

fn import_format() -> impl TypedValueParser<Value = ImportFormat> {
    let names = std::iter::once("auto").chain(Format::ALL.iter().map(|f| f.name()));
    PossibleValuesParser::new(names).map(|name: String| ImportFormat(Format::named(&name)))
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to read (HAR, curl command lines, .http, Postman, webhook.site JSON, Stripe CLI
    /// output), or a team stream: nats://HOST:PORT/SUBJECT
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// From a stream: only captures this recent, e.g. 2h [default: all]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Team relay (NATS JetStream)")]
    pub since: Option<std::time::Duration>,

    /// From a stream: its JetStream name [default: WHK_ and the subject]
    #[arg(long, value_name = "NAME", help_heading = "Team relay (NATS JetStream)")]
    pub stream: Option<String>,

    /// NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)
    #[arg(long, value_name = "FILE", help_heading = "Team relay (NATS JetStream)")]
    pub nats_creds: Option<PathBuf>,

    /// Where the captures go, numbered on from the highest there
    #[arg(long, value_name = "DIR")]
    pub save_dir: PathBuf,

    /// The files' format; auto tells it from each file's name and content
    #[arg(long, value_name = "FORMAT", default_value = "auto", value_parser = import_format())]
    pub format: ImportFormat,
}

#[derive(Debug, Subcommand)]
pub enum CaptureCommand {
    /// Print one capture for a person: request, headers, body, verdict, response
    Show(CaptureShowArgs),
}

#[derive(Debug, Args)]
pub struct CaptureShowArgs {
    /// The capture file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct RelayArgs {
    /// The stream's subject: nats://HOST:PORT/SUBJECT (tls:// too)
    #[arg(value_name = "URL")]
    pub source: String,

    #[command(flatten)]
    pub delivery: DeliveryArgs,

    /// The consumer's durable name: it resumes where it stopped [default: whk-relay-$USER]
    #[arg(long, value_name = "NAME", help_heading = "Team relay (NATS JetStream)")]
    pub durable: Option<String>,

    /// A new consumer starts this far back, e.g. 2h [default: the stream's start]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with_all = ["from_seq", "new"], help_heading = "Team relay (NATS JetStream)")]
    pub since: Option<std::time::Duration>,

    /// A new consumer starts at this stream sequence
    #[arg(long, value_name = "N", conflicts_with = "new", help_heading = "Team relay (NATS JetStream)")]
    pub from_seq: Option<u64>,

    /// A new consumer takes only what arrives from now on
    #[arg(long, help_heading = "Team relay (NATS JetStream)")]
    pub new: bool,

    /// Only captures of this event (the provider filter is -p)
    #[arg(short, long, value_name = "NAME", help_heading = "Team relay (NATS JetStream)")]
    pub event: Option<String>,

    /// Deliveries in flight at once (1 keeps the stream's order)
    #[arg(short = 'j', long, value_name = "N", default_value_t = 1)]
    pub concurrency: usize,

    /// Stop after this many deliveries met --expect (CI)
    #[arg(long, value_name = "N", help_heading = "Team relay (NATS JetStream)")]
    pub count: Option<u64>,

    /// The JetStream stream [default: WHK_ and the subject]
    #[arg(long, value_name = "NAME", help_heading = "Team relay (NATS JetStream)")]
    pub stream: Option<String>,

    /// NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)
    #[arg(long, value_name = "FILE", help_heading = "Team relay (NATS JetStream)")]
    pub nats_creds: Option<PathBuf>,
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

    /// Write a JUnit XML report (one testcase per variant)
    #[arg(long, value_name = "FILE")]
    pub report_junit: Option<PathBuf>,

    #[command(flatten)]
    pub hmac: HmacArgs,
}
