//! curl command lines: one runnable command per capture out, and the commands people paste in
//! tickets read back (`-X`, `-H`, `-d`/`--data-raw`/`--data-binary` with `@file`, `-u`, the URL).

use std::io::Write;
use std::path::Path;

use base64::Engine;

use super::words::{self, Command};
use super::{ExportError, Exporter, ImportError, Incoming, Outgoing, Sink, Stop};
use crate::http::shell_quote;

pub struct Curl;

impl Exporter for Curl {
    fn entry(&mut self, out: &mut dyn Write, request: &Outgoing) -> Result<(), ExportError> {
        let mut command = format!(
            "# {}\ncurl -sS -X {} {}",
            crate::output::sanitize_line(request.name),
            shell_quote(&request.capture.method),
            shell_quote(&request.url)
        );
        for (name, value) in request.headers.iter().filter(|(n, _)| !crate::http::is_hop_by_hop(n)) {
            command.push_str(&format!(" \\\n  -H {}", shell_quote(&format!("{name}: {value}"))));
        }
        if !request.body.is_empty() {
            command.push_str(&format!(" \\\n  --data-binary {}", body_word(&request.body)));
        }
        command.push_str("\n\n");
        out.write_all(command.as_bytes())?;
        Ok(())
    }
}

/// `--data-binary`'s argument giving exactly these bytes to any POSIX shell with bash's `$'…'`
/// (bash, zsh, ksh): single quotes for text, `$'…'` escapes for other bytes, and, since a shell
/// word cannot hold a NUL, `@-` fed by printf for a body that has one.
fn body_word(body: &[u8]) -> String {
    match std::str::from_utf8(body) {
        Ok(text) if !text.contains('\0') => shell_quote(text),
        _ if !body.contains(&0) => format!("$'{}'", escaped(body)),
        _ => format!("@<(printf '{}')", escaped(body).replace('%', "%%")),
    }
}

/// Printable ASCII as itself, `\\` and `\'` escaped, every other byte as `\xHH`.
fn escaped(body: &[u8]) -> String {
    body.iter()
        .map(|&b| match b {
            b'\\' => "\\\\".to_string(),
            b'\'' => "\\'".to_string(),
            0x20..=0x7e => (b as char).to_string(),
            _ => format!("\\x{b:02x}"),
        })
        .collect()
}

/// Every `curl` command in `text`; other commands are passed over. `@file` data is read
/// relative to `base` (the current directory, as curl would).
pub fn import(text: &str, base: &Path, sink: &mut Sink) -> Result<usize, Stop> {
    let mut found = 0;
    for command in words::commands(text)? {
        let is_curl = command.words.first().is_some_and(|w| w == b"curl" || w.ends_with(b"/curl"));
        if !is_curl {
            continue;
        }
        let line = command.line;
        let incoming = parse(&command, base).map_err(|message| ImportError::at(line, message))?;
        let capture = incoming.capture("curl", &[]).map_err(|m| ImportError::at(line, m))?;
        sink(capture).map_err(Stop::Sink)?;
        found += 1;
    }
    if found == 0 {
        return Err(ImportError::at(1, "no curl command").into());
    }
    Ok(found)
}

/// Flags without a value that change nothing whk keeps.
const QUIET_FLAGS: [&str; 22] = [
    "-s",
    "--silent",
    "-S",
    "--show-error",
    "-v",
    "--verbose",
    "-i",
    "--include",
    "-L",
    "--location",
    "-k",
    "--insecure",
    "--compressed",
    "-f",
    "--fail",
    "--fail-with-body",
    "--http1.1",
    "--http2",
    "-N",
    "--no-buffer",
    "-#",
    "--progress-bar",
];
/// Flags whose value changes nothing whk keeps.
const QUIET_OPTIONS: [&str; 8] =
    ["-o", "--output", "-m", "--max-time", "--connect-timeout", "--retry", "-w", "--write-out"];

