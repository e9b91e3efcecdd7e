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

/// `man/` holds every page `whk man` prints, current with the CLI.
#[test]
fn committed_man_pages_are_current() {
    let dir = repo().join("man");
    let pages = whk::commands::man::pages();
    if std::env::var_os("WHK_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (name, page) in &pages {
        let path = dir.join(format!("{name}.1"));
        if std::env::var_os("WHK_BLESS").is_some() {
            std::fs::write(&path, page).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(committed == *page, "man/{name}.1 is stale: run `WHK_BLESS=1 cargo test man_pages`");
    }
    let committed = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(committed, pages.len(), "man/ holds a page for a verb that is gone");
}

#[test]
fn man_prints_a_verbs_page_and_names_the_verbs_it_has() {
    let dir = temp();
    let output = whk(dir.path()).args(["man", "secret", "new"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, std::fs::read(repo().join("man/whk-secret-new.1")).unwrap());
    let output = whk(dir.path()).args(["man", "sing"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.starts_with("error: no man page for `sing`\nhint: pages exist for: sign, verify,"), "{err}");
}
