//! `whk listen`: a local receiver. Each request is verified with its route's scheme, printed as
//! one block (or one NDJSON object), saved as a capture, forwarded or answered — by its verdict,
//! a script, or the provider's own handshake — and counted for CI and `/_whk/metrics`.

use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use colored::Colorize;
use serde_json::{json, Value};

use super::Outcome;
use crate::cli::ListenArgs;
use crate::error::{io_reason, Error};
use crate::fixture::{self, Capture, CapturedBody, CapturedResponse, CapturedVerdict};
use crate::output::{display_bytes, sanitize_line, Printer};
use crate::scheme::{
    self, Body, Header, HeaderMap, HmacParams, Mismatch, Reply, Request, Scheme, Verdict, VerifyOptions,
};
use crate::secret::{self, Secret, SecretSpec};

/// Built-in endpoints live under this prefix and are never captured.
const RESERVED: &str = "/_whk/";
const WORKERS: usize = 8;
/// The preview of a body in the human output.
const PREVIEW: usize = 160;

pub fn run(mut args: ListenArgs, printer: &Printer, json: bool) -> Result<Outcome, Error> {
    if args.init_config {
        let path = super::listen_config::init(args.config.as_deref())?;
        printer.line(&format!("wrote {}", path.display()))?;
        return Ok(Outcome::Success);
    }
    if let Some(path) = args.config.clone() {
        super::listen_config::apply(&path, &mut args)?;
    }
    let state = Arc::new(State::new(&args, printer, json)?);
    let host: IpAddr = args.host.parse().map_err(|_| {
        Error::usage(format!("--host {} is not an IP address", crate::output::quoted(&args.host)))
            .hint("write e.g. --host 127.0.0.1 or --host 0.0.0.0")
    })?;
    if !host.is_loopback() {
        printer.warn(&format!(
            "listening on {host}, reachable from other machines; whk listens on 127.0.0.1 unless told otherwise"
        ));
    }
    let server = bind(host, args.port, args.read_timeout).map_err(|e| {
        Error::runtime(format!("cannot listen on {host}:{}: {}", args.port, io_reason(&e)))
            .hint("pick another --port, or --port 0 for a free one")
    })?;
    let address = server.server_addr().to_ip().ok_or_else(|| Error::runtime("the listener has no IP address"))?;
    let url = format!("http://{address}");
    *state.base_url.lock().expect("lock") = url.clone();
    // The socket accepts from here on; the ready file first, so that whoever sees the URL on
    // stdout finds the file too.
    if let Some(path) = &args.ready_file {
        write_ready_file(path, &url)?;
    }
    if json {
        printer.json(&json!({"type": "listening", "schema": "whk.listen/1", "url": url}))?;
    } else {
        printer.line(&url)?;
    }
    printer.flush()?;

    let interrupted = Arc::new(AtomicBool::new(false));
    crate::exit_on_interrupt().store(false, Ordering::SeqCst);
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, interrupted.clone());

    let server = Arc::new(server);
    let (done_tx, done_rx) = mpsc::channel::<bool>();
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, state, done, stop) = (server.clone(), state.clone(), done_tx.clone(), stop.clone());
            std::thread::spawn(move || worker(&server, &state, &done, &stop))
        })
        .collect();

    let deadline = args.timeout.map(|t| Instant::now() + t);
    let mut received = 0u64;
    let mut all_verified = true;
    let finish = loop {
        if interrupted.load(Ordering::SeqCst) {
            break Finish::Interrupted;
        }
        if args.count.is_some_and(|n| received >= n) {
            break Finish::Counted;
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break Finish::TimedOut;
        }
        if let Ok(verified) = done_rx.recv_timeout(Duration::from_millis(20)) {
            received += 1;
            all_verified &= verified;
        }
    };
    stop.store(true, Ordering::SeqCst);
    for worker in workers {
        let _ = worker.join();
    }
    printer.flush()?;
    match finish {
        Finish::Interrupted => Err(Error::Interrupted),
        Finish::TimedOut if args.count.is_some() => {
            printer.error(&Error::runtime(format!(
                "received {received} of {} before the timeout",
                args.count.unwrap_or_default()
            )));
            Ok(Outcome::Negative)
        }
        _ if args.expect_verified && !all_verified => {
            printer.error(&Error::runtime("a request was invalid or unsigned (--expect-verified)"));
            Ok(Outcome::Negative)
        }
        _ => Ok(Outcome::Success),
    }
}

