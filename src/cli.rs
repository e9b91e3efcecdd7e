//! Every clap definition lives here, and only here.
//!
//! House rules:
//! - `help` is one short line for `-h`; `long_help` adds detail and an example for `--help`.
//! - Value names are UPPERCASE. Advanced flags go under a `help_heading`.
//! - Provider names come from `scheme::REGISTRY`, never from a second list.
//! - Messages: no trailing period; errors say what was wrong, `hint:` says how to fix it.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::{output, scheme};

/// Where `-h` lists the flags every verb takes, apart from the verb's own.
const GLOBAL: &str = "Global options";

/// Each verb's examples (`""` is whk's own), one shell command per entry, a long one split over
/// lines with ` \\` so that none is wider than 78 columns. They are text of the help template,
/// not `after_help`: clap wraps `after_help` to the terminal's width and would cut a command in
/// two, while it prints a template's own text as written. `whk man` gives them an EXAMPLES section.
pub const EXAMPLES: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "whk sign github --secret-env GH_SECRET payload.json",
            "whk sign stripe --secret-file whsec.txt -d '{\"id\":\"evt_1\"}' --format curl",
            "whk verify stripe -H 'Stripe-Signature: t=…,v1=…' \\\n    --secret-env STRIPE_SECRET body.json",
            "whk verify --raw --secret-env WHK_SECRET < request.http",
            "whk listen --port 0 -p github --secret-env GH_SECRET --save-dir captures",
            "whk providers",
        ],
    ),
    ("sign", &["whk sign stripe --secret-env STRIPE_SECRET event.json --format curl"]),
    ("verify", &["whk verify github -H 'X-Hub-Signature-256: sha256=…' \\\n    --secret-env GH_SECRET body.json"]),
    (
        "send",
        &[
            "whk send 127.0.0.1:3000/hooks -p stripe -e payment_intent.succeeded \\\n    --secret-env STRIPE_SECRET",
            "whk send 127.0.0.1:8000/webhook -p medilab -e patient.created \\\n    --as-sender --time-scale 0.001",
        ],
    ),
    (
        "listen",
        &[
            "whk listen --port 0 --provider pyannote --secret-env PYANNOTE_SECRET \\\n    --save-dir captures",
            "whk listen --route /novofon=novofon \\\n    --route /api/v1/webhooks/bakai=bakai:env:BAKAI_SECRET \\\n    --count 2 --timeout 30s",
        ],
    ),
    (
        "replay",
        &[
            "whk replay captures/ --to 127.0.0.1:3000/hooks --secret-env WHK_SECRET",
            "whk replay 'captures/*.json' --to :3000 --keep-path -j 32 \\\n    --report-junit replay.xml",
        ],
    ),
    ("demo", &["whk demo --keep demo-captures"]),
    ("events", &["whk events medilab", "whk events medilab patient.created"]),
    ("providers", &["whk providers --json"]),
    ("secret", &["whk secret new standard-webhooks --out whsec.txt"]),
    ("secret new", &["whk secret new standard-webhooks --out whsec.txt"]),
    ("completions", &["whk completions bash > /etc/bash_completion.d/whk"]),
    ("man", &["whk man sign"]),
];

/// whk's clap definition with each verb's [`EXAMPLES`] in its help.
pub fn command() -> clap::Command {
    EXAMPLES.iter().fold(Cli::command(), |whk, (verb, examples)| {
        with_examples(whk, &verb.split_whitespace().collect::<Vec<_>>(), examples)
    })
}

fn with_examples(command: clap::Command, path: &[&str], examples: &[&str]) -> clap::Command {
    match path {
        [] => {
            let lines: String =
                examples.iter().map(|example| format!("\n  {}", example.replace('\n', "\n  "))).collect();
            command.help_template(format!("{HELP_TEMPLATE}\n\nExamples:{lines}"))
        }
        [verb, rest @ ..] => command.mut_subcommand(verb, |sub| with_examples(sub, rest, examples)),
    }
}

