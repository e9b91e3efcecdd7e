//! `whk secret new PROVIDER`: a fresh secret in the provider's format, from the OS random source.
//! Printed once, or written to a file with mode 0600 (a key pair's public half beside it).

use std::path::Path;

use rand_core::{OsRng, RngCore};
use serde_json::json;

use super::Outcome;
use crate::cli::SecretNewArgs;
use crate::error::{io_reason, Error};
use crate::output::Printer;
use crate::scheme::{encode_base64, keys, SecretKind};

/// A generated secret: one value, or a private/public pair.
enum Generated {
    Single(String),
    Pair { private: String, public: String },
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

fn alphanumeric(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // 62 symbols: reject the bytes past the last whole multiple so every symbol is equally likely.
    let mut out = String::with_capacity(n);
    while out.len() < n {
        for byte in random_bytes(n) {
            if byte < 248 && out.len() < n {
                out.push(ALPHABET[byte as usize % ALPHABET.len()] as char);
            }
        }
    }
    out
}

fn generate(kind: SecretKind, asymmetric: bool) -> Result<Generated, Error> {
    Ok(match (kind, asymmetric) {
        (SecretKind::Whsec, true) => {
            let (seed, public) = keys::ed25519_generate();
            Generated::Pair {
                private: format!("whsk_{}", encode_base64(&seed)),
                public: format!("whpk_{}", encode_base64(&public)),
            }
        }
        (SecretKind::Ed25519, _) => {
            let (seed, public) = keys::ed25519_generate();
            Generated::Pair { private: hex::encode(seed), public: hex::encode(public) }
        }
        (SecretKind::P256, _) => {
            let (private, public) = keys::p256_generate()?;
            Generated::Pair { private, public }
        }
        (_, true) => return Err(Error::usage("--asymmetric is for standard-webhooks and svix (v1a Ed25519 keys)")),
        (SecretKind::Hex32, _) => Generated::Single(hex::encode(random_bytes(32))),
        (SecretKind::PrefixedHex(prefix, bytes), _) => {
            Generated::Single(format!("{prefix}{}", hex::encode(random_bytes(bytes))))
        }
        (SecretKind::PrefixedAlphanumeric(prefix, len), _) => {
            Generated::Single(format!("{prefix}{}", alphanumeric(len)))
        }
        (SecretKind::Whsec, false) => Generated::Single(format!("whsec_{}", encode_base64(&random_bytes(32)))),
    })
}

pub fn run(args: SecretNewArgs, printer: &Printer) -> Result<Outcome, Error> {
    let json = printer.json_mode();
    let scheme = args.provider.0;
    let generated = generate(scheme.secret_kind(), args.asymmetric)?;
    match (&args.out, &generated) {
        (Some(path), Generated::Single(secret)) => {
            write_private(path, secret, args.force)?;
            report(
                printer,
                json,
                json!({"provider": scheme.name(), "secret_file": path}),
                &format!("wrote {} (mode 0600)", path.display()),
            )
        }
        (Some(path), Generated::Pair { private, public }) => {
            // FILE.pub beside FILE, as ssh-keygen names them (d.key → d.key.pub, not d.pub).
            let mut public_name = path.as_os_str().to_owned();
            public_name.push(".pub");
            let public_path = std::path::PathBuf::from(public_name);
            write_private(path, private, args.force)?;
            write_file(&public_path, public, args.force, 0o644)?;
            let human = format!(
                "wrote {} (private, mode 0600) and {}\npublic key: {public}",
                path.display(),
                public_path.display()
            );
            report(
                printer,
                json,
                json!({"provider": scheme.name(), "private_key_file": path, "public_key_file": public_path, "public_key": public}),
                &human,
            )
        }
        (None, Generated::Single(secret)) => {
            report(printer, json, json!({"provider": scheme.name(), "secret": secret}), secret)
        }
        (None, Generated::Pair { private, public }) => report(
            printer,
            json,
            json!({"provider": scheme.name(), "private_key": private, "public_key": public}),
            &format!("private key: {private}\npublic key:  {public}"),
        ),
    }
}

fn report(printer: &Printer, json: bool, value: serde_json::Value, human: &str) -> Result<Outcome, Error> {
    if json {
        printer.json(&value)?;
    } else {
        printer.line(human)?;
    }
    Ok(Outcome::Success)
}

fn write_private(path: &Path, secret: &str, force: bool) -> Result<(), Error> {
    write_file(path, secret, force, 0o600)
}

/// Never half a key on disk (see [`crate::atomic_file::write_key`]).
fn write_file(path: &Path, contents: &str, force: bool, mode: u32) -> Result<(), Error> {
    if path.exists() && !force {
        return Err(Error::bad_input(format!("{} already exists", path.display()))
            .hint("pass --force to replace it, or choose another --out"));
    }
    crate::atomic_file::write_key(path, format!("{contents}\n").as_bytes(), mode)
        .map_err(|e| Error::runtime(format!("cannot write {}: {}", path.display(), io_reason(&e))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_match_the_providers() {
        let single = |kind| match generate(kind, false).unwrap() {
            Generated::Single(s) => s,
            Generated::Pair { .. } => panic!("pair"),
        };
        let hex32 = single(SecretKind::Hex32);
        assert_eq!(hex32.len(), 64);
        assert!(hex32.bytes().all(|b| b.is_ascii_hexdigit()));
        let whsec = single(SecretKind::Whsec);
        assert_eq!(crate::scheme::whsec_key(whsec.as_bytes()).map(|k| k.len()), Some(32));
        let stripe = single(SecretKind::PrefixedAlphanumeric("whsec_", 32));
        assert!(
            stripe.starts_with("whsec_")
                && stripe.len() == 38
                && stripe[6..].bytes().all(|b| b.is_ascii_alphanumeric())
        );
        assert_ne!(single(SecretKind::Hex32), hex32, "fresh every time");
    }
}
