//! A hermetic `whk` command and small helpers shared by the test modules.

use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;

/// `whk` with no inherited configuration: no WHK_* or colour variables, no CI flag, a temp
/// working directory, stdin closed.
pub fn whk(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("whk").expect("whk binary");
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("WHK_")
            || ["NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "CI", "HOME", "TERM"].contains(&key.as_str())
        {
            cmd.env_remove(&key);
        }
    }
    cmd.env("COLUMNS", "100").current_dir(dir).write_stdin(Vec::<u8>::new()).timeout(HANG);
    cmd
}

/// Far beyond any run of whk in this suite: a whk that has not finished by then hangs, and the
/// test fails instead of holding CI until its own limit.
pub const HANG: std::time::Duration = std::time::Duration::from_secs(120);

/// Waits for `child` for up to [`HANG`]; kills it and fails the test if it does not exit.
pub fn wait_or_kill(child: &mut std::process::Child) -> std::process::ExitStatus {
    wait_or_kill_saying(child, String::new)
}

/// [`wait_or_kill`], with what `said` returns (the child's output so far) in the failure.
pub fn wait_or_kill_saying(child: &mut std::process::Child, said: impl Fn() -> String) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + HANG;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("whk (pid {}) did not exit within {HANG:?}; it said:\n{}", child.id(), said());
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Asks `ready` every few milliseconds until it says yes (true) or [`HANG`] has passed (false).
pub fn eventually(mut ready: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + HANG;
    while std::time::Instant::now() < deadline {
        if ready() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    false
}

pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

/// The run failed with `code`, and stderr starts with `first` (the `error:` line that names the
/// bad input, and maybe its `hint:`).
#[track_caller]
pub fn fails_with(output: &std::process::Output, code: i32, first: impl AsRef<str>) {
    assert_eq!(output.status.code(), Some(code), "stderr: {}", stderr(output));
    assert!(stderr(output).starts_with(first.as_ref()), "stderr: {}", stderr(output));
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8 stderr")
}

/// The repository root, for committed files (fixtures, completions, snapshots).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with a committed golden file; `WHK_BLESS=1 cargo test` rewrites it.
pub fn golden(name: &str, actual: &str) {
    let path = repo().join("tests/cli/snapshots").join(name);
    if std::env::var_os("WHK_BLESS").is_some() {
        std::fs::write(&path, actual).expect("bless snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(expected == actual, "snapshot {name} differs; run `WHK_BLESS=1 cargo test` if the change is intended\n--- expected\n{expected}\n--- actual\n{actual}");
}

/// A scripted answer from the test server.
#[derive(Clone, Debug)]
pub enum Reply {
    Status(u16),
    With(u16, Vec<(&'static str, &'static str)>, &'static str),
    /// Read the request, then close without answering.
    Drop,
    /// Read the request and never answer (until the test ends).
    Hang,
}

/// One request as received, bytes and all.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// An HTTP/1.1 server on 127.0.0.1, port 0, answering from a script (then 200) and recording
/// every request. It lives until the test process ends.
pub struct TestServer {
    pub url: String,
    requests: std::sync::Arc<std::sync::Mutex<Vec<Recorded>>>,
}

impl TestServer {
    pub fn start(script: Vec<Reply>) -> TestServer {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let recorded = requests.clone();
        std::thread::spawn(move || {
            let mut script = script.into_iter();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let (method, target) =
                    (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or_default().to_string());
                let mut headers = Vec::new();
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    let header = header.trim_end_matches(['\r', '\n']);
                    if header.is_empty() {
                        break;
                    }
                    let (name, value) = header.split_once(':').unwrap();
                    headers.push((name.to_string(), value.trim().to_string()));
                }
                let length = headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                    .map_or(0, |(_, v)| v.parse().unwrap());
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                recorded.lock().unwrap().push(Recorded { method, target, headers, body });
                let reply = script.next().unwrap_or(Reply::Status(200));
                let (status, extra, text) = match reply {
                    Reply::Status(s) => (s, vec![], "answer"),
                    Reply::With(s, h, t) => (s, h, t),
                    Reply::Drop => continue,
                    Reply::Hang => {
                        std::mem::forget(stream);
                        continue;
                    }
                };
                let mut response =
                    format!("HTTP/1.1 {status} Scripted\r\nContent-Length: {}\r\nConnection: close\r\n", text.len());
                for (name, value) in extra {
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
                response.push_str("\r\n");
                response.push_str(text);
                let _ = stream.write_all(response.as_bytes());
            }
        });
        TestServer { url, requests }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

/// A loopback port with nothing listening on it. It is picked below the kernel's ephemeral
/// range (from 32768 on Linux), which every port-0 listener of the suite draws from, so no
/// other test's listener can be given it meanwhile.
pub fn closed_port() -> u16 {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let start = std::process::id() * 7919 % 12_000;
    loop {
        let offset = (start + NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)) % 12_000;
        let port = 20_000 + offset as u16;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// The controlling side of a pseudo-terminal.
pub struct Terminal {
    control: std::fs::File,
    side: std::fs::File,
}

impl Terminal {
    pub fn open() -> Terminal {
        use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
        let control = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pseudo-terminal");
        grantpt(&control).unwrap();
        unlockpt(&control).unwrap();
        let path = ptsname(&control, Vec::new()).unwrap();
        let side = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(std::ffi::OsStr::from_bytes(path.as_bytes()))
            .unwrap();
        Terminal { control: control.into(), side }
    }

    /// A handle on the terminal's far side, for the program under test.
    fn side(&self) -> Stdio {
        self.side.try_clone().unwrap().into()
    }

    /// Starts whk in `dir` with this terminal as its controlling terminal and all three standard
    /// streams, as in an interactive shell: not CI, no secret in the environment, no colour.
    pub fn run_whk(&self, dir: &Path, args: &[&str]) -> std::process::Child {
        self.run_whk_with(dir, args, &[])
    }

    /// [`Terminal::run_whk`] with these variables set too.
    pub fn run_whk_with(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Child {
        std::process::Command::new("setsid")
            .arg("--ctty")
            .arg(env!("CARGO_BIN_EXE_whk"))
            .args(args)
            .current_dir(dir)
            .env_remove("CI")
            .env_remove("WHK_SECRET")
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .envs(env.iter().copied())
            .stdin(self.side())
            .stdout(self.side())
            .stderr(self.side())
            .spawn()
            .expect("setsid(1) from util-linux")
    }

    /// Everything the program writes, gathered as it comes.
    pub fn screen(&self) -> Screen {
        let (sender, chunks) = std::sync::mpsc::channel();
        let mut control = self.control.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // Linux answers EIO once no one holds the far side any more: that is the end.
            while let Ok(n @ 1..) = control.read(&mut buf) {
                if sender.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Screen { chunks, seen: Default::default() }
    }

    pub fn echo_turns_off(&self) -> bool {
        use rustix::termios::{tcgetattr, LocalModes};
        eventually(|| !tcgetattr(&self.control).unwrap().local_modes.contains(LocalModes::ECHO))
    }

    pub fn type_line(&self, line: &str) {
        (&self.control).write_all(format!("{line}\n").as_bytes()).unwrap();
    }
}

pub struct Screen {
    chunks: std::sync::mpsc::Receiver<Vec<u8>>,
    seen: std::cell::RefCell<Vec<u8>>,
}

impl Screen {
    /// Waits (up to [`HANG`]) until `text` is on the screen.
    pub fn shows(&self, text: &str) -> bool {
        let deadline = std::time::Instant::now() + HANG;
        while !self.text().contains(text) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok(chunk) => self.seen.borrow_mut().extend(chunk),
                Err(_) => return false,
            }
        }
        true
    }

    /// The whole screen once the program has gone and its terminal is closed.
    pub fn all(&self) -> String {
        while let Ok(chunk) = self.chunks.recv_timeout(HANG) {
            self.seen.borrow_mut().extend(chunk);
        }
        self.text()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen.borrow()).into_owned()
    }
}

/// Every capture in `dir`, in name order, each checked against the published JSON Schema
/// (`docs/capture.schema.json`) before whk reads it back.
pub fn captures(dir: &Path) -> Vec<(String, whk::fixture::Capture)> {
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            assert_matches_capture_schema(&path);
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, whk::fixture::Capture::load(&path).unwrap())
        })
        .collect()
}

/// Fails unless the file is a capture as `docs/capture.schema.json` describes it.
pub fn assert_matches_capture_schema(path: &Path) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("docs/capture.schema.json")).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("capture.schema.json", schema).expect("the schema loads");
    let index = compiler.compile("capture.schema.json", &mut schemas).expect("the schema compiles");
    let capture: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    if let Err(error) = schemas.validate(&capture, index) {
        panic!("{} does not match docs/capture.schema.json: {error:#}", path.display());
    }
}

/// A program the tests drive: `$env_var` if set, else the first of `names` on PATH.
pub fn program(env_var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env_var) {
        return Some(path.into());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |name| dir.join(name))).find(|p| p.is_file())
}

/// xorshift64*: small, seeded, good enough to pick mutations.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
