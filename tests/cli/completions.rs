use clap_complete::Shell;

use crate::support::{repo, temp, whk};

const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "whk.bash"),
    (Shell::Zsh, "_whk"),
    (Shell::Fish, "whk.fish"),
    (Shell::PowerShell, "_whk.ps1"),
    (Shell::Elvish, "whk.elv"),
];

#[test]
fn committed_completions_are_current() {
    for (shell, file) in SHELLS {
        let path = repo().join("completions").join(file);
        let generated = whk::commands::completions::script(shell);
        if std::env::var_os("WHK_BLESS").is_some() {
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(committed == generated, "completions/{file} is stale: run `WHK_BLESS=1 cargo test completions` (or `whk completions {shell} > completions/{file}`)");
    }
}

#[test]
fn completions_command_prints_the_same_script() {
    let dir = temp();
    let output = whk(dir.path()).args(["completions", "bash"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, whk::commands::completions::script(Shell::Bash));
    assert!(String::from_utf8_lossy(&output.stdout).contains("standard-webhooks"), "provider names complete");
}
