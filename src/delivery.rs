//! Delivering a request the way a webhook sender does: one HTTP attempt, the decision to retry,
//! how long to wait, and each provider's documented sender behaviour (`--as-sender`).

use std::time::{Duration, Instant};

use rand_core::{OsRng, RngCore};

use crate::error::{Error, ExitCode};
use crate::message::{Header, Message};
pub use crate::sender::{doubling, schedule, Delays, Policy, RetryOn, Sender, HOUR, MIN};

/// What one attempt came to.
#[derive(Debug)]
pub enum Attempt {
    Response(Response),
    Failed(Failure),
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<Header>,
    /// At most [`BODY_KEPT`] bytes; `truncated` says whether more came.
    pub body: Vec<u8>,
    pub truncated: bool,
    pub elapsed: Duration,
}

#[derive(Debug)]
pub struct Failure {
    pub kind: FailureKind,
    pub message: String,
    pub elapsed: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    Connect,
    Timeout,
    Tls,
    Redirect,
    /// The request itself cannot be sent (a header value HTTP does not allow): nothing was
    /// tried, and trying again would not help.
    Invalid,
    Other,
}

/// How much of a response body is kept for display and reports.
pub const BODY_KEPT: usize = 64 * 1024;

impl Attempt {
    pub fn status(&self) -> Option<u16> {
        match self {
            Attempt::Response(r) => Some(r.status),
            Attempt::Failed(_) => None,
        }
    }

    pub fn elapsed(&self) -> Duration {
        match self {
            Attempt::Response(r) => r.elapsed,
            Attempt::Failed(f) => f.elapsed,
        }
    }

    /// pyannote.ai's `X-Retry-Reason` vocabulary, which fits every sender's failures.
    pub fn reason(&self) -> &'static str {
        match self {
            Attempt::Response(_) => "http_error",
            Attempt::Failed(f) => match f.kind {
                FailureKind::Timeout => "http_timeout",
                FailureKind::Connect => "connection_failed",
                FailureKind::Tls => "ssl_error",
                FailureKind::Redirect => "too_many_redirects",
                FailureKind::Invalid => "invalid_request",
                FailureKind::Other => "unknown_error",
            },
        }
    }
}

/// The HTTP client for a run: TLS by rustls, proxies from the environment, redirects only when
/// asked for.
pub struct Client {
    inner: reqwest::blocking::Client,
}

pub struct ClientOptions {
    pub timeout: Duration,
    pub insecure: bool,
    /// How many redirects to follow; 0 follows none.
    pub redirects: usize,
}

impl Client {
    pub fn new(options: &ClientOptions) -> Result<Client, Error> {
        let redirect = match options.redirects {
            0 => reqwest::redirect::Policy::none(),
            n => reqwest::redirect::Policy::limited(n),
        };
        let inner = reqwest::blocking::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.timeout.min(Duration::from_secs(10)))
            .redirect(redirect)
            .danger_accept_invalid_certs(options.insecure)
            .build()
            .map_err(|e| {
                Error::runtime(format!("cannot start the HTTP client: {}", error_chain(&e)))
                    .hint("lower -j/--concurrency, or raise the process's thread or memory limit")
            })?;
        Ok(Client { inner })
    }

    /// The request, unsent: for a caller that reads the answer its own way (`--forward-to`).
    pub fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[Header],
        body: Vec<u8>,
    ) -> reqwest::blocking::RequestBuilder {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::POST);
        let mut request = self.inner.request(method, url).body(body);
        for (name, value) in headers {
            request = request.header(name.as_str(), value.as_str());
        }
        request
    }

    /// One request, timed; never an `Err`: a failure is an outcome to report and maybe retry.
    pub fn send(&self, method: &str, url: &str, headers: &[Header], body: Vec<u8>) -> Attempt {
        let started = Instant::now();
        match self.request(method, url, headers, body).send() {
            Ok(response) => read_response(response, started),
            Err(err) => Attempt::Failed(classify(&err, started.elapsed())),
        }
    }
}

