//! OpenAPI 3.1 `webhooks`: a spec's webhooks, the one a delivery is, and whether its body keeps
//! that webhook's schema. GitHub publishes its webhooks this way; a team can write one for its
//! own sender (MediLab's is in `fixtures/specs`). YAML or JSON; `$ref`s resolve within the file
//! and nowhere else, so a spec from elsewhere never makes whk read a file or the network.
//! Validation is boon's (JSON Schema 2020-12, OpenAPI 3.1's dialect).

mod locate;
mod sample;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Error;
use crate::scheme;
use locate::{escape_token, line_of, outside_ref, resolve};

/// The base URL the spec is known by inside boon; every `$ref` resolves against it.
const BASE: &str = "https://spec.whk.invalid/openapi.json";
/// A spec larger than this is refused rather than read (GitHub's whole description is 10 MB).
const MAX_SPEC: u64 = 64 * 1024 * 1024;
/// How deep a YAML spec's `[`/`{` may nest (the YAML deserializer's own limit).
const MAX_NESTING: usize = 128;
/// How many times a body made from a schema is mended by what validating it says.
const MENDS: usize = 4;
/// How many of a body's schema errors a verdict keeps.
const MAX_ERRORS: usize = 20;

use sample::sample;

pub struct Spec {
    path: PathBuf,
    doc: Value,
    webhooks: Vec<Webhook>,
    schemas: boon::Schemas,
}

/// One webhook of the spec: its name, and what a delivery of it looks like.
pub struct Webhook {
    pub name: String,
    pub method: String,
    pub summary: Option<String>,
    /// The event it arrives as (the provider's event header or field): GitHub's event is its
    /// `x-github` subcategory, anything else's the webhook's name.
    pub event: String,
    /// The `action` the body must carry, where the schema fixes one (GitHub's `issues-opened`).
    pub action: Option<String>,
    /// Where its body's schema is, as a JSON pointer into the spec.
    pub schema_pointer: Option<String>,
    schema: Option<boon::SchemaIndex>,
    pub example: Option<Value>,
    /// `name` and `event` as [`loose`] compares them, made once rather than per delivery.
    loose_name: String,
    loose_event: String,
}

/// A body judged against its webhook's schema: in the live log, `--json` and the capture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemaVerdict {
    /// `valid`, `invalid`, or `no schema` (no webhook matches, or it has no body schema).
    pub result: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<SchemaError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One thing wrong with a body: where (a JSON pointer into the body) and what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemaError {
    pub pointer: String,
    pub message: String,
}

impl SchemaVerdict {
    fn no_schema(webhook: Option<&str>, note: String) -> SchemaVerdict {
        SchemaVerdict {
            result: "no schema".into(),
            webhook: webhook.map(str::to_string),
            errors: vec![],
            note: Some(note),
        }
    }

    /// One line for the live log: `schema ✔ push`, `schema ✘ patient.created /event_data: …`,
    /// `schema ? no schema: …`.
    pub fn summary(&self) -> String {
        let name = self.webhook.as_deref().unwrap_or("?");
        match (self.result.as_str(), self.errors.first()) {
            ("valid", _) => format!("schema ✔ {name}"),
            ("invalid", Some(first)) => {
                let more = match self.errors.len() {
                    1 => String::new(),
                    n => format!(" (+{} more)", n - 1),
                };
                let at = if first.pointer.is_empty() { "(body)" } else { &first.pointer };
                format!("schema ✘ {name} {at}: {}{more}", first.message)
            }
            _ => format!("schema ? no schema: {}", self.note.as_deref().unwrap_or("no webhook matched")),
        }
    }
}

