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
    let mut json: Value = match serde_json::from_slice(body) {
        Ok(json) => json,
        Err(_) if is_form(body) => return set_form_fields(body, sets),
        Err(e) => {
            return Err(Error::bad_input(format!("--set needs a JSON or form body, and this one is neither: {e}"))
                .hint("drop --set, or send a JSON or form-encoded body"))
        }
    };
    for set in sets {
        let (path, raw) = split_set(set)?;
        let value = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()));
        *slot(&mut json, path)? = value;
    }
    let pretty = body.trim_ascii_end().contains(&b'\n');
    let mut out = if pretty { serde_json::to_vec_pretty(&json) } else { serde_json::to_vec(&json) }
        .map_err(|e| Error::runtime(format!("cannot write JSON: {e}")))?;
    out.extend_from_slice(&body[body.trim_ascii_end().len()..]);
    Ok(out)
}

fn split_set(set: &str) -> Result<(&str, &str), Error> {
    set.split_once('=').filter(|(p, _)| !p.is_empty()).ok_or_else(|| {
        Error::bad_input(format!("--set {} is not PATH=VALUE", crate::output::quoted(set)))
            .hint("write e.g. --set data.amount=4200")
    })
}

/// `a=1&b=2`: text without spaces or line breaks whose every `&` piece holds an `=`.
fn is_form(body: &[u8]) -> bool {
    let text = body.trim_ascii_end();
    !text.is_empty()
        && !text.iter().any(|b| b.is_ascii_whitespace())
        && text.split(|&b| b == b'&').all(|piece| piece.contains(&b'='))
}

/// `--set FIELD=VALUE` on a form body: the field's first occurrence gets the value (encoded),
/// later ones go, a missing one is appended; every other field keeps its bytes.
fn set_form_fields(body: &[u8], sets: &[String]) -> Result<Vec<u8>, Error> {
    let text = body.trim_ascii_end();
    let mut pieces: Vec<Vec<u8>> = text.split(|&b| b == b'&').map(<[u8]>::to_vec).collect();
    for set in sets {
        let (field, value) = split_set(set)?;
        let encoded = form_urlencoded::Serializer::new(String::new()).append_pair(field, value).finish().into_bytes();
        let named = |piece: &Vec<u8>| form_urlencoded::parse(piece).next().is_some_and(|(name, _)| name == field);
        match pieces.iter().position(named) {
            Some(first) => {
                pieces[first] = encoded;
                let mut index = 0;
                pieces.retain(|piece| {
                    index += 1;
                    index - 1 == first || !named(piece)
                });
            }
            None => pieces.push(encoded),
        }
    }
    let mut out = pieces.join(&b'&');
    out.extend_from_slice(&body[text.len()..]);
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
    fn sets_form_fields_keeping_the_others_byte_for_byte() {
        let body = b"call_id=1&caller=%2B7900&status=busy&caller=%2B7911\n";
        let out = apply_sets(body, &["caller=+7984 333".into(), "new=x&y".into(), "status=answered".into()]).unwrap();
        assert_eq!(out, b"call_id=1&caller=%2B7984+333&status=answered&new=x%26y\n");
    }

    #[test]
    fn rejects_what_it_cannot_set() {
        assert!(apply_sets(b"not json", &["a=1".into()]).is_err());
        assert!(apply_sets(b"a=1&b=2", &["=1".into()]).is_err());
        assert!(apply_sets(b"[1]", &["5=1".into()]).is_err());
        assert!(apply_sets(b"{}", &["=1".into()]).is_err());
    }
}
