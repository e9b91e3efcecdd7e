//! `--set path=value`: edits a JSON body by dotted path before it is signed.

use serde_json::Value;

use crate::error::Error;

/// Applies each `a.b.0.c=value` in order. A value that parses as JSON is used as JSON (numbers,
/// `true`, objects), anything else as a string. Missing object keys are created; a pretty body
/// stays pretty.
pub fn apply_sets(body: &[u8], sets: &[String]) -> Result<Vec<u8>, Error> {
    if sets.is_empty() {
        return Ok(body.to_vec());
    }
    let mut json: Value = serde_json::from_slice(body).map_err(|e| {
        Error::bad_input(format!("--set needs a JSON body, and this one is not JSON: {e}"))
            .hint("drop --set, or send a JSON body")
    })?;
    for set in sets {
        let (path, raw) = set.split_once('=').filter(|(p, _)| !p.is_empty()).ok_or_else(|| {
            Error::bad_input(format!("--set {} is not PATH=VALUE", crate::output::quoted(set)))
                .hint("write e.g. --set data.amount=4200")
        })?;
        let value = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()));
        *slot(&mut json, path)? = value;
    }
    let pretty = body.trim_ascii_end().contains(&b'\n');
    let mut out = if pretty { serde_json::to_vec_pretty(&json) } else { serde_json::to_vec(&json) }
        .map_err(|e| Error::runtime(format!("cannot write JSON: {e}")))?;
    out.extend_from_slice(&body[body.trim_ascii_end().len()..]);
    Ok(out)
}

fn slot<'a>(mut node: &'a mut Value, path: &str) -> Result<&'a mut Value, Error> {
    for segment in path.split('.') {
        let miss = || {
            Error::bad_input(format!("--set path {path}: no {segment:?} to set"))
                .hint("array indexes must exist; object keys are created")
        };
        node = match node {
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get_mut(i)).ok_or_else(miss)?,
            Value::Object(map) => map.entry(segment.to_string()).or_insert(Value::Null),
            other => {
                *other = Value::Object(Default::default());
                other.as_object_mut().expect("just made an object").entry(segment.to_string()).or_insert(Value::Null)
            }
        };
    }
    Ok(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_nested_values_with_json_types() {
        let body = br#"{"a":{"b":[1,{"c":"x"}]},"n":1}"#;
        let sets =
            ["a.b.1.c=y".to_string(), "n=2".to_string(), "new.key=true".to_string(), "s=hello world".to_string()];
        let out = apply_sets(body, &sets).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"a":{"b":[1,{"c":"y"}]},"n":2,"new":{"key":true},"s":"hello world"}"#
        );
    }

    #[test]
    fn keeps_pretty_printing_and_the_trailing_newline() {
        let out = apply_sets(b"{\n  \"a\": 1\n}\n", &["a=2".to_string()]).unwrap();
        assert_eq!(out, b"{\n  \"a\": 2\n}\n");
    }

    #[test]
    fn rejects_what_it_cannot_set() {
        assert!(apply_sets(b"not json", &["a=1".into()]).is_err());
        assert!(apply_sets(b"[1]", &["5=1".into()]).is_err());
        assert!(apply_sets(b"{}", &["=1".into()]).is_err());
    }
}
