//! `whk capture show`: one capture laid out for a person — the request line, where and when it
//! came from, its verdict, the headers, the body (JSON indented, form fields one per line, text
//! as it is, anything else as a hex dump) and the answer it got. Every byte shown is escaped
//! where a terminal would act on it: captures hold anyone's bytes.

use super::Outcome;
use crate::cli::CaptureShowArgs;
use crate::error::Error;
use crate::fixture::Capture;
use crate::output::{sanitize, sanitize_line, Printer};

pub fn show(args: CaptureShowArgs, printer: &Printer) -> Result<Outcome, Error> {
    let capture = Capture::load(&args.file)?;
    if printer.json_mode() {
        printer.json(&capture)?;
        return Ok(Outcome::Success);
    }
    let target = match &capture.query {
        Some(query) => format!("{}?{query}", capture.path),
        None => capture.path.clone(),
    };
    printer.line(&sanitize_line(&format!("{} {target}", capture.method)))?;
    let mut about = vec![format!("received {}", capture.received_at)];
    if let Some(from) = &capture.remote_addr {
        about.push(format!("from {from}"));
    }
    if let Some(provider) = &capture.provider {
        about.push(provider.clone());
    }
    if let Some(event) = &capture.event {
        about.push(format!("event {event}"));
    }
    if let Some(verdict) = &capture.verdict {
        let mark = match verdict.result.as_str() {
            "valid" => "✔ valid",
            "invalid" => "✘ invalid",
            "unsigned" => "○ unsigned",
            _ => "? unknown",
        };
        let why = verdict.message.as_deref().map(|m| format!(": {m}")).unwrap_or_default();
        about.push(format!("{mark}{why}"));
    }
    if let Some(imported) = &capture.imported {
        about.push(format!("imported from {}", imported.from));
    }
    printer.line(&sanitize_line(&format!("  {}", about.join(" · "))))?;
    printer.line("")?;
    for (name, value) in &capture.headers {
        printer.line(&sanitize_line(&format!("{name}: {value}")))?;
    }
    let body = capture.body.bytes().map_err(Error::bad_input)?;
    let content_type =
        capture.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("Content-Type")).map(|(_, v)| v.as_str());
    if !body.is_empty() {
        printer.line("")?;
        printer.line(&render_body(&body, content_type))?;
    }
    if let Some(response) = &capture.response {
        printer.line("")?;
        printer.line(&format!("→ answered {}", response.status))?;
        for (name, value) in &response.headers {
            printer.line(&sanitize_line(&format!("  {name}: {value}")))?;
        }
        if !response.body.is_empty() {
            printer.line(&sanitize(&format!("  {}", response.body)))?;
        }
    }
    if let Some(imported) = capture.imported.as_ref().filter(|i| !i.lost.is_empty()) {
        printer.line("")?;
        printer.line(&sanitize_line(&format!("{} does not keep: {}", imported.from, imported.lost.join("; "))))?;
    }
    Ok(Outcome::Success)
}

/// The body as a person reads it best.
fn render_body(body: &[u8], content_type: Option<&str>) -> String {
    let Ok(text) = std::str::from_utf8(body) else { return hex_dump(body) };
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
        if json.is_object() || json.is_array() {
            return sanitize(&serde_json::to_string_pretty(&json).unwrap_or_default()).into_owned();
        }
    }
    if content_type.is_some_and(|t| t.starts_with("application/x-www-form-urlencoded")) {
        return form_urlencoded::parse(body)
            .map(|(name, value)| sanitize_line(&format!("{name} = {value}")).into_owned())
            .collect::<Vec<_>>()
            .join("\n");
    }
    sanitize(text).into_owned()
}

/// `xxd`'s layout: offset, sixteen bytes in hex, the printable ones as text.
fn hex_dump(body: &[u8]) -> String {
    body.chunks(16)
        .enumerate()
        .map(|(row, chunk)| {
            let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
            let text: String =
                chunk.iter().map(|&b| if b.is_ascii_graphic() || b == b' ' { b as char } else { '.' }).collect();
            format!("{:08x}  {:<47}  {text}", row * 16, hex.join(" "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_laid_out_by_kind() {
        assert_eq!(render_body(b"{\"a\":[1]}", None), "{\n  \"a\": [\n    1\n  ]\n}");
        assert_eq!(render_body(b"a=1&b=x+y", Some("application/x-www-form-urlencoded")), "a = 1\nb = x y");
        assert_eq!(render_body(b"hi \x1b[2J", None), "hi \\x1b[2J");
        assert_eq!(render_body(b"\x00\xffA", None), format!("00000000  {:<47}  ..A", "00 ff 41"));
    }
}
