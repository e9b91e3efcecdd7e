use std::process::Output;

use crate::support::{fails_with, stderr, stdout, temp, whk, write};

const GH_SECRET: &str = "It's a Secret to Everybody";
const GH_SIG: &str = "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

/// `whk verify` with the given arguments, body on stdin and the secret in $S.
fn verify(args: &[&str], body: &[u8], secret: &str) -> Output {
    let dir = temp();
    whk(dir.path())
        .arg("verify")
        .args(args)
        .args(["--secret-env", "S"])
        .env("S", secret)
        .write_stdin(body.to_vec())
        .output()
        .unwrap()
}

fn assert_cause(output: &Output, cause: &str) {
    assert_eq!(output.status.code(), Some(1), "{}", stdout(output));
    let text = stdout(output);
    assert!(text.contains(&format!("likely cause: {cause}")), "wanted cause {cause:?} in:\n{text}");
    assert!(!text.contains(GH_SECRET), "never print the secret");
}

#[test]
fn valid_signature_names_the_secret_that_matched() {
    let output = verify(&["-H", GH_SIG], b"Hello, World!", GH_SECRET);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "✔ valid github: signature matches the secret from --secret-env S\n");
}

#[test]
fn rotation_reports_which_secret_matched() {
    let dir = temp();
    let output = whk(dir.path())
        .args(["verify", "-H", GH_SIG, "--secret-env", "OLD", "--secret-env", "NEW", "--json"])
        .env("OLD", "old")
        .env("NEW", GH_SECRET)
        .write_stdin("Hello, World!")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (v["verdict"].as_str(), v["secret"].as_str(), v["secret_index"].as_u64()),
        (Some("valid"), Some("--secret-env NEW"), Some(1))
    );
}

#[test]
fn diagnoses_a_trailing_newline_gained_or_lost() {
    assert_cause(&verify(&["-H", GH_SIG], b"Hello, World!\n", GH_SECRET), "the body gained a trailing newline");
    let header = github_header(b"k", b"line\n");
    assert_cause(&verify(&["-H", &header], b"line", "k"), "the body lost a trailing newline");
}

fn github_header(secret: &[u8], body: &[u8]) -> String {
    let mac =
        whk::scheme::Recipe::body(whk::scheme::Algorithm::Sha256).mac_of(whk::scheme::Algorithm::Sha256, secret, body);
    format!("X-Hub-Signature-256: sha256={}", hex::encode(mac))
}

#[test]
fn diagnoses_line_ending_changes() {
    let header = github_header(b"k", b"a\nb\n");
    assert_cause(&verify(&["-H", &header], b"a\r\nb\r\n", "k"), "line endings changed from LF to CRLF");
    let header = github_header(b"k", b"a\r\nb\r\n");
    assert_cause(&verify(&["-H", &header], b"a\nb\n", "k"), "line endings changed from CRLF to LF");
}

#[test]
fn diagnoses_json_reserialisation() {
    let sent = r#"{"event_type": "product.created", "data": {"title": "\u0427\u0430\u0439\u043d\u0438\u043a"}}"#;
    let header = github_header(b"k", sent.as_bytes());
    let received = r#"{"event_type":"product.created","data":{"title":"Чайник"}}"#;
    assert_cause(
        &verify(&["-H", &header], received.as_bytes(), "k"),
        "the body was re-serialised as JSON after signing (the signature matches its Python json.dumps form)",
    );
}

#[test]
fn diagnoses_secret_whitespace() {
    let header = github_header(b"k", b"{}");
    let output = verify(&["-H", &header], b"{}", " k\n");
    assert_cause(&output, "the secret from --secret-env S has surrounding whitespace");
}

