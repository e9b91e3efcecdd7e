//! `whk export`, `whk import` and `whk capture show`: captures out to the formats other tools
//! read and back, fed files in each producer's own shape, and refused when they are not.

use std::path::{Path, PathBuf};

use whk::fixture::{Capture, CapturedBody};

use crate::support::{captures, fails_with, repo, stderr, stdout, temp, whk, write, Reply, TestServer};

/// The sample captures plus the shapes that are hard to carry: a binary body, repeated and
/// interleaved headers, an odd query, a credential, a body with no trailing line break and one
/// with CRLFs.
fn samples(dir: &Path) -> PathBuf {
    let samples = dir.join("samples");
    std::fs::create_dir(&samples).unwrap();
    let fixtures = repo().join("fixtures/captures");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            std::fs::copy(&path, samples.join(path.file_name().unwrap())).unwrap();
        }
    }
    let mut odd = Capture::load(&samples.join("000004-20261122T235303.389Z-github.json")).unwrap();
    odd.headers =
        [("Host", "hooks.example:8443"), ("X-A", "1"), ("X-B", "2"), ("X-A", "3"), ("Authorization", "Bearer tok")]
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .to_vec();
    odd.query = Some("b=2&a=1&a=%20".into());
    for (n, body) in
        [&b"\x00\xff\xfe binary\r\n"[..], b"no newline at the end", b"line one\r\nline two\r\n\r\n"].iter().enumerate()
    {
        odd.body = CapturedBody::from_bytes(body);
        odd.save(&samples.join(format!("00010{n}-20261127T080000.000Z-github.json"))).unwrap();
    }
    samples
}

fn export(dir: &Path, args: &[&str]) -> std::process::Output {
    whk(dir).arg("export").args(args).output().unwrap()
}

fn import(dir: &Path, args: &[&str]) -> std::process::Output {
    whk(dir).arg("import").args(args).output().unwrap()
}