/// The listening socket, with a read timeout every accepted connection inherits (Linux copies
/// `SO_RCVTIMEO` to accepted sockets), so an idle or trickling sender is cut off by the kernel
/// instead of holding a connection forever.
fn bind(host: IpAddr, port: u16, read_timeout: Duration) -> std::io::Result<tiny_http::Server> {
    let address = std::net::SocketAddr::new(host, port);
    let socket = socket2::Socket::new(socket2::Domain::for_address(address), socket2::Type::STREAM, None)?;
    socket.set_read_timeout(Some(read_timeout))?;
    socket.bind(&address.into())?;
    socket.listen(1024)?;
    let listener: std::net::TcpListener = socket.into();
    tiny_http::Server::from_listener(listener, None).map_err(|e| std::io::Error::other(e.to_string()))
}

enum Finish {
    Counted,
    TimedOut,
    Interrupted,
}

fn write_ready_file(path: &std::path::Path, url: &str) -> Result<(), Error> {
    crate::atomic_file::write(path, format!("{url}\n").as_bytes())
        .map_err(|e| Error::runtime(format!("cannot write --ready-file {}: {}", path.display(), io_reason(&e))))
}

/// Takes requests until told to stop; each handled request reports whether it verified.
fn worker(server: &tiny_http::Server, state: &State, done: &mpsc::Sender<bool>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match server.recv_timeout(Duration::from_millis(50)) {
            Ok(Some(request)) => {
                if let Some(verified) = state.handle(request) {
                    let _ = done.send(verified);
                }
            }
            Ok(None) => {}
            Err(_) => return,
        }
    }
}

