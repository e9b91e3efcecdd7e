//! `whk listen --ui`: the inspector's API over real sockets, its guards against other sites
//! and other hosts, and the page itself in headless Chromium.

use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::{json, Value};

use crate::browser::Browser;
use crate::listen::{post, Listener};
use crate::support::{closed_port, repo, stderr, stdout, temp, whk, Reply, TestServer};

const SECRET: &str = "It's a Secret to Everybody";

fn inspector(dir: &std::path::Path) -> Listener {
    let spec = repo().join("fixtures/specs/github-webhooks.json").display().to_string();
    let args = ["--ui", "--route", "/gh=github:env:GH", "--save-dir", "caps", "--spec", &spec];
    let listener = Listener::start(dir, &args, &[("GH", SECRET)]);
    assert!(listener.stderr_shows(&format!("inspector: {}/_whk/ui", listener.url)), "{}", listener.stderr());
    listener
}

fn port(url: &str) -> u16 {
    url.rsplit(':').next().unwrap().parse().unwrap()
}

/// One raw HTTP/1.1 exchange, `Connection: close`: the status and the body.
fn exchange(url: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port(url))).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

fn send_github(url: &str, body: &str) {
    let dir = temp();
    std::fs::write(dir.path().join("body.json"), body).unwrap();
    let out = whk(dir.path())
        .args(["send", &format!("{url}/gh"), "-p", "github", "--secret-env", "GH", "body.json"])
        .env("GH", SECRET)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn token(url: &str, host: &str) -> String {
    let (status, page) = exchange(url, "GET", "/_whk/ui", &[("Host", host)], "");
    assert_eq!(status, 200);
    let start = page.find("name=\"whk-token\" content=\"").unwrap() + 26;
    page[start..start + 48].to_string()
}

#[test]
fn the_api_lists_details_exports_and_replays_and_guards_itself() {
    let dir = temp();
    let listener = inspector(dir.path());
    let url = &listener.url;
    let host = format!("127.0.0.1:{}", port(url));
    send_github(url, r#"{"zen":"Design for failure."}"#);
    let (status, list) = exchange(url, "GET", "/_whk/api/captures", &[("Host", &host)], "");
    assert_eq!(status, 200, "{list}");
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!((list["total"].as_u64(), list["captures"][0]["verdict"].as_str()), (Some(1), Some("valid")));
    let id = list["captures"][0]["id"].as_u64().unwrap();

    let (status, detail) = exchange(url, "GET", &format!("/_whk/api/captures/{id}"), &[("Host", &host)], "");
    assert_eq!(status, 200);
    assert!(!detail.contains(SECRET), "secrets never reach the page");
    let detail: Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["body"], r#"{"zen":"Design for failure."}"#);
    assert!(detail["file"].as_str().unwrap().starts_with("caps/"));
    let (status, curl) =
        exchange(url, "GET", &format!("/_whk/api/captures/{id}/export?format=curl"), &[("Host", &host)], "");
    assert!(status == 200 && curl.starts_with("# capture-1\ncurl -sS -X POST"), "{curl}");

    // Every name the listener goes by on loopback is its own; any other is a rebinding attempt.
    for name in ["localhost", "[::1]"] {
        let alias = format!("{name}:{}", port(url));
        assert_eq!(exchange(url, "GET", "/_whk/api/captures", &[("Host", &alias)], "").0, 200, "{alias}");
    }
    for foreign in ["evil.example", "evil.example:80", "127.0.0.1:1"] {
        assert_eq!(exchange(url, "GET", "/_whk/ui", &[("Host", foreign)], "").0, 421, "{foreign}");
        assert_eq!(exchange(url, "GET", "/_whk/api/captures", &[("Host", foreign)], "").0, 421, "{foreign}");
    }
    let (status, _) = post(&format!("{url}/gh"), &[("Host", "evil.example")], b"{}");
    assert_eq!(status, 401, "webhook routes answer whatever Host the sender used");

    let server = TestServer::start(vec![Reply::Status(202)]);
    let replay_path = format!("/_whk/api/captures/{id}/replay");
    let good = json!({"to": server.url, "resign": true}).to_string();
    let origin = format!("http://{host}");
    let token = token(url, &host);
    for (headers, why) in [
        (vec![("Host", host.as_str()), ("Origin", origin.as_str())], "no token"),
        (vec![("Host", host.as_str()), ("X-Whk-Token", token.as_str())], "no Origin"),
        (
            vec![("Host", host.as_str()), ("Origin", "http://evil.example"), ("X-Whk-Token", token.as_str())],
            "another origin",
        ),
        (
            vec![("Host", host.as_str()), ("Origin", origin.as_str()), ("X-Whk-Token", "0".repeat(48).leak())],
            "a wrong token",
        ),
    ] {
        assert_eq!(exchange(url, "POST", &replay_path, &headers, &good).0, 403, "{why}");
    }
    assert!(server.requests().is_empty(), "a refused replay sends nothing");

    let page_headers = [("Host", host.as_str()), ("Origin", origin.as_str()), ("X-Whk-Token", token.as_str())];
    for (body, why) in [
        ("{", "not JSON"),
        (r#"{"to": "ftp://example.com"}"#, "not an http target"),
        (r#"{"to": "http://exa mple.com"}"#, "a malformed target"),
        (r#"{"to": "http://127.0.0.1:1", "headers": ["no colon"]}"#, "a header that is no header"),
        (r#"{"to": "http://127.0.0.1:1", "extra": 1}"#, "a field it does not know"),
    ] {
        let (status, answer) = exchange(url, "POST", &replay_path, &page_headers, body);
        assert_eq!(status, 400, "{why}: {answer}");
        assert!(answer.contains("\"error\""), "{answer}");
    }
    assert_eq!(exchange(url, "POST", "/_whk/api/captures/999/replay", &page_headers, &good).0, 404);
    assert!(server.requests().is_empty());

    let (status, answer) = exchange(url, "POST", &replay_path, &page_headers, &good);
    assert_eq!(status, 200, "{answer}");
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["status"], 202);
    let sent = &server.requests()[0];
    assert_eq!(sent.body, br#"{"zen":"Design for failure."}"#);
    let fresh = sent.header("X-Hub-Signature-256").unwrap();
    assert!(fresh.starts_with("sha256="));

    let nobody = json!({"to": format!("http://127.0.0.1:{}", closed_port())}).to_string();
    let (status, answer) = exchange(url, "POST", &replay_path, &page_headers, &nobody);
    assert_eq!(status, 502, "{answer}");
    assert!(answer.contains("did not answer"), "{answer}");
}

#[test]
fn a_target_that_never_answers_is_reported_after_the_replay_timeout() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &["--ui", "--replay-timeout", "300ms"], &[]);
    let host = format!("127.0.0.1:{}", port(&listener.url));
    post(&format!("{}/hook", listener.url), &[], b"{}");
    let hanging = TestServer::start(vec![Reply::Hang]);
    let token = token(&listener.url, &host);
    let origin = format!("http://{host}");
    let headers = [("Host", host.as_str()), ("Origin", origin.as_str()), ("X-Whk-Token", token.as_str())];
    let started = std::time::Instant::now();
    let body = json!({"to": hanging.url}).to_string();
    let (status, answer) = exchange(&listener.url, "POST", "/_whk/api/captures/1/replay", &headers, &body);
    assert_eq!(status, 502, "{answer}");
    assert!(answer.contains("did not answer"), "{answer}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "bounded by --replay-timeout");
}

#[test]
fn captures_already_saved_are_listed_at_start_and_pages_go_back_in_time() {
    let dir = temp();
    let caps = dir.path().join("caps");
    std::fs::create_dir(&caps).unwrap();
    let sample = std::fs::read(repo().join("fixtures/captures/000004-20261122T235303.389Z-github.json")).unwrap();
    for n in 1..=250 {
        std::fs::write(caps.join(format!("{n:06}-20261122T235303.389Z-github.json")), &sample).unwrap();
    }
    let listener = inspector(dir.path());
    let host = format!("127.0.0.1:{}", port(&listener.url));
    let (_, first) = exchange(&listener.url, "GET", "/_whk/api/captures?limit=100", &[("Host", &host)], "");
    let first: Value = serde_json::from_str(&first).unwrap();
    assert_eq!((first["total"].as_u64(), first["captures"][0]["id"].as_u64()), (Some(250), Some(250)));
    let next = first["next"].as_u64().unwrap();
    let (_, second) =
        exchange(&listener.url, "GET", &format!("/_whk/api/captures?limit=100&before={next}"), &[("Host", &host)], "");
    let second: Value = serde_json::from_str(&second).unwrap();
    assert_eq!(second["captures"][0]["id"].as_u64(), Some(150));
    let (status, _) = exchange(&listener.url, "GET", "/_whk/api/captures?limit=nope", &[("Host", &host)], "");
    assert_eq!(status, 400);
}

#[test]
fn the_page_lists_live_shows_verdicts_renders_hostile_bodies_as_text_and_replays_edits() {
    let Some(mut browser) = Browser::start() else { return };
    let dir = temp();
    let listener = inspector(dir.path());
    let url = &listener.url;
    browser.open(&format!("{url}/_whk/ui"), 1400, 900);
    browser.wait_for("document.getElementById('live').dataset.state === 'live'");

    send_github(url, r#"{"zen":"Keep it logically awesome.","hook_id":1}"#);
    browser.wait_for("document.querySelectorAll('#rows tr').length === 1");
    assert_eq!(browser.eval("document.querySelector('#rows tr .badge').textContent"), "✔ valid");

    // Signed, then a newline added: the page says why it fails, in verify's words.
    let body = r#"{"zen":"Keep it logically awesome."}"#;
    let signed =
        whk(dir.path()).args(["sign", "github", "-d", body, "--secret-env", "GH"]).env("GH", SECRET).output().unwrap();
    let signature =
        stdout(&signed).lines().find_map(|l| l.strip_prefix("X-Hub-Signature-256: ").map(str::to_string)).unwrap();
    let with_newline = format!("{body}\n");
    post(
        &format!("{url}/gh"),
        &[("X-Hub-Signature-256", &signature), ("X-GitHub-Event", "ping")],
        with_newline.as_bytes(),
    );
    browser.wait_for("document.querySelectorAll('#rows tr').length === 2");
    browser.eval("document.querySelector('#rows tr').click()");
    browser.wait_for("document.getElementById('cause')");
    let verdict = browser.eval("document.getElementById('detail-verdict').textContent");
    assert!(verdict.as_str().unwrap().starts_with("✘ invalid"), "{verdict}");
    assert_eq!(
        browser.eval("document.getElementById('cause').textContent"),
        "likely cause: the body gained a trailing newline after it was signed; verify the bytes exactly as received"
    );
    // With --spec, the body's schema verdict sits beside the signature's.
    assert_eq!(browser.eval("document.getElementById('detail-schema').textContent"), "✔ schema · ping");

    let hostile = r#"<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><svg onload="window.pwned=3">"#;
    post(
        &format!("{url}/other"),
        &[("X-Evil", "<b onmouseover=\"window.pwned=4\">hi</b>"), ("Content-Type", "text/html")],
        hostile.as_bytes(),
    );
    browser.wait_for("document.querySelectorAll('#rows tr').length === 3");
    browser.eval("document.querySelector('#rows tr').click()");
    browser.wait_for("document.querySelector('#detail pre.body') && document.querySelector('#detail pre.body').textContent.includes('<script>')");
    let schema = browser.eval("document.getElementById('detail-schema').textContent");
    assert!(schema.as_str().unwrap().starts_with("? no schema a delivery with no event is not a webhook"), "{schema}");
    let injected = browser.eval(
        "[window.pwned, document.querySelectorAll('#detail img, #detail script, #detail svg, #detail b').length]",
    );
    assert_eq!(injected, json!([null, 0]), "captured markup stays text");

    // Edit the valid delivery, re-sign it, send it to a loopback server.
    let server = TestServer::start(vec![Reply::Status(200)]);
    browser.eval("document.querySelector('#rows tr:last-child').click()");
    browser.wait_for("document.getElementById('replay-body')?.value.includes('logically awesome')");
    let edited = r#"{"zen":"Edited in the inspector."}"#;
    browser.eval(&format!(
        "document.getElementById('replay-body').value = {};
         document.getElementById('replay-to').value = {};
         document.getElementById('mode-resign').checked = true;
         document.getElementById('replay-send').click()",
        json!(edited),
        json!(format!("{}/hooks", server.url))
    ));
    browser.wait_for("document.querySelector('#replay-result .compare') || document.getElementById('replay-error')");
    let error = browser.eval("document.getElementById('replay-error')?.textContent ?? null");
    assert_eq!(error, Value::Null, "the replay was refused");
    let received = server.requests();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, edited.as_bytes());
    assert_eq!(received[0].target, "/hooks");
    let mut verify = whk(dir.path());
    verify.args(["verify", "github", "--secret-env", "GH", "-d", edited]).env("GH", SECRET);
    for (name, value) in &received[0].headers {
        verify.args(["-H", &format!("{name}: {value}")]);
    }
    let verdict = verify.output().unwrap();
    assert_eq!(verdict.status.code(), Some(0), "the edited body carries a valid signature: {}", stdout(&verdict));
    let shown = browser.eval("document.querySelector('#replay-result .compare').textContent");
    assert!(shown.as_str().unwrap().contains("this replay 200"), "{shown}");

    // The filters narrow the list: by verdict, then by text.
    browser.eval(
        "{ const v = document.getElementById('verdict'); v.value = 'invalid'; v.dispatchEvent(new Event('change')); }",
    );
    browser.wait_for("document.querySelectorAll('#rows tr').length === 1");
    assert_eq!(browser.eval("document.querySelector('#rows tr .badge').textContent"), "✘ invalid");
    browser.eval(
        "{ const v = document.getElementById('verdict'); v.value = ''; v.dispatchEvent(new Event('change'));
           const q = document.getElementById('q'); q.value = 'other'; q.dispatchEvent(new Event('input')); }",
    );
    browser.wait_for("document.querySelectorAll('#rows tr').length === 1 && document.querySelector('#rows tr .path').textContent === '/other'");

    // Another origin's page tries it too: a simple request does reach the inspector (the
    // browser sends it, opaque to the page) and is refused for its Origin; one carrying a token
    // needs a preflight the inspector does not grant, so the browser never sends it.
    let attempts = TestServer::start(vec![]);
    let elsewhere =
        TestServer::start(vec![Reply::With(200, vec![("Content-Type", "text/html")], "<p>another site</p>")]);
    browser.open(&elsewhere.url, 800, 600);
    let tried = browser.eval(&format!(
        "(async () => {{
            const replay = {};
            const body = JSON.stringify({{to: {}}});
            const plain = await fetch(replay, {{method: 'POST', body, mode: 'no-cors', headers: {{'Content-Type': 'text/plain'}}}}).then(r => r.type, () => 'blocked');
            const guessed = await fetch(replay, {{method: 'POST', body, headers: {{'X-Whk-Token': 'guess'}}}}).then(r => r.status, () => 'blocked');
            return [plain, guessed];
        }})()",
        json!(format!("{url}/_whk/api/captures/1/replay")),
        json!(attempts.url)
    ));
    assert_eq!(tried, json!(["opaque", "blocked"]));
    assert!(attempts.requests().is_empty(), "nothing was sent for another site");
    browser.open(&format!("{url}/_whk/ui"), 1400, 900);
    browser.wait_for("document.querySelectorAll('#rows tr').length === 3");

    let artifact = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("inspector.png");
    browser.screenshot(&artifact);
    if std::env::var_os("WHK_BLESS").is_some() {
        browser.open(&format!("{url}/_whk/ui"), 1280, 760);
        browser.wait_for("document.querySelectorAll('#rows tr').length === 3");
        browser.eval("document.querySelector('#rows tr:nth-child(2)').click()");
        browser.wait_for("document.getElementById('cause')");
        browser.screenshot(&repo().join("docs/inspector.png"));
    }
}
