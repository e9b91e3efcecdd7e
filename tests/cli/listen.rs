use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use crate::support::{fails_with, stderr, stdout, temp, whk};

/// `whk listen --port 0 …` in the background; ready once it has printed its URL.
pub struct Listener {
    pub child: Child,
    pub url: String,
    lines: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<String>>,
    readers: Vec<std::thread::JoinHandle<()>>,
}

impl Listener {
    pub fn start(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Listener {
        let mut command = Command::new(env!("CARGO_BIN_EXE_whk"));
        command
            .args(["listen", "--port", "0"])
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command.env_remove("WHK_SECRET").env_remove("CI");
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        let url = match serde_json::from_str::<serde_json::Value>(&first) {
            Ok(v) => v["url"].as_str().unwrap().to_string(),
            Err(_) => first.trim().to_string(),
        };
        assert!(url.starts_with("http://127.0.0.1:"), "first line is the URL: {first:?}");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        let out_reader =
            std::thread::spawn(move || out.lines().map_while(Result::ok).for_each(|l| sink.lock().unwrap().push(l)));
        let errors = Arc::new(Mutex::new(String::new()));
        let err_sink = errors.clone();
        let err = BufReader::new(child.stderr.take().unwrap());
        let err_reader = std::thread::spawn(move || {
            for line in err.lines().map_while(Result::ok) {
                err_sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        Listener { child, url, lines, stderr: errors, readers: vec![out_reader, err_reader] }
    }

    /// Waits for the listener to exit by itself (--count, --timeout), then for everything it
    /// printed, and returns its code.
    pub fn wait(&mut self) -> Option<i32> {
        let (lines, stderr) = (self.lines.clone(), self.stderr.clone());
        let said = move || format!("{}\n{}", lines.lock().unwrap().join("\n"), stderr.lock().unwrap());
        let code = crate::support::wait_or_kill_saying(&mut self.child, said).code();
        for reader in self.readers.drain(..) {
            reader.join().unwrap();
        }
        code
    }

    /// Waits until stderr holds `text`; true if it came.
    pub fn stderr_shows(&self, text: &str) -> bool {
        crate::support::eventually(|| self.stderr().contains(text))
    }

    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn post(url: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let client = reqwest::blocking::Client::new();
    let mut request = client.post(url).body(body.to_vec());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().unwrap();
    (response.status().as_u16(), response.text().unwrap())
}

/// A pyannote.ai event signed with `secret` is answered 2xx at `URL/webhook`, one signed
/// with another secret 401.
pub fn pyannote_verifies(url: &str, secret: &str) {
    let webhook = format!("{url}/webhook");
    assert_eq!(send(&webhook, "pyannote", "diarization.succeeded", secret, &[]).status.code(), Some(0));
    let forged = send(&webhook, "pyannote", "diarization.succeeded", "wrong", &["--expect", "401"]);
    assert_eq!(forged.status.code(), Some(0), "{}", stderr(&forged));
}

pub fn send(url: &str, provider: &str, event: &str, secret: &str, extra: &[&str]) -> std::process::Output {
    let dir = temp();
    whk(dir.path())
        .args(["send", url, "-p", provider, "-e", event, "--secret-env", "S"])
        .args(extra)
        .env("S", secret)
        .output()
        .unwrap()
}

pub use crate::support::captures;

#[test]
fn verifies_answers_prints_and_saves_every_request() {
    let dir = temp();
    let saves = dir.path().join("caps");
    let mut listener = Listener::start(
        dir.path(),
        &["--json", "--provider", "github", "--secret-env", "S", "--save-dir", "caps", "--count", "2"],
        &[("S", "k")],
    );
    let good = send(&format!("{}/hooks?x=1", listener.url), "github", "push", "k", &[]);
    assert_eq!(good.status.code(), Some(0), "{}", stdout(&good));
    let (status, _) = post(
        &format!("{}/hooks", listener.url),
        &[("X-Hub-Signature-256", "sha256=00"), ("X-A", "1"), ("X-A", "2")],
        b"tampered\n",
    );
    assert_eq!(status, 401, "invalid signature answers --on-invalid");
    assert_eq!(listener.wait(), Some(0), "--count 2 reached: {}", listener.stderr());

    let lines: Vec<serde_json::Value> = listener.lines().iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0]["verdict"]["result"].as_str(), lines[0]["status"].as_u64(), lines[0]["query"].as_str()),
        (Some("valid"), Some(200), Some("x=1"))
    );
    assert_eq!(
        (lines[1]["verdict"]["result"].as_str(), lines[1]["verdict"]["reason"].as_str()),
        (Some("invalid"), Some("digest"))
    );

    let saved = captures(&saves);
    assert_eq!(saved.len(), 2);
    assert!(saved[0].0.starts_with("000001-") && saved[1].0.starts_with("000002-"), "ls sorts by arrival");
    let (_, tampered) = &saved[1];
    assert_eq!(tampered.body.bytes().unwrap(), b"tampered\n", "exact bytes");
    let dupes: Vec<_> =
        tampered.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("x-a")).map(|(_, v)| v.as_str()).collect();
    assert_eq!(dupes, ["1", "2"], "duplicates in order");
    assert_eq!(tampered.response.as_ref().unwrap().status, 401);
    assert_eq!(saved[0].1.provider.as_deref(), Some("github"));
    assert_eq!(saved[0].1.event.as_deref(), Some("push"));
}

#[test]
fn ci_mode_times_out_with_a_count_and_fails_unverified_deliveries() {
    let dir = temp();
    let mut waiting =
        Listener::start(dir.path(), &["--count", "2", "--timeout", "1500ms", "--provider", "novofon"], &[]);
    let (status, _) =
        post(&waiting.url, &[("Content-Type", "application/x-www-form-urlencoded")], b"call_id=1&caller=%2B7");
    assert_eq!(status, 200, "unsigned Novofon notifications are answered");
    assert_eq!(waiting.wait(), Some(1));
    assert!(waiting.stderr().contains("error: received 1 of 2 before the timeout"), "{}", waiting.stderr());

    let mut strict = Listener::start(dir.path(), &["--count", "1", "--expect-verified", "--provider", "novofon"], &[]);
    post(&strict.url, &[], b"call_id=1");
    assert_eq!(strict.wait(), Some(1), "unsigned fails --expect-verified");

    let ready = dir.path().join("ready");
    let mut with_file = Listener::start(dir.path(), &["--count", "1", "--ready-file", ready.to_str().unwrap()], &[]);
    assert_eq!(
        std::fs::read_to_string(&ready).unwrap().trim(),
        with_file.url,
        "ready file holds the URL once accepting"
    );
    post(&with_file.url, &[], b"{}");
    assert_eq!(with_file.wait(), Some(0));
}

#[test]
fn routes_serve_several_providers_and_bakai_answers_as_the_seed_says() {
    let dir = temp();
    let listener = Listener::start(
        dir.path(),
        &[
            "--route",
            "/novofon=novofon",
            "--route",
            "/api/v1/webhooks/bakai=bakai:env:BK",
            "--route",
            "/webhook=pyannote:env:PY",
        ],
        &[("BK", "bk-secret"), ("PY", "whs_test")],
    );
    let bakai = format!("{}/api/v1/webhooks/bakai", listener.url);
    let ok = send(&bakai, "bakai", "product.created", "bk-secret", &["--json"]);
    assert_eq!(ok.status.code(), Some(0));
    let attempt: serde_json::Value = serde_json::from_str(stdout(&ok).lines().next().unwrap()).unwrap();
    let reply: serde_json::Value = serde_json::from_str(attempt["body"].as_str().unwrap()).unwrap();
    assert_eq!(reply["success"], true);
    assert!(reply["task_id"].is_string() && reply["event_id"].as_str().unwrap().starts_with("evt_"));

    let sign = |body: &[u8]| {
        let dir = temp();
        let out = whk(dir.path())
            .args(["sign", "bakai", "--secret-env", "S", "-d"])
            .arg(std::str::from_utf8(body).unwrap())
            .env("S", "bk-secret")
            .output()
            .unwrap();
        stdout(&out).lines().last().unwrap().split_once(": ").unwrap().1.to_string()
    };
    let header = |body: &[u8]| sign(body);
    assert_eq!(post(&bakai, &[("X-Webhook-Signature", "sha256=00")], b"{}").0, 401);
    assert_eq!(post(&bakai, &[("X-Webhook-Signature", &header(b"not json"))], b"not json").0, 400);
    assert_eq!(
        post(&bakai, &[("X-Webhook-Signature", &header(br#"{"event_type":"x"}"#))], br#"{"event_type":"x"}"#).0,
        422
    );

    let unsigned = whk(dir.path())
        .args(["send", &format!("{}/novofon", listener.url), "-p", "novofon", "-e", "incoming.answered"])
        .output()
        .unwrap();
    assert_eq!(unsigned.status.code(), Some(0), "{}", stderr(&unsigned));
    pyannote_verifies(&listener.url, "whs_test");
}

#[test]
fn oversized_bodies_get_413_and_builtin_endpoints_report() {
    let dir = temp();
    let listener = Listener::start(
        dir.path(),
        &["--max-body", "1KiB", "--provider", "github", "--secret-env", "S"],
        &[("S", "k")],
    );
    assert_eq!(post(&listener.url, &[], &vec![b'a'; 4096]).0, 413);
    send(&listener.url, "github", "push", "k", &[]);
    post(&listener.url, &[("X-Hub-Signature-256", "sha256=00")], b"{}");
    let health = reqwest::blocking::get(format!("{}/_whk/health", listener.url)).unwrap().text().unwrap();
    assert_eq!(health, r#"{"status":"ok"}"#);
    let metrics = reqwest::blocking::get(format!("{}/_whk/metrics", listener.url)).unwrap().text().unwrap();
    assert!(
        metrics.contains("whk_webhooks_total 2\n")
            && metrics.contains("whk_webhooks_verdict_total{verdict=\"valid\"} 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("whk_webhooks_event_total{event=\"push\"} 1")
            && metrics.contains("whk_verification_success_rate 0.5"),
        "{metrics}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &reqwest::blocking::get(format!("{}/_whk/metrics.json", listener.url)).unwrap().text().unwrap(),
    )
    .unwrap();
    assert_eq!(json["verdicts"]["invalid"], 1);
}

#[test]
fn filters_decide_what_is_printed_and_saved() {
    let dir = temp();
    let mut listener = Listener::start(
        dir.path(),
        &["--provider", "novofon", "--filter", "caller=+79843330712", "--save-dir", "caps", "--count", "1"],
        &[],
    );
    assert_eq!(post(&listener.url, &[], b"call_id=1&caller=%2B70000000000").0, 200, "others are still answered");
    assert_eq!(post(&listener.url, &[], b"call_id=2&caller=%2B79843330712").0, 200);
    assert_eq!(listener.wait(), Some(0));
    let saved = captures(&dir.path().join("caps"));
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].1.body.bytes().unwrap(), b"call_id=2&caller=%2B79843330712");
    assert_eq!(listener.lines().iter().filter(|l| l.contains("POST /")).count(), 1);
}

#[test]
fn unwritable_save_dir_is_reported_once_and_answers_500() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &["--save-dir", "caps"], &[]);
    std::fs::remove_dir(dir.path().join("caps")).unwrap();
    std::fs::write(dir.path().join("caps"), "now a file").unwrap();
    assert_eq!(post(&listener.url, &[], b"{}").0, 500, "never 2xx for a delivery not on disk");
    assert_eq!(post(&listener.url, &[], b"{}").0, 500);
    assert!(listener.stderr_shows("error: cannot save"), "{}", listener.stderr());
    assert_eq!(post(&listener.url, &[], b"{}").0, 500);
    assert_eq!(listener.stderr().matches("error: cannot save").count(), 1, "reported once: {}", listener.stderr());
}

#[test]
fn ctrl_c_exits_130_after_the_captures_are_written() {
    let dir = temp();
    let mut listener = Listener::start(dir.path(), &["--save-dir", "caps"], &[]);
    post(&listener.url, &[], b"{\"n\":1}");
    let killed = Command::new("sh").args(["-c", &format!("kill -INT {}", listener.child.id())]).status().unwrap();
    assert!(killed.success());
    assert_eq!(listener.wait(), Some(130));
    assert_eq!(captures(&dir.path().join("caps")).len(), 1);
    let stderr = listener.stderr();
    assert!(
        stderr.contains("serving:\n") && stderr.contains("/_whk/health"),
        "the banner names what is served: {stderr}"
    );
    assert!(
        stderr.contains("1 requests: 0 valid, 0 invalid, 0 unsigned, 1 unknown; 1 saved\nerror: interrupted"),
        "Ctrl-C sums the run up: {stderr}"
    );
}

#[test]
fn bind_failures_exit_4_and_bad_flags_2() {
    let dir = temp();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = whk(dir.path()).args(["listen", "--port", &port]).output().unwrap();
    fails_with(&out, 4, format!("error: cannot listen on 127.0.0.1:{port}: "));
    let bad = whk(dir.path()).args(["listen", "--respond", "700"]).output().unwrap();
    fails_with(&bad, 2, "error: --respond item \"700\" is not STATUS[xN][@DELAY] or drop[@DELAY]");
}

#[test]
fn idle_and_slow_senders_time_out_without_blocking_others() {
    let dir = temp();
    let mut listener = Listener::start(dir.path(), &["--read-timeout", "300ms", "--count", "1"], &[]);
    let address = listener.url.trim_start_matches("http://").to_string();
    let mut idle = std::net::TcpStream::connect(&address).unwrap();
    let mut slow = std::net::TcpStream::connect(&address).unwrap();
    slow.write_all(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part").unwrap();
    // Both stalled connections are open while another sender is served.
    assert_eq!(post(&listener.url, &[], b"{}").0, 200);
    idle.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    slow.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    let mut buf = Vec::new();
    let idle_end = idle.read_to_end(&mut buf);
    assert!(matches!(idle_end, Ok(0)), "the idle connection is closed: {idle_end:?}");
    buf.clear();
    let _ = slow.read_to_end(&mut buf);
    assert!(!String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 2"), "a truncated body is never accepted");
    assert_eq!(listener.wait(), Some(0));
}

#[test]
fn concurrent_requests_never_interleave_in_captures_or_output() {
    let dir = temp();
    let mut listener = Listener::start(
        dir.path(),
        &["--json", "--provider", "github", "--secret-env", "S", "--save-dir", "caps", "--count", "24"],
        &[("S", "k")],
    );
    let url = listener.url.clone();
    let threads: Vec<_> = (0..24)
        .map(|i| {
            let url = url.clone();
            std::thread::spawn(move || send(&url, "github", "push", "k", &["--set", &format!("n={i}")]).status.code())
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), Some(0));
    }
    assert_eq!(listener.wait(), Some(0));
    let lines = listener.lines();
    assert_eq!(lines.len(), 24);
    assert!(lines
        .iter()
        .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok_and(|v| v["verdict"]["result"] == "valid")));
    let saved = captures(&dir.path().join("caps"));
    let mut seen: Vec<u64> = saved
        .iter()
        .map(|(_, c)| {
            serde_json::from_slice::<serde_json::Value>(&c.body.bytes().unwrap()).unwrap()["n"].as_u64().unwrap()
        })
        .collect();
    seen.sort();
    assert_eq!(seen, (0..24).collect::<Vec<_>>());
}

#[test]
fn a_restarted_listener_goes_on_numbering_its_save_dir() {
    let dir = temp();
    for body in ["first", "second"] {
        let mut listener = Listener::start(dir.path(), &["--save-dir", "caps", "--count", "1"], &[]);
        assert_eq!(post(&listener.url, &[], body.as_bytes()).0, 200);
        assert_eq!(listener.wait(), Some(0));
    }
    let saved = captures(&dir.path().join("caps"));
    let names: Vec<_> = saved.iter().map(|(name, _)| &name[..7]).collect();
    assert_eq!(names, ["000001-", "000002-"], "ls order is arrival order across runs");
    let bodies: Vec<_> = saved.iter().map(|(_, c)| c.body.bytes().unwrap()).collect();
    assert_eq!(bodies, [b"first".to_vec(), b"second".to_vec()]);
}

/// Whatever arrives on the socket, the listener answers or hangs up and keeps serving: random
/// bytes, a request line without a version, a header without a colon, a bad chunk size, a
/// Content-Length that is not a number, a header block far over any limit.
#[test]
fn garbage_on_the_wire_never_stops_the_listener() {
    let dir = temp();
    let mut listener = Listener::start(dir.path(), &["--read-timeout", "2s", "--count", "1"], &[]);
    let address = listener.url.trim_start_matches("http://").to_string();
    let mut noise = 0x9E37_79B9_7F4A_7C15_u64;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            noise ^= noise << 13;
            noise ^= noise >> 7;
            noise ^= noise << 17;
            noise as u8
        })
        .collect();
    let huge_header = format!("POST / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(1 << 20));
    // Each with the answer's status line, or "" where the listener may also just hang up.
    let garbage: Vec<(&[u8], &str)> = vec![
        (&random, ""),
        (b"POST /\r\n\r\n", ""),
        (b"POST / HTTP/1.1\r\nno colon here\r\n\r\n", ""),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", ""),
        (b"\xff\xfe\xfd / HTTP/1.1\r\n\r\n", ""),
        (b"POST / HTTP/1.1\r\nContent-Length: many\r\n\r\n{}", "HTTP/1.1 400"),
        (b"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}", "HTTP/1.1 400"),
        (
            b"POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            "HTTP/1.1 400",
        ),
        (huge_header.as_bytes(), ""),
    ];
    for (bytes, status) in garbage {
        let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(60)]).into_owned();
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        // The listener may hang up mid-write; what matters is that it answers no 2xx.
        let _ = stream.write_all(bytes);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(!answer.starts_with("HTTP/1.1 2"), "garbage {shown:?} was accepted: {answer}");
        assert!(answer.starts_with(status), "garbage {shown:?} got {answer}");
    }
    // A head is refused as soon as it reaches 64 KiB without ending; sent exactly that much,
    // every byte is read, so the 431 arrives before the connection closes (no reset).
    let mut over = String::from("GET / HTTP/1.1\r\nX-Big: ");
    over.push_str(&"b".repeat((64 << 10) - over.len()));
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream.write_all(over.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    // A header line, or a chunk-size line, that never ends costs the listener no memory beyond
    // the limits: it stops reading, so the sender's writes start failing.
    for head in ["POST / HTTP/1.1\r\nX-Endless: ", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"] {
        let mut endless = std::net::TcpStream::connect(&address).unwrap();
        endless.write_all(head.as_bytes()).unwrap();
        let chunk = vec![b'f'; 1 << 20];
        let sent = (0..32).take_while(|_| endless.write_all(&chunk).is_ok()).count();
        assert!(sent < 32, "the listener read 32 MiB of one line after {head:?} instead of refusing it");
    }
    let peak = std::fs::read_to_string(format!("/proc/{}/status", listener.child.id())).unwrap();
    let peak_kib: u64 =
        peak.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap().trim().trim_end_matches(" kB").parse().unwrap();
    assert!(peak_kib < 24 << 10, "listener peak RSS {peak_kib} KiB");
    assert!(listener.stderr().contains("rejected with 400: 127.0.0.1:"), "{}", listener.stderr());
    assert_eq!(post(&listener.url, &[], b"{}").0, 200, "the listener still serves");
    assert_eq!(listener.wait(), Some(0));
    assert!(!listener.stderr().contains("panicked"), "{}", listener.stderr());
}

#[test]
fn started_with_stdout_and_stderr_closed_it_still_answers_cleanly() {
    // Closed, their numbers would go to the listening socket or a connection, and the log line
    // (or an error) would be written into the sender's answer.
    let dir = temp();
    let ready = dir.path().join("ready");
    let mut child = Command::new("sh")
        .args(["-c", r#"exec "$0" "$@" >&- 2>&-"#, env!("CARGO_BIN_EXE_whk")])
        .args(["listen", "--port", "0", "--count", "1", "--save-dir", "captures", "--ready-file", "ready"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let written = || std::fs::read_to_string(&ready).is_ok_and(|url| url.ends_with('\n'));
    assert!(crate::support::eventually(written), "no ready file");
    let url = std::fs::read_to_string(&ready).unwrap();
    let mut stream = std::net::TcpStream::connect(url.trim().trim_start_matches("http://")).unwrap();
    stream.write_all(b"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(!answer.contains("POST /hook"), "the log line went to the sender: {answer}");
    assert_eq!(crate::support::wait_or_kill(&mut child).code(), Some(0));
    assert_eq!(captures(&dir.path().join("captures")).len(), 1);
}

/// A listener told to verify must be able to, and a route that can verify expects signatures.
#[test]
fn a_listener_that_cannot_verify_refuses_to_start_and_unsigned_requests_are_refused() {
    let dir = temp();
    let out = whk(dir.path()).args(["listen", "--port", "0", "-p", "github"]).output().unwrap();
    fails_with(&out, 3, "error: github needs a secret to verify, and none was given\nhint: ");
    let out = whk(dir.path()).args(["listen", "--port", "0", "--route", "/gh=github"]).output().unwrap();
    fails_with(&out, 3, "error: github needs a secret to verify (route /gh), and none was given");

    let event = br#"{"event_type":"patient.created","webhook_id":"w1","attempt":1,"data":{}}"#;
    let routes = ["--route", "/ml=medilab:env:S", "--route", "/nf=novofon"];
    let strict = Listener::start(dir.path(), &routes, &[("S", "k")]);
    assert_eq!(post(&format!("{}/ml", strict.url), &[], event).0, 401, "unsigned on a route with a secret");
    assert_eq!(post(&format!("{}/nf", strict.url), &[], b"call_id=1").0, 200, "a route without one takes it");
    let lenient = Listener::start(dir.path(), &[&routes[..], &["--allow-unsigned"]].concat(), &[("S", "k")]);
    assert_eq!(post(&format!("{}/ml", lenient.url), &[], event).0, 200);
    let capture_only = Listener::start(dir.path(), &[], &[]);
    assert_eq!(post(&capture_only.url, &[], b"{}").0, 200, "without -p nothing is verified");
}

/// The live log says what a person needs: the likely cause of a failed signature, the headers
/// with -v, and both in --json.
#[test]
fn the_live_log_shows_the_cause_and_the_headers() {
    let dir = temp();
    let args = ["--provider", "github", "--secret-env", "S", "-v"];
    let mut listener = Listener::start(dir.path(), &[&args[..], &["--count", "1"]].concat(), &[("S", "k")]);
    // Signed over the body without its trailing newline, sent with it.
    let mac =
        whk::scheme::Recipe::body(whk::scheme::Algorithm::Sha256).mac_of(whk::scheme::Algorithm::Sha256, b"k", b"{}");
    let signature = format!("sha256={}", hex::encode(mac));
    let headers = [("X-Hub-Signature-256", signature.as_str()), ("X-GitHub-Event", "push")];
    assert_eq!(post(&listener.url, &headers, b"{}\n").0, 401);
    assert_eq!(listener.wait(), Some(0));
    let shown = listener.lines().join("\n");
    assert!(shown.contains("likely cause: the body gained a trailing newline"), "{shown}");
    assert!(shown.contains("X-GitHub-Event: push") || shown.contains("x-github-event: push"), "{shown}");

    let mut json = Listener::start(dir.path(), &[&args[..], &["--count", "1", "--json"]].concat(), &[("S", "k")]);
    post(&json.url, &headers, b"{}\n");
    assert_eq!(json.wait(), Some(0));
    let line: serde_json::Value = serde_json::from_str(&json.lines()[0]).unwrap();
    assert!(line["cause"].as_str().unwrap().contains("trailing newline"), "{line}");
    assert!(
        line["headers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h.as_str().unwrap().to_lowercase() == "x-github-event: push"),
        "{line}"
    );
}
