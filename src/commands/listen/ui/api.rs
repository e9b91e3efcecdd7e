//! The inspector's API, which the page uses and scripts may too (README, 'Inspector'):
//!
//! - `GET  /_whk/api/captures?before=ID&limit=N&q=TEXT&provider=P&verdict=V`: a page of
//!   summaries, newest first;
//! - `GET  /_whk/api/captures/{id}`: the capture, with its `id`, `cause`, `file` and the
//!   `replay_to` the page offers (the app's URL with `--forward-to`, else this listener's);
//! - `GET  /_whk/api/captures/{id}/export?format=curl|har|http|hurl|capture`: it as a file;
//! - `POST /_whk/api/captures/{id}/replay`: `{"to", "body"?, "headers"?, "resign"}` sent, the
//!   target's answer back as `{status, headers, body, ms}`;
//! - `GET  /_whk/api/events`: server-sent events, one `capture` event per new delivery.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::Frame;
use serde::Deserialize;
use serde_json::json;

use super::store::{Filter, Summary};
use super::{full, json_reply, typed, Inspector, Reply, UiRequest, API};
use crate::bridge::{self, Outgoing};
use crate::cli::ExportFormat;
use crate::commands::listen::handle::State;
use crate::delivery::{Attempt, Client, ClientOptions};
use crate::fixture::Capture;
use crate::message::{HeaderMap, Message};
use crate::scheme::{self, SignOptions};

/// Rows per page unless `limit` says otherwise, and the most it may say.
const PAGE_ROWS: usize = 100;
const MAX_PAGE_ROWS: usize = 1000;
/// An event stream sends a comment this often, so proxies and the browser keep it open.
const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(15);

pub async fn route(inspector: &Inspector, state: &Arc<State>, request: UiRequest) -> Reply {
    let rest = request.path.strip_prefix(API).unwrap_or_default();
    let parts: Vec<&str> = rest.split('/').collect();
    let query = request.query.as_deref().unwrap_or_default();
    match (request.method.as_str(), parts.as_slice()) {
        ("GET", ["captures"]) => list(inspector, query),
        ("GET", ["events"]) => events(inspector),
        ("GET", ["captures", id]) => match load(inspector, id) {
            Ok((capture, summary)) => {
                let mut value = json!(capture);
                value["id"] = json!(summary.id);
                value["cause"] = json!(summary.cause);
                value["file"] = json!(summary.file.as_ref().map(|f| f.display().to_string()));
                value["replay_to"] = json!(bridge::url_for(&capture, Some(&state.replay_target())));
                json_reply(200, value)
            }
            Err(unavailable) => unavailable.reply(),
        },
        ("GET", ["captures", id, "export"]) => match load(inspector, id) {
            Ok((capture, summary)) => export(&capture, summary.id, query, &state.replay_target()),
            Err(unavailable) => unavailable.reply(),
        },
        ("POST", ["captures", id, "replay"]) => replay(inspector, state, id, &request.body).await,
        (_, ["captures"] | ["events"] | ["captures", _] | ["captures", _, "export" | "replay"]) => {
            json_reply(405, json!({"error": "method not allowed"}))
        }
        _ => json_reply(404, json!({"error": "no such API endpoint"})),
    }
}

fn param<'q>(query: &'q str, name: &str) -> Option<std::borrow::Cow<'q, str>> {
    form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == name).map(|(_, value)| value)
}

fn list(inspector: &Inspector, query: &str) -> Reply {
    let number = |name: &str| param(query, name).map(|v| v.parse::<u64>());
    let before = match number("before") {
        Some(Err(_)) => return json_reply(400, json!({"error": "before is not a capture id"})),
        Some(Ok(id)) => Some(id),
        None => None,
    };
    let limit = match number("limit") {
        Some(Ok(n)) if n > 0 => (n as usize).min(MAX_PAGE_ROWS),
        Some(_) => return json_reply(400, json!({"error": format!("limit is a number from 1 to {MAX_PAGE_ROWS}")})),
        None => PAGE_ROWS,
    };
    let text = |name: &str| param(query, name).map(|v| v.into_owned()).filter(|v| !v.is_empty());
    let filter = Filter { text: text("q").unwrap_or_default(), provider: text("provider"), verdict: text("verdict") };
    let store = inspector.store.lock().expect("lock");
    json_reply(200, json!(store.page(&filter, before, limit)))
}

