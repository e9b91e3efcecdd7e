//! `whk verify`: a verdict on one request, and when it fails, the reason and the likely cause.

use colored::Colorize;
use serde_json::{json, Value};

use super::input::{parse_header_args, read_stdin};
use super::Outcome;
use crate::cli::VerifyArgs;
use crate::error::Error;
use crate::http::parse_request;
use crate::output::{sanitize_line, Printer};
use crate::scheme::diagnose::diagnose;
use crate::scheme::{self, Body, HeaderMap, Mismatch, Request, Scheme, Verdict, VerifyOptions};
use crate::secret::Secret;

pub fn run(args: VerifyArgs, printer: &Printer) -> Result<Outcome, Error> {
    let json = printer.json_mode();
    let body_reads_stdin = args.body.reads_stdin() && args.capture.is_none();
    let mut provider = args.provider.provider.map(|p| p.0);
    let (method, headers, body) = if let Some(path) = &args.capture {
        let capture = crate::fixture::Capture::load(path)?;
        // A capture names its provider as text; a name whk does not know is an error there too.
        if let (None, Some(name)) = (provider, &capture.provider) {
            provider = Some(scheme::find(name).ok_or_else(|| Error::usage(format!("unknown provider {name}")))?);
        }
        let message = capture.message()?;
        (message.method, message.headers, Body::Bytes(message.body))
    } else if args.raw {
        let bytes = match args.body.file.as_ref().filter(|f| f.as_os_str() != "-") {
            Some(path) => {
                std::fs::read(path).map_err(|e| Error::unreadable(&format!("request file {}", path.display()), &e))?
            }
            None => read_stdin("the raw request", printer)?,
        };
        let request = parse_request(&bytes)?;
        (request.method, request.headers, Body::Bytes(request.body))
    } else {
        let headers = HeaderMap(parse_header_args(&args.headers)?);
        let (body, _) = args.body.load(printer)?;
        (args.method.clone(), headers, body)
    };
    let scheme = pick_scheme(provider, &headers, &body)?;
    printer.detail(&format!("checking as {}", scheme.name()));
    let secrets = args.secrets.load(scheme, body_reads_stdin, false, printer)?;
    let opts = VerifyOptions {
        now: args.now.unwrap_or_else(scheme::now_unix),
        tolerance: args.tolerance,
        url: args.url.clone(),
        hmac: args.hmac.params(),
    };
    let request = Request { method: &method, headers: &headers, body: &body };
    let verdict = scheme.verify(&request, &secrets, &opts)?;
    let report = Report::new(scheme, &verdict, &body, &secrets, args.show_expected)?;
    if json {
        printer.json(&report.to_json(args.require_signature))?;
    } else if !printer.quiet() {
        report.print(printer)?;
    }
    Ok(match verdict {
        Verdict::Valid(_) => Outcome::Success,
        Verdict::Unsigned(_) if !args.require_signature => Outcome::Success,
        _ => Outcome::Negative,
    })
}

/// The provider asked for, or the one scheme that claims this request.
fn pick_scheme(
    asked: Option<&'static dyn Scheme>,
    headers: &HeaderMap,
    body: &Body,
) -> Result<&'static dyn Scheme, Error> {
    if let Some(scheme) = asked {
        return Ok(scheme);
    }
    let names = |list: &[&dyn Scheme]| list.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ");
    match scheme::detect(headers, body).as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::bad_input("no known provider's signature in this request")
            .hint("pass --provider NAME (see `whk providers`); unsigned senders such as pulse need it")),
        many => Err(Error::bad_input(format!("these headers fit several providers: {}", names(many)))
            .hint("pass --provider with the one that sent it")),
    }
}

/// A verdict with everything a person or a script needs to act on it.
struct Report<'a> {
    scheme: &'a dyn Scheme,
    verdict: &'a Verdict,
    secrets: &'a [Secret],
    cause: Option<String>,
    expected: Option<String>,
}