/// One path's provider, secrets and scripted answers.
struct Route {
    path: Option<String>,
    scheme: Option<&'static dyn Scheme>,
    secrets: Vec<Secret>,
    script: Mutex<VecDeque<Scripted>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scripted {
    Status { status: u16, delay: Duration },
    Drop { delay: Duration },
}

/// Everything the workers share.
struct State {
    routes: Vec<Route>,
    fallback: Route,
    hmac: HmacParams,
    on_invalid: u16,
    max_body: u64,
    save_dir: Option<PathBuf>,
    save_failed: AtomicBool,
    sequence: AtomicU64,
    forward: Option<(String, reqwest::blocking::Client)>,
    filters: Vec<(String, String)>,
    metrics: Mutex<Metrics>,
    output: Mutex<()>,
    printer: Printer,
    json: bool,
    base_url: Mutex<String>,
}

#[derive(Default)]
struct Metrics {
    total: u64,
    by_verdict: BTreeMap<&'static str, u64>,
    by_route: BTreeMap<String, u64>,
    by_event: BTreeMap<String, u64>,
}

impl State {
    fn new(args: &ListenArgs, printer: &Printer, json: bool) -> Result<State, Error> {
        let secrets = secret::load(&args.secrets.spec(), false, printer)?;
        let mut routes = Vec::new();
        for text in &args.routes {
            routes.push(parse_route(text, &secrets, printer)?);
        }
        // Longest path first, so /api/v1/webhooks/bakai wins over /api.
        routes.sort_by_key(|r: &Route| std::cmp::Reverse(r.path.as_ref().map_or(0, String::len)));
        let provider = args.provider.as_deref().map(|p| scheme::find(p).expect("clap checked the provider"));
        let fallback = Route { path: None, scheme: provider, secrets, script: Mutex::new(VecDeque::new()) };
        let mut state = State {
            routes,
            fallback,
            hmac: args.hmac.params(),
            on_invalid: args.on_invalid,
            max_body: args.max_body,
            save_dir: args.save_dir.clone(),
            save_failed: AtomicBool::new(false),
            sequence: AtomicU64::new(0),
            forward: None,
            filters: parse_filters(&args.filters)?,
            metrics: Mutex::new(Metrics::default()),
            output: Mutex::new(()),
            printer: Printer::new(printer.color(), printer.quiet(), printer.verbose()),
            json,
            base_url: Mutex::new(String::new()),
        };
        for spec in &args.respond {
            state.add_script(spec)?;
        }
        if let Some(dir) = &args.save_dir {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::runtime(format!("cannot create --save-dir {}: {}", dir.display(), io_reason(&e)))
            })?;
            state.sequence = AtomicU64::new(fixture::last_sequence(dir));
        }
        if let Some(target) = &args.forward_to {
            let client = reqwest::blocking::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(30))
                .build()
                .map_err(|e| Error::runtime(format!("cannot start the forwarding client: {e}")))?;
            state.forward = Some((target.trim_end_matches('/').to_string(), client));
        }
        Ok(state)
    }

    fn add_script(&mut self, spec: &str) -> Result<(), Error> {
        let (path, script) = match spec.split_once('=') {
            Some((path, script)) if path.starts_with('/') => (Some(path), script),
            _ => (None, spec),
        };
        let answers = parse_script(script)?;
        let route = match path {
            None => &self.fallback,
            Some(path) => self.routes.iter().find(|r| r.path.as_deref() == Some(path)).ok_or_else(|| {
                Error::usage(format!("--respond names {path}, which no --route defines"))
                    .hint(format!("add --route {path}=PROVIDER"))
            })?,
        };
        route.script.lock().expect("lock").extend(answers);
        if path.is_none() {
            for route in &self.routes {
                route.script.lock().expect("lock").extend(parse_script(script)?);
            }
        }
        Ok(())
    }

    fn route(&self, path: &str) -> &Route {
        self.routes
            .iter()
            .find(|r| {
                r.path
                    .as_deref()
                    .is_some_and(|p| path == p || path.starts_with(&format!("{}/", p.trim_end_matches('/'))))
            })
            .unwrap_or(&self.fallback)
    }

    /// Answers one request; `Some(verified)` when it counts towards `--count`.
    fn handle(&self, mut request: tiny_http::Request) -> Option<bool> {
        let received_at = humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string();
        let method = request.method().as_str().to_string();
        let (path, query) = match request.url().split_once('?') {
            Some((p, q)) => (p.to_string(), Some(q.to_string())),
            None => (request.url().to_string(), None),
        };
        if path.starts_with(RESERVED) {
            self.builtin(request, &path);
            return None;
        }
        let headers: Vec<Header> =
            request.headers().iter().map(|h| (h.field.as_str().to_string(), h.value.as_str().to_string())).collect();
        let remote_addr = request.remote_addr().map(|a| a.to_string());
        if let Some(why) = crate::http::framing_error(&headers) {
            return self.reject(request, 400, &format!("{method} {}: {why}", sanitize_line(&path)));
        }
        if request.body_length().is_some_and(|n| n as u64 > self.max_body) {
            return self.reject(
                request,
                413,
                &format!("{method} {}: body over --max-body ({} bytes)", sanitize_line(&path), self.max_body),
            );
        }
        let mut body = Vec::new();
        if let Err(err) = request.as_reader().take(self.max_body + 1).read_to_end(&mut body) {
            return self.reject(
                request,
                400,
                &format!("{method} {}: body could not be read ({})", sanitize_line(&path), io_reason(&err)),
            );
        }
        if body.len() as u64 > self.max_body {
            return self.reject(
                request,
                413,
                &format!("{method} {}: body over --max-body ({} bytes)", sanitize_line(&path), self.max_body),
            );
        }
        let route = self.route(&path);
        let headers = HeaderMap(headers);
        let request_body = Body::Bytes(body);
        let (scheme, verdict) = self.verify(route, &method, &path, query.as_deref(), &headers, &request_body);
        let answer = self.answer(route, scheme, &verdict, &method, &path, query.as_deref(), &headers, &request_body);
        let body = request_body.as_bytes().unwrap_or_default();
        let event = event_name(scheme, &headers, body);
        let shown = self.filters.is_empty() || matches_filters(&self.filters, body);
        let mut capture = Capture {
            whk_capture: fixture::VERSION,
            received_at,
            remote_addr,
            method,
            path: path.clone(),
            query,
            headers: headers.0,
            body: CapturedBody::from_bytes(body),
            provider: scheme.map(|s| s.name().to_string()),
            event: event.clone(),
            verdict: Some(verdict.captured()),
            response: Some(CapturedResponse {
                status: answer.status(),
                headers: answer.headers().to_vec(),
                body: String::from_utf8_lossy(answer.body()).into_owned(),
            }),
        };
        let mut answer = answer;
        let mut saved = None;
        if shown {
            if let Some(dir) = &self.save_dir {
                let sequence = self.sequence.fetch_add(1, Ordering::SeqCst) + 1;
                let file = dir.join(fixture::file_name(sequence, &capture.received_at, capture.provider.as_deref()));
                match capture.save(&file) {
                    Ok(()) => saved = Some(file),
                    Err(err) => {
                        // Never answer 2xx for a delivery that is not on disk.
                        if !self.save_failed.swap(true, Ordering::SeqCst) {
                            self.printer.error(&err.hint(
                                "free some disk or choose a writable --save-dir; whk answers 500 until it can save",
                            ));
                        }
                        answer = Answer::Reply {
                            status: 500,
                            headers: vec![],
                            body: b"whk could not save this delivery".to_vec(),
                            delay: Duration::ZERO,
                        };
                        capture.response = Some(CapturedResponse {
                            status: 500,
                            headers: vec![],
                            body: "whk could not save this delivery".into(),
                        });
                    }
                }
            }
            self.record(&capture, body, &route.path, saved.as_deref(), &verdict);
        }
        let verified = matches!(verdict, Outcome3::Valid);
        answer.send(request);
        shown.then_some(verified)
    }

    fn verify(
        &self,
        route: &Route,
        method: &str,
        path: &str,
        query: Option<&str>,
        headers: &HeaderMap,
        body: &Body,
    ) -> (Option<&'static dyn Scheme>, Outcome3) {
        let scheme = match route.scheme {
            Some(scheme) => scheme,
            None => match scheme::detect(headers, body).as_slice() {
                [one] => *one,
                [] => return (None, Outcome3::Unknown("no known provider's signature".into())),
                many => {
                    let names: Vec<_> = many.iter().map(|s| s.name()).collect();
                    return (None, Outcome3::Unknown(format!("fits several providers: {}", names.join(", "))));
                }
            },
        };
        let url = format!(
            "{}{path}{}",
            self.base_url.lock().expect("lock"),
            query.map(|q| format!("?{q}")).unwrap_or_default()
        );
        let opts = VerifyOptions { url: Some(url), hmac: self.hmac.clone(), ..VerifyOptions::new(scheme::now_unix()) };
        let request = Request { method, headers, body };
        let outcome = match scheme.verify(&request, &route.secrets, &opts) {
            Ok(Verdict::Valid(_)) => Outcome3::Valid,
            Ok(Verdict::Unsigned(why)) => Outcome3::Unsigned(why),
            Ok(Verdict::Invalid(mismatch)) => Outcome3::Invalid(mismatch),
            Err(err) => Outcome3::Unknown(err.to_string()),
        };
        (Some(scheme), outcome)
    }

    /// The answer: a scripted one, a provider handshake, the app's (forwarding), or the verdict's.
    #[allow(clippy::too_many_arguments)]
    fn answer(
        &self,
        route: &Route,
        scheme: Option<&'static dyn Scheme>,
        verdict: &Outcome3,
        method: &str,
        path: &str,
        query: Option<&str>,
        headers: &HeaderMap,
        body: &Body,
    ) -> Answer {
        if let Some(scripted) = route.script.lock().expect("lock").pop_front() {
            return match scripted {
                Scripted::Status { status, delay } => Answer::Reply {
                    status,
                    headers: vec![],
                    body: format!("whk scripted {status}").into_bytes(),
                    delay,
                },
                Scripted::Drop { delay } => Answer::Drop { delay },
            };
        }
        let provided = scheme.and_then(|s| {
            let request = Request { method, headers, body };
            s.reply(&request, matches!(verdict, Outcome3::Valid), &route.secrets)
        });
        match (provided, &self.forward) {
            (Some(reply), forward) if reply.handshake || forward.is_none() => return Answer::from(reply),
            (_, Some((target, client))) => {
                return forward(
                    client,
                    target,
                    method,
                    path,
                    query,
                    &headers.0,
                    body.as_bytes().unwrap_or_default(),
                    self.max_body,
                    &self.printer,
                )
            }
            _ => {}
        }
        match verdict {
            Outcome3::Invalid(_) => json_reply(self.on_invalid, json!({"error": "invalid signature"})),
            _ => json_reply(200, json!({"received": true})),
        }
    }

    fn record(
        &self,
        capture: &Capture,
        body: &[u8],
        route: &Option<String>,
        saved: Option<&std::path::Path>,
        verdict: &Outcome3,
    ) {
        let event = capture.event.as_deref();
        {
            let mut metrics = self.metrics.lock().expect("lock");
            metrics.total += 1;
            *metrics.by_verdict.entry(verdict.kind()).or_default() += 1;
            *metrics.by_route.entry(route.clone().unwrap_or_else(|| "*".into())).or_default() += 1;
            if let Some(event) = event {
                *metrics.by_event.entry(event.to_string()).or_default() += 1;
            }
        }
        let status = capture.response.as_ref().map_or(0, |r| r.status);
        let _guard = self.output.lock().expect("lock");
        if self.json {
            let value = json!({
                "type": "request",
                "received_at": capture.received_at,
                "remote_addr": capture.remote_addr,
                "method": capture.method,
                "path": capture.path,
                "query": capture.query,
                "size": body.len(),
                "route": route,
                "provider": capture.provider,
                "event": capture.event,
                "verdict": capture.verdict,
                "status": status,
                "capture": saved,
            });
            let _ = self.printer.json(&value);
            let _ = self.printer.flush();
            return;
        }
        if self.printer.quiet() {
            return;
        }
        let time = capture.received_at.get(11..23).unwrap_or_default();
        let provider = capture.provider.as_deref().unwrap_or("?");
        let line = format!(
            "{} {} {} · {} B · {provider}{} · {} → {status}",
            time.dimmed(),
            capture.method.bold(),
            sanitize_line(&capture.path),
            body.len(),
            event.map(|e| format!(" {}", sanitize_line(e))).unwrap_or_default(),
            verdict.shown(),
        );
        let mut block = line;
        if !body.is_empty() {
            block.push_str(&format!("\n  {}", preview(body, self.printer.verbose())));
        }
        if let Some(path) = saved {
            block.push_str(&format!("\n  {} {}", "saved".dimmed(), path.display()));
        }
        let _ = self.printer.line(&block);
        let _ = self.printer.flush();
    }

    /// Answers a request that never reached verification (too large, unreadable), and says why.
    fn reject(&self, request: tiny_http::Request, status: u16, why: &str) -> Option<bool> {
        {
            let _guard = self.output.lock().expect("lock");
            self.printer.warn(&format!("rejected with {status}: {why}"));
        }
        json_reply(status, json!({"error": why})).send(request);
        None
    }

    fn builtin(&self, request: tiny_http::Request, path: &str) {
        let metrics = self.metrics.lock().expect("lock");
        let valid = metrics.by_verdict.get("valid").copied().unwrap_or(0);
        let checked = valid + metrics.by_verdict.get("invalid").copied().unwrap_or(0);
        let rate = if checked == 0 { 1.0 } else { valid as f64 / checked as f64 };
        let summary = || json!({"total": metrics.total, "verdicts": metrics.by_verdict, "routes": metrics.by_route, "events": metrics.by_event, "success_rate": rate});
        let reply = match path {
            "/_whk/health" => json_reply(200, json!({"status": "ok"})),
            "/_whk/metrics.json" => json_reply(200, summary()),
            "/_whk/metrics" => {
                let mut text =
                    String::from("# HELP whk_webhooks_total Webhooks received.\n# TYPE whk_webhooks_total counter\n");
                text.push_str(&format!("whk_webhooks_total {}\n", metrics.total));
                text.push_str("# HELP whk_webhooks_verdict_total Webhooks by verification verdict.\n# TYPE whk_webhooks_verdict_total counter\n");
                for verdict in ["valid", "invalid", "unsigned", "unknown"] {
                    text.push_str(&format!(
                        "whk_webhooks_verdict_total{{verdict=\"{verdict}\"}} {}\n",
                        metrics.by_verdict.get(verdict).unwrap_or(&0)
                    ));
                }
                text.push_str("# TYPE whk_webhooks_route_total counter\n");
                for (route, n) in &metrics.by_route {
                    text.push_str(&format!("whk_webhooks_route_total{{route=\"{}\"}} {n}\n", prometheus_label(route)));
                }
                text.push_str("# TYPE whk_webhooks_event_total counter\n");
                for (event, n) in &metrics.by_event {
                    text.push_str(&format!("whk_webhooks_event_total{{event=\"{}\"}} {n}\n", prometheus_label(event)));
                }
                text.push_str(&format!(
                    "# TYPE whk_verification_success_rate gauge\nwhk_verification_success_rate {rate}\n"
                ));
                Answer::Reply {
                    status: 200,
                    headers: vec![("Content-Type".into(), "text/plain; version=0.0.4".into())],
                    body: text.into_bytes(),
                    delay: Duration::ZERO,
                }
            }
            _ => json_reply(
                404,
                json!({"error": "unknown whk endpoint", "endpoints": ["/_whk/health", "/_whk/metrics", "/_whk/metrics.json"]}),
            ),
        };
        drop(metrics);
        reply.send(request);
    }
}