/// Why a capture cannot be had: the status and the reason.
struct Unavailable(u16, String);

impl Unavailable {
    fn reply(self) -> Reply {
        json_reply(self.0, json!({"error": self.1}))
    }
}

/// The capture `id` names, read from its file or the held ones, with its summary.
fn load(inspector: &Inspector, id: &str) -> Result<(Capture, Summary), Unavailable> {
    let id = id.parse::<u64>().map_err(|_| Unavailable(400, "a capture id is a number".into()))?;
    let store = inspector.store.lock().expect("lock");
    let summary = store.summary(id).cloned().ok_or_else(|| Unavailable(404, format!("no capture {id}")))?;
    let capture = match &summary.file {
        Some(file) => {
            drop(store);
            Capture::load(file).map_err(|e| Unavailable(410, e.to_string()))?
        }
        None => store.held(id).cloned().ok_or_else(|| {
            Unavailable(410, "no longer held in memory: run the listener with --save-dir to keep every delivery".into())
        })?,
    };
    Ok((capture, summary))
}

/// One capture in an export format, as a download; credentials redacted as `whk export` does.
fn export(capture: &Capture, id: u64, query: &str, to: &str) -> Reply {
    let format = param(query, "format").unwrap_or_default();
    let (format, extension, content_type) = match format.as_ref() {
        "capture" => {
            let mut json = serde_json::to_vec_pretty(capture).unwrap_or_default();
            json.push(b'\n');
            return download(json, &format!("capture-{id}.json"), "application/json");
        }
        "curl" => (ExportFormat::Curl, "sh", "text/plain; charset=utf-8"),
        "har" => (ExportFormat::Har, "har", "application/json"),
        "http" => (ExportFormat::Http, "http", "text/plain; charset=utf-8"),
        "hurl" => (ExportFormat::Hurl, "hurl", "text/plain; charset=utf-8"),
        _ => return json_reply(400, json!({"error": "format is one of capture, curl, har, http, hurl"})),
    };
    let mut message = match bridge::outgoing_message(capture, Some(to)) {
        Ok(message) => message,
        Err(e) => return json_reply(422, json!({"error": e.to_string()})),
    };
    bridge::redact(&mut message.headers, &[], &mut Default::default());
    let name = format!("capture-{id}");
    let Message { target, headers, body, .. } = message;
    let outgoing = Outgoing { name: &name, capture, url: target, headers: headers.0, body };
    let mut exporter = bridge::exporter(format, Some(to));
    let mut out = Vec::new();
    let written = exporter
        .begin(&mut out)
        .map_err(bridge::ExportError::Write)
        .and_then(|()| exporter.entry(&mut out, &outgoing))
        .and_then(|()| exporter.end(&mut out).map_err(bridge::ExportError::Write));
    match written {
        Ok(()) => download(out, &format!("{name}.{extension}"), content_type),
        Err(bridge::ExportError::Unfit(why)) => json_reply(422, json!({"error": why})),
        Err(bridge::ExportError::Write(e)) => json_reply(500, json!({"error": e.to_string()})),
    }
}

fn download(bytes: Vec<u8>, file_name: &str, content_type: &str) -> Reply {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    typed(200, &[("Content-Type", content_type), ("Content-Disposition", &disposition)], full(bytes))
}

/// What the page sends to replay a capture, edited or not.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplayRequest {
    to: String,
    body: Option<String>,
    headers: Option<Vec<String>>,
    #[serde(default)]
    resign: bool,
}