fn parse(command: &Command, base: &Path) -> Result<Incoming, String> {
    let mut method = None;
    let mut url = None;
    let mut headers = Vec::new();
    let mut data: Vec<Vec<u8>> = Vec::new();
    let mut json = false;
    let mut get = false;
    let mut args = expand_short(&command.words[1..]).into_iter();
    while let Some(arg) = args.next() {
        let text = String::from_utf8_lossy(&arg).into_owned();
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match text.as_str() {
            "-X" | "--request" => method = Some(utf8(value(&text)?)?),
            "-H" | "--header" => {
                let header = utf8(value(&text)?)?;
                let parsed = crate::http::parse_header_line(&header)
                    .ok_or_else(|| format!("{header:?} is not 'Name: value'"))?;
                headers.push(parsed);
            }
            "-A" | "--user-agent" => headers.push(("User-Agent".into(), utf8(value(&text)?)?)),
            "-e" | "--referer" => headers.push(("Referer".into(), utf8(value(&text)?)?)),
            "-b" | "--cookie" => headers.push(("Cookie".into(), utf8(value(&text)?)?)),
            "-u" | "--user" => {
                let credentials = value(&text)?;
                let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
                headers.push(("Authorization".into(), format!("Basic {encoded}")));
            }
            "-d" | "--data" | "--data-ascii" => data.push(read_data(value(&text)?, base, true)?),
            "--data-binary" => data.push(read_data(value(&text)?, base, false)?),
            "--data-raw" => data.push(value(&text)?),
            "--data-urlencode" => data.push(urlencoded(&value(&text)?, base)?),
            "--json" => {
                json = true;
                data.push(read_data(value(&text)?, base, false)?);
            }
            "-G" | "--get" => get = true,
            "--url" => url = Some(utf8(value(&text)?)?),
            flag if QUIET_FLAGS.contains(&flag) => {}
            option if QUIET_OPTIONS.contains(&option) => {
                value(option)?;
            }
            option if option.starts_with('-') && option.len() > 1 => {
                return Err(format!("curl option {option} is not one whk reads (it reads -X, -H, -d, --data-raw, --data-binary, -u and the URL)"));
            }
            _ if url.is_none() => url = Some(text),
            _ => return Err(format!("a second URL {text:?}: one request per command")),
        }
    }
    let mut url = url.ok_or("the command has no URL")?;
    if !url.contains("://") {
        url = format!("http://{url}");
    }
    let has = |headers: &[(String, String)], name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let mut body = data.join(&b'&');
    if get && !data.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&String::from_utf8_lossy(&body));
        body.clear();
    }
    let method = method.unwrap_or_else(|| if data.is_empty() || get { "GET" } else { "POST" }.to_string());
    if !body.is_empty() && !has(&headers, "Content-Type") {
        let content_type = if json { "application/json" } else { "application/x-www-form-urlencoded" };
        headers.push(("Content-Type".into(), content_type.into()));
    }
    if json && !has(&headers, "Accept") {
        headers.push(("Accept".into(), "application/json".into()));
    }
    Ok(Incoming { method, url, headers, body, received_at: None, status: None, provider: None })
}

/// `-sSL` as `-s -S -L`, and `-XPOST` as `-X POST`: curl's short options may be run together,
/// and one taking a value may have it attached.
fn expand_short(words: &[Vec<u8>]) -> Vec<Vec<u8>> {
    const TAKES_VALUE: &[u8] = b"XHdAebuomw";
    let mut out = Vec::new();
    for word in words {
        let is_cluster = word.len() > 2 && word[0] == b'-' && word[1] != b'-';
        if !is_cluster {
            out.push(word.clone());
            continue;
        }
        for (i, &flag) in word.iter().enumerate().skip(1) {
            out.push(vec![b'-', flag]);
            if TAKES_VALUE.contains(&flag) {
                if i + 1 < word.len() {
                    out.push(word[i + 1..].to_vec());
                }
                break;
            }
        }
    }
    out
}

