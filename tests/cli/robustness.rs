//! Untrusted input never panics: every scheme's signed sample, mutated many ways (headers cut
//! mid-character, values swapped between headers, duplicates, control and multi-byte
//! characters, tampered bodies), goes through detection, verification, diagnosis and the
//! provider's reply; raw requests are parsed from mutated and random bytes. A panic, or an `Err`
//! where only a verdict is allowed, fails the test. The generator is seeded, so a failure
//! replays exactly.

use whk::http::parse_request;
use whk::scheme::diagnose::diagnose;
use whk::scheme::{self, Body, HeaderMap, Mismatch, Request, SignOptions, Verdict, VerifyOptions, REGISTRY};
use whk::secret::Secret;

use crate::support::Rng;

const ROUNDS_PER_SCHEME: usize = 300;
const NOW: i64 = 1_700_000_000;
const URL: &str = "https://example.com/webhooks?source=whk";

/// Pieces that tend to break hand-written parsers: separators, signs, prefixes, wide characters.
const SPLINTERS: &[&str] = &[
    "",
    " ",
    ",",
    ";",
    "=",
    ":",
    ".",
    "t=",
    "v1=",
    "v0=",
    "sha256=",
    "sha1=",
    "whsec_",
    "-",
    "+",
    "/",
    "é",
    "👋",
    "\u{0}",
    "\t",
    "\r",
    "0",
    "99999999999999999999",
    "-1",
    "==",
    "a,b,c",
    "v1,",
    " v1,abc ",
];

/// One edit to a string, always at a character boundary (header values are text).
fn mutate_text(rng: &mut Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = rng.below(chars.len() + 1);
    let head: String = chars[..at].iter().collect();
    let tail: String = chars[at..].iter().collect();
    match rng.below(6) {
        0 => head,
        1 => tail,
        2 => format!("{head}{}{tail}", rng.pick(SPLINTERS)),
        3 => format!("{head}{}", rng.pick(SPLINTERS)),
        4 => rng.pick(SPLINTERS).to_string(),
        _ => format!("{text}{text}"),
    }
}

fn mutate_headers(rng: &mut Rng, headers: &mut Vec<(String, String)>) {
    if headers.is_empty() {
        headers.push(("X-Signature".into(), rng.pick(SPLINTERS).to_string()));
        return;
    }
    let i = rng.below(headers.len());
    match rng.below(5) {
        0 => headers[i].1 = mutate_text(rng, &headers[i].1),
        1 => {
            headers.remove(i);
        }
        2 => headers.push(headers[i].clone()),
        3 => {
            let j = rng.below(headers.len());
            let value = headers[j].1.clone();
            headers[i].1 = value;
        }
        _ => headers[i].0 = headers[i].0.to_ascii_uppercase(),
    }
}

fn mutate_body(rng: &mut Rng, body: &mut Vec<u8>) {
    match rng.below(4) {
        0 => body.truncate(rng.below(body.len() + 1)),
        1 if !body.is_empty() => {
            let i = rng.below(body.len());
            body[i] ^= 1 << rng.below(8);
        }
        2 => body.extend_from_slice(rng.pick(SPLINTERS).as_bytes()),
        _ => body.clear(),
    }
}

/// Verifies as `verify` does: the verdict, then the diagnosis a digest mismatch gets; returns
/// the verdict's kind.
fn verify_everything(
    scheme: &dyn scheme::Scheme,
    headers: &HeaderMap,
    body: &Body,
    secrets: &[Secret],
) -> &'static str {
    let request = Request { method: "POST", headers, body };
    let opts = VerifyOptions { url: Some(URL.into()), ..VerifyOptions::new(NOW) };
    let verdict = scheme
        .verify(&request, secrets, &opts)
        .unwrap_or_else(|e| panic!("{}: a mutated request must get a verdict, not {e}", scheme.name()));
    if let Verdict::Invalid(Mismatch::Digest(digest)) = &verdict {
        let _ = diagnose(digest, body, secrets);
    }
    let _ = scheme.reply(&request, matches!(verdict, Verdict::Valid(_)), secrets);
    let _ = scheme::detect(headers, body);
    match verdict {
        Verdict::Valid(_) => "valid",
        Verdict::Unsigned(_) => "unsigned",
        Verdict::Invalid(Mismatch::Digest(_)) => "digest",
        Verdict::Invalid(_) => "other mismatch",
    }
}

