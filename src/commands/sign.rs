//! `whk sign`: the headers a provider would send with this body, or a ready request.

use serde_json::json;

use super::input::{redact_secrets, Origin};
use super::Outcome;
use crate::cli::{Provider, SignArgs, SignFormat};
use crate::error::Error;
use crate::http::Outgoing;
use crate::output::Printer;
use crate::scheme::{self, Body, Header, SignOptions, Signed};

/// Where `--format curl/http` sends a request when no `--url` is given.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8000/webhook";

pub fn run(args: SignArgs, printer: &Printer) -> Result<Outcome, Error> {
    let json = printer.json_mode();
    let Some(Provider(scheme)) = args.provider.provider else {
        return Err(
            Error::usage("whk sign needs a provider").hint("name it first or with -p: whk sign github body.json")
        );
    };
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
        data_file: match (&signed.body, origin) {
            (None, Origin::File(path)) => Some(path),
            // Spooled or not, the bytes came through a pipe: curl can take them the same way.
            (None, Origin::Stdin) if matches!(body, Body::Spooled(_)) => Some("-".into()),
            _ => None,
        },
        body: match &signed.body {
            Some(rewritten) => Body::Bytes(rewritten.clone()),
            None => body,
        },
        from_env,
    };
    match if json { SignFormat::Json } else { args.format } {
        SignFormat::Headers => print_headers(&signed, printer)?,
        SignFormat::Json => print_json(scheme.name(), opts.timestamp, &signed, printer)?,
        SignFormat::Curl => request.print_curl(printer)?,
        SignFormat::Http => request.write_http(printer)?,
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
