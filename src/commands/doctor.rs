//! `whk doctor URL -p PROVIDER --secret-env VAR`: a report card for a running receiver. It
//! sends a valid delivery and a battery of variants, one at a time (`-j N`: N at once after the baseline), and judges each answer
//! (2xx accepted, 4xx rejected, anything else an error): what must be rejected (a forged, a
//! tampered, a stale delivery) and what must be accepted (the same delivery with headers in
//! other case, a charset, a large or chunked body, a retry). whk's own verifier is the oracle:
//! a must-reject variant is only sent where whk itself rejects it for this provider.
//!
//! Every delivery names itself in `X-Whk-Doctor`, so a receiver may tell them apart.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::json;

use super::Outcome;
use crate::cli::DoctorArgs;
use crate::error::Error;
use crate::message::{Body, Header, HeaderMap, Request};
use crate::output::Printer;
use crate::scheme::{self, Scheme, SignOptions, Verdict, VerifyOptions};
use crate::secret::Secret;

/// A timestamp this far from now is outside every provider's tolerance (the widest, Mailgun's,
/// is 15 minutes).
const STALE: i64 = 3600;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    Accept,
    Reject,
    /// Rejecting it is better, accepting it is the receiver's choice (a replayed id).
    RejectIdeally,
}

/// A delivery's headers and body.
type Signed = (Vec<Header>, Vec<u8>);

struct Variant {
    name: &'static str,
    why: &'static str,
    expect: Expect,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    chunked: bool,
}

/// What a variant got and what that means.
struct Judged {
    name: &'static str,
    why: &'static str,
    expect: Expect,
    got: String,
    pass: Option<bool>,
}

pub fn run(args: DoctorArgs, printer: &Printer) -> Result<Outcome, Error> {
    let scheme = args.provider.0;
    let secrets = args.secrets.load(scheme, false, false, printer)?;
    if secrets.is_empty() && scheme.needs_secret() {
        return Err(Error::bad_input(format!("{} needs a secret to sign with", scheme.name()))
            .hint("pass --secret-env VAR with the receiver's webhook secret"));
    }
    let body = baseline_body(scheme, args.event.as_deref())?;
    let sign = Signer { scheme, url: &args.url, event: args.event.clone(), hmac: args.hmac.params() };
    let variants = sign.variants(&secrets, &body)?;
    let client = reqwest::blocking::Client::builder()
        .timeout(args.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::runtime(format!("cannot start the HTTP client: {e}")))?;
    let (baseline, rest) = variants.split_first().expect("the battery starts with its baseline");
    let got = send(&client, &args.url, baseline, args.timeout);
    // Nothing answered the baseline: no verdict means anything, and the rest would fail alike.
    if let Err(why) = &got {
        return Err(Error::runtime(format!("{} did not answer: {why}", args.url))
            .hint("start the receiver first, and check the URL"));
    }
    let mut card = vec![judge(baseline, got)];
    card.extend(send_all(&client, &args, rest));
    report(&card, &args, printer)?;
    let broken = card.iter().any(|j| j.pass == Some(false) && j.expect != Expect::RejectIdeally);
    Ok(if broken { Outcome::Negative } else { Outcome::Success })
}

/// Sends `variants`, `-j` at a time, and judges each; the card keeps the battery's order.
fn send_all(client: &reqwest::blocking::Client, args: &DoctorArgs, variants: &[Variant]) -> Vec<Judged> {
    let next = AtomicUsize::new(0);
    let judged: Mutex<Vec<Option<Judged>>> = Mutex::new(variants.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..usize::from(args.concurrency).min(variants.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(variant) = variants.get(index) else { break };
                let verdict = judge(variant, send(client, &args.url, variant, args.timeout));
                judged.lock().expect("lock")[index] = Some(verdict);
            });
        }
    });
    judged.into_inner().expect("lock").into_iter().flatten().collect()
}

/// The body the battery is made of: the catalogue event, else the provider's example, with
/// JSON spaced out, so that a receiver re-serialising JSON before verifying is caught.
fn baseline_body(scheme: &dyn Scheme, event: Option<&str>) -> Result<Vec<u8>, Error> {
    let body = match event {
        Some(name) => crate::events::named(scheme.name(), name)?.body(scheme::now_unix()).into_bytes(),
        None => crate::events::for_provider(scheme.name())
            .next()
            .map(|e| e.body(scheme::now_unix()).into_bytes())
            .unwrap_or_else(|| scheme.example_body().to_vec()),
    };
    Ok(match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(json) if json.is_object() => serde_json::to_vec_pretty(&json).unwrap_or(body),
        _ => body,
    })
}

