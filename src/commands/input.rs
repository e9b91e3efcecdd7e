//! Turning parsed flags into core inputs, shared by the verbs: where the body comes from,
//! which secrets to load, the generic HMAC shape, `-H` arguments, a spec webhook's body.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use crate::cli::{AlgorithmArg, BodyArgs, EncodingArg, HmacArgs, SecretArgs};
use crate::error::Error;
use crate::http::parse_header_line;
use crate::output::{quoted, Printer};
use crate::scheme::{Algorithm, Body, Encoding, Header, HmacParams, Scheme};
use crate::secret::{self, Secret, SecretSpec};
use crate::spec::Spec;

/// Where the body came from, which `--format curl` needs to reproduce it exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Data,
    Stdin,
}

impl BodyArgs {
    pub fn reads_stdin(&self) -> bool {
        self.data.is_none() && self.file.as_ref().is_none_or(|f| f.as_os_str() == "-")
    }

    /// The body, streamed from a file where there is one.
    pub fn load(&self, printer: &Printer) -> Result<(Body, Origin), Error> {
        if let Some(data) = &self.data {
            return Ok((Body::Bytes(data.clone().into_bytes()), Origin::Data));
        }
        match &self.file {
            Some(path) if path.as_os_str() != "-" => {
                std::fs::metadata(path).map_err(|e| Error::unreadable(&format!("body file {}", path.display()), &e))?;
                Ok((Body::File(path.clone()), Origin::File(path.clone())))
            }
            _ => Ok((stdin_body(printer)?, Origin::Stdin)),
        }
    }
}

/// A body piped in is kept in memory up to this size; past it, it is spooled to a temporary
/// file (unnamed where the OS has them, so nothing is left behind however whk ends), so that
/// 1 GiB through a pipe signs with bounded memory, as a file does.
const SPOOL_FROM: u64 = 8 << 20;

fn stdin_body(printer: &Printer) -> Result<Body, Error> {
    let what = "the body";
    let mut stdin = open_stdin(what, printer)?;
    let unreadable = |e: &std::io::Error| Error::unreadable(&format!("{what} from stdin"), e);
    let mut head = Vec::new();
    (&mut stdin).take(SPOOL_FROM).read_to_end(&mut head).map_err(|e| unreadable(&e))?;
    if (head.len() as u64) < SPOOL_FROM {
        return Ok(Body::Bytes(head));
    }
    let dir = std::env::temp_dir();
    let Ok(mut file) = tempfile::tempfile() else {
        printer.detail(&format!("no unnamed file can be made in {}: holding {what} in memory", dir.display()));
        stdin.read_to_end(&mut head).map_err(|e| unreadable(&e))?;
        return Ok(Body::Bytes(head));
    };
    file.write_all(&head).and_then(|()| std::io::copy(&mut stdin, &mut file)).map_err(|e| {
        Error::runtime(format!("cannot spool {what} from stdin to {}: {}", dir.display(), crate::error::io_reason(&e)))
            .hint("set TMPDIR to a directory with room for the body, or give it as a BODY-FILE")
    })?;
    printer.detail(&format!("spooled {what} from stdin to an unnamed temporary file"));
    Ok(Body::Spooled(std::sync::Arc::new(file)))
}

/// All of stdin; refuses to wait on a terminal, where nobody is about to type a webhook body.
pub fn read_stdin(what: &str, printer: &Printer) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    open_stdin(what, printer)?
        .read_to_end(&mut bytes)
        .map_err(|e| Error::unreadable(&format!("{what} from stdin"), &e))?;
    Ok(bytes)
}

fn open_stdin(what: &str, printer: &Printer) -> Result<std::io::StdinLock<'static>, Error> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Error::usage(format!("{what} is read from stdin, which is a terminal"))
            .hint("give a BODY-FILE, -d DATA, or pipe the body in: cat body.json | whk …"));
    }
    printer.detail(&format!("reading {what} from stdin"));
    Ok(stdin.lock())
}

impl SecretArgs {
    pub fn spec(&self) -> SecretSpec {
        SecretSpec { values: self.values.clone(), envs: self.envs.clone(), files: self.files.clone() }
    }

