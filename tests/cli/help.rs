use crate::support::{golden, stdout, temp, whk};

fn help(args: &[&str], snapshot: &str) {
    let dir = temp();
    let output = whk(dir.path()).args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    golden(snapshot, &stdout(&output));
}

#[test]
fn top_level_help_lists_every_verb_with_an_example() {
    help(&["--help"], "help.txt");
}

#[test]
fn verb_help_is_stable() {
    for verb in [
        "sign",
        "verify",
        "send",
        "listen",
        "replay",
        "export",
        "import",
        "capture",
        "demo",
        "events",
        "secret",
        "providers",
        "completions",
    ] {
        help(&[verb, "--help"], &format!("help-{verb}.txt"));
    }
}

#[test]
fn short_help_is_stable() {
    help(&["sign", "-h"], "help-sign-short.txt");
}

#[test]
fn readme_providers_table_is_generated_from_the_registry() {
    let path = crate::support::repo().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find("<!-- providers:start").expect("providers:start marker");
    let body_start = start + readme[start..].find('\n').unwrap() + 1;
    let end = readme.find("<!-- providers:end -->").expect("providers:end marker");
    let table = whk::commands::providers::markdown_table();
    if std::env::var_os("WHK_BLESS").is_some() {
        std::fs::write(&path, format!("{}{table}{}", &readme[..body_start], &readme[end..])).unwrap();
        return;
    }
    assert!(
        readme[body_start..end] == table,
        "README.md's providers table is stale: run `WHK_BLESS=1 cargo test readme`"
    );
}

#[test]
fn help_lists_global_flags_apart_and_mentions_only_flags_the_verb_has() {
    let dir = temp();
    for verb in ["sign", "verify", "send", "listen", "replay"] {
        let help = stdout(&whk(dir.path()).args([verb, "-h"]).output().unwrap());
        let (own, global) = help.split_once("Global options:\n").unwrap_or_else(|| panic!("{verb}: {help}"));
        assert!(!own.contains("--color") && global.contains("--color") && global.contains("--json"), "{verb}: {help}");
    }
    let replay = stdout(&whk(dir.path()).args(["replay", "--help"]).output().unwrap());
    assert!(!replay.contains("--as-sender"), "replay has no --as-sender: {replay}");
    let demo = whk(dir.path()).args(["demo", "--json"]).output().unwrap();
    crate::support::fails_with(&demo, 2, "error: whk demo prints for people and has no --json output");
}

#[test]
fn listen_help_and_man_page_name_the_built_in_endpoints() {
    let dir = temp();
    let help = stdout(&whk(dir.path()).args(["listen", "-h"]).output().unwrap());
    assert!(help.contains("/_whk/health") && help.contains("/_whk/metrics.json"), "{help}");
    let page = stdout(&whk(dir.path()).args(["man", "listen"]).output().unwrap());
    assert!(page.contains("/_whk/health"), "{page}");
}

#[test]
fn examples_are_printed_whole_at_every_width_and_no_line_is_wider_than_78() {
    let dir = temp();
    for (verb, examples) in whk::cli::EXAMPLES {
        for width in [20, 40, 60, 80, 120] {
            let output = whk(dir.path())
                .args(verb.split_whitespace())
                .arg("-h")
                .env("COLUMNS", width.to_string())
                .output()
                .unwrap();
            let text = stdout(&output);
            for example in *examples {
                assert!(
                    text.contains(&example.replace('\n', "\n  ")),
                    "whk {verb} -h at {width} columns cuts:\n{example}\n\n{text}"
                );
            }
        }
        for line in examples.iter().flat_map(|example| example.lines()) {
            assert!(line.chars().count() + 2 <= 78, "example line too wide: {line}");
        }
    }
}

#[test]
fn every_verbs_help_opens_with_its_own_summary() {
    // A doc comment on a flattened argument group would take the verb's place here.
    let dir = temp();
    for verb in whk::cli::command().get_subcommands() {
        let about = verb.get_about().map(|a| a.to_string()).unwrap_or_default();
        let output = whk(dir.path()).args([verb.get_name(), "--help"]).output().unwrap();
        let text = stdout(&output);
        assert!(text.starts_with(&about), "whk {} --help opens with {:?}", verb.get_name(), text.lines().next());
    }
}
