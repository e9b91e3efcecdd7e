//! Stripe CLI's `stripe listen --format JSON`: one event object after another. It prints the
//! event alone, so each capture is marked `stripe` with no headers to speak of and no
//! signature: `whk replay --resign --secret-env …` signs it as Stripe would.

use serde_json::Value;

use super::{ImportError, Incoming, Sink, Stop};

const LOST: [&str; 2] = [
    "the request's headers and path (Stripe CLI prints the event alone)",
    "the Stripe-Signature: replay with --resign --secret-env VAR to sign it afresh",
];

pub fn import(text: &str, sink: &mut Sink) -> Result<usize, Stop> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut found = 0;
    let mut start = 0;
    while let Some(next) = stream.next() {
        let line = text[..start].matches('\n').count() + 1;
        let event = next?;
        let end = stream.byte_offset();
        let body = text[start..end].trim();
        start = end;
        if event.get("object").and_then(Value::as_str) != Some("event") {
            return Err(ImportError::at(line, "expected a Stripe event object (\"object\": \"event\")").into());
        }
        let received_at = event.get("created").and_then(Value::as_i64).map(crate::scheme::rfc3339);
        let incoming = Incoming {
            method: "POST".into(),
            url: "/".into(),
            headers: vec![("Content-Type".into(), "application/json; charset=utf-8".into())],
            body: body.as_bytes().to_vec(),
            received_at,
            status: None,
            provider: Some("stripe".into()),
        };
        let mut capture = incoming.capture("stripe-cli", &LOST).map_err(|m| ImportError::at(line, m))?;
        capture.event = event.get("type").and_then(Value::as_str).map(str::to_string);
        sink(capture).map_err(Stop::Sink)?;
        found += 1;
    }
    if found == 0 {
        return Err(ImportError::at(1, "no Stripe event").into());
    }
    Ok(found)
}
