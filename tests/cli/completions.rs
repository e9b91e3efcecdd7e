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

#[test]
fn man_pages_say_exit_status_and_environment_and_name_no_missing_page() {
    for (name, page) in whk::commands::man::pages() {
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains(".SH \"EXIT STATUS\"\n.TP\n0\n") && page.contains("\n.TP\n130\n"), "{name}");
        assert!(page.contains(".SH ENVIRONMENT\n.TP\n\\fBWHK_SECRET\\fR\n"), "{name}");
        assert!(!page.contains("help(1)"), "{name} names a whk-help page that does not exist");
    }
}

/// README.md's exit-code and environment tables say what the code says (one source of truth).
#[test]
fn readme_tables_match_the_exit_codes_and_environment_whk_has() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for code in whk::error::ExitCode::ALL {
        let row = format!("| {} | {} |", code.code(), code.meaning());
        assert!(readme.contains(&row), "README.md lacks the row {row}");
    }
    for (names, effect) in whk::cli::ENVIRONMENT {
        let row = format!("| {names} | {effect} |");
        assert!(readme.contains(&row), "README.md lacks the row {row}");
    }
}

/// On a terminal, `whk man` shows the page as man does (here through `cat` as the pager),
/// not as roff; piped, it prints the roff.
#[test]
fn man_on_a_terminal_is_shown_by_man() {
    if std::process::Command::new("man").arg("--version").output().is_err() {
        return; // no man here: whk prints the roff, which the test above covers
    }
    let dir = temp();
    let terminal = crate::support::Terminal::open();
    let screen = terminal.screen();
    let mut child = terminal.run_whk_with(dir.path(), &["man", "sign"], &[("MANPAGER", "cat"), ("PAGER", "cat")]);
    let status = crate::support::wait_or_kill(&mut child);
    drop(terminal);
    // man marks bold by overstriking (X, backspace, X) when its pager is cat: undo it.
    let shown = screen.all().chars().fold(String::new(), |mut text, c| {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
        text
    });
    assert!(status.success(), "{shown}");
    assert!(shown.contains("EXIT STATUS") && !shown.contains(".TH "), "{shown}");
}
