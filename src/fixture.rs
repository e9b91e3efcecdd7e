//! The capture format: one received webhook per file, a user-facing contract that `whk replay`
//! reads. Pretty JSON so it can be read and edited by hand; exact body bytes (`body` when they
//! are UTF-8, which JSON strings round-trip exactly, else `body_base64`); headers as ordered
//! `"Name: value"` lines, duplicates kept. Versioned by `whk_capture`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{io_reason, Error};
use crate::message::{Header, HeaderMap, Message};
use crate::scheme::{decode_base64, encode_base64};

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Capture {
    pub whk_capture: u32,
    /// When whk received it, RFC 3339 with milliseconds.
    pub received_at: String,
    pub remote_addr: Option<String>,
    pub method: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    #[serde(with = "header_lines")]
    pub headers: Vec<Header>,
    #[serde(flatten)]
    pub body: CapturedBody,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<CapturedVerdict>,
    /// With `listen --spec`: the body against its webhook's schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<crate::spec::SchemaVerdict>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<CapturedResponse>,
    /// Where `whk import` found it and what that format could not hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<Imported>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// The format it came from: `har`, `curl`, `http`, `postman`, `webhook-site`, `stripe-cli`.
    pub from: String,
    /// What that format loses, in words (`"repeated headers merged"`); empty when nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lost: Vec<String>,
}

/// The body, exactly: text when it is UTF-8, base64 otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CapturedBody {
    Text { body: String },
    Binary { body_base64: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CapturedVerdict {
    /// `valid`, `invalid`, `unsigned` or `unknown` (no scheme fits).
    pub result: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CapturedResponse {
    pub status: u16,
    #[serde(default, with = "header_lines")]
    pub headers: Vec<Header>,
    #[serde(default)]
    pub body: String,
}

impl CapturedBody {
    pub fn from_bytes(bytes: &[u8]) -> CapturedBody {
        match std::str::from_utf8(bytes) {
            Ok(text) => CapturedBody::Text { body: text.to_string() },
            Err(_) => CapturedBody::Binary { body_base64: encode_base64(bytes) },
        }
    }

    /// How many bytes the body holds, without copying or decoding it.
    pub fn byte_len(&self) -> usize {
        match self {
            CapturedBody::Text { body } => body.len(),
            CapturedBody::Binary { body_base64 } => {
                let padding = body_base64.bytes().rev().take_while(|b| *b == b'=').count();
                (body_base64.len() / 4 * 3).saturating_sub(padding)
            }
        }
    }

    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        match self {
            CapturedBody::Text { body } => Ok(body.clone().into_bytes()),
            CapturedBody::Binary { body_base64 } => {
                decode_base64(body_base64).ok_or_else(|| "body_base64 is not base64".to_string())
            }
        }
    }
}

impl Capture {
    /// The captured request as a message, its target the path with the query.
    pub fn message(&self) -> Result<Message, Error> {
        let target = match &self.query {
            Some(query) => format!("{}?{query}", self.path),
            None => self.path.clone(),
        };
        let body = self.body.bytes().map_err(Error::bad_input)?;
        Ok(Message { method: self.method.clone(), target, headers: HeaderMap(self.headers.clone()), body })
    }

    /// Reads and checks one capture file; the error names the file and what is wrong with it.
    pub fn load(path: &Path) -> Result<Capture, Error> {
        crate::error::regular_file(
            path,
            &format!("capture {}", path.display()),
            "name a capture file that whk listen --save-dir wrote",
        )?;
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::unreadable(&format!("capture {}", path.display()), &e))?;
        let capture: Capture = serde_json::from_str(&text).map_err(|e| malformed(path, &e.to_string()))?;
        if capture.whk_capture != VERSION {
            return Err(malformed(
                path,
                &format!("whk_capture is {}, this whk reads version {VERSION}", capture.whk_capture),
            ));
        }
        capture.body.bytes().map_err(|why| malformed(path, &why))?;
        Ok(capture)
    }

    /// Writes the capture so that a reader never sees half of it (see [`crate::atomic_file`]).
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let mut json =
            serde_json::to_vec_pretty(self).map_err(|e| Error::runtime(format!("cannot encode capture: {e}")))?;
        json.push(b'\n');
        crate::atomic_file::write(path, &json)
            .map_err(|e| Error::runtime(format!("cannot save {}: {}", path.display(), io_reason(&e))))
    }
}

/// Headers as `"Name: value"` strings: one line each in the file, and exact, since a header
/// value cannot hold a line break.
mod header_lines {
    use std::borrow::Cow;

