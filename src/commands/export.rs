//! `whk export`: captures written out in the formats other tools read — curl, HAR, `.http`,
//! hurl, Postman — one capture at a time, to stdout or to a file that appears whole or not at
//! all. Credentials are redacted unless asked for; signatures over a timestamp are signed afresh
//! with `--resign`, or reported as going stale.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use super::Outcome;
use crate::bridge::{self, ExportError, Outgoing};
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{io_reason, Error};
use crate::fixture::Capture;
use crate::message::Message;
use crate::output::Printer;
use crate::scheme::{self, now_unix, SignOptions};
use crate::secret;

pub fn run(args: ExportArgs, printer: &Printer) -> Result<Outcome, Error> {
    let secrets = secret::load(&args.secrets.spec(), false, printer)?;
    scheme::check_secret_providers(&secrets)?;
    if args.resign && secrets.is_empty() {
        return Err(Error::bad_input("--resign needs a secret")
            .hint("pass --secret-env VAR (or PROVIDER=VAR for each provider)"));
    }
    let files = crate::fixture::capture_files(&args.inputs)?;
    let mut exporter = bridge::exporter(args.format, args.to.as_deref());
    let mut out = Destination::open(args.output.as_deref(), printer)?;
    let mut redacted = BTreeSet::new();
    let mut stale = 0;
    out.write(|w| exporter.begin(w).map_err(ExportError::Write))?;
    for path in &files {
        let capture = Capture::load(path)?;
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let scheme = capture.provider.as_deref().and_then(scheme::find);
        let mut message = bridge::outgoing_message(&capture, args.to.as_deref())?;
        match scheme {
            Some(scheme) if args.resign => {
                let opts = SignOptions {
                    id: Some(scheme.fresh_id()),
                    url: Some(message.target.clone()),
                    method: message.method.clone(),
                    event: capture.event.clone(),
                    ..SignOptions::new(now_unix())
                };
                message.resign(scheme, &scheme::secrets_for(scheme, &secrets), &opts)?;
            }
            Some(scheme) if scheme.signs_time_or_id() => stale += 1,
            _ => {}
        }
        if !args.include_secrets {
            bridge::redact(&mut message.headers, &secrets, &mut redacted);
        }
        let Message { target, headers, body, .. } = message;
        let request = Outgoing { name: &name, capture: &capture, url: target, headers: headers.0, body };
        out.write(|w| exporter.entry(w, &request)).map_err(|e| match e {
            Unwritten::Unfit(why) => Error::bad_input(format!("cannot export {}: {why}", path.display()))
                .hint("export it as --format har or curl, which hold any request"),
            Unwritten::Error(e) => e,
        })?;
    }
    out.write(|w| exporter.end(w).map_err(ExportError::Write))?;
    out.finish()?;
    if !redacted.is_empty() {
        let names: Vec<_> = redacted.into_iter().collect();
        printer.warn(&format!("redacted {} (--include-secrets keeps them)", names.join(", ")));
    }
    if stale > 0 {
        printer.warn(&format!(
            "{stale} capture(s) carry signatures over a timestamp, which receivers refuse once it is old: \
             --resign --secret-env VAR signs them afresh"
        ));
    }
    printer.info(&format!("exported {} capture(s) as {}", files.len(), format_name(args.format)));
    Ok(Outcome::Success)
}

fn format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Curl => "curl commands",
        ExportFormat::Har => "HAR",
        ExportFormat::Http => "a .http file",
        ExportFormat::Hurl => "hurl",
        ExportFormat::Postman => "a Postman collection",
    }
}

/// Where the export goes: stdout, or a temporary file beside `-o`'s that takes its name only
/// when the whole export is written.
enum Destination<'p> {
    Stdout(&'p Printer),
    File { file: std::io::BufWriter<tempfile::NamedTempFile>, path: std::path::PathBuf },
}

enum Unwritten {
    Unfit(String),
    Error(Error),
}

impl From<Unwritten> for Error {
    fn from(e: Unwritten) -> Self {
        match e {
            Unwritten::Unfit(why) => Error::bad_input(why),
            Unwritten::Error(e) => e,
        }
    }
}

impl<'p> Destination<'p> {
    fn open(path: Option<&Path>, printer: &'p Printer) -> Result<Destination<'p>, Error> {
        let Some(path) = path else { return Ok(Destination::Stdout(printer)) };
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let file = tempfile::Builder::new()
            .prefix(".whk-export")
            .tempfile_in(dir)
            .map_err(|e| Error::runtime(format!("cannot write in {}: {}", dir.display(), io_reason(&e))))?;
        Ok(Destination::File { file: std::io::BufWriter::new(file), path: path.to_path_buf() })
    }

    /// Runs `step` against the destination: straight into the file, or through a buffer onto
    /// stdout (escaped there when it is a terminal: captures hold anyone's bytes).
    fn write(&mut self, step: impl FnOnce(&mut dyn Write) -> Result<(), ExportError>) -> Result<(), Unwritten> {
        let failed = |e: std::io::Error, path: &Path| {
            Unwritten::Error(Error::runtime(format!("cannot write {}: {}", path.display(), io_reason(&e))))
        };
        match self {
            Destination::Stdout(printer) => {
                let mut buffer = Vec::new();
                match step(&mut buffer) {
                    Ok(()) => printer.bytes(&buffer).map_err(Unwritten::Error),
                    Err(ExportError::Unfit(why)) => Err(Unwritten::Unfit(why)),
                    Err(ExportError::Write(e)) => Err(Unwritten::Error(crate::error::stdout_error(e))),
                }
            }
            Destination::File { file, path } => match step(file) {
                Ok(()) => Ok(()),
                Err(ExportError::Unfit(why)) => Err(Unwritten::Unfit(why)),
                Err(ExportError::Write(e)) => Err(failed(e, path)),
            },
        }
    }

    fn finish(self) -> Result<(), Error> {
        let Destination::File { file, path } = self else { return Ok(()) };
        let cannot = |e: std::io::Error| Error::runtime(format!("cannot write {}: {}", path.display(), io_reason(&e)));
        let file = file.into_inner().map_err(|e| cannot(e.into_error()))?;
        file.as_file().sync_all().map_err(cannot)?;
        file.persist(&path).map_err(|e| cannot(e.error))?;
        Ok(())
    }
}
