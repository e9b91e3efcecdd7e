//! `whk events [PROVIDER [EVENT]]`: the built-in event catalogue, or one event's body; with
//! `--spec FILE`, an OpenAPI spec's webhooks, or one webhook's body.

use serde_json::json;

use super::input::spec_body;
use super::Outcome;
use crate::cli::EventsArgs;
use crate::error::Error;
use crate::events::EVENTS;
use crate::output::{sanitize_line, Printer};
use crate::spec::Spec;

pub fn run(args: EventsArgs, printer: &Printer) -> Result<Outcome, Error> {
    let json = printer.json_mode();
    match (&args.spec, &args.webhook) {
        (Some(path), Some(name)) => {
            let (body, _) = spec_body(path, name, printer)?;
            printer.bytes(&body)?;
            printer.line("")?;
            return Ok(Outcome::Success);
        }
        (Some(path), None) => return spec_webhooks(&Spec::load(path)?, printer),
        _ => {}
    }
    let provider = args.provider.map(|p| p.0.name());
    if let (Some(provider), Some(name)) = (provider, &args.event) {
        let event = crate::events::named(provider, name)?;
        let body = event.body(crate::scheme::now_unix());
        if json {
            let out =
                json!({"provider": provider, "event": event.name, "content_type": event.content_type, "body": body});
            printer.json(&out)?;
        } else {
            printer.bytes(body.as_bytes())?;
            if !body.ends_with('\n') {
                printer.line("")?;
            }
        }
        return Ok(Outcome::Success);
    }
    let events: Vec<_> = EVENTS.iter().filter(|e| provider.is_none_or(|p| e.provider == p)).collect();
    if json {
        let list: Vec<_> = events
            .iter()
            .map(|e| json!({"provider": e.provider, "event": e.name, "content_type": e.content_type}))
            .collect();
        printer.json(&json!(list))?;
        return Ok(Outcome::Success);
    }
    let width = events.iter().map(|e| e.provider.len()).max().unwrap_or(0);
    for event in events {
        printer.line(&format!("{:width$}  {}", event.provider, event.name))?;
    }
    Ok(Outcome::Success)
}

/// A spec's webhooks, a line each (name, event, what a body comes from, summary).
fn spec_webhooks(spec: &Spec, printer: &Printer) -> Result<Outcome, Error> {
    let json = printer.json_mode();
    let source = |w: &crate::spec::Webhook| match (&w.example, &w.schema_pointer) {
        (Some(_), _) => "example",
        (None, Some(_)) => "schema",
        (None, None) => "no body",
    };
    if json {
        let list: Vec<_> = spec
            .webhooks()
            .iter()
            .map(|w| {
                json!({"webhook": w.name, "method": w.method, "event": w.event, "action": w.action,
                       "body": source(w), "schema": w.schema_pointer, "summary": w.summary})
            })
            .collect();
        printer.json(&json!(list))?;
        return Ok(Outcome::Success);
    }
    let width = spec.webhooks().iter().map(|w| w.name.chars().count()).max().unwrap_or(0);
    for w in spec.webhooks() {
        let event = match &w.action {
            Some(action) => format!("{} ({action})", w.event),
            None => w.event.clone(),
        };
        let summary = w.summary.as_deref().map(|s| format!("  {}", first_sentence(s))).unwrap_or_default();
        let line = format!("{:width$}  {} {event} · {}{summary}", w.name, w.method, source(w));
        printer.line(&sanitize_line(&line))?;
    }
    Ok(Outcome::Success)
}

/// A summary's first sentence, at most 80 characters: one line per webhook.
fn first_sentence(text: &str) -> String {
    let sentence = text.split(". ").next().unwrap_or(text).trim_end_matches('.');
    match sentence.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &sentence[..cut]),
        None => sentence.to_string(),
    }
}
