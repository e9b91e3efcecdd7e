use std::path::Path;

use whk::fixture::{Capture, CapturedBody};
use whk::scheme::{self, Body, HeaderMap, Request, Verdict, VerifyOptions};
use whk::secret::Secret;

use crate::support::{closed_port, fails_with, stderr, stdout, temp, whk, Recorded, Reply, TestServer};

pub fn capture(body: &[u8], headers: &[(&str, &str)], provider: Option<&str>) -> Capture {
    Capture {
        whk_capture: 1,
        received_at: "2026-11-22T23:30:00.000Z".into(),
        remote_addr: None,
        method: "POST".into(),
        path: "/captured/path".into(),
        query: Some("a=1".into()),
        headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
        body: CapturedBody::from_bytes(body),
        provider: provider.map(str::to_string),
        event: None,
        verdict: None,
        schema: None,
        response: None,
        imported: None,
    }
}

pub fn save(dir: &Path, name: &str, capture: &Capture) {
    capture.save(&dir.join(name)).unwrap();
}

fn replay(dir: &Path, args: &[&str], secret: &str) -> std::process::Output {
    whk(dir).arg("replay").args(args).env("S", secret).output().unwrap()
}

fn stripe_capture(secret: &str, timestamp: i64, body: &str) -> Capture {
    let header = format!(
        "t={timestamp},v1={}",
        hex::encode(scheme::Recipe::prefixed(scheme::Algorithm::Sha256, format!("{timestamp}.")).mac_of(
            scheme::Algorithm::Sha256,
            secret.as_bytes(),
            body.as_bytes(),
        ))
    );
    capture(body.as_bytes(), &[("Content-Type", "application/json"), ("Stripe-Signature", &header)], Some("stripe"))
}

fn verifies(provider: &str, request: &Recorded, secret: &str) -> bool {
    let headers = HeaderMap(request.headers.clone());
    let body = Body::Bytes(request.body.clone());
    let verdict = scheme::find(provider).unwrap().verify(
        &Request { method: "POST", headers: &headers, body: &body },
        &[Secret::new(secret, "t")],
        &VerifyOptions::new(scheme::now_unix()),
    );
    matches!(verdict, Ok(Verdict::Valid(_)))
}

