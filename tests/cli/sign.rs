use whk::scheme::REGISTRY;

use crate::support::{stderr, stdout, temp, whk, write};

const GH_SECRET: &str = "It's a Secret to Everybody";

#[test]
fn signs_githubs_docs_example_exactly() {
    let dir = temp();
    let body = write(dir.path(), "body.txt", "Hello, World!");
    let output = whk(dir.path())
        .args(["sign", "github", "--secret-env", "GH", "--id", "d-1", "--event", "push"])
        .arg(&body)
        .env("GH", GH_SECRET)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "X-GitHub-Delivery: d-1\nX-Hub-Signature: sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59\n\
         X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n\
         User-Agent: GitHub-Hookshot/whk\nContent-Type: application/json\nX-GitHub-Event: push\n"
    );
    assert_eq!(stderr(&output), "", "no warning for --secret-env");
}

#[test]
fn body_from_data_stdin_and_file_sign_the_same_bytes() {
    let dir = temp();
    let body = "{\"a\":\"Привет 👋\"}\n";
    let file = write(dir.path(), "b.json", body);
    let sign = |extra: &[&str], stdin: &str| {
        let out = whk(dir.path())
            .args(["sign", "bakai", "--secret-env", "S"])
            .args(extra)
            .env("S", "k")
            .write_stdin(stdin)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let from_file = sign(&[file.to_str().unwrap()], "");
    assert_eq!(sign(&["-d", body], ""), from_file);
    assert_eq!(sign(&[], body), from_file);
    assert_eq!(sign(&["-"], body), from_file);
}

#[test]
fn json_format_is_parseable_and_ordered() {
    let dir = temp();
    let output = whk(dir.path())
        .args([
            "sign",
            "stripe",
            "--json",
            "--secret-env",
            "S",
            "--timestamp",
            "1700000000",
            "-d",
            r#"{"id":"evt_test_webhook","object":"event"}"#,
        ])
        .env("S", "whsec_test_secret")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["provider"], "stripe");
    assert_eq!(value["timestamp"], 1700000000);
    let last = value["headers"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["name"], "Stripe-Signature");
    assert_eq!(last["value"], "t=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990");
}

#[test]
fn several_secrets_give_several_signatures_where_the_scheme_allows() {
    let dir = temp();
    let output = whk(dir.path())
        .args(["sign", "stripe", "--secret-env", "A", "--secret-env", "B", "--timestamp", "1700000000", "-d", "{}"])
        .env("A", "whsec_a")
        .env("B", "whsec_b")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output).matches(",v1=").count(), 2);

    let single = whk(dir.path())
        .args(["sign", "github", "--secret-env", "A", "--secret-env", "B", "-d", "{}"])
        .env("A", "a")
        .env("B", "b")
        .output()
        .unwrap();
    assert_eq!(single.status.code(), Some(2));
    assert_eq!(stderr(&single), "error: github sends one signature, but 2 secrets were given\nhint: pass one secret to sign; several are for verify (rotation)\n");
}

#[test]
fn curl_format_sends_the_file_bytes_exactly() {
    let dir = temp();
    let body = write(dir.path(), "event body.json", "{\"x\":1}\n");
    let output = whk(dir.path())
        .args([
            "sign",
            "slack",
            "--secret-env",
            "S",
            "--timestamp",
            "1531420618",
            "--format",
            "curl",
            "--url",
            "http://127.0.0.1:9/hooks?a=1&b=2",
        ])
        .arg(&body)
        .env("S", "secret")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let curl = stdout(&output);
    assert!(curl.starts_with("curl -sS -X POST 'http://127.0.0.1:9/hooks?a=1&b=2'"), "{curl}");
    assert!(curl.contains("-H 'X-Slack-Request-Timestamp: 1531420618'"), "{curl}");
    assert!(curl.contains("-H 'Content-Type: application/json'"), "JSON bodies get a content type: {curl}");
    assert!(curl.trim_end().ends_with(&format!("--data-binary '@{}'", body.display())), "{curl}");
}