impl Spec {
    /// Reads and compiles a spec; any fault names the file, and the line and JSON pointer of
    /// what is wrong where there is one (exit 3).
    pub fn load(path: &Path) -> Result<Spec, Error> {
        let shown = path.display().to_string();
        let text = read(path)?;
        let doc = parse(&text).map_err(|((line, column), why)| {
            let at = match locate::pointer_at(&text, line, column) {
                pointer if pointer.is_empty() => String::new(),
                pointer => format!(" (in {pointer})"),
            };
            Error::bad_input(format!("{shown}:{line}: not a YAML or JSON document{at}: {why}"))
                .hint("fix the spec at that line (a YAML or JSON linter shows it too)")
        })?;
        let section = ["webhooks", "x-webhooks"].into_iter().find(|s| doc.get(s).is_some_and(Value::is_object));
        let Some(section) = section else {
            return Err(Error::bad_input(format!("{shown}: has no webhooks section (OpenAPI 3.1 `webhooks`)"))
                .hint("whk reads the webhooks of an OpenAPI 3.1 document; paths are not webhooks"));
        };
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V2020_12);
        compiler.use_loader(Box::new(WithinTheFile));
        compiler.add_resource(BASE, doc.clone()).map_err(|e| {
            Error::bad_input(format!("{shown}: cannot take it as JSON Schema: {e}"))
                .hint("whk reads an OpenAPI 3.1 document, whose schemas are JSON Schema 2020-12")
        })?;
        let mut schemas = boon::Schemas::new();
        let reader = Reader { path, text: &text, doc: &doc };
        let mut webhooks = Vec::new();
        for name in doc[section].as_object().into_iter().flatten().map(|(k, _)| k) {
            webhooks.push(reader.webhook(section, name, &mut compiler, &mut schemas)?);
        }
        Ok(Spec { path: path.to_path_buf(), doc, webhooks, schemas })
    }

    pub fn webhooks(&self) -> &[Webhook] {
        &self.webhooks
    }

    /// The webhook called `name` (or, failing that, the one whose event is `name`).
    pub fn named(&self, name: &str) -> Option<&Webhook> {
        let wanted = loose(name);
        self.webhooks
            .iter()
            .find(|w| w.name == name)
            .or_else(|| self.webhooks.iter().find(|w| w.loose_name == wanted))
            .or_else(|| self.webhooks.iter().find(|w| w.action.is_none() && w.loose_event == wanted))
    }

    /// The webhook a delivery of `event` with `body` is: the same event, and the same action
    /// where the webhook fixes one.
    pub fn matching(&self, event: Option<&str>, body: Option<&Value>) -> Option<&Webhook> {
        let event = event?;
        let wanted = loose(event);
        let action = body.and_then(|b| b.get("action")).and_then(Value::as_str);
        let mut candidates = self.webhooks.iter().filter(|w| w.loose_event == wanted);
        let by_action = candidates.clone().find(|w| w.action.is_some() && w.action.as_deref() == action);
        by_action.or_else(|| candidates.find(|w| w.action.is_none())).or_else(|| {
            let joined = loose(&format!("{event}-{}", action?));
            self.webhooks.iter().find(|w| w.loose_name == joined)
        })
    }

    /// Judges a delivery's body (`None`: not JSON) against the schema of the webhook it is.
    pub fn check(&self, event: Option<&str>, json: Option<&Value>) -> SchemaVerdict {
        let Some(webhook) = self.matching(event, json) else {
            let what = event.map_or_else(|| "a delivery with no event".to_string(), |e| format!("event {e:?}"));
            return SchemaVerdict::no_schema(None, format!("{what} is not a webhook in {}", self.path.display()));
        };
        self.check_as(webhook, json)
    }

    /// Judges a body (`None`: not JSON) against `webhook`'s schema.
    pub fn check_as(&self, webhook: &Webhook, json: Option<&Value>) -> SchemaVerdict {
        let Some(index) = webhook.schema else {
            return SchemaVerdict::no_schema(Some(&webhook.name), format!("{} has no JSON body schema", webhook.name));
        };
        let Some(json) = json else {
            let error = SchemaError { pointer: String::new(), message: "the body is not JSON".into() };
            return invalid(webhook, vec![error]);
        };
        match self.schemas.validate(json, index) {
            Ok(()) => SchemaVerdict {
                result: "valid".into(),
                webhook: Some(webhook.name.clone()),
                errors: vec![],
                note: None,
            },
            Err(error) => {
                let mut leaves = Vec::new();
                collect_leaves(&error, &mut leaves);
                leaves.dedup();
                leaves.truncate(MAX_ERRORS);
                invalid(webhook, leaves)
            }
        }
    }

    /// The webhook `name`, or an error that lists the spec's webhooks.
    pub fn require(&self, name: &str) -> Result<&Webhook, Error> {
        self.named(name).ok_or_else(|| {
            let names: Vec<&str> = self.webhooks.iter().map(|w| w.name.as_str()).collect();
            Error::bad_input(format!("{} has no webhook {}", self.path.display(), crate::output::quoted(name)))
                .hint(format!("its webhooks: {}", names.join(", ")))
        })
    }

    /// The body `whk send --spec` sends for `webhook`, compact JSON; whether it was made from
    /// the schema (no example) and, if so, what its own schema says of it.
    pub fn send_body(&self, webhook: &Webhook) -> Result<(Vec<u8>, Option<SchemaVerdict>), Error> {
        let body = self.body_for(webhook).ok_or_else(|| {
            Error::bad_input(format!(
                "{} in {} has neither an example nor a JSON body schema",
                webhook.name,
                self.path.display()
            ))
            .hint("add an example to its requestBody, or send your own body with -d/-f")
        })?;
        let made = webhook.example.is_none().then(|| self.check_as(webhook, Some(&body)));
        Ok((serde_json::to_vec(&body).expect("a JSON value serialises"), made))
    }

    /// A body for `webhook`: its example, else one made from its schema.
    pub fn body_for(&self, webhook: &Webhook) -> Option<Value> {
        if let Some(example) = &webhook.example {
            return Some(example.clone());
        }
        let (_, schema) = resolve(&self.doc, webhook.schema_pointer.as_deref()?).ok()?;
        let made = sample(&self.doc, schema);
        Some(match webhook.schema {
            Some(index) => self.mended(made, index),
            None => made,
        })
    }

    /// `body`, with every value boon says must be one of an `enum`, a `const` or `null` set so:
    /// the generator takes `allOf` parts one by one and cannot intersect those, the validator
    /// names each place. Kept only where it leaves fewer errors.
    fn mended(&self, mut body: Value, index: boon::SchemaIndex) -> Value {
        for _ in 0..MENDS {
            let mut fixes = Vec::new();
            let errors = match self.schemas.validate(&body, index) {
                Ok(()) => break,
                Err(error) => mend_leaves(&error, &mut fixes),
            };
            let mut next = body.clone();
            for (pointer, value) in fixes {
                if let Some(slot) = next.pointer_mut(&pointer) {
                    *slot = value;
                }
            }
            let errors_after =
                self.schemas.validate(&next, index).err().map_or(0, |e| mend_leaves(&e, &mut Vec::new()));
            if errors_after >= errors {
                break;
            }
            body = next;
        }
        body
    }
}

