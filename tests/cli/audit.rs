//! `whk listen --audit-sender`: whk's own `send --as-sender` keeps every provider's contract;
//! senders broken in one way are named for that rule.

use std::io::{Read, Write};
use std::net::TcpStream;

use crate::listen::Listener;
use crate::support::{stderr, temp, whk};

fn secret(provider: &str) -> &'static str {
    match provider {
        "stripe" => "whsec_YXVkaXQgc3RyaXBl",
        "standard-webhooks" => "whsec_YXVkaXQgc3RhbmRhcmQ=",
        _ => "audit-secret-0123456789abcdef",
    }
}

/// An audit listener for `provider` that stops after `count` requests; its exit code and card.
fn audit(provider: &str, count: u32, extra: &[&str], sender: impl FnOnce(&str)) -> (Option<i32>, String) {
    let dir = temp();
    let count = count.to_string();
    let args =
        [&["--audit-sender", provider, "--secret-env", "S", "--count", &count, "--timeout", "30s"], extra].concat();
    let mut listener = Listener::start(dir.path(), &args, &[("S", secret(provider))]);
    sender(&listener.url);
    let code = listener.wait();
    (code, listener.lines().join("\n"))
}

fn send(url: &str, provider: &str, args: &[&str]) {
    let dir = temp();
    let event = match provider {
        "github" => "push",
        "stripe" => "payment_intent.succeeded",
        "medilab" => "patient.created",
        "pulse" => "transcription.success",
        "pyannote" => "diarization.succeeded",
        _ => "invoice.paid",
    };
    let out = whk(dir.path())
        .args(["send", &format!("{url}/hook"), "-p", provider, "-e", event, "--secret-env", "S"])
        .args(args)
        .env("S", secret(provider))
        .timeout(crate::support::HANG)
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "{}", stderr(&out));
}

#[test]
fn whk_send_as_sender_keeps_every_providers_contract() {
    for provider in ["medilab", "pulse", "pyannote", "standard-webhooks", "stripe"] {
        let (code, card) = audit(provider, 3, &["--time-scale", "0.0001"], |url| {
            send(url, provider, &["--as-sender", "--retries", "2", "--time-scale", "0.0001"])
        });
        assert_eq!(code, Some(0), "{provider}:\n{card}");
        assert!(card.contains(&format!("every rule of {provider}'s contract kept")), "{provider}:\n{card}");
    }
    // GitHub does not retry: one delivery, one attempt, answered 200.
    let (code, card) = audit("github", 1, &["--respond", "200"], |url| send(url, "github", &["--as-sender"]));
    assert_eq!(code, Some(0), "{card}");
}

#[test]
fn a_sender_that_keeps_the_attempt_at_one_is_named_for_it() {
    // Retries that are not the sender's own: MediLab's attempt counters stay at 1.
    let (code, card) =
        audit("medilab", 3, &[], |url| send(url, "medilab", &["--retries", "2", "--retry-initial", "10ms"]));
    assert_eq!(code, Some(1), "{card}");
    assert!(card.contains("broken: attempt counter"), "{card}");
    assert!(!card.contains("broken: fresh signature") && !card.contains("broken: same delivery id"), "{card}");
}

#[test]
fn a_sender_that_retries_too_fast_is_named_for_it() {
    let (code, card) = audit("stripe", 3, &["--time-scale", "0.001"], |url| {
        send(url, "stripe", &["--as-sender", "--retries", "2", "--time-scale", "0.00001"])
    });
    assert_eq!(code, Some(1), "{card}");
    assert!(card.contains("broken: retry schedule"), "{card}");
    assert!(card.contains("too soon"), "{card}");
}

#[test]
fn a_sender_that_reuses_its_first_signature_is_named_for_it() {
    // The first attempt signed once, then sent again unchanged a second later, twice.
    let (code, card) = audit("stripe", 3, &["--time-scale", "0.0003"], |url| {
        let dir = temp();
        let signed = whk(dir.path())
            .args([
                "sign",
                "stripe",
                "-d",
                r#"{"id":"evt_reused","object":"event"}"#,
                "--secret-env",
                "S",
                "--format",
                "http",
                "--url",
            ])
            .arg(format!("{url}/hook"))
            .env("S", secret("stripe"))
            .output()
            .unwrap();
        for attempt in 0..3 {
            if attempt > 0 {
                // Stripe's first retries wait an hour; at --time-scale 0.0003, about a second.
                std::thread::sleep(std::time::Duration::from_millis(1100 * attempt));
            }
            let mut stream = TcpStream::connect(url.trim_start_matches("http://")).unwrap();
            stream.write_all(&signed.stdout).unwrap();
            // The answer's first bytes are enough: the connection stays open for keep-alive.
            let mut answer = [0u8; 64];
            stream.read_exact(&mut answer[..12]).unwrap();
        }
    });
    assert_eq!(code, Some(1), "{card}");
    assert!(card.contains("broken: fresh signature"), "{card}");
}
