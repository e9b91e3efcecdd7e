//! What `whk listen` answers besides its verdict: scripted statuses, the app's own answers
//! (`--forward-to`), provider handshakes and probes, and URL-signed schemes behind a public URL.

use std::io::{Read, Write};

use crate::listen::{captures, post, pyannote_verifies, send, Listener};
use crate::support::{stdout, temp, whk, Reply, TestServer};

#[test]
fn scripted_answers_exercise_a_senders_retries() {
    let dir = temp();
    let listener = Listener::start(
        dir.path(),
        &["--provider", "github", "--secret-env", "S", "--respond", "500,503x2,drop,200@10ms"],
        &[("S", "k")],
    );
    let out = send(&listener.url, "github", "ping", "k", &["--retries", "6", "--retry-initial", "1ms", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let attempts: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["type"] == "attempt")
        .collect();
    let seen: Vec<String> =
        attempts.iter().map(|a| a["status"].as_u64().map_or("error".into(), |s| s.to_string())).collect();
    assert_eq!(seen, ["500", "503", "503", "error", "200"]);
}

#[test]
fn forwards_to_the_app_and_answers_502_when_it_is_down() {
    let app = TestServer::start(vec![Reply::With(418, vec![("X-App", "yes")], "teapot")]);
    let dir = temp();
    let listener = Listener::start(
        dir.path(),
        &["--provider", "github", "--secret-env", "S", "--forward-to", &app.url],
        &[("S", "k")],
    );
    let (status, body) = post(
        &format!("{}/in?q=1", listener.url),
        &[("X-Hub-Signature-256", "sha256=00"), ("X-Custom", "v")],
        b"exact\r\nbytes",
    );
    assert_eq!((status, body.as_str()), (418, "teapot"), "the app's answer goes back to the sender");
    let forwarded = &app.requests()[0];
    assert_eq!((forwarded.target.as_str(), forwarded.body.as_slice()), ("/in?q=1", &b"exact\r\nbytes"[..]));
    assert_eq!(forwarded.header("X-Custom"), Some("v"));
    assert_eq!(forwarded.header("Host"), Some(&app.url[7..]), "Host rewritten");

    let port = crate::support::closed_port();
    let down = Listener::start(dir.path(), &["--forward-to", &format!("http://127.0.0.1:{port}")], &[]);
    assert_eq!(post(&down.url, &[], b"{}").0, 502);
    assert_eq!(post(&down.url, &[], b"{}").0, 502, "still running");

    // An answer that breaks off, or runs over --max-body, is not relayed as if it were whole.
    let broken_app = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let broken_url = format!("http://{}", broken_app.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in broken_app.incoming() {
            let mut stream = stream.unwrap();
            let mut head = [0u8; 4096];
            let _ = stream.read(&mut head);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
        }
    });
    let relay = Listener::start(dir.path(), &["--forward-to", &broken_url], &[]);
    assert_eq!(post(&relay.url, &[], b"{}").0, 502);
    assert!(relay.stderr_shows("its answer broke off"), "{}", relay.stderr());
    let big_app = TestServer::start(vec![Reply::With(200, vec![], "more than four bytes")]);
    let small = Listener::start(dir.path(), &["--forward-to", &big_app.url, "--max-body", "4"], &[]);
    assert_eq!(post(&small.url, &[], b"{}").0, 502);
    assert!(small.stderr_shows("its answer is over --max-body (4 bytes)"), "{}", small.stderr());
}

