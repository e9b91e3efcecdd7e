//! Which format a file to import is in, from its name and its first bytes.

use std::path::Path;

/// The formats `whk import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Har,
    Curl,
    Http,
    WebhookSite,
    StripeCli,
    Postman,
}

impl Format {
    pub const ALL: [Format; 6] =
        [Format::Har, Format::Curl, Format::Http, Format::WebhookSite, Format::StripeCli, Format::Postman];

    /// The format `name` names (as [`Format::name`] spells it).
    pub fn named(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Har => "har",
            Format::Curl => "curl",
            Format::Http => "http",
            Format::WebhookSite => "webhook-site",
            Format::StripeCli => "stripe-cli",
            Format::Postman => "postman",
        }
    }
}

const METHODS: [&str; 7] = ["GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ", "OPTIONS "];

/// The format `head` (a file's first bytes) is in, or `None` when nothing tells.
pub fn sniff(path: &Path, head: &[u8]) -> Option<Format> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if name.ends_with(".har") {
        return Some(Format::Har);
    }
    if name.ends_with(".http") || name.ends_with(".rest") {
        return Some(Format::Http);
    }
    if name.ends_with(".postman_collection.json") {
        return Some(Format::Postman);
    }
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).take(8192).collect();
    if text.starts_with('{') || text.starts_with('[') {
        return if squeezed.starts_with("{\"log\":")
            || squeezed.contains("\"entries\":[") && squeezed.contains("\"log\"")
        {
            Some(Format::Har)
        } else if squeezed.contains("schema.getpostman.com") {
            Some(Format::Postman)
        } else if squeezed.contains("\"object\":\"event\"") {
            Some(Format::StripeCli)
        } else if squeezed.contains("\"token_id\"") || squeezed.contains("\"uuid\"") && squeezed.contains("\"content\"")
        {
            Some(Format::WebhookSite)
        } else {
            None
        };
    }
    let first_command = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'))?;
    if first_command.starts_with("curl ") || first_command == "curl" {
        return Some(Format::Curl);
    }
    let is_http = text.lines().any(|line| line.starts_with("###") || METHODS.iter().any(|m| line.starts_with(m)));
    is_http.then_some(Format::Http)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_each_format_by_its_content() {
        let cases: [(&str, Option<Format>); 8] = [
            ("{\n  \"log\": {\"version\": \"1.2\", \"entries\": []}}", Some(Format::Har)),
            (
                "{\"info\": {\"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"}}",
                Some(Format::Postman),
            ),
            ("{\"id\": \"evt_1\", \"object\": \"event\"}\n", Some(Format::StripeCli)),
            ("{\"data\": [{\"uuid\": \"u\", \"token_id\": \"t\", \"content\": \"\"}]}", Some(Format::WebhookSite)),
            ("# from the ticket\ncurl -X POST http://h/", Some(Format::Curl)),
            ("@host = http://h\n\n### a\nPOST {{host}}/x\n", Some(Format::Http)),
            ("{\"whk_capture\": 1}", None),
            ("hello", None),
        ];
        for (text, format) in cases {
            assert_eq!(sniff(Path::new("f"), text.as_bytes()), format, "{text}");
        }
        assert_eq!(sniff(Path::new("x.har"), b""), Some(Format::Har));
    }
}