fn utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|_| "a header or URL that is not UTF-8".to_string())
}

/// `-d`'s value: text, or `@file`'s content (without its line breaks, as `-d` sends it, unless
/// `--data-binary`).
fn read_data(value: Vec<u8>, base: &Path, strip_newlines: bool) -> Result<Vec<u8>, String> {
    let Some(file) = value.strip_prefix(b"@") else { return Ok(value) };
    let name = String::from_utf8_lossy(file).into_owned();
    if name == "-" {
        return Err("@- reads the body from curl's stdin, which the import does not have".into());
    }
    let mut bytes =
        std::fs::read(base.join(&name)).map_err(|e| format!("cannot read @{name}: {}", crate::error::io_reason(&e)))?;
    if strip_newlines {
        bytes.retain(|b| *b != b'\n' && *b != b'\r');
    }
    Ok(bytes)
}

/// `--data-urlencode`'s `content`, `=content`, `name=content`, `@file` or `name@file`.
fn urlencoded(value: &[u8], base: &Path) -> Result<Vec<u8>, String> {
    let text = String::from_utf8_lossy(value);
    let encode = |bytes: &[u8]| form_urlencoded::byte_serialize(bytes).collect::<String>();
    let (name, content) = match text.find(['=', '@']) {
        Some(at) if text.as_bytes()[at] == b'=' => (&text[..at], text[at + 1..].as_bytes().to_vec()),
        Some(at) => (&text[..at], read_data(text[at..].as_bytes().to_vec(), base, false)?),
        None => ("", value.to_vec()),
    };
    Ok(match name {
        "" => encode(&content),
        name => format!("{name}={}", encode(&content)),
    }
    .into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> crate::fixture::Capture {
        let mut found = Vec::new();
        import(text, Path::new("."), &mut |c| {
            found.push(c);
            Ok(())
        })
        .unwrap();
        assert_eq!(found.len(), 1);
        found.remove(0)
    }

    #[test]
    fn reads_the_usual_flags() {
        let c = one("curl -sS -XPOST 'https://api.example.com/hook?a=1' -H 'X-Sig: abc' -d 'a=1' -d b=2 -u me:pw");
        assert_eq!((c.method.as_str(), c.path.as_str(), c.query.as_deref()), ("POST", "/hook", Some("a=1")));
        assert_eq!(c.body.bytes().unwrap(), b"a=1&b=2");
        let names: Vec<_> = c.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Host", "X-Sig", "Authorization", "Content-Type"]);
        assert_eq!(c.headers[2].1, "Basic bWU6cHc=");
        let get = one("curl example.com/x");
        assert_eq!((get.method.as_str(), get.path.as_str()), ("GET", "/x"));
    }

    #[test]
    fn exported_bodies_are_exact_shell_words() {
        assert_eq!(body_word(b"{\"a\":\"it's\"}"), r#"'{"a":"it'\''s"}'"#);
        assert_eq!(body_word(b"\xff\n'"), r"$'\xff\x0a\''");
        assert_eq!(body_word(b"a\x00%"), r"@<(printf 'a\x00%%')");
        for body in [&b"{\"x\": 1}\r\n"[..], b"\xff\xfe'\\"] {
            let command = format!("curl http://h/ --data-binary {}", body_word(body));
            assert_eq!(one(&command).body.bytes().unwrap(), body);
        }
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let err = |text: &str| match import(text, Path::new("."), &mut |_| Ok(())) {
            Err(Stop::Source(e)) => e,
            _ => panic!("{text} should fail"),
        };
        assert!(err("curl --proxy x http://h/").message.contains("--proxy"));
        assert_eq!(err("echo hi\n\ncurl -d 'x http://h/").line, 3);
        assert_eq!(err("ls").message, "no curl command");
    }
}