/// clap's own default template.
const HELP_TEMPLATE: &str = "{before-help}{about-with-newline}\n{usage-heading} {usage}\n\n{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "whk",
    version,
    about = "Sign, verify and debug webhooks for every provider, offline",
    max_term_width = 100,
    propagate_version = true
)]
pub struct Cli {
    /// When to colour output
    #[arg(long, value_enum, value_name = "WHEN", global = true, default_value_t = ColorWhen::Auto, help_heading = GLOBAL)]
    pub color: ColorWhen,

    /// Print only what a script needs (no warnings, no verdict line)
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,

    /// Explain each step on stderr
    #[arg(short, long, global = true, conflicts_with = "quiet", help_heading = GLOBAL)]
    pub verbose: bool,

    /// Print machine-readable JSON on stdout
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    pub fn forced(self) -> Option<bool> {
        match self {
            ColorWhen::Auto => None,
            ColorWhen::Always => Some(true),
            ColorWhen::Never => Some(false),
        }
    }
}

/// `defer`: each verb's arguments are built only when that verb runs (or help and completions
/// ask for them), so a short run such as a 1 KiB `whk sign` does not build all fourteen.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Sign a payload in a provider's scheme and print the headers (or curl, HTTP, JSON)
    Sign(SignArgs),
    /// Check a request's signature and explain why it fails
    Verify(VerifyArgs),
    /// Send a signed test event, retrying the way the real sender does
    Send(SendArgs),
    /// Receive webhooks locally: verify, print, save, forward and answer as scripted
    #[command(
        after_help = "Built-in endpoints (never captured): /_whk/health, /_whk/metrics (Prometheus), /_whk/metrics.json"
    )]
    Listen(ListenArgs),
    /// Replay saved captures against an endpoint: re-signed, concurrent, retried, reported
    Replay(ReplayArgs),
    /// Show the whole loop offline: listen, send one event per provider, replay the captures
    Demo(DemoArgs),
    /// List the built-in events, per provider
    Events(EventsArgs),
    /// List every provider scheme whk knows
    Providers,
    /// Make a secret or key pair in a provider's format
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the man page of whk or of one of its verbs
    Man(ManArgs),
}

/// A provider named on the command line: the registry's scheme itself, so no verb looks the
/// name up again.
#[derive(Clone, Copy)]
pub struct Provider(pub &'static dyn scheme::Scheme);

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name())
    }
}

/// The PROVIDER argument. A name is looked up as captures and `--route` look it up
/// (`scheme::find`: any case, aliases too); the list of possible values is built only for help,
/// completions and the error that lists them, not on every run as a `PossibleValuesParser` would.
#[derive(Clone)]
struct ProviderParser;

impl ProviderParser {
    fn possible() -> impl Iterator<Item = PossibleValue> {
        scheme::REGISTRY
            .iter()
            .map(|s| PossibleValue::new(s.name()).aliases(s.aliases().iter().copied()).help(s.summary()))
    }
}

impl TypedValueParser for ProviderParser {
    type Value = Provider;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Provider, clap::Error> {
        match value.to_str().and_then(scheme::find) {
            Some(found) => Ok(Provider(found)),
            // clap's own error, listing the providers (it accepts no name `find` refuses).
            None => PossibleValuesParser::new(Self::possible())
                .parse_ref(cmd, arg, value)
                .and_then(|_| Err(clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))),
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(Self::possible()))
    }
}

#[derive(Debug, Args)]
pub struct SecretArgs {
    /// Secret value, or - to read it from stdin [argv is visible to other users]
    #[arg(long = "secret", value_name = "VALUE")]
    pub values: Vec<String>,

    /// Read the secret from this environment variable; PROVIDER=VAR for that provider only
    #[arg(long = "secret-env", value_name = "VAR")]
    pub envs: Vec<String>,

    /// Read the secret from a file; one trailing newline is stripped
    #[arg(long = "secret-file", value_name = "PATH")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BodyArgs {
    /// Body file (- or nothing: read stdin)
    #[arg(value_name = "BODY-FILE")]
    pub file: Option<PathBuf>,

