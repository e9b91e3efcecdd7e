//! Convoy: `X-Convoy-Signature`, in simple mode the encoded HMAC of the payload alone, in
//! advanced mode `t=<unix>,v1=<sig>[,v1=…]` over `{t},{payload}` — a comma, not a dot, as
//! Convoy's published vectors show. SHA-256 or SHA-512, hex or base64 (`--algorithm`,
//! `--encoding`, default SHA-256 hex). Verify reads the mode from the header; sign uses advanced
//! unless `--signed '{body}'` asks for simple.

use super::*;

pub struct Convoy;

const HEADER: PairList = PairList {
    header: "X-Convoy-Signature",
    separator: ',',
    timestamp_key: "t",
    signature_key: "v1",
    strict: false,
    time_first: false,
    window: Window::Past(300),
    encoding: Encoding::Hex,
};

fn advanced(algorithm: Algorithm) -> impl Fn(&str) -> Recipe {
    move |t| Recipe::prefixed(algorithm, format!("{t},"))
}

/// Simple mode is asked for with `--signed '{body}'`; Convoy has no other shapes.
fn simple_mode(params: &HmacParams) -> Result<bool, Error> {
    match params.template.as_deref() {
        None => Ok(false),
        Some("{body}") => Ok(true),
        Some(other) => Err(Error::usage(format!(
            "convoy signs {{body}} (simple) or {{t}},{{body}} (advanced), not {}",
            crate::output::quoted(other)
        ))
        .hint("leave --signed out for advanced mode, or pass --signed '{body}' for simple mode")),
    }
}

impl Scheme for Convoy {
    fn name(&self) -> &'static str {
        "convoy"
    }

    fn summary(&self) -> &'static str {
        "Convoy: X-Convoy-Signature t=…,v1=… over {t},{body} (advanced) or bare HMAC (simple)"
    }

    fn info(&self) -> Info {
        Info {
            headers: "X-Convoy-Signature",
            signed: "advanced: t=…,v1= HMAC({t},{body}); simple: HMAC({body}); SHA-256/512, hex/base64",
            secret: "endpoint secret, UTF-8",
            tolerance: "300 s past (advanced)",
        }
    }

    fn example_secret(&self) -> &'static str {
        "convoy-webhook-secret"
    }

    fn example_body(&self) -> &'static [u8] {
        br#"{"event":"charge.success","amount":1000,"currency":"NGN"}"#
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        require_secrets(self.name(), secrets)?;
        let params = &opts.hmac;
        let value = if simple_mode(params)? {
            sign_one(&Recipe::body(params.hash()), single_secret(self.name(), secrets)?, body, params.encoding)?
        } else {
            let macs = advanced(params.hash())(&opts.timestamp.to_string()).macs(secrets, body)?;
            let signatures: Vec<String> = macs.iter().map(|m| params.encoding.encode(m)).collect();
            HEADER.format(opts.timestamp, &signatures)
        };
        Ok(vec![("Content-Type".into(), "application/json".into()), (HEADER.header.into(), value)].into())
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        let params = &opts.hmac;
        let Some(value) = request.headers.get(HEADER.header) else {
            return Ok(Mismatch::missing(HEADER.header));
        };
        if value.contains('=') && value.contains(',') || value.starts_with("t=") {
            let header = PairList { encoding: params.encoding, ..HEADER };
            return header.verify(self.name(), request, secrets, opts, advanced(params.hash()));
        }
        check_prefixed(
            request,
            secrets,
            self.name(),
            HEADER.header,
            "",
            Recipe::body(params.hash()),
            &[params.encoding],
        )
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        headers.has(HEADER.header)
    }
}