#[test]
fn har_and_http_files_round_trip_every_sample_byte_for_byte() {
    let dir = temp();
    let samples = samples(dir.path());
    let originals = captures(&samples);
    for format in ["har", "http"] {
        let file = format!("all.{format}");
        let mut args = vec!["samples", "--format", format, "-o", &file, "--include-secrets"];
        if format == "http" {
            // A .http file holds text: the binary sample goes out only as HAR.
            args = vec![
                "samples/00000*",
                "samples/000101*",
                "samples/000102*",
                "--format",
                format,
                "-o",
                &file,
                "--include-secrets",
            ];
        }
        let out = export(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        let saved = format!("back-{format}");
        let out = import(dir.path(), &[&file, "--save-dir", &saved]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        let back = captures(&dir.path().join(&saved));
        let sent: Vec<_> =
            originals.iter().filter(|(name, _)| format == "har" || !name.starts_with("000100")).collect();
        assert_eq!(back.len(), sent.len(), "{format}");
        for ((name, original), (_, copy)) in sent.iter().zip(&back) {
            let what = format!("{format}, {name}");
            assert_eq!(copy.method, original.method, "{what}");
            assert_eq!((&copy.path, &copy.query), (&original.path, &original.query), "{what}");
            assert_eq!(copy.headers, original.headers, "{what}");
            assert_eq!(copy.body.bytes().unwrap(), original.body.bytes().unwrap(), "{what}");
            assert_eq!(copy.imported.as_ref().map(|i| i.from.as_str()), Some(format));
        }
    }
}

#[test]
fn an_exported_curl_command_delivers_the_exact_body() {
    let dir = temp();
    let samples = samples(dir.path());
    let server = TestServer::start(vec![Reply::Status(200); 16]);
    let out = export(dir.path(), &["samples", "--format", "curl", "--to", &server.url, "-o", "all.sh"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let run = std::process::Command::new("bash").arg("all.sh").current_dir(dir.path()).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let originals = captures(&samples);
    let received = server.requests();
    assert_eq!(received.len(), originals.len());
    for ((name, original), request) in originals.iter().zip(&received) {
        assert_eq!(request.body, original.body.bytes().unwrap(), "{name}");
        assert_eq!(request.method, original.method, "{name}");
        let target = match &original.query {
            Some(query) => format!("{}?{query}", original.path),
            None => original.path.clone(),
        };
        assert_eq!(request.target, target, "{name}");
    }
}

#[test]
#[allow(clippy::print_stderr)] // the skip is said where cargo test shows it
fn an_exported_hurl_file_runs_under_hurl_and_delivers_the_exact_bodies() {
    let Some(hurl) = crate::support::program("WHK_HURL", &["hurl"]) else {
        eprintln!("skipped: hurl is not installed (cargo install hurl needs libcurl, libxml2 and libclang)");
        return;
    };
    let dir = temp();
    let samples = samples(dir.path());
    let originals = captures(&samples);
    let statuses =
        originals.iter().map(|(_, c)| Reply::Status(c.response.as_ref().map_or(200, |r| r.status))).collect();
    let server = TestServer::start(statuses);
    let out = export(dir.path(), &["samples", "--format", "hurl", "--to", &server.url, "-o", "all.hurl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let run = std::process::Command::new(hurl).args(["--test", "all.hurl"]).current_dir(dir.path()).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let received = server.requests();
    assert_eq!(received.len(), originals.len());
    for ((name, original), request) in originals.iter().zip(&received) {
        assert_eq!(request.body, original.body.bytes().unwrap(), "{name}");
    }
}

#[test]
fn credentials_are_redacted_unless_asked_for_and_stale_signatures_are_named() {
    let dir = temp();
    samples(dir.path());
    let out = export(dir.path(), &["samples/000100-20261127T080000.000Z-github.json", "--format", "har"]);
    assert_eq!(out.status.code(), Some(0));
    let har = stdout(&out);
    assert!(har.contains(r#"{"name":"Authorization","value":"REDACTED"}"#), "{har}");
    assert!(!har.contains("Bearer tok"));
    assert!(stderr(&out).contains("redacted Authorization (--include-secrets keeps them)"), "{}", stderr(&out));

    let gitlab = Capture {
        headers: vec![("X-Gitlab-Token".into(), "glpat-secret".into()), ("X-Gitlab-Event".into(), "Push Hook".into())],
        provider: Some("gitlab".into()),
        ..Capture::load(&dir.path().join("samples/000100-20261127T080000.000Z-github.json")).unwrap()
    };
    gitlab.save(&dir.path().join("gitlab.json")).unwrap();
    let curl = stdout(&export(dir.path(), &["gitlab.json", "--format", "curl"]));
    assert!(curl.contains("-H 'X-Gitlab-Token: REDACTED'") && !curl.contains("glpat-secret"), "{curl}");
    let kept = stdout(&export(dir.path(), &["gitlab.json", "--format", "curl", "--include-secrets"]));
    assert!(kept.contains("glpat-secret"));

    let stripe = "samples/000005-20261122T235303.401Z-stripe.json";
    let stale = export(dir.path(), &[stripe, "--format", "hurl"]);
    assert!(stderr(&stale).contains("--resign --secret-env VAR signs them afresh"), "{}", stderr(&stale));
    let fresh = whk(dir.path())
        .args(["export", stripe, "--format", "hurl", "--resign", "--secret-env", "S"])
        .env("S", "whsec_dGVzdA==")
        .output()
        .unwrap();
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));
    let signed = stdout(&fresh);
    let header = signed.lines().find(|l| l.to_ascii_lowercase().starts_with("stripe-signature:")).unwrap();
    let timestamp: i64 = header.split("t=").nth(1).unwrap().split(',').next().unwrap().parse().unwrap();
    assert!((whk::scheme::now_unix() - timestamp).abs() < 60, "signed now: {header}");
    assert!(!stderr(&fresh).contains("stale"));
}

#[test]
fn each_producers_own_file_imports() {
    let dir = temp();
    let fixtures = repo().join("fixtures/imports");
    let saved = dir.path().join("caps");
    let run = |file: &str| {
        let out = whk(&fixtures).args(["import", file, "--save-dir"]).arg(&saved).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        out
    };
    run("chrome.har");
    let recorded = run("chromium-playwright.har");
    assert!(
        stderr(&recorded).contains("har does not keep a request body it recorded only the size of"),
        "{}",
        stderr(&recorded)
    );
    run("copy-as-curl.sh");
    run("rest-client.http");
    run("postman_collection.json");
    let site = run("webhook-site.json");
    assert!(stderr(&site).contains("webhook-site does not keep header names lower-cased"), "{}", stderr(&site));
    let stripe = run("stripe-listen.jsonl");
    assert!(stderr(&stripe).contains("stripe-cli does not keep the Stripe-Signature"), "{}", stderr(&stripe));

    let all = captures(&saved);
    let find = |path: &str| &all.iter().find(|(_, c)| c.path == path).unwrap_or_else(|| panic!("no {path}")).1;
    let har = find("/webhooks/github");
    assert_eq!((har.query.as_deref(), har.body.bytes().unwrap()), (Some("source=devtools"), b"Hello, World!".to_vec()));
    assert_eq!(har.provider.as_deref(), Some("github"), "detected from its headers");
    assert_eq!(har.response.as_ref().map(|r| r.status), Some(202));
    assert_eq!(find("/webhooks/form").body.bytes().unwrap(), b"caller=%2B79001234567&status=answered");

    let curl = find("/webhooks/stripe");
    assert_eq!(
        curl.body.bytes().unwrap(),
        br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":{"description":"it's paid"}}}"#
    );
    let novofon = find("/novofon");
    assert_eq!(novofon.body.bytes().unwrap(), b"caller=%2B79843330712&called=%2B79001234567");
    assert!(novofon.headers.contains(&("Authorization".into(), "Basic bm92b2ZvbjpzM2NyZXQ=".into())));

    let gitlab = find("/webhooks/gitlab");
    assert!(gitlab.headers.contains(&("X-Gitlab-Token".into(), "glpat-example".into())));
    assert_eq!(gitlab.body.bytes().unwrap(), b"{\n  \"object_kind\": \"push\",\n  \"ref\": \"refs/heads/main\"\n}");
    assert_eq!(find("/webhooks/pyannote").body.bytes().unwrap(), b"{\"jobId\":\"job_1\",\"status\":\"succeeded\"}");
    assert_eq!(find("/health").method, "GET");

    let bakai = find("/api/v1/webhooks/bakai");
    assert_eq!(bakai.body.bytes().unwrap(), br#"{"event":"order.paid","order_id":"A-17"}"#);
    assert!(bakai.headers.contains(&("X-Webhook-Signature".into(), "sha256=00ff".into())));
    assert!(!bakai.headers.iter().any(|(n, _)| n == "X-Debug"), "a disabled header stays out");
    assert_eq!(find("/twilio/status").body.bytes().unwrap(), b"CallSid=CA123&CallStatus=completed");

    let site = &all.iter().find(|(_, c)| c.path.ends_with("/medilab")).unwrap().1;
    assert_eq!(site.received_at, "2026-11-21T09:30:12.345Z");
    assert!(site.headers.contains(&("x-forwarded-for".into(), "10.0.0.2".into())));
    assert_eq!(site.imported.as_ref().unwrap().lost.len(), 2);

    let events: Vec<_> = all.iter().filter(|(_, c)| c.provider.as_deref() == Some("stripe") && c.path == "/").collect();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].1.event.as_deref(), Some("payment_intent.succeeded"));
    assert!(events[0].1.body.bytes().unwrap().starts_with(b"{\"id\":\"evt_3QxA1\""));
    // Recorded by Chromium itself (scripts/gen-har.sh): the page load, then two webhook posts.
    let recorded: Vec<_> = all.iter().filter(|(_, c)| c.query.as_deref() == Some("delivery=1")).collect();
    assert_eq!(recorded.len(), 1);
    let github = &recorded[0].1;
    assert_eq!(github.body.bytes().unwrap(), b"Hello, World!");
    assert_eq!(github.provider.as_deref(), Some("github"));
    assert!(github.headers.iter().any(|(n, v)| n == "X-Hub-Signature-256" && v.starts_with("sha256=7571")));
    let binary = &all.iter().find(|(_, c)| c.path == "/webhooks/binary").unwrap().1;
    assert_eq!(binary.response.as_ref().map(|r| r.status), Some(400));
    assert_eq!(binary.imported.as_ref().unwrap().lost.len(), 1, "its body is known lost, not silently empty");
    assert_eq!(all.len(), 15);
}

#[test]
fn a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_left_behind() {
    let dir = temp();
    let before = dir.path().join("caps");
    std::fs::create_dir(&before).unwrap();
    write(
        &before,
        "000007-20261120T000000.000Z-github.json",
        std::fs::read(repo().join("fixtures/captures/000004-20261122T235303.389Z-github.json")).unwrap(),
    );
    let har = std::fs::read_to_string(repo().join("fixtures/imports/chrome.har")).unwrap();
    // Cut inside the second entry: the first was already written when the error is found.
    let cut = har.find("\"http://localhost:3000/webhooks/form\"").unwrap();
    write(dir.path(), "cut.har", &har[..cut]);
    let out = import(dir.path(), &["cut.har", "--save-dir", "caps"]);
    fails_with(&out, 3, "error: cut.har:");
    assert!(stderr(&out).contains("the 1 capture(s) this import wrote to caps were removed"), "{}", stderr(&out));
    let left: Vec<_> = std::fs::read_dir(&before).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "{left:?}");

    write(dir.path(), "quote.sh", "curl http://h/x \\\n  -d 'never closed\n");
    fails_with(
        &import(dir.path(), &["quote.sh", "--save-dir", "caps"]),
        3,
        "error: quote.sh:2: a ' quote is never closed",
    );
    write(dir.path(), "site.json", r#"{"data": [{"id": 1, "payload": "other shape"}]}"#);
    let other = import(dir.path(), &["site.json", "--format", "webhook-site", "--save-dir", "caps"]);
    fails_with(&other, 3, "error: site.json:1: request 1: expected webhook.site's request fields");
    write(dir.path(), "notes.txt", "hello");
    fails_with(
        &import(dir.path(), &["notes.txt", "--save-dir", "caps"]),
        3,
        "error: cannot tell what format notes.txt is in",
    );
    assert_eq!(std::fs::read_dir(&before).unwrap().count(), 1, "nothing half-written");
}

#[test]
fn capture_show_lays_a_capture_out_for_a_person() {
    let dir = temp();
    let samples = samples(dir.path());
    let out = whk(dir.path())
        .args(["capture", "show"])
        .arg(samples.join("000006-20261127T072610.174Z-novofon.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("POST /"), "{text}");
    assert!(text.contains("novofon") && text.contains("caller = +79"), "form fields one per line:\n{text}");
    let binary =
        whk(dir.path()).args(["capture", "show", "samples/000100-20261127T080000.000Z-github.json"]).output().unwrap();
    assert!(stdout(&binary).contains("00000000  00 ff fe 20 62 69 6e"), "{}", stdout(&binary));
    let json = whk(dir.path())
        .args(["capture", "show", "--json", "samples/000100-20261127T080000.000Z-github.json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["body_base64"], "AP/+IGJpbmFyeQ0K");
}

#[test]
fn every_sample_capture_matches_the_published_schema() {
    for entry in std::fs::read_dir(repo().join("fixtures/captures")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            crate::support::assert_matches_capture_schema(&path);
        }
    }
    let dir = temp();
    write(
        dir.path(),
        "bad.json",
        r#"{"whk_capture": 1, "received_at": "yesterday", "method": "POST", "path": "/", "headers": [], "body": ""}"#,
    );
    let result =
        std::panic::catch_unwind(|| crate::support::assert_matches_capture_schema(&dir.path().join("bad.json")));
    assert!(result.is_err(), "the schema refuses a received_at that is no time");
}

#[test]
fn stripe_cli_events_are_signed_on_replay_with_resign() {
    let dir = temp();
    let out = whk(dir.path())
        .args(["import", "--save-dir", "caps"])
        .arg(repo().join("fixtures/imports/stripe-listen.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let server = TestServer::start(vec![]);
    let replay = whk(dir.path())
        .args(["replay", "caps", "--to", &server.url, "--resign", "--secret-env", "S"])
        .env("S", "whsec_dGVzdA==")
        .output()
        .unwrap();
    assert_eq!(replay.status.code(), Some(0), "{}", stderr(&replay));
    for request in server.requests() {
        let headers: Vec<String> = request.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        let mut verify = whk(dir.path());
        verify.args(["verify", "stripe", "--secret-env", "S"]).env("S", "whsec_dGVzdA==");
        for header in &headers {
            verify.args(["-H", header]);
        }
        let verdict = verify.write_stdin(request.body.clone()).output().unwrap();
        assert_eq!(verdict.status.code(), Some(0), "{}{}", stdout(&verdict), stderr(&verdict));
    }
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn import_refuses_what_is_not_a_file_and_text_too_large_to_read_whole() {
    let dir = temp();
    let fifo = dir.path().join("fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // A FIFO would be read until someone writes to it and closes it: never, here.
    let out =
        whk(dir.path()).args(["import", "fifo", "--save-dir", "caps"]).timeout(crate::support::HANG).output().unwrap();
    fails_with(&out, 3, "error: fifo is not a regular file");
    let out = import(dir.path(), &[".", "--save-dir", "caps"]);
    fails_with(&out, 3, "error: . is not a regular file");

    // 300 MiB of curl commands, sparse: refused before a byte is read.
    let huge = std::fs::File::create(dir.path().join("huge.sh")).unwrap();
    huge.set_len(300 << 20).unwrap();
    let out = import(dir.path(), &["huge.sh", "--format", "curl", "--save-dir", "caps"]);
    fails_with(&out, 3, "error: huge.sh is 314572800 bytes; a curl file is read whole, up to 256 MiB");
    assert!(!dir.path().join("caps").read_dir().unwrap().any(|_| true), "nothing written");
}
