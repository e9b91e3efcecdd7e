//! Places in a spec: JSON pointers through in-file `$ref`s, and the line a pointer is written
//! on (for messages: the YAML or JSON parser's values carry no positions).

use serde_json::Value;

/// How many `$ref`s one lookup may pass through before it is taken for a loop.
const MAX_REFS: usize = 64;

/// A key as one JSON-pointer token.
pub fn escape_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The value at `pointer`, following `$ref`s on the way and at the end; with the pointer of
/// where it really is.
pub fn resolve<'a>(doc: &'a Value, pointer: &str) -> Result<(String, &'a Value), String> {
    let mut hops = 0;
    let mut at = String::new();
    let mut node = doc;
    for token in pointer.split('/').skip(1) {
        let key = unescape_token(token);
        let next = match node {
            Value::Object(map) => map.get(&key),
            Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        node = next.ok_or_else(|| format!("{pointer} is not in the spec (nothing at {at}/{token})"))?;
        at = format!("{at}/{token}");
        (at, node) = through_refs(doc, at, node, &mut hops)?;
    }
    Ok((at, node))
}

/// `node`, or what its `$ref` (and theirs) points at.
fn through_refs<'a>(
    doc: &'a Value,
    mut at: String,
    mut node: &'a Value,
    hops: &mut usize,
) -> Result<(String, &'a Value), String> {
    while let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        *hops += 1;
        if *hops > MAX_REFS {
            return Err(format!("$ref {reference:?} goes round in a loop"));
        }
        let Some(target) = reference.strip_prefix('#') else {
            return Err(format!("$ref {reference:?} points outside the file; whk resolves $refs within it only"));
        };
        let target = percent_decode(target);
        let (found_at, found) =
            resolve_plain(doc, &target).ok_or_else(|| format!("$ref {reference:?} points at nothing"))?;
        (at, node) = (found_at, found);
    }
    Ok((at, node))
}

/// The value at `pointer` without following `$ref`s.
fn resolve_plain<'a>(doc: &'a Value, pointer: &str) -> Option<(String, &'a Value)> {
    if pointer.is_empty() {
        return Some((String::new(), doc));
    }
    doc.pointer(pointer).map(|v| (pointer.to_string(), v))
}

/// `schema`, or what its in-file `$ref` points at.
pub fn follow<'a>(doc: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    let mut hops = 0;
    through_refs(doc, String::new(), schema, &mut hops).ok().map(|(_, v)| v)
}

/// The first `$ref` under `at` (and under what its in-file `$ref`s reach) that points outside
/// the file: where it is written, and what it says.
pub fn outside_ref(doc: &Value, at: &str) -> Option<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![at.to_string()];
    while let Some(pointer) = todo.pop() {
        if !seen.insert(pointer.clone()) {
            continue;
        }
        let Some((_, node)) = resolve_plain(doc, &pointer) else { continue };
        match node {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value.as_str()) {
                        ("$ref", Some(target)) => match target.strip_prefix('#') {
                            Some(inside) => todo.push(percent_decode(inside)),
                            None => return Some((format!("{pointer}/$ref"), target.to_string())),
                        },
                        _ => todo.push(format!("{pointer}/{}", escape_token(key))),
                    }
                }
            }
            Value::Array(items) => todo.extend((0..items.len()).map(|i| format!("{pointer}/{i}"))),
            _ => {}
        }
    }
    None
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The line (1-based) `pointer`'s last key is written on: each key is looked for after the one
/// before it, as a YAML or JSON key. `None` when a key cannot be found that way.
pub fn line_of(text: &str, pointer: &str) -> Option<usize> {
    let mut from = 0;
    let mut found = None;
    for token in pointer.split('/').skip(1) {
        let key = unescape_token(token);
        if let Some(at) = find_key(text, &key, from) {
            from = at + key.len();
            found = Some(at);
        } else if key.parse::<usize>().is_err() {
            return None;
        }
    }
    found.map(|at| text[..at].matches('\n').count() + 1)
}

