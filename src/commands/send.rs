//! `whk send`: a signed event to a live endpoint, attempt by attempt as the real sender would —
//! re-signed with a fresh timestamp each time, retried on the sender's schedule.

use std::time::Duration;

use colored::Colorize;
use serde_json::{json, Value};

use super::input::{parse_header_args, print_dry_run, read_stdin, redact_secrets, spec_body};
use super::Outcome;
use crate::cli::SendArgs;
use crate::delivery::{self, Attempt, Client, ClientOptions, Policy, Sender};
use crate::error::Error;
use crate::events;
use crate::message::{HeaderMap, Message};
use crate::output::{display_bytes, sanitize, Printer};
use crate::scheme::{now_unix, Body, Header, Scheme, SignOptions};
use crate::secret::Secret;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How much of a response body the human output shows; `--json` carries more.
const BODY_SHOWN: usize = 2048;

pub fn run(args: SendArgs, printer: &Printer) -> Result<Outcome, Error> {
    let json = printer.json_mode();
    let scheme = args.provider.0;
    let sender = sender(&args, scheme, printer)?;
    let policy = policy(&args, sender.as_ref());
    let extra_headers = parse_header_args(&args.headers)?;
    // The body first: a spec that does not load is reported before a secret is asked for.
    let Base { body, content_type, event } = base_body(&args, scheme, printer)?;
    let secrets = args.secrets.load(scheme, args.event.is_none() && args.body.reads_stdin(), true, printer)?;
    let delivery = Delivery {
        scheme,
        args: &args,
        secrets: &secrets,
        extra_headers,
        content_type,
        event,
        as_sender: sender.is_some(),
        id: args.id.clone().unwrap_or_else(|| scheme.fresh_id()),
        body,
    };
    if args.dry_run {
        return delivery.dry_run(printer);
    }
    if args.insecure {
        printer.warn("--insecure: TLS certificates are not checked");
    }
    let client = Client::new(&ClientOptions {
        timeout: args.timeout.or(sender.as_ref().map(|s| s.timeout)).unwrap_or(DEFAULT_TIMEOUT),
        insecure: args.insecure,
        redirects: if args.follow { 10 } else { sender.as_ref().map_or(0, |s| s.redirects) },
    })?;
    delivery.run(&client, &policy, printer, json)
}

/// The sender profile `--as-sender` asks for, checked against `--retries`.
fn sender(args: &SendArgs, scheme: &dyn Scheme, printer: &Printer) -> Result<Option<Sender>, Error> {
    if !args.as_sender {
        return Ok(None);
    }
    let Some(sender) = scheme.sender() else {
        printer
            .warn(&format!("{} documents no delivery behaviour; --as-sender uses whk's retry defaults", scheme.name()));
        return Ok(None);
    };
    if let Some(n) = args.retry.retries.filter(|n| *n > sender.max_retries) {
        return Err(Error::usage(format!(
            "{} retries at most {} times; --retries {n} is more",
            scheme.name(),
            sender.max_retries
        ))
        .hint(format!("pass --retries {} or fewer, or drop --as-sender", sender.max_retries)));
    }
    Ok(Some(sender))
}

fn policy(args: &SendArgs, sender: Option<&Sender>) -> Policy {
    let mut policy = sender.map_or_else(|| args.retry.policy(), |s| s.policy.clone());
    policy.retries = args.retry.retries.unwrap_or(policy.retries);
    policy.time_scale = args.time_scale;
    policy
}

/// The body before signing, its content type where whk chose it, and the event it is on the wire.
struct Base {
    body: Vec<u8>,
    content_type: Option<&'static str>,
    event: Option<String>,
}

/// The body before signing: a rendered catalogue event, a spec's webhook, or the user's bytes;
/// then `--set` and `--extra`.
fn base_body(args: &SendArgs, scheme: &dyn Scheme, printer: &Printer) -> Result<Base, Error> {
    let mut base = match (&args.spec, &args.event) {
        (Some(path), Some(name)) => {
            let (body, event) = spec_body(path, name, printer)?;
            Base { body, content_type: Some("application/json"), event: Some(event) }
        }
        (None, Some(name)) => {
            let event = events::named(scheme.name(), name)?;
            Base {
                body: event.body(now_unix()).into_bytes(),
                content_type: Some(event.content_type),
                event: Some(name.clone()),
            }
        }
        (_, None) => {
            let body = match (&args.body.data, &args.body.file) {
                (Some(data), _) => data.clone().into_bytes(),
                (None, Some(path)) if path.as_os_str() != "-" => {
                    std::fs::read(path).map_err(|e| Error::unreadable(&format!("body file {}", path.display()), &e))?
                }
                _ => read_stdin("the body", printer)?,
            };
            Base { body, content_type: None, event: None }
        }
    };
    base.body = crate::edit::apply_sets(&base.body, &args.sets)?;
    if let Some(pairs) = &args.extra {
        base.body = with_webhook_extra(&base.body, pairs)?;
    }
    Ok(base)
}