/// Counts the leaf errors under `error`, and collects for each one that names the values it
/// wants (`enum`, `const`, a type that allows `null`) where to put the first of them.
fn mend_leaves(error: &boon::ValidationError, fixes: &mut Vec<(String, Value)>) -> usize {
    if !error.causes.is_empty() {
        return error.causes.iter().map(|cause| mend_leaves(cause, fixes)).sum();
    }
    let wanted = match &error.kind {
        boon::ErrorKind::Enum { want } => want.first().cloned(),
        boon::ErrorKind::Const { want } => Some((*want).clone()),
        boon::ErrorKind::Type { want, .. } if want.contains(boon::Type::Null) => Some(Value::Null),
        _ => None,
    };
    if let Some(value) = wanted {
        fixes.push((error.instance_location.to_string(), value));
    }
    1
}

/// What a spec is read from while its webhooks are compiled.
struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    doc: &'a Value,
}

impl Reader<'_> {
    fn fault(&self, pointer: &str, why: String) -> Error {
        let line = line_of(self.text, pointer).map(|l| format!(":{l}")).unwrap_or_default();
        Error::bad_input(format!("{}{line}: {pointer}: {why}", self.path.display()))
            .hint("fix the spec there; a $ref must point inside the same file (#/components/…)")
    }

    fn webhook(
        &self,
        section: &str,
        name: &str,
        compiler: &mut boon::Compiler,
        schemas: &mut boon::Schemas,
    ) -> Result<Webhook, Error> {
        let at = format!("/{section}/{}", escape_token(name));
        let (item_at, item) = resolve(self.doc, &at).map_err(|why| self.fault(&at, why))?;
        let operation =
            item.as_object().and_then(|o| o.iter().find(|(k, v)| HTTP_METHODS.contains(&k.as_str()) && v.is_object()));
        let Some((method, operation)) = operation else {
            return Err(self.fault(&item_at, "a webhook needs an operation (post: …)".into()));
        };
        let operation_at = format!("{item_at}/{method}");
        let body = match operation.get("requestBody") {
            Some(_) => {
                let at = format!("{operation_at}/requestBody");
                Some(resolve(self.doc, &at).map_err(|why| self.fault(&at, why))?)
            }
            None => None,
        };
        let media = body.as_ref().and_then(|(body_at, body)| {
            let content = body.get("content")?.as_object()?;
            let (media, value) = content.iter().find(|(m, _)| is_json(m)).or_else(|| content.iter().next())?;
            Some((format!("{body_at}/content/{}", escape_token(media)), value))
        });
        let schema_pointer =
            media.as_ref().filter(|(_, m)| m.get("schema").is_some()).map(|(at, _)| format!("{at}/schema"));
        if let Some((at, target)) = schema_pointer.as_deref().and_then(|p| outside_ref(self.doc, p)) {
            return Err(
                self.fault(&at, format!("$ref {target:?} points outside the file; whk resolves $refs within it only"))
            );
        }
        let schema = match &schema_pointer {
            Some(pointer) => {
                let compiled = compiler.compile(&format!("{BASE}#{}", fragment(pointer)), schemas);
                Some(compiled.map_err(|e| self.fault(pointer, format!("the schema does not compile: {e}")))?)
            }
            None => None,
        };
        let schema_value = match &schema_pointer {
            Some(pointer) => Some(resolve(self.doc, pointer).map_err(|why| self.fault(pointer, why))?.1),
            None => None,
        };
        let event = scheme::REGISTRY.iter().find_map(|s| s.spec_event(operation)).unwrap_or_else(|| name.to_string());
        Ok(Webhook {
            loose_name: loose(name),
            loose_event: loose(&event),
            event,
            name: name.to_string(),
            method: method.to_ascii_uppercase(),
            summary: operation
                .get("summary")
                .and_then(Value::as_str)
                .and_then(|s| s.lines().next())
                .map(str::to_string),
            action: schema_value.and_then(|s| fixed_action(self.doc, s)),
            example: media.as_ref().and_then(|(at, m)| self.example(at, m)),
            schema_pointer,
            schema,
        })
    }

    /// The media type's `example`, else its first `examples` entry's `value`.
    fn example(&self, at: &str, media: &Value) -> Option<Value> {
        if let Some(example) = media.get("example") {
            return Some(example.clone());
        }
        let (first, _) = media.get("examples")?.as_object()?.iter().next()?;
        let (_, example) = resolve(self.doc, &format!("{at}/examples/{}", escape_token(first))).ok()?;
        example.get("value").cloned()
    }
}

