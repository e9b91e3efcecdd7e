//! One capture turned back into a request: rebuilt, re-signed when its scheme signs a time or
//! an id, delivered through the shared retry loop, or printed for `--dry-run`.

use std::path::{Path, PathBuf};

use super::super::input::print_dry_run;
use super::super::Outcome;
use crate::cli::{DeliveryArgs, RequestFormat};
use crate::delivery::{self, Client, Policy};
use crate::error::Error;
use crate::fixture::Capture;
use crate::message::{HeaderMap, Message};
use crate::output::Printer;
use crate::report::{Delivered, Sent};
use crate::scheme::{self, now_unix, Header, Scheme, SignOptions};
use crate::secret::Secret;

/// What to send and how, shared by the workers.
pub struct Plan<'a> {
    pub args: &'a DeliveryArgs,
    pub secrets: Vec<Secret>,
    pub extra: Vec<Header>,
}

/// A request rebuilt from a capture.
struct Prepared {
    message: Message,
    provider: Option<String>,
    resigned: bool,
}

impl Plan<'_> {
    fn scheme(&self, capture: &Capture) -> Option<&'static dyn Scheme> {
        self.args.provider.map(|p| p.0).or_else(|| capture.provider.as_deref().and_then(scheme::find))
    }

    fn prepare(&self, capture: &Capture) -> Result<Prepared, Error> {
        let message = capture.message()?;
        let mut body = message.body;
        body = crate::edit::apply_sets(&body, &self.args.sets)?;
        let drop = |name: &str| {
            crate::http::is_hop_by_hop(name) || self.args.drop_headers.iter().any(|d| d.eq_ignore_ascii_case(name))
        };
        let headers: Vec<Header> = message.headers.0.into_iter().filter(|(n, _)| !drop(n)).collect();
        let scheme = self.scheme(capture);
        let url = match self.args.keep_path {
            true => format!("{}{}", self.args.to.trim_end_matches('/'), message.target),
            false => self.args.to.clone(),
        };
        let secrets = scheme.map(|s| scheme::secrets_for(s, &self.secrets)).unwrap_or_default();
        let resign = match scheme {
            _ if self.args.no_resign || secrets.is_empty() => false,
            Some(_) if self.args.resign || !self.args.sets.is_empty() => true,
            Some(scheme) => scheme.signs_time_or_id(),
            None => false,
        };
        let mut outgoing = Message { method: message.method, target: url, headers: HeaderMap(headers), body };
        if let (true, Some(scheme)) = (resign, scheme) {
            let opts = SignOptions {
                id: Some(scheme.fresh_id()),
                url: Some(outgoing.target.clone()),
                method: outgoing.method.clone(),
                event: capture.event.clone(),
                encoding: self.args.hmac.encoding(),
                hmac: self.args.hmac.params(),
                ..SignOptions::new(now_unix())
            };
            outgoing.resign(scheme, &secrets, &opts)?;
        }
        for (name, value) in &self.extra {
            outgoing.headers.set(name.clone(), value.clone());
        }
        Ok(Prepared {
            message: outgoing,
            provider: scheme.map(|s| s.name().to_string()),
            resigned: resign && scheme.is_some(),
        })
    }

    pub fn deliver(&self, index: usize, path: &Path, client: &Client, policy: &Policy) -> Delivered {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        match Capture::load(path) {
            Ok(capture) => self.deliver_capture(index, name, &capture, client, policy),
            Err(error) => Delivered::Malformed { name, error },
        }
    }

    /// One capture delivered (retried as the policy says), named `name` in reports.
    pub fn deliver_capture(
        &self,
        index: usize,
        name: String,
        capture: &Capture,
        client: &Client,
        policy: &Policy,
    ) -> Delivered {
        // Each attempt is prepared anew, so a re-signed capture gets a fresh timestamp per retry.
        let mut first = None;
        let delivered = delivery::deliver(
            client,
            policy,
            |status| self.args.expect.met(status),
            |_, _| {
                let prepared = self.prepare(capture)?;
                first.get_or_insert((prepared.provider.clone(), prepared.resigned));
                Ok(prepared.message)
            },
            |_, _, _| Ok(()),
        );
        let (attempt, attempts) = match delivered {
            Ok(delivered) => delivered,
            Err(error) => return Delivered::Malformed { name, error },
        };
        let (provider, resigned) = first.unwrap_or_default();
        Delivered::Sent(Box::new(Sent {
            index,
            name,
            provider,
            resigned,
            met: attempt.status().is_some_and(|s| self.args.expect.met(s)),
            attempts,
            attempt,
        }))
    }

    pub fn dry_run(
        &self,
        files: &[PathBuf],
        strict: bool,
        format: RequestFormat,
        printer: &Printer,
    ) -> Result<Outcome, Error> {
        let mut malformed = 0;
        for path in files {
            // A capture that cannot be rebuilt is skipped with a warning, as a real replay does.
            let request = match Capture::load(path).and_then(|capture| self.prepare(&capture)) {
                Ok(prepared) => prepared.message,
                Err(error) if strict => {
                    return Err(Error::bad_input(error.to_string())
                        .hint("fix or remove the capture, or drop --strict to skip it"))
                }
                Err(error) => {
                    printer.warn(&format!("skipped: {error}"));
                    malformed += 1;
                    continue;
                }
            };
            print_dry_run(request, format, &self.secrets, printer)?;
            if format == RequestFormat::Http {
                // A blank line between one request's body and the next request line.
                printer.line("")?;
            }
        }
        if malformed > 0 {
            return Err(Error::bad_input(format!("{malformed} capture(s) were malformed and skipped"))
                .hint("see the warnings above; --strict stops at the first"));
        }
        Ok(Outcome::Success)
    }
}
