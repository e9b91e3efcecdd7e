//! The HTTP/1.1 server under `whk listen`: hyper on tokio, a task per connection. hyper frames
//! requests strictly (RFC 9112) and answers what it cannot parse (400, 431); whk adds what hyper
//! leaves to the application: the framing rules `verify --raw` shares ([`framing_error`]), the
//! Host rule, the body limit and the timeouts. A refused request is answered once with
//! `Connection: close`, so nothing after it on that connection is ever read as a request.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http_body_util::BodyExt;
use hyper::body::{Body as _, Incoming};
use hyper::header::{HeaderName, HeaderValue, CONNECTION, CONTENT_TYPE, HOST};
use hyper::server::conn::http1;
use hyper::{Method, Request, Response, StatusCode, Version};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_io_timeout::TimeoutStream;

use super::answer::Answer;
use super::handle::{Delivery, State, RESERVED};
use super::tap::{Heads, Tap};
use super::ui::{self, full, Inspector, UiRequest};
use super::Tally;
use crate::http::{framing_error, Refusal};
use crate::message::{Header, HeaderMap, Message};

/// hyper's read buffer, and so the most a request head may take: past it, 431.
pub const HEAD_LIMIT: usize = 64 * 1024;
/// A body's buffer starts no larger than this, whatever Content-Length claims.
const FIRST_BODY_CAPACITY: u64 = 64 * 1024;
/// After a refusal, what the sender still has in flight is read and dropped, up to this much
/// for this long, so that the answer reaches it before the close turns into a reset.
const LINGER_BYTES: usize = 256 * 1024;
const LINGER_TIME: Duration = Duration::from_secs(1);
/// A failed accept (most often: out of descriptors) is retried after this pause.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

type Reply = ui::Reply;

/// Accepts until `stop` says so, then waits for the connections (idle ones are closed, requests
/// in flight are answered).
pub async fn serve(listener: TcpListener, state: Arc<State>, tally: Arc<Tally>, mut stop: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    let mut warned = false;
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => break,
        };
        while connections.try_join_next().is_some() {}
        match accepted {
            Ok((stream, peer)) => {
                connections.spawn(Connection::serve(stream, peer, state.clone(), tally.clone(), stop.clone()));
            }
            // The peer gave up before its connection was accepted: nothing to report.
            Err(err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                ) => {}
            Err(err) => {
                if !warned {
                    warned = true;
                    state.printer.warn(&format!(
                        "cannot accept connections ({}); whk keeps serving and retries",
                        crate::error::io_reason(&err)
                    ));
                }
                tokio::time::sleep(ACCEPT_BACKOFF).await;
            }
        }
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
}

/// What every request on one connection needs.
#[derive(Clone)]
struct Connection {
    state: Arc<State>,
    tally: Arc<Tally>,
    peer: SocketAddr,
    heads: Heads,
    /// Raised when the connection carries an event stream (see [`Socket`]).
    streaming: Arc<AtomicBool>,
}

/// The connection's socket under its read and write timeouts. An event stream (the inspector's
/// live list) lifts the read timeout: it stays open with nothing to read, and hyper keeps a read
/// pending all the while. A page that goes away is noticed when a keep-alive write fails.
struct Socket {
    io: Pin<Box<TimeoutStream<TcpStream>>>,
    streaming: Arc<AtomicBool>,
}

impl tokio::io::AsyncRead for Socket {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if self.streaming.swap(false, Ordering::SeqCst) {
            self.io.as_mut().set_read_timeout_pinned(None);
        }
        self.io.as_mut().poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Socket {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.io.as_mut().poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        self.io.as_mut().poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        self.io.as_mut().poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.io.as_mut().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}

impl Connection {
    async fn serve(
        stream: TcpStream,
        peer: SocketAddr,
        state: Arc<State>,
        tally: Arc<Tally>,
        mut stop: watch::Receiver<bool>,
    ) {
        let _ = stream.set_nodelay(true);
        let timeout = state.read_timeout;
        // Every read and write waits at most --read-timeout: an idle keep-alive connection, a
        // trickled body and a sender that never reads its answer all end there.
        let mut io = TimeoutStream::new(stream);
        io.set_read_timeout(Some(timeout));
        io.set_write_timeout(Some(timeout));
        let streaming = Arc::new(AtomicBool::new(false));
        let (mut tap, heads) = Tap::new(Socket { io: Box::pin(io), streaming: streaming.clone() });
        let refused = Arc::new(AtomicBool::new(false));
        let connection = Connection { state: state.clone(), tally, peer, heads, streaming };
        let result = {
            let refused = refused.clone();
            let service =
                hyper::service::service_fn(move |request| connection.clone().respond(request, refused.clone()));
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                // The whole head, however it trickles in, within --read-timeout.
                .header_read_timeout(timeout)
                .max_buf_size(HEAD_LIMIT)
                .serve_connection(TokioIo::new(&mut tap), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => result,
                _ = stop.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            }
        };
        let mut linger = refused.load(Ordering::SeqCst);
        if let Err(err) = result {
            if err.is_parse_version_h2() {
                let _ = tap.inner_mut().io.write_all(&http2_refusal()).await;
                state.warn_refused(505, &peer.to_string(), "an HTTP/2 connection preface (whk speaks HTTP/1.1)");
                linger = true;
            } else if err.is_parse() || err.is_parse_too_large() {
                state.warn_refused(status_of_parse_error(&err), &peer.to_string(), &err.to_string());
                linger = true;
            }
        }
        if linger {
            drain_then_close(tap.inner_mut().io.as_mut()).await;
        }
    }