fn prometheus_label(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// A verdict as the listener reports it.
enum Outcome3 {
    Valid,
    Invalid(Mismatch),
    Unsigned(String),
    /// No scheme could be chosen, or it could not run (no secret).
    Unknown(String),
}

impl Outcome3 {
    fn kind(&self) -> &'static str {
        match self {
            Outcome3::Valid => "valid",
            Outcome3::Invalid(_) => "invalid",
            Outcome3::Unsigned(_) => "unsigned",
            Outcome3::Unknown(_) => "unknown",
        }
    }

    fn captured(&self) -> CapturedVerdict {
        let (reason, message) = match self {
            Outcome3::Valid => (None, None),
            Outcome3::Invalid(m) => (Some(m.kind().to_string()), Some(m.to_string())),
            Outcome3::Unsigned(why) | Outcome3::Unknown(why) => (None, Some(why.clone())),
        };
        CapturedVerdict { result: self.kind().into(), reason, message }
    }

    fn shown(&self) -> String {
        match self {
            Outcome3::Valid => "✔ valid".green().to_string(),
            Outcome3::Invalid(m) => format!("{} {}", "✘".red(), sanitize_line(&m.to_string())),
            Outcome3::Unsigned(_) => "○ unsigned".yellow().to_string(),
            Outcome3::Unknown(why) => format!("{} {}", "?".yellow(), sanitize_line(why)),
        }
    }
}

