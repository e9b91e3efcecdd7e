//! Bridges between captures and the formats webhook traffic already lives in: HAR, curl command
//! lines, JetBrains/VS Code `.http` files, hurl, Postman collections, webhook.site's JSON and
//! Stripe CLI's event lines. One file per format; each writes captures out one at a time and
//! reads them in one at a time, so neither direction holds a whole file's worth in memory.

pub mod curl;
pub mod har;
pub mod http_file;
pub mod hurl;
pub mod postman;
pub mod sniff;
pub mod stripe_cli;
pub mod webhook_site;
mod words;

use std::collections::BTreeSet;
use std::io::Write;

use crate::cli::ExportFormat;
use crate::error::Error;
use crate::fixture::{Capture, CapturedBody, CapturedResponse, Imported};
use crate::message::{Header, HeaderMap, Message};
use crate::secret::Secret;

/// What an exported request carries in place of a secret header's value.
pub const REDACTED: &str = "REDACTED";

/// A capture made ready to leave whk: the URL it goes to, the headers worth sending and its
/// body bytes, beside the capture itself for what a format keeps besides (status, times).
pub struct Outgoing<'a> {
    /// The capture file's name, which formats with titles use.
    pub name: &'a str,
    pub capture: &'a Capture,
    pub url: String,
    pub headers: Vec<Header>,
    pub body: Vec<u8>,
}

/// A format captures are written in: a head, one entry per capture, a tail.
pub trait Exporter {
    fn begin(&mut self, _out: &mut dyn Write) -> std::io::Result<()> {
        Ok(())
    }

    /// An error here is the capture's (a body this format cannot hold), not the output's.
    fn entry(&mut self, out: &mut dyn Write, request: &Outgoing) -> Result<(), ExportError>;

    fn end(&mut self, _out: &mut dyn Write) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(Debug)]
pub enum ExportError {
    Write(std::io::Error),
    /// What about this capture the format cannot hold.
    Unfit(String),
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Write(e)
    }
}

/// Headers whose value is a credential wherever they appear.
const SECRET_HEADERS: [&str; 6] =
    ["Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "X-Auth-Token", "Api-Key"];

/// Whether `name` carries a secret: a credential header, or one a provider's scheme marks so
/// (GitLab's `X-Gitlab-Token` is the webhook secret itself).
pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS
        .iter()
        .chain(crate::scheme::REGISTRY.iter().flat_map(|s| s.secret_headers()))
        .any(|secret| secret.eq_ignore_ascii_case(name))
}

/// The writer of `format`; `to` is the base a `.http` file's `{{host}}` stands for.
pub fn exporter(format: ExportFormat, to: Option<&str>) -> Box<dyn Exporter> {
    match format {
        ExportFormat::Curl => Box::new(curl::Curl),
        ExportFormat::Har => Box::new(har::Har::default()),
        ExportFormat::Http => Box::new(http_file::HttpFile::new(to)),
        ExportFormat::Hurl => Box::new(hurl::Hurl),
        ExportFormat::Postman => Box::new(postman::Postman::default()),
    }
}

/// The capture as a request to `to` (or its own Host), the Host header following the URL.
pub fn outgoing_message(capture: &Capture, to: Option<&str>) -> Result<Message, Error> {
    let mut message = capture.message()?;
    message.target = url_for(capture, to);
    if let Some(authority) = to.and_then(authority) {
        if message.headers.has("Host") {
            message.headers.set("Host".into(), authority.to_string());
        }
    }
    Ok(message)
}

/// Credential headers, and any header holding one of `secrets`, replaced by [`REDACTED`];
/// their names are added to `redacted`.
pub fn redact(headers: &mut HeaderMap, secrets: &[Secret], redacted: &mut BTreeSet<String>) {
    for (name, value) in &mut headers.0 {
        if is_secret_header(name) || secrets.iter().any(|s| value.as_bytes() == s.expose()) {
            *value = REDACTED.to_string();
            redacted.insert(name.clone());
        }
    }
}