    /// One request: refused, answered by a built-in endpoint, or read whole and handed to
    /// [`State::handle`]. A scripted `drop` fails the service, on which hyper closes the
    /// connection without writing a byte.
    async fn respond(self, request: Request<Incoming>, refused: Arc<AtomicBool>) -> Result<Reply, ScriptedDrop> {
        let received_at = humantime::format_rfc3339_millis(SystemTime::now()).to_string();
        let (head, body) = request.into_parts();
        let method = head.method.as_str().to_string();
        let path = head.uri.path().to_string();
        let refuse = |refusal: Refusal| {
            refused.store(true, Ordering::SeqCst);
            self.state.warn_refused(refusal.status, &format!("{method} {path}"), &refusal.why);
            Ok(refusal_reply(&refusal))
        };
        // The wire's fields where the tap has them and they are hyper's, else hyper's own view.
        // Framing is judged on the wire's: hyper drops a Content-Length it ignores.
        let wire = self.heads.take();
        let http_1_0 = head.version == Version::HTTP_10;
        let headers = match wire {
            Some(wire) if same_fields(&wire, &head.headers) => Ok(wire),
            Some(wire) => framing_error(http_1_0, &wire).map_or_else(|| wire_headers(&head.headers), Err),
            None => wire_headers(&head.headers),
        };
        let headers = match headers {
            Ok(headers) => headers,
            Err(refusal) => return refuse(refusal),
        };
        let refusal = framing_error(http_1_0, &headers)
            .or_else(|| host_error(head.version, &head.headers))
            .or_else(|| (head.method == Method::CONNECT).then(|| Refusal::new(405, "CONNECT is not served")));
        if let Some(refusal) = refusal {
            return refuse(refusal);
        }
        // Refused before a byte of the body is read (nor a 100 Continue sent).
        if body.size_hint().lower() > self.state.max_body {
            return refuse(over_limit(self.state.max_body));
        }
        let body = match read_body(body, self.state.max_body).await {
            Ok(body) => body,
            Err(refusal) => return refuse(refusal),
        };
        if let (Some(inspector), true) = (&self.state.inspector, Inspector::serves(&path)) {
            let query = head.uri.query().map(str::to_string);
            let request = UiRequest { method, path, query, headers: HeaderMap(headers), body };
            let reply = inspector.respond(&self.state, request).await;
            if reply.headers().get(CONTENT_TYPE).is_some_and(|kind| kind == "text/event-stream") {
                self.streaming.store(true, Ordering::SeqCst);
            }
            return Ok(reply);
        }
        if path.starts_with(RESERVED) {
            return reply(self.state.builtin(&path));
        }
        if let Some(answer) = self.state.probe(&method, &path) {
            return reply(answer);
        }
        let target = match head.uri.query() {
            Some(query) => format!("{path}?{query}"),
            None => path,
        };
        let message = Message { method, target, headers: HeaderMap(headers), body };
        let delivery = Delivery { received_at, remote_addr: Some(self.peer.to_string()), message };
        // Verifying, printing and saving (a page-cache write, no fsync) take microseconds and
        // run right here; a hop to a blocking thread would cost more than the work itself. Only
        // forwarding waits on someone else (the app, up to 30 s), so only it gets a thread.
        let (answer, counted) = if self.state.forwards() {
            let state = self.state.clone();
            tokio::task::spawn_blocking(move || state.handle(delivery))
                .await
                .unwrap_or_else(|_| (Answer::json(500, json!({"error": "whk failed to handle this delivery"})), None))
        } else {
            self.state.handle(delivery)
        };
        if let Some(verified) = counted {
            self.tally.record(verified);
        }
        let delay = match &answer {
            Answer::Reply { delay, .. } | Answer::Drop { delay } => *delay,
        };
        // Only a scripted delay sleeps: tokio's timer would hold even a zero sleep to its next
        // tick (a millisecond), and every answer would wait for it.
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        reply(answer)
    }
}

/// The request's header fields as hyper parsed them: names lower-cased, a repeated name's
/// values together at its first position. Values must be UTF-8 to be captured exactly.
fn wire_headers(map: &hyper::HeaderMap) -> Result<Vec<Header>, Refusal> {
    map.iter()
        .map(|(name, value)| match std::str::from_utf8(value.as_bytes()) {
            Ok(text) => Ok((name.as_str().to_string(), text.to_string())),
            Err(_) => Err(Refusal::new(400, format!("the value of {name} is not UTF-8"))),
        })
        .collect()
}

/// The wire's fields as hyper presents them: names lower-cased, each name's values together at
/// its first position.
fn grouped_as_hyper_does(wire: &[Header]) -> impl Iterator<Item = (&str, &str)> + '_ {
    wire.iter()
        .enumerate()
        .filter(|(i, (name, _))| !wire[..*i].iter().any(|(n, _)| n.eq_ignore_ascii_case(name)))
        .flat_map(move |(_, (name, _))| {
            wire.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(n, v)| (n.as_str(), v.as_str()))
        })
}