struct Signer<'a> {
    scheme: &'static dyn Scheme,
    url: &'a str,
    event: Option<String>,
    hmac: scheme::HmacParams,
}

impl Signer<'_> {
    fn options(&self, timestamp: i64, id: &str) -> SignOptions {
        SignOptions {
            id: Some(id.to_string()),
            url: Some(self.url.to_string()),
            event: self.event.clone(),
            hmac: self.hmac.clone(),
            ..SignOptions::new(timestamp)
        }
    }

    /// The headers (with the doctor's own) and body of `body` signed at `timestamp`.
    fn signed(&self, body: &[u8], secrets: &[Secret], timestamp: i64, id: &str) -> Result<Signed, Error> {
        let signed = self.scheme.sign(&Body::Bytes(body.to_vec()), secrets, &self.options(timestamp, id))?;
        let mut headers = signed.headers;
        headers.push(("User-Agent".into(), "whk-doctor".into()));
        Ok((headers, signed.body.unwrap_or_else(|| body.to_vec())))
    }

    /// Whether whk itself takes this request as valid for the provider.
    fn valid(&self, headers: &[(String, String)], body: &[u8], secrets: &[Secret]) -> bool {
        let headers = HeaderMap(headers.to_vec());
        let body = Body::Bytes(body.to_vec());
        let request = Request { method: "POST", headers: &headers, body: &body };
        let opts = VerifyOptions {
            url: Some(self.url.to_string()),
            hmac: self.hmac.clone(),
            ..VerifyOptions::new(scheme::now_unix())
        };
        matches!(self.scheme.verify(&request, secrets, &opts), Ok(Verdict::Valid(_)))
    }

    fn variants(&self, secrets: &[Secret], body: &[u8]) -> Result<Vec<Variant>, Error> {
        let now = scheme::now_unix();
        let id = self.scheme.fresh_id();
        let (headers, base) = self.signed(body, secrets, now, &id)?;
        let wrong = vec![Secret::new(wrong_secret(self.scheme), "doctor")];
        let mut must_reject: Vec<(&'static str, &'static str, Vec<Header>, Vec<u8>)> = Vec::new();

        // The headers a signature lives in: those that change with the secret.
        let (forged, _) = self.signed(body, &wrong, now, &id)?;
        let signature_names: Vec<String> =
            headers.iter().filter(|h| !forged.contains(h)).map(|(n, _)| n.clone()).collect();
        let unsigned: Vec<_> = headers.iter().filter(|(n, _)| !signature_names.contains(n)).cloned().collect();
        must_reject.push(("no signature", "the signature headers left out", unsigned, base.clone()));
        must_reject.push(("wrong secret", "signed with another secret", forged, base.clone()));
        let mut tampered = base.clone();
        if let Some(byte) = tampered.iter_mut().rev().find(|b| b.is_ascii_alphanumeric()) {
            *byte = if *byte == b'x' { b'y' } else { b'x' };
        }
        must_reject.push(("body changed", "one byte of the body changed after signing", headers.clone(), tampered));
        let mut other = body.to_vec();
        other.extend_from_slice(b" ");
        let (other_headers, _) = self.signed(&other, secrets, now, &id)?;
        must_reject.push((
            "another body's signature",
            "the signature of a different body",
            other_headers,
            base.clone(),
        ));
        for (name, why, offset) in
            [("stale timestamp", "signed an hour ago", -STALE), ("future timestamp", "signed an hour ahead", STALE)]
        {
            let (stale, stale_body) = self.signed(body, secrets, now + offset, &id)?;
            must_reject.push((name, why, stale, stale_body));
        }
        if let Ok((empty, empty_body)) = self.signed(body, &[Secret::new("", "doctor")], now, &id) {
            must_reject.push(("empty secret", "signed with an empty secret", empty, empty_body));
        }
        if let Some((current, why)) = self.scheme.deprecated_signature() {
            let legacy = headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case(current)).cloned().collect();
            must_reject.push(("deprecated signature only", why, legacy, base.clone()));
        }

        let variant = |name, why, expect, headers: Vec<(String, String)>, body: Vec<u8>| {
            let mut headers = headers;
            headers.push(("X-Whk-Doctor".into(), name_slug(name)));
            Variant { name, why, expect, headers, body, chunked: false }
        };
        let mut battery = vec![variant("baseline", "a valid delivery", Expect::Accept, headers.clone(), base.clone())];
        // Only what whk itself refuses for this provider is a must-reject (Stripe lets a future
        // timestamp pass; GitHub signs no timestamp).
        for (name, why, forged_headers, forged_body) in must_reject {
            if !self.valid(&forged_headers, &forged_body, secrets) {
                battery.push(variant(name, why, Expect::Reject, forged_headers, forged_body));
            }
        }
        battery.push(variant(
            "replayed delivery",
            "the baseline again, same id and signature",
            Expect::RejectIdeally,
            headers.clone(),
            base.clone(),
        ));

        let recased = |upper: bool| -> Vec<(String, String)> {
            headers
                .iter()
                .map(|(n, v)| (if upper { n.to_ascii_uppercase() } else { n.to_ascii_lowercase() }, v.clone()))
                .collect()
        };
        let fresh = |body: &[u8]| self.signed(body, secrets, now, &self.scheme.fresh_id());
        battery.push(variant(
            "lower-case header names",
            "as HTTP/2 and most proxies send them",
            Expect::Accept,
            recased(false),
            base.clone(),
        ));
        battery.push(variant(
            "upper-case header names",
            "header names are case-insensitive",
            Expect::Accept,
            recased(true),
            base.clone(),
        ));
        let (charset, charset_body) = fresh(body)?;
        let charset = charset
            .into_iter()
            .map(|(n, v)| {
                if n.eq_ignore_ascii_case("Content-Type") && !v.contains("charset") {
                    (n, format!("{v}; charset=utf-8"))
                } else {
                    (n, v)
                }
            })
            .collect();
        battery.push(variant(
            "charset on Content-Type",
            "application/json; charset=utf-8",
            Expect::Accept,
            charset,
            charset_body,
        ));
        let (mut extra, extra_body) = fresh(body)?;
        extra.extend([("X-Forwarded-For".into(), "203.0.113.7".into()), ("X-Unknown-Header".into(), "1".into())]);
        battery.push(variant(
            "unknown extra headers",
            "headers a proxy or a newer sender adds",
            Expect::Accept,
            extra,
            extra_body,
        ));
        if let Ok(rotated) = self.scheme.sign(
            &Body::Bytes(body.to_vec()),
            &[wrong[0].clone(), secrets[0].clone()],
            &self.options(now, &self.scheme.fresh_id()),
        ) {
            let mut headers = rotated.headers;
            headers.push(("User-Agent".into(), "whk-doctor".into()));
            battery.push(variant(
                "extra signature (rotation)",
                "an old and a new signature side by side",
                Expect::Accept,
                headers,
                rotated.body.unwrap_or_else(|| body.to_vec()),
            ));
        }
        for (name, why, text) in [
            (
                "unicode body",
                "accents, CJK and emoji in the body",
                with_field(body, "note", json!("héllo wörld 世界 👋🏽")),
            ),
            ("1 MiB body", "a body of 1 MiB", with_field(body, "padding", json!("x".repeat(1 << 20)))),
        ] {
            let (signed_headers, signed_body) = fresh(&text)?;
            battery.push(variant(name, why, Expect::Accept, signed_headers, signed_body));
        }
        let (chunked_headers, chunked_body) = fresh(body)?;
        let mut chunked = variant(
            "chunked body",
            "Transfer-Encoding: chunked instead of Content-Length",
            Expect::Accept,
            chunked_headers,
            chunked_body,
        );
        chunked.chunked = true;
        battery.push(chunked);
        let retry_body = self.scheme.retry_body(body, 2)?.unwrap_or_else(|| body.to_vec());
        let (mut retry, signed_retry) = fresh(&retry_body)?;
        for (name, value) in self.scheme.retry_headers(2, "http_error") {
            retry.push((name, value));
        }
        battery.push(variant(
            "retried delivery",
            "attempt 2, with the sender's attempt headers",
            Expect::Accept,
            retry,
            signed_retry,
        ));
        Ok(battery)
    }
}