#[test]
fn diagnoses_whsec_prefix_handled_the_wrong_way() {
    // Signed Stripe-style (whole whsec_ string as key), checked as Standard Webhooks.
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let mac = whk::scheme::Recipe::prefixed(whk::scheme::Algorithm::Sha256, "m1.1700000000.").mac_of(
        whk::scheme::Algorithm::Sha256,
        secret.as_bytes(),
        b"{}",
    );
    let sig = format!("webhook-signature: v1,{}", whk::scheme::encode_base64(&mac));
    let output = verify(
        &["-H", "webhook-id: m1", "-H", "webhook-timestamp: 1700000000", "-H", &sig, "--now", "1700000000"],
        b"{}",
        secret,
    );
    assert_cause(&output, "the signature was made with the whole whsec_… string as the key (Stripe's way)");
}

#[test]
fn diagnoses_hex_versus_base64() {
    let mac =
        whk::scheme::Recipe::body(whk::scheme::Algorithm::Sha256).mac_of(whk::scheme::Algorithm::Sha256, b"k", b"{}");
    let header = format!("X-Shopify-Hmac-Sha256: {}", hex::encode(mac));
    let output = verify(
        &[
            "-H",
            &header,
            "-H",
            "X-Shopify-Topic: t",
            "-H",
            "X-Shopify-Shop-Domain: d",
            "-H",
            "X-Shopify-API-Version: v",
            "-H",
            "X-Shopify-Webhook-Id: i",
        ],
        b"{}",
        "k",
    );
    assert_cause(&output, "the signature is hex but X-Shopify-Hmac-Sha256 must be base64");
}

#[test]
fn diagnoses_the_wrong_algorithm_and_a_sha1_header() {
    let mac = whk::scheme::Recipe::body(whk::scheme::Algorithm::Sha1).mac_of(whk::scheme::Algorithm::Sha1, b"k", b"{}");
    let header = format!("X-Hub-Signature-256: sha256={}", hex::encode(mac));
    assert_cause(
        &verify(&["-H", &header], b"{}", "k"),
        "the signature is an HMAC-SHA1 digest, but X-Hub-Signature-256 carries HMAC-SHA256 (a sha1 header",
    );
    let unrelated = format!("X-Hub-Signature-256: sha256={}", "ab".repeat(20));
    assert_cause(
        &verify(&["-H", &unrelated], b"{}", "k"),
        "the signature is 20 bytes, the size of an HMAC-SHA1 digest",
    );
}

#[test]
fn mismatch_without_a_known_cause_says_so_and_hides_the_expected_signature() {
    let header = github_header(b"other", b"{}");
    let output = verify(&["-H", &header], b"{}", "k");
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.starts_with("✘ invalid github: signature in X-Hub-Signature-256 does not match the body\n  hint: none of the usual causes fit"), "{text}");
    assert!(!text.contains(&github_header(b"k", b"{}")[21..]), "expected signature only with --show-expected");
    let shown = verify(&["-H", &header, "--show-expected"], b"{}", "k");
    assert!(stdout(&shown).contains(&format!("  expected: {}", &github_header(b"k", b"{}")[21..])));
}