const HTTP_METHODS: [&str; 7] = ["post", "put", "patch", "get", "delete", "head", "options"];

/// Refuses every `$ref` that leaves the file: a spec never makes whk read elsewhere.
struct WithinTheFile;

impl boon::UrlLoader for WithinTheFile {
    fn load(&self, url: &str) -> Result<Value, Box<dyn std::error::Error>> {
        Err(format!("{url} is outside the spec; whk resolves $refs within the file only").into())
    }
}

fn read(path: &Path) -> Result<String, Error> {
    let what = format!("the spec {}", path.display());
    let meta = crate::error::regular_file(path, &what, "give the path of an OpenAPI 3.1 file, YAML or JSON")?;
    if meta.len() > MAX_SPEC {
        return Err(
            Error::bad_input(format!("{what} is over {} MiB", MAX_SPEC >> 20)).hint("trim it to the webhooks you need")
        );
    }
    let unreadable = |e: std::io::Error| {
        Error::unreadable(&what, &e).hint("give the path of an OpenAPI 3.1 file, YAML or JSON, in UTF-8")
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(file, MAX_SPEC), &mut text).map_err(unreadable)?;
    Ok(text)
}

/// JSON when it looks like JSON, else YAML; a fault comes with its line and column.
fn parse(text: &str) -> Result<Value, ((usize, usize), String)> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| ((e.line(), e.column()), strip_position(&e.to_string())));
    }
    // The YAML parser's time grows with the square of flow nesting; its own depth limit
    // applies only after the whole text is parsed. Nesting past that limit is refused first.
    if let Some(line) = locate::deep_flow(text, MAX_NESTING) {
        return Err(((line, 1), format!("nested more than {MAX_NESTING} levels deep")));
    }
    let value: Value = serde_yaml_ng::from_str(text).map_err(|e| {
        let at = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        (at, strip_position(&e.to_string()))
    })?;
    match value {
        Value::Object(_) => Ok(value),
        _ => Err(((1, 1), "the document is not a mapping (an OpenAPI document starts `openapi: 3.1.0`)".into())),
    }
}

