//! The request types every verb passes on: header lists in arrival order, bodies in memory or
//! streamed from a file, the view a verifier takes of a request, and the one owned [`Message`]
//! (method, target, headers, body bytes) that travels from the listener into a capture and from
//! a capture, re-signed or not, out to a receiver.

use std::borrow::Cow;
use std::io::{Read, Seek};
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::Error;

pub type Header = (String, String);

/// Headers in arrival order, duplicates kept; lookups ignore case as HTTP does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderMap(pub Vec<Header>);

impl HeaderMap {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// `name` set to `value`: in the first place the name had (later repeats dropped), or last.
    pub fn set(&mut self, name: String, value: String) {
        match self.0.iter().position(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            Some(first) => {
                self.0[first].1 = value;
                let mut seen = false;
                self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(&name) || !std::mem::replace(&mut seen, true));
            }
            None => self.0.push((name, value)),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Header> {
        self.0.iter()
    }
}

impl From<Vec<Header>> for HeaderMap {
    fn from(headers: Vec<Header>) -> Self {
        HeaderMap(headers)
    }
}

/// The body to sign or verify: bytes in memory, or a file streamed in chunks so that a 1 GiB
/// body signs with bounded memory.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Vec<u8>),
    File(PathBuf),
    /// A body piped in and spooled to an unnamed temporary file, gone when whk exits.
    Spooled(Arc<std::fs::File>),
}

const CHUNK: usize = 256 * 1024;

impl Body {
    /// Feeds the body to `sink` in order, without holding a file in memory.
    pub fn each_chunk(&self, sink: &mut dyn FnMut(&[u8])) -> Result<(), Error> {
        match self {
            Body::Bytes(bytes) => {
                sink(bytes);
                Ok(())
            }
            Body::File(path) => {
                let what = format!("body file {}", path.display());
                let file = std::fs::File::open(path).map_err(|e| Error::unreadable(&what, &e))?;
                stream(file, sink).map_err(|e| Error::unreadable(&what, &e))
            }
            Body::Spooled(file) => {
                let mut file: &std::fs::File = file;
                file.seek(std::io::SeekFrom::Start(0))
                    .and_then(|_| stream(file, sink))
                    .map_err(|e| Error::unreadable("the body spooled from stdin", &e))
            }
        }
    }

    /// The whole body in memory, for schemes that must parse it (form fields, JSON) or for
    /// diagnosis; `None` when a file is larger than `limit`.
    pub fn load(&self, limit: u64) -> Result<Option<Cow<'_, [u8]>>, Error> {
        match self {
            Body::Bytes(bytes) => Ok(Some(Cow::Borrowed(bytes))),
            Body::File(path) => {
                let what = format!("body file {}", path.display());
                let meta = std::fs::metadata(path).map_err(|e| Error::unreadable(&what, &e))?;
                if meta.len() > limit {
                    return Ok(None);
                }
                std::fs::read(path).map(|b| Some(Cow::Owned(b))).map_err(|e| Error::unreadable(&what, &e))
            }
            Body::Spooled(file) => {
                let what = "the body spooled from stdin";
                let len = file.metadata().map_err(|e| Error::unreadable(what, &e))?.len();
                if len > limit {
                    return Ok(None);
                }
                let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
                self.each_chunk(&mut |chunk| bytes.extend_from_slice(chunk))?;
                Ok(Some(Cow::Owned(bytes)))
            }
        }
    }

    /// The bytes of an in-memory body (what a server received); `None` for a file.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Body::Bytes(bytes) => Some(bytes),
            Body::File(_) | Body::Spooled(_) => None,
        }
    }

    /// As [`Body::load`] for a scheme that cannot work without the parsed body.
    pub fn require(&self, provider: &str) -> Result<Cow<'_, [u8]>, Error> {
        self.load(PARSED_BODY_LIMIT)?.ok_or_else(|| {
            Error::bad_input(format!(
                "the body is larger than {} MiB, too large for {provider}, which parses it",
                PARSED_BODY_LIMIT >> 20
            ))
        })
    }
}

/// Reads `source` to its end in chunks, never holding more than one.
fn stream(mut source: impl Read, sink: &mut dyn FnMut(&[u8])) -> std::io::Result<()> {
    let mut buf = vec![0u8; CHUNK];
    loop {
        match source.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => sink(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// A body's JSON, parsed the first time something asks for it and kept for the rest: the
/// listener asks up to five times a request (filters, event, schema, audit, the log's preview).
pub struct LazyJson<'a> {
    bytes: &'a [u8],
    value: std::cell::OnceCell<Option<serde_json::Value>>,
}

impl<'a> LazyJson<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        LazyJson { bytes, value: std::cell::OnceCell::new() }
    }

    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The body as JSON; `None` when it is not JSON.
    pub fn get(&self) -> Option<&serde_json::Value> {
        self.value.get_or_init(|| serde_json::from_slice(self.bytes).ok()).as_ref()
    }
}

/// Providers that parse the body (form posts, JSON envelopes) send far less than this.
pub const PARSED_BODY_LIMIT: u64 = 64 << 20;

/// What a verifier sees of one HTTP request.
pub struct Request<'a> {
    pub method: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a Body,
}

/// One HTTP request, owned: what the listener received, what a capture holds, what `send` and
/// `replay` deliver. `target` is a path with its query when received, a full URL when sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub method: String,
    pub target: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Message {
    /// The target's path, without its query.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(&self.target, |(path, _)| path)
    }

    /// The target's query, without the `?`.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, query)| query)
    }

    /// Signed afresh by `scheme`: its headers replace the ones of the same names, and its URL
    /// (Twilio's `bodySHA256`) and body (Novofon's form) where the scheme changes them.
    pub fn resign(
        &mut self,
        scheme: &dyn crate::scheme::Scheme,
        secrets: &[crate::secret::Secret],
        opts: &crate::scheme::SignOptions,
    ) -> Result<(), Error> {
        let signed = scheme.sign(&Body::Bytes(self.body.clone()), secrets, opts)?;
        for (name, value) in signed.headers {
            self.headers.set(name, value);
        }
        self.target = signed.url.unwrap_or(std::mem::take(&mut self.target));
        self.body = signed.body.unwrap_or(std::mem::take(&mut self.body));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_replaces_in_place_and_drops_repeats() {
        let mut headers = HeaderMap(vec![
            ("A".to_string(), "1".to_string()),
            ("sig".into(), "old".into()),
            ("B".into(), "2".into()),
            ("Sig".into(), "old2".into()),
        ]);
        headers.set("Sig".into(), "new".into());
        headers.set("C".into(), "3".into());
        let expected = [("A", "1"), ("sig", "new"), ("B", "2"), ("C", "3")];
        assert_eq!(headers.0, expected.map(|(n, v)| (n.to_string(), v.to_string())));
    }
}
