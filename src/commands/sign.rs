//! `whk sign`: the headers a provider would send with this body, or a ready request.

use serde_json::json;

use super::input::Origin;
use super::Outcome;
use crate::cli::{SignArgs, SignFormat};
use crate::error::Error;
use crate::output::Printer;
use crate::scheme::{self, Body, Header, SignOptions, Signed};
use crate::secret::Secret;

/// Where `--format curl/http` sends a request when no `--url` is given.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8000/webhook";

pub fn run(args: SignArgs, printer: &Printer, json: bool) -> Result<Outcome, Error> {
    let scheme =
        scheme::find(&args.provider).ok_or_else(|| Error::usage(format!("unknown provider {}", args.provider)))?;
    let secrets = args.secrets.load(scheme, args.body.reads_stdin(), true, printer)?;
    let (body, origin) = args.body.load(printer)?;
    let opts = SignOptions {
        timestamp: args.timestamp.unwrap_or_else(scheme::now_unix),
        id: args.id.clone(),
        encoding: args.hmac.encoding(),
        url: args.url.clone(),
        method: args.method.clone(),
        event: args.event.clone(),
        hmac: args.hmac.params(),
    };
    let mut signed = scheme.sign(&body, &secrets, &opts)?;
    check_header_values(&signed.headers)?;
    let from_env = redact_secrets(&mut signed.headers, &secrets, printer);
    printer.detail(&format!("signed as {} at {}", scheme.name(), opts.timestamp));
    let request = Outgoing {
        method: &args.method,
        url: signed.url.as_deref().or(args.url.as_deref()).unwrap_or(DEFAULT_URL),
        headers: &signed.headers,
        body: match &signed.body {
            Some(rewritten) => Body::Bytes(rewritten.clone()),
            None => body,
        },
        origin: if signed.body.is_some() { Origin::Data } else { origin },
        from_env,
    };
    match if json { SignFormat::Json } else { args.format } {
        SignFormat::Headers => print_headers(&signed, printer)?,
        SignFormat::Json => print_json(scheme.name(), opts.timestamp, &signed, printer)?,
        SignFormat::Curl => request.print_curl(printer)?,
        SignFormat::Http => request.print_http(printer)?,
    }
    Ok(Outcome::Success)
}

/// Ids and events can come from the body or the command line; a control character in one would
/// split a header in two when the request is sent.
fn check_header_values(headers: &[Header]) -> Result<(), Error> {
    match headers.iter().find(|(_, v)| v.chars().any(|c| c.is_control() && c != '\t')) {
        Some((name, _)) => Err(Error::bad_input(format!("the {name} header would contain a control character"))
            .hint("remove line breaks and control characters from --id, --event or the body field it comes from")),
        None => Ok(()),
    }
}

/// Schemes that send the secret itself (GitLab's token) must not print it. Returns, for each
/// redacted header, the environment variable a shell command can take it from instead.
fn redact_secrets(headers: &mut [Header], secrets: &[Secret], printer: &Printer) -> Vec<(usize, String)> {
    let mut from_env = Vec::new();
    for (index, (name, value)) in headers.iter_mut().enumerate() {
        if let Some(secret) = secrets.iter().find(|s| value.as_bytes() == s.expose()) {
            printer.warn(&format!("{name} carries the secret itself; it is shown redacted"));
            *value = format!("[redacted: the secret from {}]", secret.source());
            if let Some(var) = secret.env_var() {
                from_env.push((index, var.to_string()));
            }
        }
    }
    from_env
}

fn print_headers(signed: &Signed, printer: &Printer) -> Result<(), Error> {
    for (name, value) in &signed.headers {
        printer.line(&format!("{name}: {value}"))?;
    }
    if let Some(body) = &signed.body {
        printer.line("")?;
        printer.bytes(body)?;
        printer.line("")?;
    }
    Ok(())
}

