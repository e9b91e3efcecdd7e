//! HAR 1.2 (the HTTP Archive browsers and proxies save): one entry per capture, its request with
//! headers in order and the body (`postData.text`, base64 with `encoding` when it is not UTF-8),
//! and the response when the capture has one. Read back entry by entry, never the whole file.

use std::fmt;
use std::io::{Read, Write};

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::json;

use super::{ExportError, Exporter, Incoming, Outgoing, Sink, Stop};
use crate::scheme::{decode_base64, encode_base64};

#[derive(Default)]
pub struct Har {
    entries: usize,
}

impl Exporter for Har {
    fn begin(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        let creator = json!({"name": "whk", "version": env!("CARGO_PKG_VERSION")});
        write!(out, "{{\n  \"log\": {{\n    \"version\": \"1.2\",\n    \"creator\": {creator},\n    \"entries\": [")
    }

    fn entry(&mut self, out: &mut dyn Write, request: &Outgoing) -> Result<(), ExportError> {
        let capture = request.capture;
        let headers: Vec<_> =
            request.headers.iter().map(|(name, value)| json!({"name": name, "value": value})).collect();
        let query: Vec<_> = capture
            .query
            .iter()
            .flat_map(|q| form_urlencoded::parse(q.as_bytes()))
            .map(|(name, value)| json!({"name": name, "value": value}))
            .collect();
        let content_type = header(&request.headers, "Content-Type").unwrap_or("application/octet-stream");
        let mut post_data = json!({"mimeType": content_type});
        match std::str::from_utf8(&request.body) {
            Ok(text) => post_data["text"] = json!(text),
            Err(_) => {
                post_data["text"] = json!(encode_base64(&request.body));
                post_data["encoding"] = json!("base64");
            }
        }
        let mut entry = json!({
            "startedDateTime": capture.received_at,
            "time": 0,
            "request": {
                "method": capture.method, "url": request.url, "httpVersion": "HTTP/1.1", "cookies": [],
                "headers": headers, "queryString": query, "postData": post_data,
                "headersSize": -1, "bodySize": request.body.len(),
            },
            "response": response(capture),
            "cache": {},
            "timings": {"send": 0, "wait": 0, "receive": 0},
        });
        // HAR's place for what it has no field for: names starting with an underscore.
        if let Some(provider) = &capture.provider {
            entry["_whk"] = json!({"provider": provider, "event": capture.event});
        }
        let separator = if self.entries == 0 { "\n" } else { ",\n" };
        self.entries += 1;
        write!(out, "{separator}      {entry}")?;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "\n    ]\n  }}\n}}")
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The captured answer, or HAR's "no response" (status 0) when there was none.
fn response(capture: &crate::fixture::Capture) -> serde_json::Value {
    let (status, headers, body) = match &capture.response {
        Some(r) => (r.status, r.headers.as_slice(), r.body.as_str()),
        None => (0, &[][..], ""),
    };
    let headers: Vec<_> = headers.iter().map(|(name, value)| json!({"name": name, "value": value})).collect();
    json!({
        "status": status, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [], "headers": headers,
        "content": {"size": body.len(), "mimeType": header(capture.response.as_ref().map_or(&[][..], |r| &r.headers), "Content-Type").unwrap_or(""), "text": body},
        "redirectURL": "", "headersSize": -1, "bodySize": body.len(),
    })
}

const BODY_LOST: &str = "a request body it recorded only the size of (browsers do so for binary bodies)";

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "startedDateTime")]
    started: Option<String>,
    request: Request,
    response: Option<Response>,
    #[serde(rename = "_whk")]
    whk: Option<WhkFields>,
}

#[derive(Deserialize)]
struct Request {
    method: String,
    url: String,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(rename = "postData")]
    post_data: Option<PostData>,
    #[serde(rename = "bodySize", default)]
    body_size: i64,
}

#[derive(Deserialize)]
struct NameValue {
    name: String,
    value: String,
}

#[derive(Deserialize)]
struct PostData {
    text: Option<String>,
    encoding: Option<String>,
    #[serde(default)]
    params: Vec<NameValue>,
}

#[derive(Deserialize)]
struct Response {
    status: i64,
}

#[derive(Deserialize)]
struct WhkFields {
    provider: Option<String>,
    event: Option<String>,
}

/// Every entry of a HAR file, each made a capture and handed to `sink` as soon as it is read.
pub fn import(reader: impl Read, sink: &mut Sink) -> Result<usize, Stop> {
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
    let mut state = State { sink, found: 0, stop: None };
    let entries = Key { name: "entries", inner: Entries(&mut state), required: false };
    let result = Key { name: "log", inner: entries, required: true }.deserialize(&mut de).and_then(|()| de.end());
    if let Some(stop) = state.stop {
        return Err(stop);
    }
    result?;
    Ok(state.found)
}

