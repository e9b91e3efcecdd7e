//! The arguments of the verbs that move captures about: `replay` (from files or a stream),
//! `relay` (from the team's stream), `export`, `import` and `capture show`.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand, ValueEnum};

use super::shared::*;
use super::values::*;
use super::verbs::RequestFormat;
use crate::bridge::sniff::Format;

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