/// What the listener sends back.
enum Answer {
    Reply { status: u16, headers: Vec<Header>, body: Vec<u8>, delay: Duration },
    Drop { delay: Duration },
}

impl Answer {
    fn status(&self) -> u16 {
        match self {
            Answer::Reply { status, .. } => *status,
            Answer::Drop { .. } => 0,
        }
    }

    fn headers(&self) -> &[Header] {
        match self {
            Answer::Reply { headers, .. } => headers,
            Answer::Drop { .. } => &[],
        }
    }

    fn body(&self) -> &[u8] {
        match self {
            Answer::Reply { body, .. } => body,
            Answer::Drop { .. } => &[],
        }
    }

    fn send(self, request: tiny_http::Request) {
        match self {
            Answer::Reply { status, headers, body, delay } => {
                std::thread::sleep(delay);
                respond(request, status, headers, body);
            }
            Answer::Drop { delay } => {
                std::thread::sleep(delay);
                // tiny_http keeps its own handle on the socket, so dropping ours would leave the
                // sender waiting for its timeout; a byte that is no HTTP ends the exchange at once.
                let mut raw = request.into_writer();
                let _ = raw.write_all(b"\0").and_then(|()| raw.flush());
            }
        }
    }
}

fn respond(request: tiny_http::Request, status: u16, headers: Vec<Header>, body: Vec<u8>) {
    let mut response = tiny_http::Response::from_data(body).with_status_code(status);
    for (name, value) in headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    let _ = request.respond(response);
}