/// A secret of the provider's shape that is not the receiver's.
fn wrong_secret(scheme: &dyn Scheme) -> String {
    let example = scheme.example_secret().to_string();
    // The example itself would do, were it not someone's real secret; one character changed.
    let mut chars: Vec<char> = example.chars().collect();
    if let Some(c) = chars.iter_mut().rev().find(|c| c.is_ascii_alphanumeric()) {
        *c = if *c == 'A' { 'B' } else { 'A' };
    }
    chars.into_iter().collect()
}

fn name_slug(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

/// `body` (a JSON object) with one more field, or the body and the text after it.
fn with_field(body: &[u8], field: &str, value: serde_json::Value) -> Vec<u8> {
    match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body) {
        Ok(mut object) => {
            object.insert(field.into(), value);
            serde_json::to_vec_pretty(&object).unwrap_or_default()
        }
        Err(_) => [body, value.as_str().unwrap_or_default().as_bytes()].concat(),
    }
}

/// Sends one variant. Over plain HTTP the request is written as is, header names spelled as
/// the variant spells them (HTTP clients lower-case them, which would hide a receiver that
/// looks headers up by their exact case); over HTTPS, reqwest sends it.
fn send(client: &reqwest::blocking::Client, url: &str, variant: &Variant, timeout: Duration) -> Result<u16, String> {
    if let Some(rest) = url.strip_prefix("http://") {
        return send_plain(rest, variant, timeout);
    }
    let body = match variant.chunked {
        // A reader of unknown length goes out chunked.
        true => reqwest::blocking::Body::new(std::io::Cursor::new(variant.body.clone())),
        false => reqwest::blocking::Body::from(variant.body.clone()),
    };
    let mut request = client.post(url).body(body);
    for (name, value) in &variant.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    match request.send() {
        Ok(response) => Ok(response.status().as_u16()),
        Err(e) if e.is_timeout() => Err(format!("no answer within {timeout:?}")),
        Err(e) => Err(crate::delivery::error_chain(&e)),
    }
}

