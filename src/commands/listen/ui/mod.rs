//! `whk listen --ui`: a web inspector served from the listener's own port under `/_whk/ui`,
//! with its API under `/_whk/api/`. The page and its assets are embedded in the binary.
//!
//! The page must not become a way into the developer's machine:
//! - it answers only requests addressed to the listener by its loopback name (`Host` of
//!   127.0.0.1, localhost or [::1] with its port), which defeats DNS rebinding (421 otherwise);
//! - anything that changes state (a replay) needs the page's own origin and the per-run token
//!   the page carries (403 otherwise, and nothing is sent anywhere);
//! - secrets never reach it, and captured content is only ever set as text, under a Content
//!   Security Policy that runs no inline script.

mod api;
mod store;

use std::convert::Infallible;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full};
use hyper::Response;
use rand_core::{OsRng, RngCore};
use serde_json::json;
use tokio::sync::{broadcast, watch};

use super::handle::State;
use crate::fixture::Capture;
use crate::message::HeaderMap;

pub use store::Store;

/// The page's own prefix, and its API's.
pub const PAGE: &str = "/_whk/ui";
pub const API: &str = "/_whk/api/";

pub type Reply = Response<UnsyncBoxBody<Bytes, Infallible>>;

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

/// No script but the page's own file, no style but its own, nothing fetched from elsewhere,
/// never framed.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                      connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The inspector's state, shared by the connections.
pub struct Inspector {
    store: Mutex<Store>,
    /// Proves a state-changing request came from the page this run served.
    token: String,
    /// New deliveries' summaries, as server-sent events.
    events: broadcast::Sender<Bytes>,
    /// Flipped when the listener stops, so that event streams end.
    closing: watch::Sender<bool>,
    replay_timeout: Duration,
}

/// One request for the page or its API, body read whole.
pub struct UiRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Inspector {
    /// The inspector, listing the captures already in `save_dir` (oldest first, as their names
    /// sort), each read once for its summary.
    pub fn new(save_dir: Option<&Path>, replay_timeout: Duration) -> Inspector {
        let mut token = [0u8; 24];
        OsRng.fill_bytes(&mut token);
        let mut store = Store::default();
        if let Some(dir) = save_dir {
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|x| x == "json"))
                .collect();
            files.sort();
            for file in files {
                // A file that is no capture is passed over: the list shows what can be opened.
                if let Ok(capture) = Capture::load(&file) {
                    store.add(&capture, Some(file), None);
                }
            }
        }
        Inspector {
            store: Mutex::new(store),
            token: hex::encode(token),
            events: broadcast::channel(256).0,
            closing: watch::channel(false).0,
            replay_timeout,
        }
    }

    /// A delivery the listener just handled: listed, and pushed to every open page.
    pub fn record(&self, capture: &Capture, file: Option<&Path>, cause: Option<&str>) {
        let summary =
            self.store.lock().expect("lock").add(capture, file.map(Path::to_path_buf), cause.map(str::to_string));
        // No page open: nobody to tell, nothing to encode.
        if self.events.receiver_count() > 0 {
            let event = format!("event: capture\ndata: {}\n\n", json!(summary));
            let _ = self.events.send(Bytes::from(event));
        }
    }

    /// Ends the event streams, so a stopping listener does not wait on open pages.
    pub fn close(&self) {
        let _ = self.closing.send(true);
    }

    /// Whether `path` is the inspector's.
    pub fn serves(path: &str) -> bool {
        path == PAGE || path.starts_with(&format!("{PAGE}/")) || path.starts_with(API)
    }

    /// The answer to a request for the page or the API.
    pub async fn respond(&self, state: &Arc<State>, request: UiRequest) -> Reply {
        let port = state.port();
        let Some(host) = own_host(&request.headers, port) else {
            return json_reply(
                421,
                json!({"error": "the inspector answers only at 127.0.0.1, localhost or [::1] with the listener's port"}),
            );
        };
        let method = request.method.as_str();
        let path = request.path.as_str();
        if path == PAGE || path == format!("{PAGE}/") {
            return match method {
                "GET" | "HEAD" => self.page(),
                _ => not_allowed(),
            };
        }
        if let Some(asset) = path.strip_prefix(&format!("{PAGE}/")) {
            return match (method, asset) {
                ("GET" | "HEAD", "app.js") => asset_reply("text/javascript; charset=utf-8", SCRIPT),
                ("GET" | "HEAD", "app.css") => asset_reply("text/css; charset=utf-8", STYLE),
                _ => json_reply(404, json!({"error": "no such page"})),
            };
        }
        if method != "GET" && method != "HEAD" {
            if let Err(why) = self.same_origin_with_token(&request.headers, &host) {
                return json_reply(403, json!({"error": why}));
            }
        }
        api::route(self, state, request).await
    }

    /// The page, with this run's token in its `<meta name="whk-token">`.
    fn page(&self) -> Reply {
        let html = crate::template::fill(INDEX, |slot| (slot == "token").then(|| self.token.clone()));
        typed(200, &[("Content-Type", "text/html; charset=utf-8")], full(html))
    }

    /// A state-changing request must come from the page itself: its `Origin` is this
    /// listener's, and it carries this run's token.
    fn same_origin_with_token(&self, headers: &HeaderMap, host: &str) -> Result<(), &'static str> {
        match headers.get("Origin") {
            Some(origin) if origin == format!("http://{host}") => {}
            Some(_) => return Err("cross-origin requests are refused"),
            None => return Err("a request without Origin is refused: the inspector's page sends one"),
        }
        let given = headers.get("X-Whk-Token").unwrap_or_default();
        // Compared in constant time: the token is a secret.
        if given.len() != self.token.len()
            || !bool::from(subtle::ConstantTimeEq::ct_eq(given.as_bytes(), self.token.as_bytes()))
        {
            return Err("the X-Whk-Token header is missing or wrong: reload the inspector's page");
        }
        Ok(())
    }
}