#[test]
fn answers_provider_handshakes() {
    let dir = temp();
    let listener = Listener::start(
        dir.path(),
        &["--route", "/slack=slack:env:SL", "--route", "/zoom=zoom:env:ZM"],
        &[("SL", "slk"), ("ZM", "test_secret_token")],
    );
    let slack = send(&format!("{}/slack", listener.url), "slack", "url_verification", "slk", &["--json"]);
    let attempt: serde_json::Value = serde_json::from_str(stdout(&slack).lines().next().unwrap()).unwrap();
    assert_eq!(attempt["body"], r#"{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}"#);
    let zoom =
        send(&format!("{}/zoom", listener.url), "zoom", "endpoint.url_validation", "test_secret_token", &["--json"]);
    let attempt: serde_json::Value = serde_json::from_str(stdout(&zoom).lines().next().unwrap()).unwrap();
    let reply: serde_json::Value = serde_json::from_str(attempt["body"].as_str().unwrap()).unwrap();
    assert_eq!(reply["encryptedToken"], "4efea922935c335d972476de138d2208a0d46ab28c79ee592d497a1b216419b8");
}

#[test]
fn forward_to_takes_a_url_without_a_scheme() {
    let app = TestServer::start(vec![Reply::With(201, vec![], "made")]);
    let dir = temp();
    let listener = Listener::start(dir.path(), &["--forward-to", app.url.trim_start_matches("http://")], &[]);
    assert_eq!(post(&format!("{}/in", listener.url), &[], b"{}"), (201, "made".to_string()));
}

/// The probes the seed receivers document answer as they describe, and are never captured or
/// counted as deliveries.
#[test]
fn provider_probes_answer_as_their_receivers_do() {
    let dir = temp();
    let listener = Listener::start(
        dir.path(),
        &["--route", "/webhook=pyannote:env:P", "--route", "/api/v1/webhooks/bakai=bakai:env:B", "--save-dir", "caps"],
        &[("P", "whs_probe"), ("B", "bk")],
    );
    pyannote_verifies(&listener.url, "whs_probe");
    let get = |path: &str| -> serde_json::Value {
        let response = reqwest::blocking::get(format!("{}{path}", listener.url)).unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        serde_json::from_str(&response.text().unwrap()).unwrap()
    };
    let metrics = get("/metrics");
    assert_eq!(
        (&metrics["processed_webhooks"], &metrics["failed_verifications"], &metrics["successful_events"]),
        (&serde_json::json!(2), &serde_json::json!(1), &serde_json::json!(1))
    );
    assert_eq!(metrics["verification_success_rate"], 50.0);
    assert_eq!(get("/health")["status"], "healthy");
    let bakai = get("/api/v1/webhooks/health");
    assert_eq!((bakai["status"].as_str(), bakai["service"].as_str()), (Some("healthy"), Some("webhooks")));
    assert_eq!(captures(&dir.path().join("caps")).len(), 2, "probes are not captured");
    assert_eq!(get("/metrics")["processed_webhooks"], 2, "nor counted");
}

/// Behind a tunnel, a scheme that signs the URL verifies against the URL the sender used.
#[test]
fn url_signed_schemes_verify_against_the_public_url() {
    let dir = temp();
    let signed = whk(dir.path())
        .args([
            "sign",
            "twilio",
            "--url",
            "https://abc.tunnel.example/twilio?x=1",
            "-d",
            "a=1&b=2",
            "--secret-env",
            "S",
        ])
        .env("S", "tok")
        .output()
        .unwrap();
    let signature = stdout(&signed).lines().find_map(|l| l.strip_prefix("X-Twilio-Signature: ")).unwrap().to_string();
    let headers = [("X-Twilio-Signature", signature.as_str()), ("Content-Type", "application/x-www-form-urlencoded")];
    let forwarded = [
        ("X-Twilio-Signature", signature.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-Host", "abc.tunnel.example"),
    ];
    let route = ["--route", "/twilio=twilio:env:S"];
    let local = Listener::start(dir.path(), &route, &[("S", "tok")]);
    assert_eq!(post(&format!("{}/twilio?x=1", local.url), &headers, b"a=1&b=2").0, 401, "signed for another URL");
    let public = Listener::start(
        dir.path(),
        &[&route[..], &["--public-url", "https://abc.tunnel.example/"]].concat(),
        &[("S", "tok")],
    );
    assert_eq!(post(&format!("{}/twilio?x=1", public.url), &headers, b"a=1&b=2").0, 200);
    let proxied = Listener::start(dir.path(), &[&route[..], &["--trust-forwarded"]].concat(), &[("S", "tok")]);
    assert_eq!(post(&format!("{}/twilio?x=1", proxied.url), &forwarded, b"a=1&b=2").0, 200);
    assert_eq!(
        post(&format!("{}/twilio?x=1", local.url), &forwarded, b"a=1&b=2").0,
        401,
        "forwarded headers are not trusted unless asked"
    );
}