/// Pulse returns `webhook_extra=k:v,k:v` in its payload; whk carries the pairs as an object.
fn with_webhook_extra(body: &[u8], pairs: &str) -> Result<Vec<u8>, Error> {
    let mut extra = serde_json::Map::new();
    for pair in pairs.split(',').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once(':').ok_or_else(|| {
            Error::bad_input(format!("--extra {} is not key:value pairs", crate::output::quoted(pairs)))
                .hint("write e.g. --extra case_id:42,region:us-east")
        })?;
        extra.insert(key.trim().to_string(), Value::String(value.trim().to_string()));
    }
    let set = format!("webhook_extra={}", Value::Object(extra));
    crate::edit::apply_sets(body, &[set])
}

/// One delivery: the same event, re-signed for each attempt.
struct Delivery<'a> {
    scheme: &'static dyn Scheme,
    args: &'a SendArgs,
    secrets: &'a [Secret],
    extra_headers: Vec<Header>,
    content_type: Option<&'static str>,
    /// The event as its header names it (a spec's webhook `issues-opened` is `issues`).
    event: Option<String>,
    /// `--as-sender`: retries change what the provider's sender changes (its scheme's hooks).
    as_sender: bool,
    id: String,
    body: Vec<u8>,
}

/// A signed request, ready to go.
struct Prepared {
    url: String,
    headers: Vec<Header>,
    body: Vec<u8>,
}

impl Delivery<'_> {
    /// Signs attempt `number` (1-based) with a fresh timestamp.
    fn prepare(&self, number: u32, previous: Option<&Attempt>) -> Result<Prepared, Error> {
        let retried_body = match (self.as_sender, number > 1) {
            (true, true) => self.scheme.retry_body(&self.body, number)?,
            _ => None,
        };
        let body = retried_body.unwrap_or_else(|| self.body.clone());
        let opts = SignOptions {
            id: Some(self.id.clone()),
            url: Some(self.args.url.clone()),
            method: self.args.method.clone(),
            event: self.event.clone(),
            encoding: self.args.hmac.encoding(),
            hmac: self.args.hmac.params(),
            ..SignOptions::new(now_unix())
        };
        let signed = self.scheme.sign(&Body::Bytes(body.clone()), self.secrets, &opts)?;
        let mut headers = signed.headers;
        if let (Some(content_type), false) =
            (self.content_type, headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")))
        {
            headers.insert(0, ("Content-Type".into(), content_type.into()));
        }
        if let (true, Some(previous)) = (self.as_sender, previous) {
            headers.extend(self.scheme.retry_headers(number, previous.reason()));
        }
        for (name, value) in &self.extra_headers {
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            headers.push((name.clone(), value.clone()));
        }
        Ok(Prepared {
            url: signed.url.unwrap_or_else(|| self.args.url.clone()),
            headers,
            body: signed.body.unwrap_or(body),
        })
    }

    fn dry_run(&self, printer: &Printer) -> Result<Outcome, Error> {
        let prepared = self.prepare(1, None)?;
        let request = Message {
            method: self.args.method.clone(),
            target: prepared.url,
            headers: HeaderMap(prepared.headers),
            body: prepared.body,
        };
        print_dry_run(request, self.args.format, self.secrets, printer)?;
        Ok(Outcome::Success)
    }

    fn run(&self, client: &Client, policy: &Policy, printer: &Printer, json: bool) -> Result<Outcome, Error> {
        let total = policy.retries + 1;
        let report = |number| Report { printer, json, number, total };
        let (attempt, attempts) = delivery::deliver(
            client,
            policy,
            |status| self.args.expect.met(status),
            |number, previous| {
                let prepared = self.prepare(number, previous)?;
                report(number).request(self, &prepared, self.secrets);
                Ok(Message {
                    method: self.args.method.clone(),
                    target: prepared.url,
                    headers: HeaderMap(prepared.headers),
                    body: prepared.body,
                })
            },
            |number, attempt, retry| report(number).attempt(attempt, retry),
        )?;
        self.finish(attempt, attempts, printer, json)
    }

    fn finish(&self, attempt: Attempt, attempts: u32, printer: &Printer, json: bool) -> Result<Outcome, Error> {
        let expect = self.args.expect.as_str();
        let status = attempt.status();
        let met = status.is_some_and(|s| self.args.expect.met(s));
        if json {
            printer.json(
                &json!({"type": "summary", "attempts": attempts, "status": status, "expect": expect, "met": met}),
            )?;
        } else if !printer.quiet() {
            let plural = if attempts == 1 { "" } else { "s" };
            match (&attempt, met) {
                (Attempt::Response(r), true) => printer.line(&format!(
                    "{} {} after {attempts} attempt{plural} (expected {expect})",
                    "✔".green().bold(),
                    r.status
                ))?,
                (Attempt::Response(r), false) => printer.line(&format!(
                    "{} {} after {attempts} attempt{plural}, expected {expect}",
                    "✘".red().bold(),
                    r.status
                ))?,
                (Attempt::Failed(_), _) => {}
            }
        }
        match attempt {
            Attempt::Failed(failure) => Err(delivery::failure_error(&failure, &self.args.url)),
            Attempt::Response(_) if met => Ok(Outcome::Success),
            Attempt::Response(_) => Ok(Outcome::Negative),
        }
    }
}

