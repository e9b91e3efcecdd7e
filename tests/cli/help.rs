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
    for verb in ["sign", "verify", "providers", "completions"] {
        help(&[verb, "--help"], &format!("help-{verb}.txt"));
    }
}

#[test]
fn short_help_is_stable() {
    help(&["sign", "-h"], "help-sign-short.txt");
}