fn json_reply(status: u16, body: Value) -> Answer {
    Answer::Reply {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.to_string().into_bytes(),
        delay: Duration::ZERO,
    }
}

impl From<Reply> for Answer {
    fn from(reply: Reply) -> Answer {
        Answer::Reply {
            status: reply.status,
            headers: vec![("Content-Type".into(), reply.content_type.into())],
            body: reply.body,
            delay: Duration::ZERO,
        }
    }
}

const HOP_BY_HOP: [&str; 8] =
    ["connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-connection", "content-length", "host"];

/// Passes the request on unchanged (Host rewritten) and answers with the app's response, whose
/// body is held to `limit` bytes like a sender's. An app that cannot be reached, or whose answer
/// breaks off or runs over the limit, gets the sender a 502 and the user a warning.
#[allow(clippy::too_many_arguments)]
fn forward(
    client: &reqwest::blocking::Client,
    target: &str,
    method: &str,
    path: &str,
    query: Option<&str>,
    headers: &[Header],
    body: &[u8],
    limit: u64,
    printer: &Printer,
) -> Answer {
    let url = format!("{target}{path}{}", query.map(|q| format!("?{q}")).unwrap_or_default());
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::POST);
    let mut request = client.request(method, &url).body(body.to_vec());
    for (name, value) in headers.iter().filter(|(n, _)| !HOP_BY_HOP.contains(&n.to_ascii_lowercase().as_str())) {
        request = request.header(name.as_str(), value.as_str());
    }
    match request.send() {
        Ok(response) => {
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .filter(|(n, _)| !HOP_BY_HOP.contains(&n.as_str()))
                .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect();
            let mut body = Vec::new();
            let problem = match response.take(limit + 1).read_to_end(&mut body) {
                Err(err) => Some(format!("its answer broke off ({})", io_reason(&err))),
                Ok(_) if body.len() as u64 > limit => Some(format!("its answer is over --max-body ({limit} bytes)")),
                Ok(_) => None,
            };
            match problem {
                None => Answer::Reply { status, headers, body, delay: Duration::ZERO },
                Some(why) => {
                    printer.warn(&format!("--forward-to {target}: {why}; answered the sender 502"));
                    json_reply(502, json!({"error": "the app's answer could not be relayed", "forward_to": target}))
                }
            }
        }
        Err(err) => {
            printer.warn(&format!("--forward-to {target} failed ({err}); answered the sender 502"));
            json_reply(502, json!({"error": "whk could not reach the app", "forward_to": target}))
        }
    }
}

