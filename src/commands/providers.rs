//! `whk providers`: every scheme in the registry.

use serde_json::json;

use super::Outcome;
use crate::error::Error;
use crate::output::Printer;
use crate::scheme::REGISTRY;

pub fn run(printer: &Printer, json: bool) -> Result<Outcome, Error> {
    if json {
        let list: Vec<_> = REGISTRY
            .iter()
            .map(|s| json!({"name": s.name(), "aliases": s.aliases(), "summary": s.summary(), "always_signed": s.needs_secret()}))
            .collect();
        printer.json(&json!(list))?;
        return Ok(Outcome::Success);
    }
    let width = REGISTRY.iter().map(|s| s.name().len()).max().unwrap_or(0);
    for scheme in REGISTRY {
        printer.line(&format!("{:width$}  {}", scheme.name(), scheme.summary()))?;
    }
    Ok(Outcome::Success)
}

/// The README's providers table, generated from the registry (a test keeps README.md current).
pub fn markdown_table() -> String {
    let mut table = String::from("| provider | aliases | scheme |\n|---|---|---|\n");
    for scheme in REGISTRY {
        let aliases = scheme
            .aliases()
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        table.push_str(&format!(
            "| `{}` | {aliases} | {} |\n",
            scheme.name(),
            scheme.summary().replace('|', "\\|")
        ));
    }
    table
}
