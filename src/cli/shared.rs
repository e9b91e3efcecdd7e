//! Flag groups several verbs share: the provider, the secret, the body, the generic HMAC's
//! shape and the retry policy.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Args, ValueEnum};

use super::values::{parse_duration, parse_endpoint, parse_expect};
use super::{command, Provider};
use crate::{output, scheme};

/// The PROVIDER argument. A name is looked up as captures and `--route` look it up
/// (`scheme::find`: any case, aliases too); the list of possible values is built only for help,
/// completions and the error that lists them, not on every run as a `PossibleValuesParser` would.
#[derive(Clone)]
pub(super) struct ProviderParser;

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

// The provider as the first word (`whk verify github body.json`) or as `-p`, so `sign` and
// `verify` read alike; `parse` settles which word is the provider and which the body file.
// (A `///` comment here would become the verbs' --help text: clap reads a flattened struct's.)
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
    pub(super) fn settle_or_exit(&mut self, body: &mut BodyArgs, verb: &str, word_may_be_body: bool) {
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

// How captures are sent again, by `replay` from files and `relay` from a NATS stream: where,
// re-signed or exact, edited, retried, and what counts as success. (Not `///`: see above.)
#[derive(Debug, Args)]
pub struct DeliveryArgs {
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

    #[command(flatten)]
    pub retry: RetryArgs,

    /// Status that counts as success (unmet for any capture: exit 1)
    #[arg(long, value_name = "STATUS", default_value = "2xx", value_parser = parse_expect)]
    pub expect: crate::delivery::Expect,

    /// Per-attempt timeout
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub timeout: std::time::Duration,

    #[command(flatten)]
    pub hmac: HmacArgs,
}
