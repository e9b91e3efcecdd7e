//! One test per documented exit code, each asserting the one-line message.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::support::{stderr, stdout, temp, wait_or_kill, whk, write, Terminal};

#[test]
fn exit_0_ok() {
    let dir = temp();
    let output =
        whk(dir.path()).args(["sign", "bakai", "--secret-env", "S", "-d", "{}"]).env("S", "k").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn exit_1_negative_verdict() {
    let dir = temp();
    let output = whk(dir.path())
        .args(["verify", "-p", "bakai", "-H", "X-Webhook-Signature: sha256=00", "--secret-env", "S"])
        .env("S", "k")
        .write_stdin("{}")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).starts_with("✘ invalid bakai: signature in X-Webhook-Signature does not match the body"));
}

#[test]
fn exit_2_usage() {
    let dir = temp();
    let unknown = whk(dir.path()).args(["sign", "nosuchprovider"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).starts_with("error: invalid value 'nosuchprovider' for '[PROVIDER]'"),
        "{}",
        stderr(&unknown)
    );
    let stdin_twice = whk(dir.path()).args(["sign", "github", "--secret", "-"]).write_stdin("k").output().unwrap();
    assert_eq!(stdin_twice.status.code(), Some(2));
    assert_eq!(stderr(&stdin_twice), "error: stdin cannot carry both the secret and the body\nhint: pass the body as a file, or the secret with --secret-env VAR\n");
}

#[test]
fn exit_3_bad_input() {
    let dir = temp();
    let run = |args: &[&str]| whk(dir.path()).args(args).write_stdin("{}").output().unwrap();
    let first_line =
        |o: &std::process::Output| stderr(o).lines().find(|l| l.starts_with("error:")).unwrap_or_default().to_string();

    let no_colon = run(&["verify", "-p", "github", "-H", "X-Hub-Signature-256 sha256=00", "--secret", "k"]);
    assert_eq!(no_colon.status.code(), Some(3));
    assert_eq!(first_line(&no_colon), "error: -H \"X-Hub-Signature-256 sha256=00\" is not a header");

    let no_secret = run(&["sign", "github"]);
    assert_eq!(no_secret.status.code(), Some(3));
    assert_eq!(stderr(&no_secret), "error: github needs a secret and none was given\nhint: pass --secret-env VAR, --secret-file PATH or set WHK_SECRET\n");

    let unset = run(&["sign", "github", "--secret-env", "WHK_TEST_UNSET_VAR"]);
    assert_eq!(unset.status.code(), Some(3));
    assert_eq!(first_line(&unset), "error: environment variable WHK_TEST_UNSET_VAR is not set");

    let secret = write(dir.path(), "secret", "k");
    let missing_file = run(&["sign", "github", "--secret-file", secret.to_str().unwrap(), "no-such-body.json"]);
    assert_eq!(missing_file.status.code(), Some(3));
    assert_eq!(first_line(&missing_file), "error: cannot read body file no-such-body.json: no such file or directory");

    let bad_whsec = run(&["sign", "svix", "--secret", "whsec_!!!not-base64"]);
    assert_eq!(bad_whsec.status.code(), Some(3));
    assert_eq!(
        first_line(&bad_whsec),
        "error: the secret from --secret is not a whsec_ key (whsec_ followed by base64)"
    );

    let empty = write(dir.path(), "empty-secret", "\n");
    let empty_secret = run(&["sign", "github", "--secret-file", empty.to_str().unwrap()]);
    assert_eq!(empty_secret.status.code(), Some(3));
    assert!(
        first_line(&empty_secret).starts_with("error: the secret from --secret-file ")
            && first_line(&empty_secret).ends_with("is empty")
    );
}

#[test]
fn exit_4_runtime_failure_writing_output() {
    let dir = temp();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    let output = Command::new(env!("CARGO_BIN_EXE_whk"))
        .args(["sign", "bakai", "--secret-env", "S", "-d", "{}"])
        .env("S", "k")
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4));
    assert_eq!(stderr(&output), "error: cannot write to stdout: no space left on device\n");
}

