//! The generic HMAC scheme, for home-grown senders: header name, prefix, algorithm, encoding
//! and signed-message template are flags. Its defaults are the seeds' convention
//! (`X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the body>`), and that default shape is what
//! auto-detection calls it (BakaiMarket and Pulse layers look the same and verify the same).

use super::*;

pub struct Generic;

/// The signed message built from `--signed`, e.g. `{ts}.{body}`.
struct Template {
    pieces: Vec<Part>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Text(usize, usize),
    Ts,
    Id,
    Body,
}

impl Template {
    fn parse(template: &str) -> Result<Template, Error> {
        let bad = |why: &str| {
            Error::usage(format!("--signed {template:?} {why}"))
                .hint("write e.g. --signed '{body}' or --signed '{ts}.{body}' (placeholders: {ts}, {id}, {body})")
        };
        let mut pieces = Vec::new();
        let mut rest = 0;
        while let Some(open) = template[rest..].find('{').map(|i| i + rest) {
            let close = template[open..].find('}').map(|i| i + open).ok_or_else(|| bad("has an unclosed {"))?;
            if open > rest {
                pieces.push(Part::Text(rest, open));
            }
            pieces.push(match &template[open + 1..close] {
                "ts" => Part::Ts,
                "id" => Part::Id,
                "body" => Part::Body,
                other => return Err(bad(&format!("has an unknown placeholder {{{other}}}"))),
            });
            rest = close + 1;
        }
        if rest < template.len() {
            pieces.push(Part::Text(rest, template.len()));
        }
        if pieces.iter().filter(|p| **p == Part::Body).count() != 1 {
            return Err(bad("must contain {body} exactly once"));
        }
        Ok(Template { pieces })
    }

    fn uses(&self, part: Part) -> bool {
        self.pieces.contains(&part)
    }

    fn recipe(&self, source: &str, algorithm: Algorithm, ts: &str, id: &str) -> Recipe {
        let pieces = self
            .pieces
            .iter()
            .map(|p| match *p {
                Part::Text(a, b) => Piece::Bytes(source.as_bytes()[a..b].to_vec()),
                Part::Ts => Piece::Bytes(ts.as_bytes().to_vec()),
                Part::Id => Piece::Bytes(id.as_bytes().to_vec()),
                Part::Body => Piece::Body,
            })
            .collect();
        Recipe { algorithm, key: KeyFormat::Raw, pieces }
    }
}

/// Sign with the generic shape; shared with Pulse's optional layer.
pub fn sign_generic(
    params: &HmacParams,
    body: &Body,
    secret: &Secret,
    opts: &SignOptions,
) -> Result<Vec<Header>, Error> {
    let template = Template::parse(params.template())?;
    let ts = opts.timestamp.to_string();
    // A fresh id costs a trip to the OS random source; mint one only when the template signs it.
    let id = if template.uses(Part::Id) { opts.id_or(fresh_uuid) } else { String::new() };
    let recipe = template.recipe(params.template(), params.hash(), &ts, &id);
    let mut headers = Vec::new();
    if template.uses(Part::Id) {
        headers.push((params.id_header.clone(), id.clone()));
    }
    if template.uses(Part::Ts) {
        headers.push((params.timestamp_header.clone(), ts.clone()));
    }
    let signature = sign_one(&recipe, secret, body, params.encoding)?;
    headers.push((params.header.clone(), format!("{}{signature}", params.prefix())));
    Ok(headers)
}

/// Verify with the generic shape; shared with Pulse's optional layer.
pub fn verify_generic(
    params: &HmacParams,
    provider: &str,
    request: &Request,
    secrets: &[Secret],
    opts: &VerifyOptions,
) -> Result<Verdict, Error> {
    let template = Template::parse(params.template())?;
    let mut ts = "";
    let mut id = "";
    if template.uses(Part::Id) {
        match request.headers.get(&params.id_header) {
            Some(value) => id = value.trim(),
            None => return Ok(Mismatch::missing(&params.id_header)),
        }
    }
    if template.uses(Part::Ts) {
        match request.headers.get(&params.timestamp_header) {
            Some(value) => ts = value.trim(),
            None => return Ok(Mismatch::missing(&params.timestamp_header)),
        }
        let timestamp = match parse_unix(&params.timestamp_header, ts) {
            Ok(t) => t,
            Err(verdict) => return Ok(verdict),
        };
        if let Some(mismatch) = Window::Both(300).with_override(opts.tolerance).check(timestamp, opts.now) {
            return Ok(Verdict::Invalid(mismatch));
        }
    }
    let recipe = template.recipe(params.template(), params.hash(), ts, id);
    check_prefixed(request, secrets, provider, &params.header, &params.prefix(), recipe, &[params.encoding])
}

impl Scheme for Generic {
    fn name(&self) -> &'static str {
        "hmac"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["generic"]
    }

    fn summary(&self) -> &'static str {
        "Generic HMAC: header, prefix, sha1/sha256/sha512, hex/base64 and signed template set by flags"
    }

    fn info(&self) -> Info {
        Info {
            headers: "--signature-header (default X-Webhook-Signature)",
            signed: "--signed template (default {body}), --algorithm, --encoding, --prefix",
            secret: "any text, UTF-8",
            tolerance: "±300 s when {ts} is signed",
        }
    }

    fn signs_time_or_id(&self) -> bool {
        false
    }

    fn example_secret(&self) -> &'static str {
        "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
    }

    fn sign(&self, body: &Body, secrets: &[Secret], opts: &SignOptions) -> Result<Signed, Error> {
        sign_generic(&opts.hmac, body, single_secret(self.name(), secrets)?, opts).map(Signed::from)
    }

    fn verify(&self, request: &Request, secrets: &[Secret], opts: &VerifyOptions) -> Result<Verdict, Error> {
        verify_generic(&opts.hmac, self.name(), request, secrets, opts)
    }

    fn detect(&self, headers: &HeaderMap) -> bool {
        let defaults = HmacParams::default();
        headers.get(&defaults.header).is_some_and(|v| v.starts_with(&defaults.prefix()))
            && !super::medilab::Medilab.detect(headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_rejects_what_it_cannot_sign() {
        assert!(Template::parse("{body}").is_ok());
        assert!(Template::parse("{ts}.{body}").is_ok());
        assert!(Template::parse("{ts}.{body}{body}").is_err());
        assert!(Template::parse("{ts}").is_err());
        assert!(Template::parse("{nonce}.{body}").is_err());
        assert!(Template::parse("{ts.{body}").is_err());
    }

    #[test]
    fn template_builds_pieces_in_order() {
        let template = Template::parse("v1:{id}:{ts}:{body}!").unwrap();
        let recipe = template.recipe("v1:{id}:{ts}:{body}!", Algorithm::Sha256, "42", "abc");
        assert_eq!(
            recipe.pieces,
            vec![
                Piece::Bytes(b"v1:".to_vec()),
                Piece::Bytes(b"abc".to_vec()),
                Piece::Bytes(b":".to_vec()),
                Piece::Bytes(b"42".to_vec()),
                Piece::Bytes(b":".to_vec()),
                Piece::Body,
                Piece::Bytes(b"!".to_vec()),
            ]
        );
    }
}