#[test]
fn http_format_round_trips_through_verify_raw_for_every_provider() {
    let dir = temp();
    let url = "http://127.0.0.1:8080/in?x=1";
    for scheme in REGISTRY {
        let body = write(dir.path(), "body", scheme.example_body());
        let signed = whk(dir.path())
            .args([
                "sign",
                scheme.name(),
                "--format",
                "http",
                "--secret-env",
                "S",
                "--url",
                url,
                "--timestamp",
                "1700000000",
            ])
            .arg(&body)
            .env("S", scheme.example_secret())
            .output()
            .unwrap();
        assert_eq!(signed.status.code(), Some(0), "{}: {}", scheme.name(), stderr(&signed));
        let request = whk::http::parse_request(&signed.stdout).unwrap();
        assert_eq!(request.method, "POST");
        assert!(request.target.starts_with("/in?x=1"), "{}: {}", scheme.name(), request.target);
        assert_eq!(request.headers.get("Host"), Some("127.0.0.1:8080"));
        if scheme.name() == "gitlab" {
            continue; // its token is the secret, printed redacted: see gitlab_token_is_never_printed
        }
        if scheme.name() != "mailgun" {
            assert_eq!(request.body, scheme.example_body(), "{}: body bytes kept", scheme.name());
        }
        // The receiver checks against the URL it was called at (Twilio appends bodySHA256 to JSON).
        let called = format!("http://127.0.0.1:8080{}", request.target);
        let key = scheme.example_public_key().unwrap_or(scheme.example_secret());
        let verified = whk(dir.path())
            .args([
                "verify",
                "--raw",
                "-p",
                scheme.name(),
                "--secret-env",
                "S",
                "--url",
                &called,
                "--now",
                "1700000000",
            ])
            .env("S", key)
            .write_stdin(signed.stdout)
            .output()
            .unwrap();
        assert_eq!(verified.status.code(), Some(0), "{}: {}", scheme.name(), stdout(&verified));
        assert!(stdout(&verified).starts_with("✔ valid"), "{}", stdout(&verified));
    }
}

#[test]
fn pyannote_signs_hex_by_default_and_base64_on_request() {
    let dir = temp();
    let body = r#"{"jobId": "test", "status": "succeeded", "output": {}}"#;
    let sign = |extra: &[&str]| {
        let out = whk(dir.path())
            .args(["sign", "pyannote", "--secret-env", "S", "--timestamp", "1640995200", "-d", body])
            .args(extra)
            .env("S", "whs_95db6ebca6fc447cafbc90594601555e")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        stdout(&out)
    };
    assert!(sign(&[]).contains("X-Signature: 556066cbac939ef2f2a0b4e556ad2a4dc67ad39f627943d95178cc46174610ce\n"));
    assert!(sign(&["--encoding", "base64"]).contains("X-Signature: VWBmy6yTnvLyoLTlVq0qTcZ6059ieUPZUXjMRhdGEM4=\n"));
}

#[test]
fn medilab_takes_event_id_and_attempt_from_the_envelope_and_signs_only_with_a_secret() {
    let dir = temp();
    let envelope = r#"{"event_type":"visit.completed","event_data":{},"webhook_id":"w-1","timestamp":"2024-01-15T10:30:05Z","attempt":3}"#;
    let unsigned = whk(dir.path()).args(["sign", "medilab", "-d", envelope]).output().unwrap();
    assert_eq!(unsigned.status.code(), Some(0), "{}", stderr(&unsigned));
    assert_eq!(
        stdout(&unsigned),
        "Content-Type: application/json\nUser-Agent: MediLab-Webhook/1.0\nX-Webhook-Event: visit.completed\nX-Webhook-ID: w-1\nX-Webhook-Attempt: 3\n"
    );
    let signed =
        whk(dir.path()).args(["sign", "medilab", "--secret-env", "S", "-d", envelope]).env("S", "k").output().unwrap();
    assert!(stdout(&signed).lines().last().unwrap().starts_with("X-Webhook-Signature: sha256="));
}

