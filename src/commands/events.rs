//! `whk events [PROVIDER]`: the built-in event catalogue.

use serde_json::json;

use super::Outcome;
use crate::cli::EventsArgs;
use crate::error::Error;
use crate::events::EVENTS;
use crate::output::Printer;

pub fn run(args: EventsArgs, printer: &Printer) -> Result<Outcome, Error> {
    let json = printer.json_mode();
    let provider = args.provider.map(|p| p.0.name());
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
