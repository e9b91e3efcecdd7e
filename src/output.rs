//! The Printer owns the terminal: stdout carries data (headers, verdicts, JSON), stderr carries
//! diagnostics. Colour is decided once, here, and untrusted text is sanitised before display.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use colored::Colorize;

use crate::error::{stdout_error, Error};

/// Whether to colour output, in the order of precedence the README documents:
/// `--color` > `NO_COLOR` > `FORCE_COLOR` / `CLICOLOR_FORCE` > stdout is a TTY and `TERM != dumb`.
pub fn resolve_color(flag: Option<bool>, env: impl Fn(&str) -> Option<String>, stdout_is_tty: bool) -> bool {
    if let Some(forced) = flag {
        return forced;
    }
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    if set("NO_COLOR") {
        return false;
    }
    if set("FORCE_COLOR") || env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    stdout_is_tty && env("TERM").as_deref() != Some("dumb")
}

#[derive(Debug, Clone, Copy)]
pub struct Printer {
    color: bool,
    quiet: bool,
    verbose: bool,
    /// `--json`: data goes out as JSON documents, and nothing is drawn.
    json: bool,
    /// Data meant for a pipe (exact bytes, JSON) is escaped when it would land on a terminal.
    terminal: bool,
}

impl Printer {
    /// Built once per run: it also decides colour for the whole process.
    pub fn new(color: bool, quiet: bool, verbose: bool, json: bool) -> Self {
        colored::control::set_override(color);
        Printer { color, quiet, verbose, json, terminal: io::stdout().is_terminal() }
    }

    pub fn color(&self) -> bool {
        self.color
    }

    /// Whether `--json` was asked for.
    pub fn json_mode(&self) -> bool {
        self.json
    }

    /// A progress bar on stderr, drawn only for a person watching: stderr a terminal, not CI,
    /// not `--quiet` or `--json`. Otherwise a hidden bar that costs nothing.
    pub fn progress(&self, total: u64) -> indicatif::ProgressBar {
        let watched = io::stderr().is_terminal() && std::env::var_os("CI").is_none() && !self.quiet && !self.json;
        if !watched {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} · {per_sec} · ETA {eta} {msg}")
        {
            bar.set_style(style);
        }
        bar
    }

    /// One line of data on stdout.
    pub fn line(&self, text: &str) -> Result<(), Error> {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|()| out.write_all(b"\n")).map_err(stdout_error)
    }

    /// Exact bytes on stdout (an HTTP request, a streamed body); on a terminal they are shown
    /// escaped instead, as they may be anyone's.
    pub fn bytes(&self, data: &[u8]) -> Result<(), Error> {
        let mut out = io::stdout().lock();
        if self.terminal {
            let text = String::from_utf8_lossy(data).replace("\r\n", "\n");
            return out.write_all(sanitize(&text).as_bytes()).map_err(stdout_error);
        }
        out.write_all(data).map_err(stdout_error)
    }

    pub fn flush(&self) -> Result<(), Error> {
        io::stdout().lock().flush().map_err(stdout_error)
    }

    /// One JSON document on a line of its own (NDJSON-friendly). serde_json escapes C0 controls
    /// only; on a terminal every other unsafe character is written as a `\u` escape too, which
    /// any JSON reader still decodes to the same text.
    pub fn json(&self, value: &impl serde::Serialize) -> Result<(), Error> {
        let text = serde_json::to_string(value).map_err(|e| Error::runtime(format!("cannot encode JSON: {e}")))?;
        if self.terminal {
            return self.line(&json_escape_unsafe(&text));
        }
        self.line(&text)
    }

    /// A note for the person watching, on stderr (stdout stays data), unless `--quiet`.
    pub fn info(&self, message: &str) {
        if !self.quiet {
            self.stderr(&sanitize(message));
        }
    }

    /// `warning: …` on stderr, unless `--quiet`; escaped, as warnings often quote the wire.
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            self.stderr(&format!("{} {}", "warning:".yellow().bold(), sanitize(message)));
        }
    }

    /// Extra detail on stderr, only with `--verbose`.
    pub fn detail(&self, message: &str) {
        if self.verbose {
            self.stderr(&format!("{} {}", "whk:".dimmed(), sanitize(message)));
        }
    }

    pub fn verbose(&self) -> bool {
        self.verbose
    }

    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// `error: …` and `hint: …` on stderr; never silenced.
    pub fn error(&self, err: &Error) {
        self.stderr(&format!("{} {}", "error:".red().bold(), sanitize_line(&err.to_string())));
        if let Some(hint) = err.hint_text() {
            self.stderr(&format!("{} {}", "hint:".cyan().bold(), sanitize_line(hint)));
        }
    }

    #[allow(clippy::print_stderr)]
    fn stderr(&self, line: &str) {
        // A closed stderr leaves nobody to tell; ignore the failure rather than panic.
        let _ = writeln!(io::stderr().lock(), "{line}");
    }
}

