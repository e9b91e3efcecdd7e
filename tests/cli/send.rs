use whk::scheme::{self, Body, HeaderMap, Request, Verdict, VerifyOptions};
use whk::secret::Secret;

use crate::support::{closed_port, fails_with, stderr, stdout, temp, whk, Recorded, Reply, TestServer};

/// Verifies a recorded request with the foundation's verifier, as the provider's receiver would.
fn verify(provider: &str, request: &Recorded, key: &str, url: &str) -> Verdict {
    let scheme = scheme::find(provider).unwrap();
    let headers = HeaderMap(request.headers.clone());
    let body = Body::Bytes(request.body.clone());
    let opts =
        VerifyOptions { url: Some(format!("{url}{}", request.target)), ..VerifyOptions::new(scheme::now_unix()) };
    scheme
        .verify(
            &Request { method: &request.method, headers: &headers, body: &body },
            &[Secret::new(key, "test")],
            &opts,
        )
        .unwrap()
}

/// `whk send ARGS…` with the secret in $S.
fn send(args: &[&str], secret: &str) -> std::process::Output {
    let dir = temp();
    whk(dir.path()).arg("send").args(args).env("S", secret).output().unwrap()
}

fn json_lines(output: &std::process::Output) -> Vec<serde_json::Value> {
    stdout(output).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn retries_follow_the_script_and_every_attempt_is_freshly_signed() {
    let server = TestServer::start(vec![Reply::Status(500), Reply::Status(503), Reply::Status(200)]);
    let output = send(
        &[
            &format!("{}/hooks", server.url),
            "-p",
            "stripe",
            "-e",
            "payment_intent.succeeded",
            "--secret-env",
            "S",
            "--retries",
            "5",
            "--retry-initial",
            "1ms",
            "--json",
        ],
        "whsec_test",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "stops at the first 2xx");
    for request in &requests {
        assert!(matches!(verify("stripe", request, "whsec_test", &server.url), Verdict::Valid(_)));
        assert_eq!(request.target, "/hooks");
    }
    assert_eq!(requests[0].body, requests[2].body, "the event is rendered once per send");
    let lines = json_lines(&output);
    let statuses: Vec<_> =
        lines.iter().filter(|l| l["type"] == "attempt").map(|l| l["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, vec![500, 503, 200]);
    assert_eq!(
        lines.last().unwrap(),
        &serde_json::json!({"type": "summary", "attempts": 3, "status": 200, "expect": "2xx", "met": true})
    );
}

#[test]
fn client_errors_are_not_retried_and_exit_1() {
    let server = TestServer::start(vec![Reply::Status(404)]);
    let output = send(
        &[
            &server.url,
            "-p",
            "bakai",
            "-e",
            "product.created",
            "--secret-env",
            "S",
            "--retries",
            "3",
            "--retry-initial",
            "1ms",
        ],
        "k",
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(server.requests().len(), 1);
    assert!(stdout(&output).ends_with("✘ 404 after 1 attempt, expected 2xx\n"), "{}", stdout(&output));
}

#[test]
fn retry_after_is_honoured_on_429() {
    let server = TestServer::start(vec![Reply::With(429, vec![("Retry-After", "3")], "slow down")]);
    let output = send(
        &[
            &server.url,
            "-p",
            "github",
            "-e",
            "ping",
            "--secret-env",
            "S",
            "--retries",
            "1",
            "--time-scale",
            "0.001",
            "--json",
        ],
        "k",
    );
    assert_eq!(output.status.code(), Some(0));
    let first = &json_lines(&output)[0];
    assert_eq!((first["status"].as_u64(), first["retry_in_ms"].as_u64()), (Some(429), Some(3)), "3 s, scaled by 0.001");
}

#[test]
fn medilab_as_sender_counts_attempts_in_header_and_body() {
    let server = TestServer::start(vec![Reply::Status(500), Reply::Status(400), Reply::Drop, Reply::Status(500)]);
    let output = send(
        &[
            &server.url,
            "-p",
            "medilab",
            "-e",
            "appointment.created",
            "--secret-env",
            "S",
            "--as-sender",
            "--time-scale",
            "0.0001",
            "--json",
        ],
        "webhook-secret-key",
    );
    assert_eq!(output.status.code(), Some(1), "still 500 after 3 retries");
    let requests = server.requests();
    assert_eq!(requests.len(), 4, "MediLab's default: 3 retries, 4xx and dropped connections included");
    let waits: Vec<_> = json_lines(&output).iter().filter_map(|l| l["retry_in_ms"].as_u64()).collect();
    assert_eq!(waits, vec![6, 12, 24], "60/120/240 s scaled by 0.0001");
    let id = requests[0].header("X-Webhook-ID").unwrap().to_string();
    for (n, request) in requests.iter().enumerate() {
        let attempt = (n + 1).to_string();
        assert_eq!(request.header("X-Webhook-Attempt"), Some(attempt.as_str()));
        assert_eq!(request.header("User-Agent"), Some("MediLab-Webhook/1.0"));
        assert_eq!(request.header("X-Webhook-ID"), Some(id.as_str()), "one delivery, one id");
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body["attempt"], n as u64 + 1);
        assert_eq!(body["webhook_id"], id.as_str());
        assert!(
            matches!(verify("medilab", request, "webhook-secret-key", &server.url), Verdict::Valid(_)),
            "attempt {attempt}"
        );
    }
    let refused = send(
        &[&server.url, "-p", "medilab", "-e", "patient.created", "--secret-env", "S", "--as-sender", "--retries", "11"],
        "k",
    );
    fails_with(&refused, 2, "error: medilab retries at most 10 times; --retries 11 is more\n");
}

#[test]
fn pyannote_as_sender_marks_retries() {
    let server = TestServer::start(vec![Reply::Status(502), Reply::Status(500)]);
    let output = send(
        &[
            &server.url,
            "-p",
            "pyannote",
            "-e",
            "identify.succeeded",
            "--secret-env",
            "S",
            "--as-sender",
            "--time-scale",
            "0.0001",
        ],
        "whs_test",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].header("X-Retry-Num"), None);
    assert_eq!(
        (requests[1].header("X-Retry-Num"), requests[1].header("X-Retry-Reason")),
        (Some("1"), Some("http_error"))
    );
    assert_eq!(requests[2].header("X-Retry-Num"), Some("2"));
    assert!(requests.iter().all(|r| matches!(verify("pyannote", r, "whs_test", &server.url), Verdict::Valid(_))));
}

#[test]
fn expect_can_ask_for_a_rejection() {
    let server = TestServer::start(vec![Reply::Status(401)]);
    let output = send(&[&server.url, "-p", "github", "-e", "push", "--secret-env", "S", "--expect", "401"], "k");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn network_failures_exit_4_with_the_cause() {
    let port = closed_port();
    let refused =
        send(&[&format!("http://127.0.0.1:{port}/h"), "-p", "github", "-e", "ping", "--secret-env", "S"], "k");
    assert_eq!(refused.status.code(), Some(4));
    assert_eq!(stderr(&refused), format!("error: nothing listens on 127.0.0.1:{port}\nhint: is your app running? start it, or point the URL at the right port\n"));

    let server = TestServer::start(vec![Reply::Hang]);
    let hung = send(&[&server.url, "-p", "github", "-e", "ping", "--secret-env", "S", "--timeout", "300ms"], "k");
    assert_eq!(hung.status.code(), Some(4));
    assert!(
        stderr(&hung).starts_with(&format!("error: {} did not answer within the timeout\n", &server.url[7..])),
        "{}",
        stderr(&hung)
    );
}

#[test]
fn dry_run_prints_the_request_and_sends_nothing() {
    let server = TestServer::start(vec![]);
    let output = send(
        &[
            &format!("{}/x", server.url),
            "-p",
            "pulse",
            "-e",
            "transcription.success",
            "--extra",
            "case_id:42,region:us-east",
            "--dry-run",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(server.requests().is_empty());
    let request = whk::http::parse_request(&output.stdout).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["webhook_extra"], serde_json::json!({"case_id": "42", "region": "us-east"}));
    assert_eq!(request.headers.get("Content-Type"), Some("application/json"));
}

#[test]
fn set_edits_the_body_before_signing() {
    let server = TestServer::start(vec![]);
    let output = send(
        &[
            &server.url,
            "-p",
            "bakai",
            "-e",
            "product.updated",
            "--secret-env",
            "S",
            "--set",
            "data.price=99.5",
            "--set",
            "data.title=Чайник",
        ],
        "k",
    );
    assert_eq!(output.status.code(), Some(0));
    let request = &server.requests()[0];
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!((body["data"]["price"].as_f64(), body["data"]["title"].as_str()), (Some(99.5), Some("Чайник")));
    assert!(matches!(verify("bakai", request, "k", &server.url), Verdict::Valid(_)));
}

#[test]
fn every_provider_sends_an_event_its_receiver_accepts() {
    for scheme in whk::scheme::REGISTRY {
        let event = whk::events::for_provider(scheme.name())
            .next()
            .unwrap_or_else(|| panic!("{} has no events", scheme.name()));
        let server = TestServer::start(vec![]);
        let output = send(
            &[&format!("{}/in", server.url), "-p", scheme.name(), "-e", event.name, "--secret-env", "S"],
            scheme.example_secret(),
        );
        assert_eq!(output.status.code(), Some(0), "{}: {}", scheme.name(), stderr(&output));
        let request = &server.requests()[0];
        let key = scheme.example_public_key().unwrap_or(scheme.example_secret());
        let verdict = verify(scheme.name(), request, key, &server.url);
        let unsigned_by_design =
            ["pulse", "novofon"].contains(&scheme.name()) && matches!(verdict, Verdict::Unsigned(_));
        assert!(
            matches!(verdict, Verdict::Valid(_)) || unsigned_by_design,
            "{} {}: {verdict:?}",
            scheme.name(),
            event.name
        );
    }
}

#[test]
fn proxies_come_from_the_environment() {
    let proxy = TestServer::start(vec![]);
    let dir = temp();
    let output = whk(dir.path())
        .args(["send", "http://webhooks.example.invalid/in", "-p", "github", "-e", "ping", "--secret-env", "S"])
        .env("S", "k")
        .env("HTTP_PROXY", &proxy.url)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(proxy.requests()[0].target, "http://webhooks.example.invalid/in", "absolute-form, as to a proxy");
}

#[test]
fn bad_send_input_exits_3() {
    let text =
        send(&["http://127.0.0.1:9/", "-p", "github", "-d", "plain text", "--set", "a=1", "--secret-env", "S"], "k");
    fails_with(&text, 3, "error: --set needs a JSON or form body, and this one is neither");
    let unknown = send(&["http://127.0.0.1:9/", "-p", "github", "-e", "nope", "--secret-env", "S"], "k");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).starts_with(
            "error: github has no built-in event \"nope\"\nhint: one of: issues, ping, pull_request, push, release"
        ),
        "{}",
        stderr(&unknown)
    );
}

/// A URL without a scheme is http://, as curl reads it, in every verb that takes one; a URL
/// that cannot be one is a usage error at once, naming it.
#[test]
fn urls_without_a_scheme_are_http_and_bad_ones_are_usage_errors() {
    let server = TestServer::start(vec![Reply::Status(200), Reply::Status(200), Reply::Status(200)]);
    let bare = server.url.trim_start_matches("http://").to_string();
    let sent = send(&[&format!("{bare}/hook"), "-p", "github", "-e", "push", "--secret-env", "S"], "k");
    assert_eq!(sent.status.code(), Some(0), "{}", stderr(&sent));
    assert_eq!(server.requests()[0].target, "/hook");

    let dir = temp();
    let capture = dir.path().join("c.json");
    std::fs::write(&capture, r#"{"whk_capture":1,"received_at":"2026-11-22T23:30:00.000Z","method":"POST","path":"/","headers":[],"body":"{}"}"#).unwrap();
    let port = bare.rsplit(':').next().unwrap();
    let replayed = whk(dir.path()).args(["replay", "c.json", "--to", &format!(":{port}")]).output().unwrap();
    assert_eq!(replayed.status.code(), Some(0), "{}", stderr(&replayed));
    assert_eq!(server.requests().len(), 2, ":PORT is localhost");

    for args in [
        vec!["send", "http://exa mple.com", "-p", "github", "-e", "push", "--secret", "k"],
        vec!["replay", "c.json", "--to", "ftp://example.com"],
        vec!["listen", "--forward-to", "http://"],
    ] {
        let refused = whk(dir.path()).args(&args).output().unwrap();
        fails_with(&refused, 2, "error: invalid value");
        assert!(stderr(&refused).contains("is not"), "{args:?}: {}", stderr(&refused));
    }
}