/// The URL a capture is sent to: `to` (scheme, host and any path prefix) or `http://` and the
/// capture's own Host, then the captured path and query.
pub fn url_for(capture: &Capture, to: Option<&str>) -> String {
    let base = match to {
        Some(to) => to.trim_end_matches('/').to_string(),
        None => {
            let host = capture.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("Host")).map(|(_, v)| v.as_str());
            format!("http://{}", host.unwrap_or("localhost"))
        }
    };
    match &capture.query {
        Some(query) => format!("{base}{}?{query}", capture.path),
        None => format!("{base}{}", capture.path),
    }
}

/// A URL's path (with `/` when it has none) and query, exactly as written: no normalising, so
/// the bytes a sender used survive.
pub fn split_url(url: &str) -> Option<(String, Option<String>)> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let target = match after_scheme.find(['/', '?']) {
        Some(start) if url.contains("://") => &after_scheme[start..],
        None if url.contains("://") => "",
        _ => after_scheme,
    };
    let target = target.split('#').next().unwrap_or_default();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query.to_string())),
        None => (target, None),
    };
    let path = if path.is_empty() { "/".to_string() } else { path.to_string() };
    path.starts_with('/').then_some((path, query))
}

/// The authority of an absolute URL (`host:port`), for the Host header a request implies.
pub fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|a| !a.is_empty())
}

/// A capture built from an imported request; `received_at` falls back to now.
pub struct Incoming {
    pub method: String,
    pub url: String,
    pub headers: Vec<Header>,
    pub body: Vec<u8>,
    pub received_at: Option<String>,
    pub status: Option<u16>,
    pub provider: Option<String>,
}

impl Incoming {
    /// The capture, or what is wrong with the request (a URL with no path whk can keep).
    pub fn capture(self, from: &str, lost: &[&str]) -> Result<Capture, String> {
        let (path, query) = split_url(&self.url).ok_or_else(|| format!("{:?} is not a URL with a path", self.url))?;
        let mut headers = HeaderMap(self.headers);
        if !headers.has("Host") {
            if let Some(host) = authority(&self.url) {
                headers.0.insert(0, ("Host".to_string(), host.to_string()));
            }
        }
        let body = crate::scheme::Body::Bytes(self.body);
        let provider = self.provider.or_else(|| match crate::scheme::detect(&headers, &body).as_slice() {
            [one] => Some(one.name().to_string()),
            _ => None,
        });
        Ok(Capture {
            whk_capture: crate::fixture::VERSION,
            received_at: self.received_at.unwrap_or_else(now_rfc3339_millis),
            remote_addr: None,
            method: self.method.to_ascii_uppercase(),
            path,
            query,
            headers: headers.0,
            body: CapturedBody::from_bytes(body.as_bytes().unwrap_or_default()),
            provider,
            event: None,
            verdict: None,
            schema: None,
            response: self.status.filter(|s| *s > 0).map(|status| CapturedResponse {
                status,
                headers: Vec::new(),
                body: String::new(),
            }),
            imported: Some(Imported { from: from.to_string(), lost: lost.iter().map(|l| l.to_string()).collect() }),
        })
    }
}

fn now_rfc3339_millis() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

/// A problem at a place in an imported file: `what` was expected at `line` (1-based).
#[derive(Debug)]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

impl ImportError {
    pub fn at(line: usize, message: impl Into<String>) -> ImportError {
        ImportError { line, message: message.into() }
    }
}

impl From<serde_json::Error> for ImportError {
    fn from(e: serde_json::Error) -> Self {
        let message = e.to_string();
        // serde_json ends its messages with " at line L column C"; the line is kept apart.
        let message = message.split(" at line ").next().unwrap_or(&message).to_string();
        ImportError { line: e.line(), message }
    }
}

/// Each capture an importer finds goes to this sink; an error from it (a full disk) stops the
/// import.
pub type Sink<'a> = dyn FnMut(Capture) -> Result<(), Error> + 'a;

/// What an importer stops with: its source's fault, or the sink's.
#[derive(Debug)]
pub enum Stop {
    Source(ImportError),
    Sink(Error),
}

impl From<ImportError> for Stop {
    fn from(e: ImportError) -> Self {
        Stop::Source(e)
    }
}

impl From<serde_json::Error> for Stop {
    fn from(e: serde_json::Error) -> Self {
        Stop::Source(e.into())
    }
}