#[test]
fn timestamp_failures_say_how_far_and_which_way() {
    let stripe = "Stripe-Signature: t=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990";
    let body = br#"{"id":"evt_test_webhook","object":"event"}"#;
    let old = verify(&["-H", stripe, "--now", "1700000420"], body, "whsec_test_secret");
    assert_eq!(old.status.code(), Some(1));
    assert_eq!(
        stdout(&old),
        "✘ invalid stripe: timestamp 1700000000 is 7 min (420s) in the past, outside the 300s tolerance (now 1700000420)\n  hint: an old capture or a replayed request? --tolerance 0 skips the age check, --now UNIX checks it as of then\n"
    );
    let unprefixed = verify(&["-H", stripe, "--now", "1700000000"], body, "test_secret");
    assert_eq!(unprefixed.status.code(), Some(1));
    assert!(
        stdout(&unprefixed).contains("likely cause: the secret from --secret-env S lacks its whsec_ prefix"),
        "{}",
        stdout(&unprefixed)
    );
    let ancient = verify(&["-H", stripe, "--now", "1854762856"], body, "whsec_test_secret");
    assert!(stdout(&ancient).contains("is 4 years (154762856s) in the past"), "{}", stdout(&ancient));
    let skipped = verify(&["-H", stripe, "--now", "1854762856", "--tolerance", "0"], body, "whsec_test_secret");
    assert_eq!(skipped.status.code(), Some(0), "the hint's way out works: {}", stdout(&skipped));
    let future = verify(&["-H", stripe, "--now", "1699990000"], body, "whsec_test_secret");
    assert_eq!(future.status.code(), Some(0), "Stripe's SDKs accept future timestamps");
    let loose = verify(&["-H", stripe, "--now", "1700000420", "--tolerance", "10m"], body, "whsec_test_secret");
    assert_eq!(loose.status.code(), Some(0));

    let slack =
        ["-H", "X-Slack-Request-Timestamp: 1700000500", "-H", "X-Slack-Signature: v0=00", "--now", "1700000000"];
    let ahead = verify(&slack, b"", "s");
    assert_eq!(
        stdout(&ahead),
        "✘ invalid slack: timestamp 1700000500 is 8 min (500s) in the future, outside the 300s tolerance (now 1700000000)\n  hint: the sender's clock runs ahead of this one? --tolerance 0 skips the age check, --now UNIX checks it as of then\n"
    );
    let json = verify(&[&slack[..], &["--json"]].concat(), b"", "s");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["reason"], "timestamp");
    assert_eq!(v["timestamp"]["skew"], -500);
}

#[test]
fn missing_and_malformed_headers_are_verdicts() {
    let missing = verify(&["-p", "github"], b"{}", "k");
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(stdout(&missing), "✘ invalid github: missing header X-Hub-Signature-256\n");
    let malformed = verify(&["-H", "X-Hub-Signature-256: md5=abc"], b"{}", "k");
    assert_eq!(malformed.status.code(), Some(1));
    assert_eq!(
        stdout(&malformed),
        "✘ invalid github: malformed X-Hub-Signature-256 header: expected sha256=<hex>, got \"md5=abc\"\n"
    );
    let stripe = verify(&["-H", "Stripe-Signature: t=soon,v1=ab"], b"{}", "whsec_x");
    assert_eq!(
        stdout(&stripe),
        "✘ invalid stripe: malformed Stripe-Signature header: \"soon\" is not a Unix timestamp in seconds\n"
    );
}

#[test]
fn unsigned_requests_pass_unless_a_signature_is_required() {
    let dir = temp();
    let body = "call_id=call_12345&caller=%2B79843330712&direction=in&status=answered";
    let unsigned = whk(dir.path()).args(["verify", "-p", "novofon"]).write_stdin(body).output().unwrap();
    assert_eq!(unsigned.status.code(), Some(0), "{}", stderr(&unsigned));
    assert!(stdout(&unsigned).starts_with("○ unsigned novofon: no Signature header"));
    let required = whk(dir.path())
        .args(["verify", "-p", "novofon", "--require-signature", "--json"])
        .write_stdin(body)
        .output()
        .unwrap();
    assert_eq!(required.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&required.stdout).unwrap();
    assert_eq!((v["verdict"].as_str(), v["required"].as_bool()), (Some("unsigned"), Some(true)));
    let pulse = whk(dir.path()).args(["verify", "-p", "pulse"]).write_stdin("{}").output().unwrap();
    assert_eq!(pulse.status.code(), Some(0));
    assert!(stdout(&pulse).starts_with("○ unsigned pulse: Pulse sends no signature"));
}

#[test]
fn provider_is_detected_from_headers_and_ambiguity_is_an_error() {
    let detected = verify(&["-H", GH_SIG], b"Hello, World!", GH_SECRET);
    assert!(stdout(&detected).starts_with("✔ valid github"));
    let both = verify(&["-H", GH_SIG, "-H", "Stripe-Signature: t=1,v1=00"], b"Hello, World!", GH_SECRET);
    assert_eq!(both.status.code(), Some(3));
    assert_eq!(
        stderr(&both),
        "error: these headers fit several providers: github, stripe\nhint: pass --provider with the one that sent it\n"
    );
    let none = verify(&["-H", "X-Nothing: 1"], b"{}", "k");
    fails_with(&none, 3, "error: no known provider's signature in this request\n");
}

