//! `whk import`: requests from HAR files, curl command lines, `.http` files, Postman
//! collections, webhook.site and Stripe CLI turned into captures in `--save-dir`, numbered on
//! from what is there. Each capture appears whole; a file that turns out not to be what it
//! claims stops the import, which then takes back every capture it wrote, so the directory is
//! left as it was.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::Outcome;
use crate::bridge::sniff::{self, Format};
use crate::bridge::{self, Stop};
use crate::cli::{ImportArgs, ImportFormat};
use crate::error::{io_reason, Error};
use crate::fixture::{self, Capture};
use crate::output::Printer;

/// Text formats are read whole; this bounds them (HAR, the format of big files, streams).
const TEXT_LIMIT: u64 = 256 << 20;

pub fn run(args: ImportArgs, printer: &Printer) -> Result<Outcome, Error> {
    std::fs::create_dir_all(&args.save_dir)
        .map_err(|e| Error::runtime(format!("cannot create {}: {}", args.save_dir.display(), io_reason(&e))))?;
    let mut import =
        Import { dir: &args.save_dir, sequence: fixture::last_sequence(&args.save_dir), written: Vec::new() };
    let mut losses: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &args.files {
        let result = match file.to_str().filter(|f| f.starts_with("nats://") || f.starts_with("tls://")) {
            Some(url) => import.stream(url, &args, &mut losses),
            None => import.file(file, args.format, &mut losses),
        };
        if let Err(error) = result {
            let taken_back = import.take_back();
            let note = match taken_back {
                0 => format!("nothing was written to {}", args.save_dir.display()),
                n => format!("the {n} capture(s) this import wrote to {} were removed", args.save_dir.display()),
            };
            return Err(match error.hint_text() {
                Some(hint) => {
                    let hint = format!("{hint}; {note}");
                    error.hint(hint)
                }
                None => error.hint(note),
            });
        }
    }
    for (format, lost) in &losses {
        for what in lost {
            printer.warn(&format!("{format} does not keep {what}"));
        }
    }
    let count = import.written.len();
    if printer.json_mode() {
        let files: Vec<_> = import.written.iter().map(|p| p.display().to_string()).collect();
        printer.json(&json!({"imported": count, "captures": files}))?;
    } else {
        printer.info(&format!("imported {count} request(s) into {}", args.save_dir.display()));
    }
    Ok(Outcome::Success)
}

struct Import<'d> {
    dir: &'d Path,
    sequence: u64,
    written: Vec<PathBuf>,
}

impl Import<'_> {
    fn file(
        &mut self,
        path: &Path,
        format: ImportFormat,
        losses: &mut BTreeMap<String, Vec<String>>,
    ) -> Result<(), Error> {
        let what = format!("{}", path.display());
        let meta = crate::error::regular_file(path, &what, "name a file to import")?;
        let open = || std::fs::File::open(path).map_err(|e| Error::unreadable(&what, &e));
        let format = match format.0 {
            Some(format) => format,
            None => {
                let mut head = Vec::with_capacity(64 << 10);
                open()?.take(64 << 10).read_to_end(&mut head).map_err(|e| Error::unreadable(&what, &e))?;
                sniff::sniff(path, &head).ok_or_else(|| {
                    Error::bad_input(format!("cannot tell what format {what} is in"))
                        .hint("pass --format har, curl, http, postman, webhook-site or stripe-cli")
                })?
            }
        };
        let text = |limit_reason: &str| read_text(path, meta.len(), limit_reason);
        let here = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut sink = |capture: Capture| self.save(capture, losses);
        let result = match format {
            Format::Har => bridge::har::import(open()?, &mut sink),
            Format::Postman => bridge::postman::import(open()?, &mut sink),
            Format::WebhookSite => bridge::webhook_site::import(open()?, &mut sink),
            // curl reads `@file` relative to where it runs: here, the current directory.
            Format::Curl => bridge::curl::import(&text("curl")?, Path::new("."), &mut sink),
            Format::Http => bridge::http_file::import(&text("http")?, here, &mut sink),
            Format::StripeCli => bridge::stripe_cli::import(&text("stripe-cli")?, &mut sink),
        };
        match result {
            Ok(_) => Ok(()),
            Err(Stop::Sink(error)) => Err(error),
            Err(Stop::Source(e)) => Err(Error::bad_input(format!("{what}:{}: {}", e.line, e.message))
                .hint(format!("whk read it as {} (--format to say otherwise)", format.name()))),
        }
    }

    /// Every capture in a team stream (from `--since` ago), as it stands now.
    fn stream(
        &mut self,
        url: &str,
        args: &ImportArgs,
        losses: &mut BTreeMap<String, Vec<String>>,
    ) -> Result<(), Error> {
        let target = crate::nats::Target::parse(url, args.stream.as_deref()).map_err(Error::usage)?;
        let runtime = crate::nats::runtime()?;
        let read = crate::nats::each_capture(&target, args.nats_creds.as_deref(), args.since, |capture| {
            self.save(capture, losses)
        });
        runtime.block_on(read).map(drop)
    }

    fn save(&mut self, capture: Capture, losses: &mut BTreeMap<String, Vec<String>>) -> Result<(), Error> {
        if let Some(imported) = &capture.imported {
            let noted = losses.entry(imported.from.clone()).or_default();
            for lost in &imported.lost {
                if !noted.contains(lost) {
                    noted.push(lost.clone());
                }
            }
        }
        self.sequence += 1;
        let path = self.dir.join(fixture::file_name(self.sequence, &capture.received_at, capture.provider.as_deref()));
        capture.save(&path)?;
        self.written.push(path);
        Ok(())
    }

    /// Removes what this import wrote; how many it removed.
    fn take_back(&mut self) -> usize {
        let written = std::mem::take(&mut self.written);
        written.iter().filter(|path| std::fs::remove_file(path).is_ok()).count()
    }
}

/// A text format's file, whole: UTF-8, at most [`TEXT_LIMIT`].
fn read_text(path: &Path, size: u64, format: &str) -> Result<String, Error> {
    if size > TEXT_LIMIT {
        return Err(Error::bad_input(format!(
            "{} is {size} bytes; a {format} file is read whole, up to 256 MiB",
            path.display()
        ))
        .hint("split it, or export the requests as HAR, which is read entry by entry"));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::unreadable(&path.display().to_string(), &e))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        Error::bad_input(format!("{}:{line}: not UTF-8 text", path.display())).hint(format!("a {format} file is text"))
    })
}
