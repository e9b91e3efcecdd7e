//! `whk sign`: the headers a provider would send with this body, or a ready request.

use serde_json::json;

use super::input::Origin;
use super::Outcome;
use crate::cli::{SignArgs, SignFormat};
use crate::error::Error;
use crate::output::Printer;
use crate::scheme::{self, Body, Header, SignOptions};

pub fn run(args: SignArgs, printer: &Printer, json: bool) -> Result<Outcome, Error> {
    let scheme = scheme::find(&args.provider)
        .ok_or_else(|| Error::usage(format!("unknown provider {}", args.provider)))?;
    let secrets = args
        .secrets
        .load(scheme, args.body.reads_stdin(), true, printer)?;
    let (body, origin) = args.body.load(printer)?;
    let opts = SignOptions {
        timestamp: args.timestamp.unwrap_or_else(scheme::now_unix),
        id: args.id.clone(),
        encoding: args.hmac.encoding(),
        url: Some(args.url.clone()),
        event: args.event.clone(),
        hmac: args.hmac.params(),
    };
    let headers = scheme.sign(&body, &secrets, &opts)?;
    check_header_values(&headers)?;
    printer.detail(&format!(
        "signed as {} at {}",
        scheme.name(),
        opts.timestamp
    ));
    let format = if json { SignFormat::Json } else { args.format };
    match format {
        SignFormat::Headers => headers.iter().try_for_each(|(n, v)| printer.line(&format!("{n}: {v}")))?,
        SignFormat::Json => printer.json(&json!({
            "provider": scheme.name(),
            "timestamp": opts.timestamp,
            "headers": headers.iter().map(|(n, v)| json!({"name": n, "value": v})).collect::<Vec<_>>(),
        }))?,
        SignFormat::Curl => print_curl(&args, &headers, &body, &origin, printer)?,
        SignFormat::Http => print_http(&args, &headers, &body, printer)?,
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

/// Content-Type for a request whose provider header list has none: JSON if it looks like JSON.
fn with_content_type(headers: &[Header], body: &Body) -> Vec<Header> {
    let mut all = headers.to_vec();
    if !all
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
    {
        let looks_json = body
            .load(1 << 20)
            .ok()
            .flatten()
            .and_then(|b| b.iter().copied().find(|c| !c.is_ascii_whitespace()))
            .is_some_and(|c| c == b'{' || c == b'[');
        if looks_json {
            all.push(("Content-Type".into(), "application/json".into()));
        }
    }
    all
}

fn print_curl(
    args: &SignArgs,
    headers: &[Header],
    body: &Body,
    origin: &Origin,
    printer: &Printer,
) -> Result<(), Error> {
    let mut command = format!(
        "curl -sS -X {} {}",
        shell_quote(&args.method),
        shell_quote(&args.url)
    );
    for (name, value) in with_content_type(headers, body) {
        command.push_str(&format!(
            " \\\n  -H {}",
            shell_quote(&format!("{name}: {value}"))
        ));
    }
    let data = match (origin, body) {
        (Origin::File(path), _) => format!("@{}", path.display()),
        (_, Body::Bytes(bytes)) => match std::str::from_utf8(bytes) {
            Ok(text) if !text.contains('\0') => text.to_string(),
            _ => {
                printer
                    .warn("the body is binary: pipe the same bytes into this curl command's stdin");
                "@-".to_string()
            }
        },
        (_, Body::File(path)) => format!("@{}", path.display()),
    };
    command.push_str(&format!(" \\\n  --data-binary {}", shell_quote(&data)));
    printer.line(&command)
}

fn print_http(
    args: &SignArgs,
    headers: &[Header],
    body: &Body,
    printer: &Printer,
) -> Result<(), Error> {
    let url = url::Url::parse(&args.url).map_err(|e| {
        Error::bad_input(format!("--url {:?} is not a URL: {e}", args.url))
            .hint("write e.g. --url http://127.0.0.1:3000/webhook")
    })?;
    let host = match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        (None, _) => {
            return Err(Error::bad_input(format!(
                "--url {:?} has no host",
                args.url
            )))
        }
    };
    let target = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    let mut length = 0u64;
    body.each_chunk(&mut |c| length += c.len() as u64)?;
    let mut head = format!("{} {target} HTTP/1.1\r\nHost: {host}\r\n", args.method);
    for (name, value) in with_content_type(headers, body) {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {length}\r\n\r\n"));
    printer.bytes(head.as_bytes())?;
    let mut failure = None;
    body.each_chunk(&mut |chunk| {
        if failure.is_none() {
            failure = printer.bytes(chunk).err();
        }
    })?;
    failure.map_or(Ok(()), Err)
}

/// POSIX single-quoting: safe for any text, newlines included.
fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@=,+%".contains(c))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quote_keeps_plain_words_and_quotes_the_rest() {
        assert_eq!(
            shell_quote("http://127.0.0.1:8000/hook"),
            "http://127.0.0.1:8000/hook"
        );
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
