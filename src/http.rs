//! Raw HTTP/1.1 requests as text: parsed for `verify --raw`, written for `sign --format http`.

use std::path::PathBuf;

use crate::error::Error;
use crate::output::{quoted, Printer};
use crate::scheme::{Body, Header, HeaderMap};

#[derive(Debug)]
pub struct RawRequest {
    pub method: String,
    pub target: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

fn malformed(why: impl std::fmt::Display) -> Error {
    Error::bad_input(format!("the raw request is malformed: {why}"))
        .hint("give a request line (POST /path HTTP/1.1), headers, a blank line, then the body; `whk sign --format http` writes one")
}

/// Parses one request. CRLF or bare LF line ends are accepted (hand-edited files); the body is
/// cut at `Content-Length`, or de-chunked for `Transfer-Encoding: chunked`.
pub fn parse_request(bytes: &[u8]) -> Result<RawRequest, Error> {
    let (head, rest) = split_head(bytes).ok_or_else(|| malformed("no blank line after the headers"))?;
    let head = std::str::from_utf8(head).map_err(|_| malformed("the request line or headers are not UTF-8"))?;
    let mut lines = head.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(malformed(format!("request line {} is not METHOD TARGET HTTP/1.1", quoted(request_line))));
    };
    if !version.starts_with("HTTP/") || method.is_empty() {
        return Err(malformed(format!("request line {} is not METHOD TARGET HTTP/1.1", quoted(request_line))));
    }
    let mut headers = Vec::new();
    for line in lines {
        headers.push(
            parse_header_line(line).ok_or_else(|| malformed(format!("header line {} has no colon", quoted(line))))?,
        );
    }
    if let Some(why) = framing_error(&headers) {
        return Err(malformed(why));
    }
    let headers = HeaderMap(headers);
    let body = if headers.get("Transfer-Encoding").is_some_and(|te| te.eq_ignore_ascii_case("chunked")) {
        dechunk(rest).ok_or_else(|| malformed("the chunked body is cut short or has a bad chunk size"))?
    } else if let Some(length) = headers.get("Content-Length") {
        let length: usize =
            length.trim().parse().map_err(|_| malformed(format!("Content-Length {} is too large", quoted(length))))?;
        if length > rest.len() {
            return Err(malformed(format!("Content-Length says {length} bytes but the body has {}", rest.len())));
        }
        rest[..length].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(RawRequest { method: method.to_string(), target: target.to_string(), headers, body })
}

/// Why a request's body framing cannot be trusted (RFC 9112 §6.3), or `None`: a Content-Length
/// that is not a number, two that disagree, or one beside Transfer-Encoding. `listen` answers
/// such a request 400 (tiny_http would read an unparsable length as "no body" and take the
/// bytes after the head for a second request); `verify --raw` refuses it as malformed.
pub fn framing_error(headers: &[Header]) -> Option<String> {
    let lengths: Vec<&str> =
        headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("Content-Length")).map(|(_, v)| v.trim()).collect();
    if let Some(bad) = lengths.iter().find(|v| v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit())) {
        return Some(format!("Content-Length {} is not a number of bytes", quoted(bad)));
    }
    if lengths.windows(2).any(|pair| pair[0].trim_start_matches('0') != pair[1].trim_start_matches('0')) {
        return Some(format!(
            "conflicting Content-Length headers ({})",
            lengths.iter().map(|v| quoted(v)).collect::<Vec<_>>().join(", ")
        ));
    }
    let chunked = headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("Transfer-Encoding"));
    (chunked && !lengths.is_empty()).then(|| "both Content-Length and Transfer-Encoding are set".to_string())
}

/// `Name: value` → (name, value with surrounding spaces removed); `None` without a colon or name.
pub fn parse_header_line(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    Some((name.to_string(), value.trim().to_string()))
}

