//! Raw HTTP/1.1 requests as text: parsed for `verify --raw`, written for `sign --format http`.

use std::path::PathBuf;

use crate::error::Error;
use crate::message::{Body, Header, HeaderMap, Message};
use crate::output::{quoted, Printer};

fn malformed(why: impl std::fmt::Display) -> Error {
    Error::bad_input(format!("the raw request is malformed: {why}"))
        .hint("give a request line (POST /path HTTP/1.1), headers, a blank line, then the body; `whk sign --format http` writes one")
}

/// As many header fields as the listener takes (hyper's limit); more is refused, not cut.
pub const MAX_HEADERS: usize = 100;

/// Parses one request with the tokenizer under the listener (httparse), so what `listen` refuses
/// `verify --raw` refuses too: obs-fold, control characters, an empty header name, a version
/// other than HTTP/1.0 or 1.1. Bare LF line ends are accepted (hand-edited files, and RFC 9112
/// §2.2 lets a recipient). The body is cut at `Content-Length`, or de-chunked.
pub fn parse_request(bytes: &[u8]) -> Result<Message, Error> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut fields);
    let ends = bytes.windows(2).any(|pair| pair == b"\n\n") || bytes.windows(4).any(|four| four == b"\r\n\r\n");
    let head_len = match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Err(malformed("no blank line after the headers")),
        Err(_) if !ends => return Err(malformed("no blank line after the headers")),
        Err(err) => return Err(malformed(head_error(err, bytes))),
    };
    let (Some(method), Some(target), Some(minor)) = (parsed.method, parsed.path, parsed.version) else {
        return Err(malformed("no request line"));
    };
    let mut headers = Vec::with_capacity(parsed.headers.len());
    for field in parsed.headers.iter() {
        let value = std::str::from_utf8(field.value)
            .map_err(|_| malformed(format!("the value of {} is not UTF-8", quoted(field.name))))?;
        headers.push((field.name.to_string(), value.to_string()));
    }
    if let Some(refusal) = framing_error(minor == 0, &headers) {
        return Err(malformed(refusal.why));
    }
    let rest = &bytes[head_len..];
    let headers = HeaderMap(headers);
    let body = if headers.get("Transfer-Encoding").is_some() {
        dechunk(rest).ok_or_else(|| malformed("the chunked body is cut short or has a bad chunk size"))?
    } else if let Some(length) = headers.get("Content-Length") {
        // framing_error has checked it is digits within u64; usize is narrower on 32-bit.
        let length = usize::try_from(content_length(length).unwrap_or(u64::MAX)).unwrap_or(usize::MAX);
        if length > rest.len() {
            return Err(malformed(format!("Content-Length says {length} bytes but the body has {}", rest.len())));
        }
        rest[..length].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(Message { method: method.to_string(), target: target.to_string(), headers, body })
}

/// What is wrong with a head the tokenizer refused, in the words of the request's parts.
fn head_error(err: httparse::Error, bytes: &[u8]) -> String {
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let request_line = String::from_utf8_lossy(first_line.strip_suffix(b"\r").unwrap_or(first_line)).into_owned();
    match err {
        httparse::Error::Token | httparse::Error::Version => {
            format!("request line {} is not METHOD TARGET HTTP/1.1", quoted(&request_line))
        }
        httparse::Error::HeaderName => {
            "a header line has no name, or a space, control character or fold where its name should be".into()
        }
        httparse::Error::HeaderValue => "a header value holds a control character".into(),
        httparse::Error::NewLine => "a line ends in a bare CR".into(),
        httparse::Error::TooManyHeaders => format!("more than {MAX_HEADERS} header fields"),
        other => other.to_string(),
    }
}

/// Headers that belong to one connection, never carried from one request to another (replayed,
/// forwarded, relayed back): the transport recomputes them.
pub fn is_hop_by_hop(name: &str) -> bool {
    const CONNECTION_HEADERS: [&str; 9] = [
        "host",
        "content-length",
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "upgrade",
        "proxy-connection",
        "expect",
    ];
    CONNECTION_HEADERS.iter().any(|hop| hop.eq_ignore_ascii_case(name))
}

/// A request refused before its body is read: the status to answer and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub why: String,
}

impl Refusal {
    pub fn new(status: u16, why: impl Into<String>) -> Refusal {
        Refusal { status, why: why.into() }
    }
}

