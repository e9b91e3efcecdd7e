//! `whk listen --config FILE`: routes and settings from TOML, secrets only by name, and flags
//! that always win over the file.

use crate::listen::{post, send, Listener};
use crate::support::{stderr, stdout, temp, whk};

#[test]
fn config_file_defines_routes_and_never_holds_secret_values() {
    let dir = temp();
    let init = whk(dir.path()).args(["listen", "--init-config"]).output().unwrap();
    assert_eq!((init.status.code(), stdout(&init).as_str()), (Some(0), "wrote whk.toml\n"));
    let again = whk(dir.path()).args(["listen", "--init-config"]).output().unwrap();
    assert_eq!(again.status.code(), Some(3), "never overwrites");

    let listener = Listener::start(
        dir.path(),
        &["--config", "whk.toml"],
        &[("PYANNOTE_WEBHOOK_SECRET", "whs_cfg"), ("WEBHOOK_SECRET", "bk")],
    );
    assert_eq!(
        send(&format!("{}/webhook", listener.url), "pyannote", "voiceprint.succeeded", "whs_cfg", &[]).status.code(),
        Some(0)
    );
    assert_eq!(
        send(&format!("{}/api/v1/webhooks/bakai", listener.url), "bakai", "product.deleted", "bk", &[]).status.code(),
        Some(0)
    );
    drop(listener);

    std::fs::write(
        dir.path().join("bad.toml"),
        "[[route]]\npath = \"/x\"\nprovider = \"github\"\nsecret = \"plain\"\n",
    )
    .unwrap();
    let bad = whk(dir.path()).args(["listen", "--config", "bad.toml"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(3));
    assert_eq!(
        stderr(&bad),
        "error: bad.toml holds a secret value\nhint: name it instead: secret_env = \"VAR\" or secret_file = \"path\"\n"
    );
}

/// A setting given on the command line wins over whk.toml even where it equals its default.
#[test]
fn flags_beat_the_config_file_even_at_their_default_values() {
    let dir = temp();
    std::fs::write(dir.path().join("whk.toml"), "[listen]\nhost = \"127.0.0.2\"\non_invalid = 403\nmax_body = \"2\"\n")
        .unwrap();
    let bad_signature = [("X-Hub-Signature-256", "sha256=00")];
    let given = Listener::start(
        dir.path(),
        &[
            "--config",
            "whk.toml",
            "--host",
            "127.0.0.1",
            "--on-invalid",
            "401",
            "--max-body",
            "10MiB",
            "-p",
            "github",
            "--secret",
            "k",
        ],
        &[],
    );
    assert!(given.url.starts_with("http://127.0.0.1:"), "{}", given.url);
    assert_eq!(post(&given.url, &bad_signature, b"{\"a\":1}").0, 401);
    let from_file = Listener::start(
        dir.path(),
        &["--config", "whk.toml", "--host", "127.0.0.1", "-p", "github", "--secret", "k"],
        &[],
    );
    assert_eq!(post(&from_file.url, &bad_signature, b"{}").0, 403, "the file fills what the flags left out");
    assert_eq!(post(&from_file.url, &bad_signature, b"{\"a\":1}").0, 413);
}

#[test]
fn the_config_file_turns_on_the_inspector_and_the_team_log() {
    let dir = temp();
    crate::support::write(
        dir.path(),
        "whk.toml",
        "[listen]\nui = true\npublish = \"nats://127.0.0.1:1/team.hooks\"\nstream = \"TEAM\"\n",
    );
    let listener = Listener::start(dir.path(), &["--config", "whk.toml"], &[]);
    assert!(listener.stderr_shows("/_whk/ui → the inspector"), "{}", listener.stderr());
    assert!(
        listener.stderr_shows("every capture → nats://127.0.0.1:1/team.hooks (stream TEAM)"),
        "{}",
        listener.stderr()
    );
    // NATS is not there: the listener answers and captures all the same.
    let (status, _) = post(&format!("{}/hook", listener.url), &[], b"{}");
    assert_eq!(status, 200);
}
