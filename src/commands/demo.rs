//! `whk demo`: the whole loop, offline, with no set-up — a listener on a free loopback port
//! saving captures to a temp folder, one signed event sent for each seed system and a few major
//! providers, their verdicts, then every capture replayed re-signed. It drives the real `whk`
//! binary, so what it shows is exactly what the commands do. Exit 0 only if every step did.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use colored::Colorize;

use super::Outcome;
use crate::cli::DemoArgs;
use crate::error::{io_reason, Error};
use crate::output::Printer;

/// (provider, event, demo secret — `None` where the sender signs nothing).
const CAST: [(&str, &str, Option<&str>); 9] = [
    ("pyannote", "diarization.succeeded", Some("whs_demo0000000000000000000000000")),
    ("novofon", "incoming.answered", None),
    ("medilab", "patient.created", Some("demo-medilab-secret")),
    ("pulse", "transcription.success", None),
    ("bakai", "product.created", Some("demo0bakai0secret0000000000000000000000000000000000000000000000")),
    ("github", "push", Some("demo-github-secret")),
    ("stripe", "payment_intent.succeeded", Some("whsec_demo_stripe_secret")),
    ("standard-webhooks", "invoice.paid", Some("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")),
    ("slack", "event_callback", Some("demo-slack-signing-secret")),
];

fn env_name(provider: &str) -> String {
    format!("WHK_DEMO_{}", provider.to_ascii_uppercase().replace('-', "_"))
}