fn split_head(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let crlf = bytes.windows(4).position(|w| w == b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = bytes.windows(2).position(|w| w == b"\n\n").map(|i| (i, i + 2));
    let (end, body) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    Some((&bytes[..end], &bytes[body..]))
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

/// The request a provider would send, for `--format curl` and `--format http`.
pub struct Outgoing<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [Header],
    pub body: Body,
    /// The file the body came from, for curl's `--data-binary @file` (`-`: it came from stdin).
    pub data_file: Option<PathBuf>,
    /// Redacted headers whose value a shell can read from an environment variable.
    pub from_env: Vec<(usize, String)>,
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

    /// A curl command that sends exactly these bytes.
    pub fn curl(&self, printer: &Printer) -> String {
        let mut command = format!("curl -sS -X {} {}", shell_quote(self.method), shell_quote(self.url));
        for (index, (name, value)) in self.headers().into_iter().enumerate() {
            let header = match self.from_env.iter().find(|(i, _)| *i == index) {
                // Double quotes, so the shell fills in the secret and it is never printed.
                Some((_, var)) => format!("\"{name}: ${{{var}}}\""),
                None => shell_quote(&format!("{name}: {value}")),
            };
            command.push_str(&format!(" \\\n  -H {header}"));
        }
        let data = match (&self.data_file, &self.body) {
            (Some(path), _) if path.as_os_str() == "-" => {
                printer.warn("the body came from stdin: pipe the same bytes into this curl command's stdin");
                "@-".to_string()
            }
            (Some(path), _) | (_, Body::File(path)) => format!("@{}", path.display()),
            (_, Body::Bytes(bytes)) => match std::str::from_utf8(bytes) {
                Ok(text) if !text.contains('\0') => text.to_string(),
                _ => {
                    printer.warn("the body is binary: pipe the same bytes into this curl command's stdin");
                    "@-".to_string()
                }
            },
        };
        command.push_str(&format!(" \\\n  --data-binary {}", shell_quote(&data)));
        command
    }

    /// The raw HTTP/1.1 request on stdout, body streamed.
    pub fn write_http(&self, printer: &Printer) -> Result<(), Error> {
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
    fn raw_requests_with_untrustworthy_framing_are_malformed() {
        let both = b"POST / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
        let err = parse_request(both).unwrap_err().to_string();
        assert!(err.contains("both Content-Length and Transfer-Encoding are set"), "{err}");
        let huge = b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n{}";
        let err = parse_request(huge).unwrap_err().to_string();
        assert!(err.contains("is too large"), "{err}");
    }

    #[test]
    fn framing_is_trusted_only_when_it_is_unambiguous() {
        let head = |pairs: &[(&str, &str)]| -> Vec<Header> {
            pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
        };
        assert_eq!(framing_error(&head(&[("Content-Length", " 12 ")])), None);
        assert_eq!(framing_error(&head(&[("content-length", "12"), ("Content-Length", "012")])), None);
        assert_eq!(framing_error(&head(&[("Transfer-Encoding", "chunked")])), None);
        assert_eq!(framing_error(&[]), None);
        for bad in ["many", "", "+5", "-1", "5 5", "1e3"] {
            let why = framing_error(&head(&[("Content-Length", bad)])).unwrap();
            assert!(why.contains("is not a number of bytes"), "{bad}: {why}");
        }
        let conflict = framing_error(&head(&[("Content-Length", "2"), ("Content-Length", "3")])).unwrap();
        assert_eq!(conflict, r#"conflicting Content-Length headers ("2", "3")"#);
        let both = framing_error(&head(&[("Content-Length", "2"), ("Transfer-Encoding", "chunked")])).unwrap();
        assert_eq!(both, "both Content-Length and Transfer-Encoding are set");
    }

    #[test]
    fn shell_quote_keeps_plain_words_and_quotes_the_rest() {
        assert_eq!(shell_quote("http://127.0.0.1:8000/hook"), "http://127.0.0.1:8000/hook");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn parses_crlf_request_and_cuts_at_content_length() {
        let raw = b"POST /hook?x=1 HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nX-A: 2\r\nContent-Length: 5\r\n\r\nhello-extra";
        let req = parse_request(raw).unwrap();
        assert_eq!(req.method, "POST");
        assert_eq!(req.target, "/hook?x=1");
        assert_eq!(req.headers.0.iter().filter(|(n, _)| n == "X-A").count(), 2);
        assert_eq!(req.body, b"hello");
    }

    #[test]
    fn accepts_bare_lf_and_keeps_body_bytes() {
        let req = parse_request(b"POST / HTTP/1.1\nA: b\n\nline1\r\nline2\n").unwrap();
        assert_eq!(req.body, b"line1\r\nline2\n");
    }

    #[test]
    fn dechunks() {
        let req =
            parse_request(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n")
                .unwrap();
        assert_eq!(req.body, b"abcde");
    }

    #[test]
    fn rejects_what_is_not_a_request() {
        assert!(parse_request(b"hello").is_err());
        assert!(parse_request(b"GARBAGE\r\n\r\n").is_err());
        assert!(parse_request(b"POST / HTTP/1.1\r\nNoColon\r\n\r\n").is_err());
        assert!(parse_request(b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc").is_err());
        assert!(parse_request(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").is_err());
    }
}