#[test]
fn exit_130_interrupted() {
    let dir = temp();
    let mut child = Command::new(env!("CARGO_BIN_EXE_whk"))
        .args(["-v", "verify", "-p", "github", "--secret-env", "S"])
        .env("S", "k")
        .env_remove("CI")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Readiness, not a sleep: whk says it is reading stdin only after its handler is installed.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("reading the body from stdin") {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "whk exited before reading stdin");
    }
    // Hold stdin open: wait() would close it, and EOF would end the run before the signal lands.
    let stdin = child.stdin.take();
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    assert_eq!(wait_or_kill(&mut child).code(), Some(130));
    drop(stdin);
}

#[test]
fn broken_pipe_exits_0_silently() {
    let dir = temp();
    let mut child = Command::new(env!("CARGO_BIN_EXE_whk"))
        .args(["completions", "zsh"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
}

#[test]
fn closed_standard_streams_are_held_by_dev_null() {
    // Started with stdout and stderr closed, whk must not hand their numbers to the key file it
    // opens, or the report meant for the terminal would land in (or fail against) that file.
    let dir = temp();
    let status = Command::new("sh")
        .args(["-c", r#"exec "$0" "$@" >&- 2>&-"#, env!("CARGO_BIN_EXE_whk")])
        .args(["secret", "new", "standard-webhooks", "--out", "key.txt"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let key = std::fs::read_to_string(dir.path().join("key.txt")).unwrap();
    assert!(key.starts_with("whsec_") && key.lines().count() == 1, "{key:?}");
}

#[test]
fn secret_sources_and_warnings() {
    let dir = temp();
    let sign = |args: &[&str], stdin: &str| {
        whk(dir.path()).args(["sign", "bakai", "-d", "{}"]).args(args).write_stdin(stdin).output().unwrap()
    };
    let argv = sign(&["--secret", "k"], "");
    assert_eq!(stderr(&argv), "warning: --secret VALUE is visible to other users in the process list; prefer --secret-env VAR or --secret-file PATH\n");
    let quiet = whk(dir.path()).args(["-q", "sign", "bakai", "-d", "{}", "--secret", "k"]).output().unwrap();
    assert_eq!(stderr(&quiet), "", "-q silences warnings");
    let file = write(dir.path(), "secret.txt", "k\n");
    let from_file = sign(&["--secret-file", file.to_str().unwrap()], "");
    let from_stdin = sign(&["--secret", "-"], "k\n");
    let from_env = whk(dir.path()).args(["sign", "bakai", "-d", "{}"]).env("WHK_SECRET", "k").output().unwrap();
    assert_eq!(stdout(&from_file), stdout(&argv), "trailing newline stripped from files");
    assert_eq!(stdout(&from_stdin), stdout(&argv));
    assert_eq!(stdout(&from_env), stdout(&argv), "WHK_SECRET is the fallback");
    assert_eq!(stderr(&from_file), "");
}

/// On a terminal, a missing secret is asked for, hidden, and never echoed; the signature is
/// GitHub's documented one. whk runs on a real pseudo-terminal as its controlling terminal
/// (`setsid --ctty`), as in a shell.
#[test]
fn missing_secret_is_prompted_for_on_a_terminal() {
    let terminal = Terminal::open();
    let dir = temp();
    let mut child = terminal.run_whk(dir.path(), &["sign", "github", "-d", "Hello, World!", "--id", "d1"]);
    let screen = terminal.screen();
    assert!(screen.shows("github secret:"), "whk did not prompt: {}", screen.text());
    // The prompt switches echo off with TCSAFLUSH, which throws away whatever was typed before:
    // type only once echo is off, as a person would after seeing the prompt.
    assert!(terminal.echo_turns_off(), "echo stayed on at the prompt");
    terminal.type_line("It's a Secret to Everybody");
    assert!(wait_or_kill(&mut child).success(), "{}", screen.text());
    drop(terminal);
    let shown = screen.all();
    assert!(
        shown.contains("X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
        "{shown}"
    );
    assert!(!shown.contains("Secret to Everybody"), "the typed secret is never echoed: {shown}");
}