pub fn run(args: DemoArgs, printer: &Printer) -> Result<Outcome, Error> {
    if printer.json_mode() {
        return Err(Error::usage("whk demo prints for people and has no --json output")
            .hint("run it without --json; `whk listen --json` and `whk replay --json` report for scripts"));
    }
    let exe = std::env::current_exe()
        .map_err(|e| Error::runtime(format!("cannot find the whk binary: {}", io_reason(&e))))?;
    let dir = match &args.keep {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("whk-demo-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::runtime(format!("cannot create {}: {}", dir.display(), io_reason(&e))))?;
    let result = run_in(&exe, &dir, printer);
    if args.keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let captures = dir.join("captures");
    let kept = match &args.keep {
        Some(_) => format!("the captures stay in {}", captures.display()),
        None => "the captures were in a temporary folder; --keep DIR keeps them".to_string(),
    };
    printer.line(&format!("\n{kept}. Next, with your own secret and app:"))?;
    for next in [
        "whk listen --port 8000 -p github --secret-env GH_SECRET --save-dir captures",
        "whk verify --capture captures/000001-….json --secret-env GH_SECRET",
        "whk replay captures/ --to localhost:3000 --keep-path --secret-env GH_SECRET",
    ] {
        printer.line(&format!("  {next}"))?;
    }
    result
}

fn whk(exe: &Path) -> Command {
    let mut command = Command::new(exe);
    command.env("NO_COLOR", "1").env_remove("WHK_SECRET");
    for (provider, _, secret) in CAST {
        if let Some(secret) = secret {
            command.env(env_name(provider), secret);
        }
    }
    command
}

fn run_in(exe: &Path, dir: &Path, printer: &Printer) -> Result<Outcome, Error> {
    let captures = dir.join("captures");
    let ready = dir.join("ready");
    let mut listen = whk(exe);
    listen.args(["--json", "listen", "--port", "0", "--save-dir"]).arg(&captures).arg("--ready-file").arg(&ready);
    for (provider, _, secret) in CAST {
        let secret = secret.map(|_| format!(":env:{}", env_name(provider))).unwrap_or_default();
        listen.arg("--route").arg(format!("/{provider}={provider}{secret}"));
    }
    let mut child = Guard(
        listen
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| Error::runtime(format!("cannot start the listener: {}", io_reason(&e))))?,
    );
    let verdicts = read_lines(&mut child.0);
    let url = wait_for_url(&ready)?;
    printer.line(&format!("{} listening on {url}, saving to {}", "1.".bold(), captures.display()))?;

    printer.line(&format!("{} sending one signed event per provider", "2.".bold()))?;
    let mut ok = true;
    for (provider, event, secret) in CAST {
        let mut send = whk(exe);
        send.args(["-q", "send", &format!("{url}/{provider}"), "-p", provider, "-e", event]);
        if secret.is_some() {
            send.args(["--secret-env", &env_name(provider)]);
        }
        let status = send.status().map_err(|e| Error::runtime(format!("cannot run whk send: {}", io_reason(&e))))?;
        let verdict = next_verdict(&verdicts)?;
        let expected = if secret.is_some() { "valid" } else { "unsigned" };
        let good = status.success() && verdict == expected;
        ok &= good;
        let mark = if good { "✔".green() } else { "✘".red() };
        printer.line(&format!("   {mark} {provider:<18} {event:<26} {verdict}"))?;
    }

    printer.line(&format!("{} replaying the captures, re-signed with fresh timestamps", "3.".bold()))?;
    for (provider, _, secret) in CAST {
        let mut replay = whk(exe);
        replay.args(["-q", "replay"]).arg(captures.join(format!("*-{provider}.json")).to_string_lossy().as_ref());
        replay.args(["--to", &url, "--keep-path"]);
        if secret.is_some() {
            replay.args(["--secret-env", &env_name(provider), "--resign"]);
        }
        let status =
            replay.status().map_err(|e| Error::runtime(format!("cannot run whk replay: {}", io_reason(&e))))?;
        let verdict = next_verdict(&verdicts)?;
        let expected = if secret.is_some() { "valid" } else { "unsigned" };
        let good = status.success() && verdict == expected;
        ok &= good;
        let mark = if good { "✔".green() } else { "✘".red() };
        printer.line(&format!(
            "   {mark} {provider:<18} replayed{} → {verdict}",
            if secret.is_some() { " re-signed" } else { "" }
        ))?;
    }
    printer.line(&format!("{} a signature that breaks, and why", "4.".bold()))?;
    let (good, shown) = broken_delivery(exe, &url, &verdicts)?;
    ok &= good;
    let mark = if good { "✔".green() } else { "✘".red() };
    printer.line(&format!("   {mark} github push, its body given a trailing newline after signing → {shown}"))?;

    let saved = std::fs::read_dir(&captures).map(|d| d.count()).unwrap_or(0);
    printer.line(&format!(
        "{} {}: {} deliveries checked and saved as captures",
        "5.".bold(),
        if ok { "all good".green().bold() } else { "something failed".red().bold() },
        saved
    ))?;
    Ok(if ok { Outcome::Success } else { Outcome::Negative })
}

/// The headline feature: a GitHub delivery whose body changed after signing (a proxy or a
/// framework added a newline) is refused, and the listener names why. True when it does.
fn broken_delivery(exe: &Path, url: &str, verdicts: &mpsc::Receiver<String>) -> Result<(bool, String), Error> {
    let body = r#"{"ref":"refs/heads/main","zen":"Keep it logically awesome."}"#;
    let signed = whk(exe)
        .args(["sign", "github", "--secret-env", &env_name("github"), "-d", body])
        .output()
        .map_err(|e| Error::runtime(format!("cannot run whk sign: {}", io_reason(&e))))?;
    let headers: Vec<(String, String)> =
        String::from_utf8_lossy(&signed.stdout).lines().filter_map(crate::http::parse_header_line).collect();
    let mut request = reqwest::blocking::Client::new().post(format!("{url}/github")).body(format!("{body}\n"));
    for (name, value) in &headers {
        request = request.header(name.as_str(), value.as_str());
    }
    request.send().map_err(|e| Error::runtime(format!("cannot reach the listener: {e}")))?;
    let (verdict, cause) = next_request(verdicts)?;
    let cause = cause.unwrap_or_else(|| "no cause named".into());
    Ok((verdict == "invalid" && cause.contains("trailing newline"), format!("{verdict}: {cause}")))
}

/// Kills the listener however the demo ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn read_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    if let Some(out) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
    }
    rx
}

fn wait_for_url(ready: &Path) -> Result<String, Error> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(url) = std::fs::read_to_string(ready) {
            return Ok(url.trim().to_string());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Err(Error::runtime("the listener did not start within 10 s"))
}

/// The next request's verdict from the listener's NDJSON.
fn next_verdict(lines: &mpsc::Receiver<String>) -> Result<String, Error> {
    next_request(lines).map(|(verdict, _)| verdict)
}

/// The next request's verdict and likely cause (for a failed signature) from the NDJSON.
fn next_request(lines: &mpsc::Receiver<String>) -> Result<(String, Option<String>), Error> {
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(10))
            .map_err(|_| Error::runtime("the listener reported no request within 10 s"))?;
        let value: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        if value["type"] == "request" {
            let verdict = value["verdict"]["result"].as_str().unwrap_or("unknown").to_string();
            return Ok((verdict, value["cause"].as_str().map(str::to_string)));
        }
    }
}