/// The retry loop `send` and `replay` share. `build` makes attempt `number` (1-based, its
/// target the URL), given
/// the one before, so that every retry carries a fresh signature (a timestamped scheme's retry
/// past its tolerance would otherwise arrive stale) and the sender's per-attempt headers;
/// `seen` hears of each attempt and of the wait before the next one, if there is one. Ends at
/// an answer `met` accepts, one the policy does not retry, or the last retry.
pub fn deliver(
    client: &Client,
    policy: &Policy,
    met: impl Fn(u16) -> bool,
    mut build: impl FnMut(u32, Option<&Attempt>) -> Result<Message, Error>,
    mut seen: impl FnMut(u32, &Attempt, Option<Duration>) -> Result<(), Error>,
) -> Result<(Attempt, u32), Error> {
    let total = policy.retries + 1;
    let mut previous = None;
    let mut number = 1;
    loop {
        let Message { method, target, headers, body } = build(number, previous.as_ref())?;
        let attempt = client.send(&method, &target, &headers.0, body);
        let done = attempt.status().is_some_and(&met);
        let retry = (!done && number < total && policy.should_retry(&attempt)).then(|| policy.delay(number, &attempt));
        seen(number, &attempt, retry)?;
        let Some(wait) = retry else {
            return Ok((attempt, number));
        };
        std::thread::sleep(wait);
        previous = Some(attempt);
        number += 1;
    }
}

fn read_response(response: reqwest::blocking::Response, started: Instant) -> Attempt {
    use std::io::Read;
    let status = response.status();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let mut body = Vec::new();
    let mut reader = response.take(BODY_KEPT as u64 + 1);
    if let Err(err) = reader.read_to_end(&mut body) {
        return Attempt::Failed(Failure {
            kind: FailureKind::Other,
            message: format!("the response body broke off: {err}"),
            elapsed: started.elapsed(),
        });
    }
    let truncated = body.len() > BODY_KEPT;
    body.truncate(BODY_KEPT);
    Attempt::Response(Response {
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_string(),
        headers,
        body,
        truncated,
        elapsed: started.elapsed(),
    })
}

fn classify(err: &reqwest::Error, elapsed: Duration) -> Failure {
    let chain = error_chain(err);
    let kind = if err.is_builder() {
        FailureKind::Invalid
    } else if err.is_timeout() {
        FailureKind::Timeout
    } else if err.is_redirect() {
        FailureKind::Redirect
    } else if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake") {
        FailureKind::Tls
    } else if err.is_connect() {
        FailureKind::Connect
    } else {
        FailureKind::Other
    };
    Failure { kind, message: chain, elapsed }
}

/// The causes under reqwest's "error sending request for url (…)", which say what happened.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source = err.source();
    if source.is_none() {
        return err.to_string();
    }
    while let Some(cause) = source {
        let text = crate::error::io_reason(&std::io::Error::other(cause.to_string()));
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// The runtime failure a final network error becomes: exit 4, with what to check.
pub fn failure_error(failure: &Failure, url: &str) -> Error {
    let target = url::Url::parse(url)
        .ok()
        .and_then(|u| Some(format!("{}:{}", u.host_str()?, u.port_or_known_default()?)))
        .unwrap_or_else(|| url.to_string());
    let (message, hint) = match failure.kind {
        FailureKind::Connect if failure.message.contains("refused") => (
            format!("nothing listens on {target}"),
            "is your app running? start it, or point the URL at the right port".to_string(),
        ),
        FailureKind::Connect => (
            format!("cannot connect to {target}: {}", failure.message),
            "check the host name and that the network reaches it".into(),
        ),
        FailureKind::Timeout => (
            format!("{target} did not answer within the timeout"),
            "raise --timeout, or check why the endpoint hangs".into(),
        ),
        FailureKind::Tls => (
            format!("TLS with {target} failed: {}", failure.message),
            "fix the certificate, or pass --insecure for a test server".into(),
        ),
        FailureKind::Redirect => (format!("too many redirects from {target}"), "send to the final URL".into()),
        FailureKind::Invalid => (
            format!("the request to {target} cannot be sent: {}", failure.message),
            "a header value holds a character HTTP does not allow; fix it or drop it (-H, --drop-header)".into(),
        ),
        FailureKind::Other => {
            (format!("request to {target} failed: {}", failure.message), "run with -v for the request".into())
        }
    };
    let err = Error::runtime(message).hint(hint);
    debug_assert_eq!(err.exit_code(), ExitCode::Runtime);
    err
}

/// Which responses count as success for `--expect`: `2xx`, `200`, `401`, `4xx`, or a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    text: String,
    accepted: Vec<(u16, u16)>,
}