struct State<'s, 'a> {
    sink: &'s mut Sink<'a>,
    found: usize,
    /// Why the walk stopped, when the sink or an entry failed (serde carries only text).
    stop: Option<Stop>,
}

impl State<'_, '_> {
    fn take(&mut self, entry: Entry) -> Result<(), String> {
        let body = match &entry.request.post_data {
            Some(PostData { text: Some(text), encoding: Some(encoding), .. }) if encoding == "base64" => {
                decode_base64(text).ok_or("postData.text is not base64")?
            }
            Some(PostData { text: Some(text), .. }) => text.clone().into_bytes(),
            Some(PostData { params, .. }) => form_urlencoded::Serializer::new(String::new())
                .extend_pairs(params.iter().map(|p| (&p.name, &p.value)))
                .finish()
                .into_bytes(),
            None => Vec::new(),
        };
        // Chromium records no text for a binary request body: the size says one was sent.
        let declared = entry.request.body_size.max(0) as usize;
        let lost: &[&str] = if body.is_empty() && declared > 0 { &[BODY_LOST] } else { &[] };
        let incoming = Incoming {
            method: entry.request.method,
            url: entry.request.url,
            headers: entry.request.headers.into_iter().map(|h| (h.name, h.value)).collect(),
            body,
            received_at: entry.started,
            status: entry.response.and_then(|r| u16::try_from(r.status).ok()),
            provider: entry.whk.as_ref().and_then(|w| w.provider.clone()),
        };
        let mut capture = incoming.capture("har", lost)?;
        capture.event = entry.whk.and_then(|w| w.event);
        self.found += 1;
        (self.sink)(capture).map_err(|e| {
            let message = e.to_string();
            self.stop = Some(Stop::Sink(e));
            message
        })
    }
}

/// One key of a JSON object, its value handed to `inner`; the other keys are skipped unread.
/// `{"log": {"entries": [ … ]}}` is walked so, without building it.
struct Key<S> {
    name: &'static str,
    inner: S,
    /// Whether an object without the key is an error (a file that is no HAR at all).
    required: bool,
}

struct Entries<'r, 's, 'a>(&'r mut State<'s, 'a>);

impl<'de, S: DeserializeSeed<'de, Value = ()>> DeserializeSeed<'de> for Key<S> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, S: DeserializeSeed<'de, Value = ()>> Visitor<'de> for Key<S> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with \"{}\"", self.name)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut inner = Some(self.inner);
        while let Some(key) = map.next_key::<String>()? {
            match inner.take_if(|_| key == self.name) {
                Some(seed) => map.next_value_seed(seed)?,
                None => map.next_value::<IgnoredAny>().map(drop)?,
            }
        }
        if inner.is_some() && self.required {
            return Err(serde::de::Error::custom(format!("no \"{}\": this is not a HAR file", self.name)));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Entries<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of HAR entries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(entry) = seq.next_element::<Entry>()? {
            self.0.take(entry).map_err(serde::de::Error::custom)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_one_by_one_and_refuses_a_truncated_file() {
        let har = r#"{"log": {"version": "1.2", "creator": {"name": "x"}, "entries": [
            {"startedDateTime": "2026-01-01T00:00:00.000Z", "request": {"method": "POST", "url": "http://h:1/p?q=1",
             "headers": [{"name": "X-A", "value": "1"}, {"name": "X-A", "value": "2"}],
             "postData": {"mimeType": "application/octet-stream", "text": "/w==", "encoding": "base64"}},
             "response": {"status": 202}}]}}"#;
        let mut found = Vec::new();
        let count = import(har.as_bytes(), &mut |c| {
            found.push(c);
            Ok(())
        })
        .unwrap();
        assert_eq!(count, 1);
        let capture = &found[0];
        assert_eq!((capture.path.as_str(), capture.query.as_deref()), ("/p", Some("q=1")));
        assert_eq!(capture.body.bytes().unwrap(), [0xff]);
        assert_eq!(
            capture.headers,
            [("Host".into(), "h:1".into()), ("X-A".into(), "1".into()), ("X-A".into(), "2".into())]
        );
        assert_eq!(capture.response.as_ref().map(|r| r.status), Some(202));

        let truncated = &har[..har.len() / 2];
        match import(truncated.as_bytes(), &mut |_| Ok(())) {
            Err(Stop::Source(e)) => assert!(e.line >= 2 && e.message.contains("EOF"), "{e:?}"),
            _ => panic!("a truncated HAR is refused"),
        }
        assert!(matches!(import(&b"{\"entries\": []}"[..], &mut |_| Ok(())), Err(Stop::Source(_))));
    }
}