#[test]
fn no_resign_sends_the_exact_bytes_and_header_order() {
    let dir = temp();
    let body = b"{\"a\":1}\r\n\x00\xff";
    let headers = [
        ("X-First", "1"),
        ("Host", "old.example"),
        ("X-Dup", "a"),
        ("Content-Length", "999"),
        ("X-Dup", "b"),
        ("X-Last", "z"),
    ];
    save(dir.path(), "000001.json", &capture(body, &headers, Some("github")));
    let server = TestServer::start(vec![]);
    let out = replay(dir.path(), &["000001.json", "--to", &server.url, "--keep-path", "--no-resign"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let request = &server.requests()[0];
    assert_eq!(request.body, body);
    assert_eq!(request.target, "/captured/path?a=1");
    let kept: Vec<(&str, &str)> = request
        .headers
        .iter()
        .filter(|(n, _)| n.starts_with("x-") || n.starts_with("X-"))
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(kept, [("x-first", "1"), ("x-dup", "a"), ("x-dup", "b"), ("x-last", "z")], "order and duplicates kept");
    assert_eq!(request.header("Content-Length"), Some("11"), "recomputed");
    assert_ne!(request.header("Host"), Some("old.example"));
}

#[test]
fn resign_gives_fresh_verifying_signatures() {
    let dir = temp();
    let old = stripe_capture("whsec_x", 1_600_000_000, r#"{"id":"evt_1"}"#);
    save(dir.path(), "000001.json", &old);
    let server = TestServer::start(vec![]);
    let out = replay(dir.path(), &[".", "--to", &server.url, "--secret-env", "S"], "whsec_x");
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let request = &server.requests()[0];
    assert!(verifies("stripe", request, "whsec_x"), "re-signed by default: Stripe signs a timestamp");
    assert_ne!(
        request.header("Stripe-Signature"),
        old.headers.iter().find(|(n, _)| n == "Stripe-Signature").map(|(_, v)| v.as_str())
    );

    let exact = TestServer::start(vec![]);
    replay(dir.path(), &[".", "--to", &exact.url, "--no-resign", "--secret-env", "S"], "whsec_x");
    assert!(!verifies("stripe", &exact.requests()[0], "whsec_x"), "the 2020 timestamp is stale when sent as captured");
}

#[test]
fn retries_scripted_failures_and_reports_counts() {
    let dir = temp();
    save(dir.path(), "000001.json", &capture(b"{}", &[], None));
    let server = TestServer::start(vec![
        Reply::Status(500),
        Reply::Status(503),
        Reply::With(429, vec![("Retry-After", "0")], ""),
    ]);
    let out = replay(dir.path(), &[".", "--to", &server.url, "--retries", "3", "--retry-initial", "1ms", "--json"], "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(server.requests().len(), 4);
    let summary: serde_json::Value = serde_json::from_str(stdout(&out).lines().last().unwrap()).unwrap();
    assert_eq!(
        (summary["sent"].as_u64(), summary["succeeded"].as_u64(), summary["retried"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
}

#[test]
fn exit_codes_for_unmet_malformed_and_unreachable() {
    let dir = temp();
    save(dir.path(), "000001.json", &capture(b"{}", &[], None));
    let not_found = TestServer::start(vec![Reply::Status(404)]);
    let unmet = replay(dir.path(), &[".", "--to", &not_found.url], "");
    assert_eq!(unmet.status.code(), Some(1));
    assert!(stdout(&unmet).contains("failed 000001.json: 404"), "{}", stdout(&unmet));

    std::fs::write(dir.path().join("000002.json"), "{\"whk_capture\": 9}").unwrap();
    let server = TestServer::start(vec![]);
    let skipped = replay(dir.path(), &[".", "--to", &server.url], "");
    assert_eq!(skipped.status.code(), Some(3));
    assert_eq!(server.requests().len(), 1, "the good capture is still sent");
    assert!(
        stderr(&skipped).contains("warning: skipped: ")
            && stderr(&skipped).contains("000002.json is not a whk capture"),
        "{}",
        stderr(&skipped)
    );

    let strict = replay(dir.path(), &[".", "--to", &server.url, "--strict", "--ordered"], "");
    assert_eq!(strict.status.code(), Some(3));

    std::fs::remove_file(dir.path().join("000002.json")).unwrap();
    let port = closed_port();
    let down = replay(dir.path(), &[".", "--to", &format!("http://127.0.0.1:{port}")], "");
    fails_with(&down, 4, format!("error: nothing listens on 127.0.0.1:{port}"));

    let missing = replay(dir.path(), &["nope/*.json", "--to", &server.url], "");
    assert_eq!(missing.status.code(), Some(3));
}

#[test]
fn shards_are_disjoint_and_complete_and_ordered_keeps_arrival_order() {
    let dir = temp();
    for n in 0..10 {
        save(dir.path(), &format!("{n:06}.json"), &capture(format!("{{\"n\":{n}}}").as_bytes(), &[], None));
    }
    let mut seen = Vec::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let server = TestServer::start(vec![]);
        assert_eq!(
            replay(dir.path(), &[".", "--to", &server.url, "--shard", shard, "--ordered"], "").status.code(),
            Some(0)
        );
        let bodies: Vec<String> =
            server.requests().iter().map(|r| String::from_utf8(r.body.clone()).unwrap()).collect();
        let mut sorted = bodies.clone();
        sorted.sort_by_key(|b| b[5..b.len() - 1].parse::<u32>().unwrap());
        assert_eq!(bodies, sorted, "--ordered sends in arrival order");
        seen.extend(bodies);
    }
    seen.sort();
    let mut all: Vec<String> = (0..10).map(|n| format!("{{\"n\":{n}}}")).collect();
    all.sort();
    assert_eq!(seen, all, "every capture exactly once across the shards");

    let server = TestServer::start(vec![]);
    replay(dir.path(), &["000001.json", "000002.json", "--to", &server.url, "--repeat", "3", "-j", "4"], "");
    assert_eq!(server.requests().len(), 6);

    // The pacing itself is unit-tested (replay::take_slot); here, a paced run still sends it all.
    let server = TestServer::start(vec![]);
    let paced = replay(dir.path(), &[".", "--to", &server.url, "--rate", "2000/s", "-j", "4"], "");
    assert_eq!((paced.status.code(), server.requests().len()), (Some(0), 10));
}

#[test]
fn junit_and_html_reports_parse_and_hold_the_numbers() {
    let dir = temp();
    for n in 0..3 {
        save(dir.path(), &format!("{n:06}.json"), &capture(b"{}", &[], Some("github")));
    }
    let server = TestServer::start(vec![Reply::Status(200), Reply::Status(500), Reply::Status(200)]);
    let out = replay(
        dir.path(),
        &[".", "--to", &server.url, "--ordered", "--report-junit", "r.xml", "--report-html", "r.html"],
        "",
    );
    assert_eq!(out.status.code(), Some(1), "one capture got a 500");

    let xml = std::fs::read_to_string(dir.path().join("r.xml")).unwrap();
    let (mut cases, mut failures) = (0, 0);
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event().expect("well-formed JUnit XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => match e.name().as_ref() {
                b"testcase" => cases += 1,
                b"failure" => failures += 1,
                _ => {}
            },
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((cases, failures), (3, 1));

    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(!html.contains("http://") || html.contains(&server.url), "no external assets");
    let mut values = std::collections::HashMap::new();
    let mut reader = quick_xml::Reader::from_str(&html);
    let mut current = None;
    loop {
        match reader.read_event().expect("the HTML report parses") {
            quick_xml::events::Event::Start(e) => {
                current =
                    e.try_get_attribute("id").ok().flatten().map(|a| String::from_utf8(a.value.to_vec()).unwrap());
            }
            quick_xml::events::Event::Text(t) => {
                if let Some(id) = current.take() {
                    values.insert(id, t.unescape().unwrap().into_owned());
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((values["sent"].as_str(), values["succeeded"].as_str(), values["failed"].as_str()), ("3", "2", "1"));
    assert!(html.contains("<svg") && html.contains("aria-label=\"latency histogram\""));
}

#[test]
fn dry_run_prints_and_sends_nothing() {
    let dir = temp();
    save(dir.path(), "000001.json", &stripe_capture("whsec_x", 1_600_000_000, "{}"));
    let server = TestServer::start(vec![]);
    let out = replay(dir.path(), &[".", "--to", &server.url, "--dry-run", "--secret-env", "S"], "whsec_x");
    assert_eq!(out.status.code(), Some(0));
    assert!(server.requests().is_empty());
    let request = whk::http::parse_request(&out.stdout).unwrap();
    assert!(request.headers.get("Stripe-Signature").unwrap().starts_with("t="));
}

#[test]
fn demo_runs_the_whole_loop() {
    let dir = temp();
    let out = whk(dir.path()).args(["demo", "--keep", "kept"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let shown = stdout(&out);
    assert!(
        shown.contains("→ invalid: the body gained a trailing newline"),
        "the demo shows a failing signature and why: {shown}"
    );
    assert!(shown.contains("5. all good: 19 deliveries checked and saved as captures"), "{shown}");
    assert!(shown.contains("\n  whk listen --port 8000"), "it ends with what to try next: {shown}");
    assert_eq!(crate::support::captures(&dir.path().join("kept/captures")).len(), 19, "--keep keeps them");
}

/// The committed samples: each loads, saves back byte-identical, and replays — exactly, and
/// re-signed with its sample secret so the provider's verifier accepts it now.
#[test]
fn sample_captures_round_trip_and_replay() {
    let samples = crate::support::repo().join("fixtures/captures");
    let secrets = [
        ("pyannote", "whs_sample_pyannote"),
        ("bakai", "sample-bakai-secret"),
        ("medilab", "sample-medilab"),
        ("github", "sample-github"),
        ("stripe", "whsec_sample_stripe"),
    ];
    let dir = temp();
    let mut files: Vec<_> = std::fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 6);
    for file in files {
        let capture = Capture::load(&file).unwrap();
        let copy = dir.path().join("copy.json");
        capture.save(&copy).unwrap();
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            std::fs::read(&file).unwrap(),
            "{} round-trips byte-identical",
            file.display()
        );

        let exact = TestServer::start(vec![]);
        let out = replay(dir.path(), &[file.to_str().unwrap(), "--to", &exact.url, "--keep-path", "--no-resign"], "");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(exact.requests()[0].body, capture.body.bytes().unwrap());

        let provider = capture.provider.clone().unwrap();
        if let Some((_, secret)) = secrets.iter().find(|(p, _)| *p == provider) {
            let fresh = TestServer::start(vec![]);
            let out = replay(
                dir.path(),
                &[file.to_str().unwrap(), "--to", &fresh.url, "--keep-path", "--resign", "--secret-env", "S"],
                secret,
            );
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            assert!(verifies(&provider, &fresh.requests()[0], secret), "{provider}: re-signed capture verifies now");
        }
    }
}

/// On a terminal, replay draws a progress bar (position, total, rate) on stderr and clears it at
/// the end; piped, as in CI, it draws none.
#[test]
fn the_progress_bar_shows_on_a_terminal_only() {
    let dir = temp();
    for i in 0..40 {
        save(dir.path(), &format!("{i:06}.json"), &capture(b"{}", &[("Content-Type", "application/json")], None));
    }
    let server = TestServer::start(vec![]);
    let args = ["replay", ".", "--to", &server.url, "--no-resign", "--concurrency", "1"];

    let terminal = crate::support::Terminal::open();
    let mut child = terminal.run_whk(dir.path(), &args);
    let screen = terminal.screen();
    assert!(crate::support::wait_or_kill(&mut child).success(), "{}", screen.text());
    drop(terminal);
    let shown = screen.all();
    assert!(shown.contains("/40 · "), "no progress bar on a terminal: {shown:?}");
    assert!(shown.contains("\u{1b}[2K"), "the bar is cleared at the end: {shown:?}");

    let piped = whk(dir.path()).args(args).output().unwrap();
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    assert!(!stderr(&piped).contains("/40 · ") && !stderr(&piped).contains('\u{1b}'), "{}", stderr(&piped));
}

/// A capture's bytes and an endpoint's answer are anyone's: on a terminal, `replay --dry-run`
/// (both formats) and `send`'s echo of the answer show them escaped; piped, they stay exact.
#[test]
fn untrusted_bytes_from_captures_and_answers_never_reach_a_terminal() {
    let dir = temp();
    let hostile = "\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{202e}\u{9b}1m\u{200b}";
    save(dir.path(), "evil.json", &capture(hostile.as_bytes(), &[("X-Evil", hostile)], None));
    let server = TestServer::start(vec![Reply::With(200, vec![], "\u{1b}[2J answer \u{202e}\u{7}")]);
    let runs: [&[&str]; 3] = [
        &["replay", "evil.json", "--to", &server.url, "--dry-run"],
        &["replay", "evil.json", "--to", &server.url, "--dry-run", "--format", "curl"],
        &["send", &server.url, "-p", "github", "-e", "push", "--secret", "k"],
    ];
    for args in runs {
        let terminal = crate::support::Terminal::open();
        let screen = terminal.screen();
        let mut child = terminal.run_whk(dir.path(), args);
        let status = crate::support::wait_or_kill(&mut child);
        drop(terminal);
        let shown = screen.all();
        assert!(status.success(), "{args:?}: {shown}");
        for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}', '\u{200b}'] {
            assert!(!shown.contains(bad), "{args:?} put {bad:?} on the terminal: {shown:?}");
        }
    }
    let piped = replay(dir.path(), &["evil.json", "--to", &server.url, "--dry-run"], "");
    assert!(stdout(&piped).contains(hostile), "a pipe gets the exact bytes");
}

/// Each retry of a re-signed capture is signed afresh: a retry that waits past a timestamped
/// scheme's tolerance would otherwise arrive stale.
#[test]
fn a_retried_replay_of_a_stripe_capture_is_signed_afresh() {
    let dir = temp();
    save(dir.path(), "000001.json", &stripe_capture("whsec_x", 1_600_000_000, "{\"id\":\"evt_1\"}"));
    let server = TestServer::start(vec![Reply::Status(503), Reply::Status(200)]);
    // Stripe's t= counts seconds, so the wait between attempts is a little over one.
    let args = [".", "--to", &server.url, "--secret-env", "S", "--retries", "1", "--retry-initial", "1100ms"];
    let out = replay(dir.path(), &args, "whsec_x");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stamps: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("Stripe-Signature").unwrap().split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(stamps.len(), 2);
    assert_ne!(stamps[0], stamps[1], "the retry carries a fresh timestamp");
    assert!(stamps.iter().all(|t| t != "t=1600000000"), "{stamps:?}");
}

/// One bad capture is that capture's problem: a dry run skips a malformed one and goes on, and
/// a header HTTP cannot carry fails that delivery alone (exit 1), not the run (exit 4).
#[test]
fn one_bad_capture_never_stops_the_others() {
    let dir = temp();
    save(dir.path(), "000001.json", &capture(b"{\"n\":1}", &[("X-Bad", "a\u{1}b")], None));
    save(dir.path(), "000002.json", &capture(b"{\"n\":2}", &[("X-Good", "yes")], None));
    std::fs::write(dir.path().join("000003.json"), "{ not a capture").unwrap();
    let server = TestServer::start(vec![Reply::Status(200)]);
    let dry = replay(dir.path(), &[".", "--to", &server.url, "--dry-run"], "");
    fails_with(&dry, 3, "warning: skipped: ");
    assert!(stdout(&dry).contains("X-Good: yes"), "the others are still shown: {}", stdout(&dry));

    std::fs::remove_file(dir.path().join("000003.json")).unwrap();
    let sent = replay(dir.path(), &[".", "--to", &server.url, "--json"], "");
    assert_eq!(sent.status.code(), Some(1), "{}", stderr(&sent));
    assert_eq!(server.requests().len(), 1, "the good capture is delivered");
    assert_eq!(server.requests()[0].header("X-Good"), Some("yes"));
    let lines: Vec<serde_json::Value> = stdout(&sent).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let bad = lines.iter().find(|l| l["fixture"] == "000001.json").unwrap();
    assert_eq!(bad["attempts"], 1, "an unsendable request is not retried: {bad}");
    let alone = replay(dir.path(), &["000001.json", "--to", &server.url], "");
    assert_eq!(alone.status.code(), Some(1), "the endpoint was never the problem: {}", stderr(&alone));
}

/// One run over several providers' captures, each re-signed with its own secret.
#[test]
fn secrets_can_be_named_per_provider() {
    let dir = temp();
    save(dir.path(), "000001.json", &stripe_capture("whsec_old", 1_600_000_000, "{\"id\":\"evt_1\"}"));
    save(dir.path(), "000002.json", &capture(b"{\"jobId\":\"j1\",\"status\":\"succeeded\"}", &[], Some("pyannote")));
    let server = TestServer::start(vec![Reply::Status(200), Reply::Status(200)]);
    let out = whk(dir.path())
        .args([
            "replay",
            ".",
            "--to",
            &server.url,
            "--ordered",
            "--secret-env",
            "stripe=SS",
            "--secret-env",
            "pyannote=PS",
        ])
        .env("SS", "whsec_stripe_key")
        .env("PS", "whs_pyannote_key")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let requests = server.requests();
    assert!(verifies("stripe", &requests[0], "whsec_stripe_key"), "stripe re-signed with its own secret");
    assert!(verifies("pyannote", &requests[1], "whs_pyannote_key"), "pyannote re-signed with its own secret");
    let unknown = whk(dir.path())
        .args(["replay", ".", "--to", &server.url, "--secret-env", "nope=SS"])
        .env("SS", "x")
        .output()
        .unwrap();
    fails_with(&unknown, 2, "error: --secret-env nope=… names no provider whk knows");
}

/// Limits of the machine are errors with a way out, never a hang or a panic: a FIFO named as
/// a capture, and more sending threads than the address space allows.
#[test]
fn machine_limits_are_clear_errors() {
    let dir = temp();
    let fifo = dir.path().join("fifo.json");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = whk(dir.path()).args(["verify", "--capture", "fifo.json", "--secret", "k"]).output().unwrap();
    fails_with(&out, 3, "error: capture fifo.json is not a regular file");

    for (i, provider) in ["github", "stripe"].iter().enumerate() {
        save(dir.path(), &format!("00000{i}.json"), &capture(b"{}", &[], Some(provider)));
    }
    std::fs::remove_file(&fifo).unwrap();
    let port = closed_port().to_string();
    for jobs in ["8", "16", "32", "64"] {
        let out = std::process::Command::new("sh")
            .args(["-c", r#"ulimit -v 1048576 && exec "$0" "$@""#, env!("CARGO_BIN_EXE_whk")])
            .args(["replay", ".", "--to", &format!("http://127.0.0.1:{port}"), "-j", jobs])
            .current_dir(dir.path())
            .env_remove("WHK_SECRET")
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(101), "-j {jobs} panicked: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked") && out.status.code() == Some(4), "-j {jobs}: {}", stderr(&out));
    }
}
