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
fn a_sender_that_does_not_say_why_it_retries_is_named_for_it() {
    // Plain retries to a pyannote.ai receiver: no X-Retry-Num, no X-Retry-Reason.
    let (code, card) = audit("pyannote", 3, &["--time-scale", "0.0001"], |url| {
        send(url, "pyannote", &["--retries", "2", "--retry-initial", "10ms"])
    });
    assert_eq!(code, Some(1), "{card}");
    assert!(card.contains("broken: retry reason") && card.contains("attempt 2 gives no X-Retry-Reason"), "{card}");
    assert!(card.contains("broken: attempt counter") && card.contains("attempt 2 gives no X-Retry-Num"), "{card}");
    // A reason pyannote.ai does not use, for an attempt the listener answered 500.
    let (code, card) = audit("pyannote", 2, &["--respond", "500,200", "--time-scale", "0.0001"], |url| {
        send(
            url,
            "pyannote",
            &["--as-sender", "--retries", "1", "--time-scale", "0.0001", "-H", "X-Retry-Reason: timeout"],
        )
    });
    assert_eq!(code, Some(1), "{card}");
    assert!(card.contains("attempt 2 says X-Retry-Reason: timeout, not one of http_timeout"), "{card}");
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

/// One Stripe request, signed once: a sender that never signs again.
fn signed_once(url: &str) -> Vec<u8> {
    let dir = temp();
    let signed = whk(dir.path())
        .args(["sign", "stripe", "-d", r#"{"id":"evt_reused","object":"event"}"#, "--secret-env", "S"])
        .args(["--format", "http", "--url"])
        .arg(format!("{url}/hook"))
        .env("S", secret("stripe"))
        .output()
        .unwrap();
    signed.stdout
}

/// Sends `request` as it is once per wait, after that wait.
fn send_raw(url: &str, request: &[u8], waits: &[std::time::Duration]) {
    for wait in waits {
        std::thread::sleep(*wait);
        let mut stream = TcpStream::connect(url.trim_start_matches("http://")).unwrap();
        stream.write_all(request).unwrap();
        // The answer's first bytes are enough: the connection stays open for keep-alive.
        let mut answer = [0u8; 12];
        stream.read_exact(&mut answer).unwrap();
    }
}

#[test]
fn a_sender_that_reuses_its_first_signature_is_named_for_it() {
    // Stripe's first retries wait an hour; at --time-scale 0.0003, about a second.
    let (code, card) = audit("stripe", 3, &["--time-scale", "0.0003"], |url| {
        let second = std::time::Duration::from_millis(1100);
        send_raw(url, &signed_once(url), &[std::time::Duration::ZERO, second, second * 2]);
    });
    assert_eq!(code, Some(1), "{card}");
    assert!(card.contains("broken: fresh signature"), "{card}");
}

#[test]
fn retry_after_is_honoured_by_whk_and_a_sender_that_ignores_it_is_named() {
    // MediLab's first retry waits 60 s; a 503 with Retry-After: 1 asks for 1 s instead, which
    // at --time-scale 0.5 is half a second.
    let args = ["--respond", "503,200", "--retry-after", "1", "--time-scale", "0.5"];
    let (code, card) = audit("medilab", 2, &args, |url| {
        send(url, "medilab", &["--as-sender", "--retries", "1", "--time-scale", "0.5"])
    });
    assert_eq!(code, Some(0), "{card}");
    assert!(card.contains("answered 503, 200"), "{card}");

    let (code, card) = audit("stripe", 2, &["--respond", "503,200", "--retry-after", "5"], |url| {
        send_raw(url, &signed_once(url), &[std::time::Duration::ZERO; 2]);
    });
    assert_eq!(code, Some(1), "{card}");
    assert!(card.contains("broken: Retry-After honoured"), "{card}");
    assert!(card.contains("Retry-After: 5"), "{card}");
    assert!(!card.contains("broken: retry schedule"), "{card}");
}

#[test]
fn deliveries_under_way_at_once_are_told_apart_by_their_ids() {
    let (code, card) = audit("medilab", 4, &["--time-scale", "0.0001"], |url| {
        let senders: Vec<_> = ["patient.created", "appointment.created"]
            .into_iter()
            .map(|event| {
                let url = url.to_string();
                std::thread::spawn(move || {
                    let dir = temp();
                    let out = whk(dir.path())
                        .args(["send", &format!("{url}/hook"), "-p", "medilab", "-e", event, "--secret-env", "S"])
                        .args(["--as-sender", "--retries", "3", "--time-scale", "0.0001"])
                        .env("S", secret("medilab"))
                        .timeout(crate::support::HANG)
                        .output()
                        .unwrap();
                    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
                })
            })
            .collect();
        senders.into_iter().for_each(|s| s.join().unwrap());
    });
    assert_eq!(code, Some(0), "{card}");
    assert!(card.contains("2 deliveries") && card.contains("every rule of medilab's contract kept"), "{card}");
}

#[test]
fn a_retry_under_a_new_id_is_named_for_it() {
    let (code, card) = audit("medilab", 2, &["--respond", "500,200", "--time-scale", "0.0001"], |url| {
        for (id, attempt) in [("first-id", 1), ("second-id", 2)] {
            let body = format!(
                r#"{{"event_type":"patient.created","event_data":{{"patient_id":1}},"webhook_id":"{id}","timestamp":"2024-01-15T10:30:05Z","attempt":{attempt}}}"#
            );
            let dir = temp();
            let out = whk(dir.path())
                .args(["send", &format!("{url}/hook"), "-p", "medilab", "-d", &body, "--secret-env", "S"])
                .args(["--expect", "2xx,500"])
                .env("S", secret("medilab"))
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        }
    });
    assert_eq!(code, Some(1), "{card}");
    assert!(
        card.contains(
            "broken: same delivery id — second-id: a retry (X-Webhook-Attempt: 2) came under an id never seen before"
        ),
        "{card}"
    );
}
