//! Asymmetric keys for the schemes that sign with them: Ed25519 (Discord, Standard Webhooks
//! `v1a`) and ECDSA P-256 (SendGrid). Parsing accepts the formats providers show; every failure
//! is bad input that names the secret's source, never its value.

use ed25519_dalek::{Signer, Verifier};
use p256::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rand_core::OsRng;

use super::{decode_base64, encode_base64};
use crate::error::Error;
use crate::secret::Secret;

fn bad_key(secret: &Secret, what: &str, hint: &str) -> Error {
    Error::bad_input(format!("the secret from {} is not {what}", secret.source())).hint(hint.to_string())
}

fn text(secret: &Secret) -> &str {
    std::str::from_utf8(secret.expose()).unwrap_or_default().trim()
}

/// 32 bytes from hex, or base64 after an optional prefix (`whsk_`, `whpk_`).
fn key32(secret: &Secret, prefix: &str) -> Option<[u8; 32]> {
    let t = text(secret);
    let bytes = match t.strip_prefix(prefix).filter(|_| !prefix.is_empty()) {
        Some(b64) => decode_base64(b64)?,
        None => hex::decode(t).ok()?,
    };
    // A 64-byte NaCl secret key is seed ‖ public key: the seed is what signs.
    let bytes = if bytes.len() == 64 { bytes[..32].to_vec() } else { bytes };
    bytes.try_into().ok()
}

pub fn ed25519_signing(secret: &Secret, prefix: &str) -> Result<ed25519_dalek::SigningKey, Error> {
    key32(secret, prefix).map(|seed| ed25519_dalek::SigningKey::from_bytes(&seed)).ok_or_else(|| {
        bad_key(
            secret,
            "an Ed25519 private key",
            "give the 32-byte seed as 64 hex characters (`whk secret new` makes one)",
        )
    })
}

pub fn ed25519_verifying(secret: &Secret, prefix: &str) -> Result<ed25519_dalek::VerifyingKey, Error> {
    key32(secret, prefix).and_then(|k| ed25519_dalek::VerifyingKey::from_bytes(&k).ok()).ok_or_else(|| {
        bad_key(
            secret,
            "an Ed25519 public key",
            "give the 32-byte public key as 64 hex characters, as the provider shows it",
        )
    })
}

pub fn ed25519_sign(key: &ed25519_dalek::SigningKey, message: &[u8]) -> [u8; 64] {
    key.sign(message).to_bytes()
}

pub fn ed25519_verify(key: &ed25519_dalek::VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
    ed25519_dalek::Signature::from_slice(signature).is_ok_and(|sig| key.verify(message, &sig).is_ok())
}

/// (private seed, public key), fresh from the OS random source.
pub fn ed25519_generate() -> ([u8; 32], [u8; 32]) {
    let key = ed25519_dalek::SigningKey::generate(&mut OsRng);
    (key.to_bytes(), key.verifying_key().to_bytes())
}

/// PEM, or base64 DER (what SendGrid's dashboard shows).
fn der_or_pem(secret: &Secret) -> Option<Vec<u8>> {
    let t = text(secret);
    if t.starts_with("-----BEGIN") {
        let body: String = t.lines().filter(|l| !l.starts_with("-----")).collect();
        return decode_base64(&body);
    }
    decode_base64(t)
}

pub fn p256_signing(secret: &Secret) -> Result<p256::ecdsa::SigningKey, Error> {
    der_or_pem(secret).and_then(|der| p256::ecdsa::SigningKey::from_pkcs8_der(&der).ok()).ok_or_else(|| {
        bad_key(
            secret,
            "a P-256 private key",
            "give a PKCS#8 key as PEM or base64 DER (`whk secret new sendgrid` makes one)",
        )
    })
}

pub fn p256_verifying(secret: &Secret) -> Result<p256::ecdsa::VerifyingKey, Error> {
    der_or_pem(secret).and_then(|der| p256::ecdsa::VerifyingKey::from_public_key_der(&der).ok()).ok_or_else(|| {
        bad_key(secret, "a P-256 public key", "give the verification key as SendGrid shows it (base64 DER) or as PEM")
    })
}

/// ECDSA P-256 with SHA-256, DER-encoded as SendGrid sends it. Deterministic (RFC 6979).
pub fn p256_sign(key: &p256::ecdsa::SigningKey, message: &[u8]) -> Vec<u8> {
    let signature: p256::ecdsa::Signature = p256::ecdsa::signature::Signer::sign(key, message);
    signature.to_der().as_bytes().to_vec()
}

pub fn p256_verify(key: &p256::ecdsa::VerifyingKey, message: &[u8], der: &[u8]) -> bool {
    p256::ecdsa::Signature::from_der(der)
        .is_ok_and(|sig| p256::ecdsa::signature::Verifier::verify(key, message, &sig).is_ok())
}

/// (PKCS#8 private key, SPKI public key), both base64 DER.
pub fn p256_generate() -> Result<(String, String), Error> {
    let key = p256::ecdsa::SigningKey::random(&mut OsRng);
    let failed = || Error::runtime("could not encode the generated P-256 key");
    let private = key.to_pkcs8_der().map_err(|_| failed())?;
    let public = key.verifying_key().to_public_key_der().map_err(|_| failed())?;
    Ok((encode_base64(private.as_bytes()), encode_base64(public.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc8032_test_1_key_pair_and_signature() {
        let seed = Secret::new("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "t");
        let key = ed25519_signing(&seed, "").unwrap();
        assert_eq!(
            hex::encode(key.verifying_key().to_bytes()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        let signature = ed25519_sign(&key, b"");
        assert_eq!(hex::encode(signature), "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assert!(ed25519_verify(&key.verifying_key(), b"", &signature));
        assert!(!ed25519_verify(&key.verifying_key(), b"x", &signature));
    }

    #[test]
    fn generated_p256_keys_round_trip() {
        let (private, public) = p256_generate().unwrap();
        let signing = p256_signing(&Secret::new(private, "t")).unwrap();
        let verifying = p256_verifying(&Secret::new(public, "t")).unwrap();
        let der = p256_sign(&signing, b"hello");
        assert!(p256_verify(&verifying, b"hello", &der));
        assert!(!p256_verify(&verifying, b"hellO", &der));
    }

    #[test]
    fn bad_keys_name_the_source_not_the_value() {
        let err = ed25519_verifying(&Secret::new("zz-not-a-key", "--secret-env K"), "").unwrap_err();
        assert_eq!(err.to_string(), "the secret from --secret-env K is not an Ed25519 public key");
    }
}