#[test]
fn generic_hmac_flags_shape_the_signature() {
    let dir = temp();
    let output = whk(dir.path())
        .args([
            "sign",
            "hmac",
            "--secret-env",
            "S",
            "--signature-header",
            "X-Sig",
            "--algorithm",
            "sha512",
            "--encoding",
            "base64",
            "--prefix",
            "",
        ])
        .args(["--signed", "{ts}.{body}", "--timestamp", "1700000000", "-d", "hi"])
        .env("S", "k")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("X-Webhook-Timestamp: 1700000000\nX-Sig: "), "{text}");
    assert_eq!(text.lines().nth(1).unwrap().len(), "X-Sig: ".len() + 88, "base64 of 64 bytes");

    let bad = whk(dir.path())
        .args(["sign", "hmac", "--secret-env", "S", "--signed", "{nonce}{body}", "-d", "x"])
        .env("S", "k")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).starts_with("error: --signed \"{nonce}{body}\" has an unknown placeholder {nonce}\nhint: "),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn novofon_refuses_to_sign_the_unsigned_seed_notification() {
    let dir = temp();
    let output = whk(dir.path())
        .args(["sign", "novofon", "--secret-env", "S", "-d", "call_id=1&caller=%2B7"])
        .env("S", "k")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        stderr(&output).lines().next().unwrap(),
        "error: cannot sign as novofon: the form body has no event field (NOTIFY_START … NOTIFY_RECORD)"
    );
}

#[test]
fn control_characters_never_reach_a_header() {
    let dir = temp();
    let output = whk(dir.path())
        .args(["sign", "github", "--secret-env", "S", "--event", "push\r\nX-Evil: 1", "-d", "{}"])
        .env("S", "k")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        stderr(&output).lines().next().unwrap(),
        "error: the X-GitHub-Event header would contain a control character"
    );
    assert_eq!(stdout(&output), "", "nothing half-written");
}

