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
/// A receiver that answers each request with `judge(headers, body)`, each connection on its
/// own thread; it reads Content-Length and chunked bodies alike.
fn receiver(judge: impl Fn(&[(String, String)], &[u8]) -> u16 + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let judge = std::sync::Arc::new(judge);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let judge = judge.clone();
            std::thread::spawn(move || {
                if let Some((headers, body)) = read_request(&stream) {
                    let status = judge(&headers, &body);
                    let mut stream = stream;
                    let _ = write!(stream, "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                }
            });
        }
    });
    url
}

type Headers = Vec<(String, String)>;

fn read_request(stream: &std::net::TcpStream) -> Option<(Headers, Vec<u8>)> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let mut body = Vec::new();
    if header(&headers, "Transfer-Encoding").is_some() {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        body.resize(header(&headers, "Content-Length").map_or(0, |v| v.parse().unwrap()), 0);
        reader.read_exact(&mut body).ok()?;
    }
    Some((headers, body))
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

    // Something answers, but not in HTTP: an SSH server's banner.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.6\r\n");
        }
    });
    let out =
        whk(dir.path()).args(["doctor", &url, "-p", "github", "--secret-env", "S"]).env("S", GH).output().unwrap();
    crate::support::fails_with(&out, 4, "error: http://127.0.0.1:");
    assert!(stderr(&out).contains("not an HTTP answer: \"SSH-2.0-OpenSSH_9.6\""), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "no card: {}", stdout(&out));

    // A "status line" that never ends: doctor reads 8 KiB of it, not all of it.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            std::thread::spawn(move || while stream.write_all(&[b'A'; 64 * 1024]).is_ok() {});
        }
    });
    let out = whk(dir.path())
        .args(["doctor", &url, "-p", "github", "--secret-env", "S"])
        .env("S", GH)
        .timeout(crate::support::HANG)
        .output()
        .unwrap();
    crate::support::fails_with(&out, 4, "error: http://127.0.0.1:");
    assert!(stderr(&out).contains("not an HTTP answer: \"AAAA"), "{}", stderr(&out));
    assert!(stderr(&out).len() < 1024, "the junk is cut short: {} bytes", stderr(&out).len());

    // A receiver that trickles its answer a byte at a time: --timeout bounds the whole answer.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                while stream.write_all(b"H").is_ok() {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
            });
        }
    });
    let out = whk(dir.path())
        .args(["doctor", &url, "-p", "github", "--secret-env", "S", "--timeout", "1s"])
        .env("S", GH)
        .timeout(crate::support::HANG)
        .output()
        .unwrap();
    crate::support::fails_with(&out, 4, "error: http://127.0.0.1:");
    assert!(stderr(&out).contains("no answer within 1s"), "{}", stderr(&out));
}

/// The most requests a GitHub receiver had in flight at once while `whk doctor -j jobs` ran; each
/// request is held until another comes or a moment passes, so concurrency shows.
fn peak_in_flight(jobs: &str) -> usize {
    let state = std::sync::Arc::new((std::sync::Mutex::new((0usize, 0usize)), std::sync::Condvar::new()));
    let seen = state.clone();
    let url = receiver(move |headers, body| {
        let (lock, changed) = &*seen;
        let mut counts = lock.lock().unwrap();
        counts.0 += 1;
        counts.1 = counts.1.max(counts.0);
        changed.notify_all();
        let (mut counts, _) = changed
            .wait_timeout_while(counts, std::time::Duration::from_millis(50), |(in_flight, _)| *in_flight < 2)
            .unwrap();
        counts.0 -= 1;
        github_ok(header(headers, "X-Hub-Signature-256"), body)
    });
    let dir = temp();
    let out = whk(dir.path())
        .args(["doctor", &url, "-p", "github", "--secret-env", "S", "-j", jobs])
        .env("S", GH)
        .timeout(crate::support::HANG)
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "{}", stderr(&out));
    let peak = state.0.lock().unwrap().1;
    peak
}

#[test]
fn doctor_sends_one_delivery_at_a_time_unless_j_says_more() {
    assert_eq!(peak_in_flight("1"), 1);
    let peak = peak_in_flight("4");
    assert!((2..=4).contains(&peak), "-j 4 had {peak} in flight");
}

#[test]
fn doctor_j_gives_the_same_card_in_the_same_order() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &["-p", "stripe", "--secret-env", "S"], &[("S", STRIPE)]);
    let card = |jobs: &str| {
        let out = whk(dir.path())
            .args(["doctor", &format!("{}/hook", listener.url), "-p", "stripe", "--secret-env", "S", "-j", jobs])
            .env("S", STRIPE)
            .timeout(crate::support::HANG)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    assert_eq!(card("1"), card("8"));
}
