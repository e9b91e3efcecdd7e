//! One whole request, from routing to the answer: verified with its route's scheme, answered,
//! saved as a capture and recorded.

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Value};

use super::answer::{forward, parse_script, Answer, Forwarded, Scripted};
use crate::cli::ListenArgs;
use crate::delivery::{Client, ClientOptions};
use crate::error::{io_reason, Error};
use crate::fixture::{self, Capture, CapturedBody, CapturedResponse};
use crate::message::{Body, HeaderMap, LazyJson, Message, Request};
use crate::output::Printer;
use crate::scheme::{self, HmacParams, Scheme, Verdict, VerifyOptions};
use crate::secret::{self, Secret, SecretSpec};

/// The largest body whose failed signature the listener diagnoses (webhooks are far smaller).
const DIAGNOSED_UP_TO: usize = 256 * 1024;

/// Built-in endpoints live under this prefix and are never captured.
pub const RESERVED: &str = "/_whk/";

/// A request as it came off the wire, its body read in full; its headers in the wire's order
/// and spelling (README, capture format).
pub struct Delivery {
    pub received_at: String,
    pub remote_addr: Option<String>,
    pub message: Message,
}

/// One path's provider, secrets and scripted answers.
struct Route {
    path: Option<String>,
    scheme: Option<&'static dyn Scheme>,
    secrets: Vec<Secret>,
    script: Mutex<VecDeque<Scripted>>,
}

/// A verdict as the listener reports it.
pub enum Checked {
    Valid,
    Invalid(scheme::Mismatch),
    Unsigned(String),
    /// No scheme could be chosen, or it could not run (no secret).
    Unknown(String),
}

/// Everything the connections share.
pub struct State {
    routes: Vec<Route>,
    fallback: Route,
    hmac: HmacParams,
    on_invalid: u16,
    allow_unsigned: bool,
    pub max_body: u64,
    pub read_timeout: Duration,
    save_dir: Option<PathBuf>,
    save_failed: AtomicBool,
    saved: AtomicU64,
    sequence: AtomicU64,
    forward: Option<(String, Client)>,
    filters: Vec<(String, String)>,
    pub(super) metrics: Mutex<Metrics>,
    /// Held while one request's block is printed, so blocks never interleave.
    pub(super) output: Mutex<()>,
    pub printer: Printer,
    pub(super) json: bool,
    base_url: Mutex<String>,
    /// Where senders' URLs come from, for schemes that sign them.
    public_url: Mutex<Option<String>>,
    trust_forwarded: bool,
    /// The web inspector (`--ui`).
    pub inspector: Option<super::ui::Inspector>,
    /// The team log (`--publish`).
    pub publisher: Option<super::publish::Publisher>,
    /// The OpenAPI spec each delivery's body is judged against (`--spec`).
    spec: Option<crate::spec::Spec>,
    /// Whether a body broke its schema, or had none (`--expect-schema`).
    pub schema_broken: AtomicBool,
    /// Seconds of `Retry-After` on scripted 429 and 503 answers.
    retry_after: Option<u64>,
    /// The sender audit (`--audit-sender`).
    pub audit: Option<super::audit::Audit>,
}

#[derive(Default)]
pub struct Metrics {
    pub total: u64,
    pub by_verdict: BTreeMap<&'static str, u64>,
    pub by_route: BTreeMap<String, u64>,
    pub by_event: BTreeMap<String, u64>,
}