/// Why a request's body framing cannot be trusted (RFC 9112 §6), or `None`. Anything two
/// readers could frame differently is refused rather than guessed: a Content-Length that is not
/// digits within u64, two that disagree, one beside Transfer-Encoding, Transfer-Encoding in
/// HTTP/1.0, and any transfer coding but a lone `chunked` (501: whk decodes no other). The
/// listener and `verify --raw` both ask this one function.
pub fn framing_error(http_1_0: bool, headers: &[Header]) -> Option<Refusal> {
    let named =
        |name: &'static str| headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim());
    let mut length = None;
    for value in named("Content-Length") {
        let Some(parsed) = content_length(value) else {
            let why = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
                format!("Content-Length {} is too large", quoted(value))
            } else {
                format!("Content-Length {} is not a number of bytes", quoted(value))
            };
            return Some(Refusal::new(400, why));
        };
        if length.is_some_and(|first| first != parsed) {
            let all: Vec<String> = named("Content-Length").map(quoted).collect();
            return Some(Refusal::new(400, format!("conflicting Content-Length headers ({})", all.join(", "))));
        }
        length = Some(parsed);
    }
    let codings: Vec<&str> = named("Transfer-Encoding").collect();
    if codings.is_empty() {
        return None;
    }
    if length.is_some() {
        return Some(Refusal::new(400, "both Content-Length and Transfer-Encoding are set"));
    }
    if http_1_0 {
        return Some(Refusal::new(400, "Transfer-Encoding in an HTTP/1.0 request"));
    }
    let coding = codings.join(", ");
    if !coding.eq_ignore_ascii_case("chunked") {
        return Some(Refusal::new(
            501,
            format!("Transfer-Encoding {} is not supported (only chunked)", quoted(&coding)),
        ));
    }
    None
}

/// A Content-Length value: one or more digits, within u64.
pub(crate) fn content_length(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
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

/// The chunked body decoded, its size lines read by httparse as under the listener; `None` when
/// it is cut short, a size is no size, or a chunk does not end in CRLF.
fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let httparse::Status::Complete((used, size)) = httparse::parse_chunk_size(rest).ok()? else {
            return None;
        };
        rest = &rest[used..];
        if size == 0 {
            return Some(body);
        }
        let size = usize::try_from(size).ok()?;
        body.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?.strip_prefix(b"\r\n")?;
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
            (None, Body::Spooled(_)) => "@-".to_string(),
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

    /// The curl command on stdout: exact for a pipe or a script, escaped on a terminal (a
    /// replayed capture's headers are anyone's bytes).
    pub fn print_curl(&self, printer: &Printer) -> Result<(), Error> {
        printer.bytes(format!("{}\n", self.curl(printer)).as_bytes())
    }

    /// The raw HTTP/1.1 request on stdout, body streamed (escaped on a terminal).
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
pub fn shell_quote(text: &str) -> String {
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
        let why = |http_1_0, pairs: &[(&str, &str)]| framing_error(http_1_0, &head(pairs)).map(|r| (r.status, r.why));
        assert_eq!(why(false, &[("Content-Length", " 12 ")]), None);
        assert_eq!(why(false, &[("content-length", "12"), ("Content-Length", "012")]), None);
        assert_eq!(why(false, &[("Transfer-Encoding", "chunked")]), None);
        assert_eq!(why(false, &[("Transfer-Encoding", "Chunked")]), None);
        assert_eq!(why(true, &[]), None);
        for bad in ["many", "", "+5", "-1", "5 5", "1e3", "5, 5"] {
            let (status, text) = why(false, &[("Content-Length", bad)]).unwrap();
            assert!(status == 400 && text.contains("is not a number of bytes"), "{bad}: {text}");
        }
        let (_, text) = why(false, &[("Content-Length", "18446744073709551616")]).unwrap();
        assert_eq!(text, r#"Content-Length "18446744073709551616" is too large"#);
        assert_eq!(why(false, &[("Content-Length", "18446744073709551615")]), None);
        let conflict = why(false, &[("Content-Length", "2"), ("Content-Length", "3")]).unwrap();
        assert_eq!(conflict, (400, r#"conflicting Content-Length headers ("2", "3")"#.into()));
        let both = why(false, &[("Content-Length", "2"), ("Transfer-Encoding", "chunked")]).unwrap();
        assert_eq!(both, (400, "both Content-Length and Transfer-Encoding are set".into()));
        assert_eq!(why(true, &[("Transfer-Encoding", "chunked")]).unwrap().0, 400);
        for coding in ["gzip", "identity", "xchunked", "", "gzip, chunked", "chunked, chunked"] {
            let (status, text) = why(false, &[("Transfer-Encoding", coding)]).unwrap();
            assert!(status == 501 && text.contains("is not supported"), "{coding}: {text}");
        }
        let split = why(false, &[("Transfer-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]).unwrap();
        assert_eq!(split.0, 501, "codings split over two fields are one list");
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
        for head in [
            &b"POST / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n"[..],
            b"POST / HTTP/1.1\r\n: empty name\r\n\r\n",
            b"POST / HTTP/1.1\r\nX-A: a\x00b\r\n\r\n",
            b"POST / HTTP/1.1\r\nX-A: a\rb\r\n\r\n",
            b"POST / HTTP/2.0\r\n\r\n",
            b"PO\x1bST / HTTP/1.1\r\n\r\n",
        ] {
            assert!(parse_request(head).is_err(), "{:?} was accepted", String::from_utf8_lossy(head));
        }
    }
}