    use serde::de::{Error, SeqAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::scheme::Header;

    pub fn serialize<S: Serializer>(headers: &[Header], serializer: S) -> Result<S::Ok, S::Error> {
        headers.iter().map(|(n, v)| format!("{n}: {v}")).collect::<Vec<_>>().serialize(serializer)
    }

    /// The longest header line a capture may hold: the listener takes at most 64 KiB of head.
    const LINE_LIMIT: usize = 64 * 1024;

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Header>, D::Error> {
        deserializer.deserialize_seq(Lines)
    }

    /// Reads the lines borrowing from the file's text where it can, and measures each before
    /// anything is made of it, so an absurd line costs no copy and is named briefly.
    struct Lines;

    impl<'de> Visitor<'de> for Lines {
        type Value = Vec<Header>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of \"Name: value\" strings")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut headers = Vec::new();
            while let Some(Line(line)) = seq.next_element()? {
                let header = crate::http::parse_header_line(&line).ok_or_else(|| {
                    let shown: String = line.chars().take(60).collect();
                    Error::custom(format!("header {shown:?} is not \"Name: value\""))
                })?;
                headers.push(header);
            }
            Ok(headers)
        }
    }

    struct Line<'de>(Cow<'de, str>);

    impl<'de> Deserialize<'de> for Line<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_str(LineVisitor)
        }
    }

    struct LineVisitor;

    impl<'de> Visitor<'de> for LineVisitor {
        type Value = Line<'de>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a \"Name: value\" string")
        }

        fn visit_borrowed_str<E: Error>(self, line: &'de str) -> Result<Self::Value, E> {
            within_limit(line)?;
            Ok(Line(Cow::Borrowed(line)))
        }

        fn visit_str<E: Error>(self, line: &str) -> Result<Self::Value, E> {
            within_limit(line)?;
            Ok(Line(Cow::Owned(line.to_string())))
        }
    }

    fn within_limit<E: Error>(line: &str) -> Result<(), E> {
        if line.len() > LINE_LIMIT {
            return Err(E::custom(format!(
                "a header line of {} bytes (at most {LINE_LIMIT}: no listener takes a longer head)",
                line.len()
            )));
        }
        Ok(())
    }
}

fn malformed(path: &Path, why: &str) -> Error {
    Error::bad_input(format!("{} is not a whk capture: {why}", path.display()))
        .hint("captures are written by `whk listen --save-dir`; see README.md, 'Capture format'")
}

/// Every capture the inputs name — files, directories of them, quoted globs — each input's in
/// name order, so that `ls` order is replay and export order.
pub fn capture_files(inputs: &[String]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| Error::unreadable(&format!("directory {input}"), &e))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.to_path_buf());
        } else {
            let pattern = glob::glob(input)
                .map_err(|e| Error::usage(format!("{} is not a glob pattern: {e}", crate::output::quoted(input))))?;
            let mut found: Vec<PathBuf> = pattern.filter_map(Result::ok).filter(|p| p.is_file()).collect();
            if found.is_empty() {
                return Err(Error::bad_input(format!("no captures at {}", crate::output::quoted(input)))
                    .hint("name capture files, a directory of them (whk listen --save-dir), or a quoted glob"));
            }
            found.sort();
            files.extend(found);
        }
    }
    Ok(files)
}

/// `000042-20261122T233000.123Z-stripe.json`: a sequence number first, so `ls` sorts by arrival.
pub fn file_name(sequence: u64, received_at: &str, provider: Option<&str>) -> String {
    let stamp: String = received_at.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '.').collect();
    let provider: String =
        provider.unwrap_or("unknown").chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    format!("{sequence:06}-{stamp}-{provider}.json")
}

/// The highest sequence number among the captures already in `dir` (0 if none): a listener
/// restarted on the same directory goes on from there, so `ls` keeps arrival order.
pub fn last_sequence(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(|entry| {
            let name = entry.ok()?.file_name();
            let (number, _) = name.to_str()?.split_once('-')?;
            number.bytes().all(|b| b.is_ascii_digit()).then(|| number.parse().ok())?
        })
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(body: &[u8]) -> Capture {
        Capture {
            whk_capture: VERSION,
            received_at: "2026-11-22T23:30:00.123Z".into(),
            remote_addr: Some("127.0.0.1:5000".into()),
            method: "POST".into(),
            path: "/hook".into(),
            query: Some("a=1".into()),
            headers: vec![("X-A".into(), "1".into()), ("X-A".into(), "2".into()), ("Host".into(), "h".into())],
            body: CapturedBody::from_bytes(body),
            provider: Some("github".into()),
            event: None,
            verdict: Some(CapturedVerdict { result: "valid".into(), reason: None, message: None }),
            schema: None,
            response: Some(CapturedResponse { status: 200, headers: vec![], body: String::new() }),
            imported: None,
        }
    }

    #[test]
    fn last_sequence_reads_the_numbered_captures_only() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(last_sequence(dir.path()), 0);
        assert_eq!(last_sequence(&dir.path().join("missing")), 0);
        for name in ["000002-x-github.json", "000010-y-stripe.json", "notes-1.txt", "12a-z.json", ".000099-t.tmp"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        assert_eq!(last_sequence(dir.path()), 10);
    }

    #[test]
    fn round_trips_exact_bytes_order_and_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        for body in [&b"{\"a\":\"\\u00e9 \xc3\xa9\"}\r\n"[..], b"", b"\x00\xff\xfe binary"] {
            let capture = sample(body);
            let path = dir.path().join("c.json");
            capture.save(&path).unwrap();
            let loaded = Capture::load(&path).unwrap();
            assert_eq!(loaded, capture);
            assert_eq!(loaded.body.bytes().unwrap(), body);
            assert_eq!(loaded.body.byte_len(), body.len());
        }
        assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp")));
    }

    #[test]
    fn names_sort_by_arrival() {
        let a = file_name(9, "2026-11-22T23:30:00.123Z", Some("stripe"));
        let b = file_name(10, "2026-11-22T23:30:00.001Z", Some("github"));
        assert_eq!(a, "000009-20261122T233000.123Z-stripe.json");
        assert!(a < b);
    }

    #[test]
    fn rejects_other_versions_and_broken_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        std::fs::write(
            &path,
            r#"{"whk_capture": 2, "received_at": "", "method": "POST", "path": "/", "headers": [], "body": ""}"#,
        )
        .unwrap();
        assert!(Capture::load(&path).unwrap_err().to_string().contains("whk_capture is 2"));
        std::fs::write(&path, "{").unwrap();
        assert!(Capture::load(&path).is_err());
    }
}
