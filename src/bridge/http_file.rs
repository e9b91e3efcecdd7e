//! JetBrains and VS Code REST Client `.http` files: `@host = …` at the top, requests separated
//! by `### title` lines, each a request line against `{{host}}`, its headers, a blank line and
//! the body. The line break that ends a body's last line before the next `###` (or the end of
//! the file) belongs to the file: the exporter adds one, the importer takes one off, so a body
//! round-trips exactly.

use std::io::Write;
use std::path::Path;

use super::{ExportError, Exporter, ImportError, Incoming, Outgoing, Sink, Stop};

pub struct HttpFile {
    /// The base `{{host}}` stands for: `--to`, else the first capture's.
    host: Option<String>,
    entries: usize,
}

impl HttpFile {
    pub fn new(to: Option<&str>) -> HttpFile {
        HttpFile { host: to.map(|t| t.trim_end_matches('/').to_string()), entries: 0 }
    }
}

impl Exporter for HttpFile {
    fn entry(&mut self, out: &mut dyn Write, request: &Outgoing) -> Result<(), ExportError> {
        let Ok(body) = std::str::from_utf8(&request.body) else {
            return Err(ExportError::Unfit(
                "its body is not UTF-8 text, which a .http file cannot hold (har or curl can)".into(),
            ));
        };
        if body.lines().any(|line| line.starts_with("###")) {
            return Err(ExportError::Unfit(
                "a line of its body starts with ###, which a .http file reads as the next request".into(),
            ));
        }
        let target = &request.url[request.url.find("://").map_or(0, |i| i + 3)..];
        let target_start = target.find(['/', '?']).unwrap_or(target.len());
        let base = &request.url[..request.url.len() - target.len() + target_start];
        if self.entries == 0 {
            let host = self.host.get_or_insert_with(|| base.to_string());
            writeln!(out, "@host = {host}\n")?;
        }
        let url = match self.host.as_deref() {
            Some(host) if host == base => format!("{{{{host}}}}{}", &target[target_start..]),
            _ => request.url.clone(),
        };
        // A blank line between requests; the importer takes the line break before it off the body.
        let separator = if self.entries == 0 { "" } else { "\n" };
        self.entries += 1;
        let mut text = format!(
            "{separator}### {}\n{} {url} HTTP/1.1\n",
            crate::output::sanitize_line(request.name),
            request.capture.method
        );
        for (name, value) in &request.headers {
            text.push_str(&format!("{name}: {value}\n"));
        }
        text.push('\n');
        text.push_str(body);
        text.push('\n');
        out.write_all(text.as_bytes())?;
        Ok(())
    }
}

const METHODS: [&str; 9] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"];

/// Every request in a `.http` file. `{{name}}` is filled from the file's `@name = value` lines;
/// a body of `< path` is read from that file, relative to `base` (the `.http` file's folder).
pub fn import(text: &str, base: &Path, sink: &mut Sink) -> Result<usize, Stop> {
    let mut variables: Vec<(String, String)> = Vec::new();
    let mut found = 0;
    let lines: Vec<&str> = text.split('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end_matches('\r');
        let trimmed = line.trim();
        if let Some(definition) = trimmed.strip_prefix('@') {
            if let Some((name, value)) = definition.split_once('=') {
                variables.push((name.trim().to_string(), value.trim().to_string()));
            }
            i += 1;
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
            i += 1;
            continue;
        }
        let request_line = i + 1;
        let fill = |text: &str| fill(text, &variables);
        let mut parts = trimmed.split_whitespace();
        let first = parts.next().unwrap_or_default();
        let (method, url) = if METHODS.contains(&first) {
            (
                first.to_string(),
                parts.next().ok_or_else(|| ImportError::at(request_line, "a request line with no URL"))?,
            )
        } else {
            ("GET".to_string(), first)
        };
        if let Some(version) = parts.next().filter(|v| !v.starts_with("HTTP/")) {
            return Err(ImportError::at(
                request_line,
                format!("expected HTTP/1.1 or the end of the line after the URL, found {version:?}"),
            )
            .into());
        }
        let url = fill(url);
        if !url.contains("://") && !url.starts_with('/') {
            return Err(ImportError::at(
                request_line,
                format!("{url:?} is not a URL (was a @variable left undefined?)"),
            )
            .into());
        }
        i += 1;
        let mut headers = Vec::new();
        while i < lines.len() && !lines[i].trim_end_matches('\r').is_empty() && !lines[i].starts_with("###") {
            let line = fill(lines[i].trim_end_matches('\r'));
            let header = crate::http::parse_header_line(&line)
                .ok_or_else(|| ImportError::at(i + 1, format!("expected a 'Name: value' header, found {line:?}")))?;
            headers.push(header);
            i += 1;
        }
        // The body: after the blank line, up to the next `###` line.
        let start = (i + 1).min(lines.len());
        let mut end = start;
        while end < lines.len() && !lines[end].starts_with("###") {
            end += 1;
        }
        // The line break before the next `###` (or the end of the file) is the file's, not the
        // body's; a file written with CRLF has CRLF between its body's lines too.
        let eol = if lines[request_line - 1].ends_with('\r') { "\r\n" } else { "\n" };
        let joined = match eol {
            "\r\n" => lines[start..end].iter().map(|l| l.strip_suffix('\r').unwrap_or(l)).collect::<Vec<_>>().join(eol),
            _ => lines[start..end].join(eol),
        };
        let body = joined.strip_suffix(eol).unwrap_or(&joined).to_string();
        let body = match body.strip_prefix("< ") {
            Some(path) if !path.contains('\n') => {
                let path = fill(path.trim());
                std::fs::read(base.join(&path)).map_err(|e| {
                    ImportError::at(
                        start + 1,
                        format!("cannot read the body file {path}: {}", crate::error::io_reason(&e)),
                    )
                })?
            }
            _ => body.into_bytes(),
        };
        let incoming = Incoming { method, url, headers, body, received_at: None, status: None, provider: None };
        let capture = incoming.capture("http", &[]).map_err(|m| ImportError::at(request_line, m))?;
        sink(capture).map_err(Stop::Sink)?;
        found += 1;
        i = end;
    }
    if found == 0 {
        return Err(ImportError::at(1, "no request line (METHOD URL)").into());
    }
    Ok(found)
}

/// `{{name}}` replaced by the variable's value; unknown names are left as written.
fn fill(text: &str, variables: &[(String, String)]) -> String {
    crate::template::fill(text, |name| variables.iter().rev().find(|(n, _)| n == name.trim()).map(|(_, v)| v.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_requests_variables_and_exact_bodies() {
        let text = "@host = http://127.0.0.1:9\n\n### one\nPOST {{host}}/a?x=1 HTTP/1.1\nX-A: 1\n\n{\"a\":1}\n\n\n### two\nGET {{host}}/b\n\n";
        let mut found = Vec::new();
        import(text, Path::new("."), &mut |c| {
            found.push(c);
            Ok(())
        })
        .unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].body.bytes().unwrap(), b"{\"a\":1}\n", "the file's own line break comes off");
        assert_eq!((found[0].path.as_str(), found[0].query.as_deref()), ("/a", Some("x=1")));
        assert_eq!(found[1].method, "GET");
        assert_eq!(found[1].body.bytes().unwrap(), b"");
        let bad = import("POST {{nohost}}/a\n", Path::new("."), &mut |_| Ok(()));
        assert!(matches!(bad, Err(Stop::Source(ImportError { line: 1, .. }))));
    }
}