#[test]
fn gitlab_token_is_never_printed_and_curl_reads_it_from_the_environment() {
    let dir = temp();
    let output = whk(dir.path())
        .args(["sign", "gitlab", "--secret-env", "GL_TOKEN", "-d", "{}", "--format", "curl"])
        .env("GL_TOKEN", "glwht-s3cr3t")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let curl = stdout(&output);
    assert!(!curl.contains("glwht-s3cr3t"), "{curl}");
    assert!(curl.contains(r#"-H "X-Gitlab-Token: ${GL_TOKEN}""#), "{curl}");
    assert_eq!(stderr(&output), "warning: X-Gitlab-Token carries the secret itself; it is shown redacted\n");
    let headers = whk(dir.path())
        .args(["sign", "gitlab", "--secret-env", "GL_TOKEN", "-d", "{}"])
        .env("GL_TOKEN", "glwht-s3cr3t")
        .output()
        .unwrap();
    assert!(stdout(&headers).contains("X-Gitlab-Token: [redacted: the secret from --secret-env GL_TOKEN]\n"));
}

#[test]
fn url_signing_schemes_require_url() {
    let dir = temp();
    for provider in ["twilio", "square", "hubspot"] {
        let out =
            whk(dir.path()).args(["sign", provider, "--secret-env", "S", "-d", "a=1"]).env("S", "k").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{provider}");
        assert_eq!(
            stderr(&out),
            format!("error: {provider} signs the URL it posts to, and no --url was given\nhint: pass --url with the URL exactly as configured at the provider, e.g. --url https://example.com/webhooks\n")
        );
    }
}

#[test]
fn standard_webhooks_signs_v1_and_v1a_in_one_list_and_verifies_either() {
    let dir = temp();
    let whsk = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
    let whpk = "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=";
    let whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let signed = whk(dir.path())
        .args(["sign", "standard-webhooks", "--secret-env", "A", "--secret-env", "B", "--format", "http", "-d", "{}"])
        .env("A", whsec)
        .env("B", whsk)
        .output()
        .unwrap();
    assert_eq!(signed.status.code(), Some(0), "{}", stderr(&signed));
    let request = whk::http::parse_request(&signed.stdout).unwrap();
    let list = request.headers.get("webhook-signature").unwrap().to_string();
    assert!(list.starts_with("v1,") && list.contains(" v1a,"), "{list}");
    for (key, note) in [(whpk, "v1a (Ed25519) signature"), (whsec, "")] {
        let verified = whk(dir.path())
            .args(["verify", "--raw", "--secret-env", "K"])
            .env("K", key)
            .write_stdin(signed.stdout.clone())
            .output()
            .unwrap();
        assert_eq!(verified.status.code(), Some(0), "{}", stdout(&verified));
        assert!(
            stdout(&verified).trim_end().ends_with(if note.is_empty() { "--secret-env K" } else { note }),
            "{}",
            stdout(&verified)
        );
    }
}

#[test]
fn a_large_body_signs_within_bounded_memory_from_a_file_or_a_pipe() {
    // 48 MiB under a 64 MB address-space limit (whk itself maps about 40 MB, debug build):
    // only a body that is streamed (a file) or spooled (a pipe) fits; reading either into
    // memory fails.
    let dir = temp();
    let body: Vec<u8> = (0..48u32 << 20).map(|i| (i % 251) as u8).collect();
    let file = write(dir.path(), "large.bin", &body);
    let sign = |limit: Option<u32>, stdin: bool, extra: &[&str]| {
        let mut command = std::process::Command::new("sh");
        let script = match limit {
            Some(kib) => format!(r#"ulimit -v {kib}; exec "$0" "$@""#),
            None => r#"exec "$0" "$@""#.to_string(),
        };
        command.args(["-c", &script, env!("CARGO_BIN_EXE_whk"), "sign", "github", "--secret-env", "S", "--id", "d"]);
        command.args(extra).current_dir(dir.path()).env("S", "k");
        if !stdin {
            command.arg(&file);
        }
        let mut child = command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stdin.take().unwrap();
        let feeder = stdin.then(|| {
            let body = body.clone();
            std::thread::spawn(move || std::io::Write::write_all(&mut pipe, &body).unwrap())
        });
        let output = child.wait_with_output().unwrap();
        if let Some(feeder) = feeder {
            feeder.join().unwrap();
        }
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        (stdout(&output), stderr(&output))
    };
    let (unlimited, _) = sign(None, false, &[]);
    assert!(unlimited.contains("X-Hub-Signature-256: sha256="));
    assert_eq!(sign(Some(64_000), false, &[]).0, unlimited, "a file is streamed");
    assert_eq!(sign(Some(64_000), true, &[]).0, unlimited, "a pipe is spooled");
    let (curl, warning) = sign(None, true, &["--format", "curl"]);
    assert!(curl.ends_with("--data-binary @-\n"), "curl reads a spooled body from its own stdin: {curl}");
    assert_eq!(warning, "warning: the body came from stdin: pipe the same bytes into this curl command's stdin\n");
}

#[test]
fn a_large_piped_body_is_held_in_memory_where_no_unnamed_file_can_be_made() {
    let dir = temp();
    let body: Vec<u8> = (0..9u32 << 20).map(|i| (i % 251) as u8).collect();
    let file = write(dir.path(), "large.bin", &body);
    let sign = |stdin: Vec<u8>, env: (&str, &str)| {
        whk(dir.path())
            .args(["-v", "sign", "bakai", "--secret-env", "S"])
            .env("S", "k")
            .env(env.0, env.1)
            .write_stdin(stdin)
            .output()
            .unwrap()
    };
    let from_file =
        whk(dir.path()).args(["sign", "bakai", "--secret-env", "S"]).arg(&file).env("S", "k").output().unwrap();
    let spooled = sign(body.clone(), ("TMPDIR", dir.path().to_str().unwrap()));
    assert!(stderr(&spooled).contains("whk: spooled the body from stdin to an unnamed temporary file\n"));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["large.bin"], "the spool leaves nothing behind");
    let missing = dir.path().join("missing");
    let held = sign(body, ("TMPDIR", missing.to_str().unwrap()));
    assert_eq!(held.status.code(), Some(0), "{}", stderr(&held));
    let note = format!("whk: no unnamed file can be made in {}: holding the body in memory\n", missing.display());
    assert!(stderr(&held).contains(&note), "{}", stderr(&held));
    assert_eq!(stdout(&spooled), stdout(&from_file));
    assert_eq!(stdout(&held), stdout(&from_file));
}

#[test]
fn provider_names_match_in_any_case_as_everywhere_else() {
    let dir = temp();
    let sign = |provider: &str| {
        let out =
            whk(dir.path()).args(["sign", provider, "--secret-env", "S", "-d", "{}"]).env("S", "k").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    assert_eq!(sign("BakaiMarket"), sign("bakai"), "an alias, in another case");
    assert_eq!(sign("BAKAI"), sign("bakai"));
}