#[test]
fn mutated_deliveries_never_panic_any_scheme() {
    let mut rng = Rng(0x5EED_0FA1_1000_0001);
    let mut seen = std::collections::BTreeSet::new();
    for scheme in REGISTRY {
        let signing = [Secret::new(scheme.example_secret(), "example")];
        let secrets = match scheme.example_public_key() {
            Some(public) => vec![Secret::new(public, "example public key")],
            None => signing.to_vec(),
        };
        let body = Body::Bytes(scheme.example_body().to_vec());
        let opts = SignOptions { url: Some(URL.into()), ..SignOptions::new(NOW) };
        let signed = scheme.sign(&body, &signing, &opts).unwrap();
        let original_body = signed.body.unwrap_or_else(|| scheme.example_body().to_vec());
        for _ in 0..ROUNDS_PER_SCHEME {
            let mut headers = signed.headers.clone();
            let mut bytes = original_body.clone();
            for _ in 0..=rng.below(3) {
                if rng.below(4) == 0 {
                    mutate_body(&mut rng, &mut bytes);
                } else {
                    mutate_headers(&mut rng, &mut headers);
                }
            }
            seen.insert(verify_everything(*scheme, &HeaderMap(headers), &Body::Bytes(bytes), &secrets));
        }
    }
    // The mutations reach every kind of verdict, so the parsers behind each were exercised.
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["digest", "other mismatch", "unsigned", "valid"]);
}

#[test]
fn raw_requests_from_mutated_and_random_bytes_never_panic() {
    let mut rng = Rng(0xBAD_CAFE);
    let valid = b"POST /webhook HTTP/1.1\r\nHost: example.com\r\nContent-Length: 7\r\nX-Hub-Signature-256: sha256=00\r\n\r\n{\"a\":1}";
    let chunked = b"POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n7\r\n{\"a\":1}\r\n0\r\n\r\n";
    for round in 0..4000 {
        let mut bytes = if round % 2 == 0 { valid.to_vec() } else { chunked.to_vec() };
        match rng.below(3) {
            0 => bytes = (0..rng.below(96)).map(|_| rng.next() as u8).collect(),
            1 => {
                for _ in 0..=rng.below(4) {
                    let i = rng.below(bytes.len());
                    bytes[i] = *rng.pick(b"\r\n: -0Ff9\xff\xc3");
                }
            }
            _ => bytes.truncate(rng.below(bytes.len() + 1)),
        }
        if let Ok(request) = parse_request(&bytes) {
            let body = Body::Bytes(request.body);
            for scheme in scheme::detect(&request.headers, &body) {
                let _ = verify_everything(scheme, &request.headers, &body, &[Secret::new("secret", "test")]);
            }
        }
    }
}

/// Hand-edited captures are the common case: a damaged one is a clear `Err`, never a panic, and
/// one that still parses yields its body or says why it cannot.
#[test]
fn mutated_capture_files_never_panic() {
    let mut rng = Rng(0x0F1C_70E5);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("capture.json");
    let originals: Vec<String> = std::fs::read_dir(crate::support::repo().join("fixtures/captures"))
        .unwrap()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(!originals.is_empty());
    let mut parsed = 0;
    for _ in 0..1500 {
        let mut text = rng.pick(&originals).clone();
        for _ in 0..=rng.below(2) {
            text = mutate_text(&mut rng, &text);
        }
        std::fs::write(&path, &text).unwrap();
        if let Ok(capture) = whk::fixture::Capture::load(&path) {
            parsed += 1;
            let _ = capture.body.bytes();
        }
    }
    assert!(parsed > 0, "no mutation left a capture readable; the test explores nothing");
}

