//! OpenAPI 3.1 `webhooks`: `events --spec` lists them, `send --spec` sends their examples (or
//! bodies made from their schemas) signed, `listen --spec` judges each body against its
//! webhook's schema. The specs: an excerpt of GitHub's published description, and MediLab's.

use serde_json::Value;

use crate::listen::Listener;
use crate::support::{captures, fails_with, repo, stderr, stdout, temp, whk, write};

const GH: &str = "spec-github-secret";
const MEDILAB: &str = "spec-medilab-secret";

fn spec(name: &str) -> String {
    repo().join("fixtures/specs").join(name).display().to_string()
}

/// `whk send URL/hook -p provider …`, with the provider's secret in S; must exit 0.
fn send(dir: &std::path::Path, url: &str, provider: &str, secret: &str, args: &[&str]) {
    let out = whk(dir)
        .args(["send", &format!("{url}/hook"), "-p", provider, "--secret-env", "S"])
        .args(args)
        .env("S", secret)
        .timeout(crate::support::HANG)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// A listener for `provider` with `--spec`, `--json` and `--save-dir caps` that stops after
/// `count`; `deliver` sends to it. Its JSON request lines, exit code and stderr.
fn listen(
    provider: &str,
    secret: &str,
    spec_file: &str,
    count: usize,
    extra: &[&str],
    deliver: impl FnOnce(&std::path::Path, &str),
) -> (Vec<Value>, Option<i32>, String, tempfile::TempDir) {
    let dir = temp();
    let count_text = count.to_string();
    let fixed = ["-p", provider, "--secret-env", "S", "--spec", spec_file, "--json", "--save-dir", "caps"];
    let args = [&fixed[..], &["--count", &count_text, "--timeout", "60s"], extra].concat();
    let mut listener = Listener::start(dir.path(), &args, &[("S", secret)]);
    deliver(dir.path(), &listener.url);
    let code = listener.wait();
    let lines: Vec<Value> = listener
        .lines()
        .iter()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["type"] == "request")
        .collect();
    (lines, code, listener.stderr(), dir)
}

#[test]
fn events_lists_a_specs_webhooks_and_prints_their_bodies() {
    let dir = temp();
    let out = whk(dir.path()).args(["events", "--spec", &spec("github-webhooks.json")]).output().unwrap();
    let listed = stdout(&out);
    assert!(listed.contains("issues-opened  POST issues (opened) · schema"), "{listed}");
    assert!(listed.contains("ping           POST ping · example"), "{listed}");
    let out = whk(dir.path()).args(["events", "--spec", &spec("medilab-webhooks.yaml"), "--json"]).output().unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|w| w["webhook"].as_str().unwrap()).collect();
    assert_eq!(names, ["patient.created", "appointment.created", "payment.completed"]);
    assert_eq!(list[2]["body"], "schema");
    assert_eq!(list[2]["schema"], "/webhooks/payment.completed/post/requestBody/content/application~1json/schema");

    let out = whk(dir.path())
        .args(["events", "--spec", &spec("medilab-webhooks.yaml"), "-e", "appointment.created"])
        .output()
        .unwrap();
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["event_data"]["doctor"], "Петрова А.В.", "the first of its examples");

    let out = whk(dir.path())
        .args(["events", "--spec", &spec("medilab-webhooks.yaml"), "-e", "visit.created"])
        .output()
        .unwrap();
    fails_with(&out, 3, "error: ");
    assert!(stderr(&out).contains("has no webhook \"visit.created\""), "{}", stderr(&out));
    assert!(stderr(&out).contains("hint: its webhooks: patient.created, appointment.created, payment.completed"));
}

#[test]
fn githubs_webhooks_sent_from_its_spec_verify_and_keep_their_schemas() {
    let github = spec("github-webhooks.json");
    let (lines, code, errors, dir) =
        listen("github", GH, &github, 4, &["--expect-verified", "--expect-schema"], |dir, url| {
            for webhook in ["ping", "push", "issues-opened", "star-created"] {
                send(dir, url, "github", GH, &["--spec", &github, "-e", webhook]);
            }
        });
    assert_eq!(code, Some(0), "{errors}");
    let seen: Vec<(&str, &str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["event"].as_str().unwrap(),
                l["schema"]["webhook"].as_str().unwrap(),
                l["schema"]["result"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("ping", "ping", "valid"),
            ("push", "push", "valid"),
            ("issues", "issues-opened", "valid"),
            ("star", "star-created", "valid")
        ],
        "the event header is GitHub's own (issues), the webhook the spec's (issues-opened)"
    );
    assert!(lines.iter().all(|l| l["verdict"]["result"] == "valid"));
    // The ping went out as GitHub's example in the spec, byte for byte its JSON.
    let saved = captures(&dir.path().join("caps"));
    let ping: Value = serde_json::from_slice(&saved[0].1.body.bytes().unwrap()).unwrap();
    assert_eq!(ping["zen"], "Anything added dilutes everything else.");
    for (path, capture) in &saved {
        assert_eq!(capture.schema.as_ref().unwrap().result, "valid", "{path}");
        crate::support::assert_matches_capture_schema(&dir.path().join("caps").join(path));
    }
}

