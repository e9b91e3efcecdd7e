//! A body made from a JSON Schema, for a webhook whose spec gives no example: the schema's own
//! `const`, `examples`, `default` or first `enum` value where it has one, otherwise the
//! simplest value of its type that keeps its bounds and formats. The same schema always makes
//! the same body, so a test can rely on it. Patterns are not inverted: `send --spec` says when
//! a body made this way does not pass its own schema.

use serde_json::{Map, Number, Value};

use super::locate::follow;

/// Deeper than this, a recursive schema stops with `null`.
const MAX_DEPTH: usize = 16;
/// The most schemas one sample visits: a schema whose properties refer back to it many times
/// over would otherwise grow a body exponentially.
const MAX_NODES: usize = 10_000;

/// A value `schema` (within `doc`, for its `$ref`s) accepts.
pub fn sample(doc: &Value, schema: &Value) -> Value {
    Maker { doc, left: MAX_NODES }.make(schema, 0).unwrap_or(Value::Null)
}

struct Maker<'a> {
    doc: &'a Value,
    left: usize,
}

impl Maker<'_> {
    /// The value for `schema`; `None` where it asks for nothing in particular (no type), so that
    /// `allOf` parts and alternatives decide, and a `null` one asks for is kept.
    fn make(&mut self, schema: &Value, depth: usize) -> Option<Value> {
        let schema = follow(self.doc, schema)?;
        if depth > MAX_DEPTH || self.left == 0 {
            return None;
        }
        self.left -= 1;
        if let Some(given) = given_value(schema) {
            return Some(given);
        }
        let mut value = match primary_type(schema) {
            Some("object") => Some(self.object(schema, depth)),
            Some("array") => Some(self.array(schema, depth)),
            Some("string") => Some(Value::String(string(schema))),
            Some("integer") => Some(Value::Number(integer(schema).into())),
            Some("number") => Number::from_f64(number(schema)).map(Value::Number),
            Some("boolean") => Some(Value::Bool(true)),
            Some("null") => Some(Value::Null),
            _ => None,
        };
        let doc = self.doc;
        let alternative = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|k| schema.get(*k)?.as_array())
            .flatten()
            .find(|alt| follow(doc, alt).is_some_and(|a| primary_type(a) != Some("null")));
        if let Some(alternative) = alternative {
            value = merge(value, self.make(alternative, depth + 1));
        }
        // Every part of an `allOf` must hold: each narrows what came before.
        for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            value = merge(value, self.make(part, depth + 1));
        }
        value
    }

    /// The required properties (every property where none is required).
    fn object(&mut self, schema: &Value, depth: usize) -> Value {
        let mut map = Map::new();
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return Value::Object(map) };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (name, property) in properties {
            if required.is_empty() || required.contains(&name.as_str()) {
                map.insert(name.clone(), self.make(property, depth + 1).unwrap_or(Value::Null));
            }
        }
        Value::Object(map)
    }

    fn array(&mut self, schema: &Value, depth: usize) -> Value {
        let count = schema.get("minItems").and_then(Value::as_u64).unwrap_or(1).max(1);
        let count = schema.get("maxItems").and_then(Value::as_u64).map_or(count, |max| count.min(max));
        let item = schema.get("items").and_then(|items| self.make(items, depth + 1)).unwrap_or(Value::Null);
        Value::Array(vec![item; count.min(16) as usize])
    }
}

/// The value a schema names itself: `const`, its first example, `default`, its first `enum`;
/// an example of another type than the schema's is passed over (published specs have some).
fn given_value(schema: &Value) -> Option<Value> {
    let first = |key: &str| schema.get(key).and_then(Value::as_array).and_then(|a| a.first()).cloned();
    let examples = [first("examples"), schema.get("example").cloned(), schema.get("default").cloned()];
    schema
        .get("const")
        .cloned()
        .or_else(|| examples.into_iter().flatten().find(|v| fits_type(schema, v)))
        .or_else(|| first("enum"))
}

/// Whether `value` is of a type the schema's `type` allows (any, where it names none).
fn fits_type(schema: &Value, value: &Value) -> bool {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let allows = |t: &str| t == kind || (t == "number" && kind == "integer");
    match schema.get("type") {
        Some(Value::String(one)) => allows(one),
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).any(allows),
        _ => true,
    }
}

/// The schema's type, the first that is not `null` where it lists several; inferred from
/// `properties` or `items` where it names none.
fn primary_type(schema: &Value) -> Option<&str> {
    match schema.get("type") {
        Some(Value::String(one)) => Some(one),
        Some(Value::Array(many)) => {
            let types = || many.iter().filter_map(Value::as_str);
            types().find(|t| *t != "null").or_else(|| types().next())
        }
        _ if schema.get("properties").is_some() => Some("object"),
        _ if schema.get("items").is_some() => Some("array"),
        _ => None,
    }
}

