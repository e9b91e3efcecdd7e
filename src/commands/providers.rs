//! `whk providers`: every scheme in the registry, with where its signature travels, what it
//! signs, its secret and its age rule.

use colored::Colorize;
use serde_json::json;

use super::Outcome;
use crate::error::Error;
use crate::output::Printer;
use crate::scheme::REGISTRY;

pub fn run(printer: &Printer) -> Result<Outcome, Error> {
    let json = printer.json_mode();
    if json {
        let list: Vec<_> = REGISTRY
            .iter()
            .map(|s| {
                let info = s.info();
                json!({
                    "name": s.name(),
                    "aliases": s.aliases(),
                    "summary": s.summary(),
                    "headers": info.headers,
                    "signed": info.signed,
                    "secret": info.secret,
                    "tolerance": info.tolerance,
                    "always_signed": s.needs_secret(),
                })
            })
            .collect();
        printer.json(&json!(list))?;
        return Ok(Outcome::Success);
    }
    for (i, scheme) in REGISTRY.iter().enumerate() {
        let info = scheme.info();
        if i > 0 {
            printer.line("")?;
        }
        let aliases = if scheme.aliases().is_empty() {
            String::new()
        } else {
            format!(" (also {})", scheme.aliases().join(", "))
        };
        printer.line(&format!("{}{aliases}  {}", scheme.name().bold(), scheme.summary()))?;
        for (label, value) in
            [("headers", info.headers), ("signed", info.signed), ("secret", info.secret), ("tolerance", info.tolerance)]
        {
            printer.line(&format!("  {:<10} {value}", format!("{label}:").dimmed()))?;
        }
    }
    Ok(Outcome::Success)
}

/// The README's providers table, generated from the registry (a test keeps README.md current).
pub fn markdown_table() -> String {
    let mut table =
        String::from("| provider | signature travels in | signed | secret | tolerance |\n|---|---|---|---|---|\n");
    let cell = |text: &str| text.replace('|', "\\|");
    for scheme in REGISTRY {
        let info = scheme.info();
        let aliases: String = scheme.aliases().iter().map(|a| format!(" `{a}`")).collect();
        table.push_str(&format!(
            "| `{}`{} | {} | {} | {} | {} |\n",
            scheme.name(),
            if aliases.is_empty() { String::new() } else { format!(" (also{aliases})") },
            cell(info.headers),
            cell(info.signed),
            cell(info.secret),
            cell(info.tolerance)
        ));
    }
    table
}
