//! The built-in event catalogue (`fixtures/events/<provider>/<event>.<json|form>`, embedded at
//! build time) and the templates its bodies use, filled afresh for every send.

use rand_core::{OsRng, RngCore};

use crate::error::Error;
use crate::scheme::rfc3339;

/// One catalogue entry: a body template in the provider's real shape.
#[derive(Debug)]
pub struct Event {
    pub provider: &'static str,
    pub name: &'static str,
    pub content_type: &'static str,
    pub template: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/events.rs"));

pub fn for_provider(provider: &str) -> impl Iterator<Item = &'static Event> + '_ {
    EVENTS.iter().filter(move |e| e.provider == provider)
}

pub fn find(provider: &str, name: &str) -> Option<&'static Event> {
    for_provider(provider).find(|e| e.name == name)
}

/// The event, or a usage error that lists the provider's events.
pub fn named(provider: &str, name: &str) -> Result<&'static Event, Error> {
    find(provider, name).ok_or_else(|| {
        let known: Vec<&str> = for_provider(provider).map(|e| e.name).collect();
        Error::usage(format!("{provider} has no built-in event {}", crate::output::quoted(name)))
            .hint(format!("one of: {} (see `whk events {provider}`)", known.join(", ")))
    })
}

/// The placeholders event bodies may use; anything else in `{{…}}` is left as written.
pub const PLACEHOLDERS: [&str; 6] = ["uuid", "random_id", "now_rfc3339", "now_unix", "now_unix_ms", "now_local"];

impl Event {
    /// The body as it would be sent now. A form body keeps its placeholders URL-encoded
    /// (`%7B%7Bnow_local%7D%7D`), so each field is decoded, filled and encoded again.
    pub fn body(&self, now: i64) -> String {
        if self.content_type != FORM {
            return render(self.template, now);
        }
        let mut form = form_urlencoded::Serializer::new(String::new());
        for (name, value) in form_urlencoded::parse(self.template.trim_end().as_bytes()) {
            form.append_pair(&name, &render(&value, now));
        }
        form.finish()
    }
}

const FORM: &str = "application/x-www-form-urlencoded";

/// Fills the placeholders: each `{{uuid}}` and `{{random_id}}` is fresh; times are `now`.
pub fn render(template: &str, now: i64) -> String {
    crate::template::fill(template, |name| PLACEHOLDERS.contains(&name).then(|| value(name, now)))
}

fn value(name: &str, now: i64) -> String {
    match name {
        "uuid" => uuid::Uuid::new_v4().to_string(),
        "random_id" => format!("{:016x}", OsRng.next_u64()),
        "now_rfc3339" => rfc3339(now),
        "now_unix" => now.to_string(),
        "now_unix_ms" => (now * 1000).to_string(),
        // Novofon's `Y-m-d H:i:s`, in UTC.
        _ => rfc3339(now).replace('T', " ").trim_end_matches('Z').to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_fills_known_placeholders_and_keeps_the_rest() {
        let out = render("{{now_unix}} {{now_unix_ms}} {{now_rfc3339}} {{now_local}} {{nope}} {{", 1700000000);
        assert_eq!(out, "1700000000 1700000000000 2023-11-14T22:13:20Z 2023-11-14 22:13:20 {{nope}} {{");
        let ids = render("{{uuid}} {{uuid}} {{random_id}}", 0);
        let parts: Vec<_> = ids.split(' ').collect();
        assert_ne!(parts[0], parts[1], "fresh per use");
        assert_eq!(parts[2].len(), 16);
    }

    #[test]
    fn no_event_is_sent_with_a_placeholder_left() {
        for event in EVENTS {
            let body = event.body(1_700_000_000);
            let lower = body.to_ascii_lowercase();
            assert!(
                !body.contains("{{") && !body.contains("}}") && !lower.contains("%7b%7b") && !lower.contains("%7d%7d"),
                "{}/{} renders with a placeholder left: {body}",
                event.provider,
                event.name
            );
        }
        let call = find("novofon", "NOTIFY_END").unwrap().body(1_700_000_000);
        assert!(call.contains("call_start=2023-11-14+22%3A13%3A20"), "filled, then form-encoded: {call}");
    }

    #[test]
    fn catalogue_is_embedded() {
        assert!(find("github", "push").is_some());
        assert!(find("shopify", "orders/create").is_some(), "-- in a file name is /");
        assert_eq!(
            find("novofon", "incoming.answered").map(|e| e.content_type),
            Some("application/x-www-form-urlencoded")
        );
    }
}