/// Files to import come from anywhere: each producer's sample, mutated, through its importer
/// and through format sniffing is a capture or an `Err`, never a panic.
#[test]
fn mutated_import_files_never_panic() {
    use whk::bridge::{curl, har, http_file, postman, sniff, stripe_cli, webhook_site};
    let mut rng = Rng(0x1A9_0B7E5);
    let dir = crate::support::repo().join("fixtures/imports");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let samples = [
        ("chrome.har", read("chrome.har")),
        ("copy-as-curl.sh", read("copy-as-curl.sh")),
        ("rest-client.http", read("rest-client.http")),
        ("postman_collection.json", read("postman_collection.json")),
        ("webhook-site.json", read("webhook-site.json")),
        ("stripe-listen.jsonl", read("stripe-listen.jsonl")),
    ];
    let (mut imported, mut refused) = (0, 0);
    for round in 0..1200 {
        let (name, original) = &samples[round % samples.len()];
        let mut text = original.clone();
        for _ in 0..=rng.below(2) {
            text = mutate_text(&mut rng, &text);
        }
        let _ = sniff::sniff(std::path::Path::new(name), text.as_bytes());
        let mut sink = |_| Ok(());
        let result = match round % samples.len() {
            0 => har::import(text.as_bytes(), &mut sink),
            1 => curl::import(&text, &dir, &mut sink),
            2 => http_file::import(&text, &dir, &mut sink),
            3 => postman::import(text.as_bytes(), &mut sink),
            4 => webhook_site::import(text.as_bytes(), &mut sink),
            _ => stripe_cli::import(&text, &mut sink),
        };
        match result {
            Ok(_) => imported += 1,
            Err(_) => refused += 1,
        }
    }
    assert!(imported > 0 && refused > 0, "the mutations explore both sides: {imported} imported, {refused} refused");
}

/// One edit up to `depth` levels inside a JSON value: a member or item replaced by another kind
/// of value, or removed.
fn mutate_json(rng: &mut Rng, node: &mut serde_json::Value, depth: usize) {
    use serde_json::Value;
    if depth > 0 && rng.below(4) > 0 {
        match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(rng.below(map.len())).cloned().unwrap();
                return mutate_json(rng, map.get_mut(&key).unwrap(), depth - 1);
            }
            Value::Array(items) if !items.is_empty() => {
                let i = rng.below(items.len());
                return mutate_json(rng, &mut items[i], depth - 1);
            }
            _ => {}
        }
    }
    let replacements = [
        Value::Null,
        serde_json::json!(0),
        serde_json::json!(-1.5),
        serde_json::json!(""),
        serde_json::json!("\u{1b}[2J"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!(true),
    ];
    match node {
        Value::Object(map) if !map.is_empty() && rng.below(2) == 0 => {
            let key = map.keys().nth(rng.below(map.len())).cloned().unwrap();
            map.remove(&key);
        }
        _ => *node = rng.pick(&replacements).clone(),
    }
}

#[test]
fn mutated_bodies_get_a_schema_verdict_whose_pointers_are_in_the_body() {
    let spec = whk::spec::Spec::load(&crate::support::repo().join("fixtures/specs/github-webhooks.json")).unwrap();
    let mut rng = Rng(0x5EED_5BEC_0000_0001);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..1500 {
        let webhook = rng.pick(spec.webhooks());
        let mut json = spec.body_for(webhook).unwrap();
        for _ in 0..=rng.below(3) {
            mutate_json(&mut rng, &mut json, 6);
        }
        let mut body = serde_json::to_vec(&json).unwrap();
        if rng.below(8) == 0 {
            mutate_body(&mut rng, &mut body);
        }
        let parsed = serde_json::from_slice::<serde_json::Value>(&body).ok();
        let verdict = spec.check(Some(&webhook.event), parsed.as_ref());
        seen.insert(verdict.result.clone());
        for error in &verdict.errors {
            let there = match &parsed {
                Some(json) => error.pointer.is_empty() || json.pointer(&error.pointer).is_some(),
                None => error.pointer.is_empty(),
            };
            assert!(there, "{} is not in the body: {}", error.pointer, String::from_utf8_lossy(&body));
            assert!(!error.message.contains('\u{1b}'), "messages are escaped: {:?}", error.message);
        }
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["invalid", "no schema", "valid"]);
}
