//! `whk events [PROVIDER [EVENT]]`: the built-in event catalogue, or one event's body.

use serde_json::json;

use super::Outcome;
use crate::cli::EventsArgs;
use crate::error::Error;
use crate::events::EVENTS;
use crate::output::Printer;

pub fn run(args: EventsArgs, printer: &Printer) -> Result<Outcome, Error> {
    let json = printer.json_mode();
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