/// The event type: from the provider's event header (any provider's when none is known), else
/// from the body's usual fields.
fn event_name(scheme: Option<&dyn Scheme>, headers: &HeaderMap, body: &[u8]) -> Option<String> {
    let schemes: &[&dyn Scheme] = match &scheme {
        Some(scheme) => std::slice::from_ref(scheme),
        None => scheme::REGISTRY,
    };
    let from_header = schemes.iter().flat_map(|s| s.event_headers()).find_map(|name| headers.get(name));
    if let Some(value) = from_header {
        return Some(value.to_string());
    }
    if let Ok(json) = serde_json::from_slice::<Value>(body) {
        let event = if json.is_array() { &json[0] } else { &json };
        for field in ["event_type", "type", "event", "topic", "subscriptionType", "status"] {
            if let Some(text) = event.get(field).and_then(Value::as_str) {
                return Some(text.to_string());
            }
        }
        return None;
    }
    form_urlencoded::parse(body).find(|(k, _)| k == "event" || k == "status").map(|(_, v)| v.into_owned())
}

/// JSON compacted on one line (pretty with `-v`), anything else sanitised; cut at [`PREVIEW`].
fn preview(body: &[u8], pretty: bool) -> String {
    let json = serde_json::from_slice::<Value>(body).ok();
    if let (true, Some(json)) = (pretty, &json) {
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        return crate::output::sanitize(&text).replace('\n', "\n  ");
    }
    let text = json.map_or_else(|| display_bytes(body), |j| sanitize_line(&j.to_string()).into_owned());
    match text.char_indices().nth(PREVIEW) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn parse_route(text: &str, fallback_secrets: &[Secret], printer: &Printer) -> Result<Route, Error> {
    let bad = || {
        Error::usage(format!("--route {} is not PATH=PROVIDER[:env:VAR|:file:PATH]", crate::output::quoted(text)))
            .hint("write e.g. --route /webhook=pyannote:env:PYANNOTE_SECRET")
    };
    let (path, rest) = text.split_once('=').filter(|(p, _)| p.starts_with('/')).ok_or_else(bad)?;
    let (provider, secret_spec) = match rest.split_once(':') {
        Some((provider, spec)) => (provider, Some(spec)),
        None => (rest, None),
    };
    let scheme = scheme::find(provider).ok_or_else(|| {
        Error::usage(format!("--route {path}: unknown provider {provider}")).hint("see `whk providers`")
    })?;
    let secrets = match secret_spec {
        None => fallback_secrets.to_vec(),
        Some(spec) => {
            let mut secret_spec = SecretSpec::default();
            match spec.split_once(':') {
                Some(("env", var)) => secret_spec.envs.push(var.to_string()),
                Some(("file", path)) => secret_spec.files.push(PathBuf::from(path)),
                _ => return Err(bad()),
            }
            secret::load(&secret_spec, false, printer)?
        }
    };
    Ok(Route { path: Some(path.to_string()), scheme: Some(scheme), secrets, script: Mutex::new(VecDeque::new()) })
}

/// `500,503x3,200@2s,drop`: statuses, repeats, delays, dropped connections.
fn parse_script(spec: &str) -> Result<Vec<Scripted>, Error> {
    let bad = |item: &str| {
        Error::usage(format!(
            "--respond item {} is not STATUS[xN][@DELAY] or drop[@DELAY]",
            crate::output::quoted(item)
        ))
        .hint("write e.g. --respond 500,503x3,200@2s,drop")
    };
    let mut script = Vec::new();
    for item in spec.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (head, delay) = match item.split_once('@') {
            Some((head, delay)) => (head, humantime::parse_duration(delay).map_err(|_| bad(item))?),
            None => (item, Duration::ZERO),
        };
        let (answer, times) = match head.split_once('x') {
            Some((answer, times)) => (answer, times.parse::<usize>().map_err(|_| bad(item))?),
            None => (head, 1),
        };
        let scripted = match answer {
            "drop" => Scripted::Drop { delay },
            status => match status.parse::<u16>() {
                Ok(status) if (100..600).contains(&status) => Scripted::Status { status, delay },
                _ => return Err(bad(item)),
            },
        };
        script.extend(std::iter::repeat_n(scripted, times));
    }
    Ok(script)
}