/// Prints one attempt, for people or as NDJSON.
struct Report<'a> {
    printer: &'a Printer,
    json: bool,
    number: u32,
    total: u32,
}

impl Report<'_> {
    fn request(&self, delivery: &Delivery, prepared: &Prepared, secrets: &[Secret]) {
        if self.json || self.printer.quiet() {
            return;
        }
        let event = delivery.args.event.as_deref().map(|e| format!(" {e}")).unwrap_or_default();
        let _ = self.printer.line(&format!(
            "{} {} {} · {}{event} · attempt {} of {} · {} B",
            "→".cyan().bold(),
            delivery.args.method,
            sanitize(&prepared.url),
            delivery.scheme.name(),
            self.number,
            self.total,
            prepared.body.len()
        ));
        if self.printer.verbose() {
            let mut headers = prepared.headers.clone();
            redact_secrets(&mut headers, secrets, self.printer);
            for (name, value) in headers {
                self.printer.detail(&format!("> {name}: {}", sanitize(&value)));
            }
        }
    }

    fn attempt(&self, attempt: &Attempt, retry: Option<Duration>) -> Result<(), Error> {
        let elapsed_ms = attempt.elapsed().as_secs_f64() * 1000.0;
        if self.json {
            let mut out = json!({"type": "attempt", "attempt": self.number, "elapsed_ms": (elapsed_ms * 1000.0).round() / 1000.0,
                "retry_in_ms": retry.map(|d| d.as_millis() as u64)});
            match attempt {
                Attempt::Response(r) => {
                    out["status"] = json!(r.status);
                    out["headers"] = json!(r.headers);
                    out["body"] = json!(String::from_utf8_lossy(&r.body));
                    out["body_truncated"] = json!(r.truncated);
                }
                Attempt::Failed(f) => {
                    out["error"] = json!(f.message);
                    out["reason"] = json!(attempt.reason());
                }
            }
            return self.printer.json(&out);
        }
        if self.printer.quiet() {
            return Ok(());
        }
        match attempt {
            Attempt::Response(r) => {
                let status = format!("{} {}", r.status, r.reason);
                let status = if (200..300).contains(&r.status) { status.green() } else { status.yellow() };
                self.printer.line(&format!("{} {status} · {elapsed_ms:.1} ms", "←".cyan().bold()))?;
                for (name, value) in &r.headers {
                    self.printer.line(&format!("  {}: {}", name.dimmed(), display_bytes(value.as_bytes())))?;
                }
                if !r.body.is_empty() {
                    let shown = &r.body[..r.body.len().min(BODY_SHOWN)];
                    self.printer
                        .line(&format!("  {}", sanitize(&String::from_utf8_lossy(shown)).replace('\n', "\n  ")))?;
                    if r.body.len() > BODY_SHOWN || r.truncated {
                        self.printer.line(&format!("  {}", "… body truncated (--json shows up to 64 KiB)".dimmed()))?;
                    }
                }
            }
            Attempt::Failed(f) => self.printer.line(&format!(
                "{} {} · {elapsed_ms:.1} ms",
                "✘".red().bold(),
                display_bytes(f.message.as_bytes())
            ))?,
        }
        if let Some(wait) = retry {
            self.printer.line(&format!("  {} retry in {}", "↻".cyan(), humantime::format_duration(round_ms(wait))))?;
        }
        Ok(())
    }
}

fn round_ms(d: Duration) -> Duration {
    Duration::from_millis(d.as_millis() as u64)
}