/// One request over a fresh connection, written byte for byte; the answer's status.
/// The longest status line doctor reads before it calls the answer not HTTP.
const STATUS_LINE_LIMIT: u64 = 8 * 1024;

fn send_plain(authority_and_path: &str, variant: &Variant, timeout: Duration) -> Result<u16, String> {
    use std::io::Write;
    let split = authority_and_path.find(['/', '?']).unwrap_or(authority_and_path.len());
    let (authority, target) = authority_and_path.split_at(split);
    let target = if target.is_empty() { "/" } else { target };
    let address = std::net::ToSocketAddrs::to_socket_addrs(&if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    })
    .map_err(|e| e.to_string())?
    .next()
    .ok_or_else(|| format!("{authority} has no address"))?;
    let mut stream =
        std::net::TcpStream::connect_timeout(&address, timeout).map_err(|e| crate::error::io_reason(&e))?;
    stream.set_write_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    let mut head = format!("POST {target} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    for (name, value) in variant.headers.iter().filter(|(n, _)| !crate::http::is_hop_by_hop(n)) {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let mut request = head.into_bytes();
    if variant.chunked {
        request.extend_from_slice(b"Transfer-Encoding: chunked\r\n\r\n");
        for chunk in variant.body.chunks(16 * 1024) {
            request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            request.extend_from_slice(chunk);
            request.extend_from_slice(b"\r\n");
        }
        request.extend_from_slice(b"0\r\n\r\n");
    } else {
        request.extend_from_slice(format!("Content-Length: {}\r\n\r\n", variant.body.len()).as_bytes());
        request.extend_from_slice(&variant.body);
    }
    let timed_out = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => format!("no answer within {timeout:?}"),
        _ => crate::error::io_reason(&e),
    };
    stream.write_all(&request).map_err(timed_out)?;
    let status_line = status_line(&stream, timeout).map_err(timed_out)?;
    let status_line = String::from_utf8_lossy(&status_line);
    let mut words = status_line.split_whitespace();
    let version = words.next().filter(|v| v.starts_with("HTTP/1."));
    version
        .and(words.next())
        .and_then(|code| code.parse::<u16>().ok())
        .filter(|code| (100..600).contains(code))
        .ok_or_else(|| {
            let shown: String = status_line.trim().chars().take(80).collect();
            format!("not an HTTP answer: {}", crate::output::quoted(&shown))
        })
}