fn parse_filters(filters: &[String]) -> Result<Vec<(String, String)>, Error> {
    filters
        .iter()
        .map(|f| {
            f.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())).ok_or_else(|| {
                Error::usage(format!("--filter {} is not FIELD=VALUE", crate::output::quoted(f)))
                    .hint("write e.g. --filter caller=+79843330712")
            })
        })
        .collect()
}

/// Every filter's field, in a form body or (by dotted path) a JSON body, has its value.
fn matches_filters(filters: &[(String, String)], body: &[u8]) -> bool {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    filters.iter().all(|(field, wanted)| match &json {
        Some(json) => field.split('.').try_fold(json, |node, key| node.get(key)).is_some_and(|v| match v {
            Value::String(s) => s == wanted,
            other => serde_json::from_str::<Value>(wanted).is_ok_and(|w| w == *other),
        }),
        None => form_urlencoded::parse(body).any(|(k, v)| k == field.as_str() && v == wanted.as_str()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_parse_repeats_delays_and_drops() {
        let script = parse_script("500, 503x2,200@2s,drop").unwrap();
        assert_eq!(script.len(), 5);
        assert_eq!(script[1], Scripted::Status { status: 503, delay: Duration::ZERO });
        assert_eq!(script[3], Scripted::Status { status: 200, delay: Duration::from_secs(2) });
        assert_eq!(script[4], Scripted::Drop { delay: Duration::ZERO });
        assert!(parse_script("700").is_err() && parse_script("200@soon").is_err() && parse_script("200xz").is_err());
    }

    #[test]
    fn filters_match_form_and_json_fields() {
        let filters = parse_filters(&["caller=+79843330712".into()]).unwrap();
        assert!(matches_filters(&filters, b"call_id=1&caller=%2B79843330712"));
        assert!(!matches_filters(&filters, b"call_id=1&caller=%2B70000000000"));
        let nested = parse_filters(&["data.product_id=12345".into()]).unwrap();
        assert!(matches_filters(&nested, br#"{"data":{"product_id":"12345"}}"#));
    }

    #[test]
    fn event_names_come_from_headers_then_body() {
        let headers = HeaderMap(vec![("X-GitHub-Event".into(), "push".into())]);
        assert_eq!(event_name(None, &headers, b"{}"), Some("push".into()));
        let stripe = scheme::find("stripe");
        assert_eq!(
            event_name(stripe, &headers, br#"{"type":"invoice.paid"}"#),
            Some("invoice.paid".into()),
            "a known provider's event comes from its own headers or the body, not another's header"
        );
        let shopify = scheme::find("shopify");
        let topic = HeaderMap(vec![("shopify-topic".into(), "orders/create".into())]);
        assert_eq!(event_name(shopify, &topic, b"{}"), Some("orders/create".into()));
        assert_eq!(
            event_name(None, &HeaderMap::default(), br#"{"event_type":"patient.created"}"#),
            Some("patient.created".into())
        );
        assert_eq!(event_name(None, &HeaderMap::default(), b"event=NOTIFY_START&x=1"), Some("NOTIFY_START".into()));
    }
}