/// Mailgun signs in the body, so a request no header claims is recognised by its body.
#[test]
fn a_body_signed_provider_is_detected_from_the_body() {
    let dir = temp();
    let signed = whk(dir.path())
        .args(["sign", "mailgun", "-d", r#"{"event":"delivered"}"#, "--secret-env", "S", "--format", "http"])
        .args(["--timestamp", "1700000000", "--id", "token-1"])
        .env("S", "mailgun-key")
        .output()
        .unwrap();
    assert_eq!(signed.status.code(), Some(0), "{}", stderr(&signed));
    let verified = verify(&["--raw", "--now", "1700000000"], &signed.stdout, "mailgun-key");
    assert_eq!(verified.status.code(), Some(0), "{}", stderr(&verified));
    assert!(stdout(&verified).starts_with("✔ valid mailgun"), "{}", stdout(&verified));
}

#[test]
fn raw_request_from_a_file() {
    let dir = temp();
    let raw = format!("POST /payload HTTP/1.1\r\nHost: x\r\n{GH_SIG}\r\nContent-Length: 13\r\n\r\nHello, World!");
    let file = write(dir.path(), "req.http", raw);
    let output =
        whk(dir.path()).args(["verify", "--raw", "--secret-env", "S"]).arg(&file).env("S", GH_SECRET).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let broken = write(dir.path(), "bad.http", "not a request");
    let bad =
        whk(dir.path()).args(["verify", "--raw", "--secret-env", "S"]).arg(&broken).env("S", "k").output().unwrap();
    fails_with(&bad, 3, "error: the raw request is malformed: no blank line after the headers\nhint: ");
}

#[test]
fn secrets_never_appear_in_any_output() {
    let secret = "whsec_c3VwZXItc2VjcmV0LXZhbHVlLTEyMzQ1Njc4OTA=";
    for args in [
        vec!["-v", "-H", "Stripe-Signature: t=1700000000,v1=00", "--now", "1700000000", "--show-expected"],
        vec!["-v", "--json", "-H", "Stripe-Signature: t=1700000000,v1=00"],
        vec![
            "-v",
            "-p",
            "standard-webhooks",
            "-H",
            "webhook-id: a",
            "-H",
            "webhook-timestamp: 1",
            "-H",
            "webhook-signature: v1,AA==",
            "--now",
            "1",
        ],
    ] {
        let output = verify(&args, b"{}", secret);
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert!(!all.contains(secret) && !all.contains("c3VwZXItc2VjcmV0"), "{all}");
    }
}

#[test]
fn untrusted_header_text_is_sanitised() {
    let output = verify(&["-H", "X-Hub-Signature-256: \u{1b}[31mred\u{7}"], b"{}", "k");
    let text = stdout(&output);
    assert!(!text.contains('\u{1b}') && text.contains("\\x1b[31mred\\x07"), "{text}");
}

#[test]
fn colour_follows_flag_and_environment() {
    let dir = temp();
    let run = |args: &[&str], env: Option<(&str, &str)>| {
        let mut cmd = whk(dir.path());
        cmd.args(["verify", "-H", GH_SIG, "--secret-env", "S"])
            .args(args)
            .env("S", GH_SECRET)
            .write_stdin("Hello, World!");
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        stdout(&cmd.output().unwrap())
    };
    assert!(!run(&[], None).contains('\u{1b}'), "no colour off a TTY");
    assert!(run(&["--color", "always"], None).contains("\u{1b}["));
    assert!(run(&[], Some(("FORCE_COLOR", "1"))).contains("\u{1b}["));
    assert!(!run(&["--color", "auto"], Some(("NO_COLOR", "1"))).contains('\u{1b}'));
    assert!(!run(&["--color", "never"], Some(("FORCE_COLOR", "1"))).contains('\u{1b}'));
}

#[test]
fn quiet_prints_nothing_but_keeps_the_exit_code() {
    let output = verify(&["-q", "-H", GH_SIG], b"tampered", GH_SECRET);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
}

#[test]
fn verifies_a_saved_capture() {
    let dir = temp();
    let samples = crate::support::repo().join("fixtures/captures");
    let github = std::fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-github.json"))
        .unwrap();
    let verify_with = |secret: &str| {
        whk(dir.path()).args(["verify", "--capture"]).arg(&github).args(["--secret-env", "S"]).env("S", secret).output()
    };
    let ok = verify_with("sample-github").unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).starts_with("✔ valid github"));
    let wrong = verify_with("nope").unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    write(dir.path(), "broken.json", "{}");
    let bad = whk(dir.path())
        .args(["verify", "--capture", "broken.json", "--secret-env", "S"])
        .env("S", "k")
        .output()
        .unwrap();
    fails_with(&bad, 3, "error: broken.json is not a whk capture: ");
}

