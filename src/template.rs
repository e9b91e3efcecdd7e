//! `{{name}}` slots in a text, filled in one pass: what a slot's value contains is never read as
//! a slot again, and a slot nobody knows is left as written. Event bodies and the HTML report
//! both use it.

/// `template` with each `{{name}}` for which `value` has something replaced by it.
pub fn fill(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        match after.find("}}").and_then(|close| value(&after[..close]).map(|filled| (filled, close))) {
            Some((filled, close)) => {
                out.push_str(&filled);
                rest = &after[close + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_filled_once_and_unknown_slots_stay() {
        let slots = |name: &str| match name {
            "a" => Some("{{b}}".to_string()),
            "b" => Some("x".to_string()),
            _ => None,
        };
        assert_eq!(fill("<p>{{a}} {{b}} {{unknown}} {{</p>", slots), "<p>{{b}} x {{unknown}} {{</p>");
    }
}