impl State {
    pub fn new(args: &ListenArgs, printer: &Printer, json: bool) -> Result<State, Error> {
        let secrets = secret::load(&args.secrets.spec(), false, printer)?;
        let mut routes = Vec::new();
        for text in &args.routes {
            routes.push(parse_route(text, &secrets, printer)?);
        }
        // Longest path first, so /api/v1/webhooks/bakai wins over /api.
        routes.sort_by_key(|r: &Route| std::cmp::Reverse(r.path.as_ref().map_or(0, String::len)));
        let provider = args.provider.map(|p| p.0);
        let fallback = Route { path: None, scheme: provider, secrets, script: Mutex::new(VecDeque::new()) };
        // Told to verify but unable to: every delivery would be answered 200 unverified.
        for route in routes.iter().chain(std::iter::once(&fallback)) {
            if let (Some(scheme), true) = (route.scheme, route.secrets.is_empty()) {
                if scheme.needs_secret() {
                    let place = route.path.as_deref().map(|p| format!(" (route {p})")).unwrap_or_default();
                    return Err(Error::bad_input(format!("{} needs a secret to verify{place}, and none was given", scheme.name()))
                        .hint("pass --secret-env VAR (or PATH=PROVIDER:env:VAR for a route), or drop -p to capture without verifying"));
                }
            }
        }
        let mut state = State {
            routes,
            fallback,
            hmac: args.hmac.params(),
            on_invalid: args.on_invalid,
            allow_unsigned: args.allow_unsigned,
            max_body: args.max_body,
            read_timeout: args.read_timeout,
            save_dir: args.save_dir.clone(),
            save_failed: AtomicBool::new(false),
            saved: AtomicU64::new(0),
            sequence: AtomicU64::new(0),
            forward: None,
            filters: parse_filters(&args.filters)?,
            metrics: Mutex::new(Metrics::default()),
            output: Mutex::new(()),
            printer: *printer,
            json,
            base_url: Mutex::new(String::new()),
            public_url: Mutex::new(args.public_url.as_ref().map(|u| u.trim_end_matches('/').to_string())),
            trust_forwarded: args.trust_forwarded,
            inspector: args.ui.then(|| super::ui::Inspector::new(args.save_dir.as_deref(), args.replay_timeout)),
            retry_after: args.retry_after,
            spec: args.spec.as_deref().map(crate::spec::Spec::load).transpose()?,
            schema_broken: AtomicBool::new(false),
            audit: args.audit_sender.map(|p| super::audit::Audit::new(p.0, args.time_scale)),
            publisher: match &args.publish {
                Some(url) => {
                    let target = crate::nats::Target::parse(url, args.stream.as_deref()).map_err(|why| {
                        Error::usage(format!("--publish {why}"))
                            .hint("write e.g. --publish nats://127.0.0.1:4222/webhooks")
                    })?;
                    Some(super::publish::Publisher::new(target, args.nats_creds.clone()))
                }
                None => None,
            },
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
            // An app answers its own redirects' worth: they go back to the sender unfollowed.
            let options = ClientOptions { timeout: Duration::from_secs(30), insecure: false, redirects: 0 };
            state.forward = Some((target.trim_end_matches('/').to_string(), Client::new(&options)?));
        }
        Ok(state)
    }

    /// Whether handling a request waits on an app (`--forward-to`).
    pub fn forwards(&self) -> bool {
        self.forward.is_some()
    }

    pub fn set_base_url(&self, url: &str) {
        *self.base_url.lock().expect("lock") = url.to_string();
    }

    /// The public base URL senders use, once a tunnel has one.
    pub fn set_public_url(&self, url: &str) {
        *self.public_url.lock().expect("lock") = Some(url.trim_end_matches('/').to_string());
    }

    /// `http://HOST:PORT` the listener is bound to.
    pub fn base_url(&self) -> String {
        self.base_url.lock().expect("lock").clone()
    }

    /// The port the listener is bound to.
    pub fn port(&self) -> u16 {
        self.base_url().rsplit(':').next().and_then(|port| port.parse().ok()).unwrap_or_default()
    }

    /// Where a replay from the inspector goes unless told otherwise: the app (`--forward-to`),
    /// else this listener.
    pub fn replay_target(&self) -> String {
        self.forward.as_ref().map_or_else(|| self.base_url(), |(target, _)| target.clone())
    }

