//! `whk listen`'s arguments: where it binds, what it verifies and saves, how it answers, and
//! what it adds (the inspector, a tunnel, the team log, a sender audit).

use std::path::PathBuf;

use clap::Args;

use super::shared::*;
use super::values::*;
use super::Provider;

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

    /// Judge each body against its webhook's schema in this OpenAPI 3.1 spec (YAML or JSON)
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,

    /// Exit 1 if any body broke its webhook's schema or had none (with --spec)
    #[arg(long, requires = "spec")]
    pub expect_schema: bool,

    /// Scripted 429 and 503 answers carry Retry-After: SECONDS (a sender audit checks the wait)
    #[arg(long, value_name = "SECONDS")]
    pub retry_after: Option<u64>,

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
