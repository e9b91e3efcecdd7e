use super::*;

fn fixture(name: &str) -> Spec {
    Spec::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs").join(name)).unwrap()
}

#[test]
fn githubs_excerpt_lists_its_webhooks_with_events_and_actions() {
    let spec = fixture("github-webhooks.json");
    let found: Vec<(&str, &str, Option<&str>)> =
        spec.webhooks().iter().map(|w| (w.name.as_str(), w.event.as_str(), w.action.as_deref())).collect();
    assert_eq!(
        found,
        [
            ("ping", "ping", None),
            ("push", "push", None),
            ("issues-opened", "issues", Some("opened")),
            ("star-created", "star", Some("created"))
        ]
    );
    let ping = spec.named("ping").unwrap();
    assert!(ping.example.is_some(), "ping has an example in GitHub's description");
    assert_eq!(spec.check(Some("ping"), ping.example.as_ref()).result, "valid");
}

#[test]
fn every_webhook_without_an_example_gets_a_body_its_schema_accepts() {
    for name in ["github-webhooks.json", "medilab-webhooks.yaml"] {
        let spec = fixture(name);
        for webhook in spec.webhooks() {
            let body = spec.body_for(webhook).unwrap();
            let verdict = spec.check_as(webhook, Some(&body));
            assert_eq!(verdict.result, "valid", "{name} {}: {verdict:?}\n{body:#}", webhook.name);
        }
    }
}

#[test]
fn a_delivery_is_matched_by_event_and_action() {
    let spec = fixture("github-webhooks.json");
    let opened = serde_json::json!({"action": "opened"});
    assert_eq!(spec.matching(Some("issues"), Some(&opened)).map(|w| w.name.as_str()), Some("issues-opened"));
    let closed = serde_json::json!({"action": "closed"});
    assert!(spec.matching(Some("issues"), Some(&closed)).is_none(), "issues-closed is not in the excerpt");
    let verdict = spec.check(Some("issues"), Some(&closed));
    assert_eq!(verdict.result, "no schema");
    assert!(spec.matching(None, Some(&opened)).is_none());
}

#[test]
fn a_broken_body_is_named_by_json_pointer() {
    let spec = fixture("medilab-webhooks.yaml");
    let body = br#"{"event_type":"patient.created","event_data":{"patient_id":0},"webhook_id":"x","timestamp":"2024-01-15T10:30:05Z","attempt":1}"#;
    let verdict = spec.check(Some("patient.created"), serde_json::from_slice(body).ok().as_ref());
    assert_eq!(verdict.result, "invalid");
    let pointers: Vec<&str> = verdict.errors.iter().map(|e| e.pointer.as_str()).collect();
    assert!(pointers.contains(&"/event_data/patient_id"), "{verdict:?}");
    assert!(pointers.contains(&"/event_data"), "the missing name: {verdict:?}");
    assert!(verdict.summary().starts_with("schema ✘ patient.created /event_data"), "{}", verdict.summary());
    let not_json = spec.check(Some("patient.created"), None);
    assert_eq!((not_json.result.as_str(), not_json.errors[0].pointer.as_str()), ("invalid", ""));
}

fn load_text(text: &str, name: &str) -> Result<Spec, Error> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    Spec::load(&path)
}

#[test]
fn a_spec_that_does_not_parse_names_its_file_line_and_pointer() {
    let error = load_text("openapi: 3.1.0\nwebhooks:\n\tping: {}\n", "bad.yaml").err().unwrap();
    assert!(error.to_string().contains("bad.yaml:3: not a YAML or JSON document"), "{error}");
    let error = load_text("{\"openapi\": \"3.1.0\",\n \"webhooks\": {,}}", "bad.json").err().unwrap();
    assert!(error.to_string().contains("bad.json:2"), "{error}");
    let dangling = "openapi: 3.1.0\nwebhooks:\n  ping:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Nope'\n";
    let error = load_text(dangling, "dangling.yaml").err().unwrap();
    let text = error.to_string();
    assert!(
        text.contains("dangling.yaml:")
            && text.contains("/webhooks/ping/post/requestBody/content/application~1json/schema"),
        "{text}"
    );
    let outside = dangling.replace("'#/components/schemas/Nope'", "'https://example.com/x.json'");
    assert!(load_text(&outside, "outside.yaml").err().unwrap().to_string().contains("schema"));
    let error = load_text("openapi: 3.1.0\npaths: {}\n", "paths.yaml").err().unwrap();
    assert!(error.to_string().contains("no webhooks section"), "{error}");
    assert_eq!(error.exit_code(), crate::error::ExitCode::BadInput);
}

#[test]
fn alternatives_that_agree_fix_the_action() {
    let doc = serde_json::json!({"oneOf": [
        {"properties": {"action": {"enum": ["review_requested"]}, "requested_team": {}}},
        {"properties": {"action": {"const": "review_requested"}, "requested_reviewer": {}}}
    ]});
    assert_eq!(fixed_action(&doc, &doc).as_deref(), Some("review_requested"));
    let disagreeing = serde_json::json!({"oneOf": [{"properties": {"action": {"const": "a"}}}, {"properties": {"action": {"const": "b"}}}]});
    assert_eq!(fixed_action(&disagreeing, &disagreeing), None);
}

#[test]
fn a_made_body_is_mended_where_allof_parts_narrow_a_value() {
    // GitHub's fork: one part says the owner's type is one of three, a later one only a string.
    let yaml = "openapi: 3.1.0\nwebhooks:\n  fork:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [owner]\n              properties:\n                owner:\n                  allOf:\n                    - {type: object, required: [type], properties: {type: {enum: [Bot, User, Organization]}}}\n                    - {type: object, required: [type], properties: {type: {type: string}}}\n";
    let spec = load_text(yaml, "fork.yaml").unwrap();
    let fork = spec.named("fork").unwrap();
    let body = spec.body_for(fork).unwrap();
    assert_eq!(body, serde_json::json!({"owner": {"type": "Bot"}}));
    assert_eq!(spec.check_as(fork, Some(&body)).result, "valid");
}