async fn replay(inspector: &Inspector, state: &Arc<State>, id: &str, body: &[u8]) -> Reply {
    let asked: ReplayRequest = match serde_json::from_slice(body) {
        Ok(asked) => asked,
        Err(e) => {
            return json_reply(
                400,
                json!({"error": format!("the replay request is not {{\"to\", \"body\"?, \"headers\"?, \"resign\"?}}: {e}")}),
            )
        }
    };
    // A target is checked whole before anything is built, let alone sent.
    let to = match crate::cli::parse_endpoint(&asked.to) {
        Ok(to) => to,
        Err(why) => return json_reply(400, json!({"error": why})),
    };
    let capture = match load(inspector, id) {
        Ok((capture, _)) => capture,
        Err(unavailable) => return unavailable.reply(),
    };
    let message = match prepare(state, &capture, &asked, &to) {
        Ok(message) => message,
        Err(why) => return json_reply(400, json!({"error": why})),
    };
    let timeout = inspector.replay_timeout;
    let sent = tokio::task::spawn_blocking(move || {
        // reqwest's blocking client must be made and dropped off the async runtime.
        let client = Client::new(&ClientOptions { timeout, insecure: false, redirects: 0 })?;
        Ok::<_, crate::error::Error>(client.send(&message.method, &message.target, &message.headers.0, message.body))
    })
    .await;
    match sent {
        Ok(Ok(Attempt::Response(response))) => json_reply(
            200,
            json!({
                "status": response.status,
                "headers": response.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect::<Vec<_>>(),
                "body": String::from_utf8_lossy(&response.body),
                "truncated": response.truncated,
                "ms": response.elapsed.as_secs_f64() * 1000.0,
            }),
        ),
        Ok(Ok(Attempt::Failed(failure))) => json_reply(
            502,
            json!({"error": format!("{to} did not answer: {}", failure.message), "ms": failure.elapsed.as_secs_f64() * 1000.0}),
        ),
        Ok(Err(e)) => json_reply(500, json!({"error": e.to_string()})),
        Err(_) => json_reply(500, json!({"error": "the replay failed inside whk"})),
    }
}

/// The request to send: the capture's method, the edited or captured headers (minus the ones
/// the connection sets) and body, re-signed with the route's secret when asked.
fn prepare(state: &State, capture: &Capture, asked: &ReplayRequest, to: &str) -> Result<Message, String> {
    let headers = match &asked.headers {
        Some(lines) => lines
            .iter()
            .filter(|line| !line.trim().is_empty())
            .map(|line| crate::http::parse_header_line(line).ok_or(format!("header {line:?} is not 'Name: value'")))
            .collect::<Result<Vec<_>, _>>()?,
        None => capture.headers.clone(),
    };
    let headers = headers.into_iter().filter(|(name, _)| !crate::http::is_hop_by_hop(name)).collect();
    let body = match &asked.body {
        Some(body) => body.clone().into_bytes(),
        None => capture.body.bytes()?,
    };
    let mut message =
        Message { method: capture.method.clone(), target: to.to_string(), headers: HeaderMap(headers), body };
    if asked.resign {
        let provider = capture.provider.as_deref().ok_or("this capture has no provider to sign as")?;
        let scheme = scheme::find(provider).ok_or(format!("unknown provider {provider}"))?;
        let secrets = state.secrets_for(&capture.path, scheme);
        if secrets.is_empty() {
            return Err(format!("this listener has no {provider} secret to sign with (give it --secret-env)"));
        }
        let opts = SignOptions {
            id: Some(scheme.fresh_id()),
            url: Some(message.target.clone()),
            method: message.method.clone(),
            event: capture.event.clone(),
            ..SignOptions::new(scheme::now_unix())
        };
        message.resign(scheme, &secrets, &opts).map_err(|e| e.to_string())?;
    }
    Ok(message)
}

/// New deliveries as they come, until the listener stops.
fn events(inspector: &Inspector) -> Reply {
    let receiver = inspector.events.subscribe();
    let closing = inspector.closing.subscribe();
    let ticker = tokio::time::interval(KEEP_ALIVE);
    let stream = futures_util::stream::unfold(
        (receiver, closing, ticker),
        |(mut receiver, mut closing, mut ticker)| async move {
            if *closing.borrow() {
                return None;
            }
            let chunk = tokio::select! {
                event = receiver.recv() => match event {
                    Ok(event) => event,
                    // A page that fell behind reloads its list rather than miss rows.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => Bytes::from_static(b"event: reload\ndata: {}\n\n"),
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                },
                _ = ticker.tick() => Bytes::from_static(b": keep-alive\n\n"),
                _ = closing.changed() => return None,
            };
            Some((Ok::<_, std::convert::Infallible>(Frame::data(chunk)), (receiver, closing, ticker)))
        },
    );
    typed(200, &[("Content-Type", "text/event-stream")], StreamBody::new(stream).boxed_unsync())
}