/// Whether the wire's fields, grouped as hyper groups them, are the ones hyper parsed.
fn same_fields(wire: &[Header], parsed: &hyper::HeaderMap) -> bool {
    wire.len() == parsed.len()
        && grouped_as_hyper_does(wire).zip(parsed.iter()).all(|((name, value), (parsed_name, parsed_value))| {
            name.eq_ignore_ascii_case(parsed_name.as_str()) && value.as_bytes() == parsed_value.as_bytes()
        })
}

/// RFC 9112 §3.2: an HTTP/1.1 request has exactly one Host, and no request has two.
fn host_error(version: Version, headers: &hyper::HeaderMap) -> Option<Refusal> {
    match headers.get_all(HOST).iter().count() {
        0 if version == Version::HTTP_11 => Some(Refusal::new(400, "an HTTP/1.1 request without a Host header")),
        0 | 1 => None,
        _ => Some(Refusal::new(400, "more than one Host header")),
    }
}

fn over_limit(limit: u64) -> Refusal {
    Refusal::new(413, format!("body over --max-body ({limit} bytes)"))
}

/// The body, whole, or why not: over the limit (413), cut short, stalled or badly chunked (400).
async fn read_body(mut body: Incoming, limit: u64) -> Result<Vec<u8>, Refusal> {
    let mut bytes = Vec::with_capacity(body.size_hint().lower().min(FIRST_BODY_CAPACITY) as usize);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|err| Refusal::new(400, body_error(&err)))?;
        if let Ok(data) = frame.into_data() {
            if (bytes.len() + data.len()) as u64 > limit {
                return Err(over_limit(limit));
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

fn body_error(err: &hyper::Error) -> String {
    let timed_out = std::error::Error::source(err)
        .and_then(|source| source.downcast_ref::<std::io::Error>())
        .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut);
    if timed_out {
        "the body stalled for longer than --read-timeout".into()
    } else if err.is_incomplete_message() {
        "the sender closed the connection before the end of the body".into()
    } else {
        format!("the body could not be read ({err})")
    }
}

fn status_of_parse_error(err: &hyper::Error) -> u16 {
    if err.is_parse_too_large() {
        431
    } else {
        400
    }
}

/// The answer as hyper sends it; a scripted drop becomes the service error that closes the
/// connection.
fn reply(answer: Answer) -> Result<Reply, ScriptedDrop> {
    let Answer::Reply { status, headers, body, .. } = answer else {
        return Err(ScriptedDrop);
    };
    let mut response = Response::new(full(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&value)) {
            response.headers_mut().append(name, value);
        }
    }
    Ok(response)
}

fn refusal_reply(refusal: &Refusal) -> Reply {
    let mut response = Response::new(full(json!({"error": refusal.why}).to_string()));
    *response.status_mut() = StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::BAD_REQUEST);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

/// The answer to an HTTP/2 connection preface, on which hyper's HTTP/1 server would close
/// without a word.
fn http2_refusal() -> Vec<u8> {
    let body = r#"{"error":"whk listens with HTTP/1.1 only"}"#;
    format!(
        "HTTP/1.1 505 HTTP Version Not Supported\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Half-closes, then reads and drops what the sender still sends (bounded), then closes.
async fn drain_then_close(mut io: Pin<&mut TimeoutStream<TcpStream>>) {
    let _ = io.shutdown().await;
    // On the heap: an array here would make every connection's task 8 KiB larger.
    let mut sink = vec![0u8; 8192];
    let mut left = LINGER_BYTES;
    let _ = tokio::time::timeout(LINGER_TIME, async {
        while left > 0 {
            match io.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => left = left.saturating_sub(n),
            }
        }
    })
    .await;
}

/// A scripted `drop`: hyper closes the connection when its service fails.
#[derive(Debug)]
pub struct ScriptedDrop;

impl std::fmt::Display for ScriptedDrop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the connection was dropped as --respond scripted")
    }
}

impl std::error::Error for ScriptedDrop {}