    /// Body given inline, signed exactly as written
    #[arg(short = 'd', long = "data", value_name = "DATA", conflicts_with = "file")]
    pub data: Option<String>,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Generic HMAC (--provider hmac, pulse's optional layer)")]
pub struct HmacArgs {
    /// Header that carries the signature
    #[arg(long, hide_short_help = true, value_name = "NAME", default_value = "X-Webhook-Signature")]
    pub signature_header: String,

    /// Text before the signature [default: ALGORITHM=, e.g. sha256=; '' for none]
    #[arg(long, hide_short_help = true, value_name = "TEXT")]
    pub prefix: Option<String>,

    /// HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]
    #[arg(long, hide_short_help = true, value_enum, value_name = "ALG")]
    pub algorithm: Option<AlgorithmArg>,

    /// Signature encoding (also pyannote's: hex by default)
    #[arg(long, hide_short_help = true, value_enum, value_name = "ENC")]
    pub encoding: Option<EncodingArg>,

    /// What is signed: {body}, or e.g. '{ts}.{body}' with {ts} and {id} from their headers [default: {body}; convoy: '{body}' is simple mode]
    #[arg(long, hide_short_help = true, value_name = "TEMPLATE")]
    pub signed: Option<String>,

    /// Header that carries {ts}
    #[arg(long, hide_short_help = true, value_name = "NAME", default_value = "X-Webhook-Timestamp")]
    pub timestamp_header: String,

    /// Header that carries {id}
    #[arg(long, hide_short_help = true, value_name = "NAME", default_value = "X-Webhook-ID")]
    pub id_header: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlgorithmArg {
    Sha1,
    Sha256,
    Sha512,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    Hex,
    Base64,
    /// Base64 of the hex text (Novofon's way)
    Base64Hex,
}

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

/// The provider as the first word (`whk verify github body.json`) or as `-p`, so `sign` and
/// `verify` read alike; [`parse`] settles which word is the provider and which the body file.
#[derive(Debug, Args)]
pub struct ProviderChoice {
    /// Provider scheme, as the first word or -p; verify detects it from the headers if neither
    #[arg(value_name = "PROVIDER")]
    word: Option<String>,

    /// Provider scheme (see `whk providers`)
    #[arg(short, long, value_name = "PROVIDER", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: Option<Provider>,
}

impl ProviderChoice {
    /// A first word that names a provider is the provider unless `-p` already named one; then,
    /// or in `verify` when it names none, it is the body file. In `sign` a first word without
    /// `-p` is always the provider, so a typo there is an unknown provider, not a missing file.
    fn settle_or_exit(&mut self, body: &mut BodyArgs, verb: &str, word_may_be_body: bool) {
        let Some(word) = self.word.take() else { return };
        let mut whk = command();
        whk.build();
        let cmd = whk.find_subcommand(verb).unwrap_or(&whk);
        self.settle(word, body, cmd, word_may_be_body).unwrap_or_else(|e| e.exit());
    }

    fn settle(
        &mut self,
        word: String,
        body: &mut BodyArgs,
        cmd: &clap::Command,
        word_may_be_body: bool,
    ) -> Result<(), clap::Error> {
        let body_given = body.file.is_some() || body.data.is_some();
        let is_body = !body_given && (self.provider.is_some() || (word_may_be_body && scheme::find(&word).is_none()));
        if is_body {
            body.file = Some(PathBuf::from(word));
        } else if self.provider.is_some() {
            let extra = format!("unexpected {}: -p names the provider and the body is given", output::quoted(&word));
            return Err(cmd.clone().error(ErrorKind::UnknownArgument, extra));
        } else {
            let arg = cmd.get_arguments().find(|a| a.get_id() == "word");
            self.provider = Some(ProviderParser.parse_ref(cmd, arg, word.as_ref())?);
        }
        Ok(())
    }
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

// Retry flags shared by `send` and `replay` (a plain comment: with `defer`, a doc comment here
// would replace the verb's own about line).
#[derive(Debug, Args)]
pub struct RetryArgs {
    /// Retries after the first attempt, on connect errors, timeouts, 5xx and 429 [default: 0]
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,

    /// How waits grow between retries
    #[arg(long, value_enum, value_name = "KIND", default_value_t = BackoffArg::Exponential)]
    pub backoff: BackoffArg,

    /// The first wait
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = parse_duration)]
    pub retry_initial: std::time::Duration,

    /// The longest wait
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub retry_max: std::time::Duration,

    /// Full jitter: wait a random part of each delay
    #[arg(long)]
    pub jitter: bool,
}

impl RetryArgs {
    /// whk's own policy: these flags, retrying transient failures only.
    pub fn policy(&self) -> crate::delivery::Policy {
        use crate::delivery::{Delays, Policy, RetryOn};
        let delays = match self.backoff {
            BackoffArg::Exponential => {
                Delays::Exponential { initial: self.retry_initial, max: self.retry_max, jitter: self.jitter }
            }
            BackoffArg::Fixed => Delays::Fixed { delay: self.retry_initial, jitter: self.jitter },
        };
        Policy { retries: self.retries.unwrap_or(0), retry_on: RetryOn::Transient, delays, time_scale: 1.0 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BackoffArg {
    Exponential,
    Fixed,
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

/// The environment variables whk reads, as README.md's table and the man pages list them.
pub const ENVIRONMENT: [(&str, &str); 5] = [
    ("`WHK_SECRET`", "the secret when no `--secret*` flag is given"),
    ("`NO_COLOR`", "no colour (unless `--color always`)"),
    ("`FORCE_COLOR`, `CLICOLOR_FORCE`", "colour even off a terminal (unless `NO_COLOR` or `--color never`)"),
    ("`CI`", "never prompt"),
    ("`TMPDIR`", "where a body of over 8 MiB piped into `sign` or `verify` is spooled (default `/tmp`)"),
];

/// Parses the command line (exiting as clap does on a usage error, `--help` or `--version`).
/// For `listen`, it notes which settings the user gave, on the command line or in the
/// environment, so that a config file fills only the others, even where a given value equals
/// its default.
pub fn parse() -> Cli {
    let matches = command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match (&mut cli.command, matches.subcommand()) {
        (Command::Listen(args), Some((_, given))) => {
            args.given = given
                .ids()
                .map(|id| id.as_str())
                .filter(|id| !matches!(given.value_source(id), None | Some(ValueSource::DefaultValue)))
                .map(str::to_string)
                .collect();
        }
        (Command::Sign(args), Some((verb, _))) => args.provider.settle_or_exit(&mut args.body, verb, false),
        (Command::Verify(args), Some((verb, _))) => args.provider.settle_or_exit(&mut args.body, verb, true),
        _ => {}
    }
    cli
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

/// An endpoint as curl, xh and Stripe CLI read one: without a scheme it is `http://`
/// (`localhost:3000/hook`), and a bare `:3000` is localhost. Anything that is then not an
/// http(s) URL with a host is refused at once, naming it, rather than failing at the first send.
pub fn parse_endpoint(text: &str) -> Result<String, String> {
    let url = if text.starts_with(':') {
        format!("http://localhost{text}")
    } else if text.contains("://") {
        text.to_string()
    } else {
        format!("http://{text}")
    };
    match url::Url::parse(&url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => Ok(url),
        Ok(parsed) => {
            Err(format!("{} is not an http(s) URL (scheme {})", crate::output::quoted(text), parsed.scheme()))
        }
        Err(why) => Err(format!("{} is not a URL: {why}", crate::output::quoted(text))),
    }
}

/// `10MiB`, `512KiB`, `1MB`, `2048` (bytes).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| format!("{text:?} is not a size like 10MiB"))?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => return Err(format!("{text:?} has an unknown unit; use B, KiB, MiB or GiB")),
    };
    Ok(number.saturating_mul(factor))
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Capture files, directories of them, or quoted glob patterns
    #[arg(value_name = "FIXTURE", required = true)]
    pub inputs: Vec<String>,

    /// Where to send them (no scheme means http://; :3000 means localhost)
    #[arg(long, value_name = "URL", value_parser = parse_endpoint)]
    pub to: String,

    /// Append each capture's path and query to --to
    #[arg(long)]
    pub keep_path: bool,

    /// Scheme to re-sign with [default: each capture's provider]
    #[arg(short, long, value_name = "PROVIDER", value_parser = ProviderParser, hide_possible_values = true)]
    pub provider: Option<Provider>,

    #[command(flatten)]
    pub secrets: SecretArgs,

    /// Re-sign with a fresh timestamp and id (needs a secret) [default: when the scheme signs one]
    #[arg(long, conflicts_with = "no_resign")]
    pub resign: bool,

    /// Send the captured bytes and headers exactly
    #[arg(long)]
    pub no_resign: bool,

    /// An extra header, 'Name: value' (repeat)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Leave this captured header out (repeat)
    #[arg(long = "drop-header", value_name = "NAME")]
    pub drop_headers: Vec<String>,

    /// Edit JSON bodies before signing: PATH=VALUE (repeat)
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,

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

    #[command(flatten)]
    pub retry: RetryArgs,

    /// Status that counts as success (unmet for any capture: exit 1)
    #[arg(long, value_name = "STATUS", default_value = "2xx", value_parser = parse_expect)]
    pub expect: crate::delivery::Expect,

    /// Per-attempt timeout
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub timeout: std::time::Duration,

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

    #[command(flatten)]
    pub hmac: HmacArgs,
}

/// `200/s`, `50/m`, or a plain number per second.
fn parse_rate(text: &str) -> Result<f64, String> {
    let (number, per) = text.split_once('/').unwrap_or((text, "s"));
    let seconds = match per {
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => return Err(format!("{text:?} is not a rate like 200/s")),
    };
    match number.parse::<f64>() {
        Ok(n) if n > 0.0 && n.is_finite() => Ok(n / seconds),
        _ => Err(format!("{text:?} is not a rate like 200/s")),
    }
}

/// `i/n` with 1 <= i <= n.
fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let bad = || format!("{text:?} is not a shard like 2/4 (the 2nd of 4)");
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n) = (i.parse::<usize>().map_err(|_| bad())?, n.parse::<usize>().map_err(|_| bad())?);
    if i == 0 || n == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
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

fn parse_expect(text: &str) -> Result<crate::delivery::Expect, String> {
    crate::delivery::Expect::parse(text)
}

/// A humantime duration (`30s`, `1m`, `250ms`) or plain seconds.
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<u64>()
        .map(std::time::Duration::from_secs)
        .or_else(|_| humantime::parse_duration(text))
        .map_err(|_| format!("{text:?} is not a duration like 30s, 2m or 250ms"))
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

/// Seconds as a plain number, or a humantime duration such as `5m` or `90s`.
fn parse_seconds(text: &str) -> Result<u64, String> {
    text.parse::<u64>()
        .or_else(|_| humantime::parse_duration(text).map(|d| d.as_secs()))
        .map_err(|_| format!("{text:?} is not a number of seconds or a duration like 5m"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn rates_are_per_second() {
        assert_eq!(parse_rate("200/s"), Ok(200.0));
        assert_eq!(parse_rate("30/m"), Ok(0.5));
        assert_eq!(parse_rate("7200/h"), Ok(2.0));
        assert_eq!(parse_rate("5"), Ok(5.0));
        for bad in ["0/s", "-1/s", "fast", "10/day", "inf/s", "NaN"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn endpoints_without_a_scheme_are_http() {
        assert_eq!(parse_endpoint("127.0.0.1:8701/hook"), Ok("http://127.0.0.1:8701/hook".into()));
        assert_eq!(parse_endpoint("localhost:3000"), Ok("http://localhost:3000".into()));
        assert_eq!(parse_endpoint(":3000"), Ok("http://localhost:3000".into()));
        assert_eq!(parse_endpoint("https://example.com/x?y=1"), Ok("https://example.com/x?y=1".into()));
        for bad in ["http://exa mple.com", "ftp://example.com", "http://", "http://:80", ""] {
            assert!(parse_endpoint(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tolerance_takes_seconds_or_durations() {
        assert_eq!(parse_seconds("300"), Ok(300));
        assert_eq!(parse_seconds("5m"), Ok(300));
        assert!(parse_seconds("soon").is_err());
    }
}
