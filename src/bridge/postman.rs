//! Postman collections, v2.1: one item per capture out; items (in folders too), their headers
//! and raw or url-encoded bodies read back, `{{variable}}` filled from the collection's own.

use std::io::{Read, Write};

use serde::Deserialize;
use serde_json::{json, Value};

use super::{ExportError, Exporter, ImportError, Incoming, Outgoing, Sink, Stop};

const SCHEMA: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

#[derive(Default)]
pub struct Postman {
    items: usize,
}

impl Exporter for Postman {
    fn begin(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        let info = json!({"_postman_id": crate::scheme::fresh_uuid(), "name": "whk export", "schema": SCHEMA});
        write!(out, "{{\n  \"info\": {info},\n  \"item\": [")
    }

    fn entry(&mut self, out: &mut dyn Write, request: &Outgoing) -> Result<(), ExportError> {
        let Ok(body) = std::str::from_utf8(&request.body) else {
            return Err(ExportError::Unfit(
                "its body is not UTF-8 text, which a Postman raw body cannot hold (har or curl can)".into(),
            ));
        };
        let headers: Vec<_> = request
            .headers
            .iter()
            .filter(|(n, _)| !crate::http::is_hop_by_hop(n))
            .map(|(key, value)| json!({"key": key, "value": value}))
            .collect();
        let mut item = json!({
            "name": request.name,
            "request": {"method": request.capture.method, "header": headers, "url": {"raw": request.url}},
        });
        if !body.is_empty() {
            item["request"]["body"] = json!({"mode": "raw", "raw": body});
        }
        let separator = if self.items == 0 { "\n" } else { ",\n" };
        self.items += 1;
        write!(out, "{separator}    {item}")?;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "\n  ]\n}}")
    }
}

#[derive(Deserialize)]
struct Collection {
    info: Info,
    #[serde(default)]
    item: Vec<Item>,
    #[serde(default)]
    variable: Vec<Variable>,
}

#[derive(Deserialize)]
struct Info {
    schema: Option<String>,
}

#[derive(Deserialize)]
struct Item {
    name: Option<String>,
    request: Option<Value>,
    #[serde(default)]
    item: Vec<Item>,
}

#[derive(Deserialize)]
struct Variable {
    key: String,
    #[serde(default)]
    value: Value,
}

/// Every request of a collection, folders walked in order.
pub fn import(reader: impl Read, sink: &mut Sink) -> Result<usize, Stop> {
    let collection: Collection = serde_json::from_reader(std::io::BufReader::new(reader))?;
    if !collection.info.schema.as_deref().is_some_and(|s| s.contains("getpostman.com")) {
        return Err(ImportError::at(1, "info.schema is not a Postman collection schema").into());
    }
    let variables: Vec<(String, String)> = collection
        .variable
        .iter()
        .map(|v| (v.key.clone(), v.value.as_str().map_or_else(|| v.value.to_string(), str::to_string)))
        .collect();
    let mut found = 0;
    walk(&collection.item, &variables, sink, &mut found)?;
    Ok(found)
}

fn walk(items: &[Item], variables: &[(String, String)], sink: &mut Sink, found: &mut usize) -> Result<(), Stop> {
    for item in items {
        walk(&item.item, variables, sink, found)?;
        let Some(request) = &item.request else { continue };
        let name = item.name.as_deref().unwrap_or("(unnamed)");
        let incoming = request_of(request, variables).map_err(|m| ImportError::at(1, format!("item {name:?}: {m}")))?;
        let capture =
            incoming.capture("postman", &[]).map_err(|m| ImportError::at(1, format!("item {name:?}: {m}")))?;
        sink(capture).map_err(Stop::Sink)?;
        *found += 1;
    }
    Ok(())
}

fn request_of(request: &Value, variables: &[(String, String)]) -> Result<Incoming, String> {
    let fill = |text: &str| {
        crate::template::fill(text, |name| variables.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    };
    // A request may be just its URL.
    let url = match request.get("url").unwrap_or(request) {
        Value::String(url) => url.clone(),
        url => url.get("raw").and_then(Value::as_str).ok_or("its url has no \"raw\"")?.to_string(),
    };
    let headers = request
        .get("header")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|h| !h.get("disabled").and_then(Value::as_bool).unwrap_or(false))
        .map(|h| {
            let field = |name: &str| {
                h.get(name).and_then(Value::as_str).map(fill).ok_or(format!("a header without \"{name}\""))
            };
            Ok((field("key")?, field("value")?))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let body = request.get("body");
    let body = match body.and_then(|b| b.get("mode")).and_then(Value::as_str) {
        None => Vec::new(),
        Some("raw") => {
            body.and_then(|b| b.get("raw")).and_then(Value::as_str).map(fill).unwrap_or_default().into_bytes()
        }
        Some("urlencoded") => {
            let pairs = body.and_then(|b| b.get("urlencoded")).and_then(Value::as_array).cloned().unwrap_or_default();
            let mut form = form_urlencoded::Serializer::new(String::new());
            for pair in pairs.iter().filter(|p| !p.get("disabled").and_then(Value::as_bool).unwrap_or(false)) {
                let text = |name: &str| pair.get(name).and_then(Value::as_str).map(fill).unwrap_or_default();
                form.append_pair(&text("key"), &text("value"));
            }
            form.finish().into_bytes()
        }
        Some(mode) => {
            return Err(format!("a {mode} body, which whk cannot rebuild byte for byte (raw and urlencoded it can)"))
        }
    };
    let method = request.get("method").and_then(Value::as_str).unwrap_or("GET").to_string();
    Ok(Incoming { method, url: fill(&url), headers, body, received_at: None, status: None, provider: None })
}