/// Escapes what could move the cursor, recolour, hide or reorder text on a terminal (see
/// [`is_unsafe_for_terminal`]). Tabs and newlines stay.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    sanitize_with(text, |c| c == '\n' || c == '\t')
}

/// As [`sanitize`], for text that must stay on one line: newlines are escaped too.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    sanitize_with(text, |c| c == '\t')
}

fn sanitize_with(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let escaped = |c: char| !keep(c) && is_unsafe_for_terminal(c);
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            match c {
                '\n' => clean.push_str("\\n"),
                '\r' => clean.push_str("\\r"),
                c if (c as u32) < 0x100 => clean.push_str(&format!("\\x{:02x}", c as u32)),
                c => clean.push_str(&format!("\\u{{{:x}}}", c as u32)),
            }
        } else {
            clean.push(c);
        }
    }
    Cow::Owned(clean)
}

/// C0 and C1 controls and DEL (ESC, CSI and OSC start escape sequences; BEL rings), the
/// bidirectional marks, embeddings, overrides and isolates (they reorder what follows), line and
/// paragraph separators, zero-width and other invisible formatting characters, the BOM, and the
/// tag characters (invisible text that some terminals and models still read).
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{061c}'
                | '\u{115f}'..='\u{1160}'
                | '\u{17b4}'..='\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// JSON text with every character unsafe on a terminal written as `\uXXXX` (surrogate pairs
/// above the BMP). Such characters can only occur inside strings, so the document is unchanged.
fn json_escape_unsafe(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_unsafe_for_terminal) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe_for_terminal(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Untrusted text in double quotes, sanitised, for error messages (`got "md5=abc"`).
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", sanitize_line(text))
}

/// Text from the wire, made displayable: invalid UTF-8 becomes U+FFFD, then [`sanitize_line`].
pub fn display_bytes(bytes: &[u8]) -> String {
    sanitize_line(&String::from_utf8_lossy(bytes)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn color_flag_beats_everything() {
        assert!(resolve_color(Some(true), env(&[("NO_COLOR", "1")]), false));
        assert!(!resolve_color(Some(false), env(&[("FORCE_COLOR", "1")]), true));
    }

    #[test]
    fn no_color_beats_force_color_and_tty() {
        assert!(!resolve_color(None, env(&[("NO_COLOR", "1"), ("FORCE_COLOR", "1")]), true));
    }

    #[test]
    fn force_color_beats_missing_tty() {
        assert!(resolve_color(None, env(&[("FORCE_COLOR", "1")]), false));
        assert!(resolve_color(None, env(&[("CLICOLOR_FORCE", "1")]), false));
        assert!(!resolve_color(None, env(&[("CLICOLOR_FORCE", "0")]), false));
    }

    #[test]
    fn tty_colours_unless_term_is_dumb() {
        assert!(resolve_color(None, env(&[("TERM", "xterm")]), true));
        assert!(!resolve_color(None, env(&[("TERM", "dumb")]), true));
        assert!(!resolve_color(None, env(&[]), false));
    }

    #[test]
    fn sanitize_escapes_terminal_controls() {
        assert_eq!(sanitize("ok\x1b[31mred\x07"), "ok\\x1b[31mred\\x07");
        assert_eq!(sanitize("a\nb\tc"), "a\nb\tc");
        assert_eq!(sanitize_line("a\r\nb"), "a\\r\\nb");
        assert_eq!(sanitize("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(sanitize("\u{9b}2J"), "\\x9b2J");
        assert!(matches!(sanitize("Привет 👋"), Cow::Borrowed(_)));
        for hidden in ['\u{200b}', '\u{2066}', '\u{feff}', '\u{e0041}', '\u{7f}', '\u{2028}', '\u{00ad}'] {
            assert!(!sanitize(&format!("a{hidden}b")).contains(hidden), "{hidden:?} reached the terminal");
        }
    }

    #[test]
    fn json_for_a_terminal_escapes_unsafe_characters_and_stays_the_same_json() {
        let value = serde_json::json!({"path": "/a\u{202e}b\u{9b}c\u{e0041}\u{7f}", "ok": "Привет 👋"});
        let text = value.to_string();
        let escaped = json_escape_unsafe(&text);
        assert!(!escaped.chars().any(is_unsafe_for_terminal), "{escaped}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&escaped).unwrap(), value);
        assert!(matches!(json_escape_unsafe(r#"{"a":"Привет 👋"}"#), Cow::Borrowed(_)));
    }
}