impl Expect {
    pub fn parse(text: &str) -> Result<Expect, String> {
        let mut accepted = Vec::new();
        for part in text.split(',').map(str::trim) {
            let range = match part.as_bytes() {
                [d @ b'1'..=b'5', b'x' | b'X', b'x' | b'X'] => {
                    let base = u16::from(d - b'0') * 100;
                    (base, base + 99)
                }
                _ => match part.parse::<u16>() {
                    Ok(code) if (100..600).contains(&code) => (code, code),
                    _ => return Err(format!("{part:?} is not a status code or class like 2xx")),
                },
            };
            accepted.push(range);
        }
        Ok(Expect { text: text.to_string(), accepted })
    }

    pub fn met(&self, status: u16) -> bool {
        self.accepted.iter().any(|(lo, hi)| (*lo..=*hi).contains(&status))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Policy {
    pub fn should_retry(&self, attempt: &Attempt) -> bool {
        match (attempt, self.retry_on) {
            (Attempt::Failed(failure), _) => failure.kind != FailureKind::Invalid,
            (Attempt::Response(r), RetryOn::Transient) => r.status >= 500 || r.status == 429,
            (Attempt::Response(r), RetryOn::AnyFailure) => !(200..300).contains(&r.status),
            (Attempt::Response(r), RetryOn::ServerErrors) => r.status >= 500,
        }
    }

    /// The wait before retry number `retry` (1-based). A 429 or 503's `Retry-After` wins.
    pub fn delay(&self, retry: u32, attempt: &Attempt) -> Duration {
        let wait = retry_after(attempt).unwrap_or_else(|| self.scheduled(retry, true));
        wait.mul_f64(self.time_scale.max(0.0))
    }

    /// The wait before retry `retry` (1-based) as the schedule has it, before `time_scale`;
    /// with `jitter` where the schedule asks for it.
    pub fn scheduled(&self, retry: u32, jitter: bool) -> Duration {
        match &self.delays {
            Delays::Schedule(waits) => waits.get(retry as usize - 1).or(waits.last()).copied().unwrap_or_default(),
            Delays::Exponential { initial, max, jitter: wanted } => {
                let grown = initial.saturating_mul(2u32.saturating_pow(retry.saturating_sub(1).min(30)));
                with_jitter(grown.min(*max), jitter && *wanted)
            }
            Delays::Fixed { delay, jitter: wanted } => with_jitter(*delay, jitter && *wanted),
        }
    }
}

/// Full jitter: uniformly anywhere in [0, wait].
fn with_jitter(wait: Duration, jitter: bool) -> Duration {
    if !jitter {
        return wait;
    }
    let fraction = (OsRng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    wait.mul_f64(fraction)
}

/// `Retry-After` as seconds or an HTTP date, on a 429 or 503.
fn retry_after(attempt: &Attempt) -> Option<Duration> {
    let Attempt::Response(r) = attempt else { return None };
    if r.status != 429 && r.status != 503 {
        return None;
    }
    let value = r.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("retry-after"))?.1.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(std::time::SystemTime::now()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)]) -> Attempt {
        Attempt::Response(Response {
            status,
            reason: String::new(),
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: Vec::new(),
            truncated: false,
            elapsed: Duration::ZERO,
        })
    }

