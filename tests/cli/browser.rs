//! A real headless Chromium driven over the DevTools protocol, for what whk shows in a browser.
//! Chromium picks its own debugging port (`--remote-debugging-port=0`) and says which on
//! stderr; each call waits at most [`DEADLINE`], and the browser dies with its `Browser`.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};
use tungstenite::{stream::MaybeTlsStream, Message, WebSocket};

const DEADLINE: Duration = Duration::from_secs(30);

pub struct Browser {
    process: Child,
    page: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Chromium on a blank page, or `None` when this machine has none and is not CI (where
    /// `.ci/run` installs it, so a missing browser fails the test).
    #[allow(clippy::print_stderr)] // the skip is said where cargo test shows it
    pub fn start() -> Option<Browser> {
        let Some(binary) = crate::support::program("WHK_CHROMIUM", &["chromium", "chromium-browser", "google-chrome"])
        else {
            assert!(std::env::var_os("CI").is_none(), "no Chromium: .ci/run installs Debian's chromium package");
            eprintln!("skipped: no chromium on PATH (set WHK_CHROMIUM to run the browser tests)");
            return None;
        };
        let profile = crate::support::temp();
        let mut process = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = process.stderr.take().expect("chromium's stderr");
        let (port_tx, port_rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Read to the end so Chromium never blocks on a full pipe.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = port_tx.send(url.to_string());
                }
            }
        });
        let browser_url = match port_rx.recv_timeout(DEADLINE) {
            Ok(url) => url,
            Err(_) => {
                let _ = process.kill();
                panic!("chromium did not open its debugging port within {DEADLINE:?}");
            }
        };
        let http_base = browser_url.replacen("ws://", "http://", 1);
        let http_base = &http_base[..http_base.find("/devtools").expect("a DevTools URL")];
        let page_url = page_target(http_base);
        let (page, _) = tungstenite::connect(page_url.as_str()).expect("connect to the page's DevTools socket");
        if let MaybeTlsStream::Plain(stream) = page.get_ref() {
            stream.set_read_timeout(Some(DEADLINE)).expect("read timeout");
        }
        Some(Browser { process, page, next_id: 0, _profile: profile })
    }

    /// One DevTools command's result; events that arrive meanwhile are passed over.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let started = Instant::now();
        self.page.send(Message::text(json!({"id": id, "method": method, "params": params}).to_string())).expect("send");
        loop {
            assert!(started.elapsed() < DEADLINE, "{method} took over {DEADLINE:?}");
            let Message::Text(text) = self.page.read().expect("a DevTools message") else { continue };
            let reply: Value = serde_json::from_str(text.as_str()).expect("DevTools speaks JSON");
            if reply["id"] == id {
                assert!(reply.get("error").is_none(), "{method}: {}", reply["error"]);
                return reply["result"].clone();
            }
        }
    }

    /// Open `url` at this viewport width and wait until it has loaded.
    pub fn open(&mut self, url: &str, width: u32, height: u32) {
        self.resize(width, height);
        self.call("Page.navigate", json!({"url": url}));
        self.eval("new Promise(done => document.readyState === 'complete' ? done(true) : addEventListener('load', () => done(true)))");
    }

    pub fn resize(&mut self, width: u32, height: u32) {
        let metrics = json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false});
        self.call("Emulation.setDeviceMetricsOverride", metrics);
    }

    /// The value of a JavaScript expression (awaited if it is a promise); an exception fails.
    pub fn eval(&mut self, expression: &str) -> Value {
        let params = json!({"expression": expression, "returnByValue": true, "awaitPromise": true});
        let result = self.call("Runtime.evaluate", params);
        assert!(result.get("exceptionDetails").is_none(), "{expression}: {}", result["exceptionDetails"]);
        result["result"]["value"].clone()
    }

    /// Waits in the page until `condition` (a JavaScript expression) holds, checking on every
    /// change to the document; fails after [`DEADLINE`] with what it waited for.
    pub fn wait_for(&mut self, condition: &str) {
        let script = format!(
            "new Promise(done => {{
                const met = () => {{ try {{ return Boolean({condition}); }} catch (e) {{ return false; }} }};
                if (met()) return done(true);
                const watch = new MutationObserver(() => {{ if (met()) {{ watch.disconnect(); done(true); }} }});
                watch.observe(document, {{subtree: true, childList: true, attributes: true, characterData: true}});
                setTimeout(() => {{ watch.disconnect(); done(met()); }}, {});
            }})",
            DEADLINE.as_millis() - 1000
        );
        assert_eq!(self.eval(&script), true, "waited in vain for: {condition}");
    }

    /// A PNG of the whole page, not only the viewport.
    pub fn screenshot(&mut self, path: &Path) {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png", "captureBeyondViewport": true}));
        let png =
            base64::engine::general_purpose::STANDARD.decode(shot["data"].as_str().expect("data")).expect("base64");
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        std::fs::write(path, png).expect("write the screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The DevTools socket of the browser's one page (the `about:blank` it started with).
fn page_target(http_base: &str) -> String {
    let started = Instant::now();
    loop {
        let list = reqwest::blocking::get(format!("{http_base}/json/list")).and_then(|r| r.bytes());
        let targets: Value = serde_json::from_slice(&list.expect("DevTools target list")).expect("JSON");
        let page = targets.as_array().into_iter().flatten().find(|t| t["type"] == "page");
        if let Some(url) = page.and_then(|t| t["webSocketDebuggerUrl"].as_str()) {
            return url.to_string();
        }
        assert!(started.elapsed() < DEADLINE, "chromium opened no page");
        std::thread::sleep(Duration::from_millis(20));
    }
}