    /// The secrets the route serving `path` verifies `scheme` with, for re-signing a replay.
    pub fn secrets_for(&self, path: &str, scheme: &dyn Scheme) -> Vec<Secret> {
        scheme::secrets_for(scheme, &self.route(path).secrets)
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
        route.script.lock().expect("lock").extend(answers.iter().copied());
        if path.is_none() {
            for route in &self.routes {
                route.script.lock().expect("lock").extend(answers.iter().copied());
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

    /// The scheme, host and port the sender addressed: `--public-url`, the forwarded headers
    /// with `--trust-forwarded`, or the listener's own address.
    fn sender_base(&self, headers: &HeaderMap) -> String {
        if let Some(public) = self.public_url.lock().expect("lock").as_ref() {
            return public.clone();
        }
        let forwarded = |name| headers.get(name).and_then(|v| v.split(',').next()).map(str::trim);
        match (self.trust_forwarded, forwarded("X-Forwarded-Proto"), forwarded("X-Forwarded-Host")) {
            (true, Some(proto), Some(host)) => format!("{proto}://{host}"),
            _ => self.base_url.lock().expect("lock").clone(),
        }
    }

    /// What the listener serves, for the person who started it: each route with its provider
    /// and whether it verifies, and whk's own endpoints.
    pub fn banner(&self) -> String {
        let describe = |route: &Route| match (route.scheme, route.secrets.is_empty()) {
            (Some(scheme), false) => format!("{} (verified)", scheme.name()),
            (Some(scheme), true) => format!("{} (no secret: not verified)", scheme.name()),
            (None, _) => "any provider, detected (captured; verified where a secret fits)".to_string(),
        };
        let mut lines: Vec<String> =
            self.routes.iter().map(|r| format!("  {} → {}", r.path.as_deref().unwrap_or("*"), describe(r))).collect();
        lines.push(format!("  other paths → {}", describe(&self.fallback)));
        lines.push(format!("  {RESERVED}health, {RESERVED}metrics, {RESERVED}metrics.json → whk's own"));
        if self.inspector.is_some() {
            lines.push(format!("  {} → the inspector, {}", super::ui::PAGE, super::ui::API));
        }
        if let Some(publisher) = &self.publisher {
            let target = publisher.target();
            lines.push(format!("  every capture → {}/{} (stream {})", target.shown(), target.subject, target.stream));
        }
        format!("serving:\n{}", lines.join("\n"))
    }

    /// One line for the end of a run: what came in, how it verified, what was saved.
    pub fn summary(&self) -> String {
        let metrics = self.metrics.lock().expect("lock");
        let count = |verdict: &str| metrics.by_verdict.get(verdict).copied().unwrap_or(0);
        format!(
            "{} requests: {} valid, {} invalid, {} unsigned, {} unknown; {} saved",
            metrics.total,
            count("valid"),
            count("invalid"),
            count("unsigned"),
            count("unknown"),
            self.saved.load(Ordering::SeqCst)
        )
    }

    /// The answer to a provider's own probe (`GET /health`, `/metrics`…) on this listener's
    /// routes, if the request is one.
    pub fn probe(&self, method: &str, path: &str) -> Option<Answer> {
        if method != "GET" {
            return None;
        }
        let stats = {
            let metrics = self.metrics.lock().expect("lock");
            let count = |verdict: &str| metrics.by_verdict.get(verdict).copied().unwrap_or(0);
            scheme::ReceiverStats { received: metrics.total, valid: count("valid"), invalid: count("invalid") }
        };
        let routes = self.routes.iter().chain(std::iter::once(&self.fallback));
        routes
            .filter_map(|route| Some((route.scheme?, route.path.as_deref())))
            .find_map(|(scheme, route)| scheme.probe(path, route, &stats))
            .map(Answer::from)
    }

    /// Answers one request, and says whether it verified when it counts towards `--count`
    /// (filtered-out requests do not).
    pub fn handle(&self, delivery: Delivery) -> (Answer, Option<bool>) {
        let Delivery { received_at, remote_addr, message } = delivery;
        let (path, query) = (message.path().to_string(), message.query().map(str::to_string));
        let Message { method, headers, body, .. } = message;
        let route = self.route(&path);
        let request_body = Body::Bytes(body);
        let (scheme, verdict) = self.verify(route, &method, &path, query.as_deref(), &headers, &request_body);
        let mut answer =
            self.answer(route, scheme, &verdict, &method, &path, query.as_deref(), &headers, &request_body);
        let body = request_body.as_bytes().unwrap_or_default();
        let json = LazyJson::new(body);
        if let Some(audit) = &self.audit {
            audit.record(&headers, json.get(), matches!(verdict, Checked::Valid), &answer);
        }
        // A request the filters leave out is answered, and neither saved, shown nor counted.
        if !(self.filters.is_empty() || matches_filters(&self.filters, &json)) {
            return (answer, None);
        }
        let event = event_name(scheme, &headers, &json);
        let mut capture = Capture {
            whk_capture: fixture::VERSION,
            received_at,
            remote_addr,
            method,
            path,
            query,
            headers: headers.0,
            body: CapturedBody::from_bytes(body),
            provider: scheme.map(|s| s.name().to_string()),
            schema: self.spec.as_ref().map(|spec| spec.check(event.as_deref(), json.get())),
            event,
            verdict: Some(verdict.captured()),
            response: Some(CapturedResponse {
                status: answer.status(),
                headers: answer.headers().to_vec(),
                body: String::from_utf8_lossy(answer.body()).into_owned(),
            }),
            imported: None,
        };
        if capture.schema.as_ref().is_some_and(|s| s.result != "valid") {
            self.schema_broken.store(true, Ordering::SeqCst);
        }
        let mut saved = None;
        if let Some(dir) = &self.save_dir {
            let sequence = self.sequence.fetch_add(1, Ordering::SeqCst) + 1;
            let file = dir.join(fixture::file_name(sequence, &capture.received_at, capture.provider.as_deref()));
            match capture.save(&file) {
                Ok(()) => {
                    self.saved.fetch_add(1, Ordering::SeqCst);
                    saved = Some(file);
                }
                Err(err) => {
                    // Never answer 2xx for a delivery that is not on disk.
                    if !self.save_failed.swap(true, Ordering::SeqCst) {
                        self.printer.error(
                            &err.hint(
                                "free some disk or choose a writable --save-dir; whk answers 500 until it can save",
                            ),
                        );
                    }
                    const UNSAVED: &str = "whk could not save this delivery";
                    answer =
                        Answer::Reply { status: 500, headers: vec![], body: UNSAVED.into(), delay: Duration::ZERO };
                    capture.response = Some(CapturedResponse { status: 500, headers: vec![], body: UNSAVED.into() });
                }
            }
        }
        // The likely cause of a failed signature, in the words `whk verify` uses. Diagnosis
        // hashes the body a few dozen ways, so a stranger's large invalid bodies are not.
        let cause = match &verdict {
            Checked::Invalid(scheme::Mismatch::Digest(digest)) if body.len() <= DIAGNOSED_UP_TO => {
                scheme::diagnose::diagnose(digest, &request_body, &route.secrets)
            }
            _ => None,
        };
        self.record(&capture, &json, &route.path, saved.as_deref(), &verdict, cause.as_deref());
        if let Some(inspector) = &self.inspector {
            inspector.record(&capture, saved.as_deref(), cause.as_deref());
        }
        if let Some(publisher) = &self.publisher {
            publisher.enqueue(capture);
        }
        (answer, Some(matches!(verdict, Checked::Valid)))
    }

    fn verify(
        &self,
        route: &Route,
        method: &str,
        path: &str,
        query: Option<&str>,
        headers: &HeaderMap,
        body: &Body,
    ) -> (Option<&'static dyn Scheme>, Checked) {
        let scheme = match route.scheme {
            Some(scheme) => scheme,
            None => match scheme::detect(headers, body).as_slice() {
                [one] => *one,
                [] => return (None, Checked::Unknown("no known provider's signature".into())),
                many => {
                    let names: Vec<_> = many.iter().map(|s| s.name()).collect();
                    return (None, Checked::Unknown(format!("fits several providers: {}", names.join(", "))));
                }
            },
        };
        let url = format!("{}{path}{}", self.sender_base(headers), query.map(|q| format!("?{q}")).unwrap_or_default());
        let opts = VerifyOptions { url: Some(url), hmac: self.hmac.clone(), ..VerifyOptions::new(scheme::now_unix()) };
        let request = Request { method, headers, body };
        let outcome = match scheme.verify(&request, &route.secrets, &opts) {
            Ok(Verdict::Valid(_)) => Checked::Valid,
            Ok(Verdict::Unsigned(why)) => Checked::Unsigned(why),
            Ok(Verdict::Invalid(mismatch)) => Checked::Invalid(mismatch),
            Err(err) => Checked::Unknown(err.to_string()),
        };
        (Some(scheme), outcome)
    }

    /// The answer: a scripted one, a provider handshake, the app's (forwarding), or the verdict's.
    #[allow(clippy::too_many_arguments)]
    fn answer(
        &self,
        route: &Route,
        scheme: Option<&'static dyn Scheme>,
        verdict: &Checked,
        method: &str,
        path: &str,
        query: Option<&str>,
        headers: &HeaderMap,
        body: &Body,
    ) -> Answer {
        if let Some(scripted) = route.script.lock().expect("lock").pop_front() {
            return scripted.answer(self.retry_after);
        }
        let provided = scheme.and_then(|s| {
            let request = Request { method, headers, body };
            s.reply(&request, matches!(verdict, Checked::Valid), &route.secrets)
        });
        match (provided, &self.forward) {
            (Some(reply), forward) if reply.handshake || forward.is_none() => return Answer::from(reply),
            (_, Some((target, client))) => {
                let request =
                    Forwarded { method, path, query, headers: &headers.0, body: body.as_bytes().unwrap_or_default() };
                return forward(client, target, &request, self.max_body, &self.printer);
            }
            _ => {}
        }
        match verdict {
            Checked::Invalid(_) => Answer::json(self.on_invalid, json!({"error": "invalid signature"})),
            // A route given a secret expects signed deliveries, even from a provider that may send
            // none (MediLab, Novofon's templated notifications): --allow-unsigned takes them.
            Checked::Unsigned(_) if !self.allow_unsigned && !route.secrets.is_empty() => {
                Answer::json(self.on_invalid, json!({"error": "unsigned request"}))
            }
            _ => Answer::json(200, json!({"received": true})),
        }
    }
}

/// The event type: from the provider's event header (any provider's when none is known), else
/// from the body's usual fields.
fn event_name(scheme: Option<&dyn Scheme>, headers: &HeaderMap, body: &LazyJson) -> Option<String> {
    let schemes: &[&dyn Scheme] = match &scheme {
        Some(scheme) => std::slice::from_ref(scheme),
        None => scheme::REGISTRY,
    };
    let from_header = schemes.iter().flat_map(|s| s.event_headers()).find_map(|name| headers.get(name));
    if let Some(value) = from_header {
        return Some(value.to_string());
    }
    if let Some(json) = body.get() {
        let event = if json.is_array() { &json[0] } else { json };
        for field in ["event_type", "type", "event", "topic", "subscriptionType", "status"] {
            if let Some(text) = event.get(field).and_then(Value::as_str) {
                return Some(text.to_string());
            }
        }
        return None;
    }
    form_urlencoded::parse(body.bytes()).find(|(k, _)| k == "event" || k == "status").map(|(_, v)| v.into_owned())
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

/// Every filter has its value in one of its fields (`a|b`), in a form body or (by dotted path)
/// a JSON body.
fn matches_filters(filters: &[(String, String)], body: &LazyJson) -> bool {
    let has = |field: &str, wanted: &str| match body.get() {
        Some(json) => field.split('.').try_fold(json, |node, key| node.get(key)).is_some_and(|v| match v {
            Value::String(s) => s == wanted,
            other => serde_json::from_str::<Value>(wanted).is_ok_and(|w| w == *other),
        }),
        None => form_urlencoded::parse(body.bytes()).any(|(k, v)| k == field && v == wanted),
    };
    filters.iter().all(|(fields, wanted)| fields.split('|').any(|field| has(field, wanted)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_match_form_and_json_fields() {
        let filters = parse_filters(&["caller=+79843330712".into()]).unwrap();
        assert!(matches_filters(&filters, &LazyJson::new(b"call_id=1&caller=%2B79843330712")));
        assert!(!matches_filters(&filters, &LazyJson::new(b"call_id=1&caller=%2B70000000000")));
        let nested = parse_filters(&["data.product_id=12345".into()]).unwrap();
        assert!(matches_filters(&nested, &LazyJson::new(br#"{"data":{"product_id":"12345"}}"#)));
        let either = parse_filters(&["caller|called=+79843330712".into()]).unwrap();
        assert!(matches_filters(&either, &LazyJson::new(b"caller=%2B70000000000&called=%2B79843330712")));
        assert!(matches_filters(&either, &LazyJson::new(b"caller=%2B79843330712&called=%2B70000000000")));
        assert!(!matches_filters(&either, &LazyJson::new(b"caller=%2B70000000000&called=%2B70000000001")));
    }

    #[test]
    fn event_names_come_from_headers_then_body() {
        let headers = HeaderMap(vec![("X-GitHub-Event".into(), "push".into())]);
        assert_eq!(event_name(None, &headers, &LazyJson::new(b"{}")), Some("push".into()));
        let stripe = scheme::find("stripe");
        assert_eq!(
            event_name(stripe, &headers, &LazyJson::new(br#"{"type":"invoice.paid"}"#)),
            Some("invoice.paid".into()),
            "a known provider's event comes from its own headers or the body, not another's header"
        );
        let shopify = scheme::find("shopify");
        let topic = HeaderMap(vec![("shopify-topic".into(), "orders/create".into())]);
        assert_eq!(event_name(shopify, &topic, &LazyJson::new(b"{}")), Some("orders/create".into()));
        assert_eq!(
            event_name(None, &HeaderMap::default(), &LazyJson::new(br#"{"event_type":"patient.created"}"#)),
            Some("patient.created".into())
        );
        assert_eq!(
            event_name(None, &HeaderMap::default(), &LazyJson::new(b"event=NOTIFY_START&x=1")),
            Some("NOTIFY_START".into())
        );
    }
}