impl<'a> Report<'a> {
    fn new(
        scheme: &'a dyn Scheme,
        verdict: &'a Verdict,
        body: &Body,
        secrets: &'a [Secret],
        show_expected: bool,
    ) -> Result<Self, Error> {
        let mut report = Report { scheme, verdict, secrets, cause: None, expected: None };
        if let Verdict::Invalid(Mismatch::Digest(digest)) = verdict {
            report.cause = diagnose(digest, body, secrets);
            if show_expected {
                let mac = digest.recipe.macs(&secrets[..1], body)?.remove(0);
                report.expected = Some(format!("{}{}", digest.prefix, digest.encoding.encode(&mac)));
            }
        }
        Ok(report)
    }

    fn print(&self, printer: &Printer) -> Result<(), Error> {
        let name = self.scheme.name();
        match self.verdict {
            Verdict::Valid(valid) => {
                let source = self.secrets[valid.secret].source();
                let which = if self.secrets.len() > 1 {
                    format!(" ({} of {})", valid.secret + 1, self.secrets.len())
                } else {
                    String::new()
                };
                let note = valid.note.as_ref().map(|n| format!("; {n}")).unwrap_or_default();
                printer.line(&format!(
                    "{} {name}: signature matches the secret from {source}{which}{note}",
                    "✔ valid".green().bold()
                ))
            }
            Verdict::Unsigned(reason) => {
                printer.line(&format!("{} {name}: {}", "○ unsigned".yellow().bold(), sanitize_line(reason)))
            }
            Verdict::Invalid(mismatch) => {
                printer.line(&format!(
                    "{} {name}: {}",
                    "✘ invalid".red().bold(),
                    sanitize_line(&mismatch.to_string())
                ))?;
                if let Some(cause) = &self.cause {
                    printer.line(&format!("  {} {cause}", "likely cause:".bold()))?;
                } else if let Mismatch::Timestamp { timestamp, now, .. } = mismatch {
                    let why = if timestamp <= now {
                        "an old capture or a replayed request?"
                    } else {
                        "the sender's clock runs ahead of this one?"
                    };
                    printer.line(&format!(
                        "  {} {why} --tolerance 0 skips the age check, --now UNIX checks it as of then",
                        "hint:".cyan().bold()
                    ))?;
                } else if matches!(mismatch, Mismatch::Digest(_)) {
                    printer.line(&format!(
                        "  {} none of the usual causes fit; check the secret is this endpoint's and the body is byte-for-byte what was sent",
                        "hint:".cyan().bold()
                    ))?;
                }
                match &self.expected {
                    Some(expected) => printer.line(&format!("  {} {expected}", "expected:".bold())),
                    None => Ok(()),
                }
            }
        }
    }

    fn to_json(&self, require_signature: bool) -> Value {
        let mut out = json!({ "provider": self.scheme.name() });
        match self.verdict {
            Verdict::Valid(valid) => {
                out["verdict"] = json!("valid");
                out["secret"] = json!(self.secrets[valid.secret].source());
                out["secret_index"] = json!(valid.secret);
                out["note"] = json!(valid.note);
            }
            Verdict::Unsigned(reason) => {
                out["verdict"] = json!("unsigned");
                out["message"] = json!(reason);
                out["required"] = json!(require_signature);
            }
            Verdict::Invalid(mismatch) => {
                out["verdict"] = json!("invalid");
                out["reason"] = json!(mismatch.kind());
                out["message"] = json!(mismatch.to_string());
                out["cause"] = json!(self.cause);
                if let Mismatch::Timestamp { timestamp, now, tolerance } = mismatch {
                    out["timestamp"] =
                        json!({"value": timestamp, "now": now, "skew": now - timestamp, "tolerance": tolerance});
                }
                if let Some(expected) = &self.expected {
                    out["expected"] = json!(expected);
                }
            }
        }
        out
    }
}