/// The `Host` the request names, when it is this listener by a loopback name and its port.
fn own_host(headers: &HeaderMap, port: u16) -> Option<String> {
    let host = headers.get("Host")?;
    let allowed =
        ["127.0.0.1", "localhost", "[::1]"].iter().any(|name| host.eq_ignore_ascii_case(&format!("{name}:{port}")));
    allowed.then(|| host.to_ascii_lowercase())
}

pub fn full(bytes: impl Into<Bytes>) -> UnsyncBoxBody<Bytes, Infallible> {
    Full::new(bytes.into()).boxed_unsync()
}

/// A reply with its own headers plus the ones every inspector answer carries: never cached,
/// never sniffed, never framed, no inline script.
fn typed(status: u16, headers: &[(&str, &str)], body: UnsyncBoxBody<Bytes, Infallible>) -> Reply {
    let mut builder = Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder = builder
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("Content-Security-Policy", POLICY);
    builder.body(body).unwrap_or_else(|_| Response::new(full(Bytes::new())))
}

fn asset_reply(content_type: &str, text: &'static str) -> Reply {
    typed(200, &[("Content-Type", content_type)], full(text))
}

pub fn json_reply(status: u16, value: serde_json::Value) -> Reply {
    typed(status, &[("Content-Type", "application/json")], full(value.to_string()))
}

fn not_allowed() -> Reply {
    json_reply(405, json!({"error": "method not allowed"}))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        HeaderMap(pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect())
    }

    #[test]
    fn only_the_listeners_own_loopback_names_are_its_host() {
        for host in ["127.0.0.1:8000", "localhost:8000", "LOCALHOST:8000", "[::1]:8000"] {
            assert!(own_host(&headers(&[("Host", host)]), 8000).is_some(), "{host}");
        }
        for host in ["evil.example:8000", "127.0.0.1:8001", "127.0.0.1", "localhost.evil.example:8000", "0.0.0.0:8000"]
        {
            assert!(own_host(&headers(&[("Host", host)]), 8000).is_none(), "{host}");
        }
        assert!(own_host(&HeaderMap::default(), 8000).is_none());
    }

    #[test]
    fn state_changes_need_the_pages_origin_and_token() {
        let inspector = Inspector::new(None, Duration::from_secs(1));
        let token = inspector.token.clone();
        let host = "127.0.0.1:8000";
        let ok = headers(&[("Origin", "http://127.0.0.1:8000"), ("X-Whk-Token", &token)]);
        assert!(inspector.same_origin_with_token(&ok, host).is_ok());
        for bad in [
            headers(&[("Origin", "http://evil.example"), ("X-Whk-Token", &token)]),
            headers(&[("X-Whk-Token", &token)]),
            headers(&[("Origin", "http://127.0.0.1:8000")]),
            headers(&[("Origin", "http://127.0.0.1:8000"), ("X-Whk-Token", "0")]),
        ] {
            assert!(inspector.same_origin_with_token(&bad, host).is_err(), "{bad:?}");
        }
    }
}