/// A capture is read within bounds: a header line longer than any listener takes is refused
/// briefly, naming its size, not echoed.
#[test]
fn a_capture_with_an_absurd_header_is_refused_briefly() {
    let dir = temp();
    let capture = format!(
        r#"{{"whk_capture":1,"received_at":"2026-11-22T23:30:00.000Z","method":"POST","path":"/","headers":["X-Big: {}"],"body":"{{}}"}}"#,
        "a".repeat(2 << 20)
    );
    write(dir.path(), "big.json", capture);
    let out =
        whk(dir.path()).args(["verify", "--capture", "big.json", "-p", "github", "--secret", "k"]).output().unwrap();
    fails_with(&out, 3, "error: ");
    assert!(stderr(&out).contains("a header line of 2097159 bytes"), "{}", stderr(&out));
    assert!(stderr(&out).len() < 1000, "the line is not echoed: {} bytes", stderr(&out).len());
}

#[test]
fn the_provider_may_be_the_first_word_or_a_flag_in_sign_and_verify() {
    let dir = temp();
    write(dir.path(), "body.json", "Hello, World!");
    write(dir.path(), "github", "a body file named like a provider");
    let run = |args: &[&str]| whk(dir.path()).args(args).env("S", GH_SECRET).output().unwrap();
    let signed = |args: &[&str]| {
        let output = run(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        stdout(&output).lines().find(|l| l.starts_with("X-Hub-Signature-256")).map(str::to_string).unwrap()
    };
    let first_word = signed(&["sign", "github", "body.json", "--secret-env", "S"]);
    assert_eq!(first_word, GH_SIG);
    assert_eq!(signed(&["sign", "-p", "github", "body.json", "--secret-env", "S"]), GH_SIG);
    assert_eq!(signed(&["sign", "body.json", "--provider", "github", "--secret-env", "S"]), GH_SIG);

    for args in [
        &["verify", "github", "body.json"][..],
        &["verify", "body.json"],
        &["verify", "-p", "github", "body.json"],
        &["verify", "GitHub", "-d", "Hello, World!"],
    ] {
        let output = run(&[args, &["-H", GH_SIG, "--secret-env", "S"]].concat());
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
    }
    // With -p, a word that names a provider is the body file: `./github` here, whose bytes differ.
    let output = run(&["verify", "-p", "github", "github", "-H", GH_SIG, "--secret-env", "S"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));

    fails_with(
        &run(&["sign", "body.json", "--secret-env", "S"]),
        2,
        "error: invalid value 'body.json' for '[PROVIDER]'",
    );
    fails_with(&run(&["sign", "--secret-env", "S", "-d", "x"]), 2, "error: whk sign needs a provider\nhint:");
    fails_with(&run(&["verify", "nope", "body.json"]), 2, "error: invalid value 'nope'");
    fails_with(&run(&["verify", "-p", "github", "a", "body.json"]), 2, "error: unexpected \"a\"");
}
