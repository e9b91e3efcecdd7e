//! The event catalogue: enough events per provider, every body in the provider's real shape.

use whk::events::{render, EVENTS};
use whk::scheme::REGISTRY;

use crate::support::{fails_with, stderr, stdout, temp, whk};

fn json(provider: &str, name: &str) -> serde_json::Value {
    let event = whk::events::find(provider, name).unwrap_or_else(|| panic!("{provider} {name}"));
    serde_json::from_str(&render(event.template, 1_700_000_000)).unwrap_or_else(|e| panic!("{provider} {name}: {e}"))
}

#[test]
fn every_provider_has_at_least_two_events_and_every_body_parses() {
    for scheme in REGISTRY {
        assert!(whk::events::for_provider(scheme.name()).count() >= 2, "{} needs two events", scheme.name());
    }
    for event in EVENTS {
        let body = render(event.template, 1_700_000_000);
        assert!(!body.contains("{{"), "{}/{}: unfilled template", event.provider, event.name);
        match event.content_type {
            "application/json" => {
                serde_json::from_str::<serde_json::Value>(&body)
                    .unwrap_or_else(|e| panic!("{}/{}: {e}", event.provider, event.name));
            }
            _ => assert!(form_urlencoded::parse(body.as_bytes()).count() > 1, "{}/{}", event.provider, event.name),
        }
        assert!(whk::scheme::find(event.provider).is_some(), "fixtures/events/{} is no provider", event.provider);
    }
}

#[test]
fn seed_catalogues_are_complete_and_in_their_envelopes() {
    let medilab: Vec<_> = whk::events::for_provider("medilab").map(|e| e.name).collect();
    for group in ["patient.", "appointment.", "visit.", "queue.", "payment.", "user.", "system."] {
        assert!(medilab.iter().any(|n| n.starts_with(group)), "medilab {group}");
    }
    assert_eq!(medilab.len(), 25, "every event type MediLab documents");
    for name in &medilab {
        let body = json("medilab", name);
        assert_eq!(body["event_type"], *name);
        for field in ["event_data", "webhook_id", "timestamp", "attempt"] {
            assert!(body.get(field).is_some(), "medilab {name} lacks {field}");
        }
    }
    for name in ["product.created", "product.updated", "product.deleted", "product.image.updated"] {
        let body = json("bakai", name);
        assert_eq!(body["event_type"], name);
        assert!(
            body["event_id"].is_string() && body["timestamp"].is_string() && body["data"]["product_id"].is_string()
        );
    }
    for kind in ["diarization", "identify", "voiceprint"] {
        assert_eq!(json("pyannote", &format!("{kind}.succeeded"))["status"], "succeeded");
        assert!(json("pyannote", &format!("{kind}.failed")).get("output").is_none(), "output only when succeeded");
    }
    for status in ["answered", "busy", "noanswer"] {
        for direction in ["incoming", "outgoing"] {
            let event = whk::events::find("novofon", &format!("{direction}.{status}")).unwrap();
            let fields: Vec<String> =
                form_urlencoded::parse(render(event.template, 0).as_bytes()).map(|(k, _)| k.into_owned()).collect();
            assert_eq!(fields, ["call_id", "caller", "called", "direction", "duration", "status", "record_url"]);
        }
    }
    assert_eq!(json("pulse", "transcription.success")["status"], "success");
    assert_eq!(json("stripe", "invoice.paid")["type"], "invoice.paid");
    assert_eq!(
        json("linear", "Issue.create")["webhookTimestamp"],
        1_700_000_000_000u64,
        "a number, as Linear's SDK requires"
    );
}

#[test]
fn events_command_lists_the_catalogue() {
    let dir = temp();
    let out = whk(dir.path()).args(["events", "shopify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("shopify  orders/create\n"), "{}", stdout(&out));
    let all = whk(dir.path()).args(["events", "--json"]).output().unwrap();
    let list: Vec<serde_json::Value> = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(list.len(), EVENTS.len());
}

#[test]
fn one_event_prints_its_body_as_send_would_send_it() {
    let dir = temp();
    let form = whk(dir.path()).args(["events", "novofon", "NOTIFY_END"]).output().unwrap();
    assert_eq!(form.status.code(), Some(0), "{}", stderr(&form));
    let body = stdout(&form);
    assert!(body.starts_with("event=NOTIFY_END&call_start=20") && !body.contains("%7B%7B"), "{body}");
    let json = whk(dir.path()).args(["--json", "events", "github", "push"]).output().unwrap();
    let out: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(out["content_type"], "application/json");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(out["body"].as_str().unwrap()).unwrap()["ref"],
        "refs/heads/main"
    );
    let unknown = whk(dir.path()).args(["events", "github", "nope"]).output().unwrap();
    fails_with(&unknown, 2, "error: github has no built-in event \"nope\"\nhint: one of: ");
}