    #[test]
    fn expect_takes_codes_classes_and_lists() {
        let e = Expect::parse("2xx,401").unwrap();
        assert!(e.met(200) && e.met(299) && e.met(401) && !e.met(400) && !e.met(500));
        assert!(Expect::parse("600").is_err() && Expect::parse("2xy").is_err() && Expect::parse("").is_err());
    }

    #[test]
    fn default_policy_retries_transient_failures_only() {
        let policy =
            Policy { retries: 3, retry_on: RetryOn::Transient, delays: Delays::Schedule(vec![]), time_scale: 1.0 };
        assert!(policy.should_retry(&response(500, &[])) && policy.should_retry(&response(429, &[])));
        assert!(!policy.should_retry(&response(404, &[])) && !policy.should_retry(&response(401, &[])));
        let failed =
            Attempt::Failed(Failure { kind: FailureKind::Connect, message: String::new(), elapsed: Duration::ZERO });
        assert!(policy.should_retry(&failed));
    }

    #[test]
    fn exponential_backoff_doubles_to_the_cap_and_scales() {
        let delays =
            Delays::Exponential { initial: Duration::from_secs(1), max: Duration::from_secs(5), jitter: false };
        let policy = Policy { retries: 5, retry_on: RetryOn::Transient, delays, time_scale: 1.0 };
        let waits: Vec<u64> = (1..=4).map(|n| policy.delay(n, &response(500, &[])).as_secs()).collect();
        assert_eq!(waits, vec![1, 2, 4, 5]);
        let fast = Policy { time_scale: 0.001, ..policy };
        assert_eq!(fast.delay(2, &response(500, &[])), Duration::from_millis(2));
    }

    #[test]
    fn retry_after_wins_on_429_and_503() {
        let policy = Policy { retries: 1, retry_on: RetryOn::Transient, delays: schedule(&[1]), time_scale: 1.0 };
        assert_eq!(policy.delay(1, &response(429, &[("Retry-After", "7")])), Duration::from_secs(7));
        assert_eq!(policy.delay(1, &response(500, &[("Retry-After", "7")])), Duration::from_secs(1));
    }

    #[test]
    fn jitter_stays_within_the_wait() {
        for _ in 0..100 {
            assert!(with_jitter(Duration::from_secs(2), true) <= Duration::from_secs(2));
        }
    }

    fn sender(provider: &str) -> Option<Sender> {
        crate::scheme::find(provider).unwrap().sender()
    }

    #[test]
    fn senders_follow_their_documents() {
        let medilab = sender("medilab").unwrap();
        let waits: Vec<u64> = (1..=3).map(|n| medilab.policy.delay(n, &response(500, &[])).as_secs()).collect();
        assert_eq!((waits, medilab.policy.retries, medilab.max_retries), (vec![60, 120, 240], 3, 10));
        let pyannote = sender("pyannote").unwrap();
        assert_eq!(pyannote.policy.delay(2, &response(500, &[])), Duration::from_secs(60));
        assert_eq!(sender("github").unwrap().policy.retries, 0);
        assert!(sender("bakai").is_none());
        assert_eq!(sender("svix"), sender("standard-webhooks"), "Standard Webhooks follows Svix's schedule");
        let svix = sender("svix").unwrap();
        assert_eq!(svix.policy.delay(2, &response(500, &[])), Duration::from_secs(5 * MIN));
        assert_eq!(
            (sender("stripe").unwrap().policy.retries, sender("pulse").unwrap().policy.retry_on),
            (8, RetryOn::ServerErrors)
        );
    }
}
