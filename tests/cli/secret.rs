use std::os::unix::fs::PermissionsExt;

use crate::support::{stderr, stdout, temp, whk};

#[test]
fn new_secrets_have_each_providers_format() {
    let dir = temp();
    let new = |provider: &str| {
        let out = whk(dir.path()).args(["secret", "new", provider]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{provider}: {}", stderr(&out));
        stdout(&out).trim().to_string()
    };
    let bakai = new("bakai");
    assert!(bakai.len() == 64 && bakai.bytes().all(|b| b.is_ascii_hexdigit()), "openssl rand -hex 32 style: {bakai}");
    let whsec = new("standard-webhooks");
    assert_eq!(whk::scheme::whsec_key(whsec.as_bytes()).map(|k| k.len()), Some(32), "{whsec}");
    assert!(new("pyannote").starts_with("whs_"));
    assert!(new("stripe").starts_with("whsec_"));
    assert!(new("paddle").starts_with("pdl_ntfset_"));
    assert_ne!(new("bakai"), bakai, "fresh from the OS random source each time");
}

#[test]
fn key_pairs_sign_and_verify() {
    let dir = temp();
    for (provider, extra) in [("discord", None), ("sendgrid", None), ("standard-webhooks", Some("--asymmetric"))] {
        let out = whk(dir.path()).args(["secret", "new", provider, "--json"]).args(extra).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{provider}");
        let pair: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let (private, public) = (pair["private_key"].as_str().unwrap(), pair["public_key"].as_str().unwrap());
        let signed = whk(dir.path())
            .args(["sign", provider, "--format", "http", "--secret-env", "K", "-d", "{\"type\":1}"])
            .env("K", private)
            .output()
            .unwrap();
        assert_eq!(signed.status.code(), Some(0), "{provider}: {}", stderr(&signed));
        let verified = whk(dir.path())
            .args(["verify", "--raw", "-p", provider, "--secret-env", "K"])
            .env("K", public)
            .write_stdin(signed.stdout)
            .output()
            .unwrap();
        assert_eq!(verified.status.code(), Some(0), "{provider}: {}", stdout(&verified));
    }
}

#[test]
fn out_writes_mode_0600_atomically_and_never_overwrites_by_accident() {
    let dir = temp();
    let path = dir.path().join("secret.txt");
    let first = whk(dir.path()).args(["secret", "new", "svix", "--out", "secret.txt"]).output().unwrap();
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(stdout(&first), "wrote secret.txt (mode 0600)\n", "the secret itself is not printed");
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.starts_with("whsec_") && written.ends_with('\n'));
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);

    let again = whk(dir.path()).args(["secret", "new", "svix", "--out", "secret.txt"]).output().unwrap();
    assert_eq!(again.status.code(), Some(3));
    assert_eq!(
        stderr(&again),
        "error: secret.txt already exists\nhint: pass --force to replace it, or choose another --out\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written, "untouched");

    let forced = whk(dir.path()).args(["secret", "new", "svix", "--out", "secret.txt", "--force"]).output().unwrap();
    assert_eq!(forced.status.code(), Some(0));
    assert_ne!(std::fs::read_to_string(&path).unwrap(), written);

    let pair = whk(dir.path()).args(["secret", "new", "discord", "--out", "discord.key"]).output().unwrap();
    assert_eq!(pair.status.code(), Some(0));
    assert_eq!(std::fs::metadata(dir.path().join("discord.key")).unwrap().permissions().mode() & 0o777, 0o600);
    let public = std::fs::read_to_string(dir.path().join("discord.key.pub")).unwrap();
    assert!(stdout(&pair).ends_with(&format!("public key: {public}")), "{}", stdout(&pair));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("whk-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temp files left behind");
}

#[test]
fn asymmetric_is_only_for_schemes_with_v1a() {
    let dir = temp();
    let out = whk(dir.path()).args(["secret", "new", "stripe", "--asymmetric"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "error: --asymmetric is for standard-webhooks and svix (v1a Ed25519 keys)\n");
}

#[test]
fn providers_lists_every_scheme_with_its_shape() {
    let dir = temp();
    let out = whk(dir.path()).args(["providers", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), whk::scheme::REGISTRY.len());
    let stripe = list.iter().find(|p| p["name"] == "stripe").unwrap();
    assert_eq!(stripe["headers"], "Stripe-Signature");
    assert_eq!(stripe["tolerance"], "300 s past (future passes)");
    for provider in &list {
        for field in ["headers", "signed", "secret", "tolerance"] {
            assert!(provider[field].as_str().is_some_and(|s| !s.is_empty()), "{} lacks {field}", provider["name"]);
        }
    }
    let text = stdout(&whk(dir.path()).arg("providers").output().unwrap());
    assert!(text.contains("paddle  Paddle Billing") && text.contains("  tolerance: ±5 s"), "{text}");
}