fn string(schema: &Value) -> String {
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2024-01-15T10:30:00Z",
        Some("date") => "2024-01-15",
        Some("time") => "10:30:00Z",
        Some("uuid") => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        Some("email" | "idn-email") => "user@example.com",
        Some("uri" | "url" | "iri" | "uri-reference") => "https://example.com/",
        Some("hostname" | "idn-hostname") => "example.com",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        _ => "string",
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema.get("maxLength").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize);
    let mut text: String = text.chars().take(max).collect();
    while text.chars().count() < min.min(4096) {
        text.push('x');
    }
    text
}

fn integer(schema: &Value) -> i64 {
    let low = bound(schema, "minimum", "exclusiveMinimum", 1.0).map(|l| l.ceil() as i64);
    let high = bound(schema, "maximum", "exclusiveMaximum", -1.0).map(|h| h.floor() as i64);
    match (low, high) {
        (Some(low), _) => low,
        (None, Some(high)) => high.min(1),
        (None, None) => 1,
    }
}

fn number(schema: &Value) -> f64 {
    let low = bound(schema, "minimum", "exclusiveMinimum", 1.0);
    let high = bound(schema, "maximum", "exclusiveMaximum", -1.0);
    match (low, high) {
        (Some(low), _) => low,
        (None, Some(high)) => high.min(1.0),
        (None, None) => 1.0,
    }
}

/// An inclusive bound, or an exclusive one moved `step` inside it.
fn bound(schema: &Value, inclusive: &str, exclusive: &str, step: f64) -> Option<f64> {
    schema
        .get(inclusive)
        .and_then(Value::as_f64)
        .or_else(|| schema.get(exclusive).and_then(Value::as_f64).map(|b| b + step))
}

/// `b` over `a` (`None`: no opinion), objects key by key.
fn merge(a: Option<Value>, b: Option<Value>) -> Option<Value> {
    match (a, b) {
        (a, None) => a,
        (Some(Value::Object(mut a)), Some(Value::Object(b))) => {
            for (key, value) in b {
                match a.get_mut(&key) {
                    Some(old) => *old = merge(Some(old.take()), Some(value)).unwrap_or(Value::Null),
                    None => {
                        a.insert(key, value);
                    }
                }
            }
            Some(Value::Object(a))
        }
        (_, b) => b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_sample_keeps_consts_bounds_formats_and_required_properties() {
        let doc = json!({"components": {"schemas": {"Id": {"type": "string", "format": "uuid"}}}});
        let schema = json!({
            "allOf": [
                {"type": "object", "required": ["id", "n", "kind"], "properties": {
                    "id": {"$ref": "#/components/schemas/Id"},
                    "n": {"type": "integer", "exclusiveMinimum": 0},
                    "kind": {"type": "string"},
                    "optional": {"type": "string"}
                }},
                {"properties": {"kind": {"const": "patient.created"}}}
            ]
        });
        assert_eq!(
            sample(&doc, &schema),
            json!({"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "n": 1, "kind": "patient.created"})
        );
        let nullable = json!({"anyOf": [{"type": "null"}, {"type": "array", "items": {"type": ["null", "boolean"]}, "minItems": 2}]});
        assert_eq!(sample(&doc, &nullable), json!([true, true]));
        let explosive = json!({"components": {"schemas": {"N": {"type": "object", "properties": {
            "a": {"$ref": "#/components/schemas/N"}, "b": {"$ref": "#/components/schemas/N"},
            "c": {"$ref": "#/components/schemas/N"}, "d": {"$ref": "#/components/schemas/N"}}}}}});
        let made = sample(&explosive, &explosive["components"]["schemas"]["N"]);
        assert!(made.to_string().matches('{').count() <= MAX_NODES, "4^16 objects are not made");
        // A later allOf part that asks for null wins over an earlier alternative; an example of
        // the wrong type (published specs have some) is passed over.
        let narrowed = json!({"allOf": [
            {"type": "object", "required": ["a", "b"], "properties": {
                "a": {"anyOf": [{"type": "null"}, {"type": "object"}]},
                "b": {"type": "array", "examples": ["not an array"], "items": {"type": "integer"}}}},
            {"properties": {"a": {"type": "null"}}}
        ]});
        assert_eq!(sample(&doc, &narrowed), json!({"a": null, "b": [1]}));
        let looped = json!({"components": {"schemas": {"Node": {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/components/schemas/Node"}}}}}});
        assert!(sample(&looped, &looped["components"]["schemas"]["Node"]).is_object());
    }
}