/// serde's messages say `at line L column C`, which the caller says first.
fn strip_position(message: &str) -> String {
    let Some(at) = message.find(" at line ") else { return message.to_string() };
    let rest = &message[at + 1..];
    let end = rest.find(',').unwrap_or(rest.len());
    format!("{}{}", &message[..at], &rest[end..])
}

fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    media == "application/json" || media.ends_with("+json")
}

/// A JSON pointer as a URL fragment.
fn fragment(pointer: &str) -> String {
    const ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    percent_encoding::utf8_percent_encode(pointer, ESCAPED).to_string()
}

/// A name as names compare: without case, and `-`, `_`, `.`, `/` and spaces alike
/// (`pull_request`, `pull-request`).
fn loose(name: &str) -> String {
    name.chars().map(|c| if "-_./ ".contains(c) { '-' } else { c.to_ascii_lowercase() }).collect()
}

/// The one `action` a schema allows, through `$ref`, `allOf`, and alternatives that agree.
fn fixed_action(doc: &Value, schema: &Value) -> Option<String> {
    let schema = locate::follow(doc, schema)?;
    let action = schema.get("properties").and_then(|p| p.get("action")).and_then(|a| locate::follow(doc, a));
    let fixed = action.and_then(|a| {
        a.get("const").or_else(|| a.get("enum").and_then(Value::as_array).filter(|e| e.len() == 1).map(|e| &e[0]))
    });
    if let Some(text) = fixed.and_then(Value::as_str) {
        return Some(text.to_string());
    }
    let of = |key: &str| schema.get(key).and_then(Value::as_array).into_iter().flatten();
    if let Some(found) = of("allOf").find_map(|part| fixed_action(doc, part)) {
        return Some(found);
    }
    // GitHub's pull-request-review-requested: two shapes, one action.
    let mut alternatives = of("oneOf").chain(of("anyOf")).map(|alt| fixed_action(doc, alt));
    let first = alternatives.next()??;
    alternatives.all(|other| other.as_deref() == Some(first.as_str())).then_some(first)
}

fn invalid(webhook: &Webhook, errors: Vec<SchemaError>) -> SchemaVerdict {
    SchemaVerdict { result: "invalid".into(), webhook: Some(webhook.name.clone()), errors, note: None }
}

/// The errors at the leaves of boon's tree: each names one place and one rule.
fn collect_leaves(error: &boon::ValidationError, into: &mut Vec<SchemaError>) {
    if error.causes.is_empty() {
        let message = crate::output::sanitize_line(&error.kind.to_string()).into_owned();
        into.push(SchemaError { pointer: error.instance_location.to_string(), message });
    }
    for cause in &error.causes {
        collect_leaves(cause, into);
    }
}
