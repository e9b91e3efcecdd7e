//! `whk doctor`: whk's own listener passes the card; receivers broken on purpose, each in one
//! way, are named for exactly that flaw.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::listen::Listener;
use crate::support::{stderr, stdout, temp, whk};

const GH: &str = "doctor github secret";
const STRIPE: &str = "whsec_ZG9jdG9yIHN0cmlwZQ==";

fn hex_hmac(key: &[u8], parts: &[&[u8]]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    for part in parts {
        mac.update(part);
    }
    hex::encode(mac.finalize().into_bytes())
}

/// How a test receiver answers a request: its status for these headers and body.
type Judge = fn(&[(String, String)], &[u8]) -> u16;

/// A receiver that answers each request with `judge(headers, body)`; it reads Content-Length
/// and chunked bodies alike.
fn receiver(judge: Judge) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                continue;
            }
            let mut headers = Vec::new();
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                let header = header.trim_end();
                if header.is_empty() {
                    break;
                }
                let (name, value) = header.split_once(':').unwrap();
                headers.push((name.to_string(), value.trim().to_string()));
            }
            let find = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
            let mut body = Vec::new();
            if find("Transfer-Encoding").is_some() {
                loop {
                    let mut size = String::new();
                    reader.read_line(&mut size).unwrap();
                    let size = usize::from_str_radix(size.trim(), 16).unwrap();
                    let mut chunk = vec![0; size + 2];
                    reader.read_exact(&mut chunk).unwrap();
                    if size == 0 {
                        break;
                    }
                    body.extend_from_slice(&chunk[..size]);
                }
            } else {
                body.resize(find("Content-Length").map_or(0, |v| v.parse().unwrap()), 0);
                reader.read_exact(&mut body).unwrap();
            }
            let status = judge(&headers, &body);
            let mut stream = stream;
            let _ = write!(stream, "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    url
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

fn github_ok(signature: Option<&str>, body: &[u8]) -> u16 {
    let expected = format!("sha256={}", hex_hmac(GH.as_bytes(), &[body]));
    if signature == Some(expected.as_str()) {
        200
    } else {
        401
    }
}

/// Stripe's check without its timestamp rule: the flaw "accepts stale timestamps".
fn stripe_without_tolerance(headers: &[(String, String)], body: &[u8]) -> u16 {
    let Some(signature) = header(headers, "Stripe-Signature") else { return 400 };
    let fields: Vec<(&str, &str)> = signature.split(',').filter_map(|f| f.split_once('=')).collect();
    let Some((_, t)) = fields.iter().find(|(k, _)| *k == "t") else { return 400 };
    let expected = hex_hmac(STRIPE.as_bytes(), &[t.as_bytes(), b".", body]);
    match fields.iter().any(|(k, v)| *k == "v1" && *v == expected) {
        true => 200,
        false => 401,
    }
}

/// The card's failing variants, from `--json`.
fn flaws(url: &str, provider: &str, secret: &str) -> Vec<String> {
    let dir = temp();
    let out = whk(dir.path())
        .args(["doctor", url, "-p", provider, "--secret-env", "S", "--json"])
        .env("S", secret)
        .timeout(crate::support::HANG)
        .output()
        .unwrap();
    let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    let failed: Vec<String> = card["variants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["verdict"] == "FAIL")
        .map(|v| v["variant"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(out.status.code(), Some(if failed.is_empty() { 0 } else { 1 }), "{}", stdout(&out));
    failed
}

#[test]
fn whks_own_listener_passes_the_card() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &["-p", "stripe", "--secret-env", "S"], &[("S", STRIPE)]);
    assert_eq!(flaws(&format!("{}/hook", listener.url), "stripe", STRIPE), Vec::<String>::new());
    let out = whk(dir.path())
        .args(["doctor", &format!("{}/hook", listener.url), "-p", "stripe", "--secret-env", "S"])
        .env("S", STRIPE)
        .output()
        .unwrap();
    let card = stdout(&out);
    assert!(card.contains("stale timestamp") && card.contains("401 rejected"), "{card}");
    assert!(
        !card.contains("future timestamp"),
        "Stripe lets a future timestamp pass, so it is not a must-reject: {card}"
    );
}

#[test]
fn broken_receivers_are_named_for_exactly_their_flaw() {
    let ignores_signatures = receiver(|_, _| 200);
    assert_eq!(
        flaws(&ignores_signatures, "github", GH),
        [
            "no signature",
            "wrong secret",
            "body changed",
            "another body's signature",
            "empty secret",
            "deprecated signature only"
        ]
    );

    let accepts_stale = receiver(stripe_without_tolerance);
    assert_eq!(flaws(&accepts_stale, "stripe", STRIPE), ["stale timestamp"]);

    // Parses the JSON and verifies its own re-serialisation: every valid delivery fails.
    let reserialises = receiver(|headers, body| {
        let compact = serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(body).unwrap()).unwrap();
        github_ok(header(headers, "X-Hub-Signature-256"), &compact)
    });
    let found = flaws(&reserialises, "github", GH);
    assert!(found.starts_with(&["baseline".to_string()]), "{found:?}");

    // Looks the signature up by its exact spelling.
    let case_sensitive = receiver(|headers, body| {
        let signature = headers.iter().find(|(n, _)| n == "X-Hub-Signature-256").map(|(_, v)| v.as_str());
        github_ok(signature, body)
    });
    assert_eq!(flaws(&case_sensitive, "github", GH), ["lower-case header names", "upper-case header names"]);
}

#[test]
fn a_receiver_that_is_not_there_is_an_error_before_any_verdict() {
    let dir = temp();
    let out = whk(dir.path())
        .args([
            "doctor",
            &format!("http://127.0.0.1:{}/hook", crate::support::closed_port()),
            "-p",
            "github",
            "--secret-env",
            "S",
        ])
        .env("S", GH)
        .output()
        .unwrap();
    crate::support::fails_with(&out, 4, "error: http://127.0.0.1:");
    assert!(stdout(&out).is_empty(), "no card: {}", stdout(&out));
}