/// The line where YAML flow collections (`[`, `{`) first nest deeper than `limit`, if they
/// do. A bracket counts where YAML would open a collection: after a line's indentation, `:`,
/// `-`, `,`, `?` or another opening bracket, outside quotes.
pub fn deep_flow(text: &str, limit: usize) -> Option<usize> {
    let (mut depth, mut line) = (0usize, 1);
    let mut quote = None;
    let mut previous = '\n';
    for c in text.chars() {
        match (quote, c) {
            (_, '\n') => {
                line += 1;
                quote = None;
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if matches!(previous, '\n' | ':' | '-' | ',' | '[' | '{' | '?') => quote = Some(c),
            (None, '[' | '{') if matches!(previous, '\n' | ':' | '-' | ',' | '[' | '{' | '?') => {
                depth += 1;
                if depth > limit {
                    return Some(line);
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        if !c.is_whitespace() || c == '\n' {
            previous = c;
        }
    }
    None
}

/// The JSON pointer of what is written at `line` and `column` (1-based) of a spec that does not
/// parse, as far as the text before it shows: for JSON, the open objects' keys and arrays'
/// indices; for YAML, the block keys and list items by their indentation.
pub fn pointer_at(text: &str, line: usize, column: usize) -> String {
    let start = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    let rest = text.get(start..).unwrap_or("");
    let tokens = if text.trim_start().starts_with('{') {
        let within: usize = rest.chars().take(column.saturating_sub(1)).map(char::len_utf8).sum();
        json_path(&text[..(start + within).min(text.len())])
    } else {
        // A YAML line's key says where it is, wherever on the line the fault was seen.
        yaml_path(&text[..start + rest.find('\n').unwrap_or(rest.len())])
    };
    tokens.iter().map(|t| format!("/{}", escape_token(t))).collect()
}

/// Open containers in JSON text: each object's latest key, each array's item count.
fn json_path(text: &str) -> Vec<String> {
    enum Open {
        Object(Option<String>),
        Array(usize),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut chars = text.chars();
    let mut last_string = None;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut string = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => string.extend(chars.next()),
                        '"' => break,
                        c => string.push(c),
                    }
                }
                last_string = Some(string);
            }
            ':' => {
                if let Some(Open::Object(key)) = stack.last_mut() {
                    *key = last_string.take();
                }
            }
            ',' => {
                if let Some(Open::Array(count)) = stack.last_mut() {
                    *count += 1;
                }
            }
            '{' => stack.push(Open::Object(None)),
            '[' => stack.push(Open::Array(0)),
            '}' | ']' => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack
        .iter()
        .filter_map(|open| match open {
            Open::Object(key) => key.clone(),
            Open::Array(count) => Some(count.to_string()),
        })
        .collect()
}

/// Block keys and list items above the last line, by indentation.
fn yaml_path(text: &str) -> Vec<String> {
    // (indent, key or item index, whether it is an item)
    let mut stack: Vec<(usize, String, bool)> = Vec::new();
    for raw in text.lines() {
        let content = raw.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let mut indent = raw.len() - content.len();
        let mut rest = content;
        while let Some(item) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
            stack.retain(|(at, _, _)| *at <= indent);
            match stack.last_mut() {
                Some((at, index, true)) if *at == indent => {
                    *index = (index.parse::<usize>().unwrap_or(0) + 1).to_string()
                }
                _ => stack.push((indent, "0".into(), true)),
            }
            let trimmed = item.trim_start_matches(' ');
            indent += rest.len() - trimmed.len();
            rest = trimmed;
        }
        if let Some(key) = yaml_key(rest) {
            stack.retain(|(at, _, _)| *at < indent);
            stack.push((indent, key, false));
        }
    }
    stack.into_iter().map(|(_, token, _)| token).collect()
}

/// The key a YAML line starts with (`key:`, `"key":`, `'key':`), if it starts with one.
fn yaml_key(line: &str) -> Option<String> {
    let (key, after) = match line.chars().next()? {
        quote @ ('"' | '\'') => {
            let close = line[1..].find(quote)? + 1;
            (&line[1..close], &line[close + 1..])
        }
        _ => {
            let colon = line.find(": ").or_else(|| line.ends_with(':').then(|| line.len() - 1))?;
            (&line[..colon], &line[colon..])
        }
    };
    (after.starts_with(':') && !key.contains(['{', '[', '#'])).then(|| key.trim_end().to_string())
}

/// Where `key` is next written as a mapping key at or after `from`.
fn find_key(text: &str, key: &str, from: usize) -> Option<usize> {
    let mut start = from;
    while let Some(offset) = text.get(start..)?.find(key) {
        let at = start + offset;
        let before = text[..at].chars().next_back();
        let after = &text[at + key.len()..];
        let quoted = matches!(before, Some('"' | '\''));
        let rest = if quoted { after.get(1..).unwrap_or("") } else { after };
        let opens = before.is_none_or(|c| quoted || c.is_whitespace() || c == '{' || c == ',');
        if opens && rest.trim_start_matches([' ', '\t']).starts_with(':') {
            return Some(at);
        }
        start = at + key.len().max(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_pass_through_refs_and_name_where_they_land() {
        let doc = serde_json::json!({
            "webhooks": {"a.b": {"post": {"requestBody": {"$ref": "#/components/requestBodies/x"}}}},
            "components": {"requestBodies": {"x": {"content": {"application/json": {"schema": {"type": "object"}}}}}}
        });
        let (at, value) = resolve(&doc, "/webhooks/a.b/post/requestBody/content/application~1json/schema").unwrap();
        assert_eq!(at, "/components/requestBodies/x/content/application~1json/schema");
        assert_eq!(value["type"], "object");
        let loop_doc = serde_json::json!({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}});
        assert!(resolve(&loop_doc, "/a").unwrap_err().contains("loop"));
        let outside = serde_json::json!({"a": {"$ref": "other.yaml#/x"}});
        assert!(resolve(&outside, "/a").unwrap_err().contains("outside the file"));
    }

    #[test]
    fn lines_are_found_for_yaml_and_json_keys() {
        let yaml = "openapi: 3.1.0\nwebhooks:\n  ping:\n    post:\n      summary: post\n";
        assert_eq!(line_of(yaml, "/webhooks/ping/post"), Some(4));
        let json = "{\n \"webhooks\": {\n  \"ping\" : {\n   \"post\": {}\n  }\n }\n}";
        assert_eq!(line_of(json, "/webhooks/ping/post"), Some(4));
        assert_eq!(line_of(yaml, "/webhooks/nothing"), None);
    }

    #[test]
    fn a_parse_fault_is_placed_by_the_keys_and_items_above_it() {
        let yaml = "openapi: 3.1.0\nwebhooks:\n  ping:\n    post:\n      parameters:\n        - name: a\n          in: header\n        - name: b\n          schema: {type: [\n";
        assert_eq!(pointer_at(yaml, 9, 30), "/webhooks/ping/post/parameters/1/schema");
        assert_eq!(pointer_at(yaml, 3, 1), "/webhooks/ping");
        let json = "{\"webhooks\": {\"a/b\": {\"post\": {\"parameters\": [{\"x\": 1}, {\"name\": \"q\", \"in\": ]";
        assert_eq!(pointer_at(json, 1, json.len()), "/webhooks/a~1b/post/parameters/1/in");
    }

    #[test]
    fn deep_flow_nesting_is_found_and_prose_brackets_are_not() {
        let deep = format!("openapi: 3.1.0\nwebhooks:\n  x: {}\n", "[".repeat(200));
        assert_eq!(deep_flow(&deep, 128), Some(3));
        let prose =
            "description: see [the docs](https://x) and a[0]\nitems: [[1, 2], {a: [3]}]\ntext: '[[[['\n".repeat(500);
        assert_eq!(deep_flow(&prose, 128), None);
    }
}