    /// Loads the secrets; asks for one on a terminal when the scheme cannot do without.
    pub fn load(
        &self,
        scheme: &dyn Scheme,
        body_reads_stdin: bool,
        prompt: bool,
        printer: &Printer,
    ) -> Result<Vec<Secret>, Error> {
        let all = secret::load(&self.spec(), body_reads_stdin, printer)?;
        crate::scheme::check_secret_providers(&all)?;
        let mut secrets = crate::scheme::secrets_for(scheme, &all);
        if secrets.is_empty() && scheme.needs_secret() && (prompt || secret::interactive()) {
            secrets.push(secret::prompt_or_fail(scheme.name())?);
        }
        for (i, s) in secrets.iter().enumerate() {
            printer.detail(&format!("secret {} of {}: from {}", i + 1, secrets.len(), s.source()));
        }
        Ok(secrets)
    }
}

impl HmacArgs {
    pub fn params(&self) -> HmacParams {
        HmacParams {
            header: self.signature_header.clone(),
            prefix: self.prefix.clone(),
            algorithm: self.algorithm.map(|a| match a {
                AlgorithmArg::Sha1 => Algorithm::Sha1,
                AlgorithmArg::Sha256 => Algorithm::Sha256,
                AlgorithmArg::Sha512 => Algorithm::Sha512,
            }),
            encoding: self.encoding().unwrap_or(Encoding::Hex),
            template: self.signed.clone(),
            timestamp_header: self.timestamp_header.clone(),
            id_header: self.id_header.clone(),
        }
    }

    pub fn encoding(&self) -> Option<Encoding> {
        self.encoding.map(|e| match e {
            EncodingArg::Hex => Encoding::Hex,
            EncodingArg::Base64 => Encoding::Base64,
            EncodingArg::Base64Hex => Encoding::Base64OfHex,
        })
    }
}

/// `-H 'Name: value'` arguments, in order, duplicates kept.
/// The body `--spec FILE -e NAME` stands for, and the event it goes out as; a warning when it
/// had to be made from a schema it then does not pass.
pub fn spec_body(spec: &Path, name: &str, printer: &Printer) -> Result<(Vec<u8>, String), Error> {
    let spec = Spec::load(spec)?;
    let webhook = spec.require(name)?;
    let (body, made) = spec.send_body(webhook)?;
    if let Some(verdict) = made.filter(|v| v.result == "invalid") {
        printer.warn(&format!(
            "the body made from {}'s schema does not pass it ({}); --set, or a body of your own, can fix it",
            webhook.name,
            verdict.summary()
        ));
    }
    Ok((body, webhook.event.clone()))
}

pub fn parse_header_args(args: &[String]) -> Result<Vec<Header>, Error> {
    args.iter()
        .map(|arg| {
            parse_header_line(arg).ok_or_else(|| {
                Error::bad_input(format!("-H {} is not a header", quoted(arg)))
                    .hint("write -H 'Name: value', with a colon after the name")
            })
        })
        .collect()
}

/// Schemes that send the secret itself (GitLab's token) must not print it. Returns, for each
/// redacted header, the environment variable a shell command can take it from instead.
pub fn redact_secrets(headers: &mut [Header], secrets: &[Secret], printer: &Printer) -> Vec<(usize, String)> {
    let mut from_env = Vec::new();
    for (index, (name, value)) in headers.iter_mut().enumerate() {
        if let Some(secret) = secrets.iter().find(|s| value.as_bytes() == s.expose()) {
            printer.warn(&format!("{name} carries the secret itself; it is shown redacted"));
            *value = format!("[redacted: the secret from {}]", secret.source());
            if let Some(var) = secret.env_var() {
                from_env.push((index, var.to_string()));
            }
        }
    }
    from_env
}

/// `--dry-run` of `send` and `replay`: the request as an HTTP message or a curl command, with
/// any header that carries a secret redacted (read from its variable in the curl form).
pub fn print_dry_run(
    request: crate::message::Message,
    format: crate::cli::RequestFormat,
    secrets: &[Secret],
    printer: &Printer,
) -> Result<(), Error> {
    let crate::message::Message { method, target, mut headers, body } = request;
    let from_env = redact_secrets(&mut headers.0, secrets, printer);
    let outgoing = crate::http::Outgoing {
        method: &method,
        url: &target,
        headers: &headers.0,
        body: Body::Bytes(body),
        data_file: None,
        from_env,
    };
    match format {
        crate::cli::RequestFormat::Http => outgoing.write_http(printer),
        crate::cli::RequestFormat::Curl => outgoing.print_curl(printer),
    }
}