/// The answer's first line, read within `timeout` in all and at most [`STATUS_LINE_LIMIT`]
/// bytes of it: a receiver that trickles or never ends its answer holds neither time nor memory.
fn status_line(mut stream: &std::net::TcpStream, timeout: Duration) -> std::io::Result<Vec<u8>> {
    let deadline = std::time::Instant::now() + timeout;
    let mut line = Vec::new();
    let mut chunk = [0u8; 512];
    while !line.contains(&b'\n') && (line.len() as u64) < STATUS_LINE_LIMIT {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        stream.set_read_timeout(Some(left))?;
        match std::io::Read::read(&mut stream, &mut chunk)? {
            0 => break,
            n => line.extend_from_slice(&chunk[..n]),
        }
    }
    Ok(line.split(|b| *b == b'\n').next().unwrap_or_default().to_vec())
}

fn judge(variant: &Variant, got: Result<u16, String>) -> Judged {
    let (got, pass) = match got {
        Ok(status @ 200..=299) => (format!("{status} accepted"), Some(variant.expect == Expect::Accept)),
        Ok(status @ 400..=499) => (format!("{status} rejected"), Some(variant.expect != Expect::Accept)),
        Ok(status) => (format!("{status} error"), None),
        Err(why) => (why, None),
    };
    Judged { name: variant.name, why: variant.why, expect: variant.expect, got, pass }
}

fn report(card: &[Judged], args: &DoctorArgs, printer: &Printer) -> Result<(), Error> {
    let expected = |e: Expect| match e {
        Expect::Accept => "accept",
        Expect::Reject => "reject",
        Expect::RejectIdeally => "reject (ideally)",
    };
    let verdict = |j: &Judged| match (j.pass, j.expect) {
        (Some(true), _) => "pass",
        (Some(false), Expect::RejectIdeally) => "warn",
        (Some(false), _) => "FAIL",
        (None, _) => "error",
    };
    if printer.json_mode() {
        let rows: Vec<_> = card
            .iter()
            .map(|j| json!({"variant": j.name, "what": j.why, "expected": expected(j.expect), "got": j.got, "verdict": verdict(j)}))
            .collect();
        printer.json(&json!({"target": args.url, "provider": args.provider.0.name(), "variants": rows}))?;
    } else {
        printer.line(&format!("{:<28} {:<17} {:<22} verdict", "variant", "expected", "got"))?;
        for j in card {
            let line = format!("{:<28} {:<17} {:<22} {}", j.name, expected(j.expect), j.got, verdict(j));
            printer.line(&crate::output::sanitize_line(&line))?;
        }
        let failed: Vec<_> =
            card.iter().filter(|j| verdict(j) == "FAIL").map(|j| format!("{} ({})", j.name, j.why)).collect();
        match failed.as_slice() {
            [] => printer.info("no flaw found: every forgery was rejected and every valid variant accepted"),
            flaws => printer.warn(&format!("flaws: {}", flaws.join("; "))),
        }
    }
    if let Some(path) = &args.report_junit {
        let mut report = quick_junit::Report::new("whk doctor");
        let mut suite = quick_junit::TestSuite::new(args.url.clone());
        for j in card {
            let status = match verdict(j) {
                "pass" | "warn" => quick_junit::TestCaseStatus::success(),
                _ => {
                    let mut failure = quick_junit::TestCaseStatus::non_success(quick_junit::NonSuccessKind::Failure);
                    failure.set_message(format!("expected {}, got {}", expected(j.expect), j.got));
                    failure
                }
            };
            suite.add_test_case(quick_junit::TestCase::new(j.name, status));
        }
        report.add_test_suite(suite);
        let xml = report.to_string().map_err(|e| Error::runtime(format!("cannot write the JUnit report: {e}")))?;
        crate::atomic_file::write(path, xml.as_bytes())
            .map_err(|e| Error::runtime(format!("cannot write {}: {}", path.display(), crate::error::io_reason(&e))))?;
    }
    Ok(())
}