fn print_json(provider: &str, timestamp: i64, signed: &Signed, printer: &Printer) -> Result<(), Error> {
    let mut out = json!({
        "provider": provider,
        "timestamp": timestamp,
        "headers": signed.headers.iter().map(|(n, v)| json!({"name": n, "value": v})).collect::<Vec<_>>(),
    });
    if let Some(url) = &signed.url {
        out["url"] = json!(url);
    }
    if let Some(body) = &signed.body {
        out["body"] = json!(String::from_utf8_lossy(body));
    }
    printer.json(&out)
}

/// The request a provider would send, for `--format curl` and `--format http`.
struct Outgoing<'a> {
    method: &'a str,
    url: &'a str,
    headers: &'a [Header],
    body: Body,
    origin: Origin,
    /// Redacted headers whose value a shell can read from an environment variable.
    from_env: Vec<(usize, String)>,
}

impl Outgoing<'_> {
    /// The provider's headers plus a JSON Content-Type where the provider list has none.
    fn headers(&self) -> Vec<Header> {
        let mut all = self.headers.to_vec();
        if !all.iter().any(|(n, _)| n.eq_ignore_ascii_case("Content-Type")) {
            let first = self
                .body
                .load(1 << 20)
                .ok()
                .flatten()
                .and_then(|b| b.iter().copied().find(|c| !c.is_ascii_whitespace()));
            if matches!(first, Some(b'{' | b'[')) {
                all.push(("Content-Type".into(), "application/json".into()));
            }
        }
        all
    }

    fn print_curl(&self, printer: &Printer) -> Result<(), Error> {
        let mut command = format!("curl -sS -X {} {}", shell_quote(self.method), shell_quote(self.url));
        for (index, (name, value)) in self.headers().into_iter().enumerate() {
            let header = match self.from_env.iter().find(|(i, _)| *i == index) {
                // Double quotes, so the shell fills in the secret and it is never printed.
                Some((_, var)) => format!("\"{name}: ${{{var}}}\""),
                None => shell_quote(&format!("{name}: {value}")),
            };
            command.push_str(&format!(" \\\n  -H {header}"));
        }
        let data = match (&self.origin, &self.body) {
            (Origin::File(path), _) | (_, Body::File(path)) => format!("@{}", path.display()),
            (_, Body::Bytes(bytes)) => match std::str::from_utf8(bytes) {
                Ok(text) if !text.contains('\0') => text.to_string(),
                _ => {
                    printer.warn("the body is binary: pipe the same bytes into this curl command's stdin");
                    "@-".to_string()
                }
            },
        };
        command.push_str(&format!(" \\\n  --data-binary {}", shell_quote(&data)));
        printer.line(&command)
    }

    fn print_http(&self, printer: &Printer) -> Result<(), Error> {
        let bad_url = |why: String| {
            Error::bad_input(format!("--url {} {why}", crate::output::quoted(self.url)))
                .hint("write e.g. --url http://127.0.0.1:3000/webhook")
        };
        let url = url::Url::parse(self.url).map_err(|e| bad_url(format!("is not a URL: {e}")))?;
        let host = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            (None, _) => return Err(bad_url("has no host".into())),
        };
        let target = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        let mut length = 0u64;
        self.body.each_chunk(&mut |c| length += c.len() as u64)?;
        let mut head = format!("{} {target} HTTP/1.1\r\nHost: {host}\r\n", self.method);
        for (name, value) in self.headers() {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {length}\r\n\r\n"));
        printer.bytes(head.as_bytes())?;
        let mut failure = None;
        self.body.each_chunk(&mut |chunk| {
            if failure.is_none() {
                failure = printer.bytes(chunk).err();
            }
        })?;
        failure.map_or(Ok(()), Err)
    }
}

/// POSIX single-quoting: safe for any text, newlines included.
fn shell_quote(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@=,+%".contains(c)) {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quote_keeps_plain_words_and_quotes_the_rest() {
        assert_eq!(shell_quote("http://127.0.0.1:8000/hook"), "http://127.0.0.1:8000/hook");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
