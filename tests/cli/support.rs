//! A hermetic `whk` command and small helpers shared by the test modules.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// `whk` with no inherited configuration: no WHK_* or colour variables, no CI flag, a temp
/// working directory, stdin closed.
pub fn whk(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("whk").expect("whk binary");
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("WHK_")
            || ["NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "CI", "HOME", "TERM"].contains(&key.as_str())
        {
            cmd.env_remove(&key);
        }
    }
    cmd.env("COLUMNS", "100").current_dir(dir).write_stdin(Vec::<u8>::new());
    cmd
}

pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8 stderr")
}

/// The repository root, for committed files (fixtures, completions, snapshots).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with a committed golden file; `WHK_BLESS=1 cargo test` rewrites it.
pub fn golden(name: &str, actual: &str) {
    let path = repo().join("tests/cli/snapshots").join(name);
    if std::env::var_os("WHK_BLESS").is_some() {
        std::fs::write(&path, actual).expect("bless snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(expected == actual, "snapshot {name} differs; run `WHK_BLESS=1 cargo test` if the change is intended\n--- expected\n{expected}\n--- actual\n{actual}");
}