#[test]
fn a_medilab_body_that_breaks_its_schema_is_named_by_json_pointer() {
    let medilab = spec("medilab-webhooks.yaml");
    let broken = r#"{"event_type":"patient.created","event_data":{"patient_id":0},"webhook_id":"550e8400-e29b-41d4-a716-446655440000","timestamp":"2024-01-15T10:30:05Z","attempt":1}"#;
    let (lines, code, errors, dir) = listen("medilab", MEDILAB, &medilab, 4, &["--expect-schema"], |dir, url| {
        send(dir, url, "medilab", MEDILAB, &["--spec", &medilab, "-e", "patient.created"]);
        send(dir, url, "medilab", MEDILAB, &["--spec", &medilab, "-e", "payment.completed"]);
        send(dir, url, "medilab", MEDILAB, &["-d", broken]);
        send(dir, url, "medilab", MEDILAB, &["-e", "visit.created"]);
    });
    assert_eq!(code, Some(1), "--expect-schema fails the run: {errors}");
    assert!(errors.contains("--expect-schema"), "{errors}");
    let results: Vec<&str> = lines.iter().map(|l| l["schema"]["result"].as_str().unwrap()).collect();
    assert_eq!(results, ["valid", "valid", "invalid", "no schema"]);
    let pointers: Vec<&str> =
        lines[2]["schema"]["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
    assert!(pointers.contains(&"/event_data/patient_id") && pointers.contains(&"/event_data"), "{pointers:?}");
    assert!(lines[3]["schema"]["note"].as_str().unwrap().contains("\"visit.created\" is not a webhook"));
    // The signatures are a separate verdict: every one of them verified.
    assert!(lines.iter().all(|l| l["verdict"]["result"] == "valid"), "{lines:?}");
    let saved = captures(&dir.path().join("caps"));
    let errors_saved = &saved[2].1.schema.as_ref().unwrap().errors;
    assert!(errors_saved.iter().any(|e| e.pointer == "/event_data/patient_id"));
}

#[test]
fn the_live_log_shows_the_schema_verdict_beside_the_signature() {
    let dir = temp();
    let medilab = spec("medilab-webhooks.yaml");
    let args = ["-p", "medilab", "--secret-env", "S", "--spec", &medilab, "--count", "2", "--timeout", "60s"];
    let mut listener = Listener::start(dir.path(), &args, &[("S", MEDILAB)]);
    send(dir.path(), &listener.url, "medilab", MEDILAB, &["-d", r#"{"event_type":"patient.created","attempt":"one"}"#]);
    // A sender's text in a schema message (the pattern's subject) reaches the log escaped.
    let hostile = r#"{"event_type":"x\u001b]0;pwned\u0007\u001b[2J","event_data":{},"webhook_id":"i","timestamp":"t","attempt":1}"#;
    send(dir.path(), &listener.url, "medilab", MEDILAB, &["-d", hostile, "-H", "X-Webhook-Event: patient.created"]);
    assert_eq!(listener.wait(), Some(0));
    let log = listener.lines().join("\n");
    assert!(log.contains("schema ✘ patient.created"), "{log}");
    assert!(!log.contains('\u{1b}') && !log.contains('\u{7}'), "no raw control byte: {log:?}");
    assert!(log.contains("✔ valid"), "{log}");
    assert!(log.contains("schema ✘ patient.created (body): missing properties 'event_data'"), "{log}");
    assert!(log.contains("(+1 more)"), "the other error, /attempt, is counted: {log}");
}

#[test]
fn a_spec_that_does_not_parse_is_refused_with_its_file_line_and_pointer() {
    let dir = temp();
    let bad = write(
        dir.path(),
        "bad.yaml",
        "openapi: 3.1.0\nwebhooks:\n  ping:\n    post:\n      summary: [unclosed\n  next: 1\n",
    );
    for verb in
        [&["events"][..], &["listen", "--port", "0"], &["send", "http://127.0.0.1:9/", "-p", "github", "-e", "ping"]]
    {
        let out = whk(dir.path()).args(verb).arg("--spec").arg(&bad).output().unwrap();
        fails_with(&out, 3, "error: ");
        assert!(
            stderr(&out).contains("bad.yaml:6: not a YAML or JSON document (in /webhooks/next)"),
            "{verb:?}: {}",
            stderr(&out)
        );
    }
    let dangling = write(
        dir.path(),
        "dangling.yaml",
        "openapi: 3.1.0\nwebhooks:\n  ping:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Ping'\n",
    );
    let out = whk(dir.path()).args(["events", "--spec"]).arg(&dangling).output().unwrap();
    fails_with(&out, 3, "error: ");
    let said = stderr(&out);
    assert!(
        said.contains("dangling.yaml:8: /webhooks/ping/post/requestBody/content/application~1json/schema"),
        "{said}"
    );
    assert!(said.contains("#/components/schemas/Ping"), "{said}");
    let outside = write(
        dir.path(),
        "outside.yaml",
        std::fs::read_to_string(&dangling).unwrap().replace("'#/components/schemas/Ping'", "'/etc/passwd'"),
    );
    let out = whk(dir.path()).args(["events", "--spec"]).arg(&outside).output().unwrap();
    fails_with(&out, 3, "error: ");
    assert!(
        stderr(&out).contains("outside.yaml:9: ") && stderr(&out).contains("points outside the file"),
        "a $ref never makes whk read elsewhere: {}",
        stderr(&out)
    );
}

#[test]
fn hostile_specs_are_refused_or_bounded_never_a_hang() {
    let dir = temp();
    // An alias bomb: ten levels of nine aliases each.
    let mut bomb = vec!["openapi: 3.1.0".to_string(), "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]".into()];
    for i in 1..10 {
        bomb.push(format!("x{i}: &a{i} [{}]", vec![format!("*a{}", i - 1); 9].join(", ")));
    }
    bomb.push("webhooks:\n  ping:\n    post:\n      summary: x".into());
    // Flow nesting the YAML parser would take minutes over, and JSON nesting past serde's limit.
    let deep_yaml = format!("openapi: 3.1.0\nwebhooks:\n  ping:\n    post:\n      summary: {}\n", "[".repeat(200_000));
    let deep_json = format!("{{\"openapi\":\"3.1.0\",\"webhooks\":{}}}", "[".repeat(200_000));
    for (name, text, said) in [
        ("bomb.yaml", bomb.join("\n"), "repetition limit"),
        ("deep.yaml", deep_yaml, "deep.yaml:5: not a YAML or JSON document (in /webhooks/ping/post/summary): nested more than 128 levels deep"),
        ("deep.json", deep_json, "recursion limit"),
    ] {
        let path = write(dir.path(), name, text);
        let out = whk(dir.path()).args(["events", "--spec"]).arg(&path).timeout(crate::support::HANG).output().unwrap();
        fails_with(&out, 3, "error: ");
        assert!(stderr(&out).contains(said), "{name}: {}", stderr(&out));
    }
    // A schema whose every property is itself, twelve times over: the body made from it stops.
    let props: serde_json::Map<String, Value> =
        (0..12).map(|i| (format!("p{i}"), serde_json::json!({"$ref": "#/components/schemas/N"}))).collect();
    let explosive = serde_json::json!({
        "openapi": "3.1.0",
        "webhooks": {"boom": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/N"}}}}}}},
        "components": {"schemas": {"N": {"type": "object", "properties": props}}}
    });
    let path = write(dir.path(), "explosive.json", explosive.to_string());
    let out = whk(dir.path())
        .args(["events", "--spec"])
        .arg(&path)
        .args(["-e", "boom"])
        .timeout(crate::support::HANG)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.len() < 4 << 20, "{} bytes", out.stdout.len());
    assert!(stderr(&out).contains("does not pass it"), "the cut-off body is said to be incomplete: {}", stderr(&out));
}

#[test]
fn a_config_file_can_name_the_spec() {
    let dir = temp();
    let toml = format!(
        "[listen]\nspec = {:?}\n\n[[route]]\npath = \"/hook\"\nprovider = \"medilab\"\n",
        spec("medilab-webhooks.yaml")
    );
    write(dir.path(), "whk.toml", toml);
    let mut listener = Listener::start(dir.path(), &["--config", "whk.toml", "--json", "--count", "1"], &[]);
    send(
        dir.path(),
        &listener.url,
        "medilab",
        MEDILAB,
        &["--spec", &spec("medilab-webhooks.yaml"), "-e", "appointment.created"],
    );
    assert_eq!(listener.wait(), Some(0), "{}", listener.stderr());
    let line: Value = serde_json::from_str(listener.lines().last().unwrap()).unwrap();
    assert_eq!(line["schema"]["webhook"], "appointment.created");
    assert_eq!(line["schema"]["result"], "valid");
}

#[test]
fn a_spec_that_is_not_what_it_claims_is_refused_before_it_is_read() {
    let dir = temp();
    let fifo = dir.path().join("spec.yaml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let huge = std::fs::File::create(dir.path().join("huge.yaml")).unwrap();
    huge.set_len(65 << 20).unwrap();
    write(dir.path(), "latin1.yaml", b"openapi: 3.1.0\ninfo: {title: caf\xe9}\n");
    for (name, said) in [
        ("spec.yaml", "is not a regular file"),
        (".", "is not a regular file"),
        ("huge.yaml", "is over 64 MiB"),
        ("latin1.yaml", "UTF-8"),
        ("missing.yaml", "cannot read the spec"),
    ] {
        // No writer ever opens the FIFO: a whk that opened it would wait here until HANG.
        let out = whk(dir.path()).args(["events", "--spec", name]).timeout(crate::support::HANG).output().unwrap();
        fails_with(&out, 3, "error: ");
        assert!(stderr(&out).contains(said), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains("hint: "), "{name}: {}", stderr(&out));
    }
}
