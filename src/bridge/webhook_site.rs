//! webhook.site's request JSON: one request, or the `{"data": […]}` page its API returns. It
//! keeps header names lower-cased with each name's values grouped, and the query string as its
//! framework re-normalised it; the capture records both losses.

use std::io::Read;

use serde::Deserialize;
use serde_json::Value;

use super::{ImportError, Incoming, Sink, Stop};

const LOST: [&str; 2] = [
    "header names lower-cased and each name's values grouped (webhook.site keeps no order across names)",
    "the query string as webhook.site re-normalised it",
];

#[derive(Deserialize)]
#[serde(untagged)]
enum Export {
    Page { data: Vec<Value> },
    One(Value),
}

pub fn import(reader: impl Read, sink: &mut Sink) -> Result<usize, Stop> {
    let export: Export = serde_json::from_reader(std::io::BufReader::new(reader))?;
    let requests = match export {
        Export::Page { data } => data,
        Export::One(one) => vec![one],
    };
    let mut found = 0;
    for (index, request) in requests.iter().enumerate() {
        let where_ = |message: String| ImportError::at(1, format!("request {}: {message}", index + 1));
        let incoming = incoming(request).map_err(where_)?;
        let capture = incoming.capture("webhook-site", &LOST).map_err(where_)?;
        sink(capture).map_err(Stop::Sink)?;
        found += 1;
    }
    Ok(found)
}

fn incoming(request: &Value) -> Result<Incoming, String> {
    let text = |name: &str| request.get(name).and_then(Value::as_str);
    let (Some(method), Some(url)) = (text("method"), text("url")) else {
        return Err("expected webhook.site's request fields (uuid, method, url, headers, content)".into());
    };
    let mut headers = Vec::new();
    for (name, values) in request.get("headers").and_then(Value::as_object).into_iter().flatten() {
        match values {
            Value::Array(values) => {
                headers.extend(values.iter().filter_map(Value::as_str).map(|v| (name.clone(), v.to_string())))
            }
            Value::String(value) => headers.push((name.clone(), value.clone())),
            _ => return Err(format!("header {name:?} is neither a string nor a list of them")),
        }
    }
    Ok(Incoming {
        method: method.to_string(),
        url: url.to_string(),
        headers,
        body: text("content").unwrap_or_default().as_bytes().to_vec(),
        received_at: text("created_at").and_then(rfc3339),
        status: None,
        provider: None,
    })
}

/// webhook.site's `2026-11-22 23:30:00.123` (UTC) as RFC 3339.
fn rfc3339(stamp: &str) -> Option<String> {
    let (date, time) = stamp.split_once(' ')?;
    let time = if time.contains('.') { time.to_string() } else { format!("{time}.000") };
    let text = format!("{date}T{time}Z");
    humantime::parse_rfc3339(&text).ok().map(|_| text)
}
