//! `whk listen` against hostile and broken senders, byte by byte on raw sockets: framing and
//! smuggling, limits, timeouts, descriptor exhaustion, terminal escapes, and a seeded fuzz run.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use crate::listen::{captures, post, Listener};
use crate::support::{eventually, temp, Rng, Terminal};

/// How long a test waits for an answer that should come at once.
const WAIT: Duration = Duration::from_secs(5);

/// What came back on one connection, and whether the listener closed it (rather than the wait
/// running out).
struct Exchange {
    answer: String,
    closed: bool,
}

impl Exchange {
    fn status(&self) -> u16 {
        self.answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    fn responses(&self) -> usize {
        self.answer.matches("HTTP/1.1 ").count()
    }
}

fn address(listener: &Listener) -> String {
    listener.url.trim_start_matches("http://").to_string()
}

/// Sends `bytes` on a fresh connection (the write side left open, as a real client does) and
/// reads until the listener closes it or [`WAIT`] passes.
fn exchange(address: &str, bytes: &[u8]) -> Exchange {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let _ = stream.write_all(bytes);
    read_until_closed(&mut stream)
}

fn read_until_closed(stream: &mut TcpStream) -> Exchange {
    let mut answer = Vec::new();
    let mut buf = [0u8; 8192];
    let closed = loop {
        match stream.read(&mut buf) {
            Ok(0) => break true,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(err) => break err.kind() == std::io::ErrorKind::ConnectionReset,
        }
    };
    Exchange { answer: String::from_utf8_lossy(&answer).into_owned(), closed }
}

fn health(listener: &Listener) -> u16 {
    reqwest::blocking::get(format!("{}/_whk/health", listener.url)).map(|r| r.status().as_u16()).unwrap_or(0)
}

fn proc_count(pid: u32, what: &str) -> usize {
    match what {
        "fds" => std::fs::read_dir(format!("/proc/{pid}/fd")).unwrap().count(),
        _ => std::fs::read_dir(format!("/proc/{pid}/task")).unwrap().count(),
    }
}

#[test]
fn an_idle_listener_keeps_accepting_long_after_the_read_timeout() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &["--read-timeout", "200ms"], &[]);
    // The scenario is the idle time itself: several read timeouts with no connection at all.
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(health(&listener), 200);
    assert_eq!(post(&listener.url, &[], b"{}").0, 200);
}

#[test]
fn a_huge_content_length_is_refused_without_reading_or_allocating() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &["--save-dir", "caps"], &[]);
    let head = "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 34359738368\r\n\r\n";
    let got = exchange(&address(&listener), &[head.as_bytes(), &[b'a'; 4096]].concat());
    assert_eq!((got.status(), got.closed), (413, true), "{}", got.answer);
    // A sender that goes on sending after the 413 is cut off, not read to the end.
    let mut stream = TcpStream::connect(address(&listener)).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    let sent = (0..64).take_while(|_| stream.write_all(&chunk).is_ok()).count();
    assert!(sent < 64, "the listener read 64 MiB of a body it had refused");
    assert_eq!(health(&listener), 200, "still serving");
    let status = std::fs::read_to_string(format!("/proc/{}/status", listener.child.id())).unwrap();
    let peak_kib: u64 =
        status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap().trim().trim_end_matches(" kB").parse().unwrap();
    assert!(peak_kib < 64 << 10, "listener peak RSS {peak_kib} KiB");
    assert!(!dir.path().join("caps").read_dir().unwrap().any(|_| true), "nothing captured");
}

#[test]
fn http2_request_lines_and_prefaces_are_answered_and_leak_nothing() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &[], &[]);
    let pid = listener.child.id();
    assert_eq!(health(&listener), 200);
    let (fds, threads) = (proc_count(pid, "fds"), proc_count(pid, "threads"));
    for _ in 0..300 {
        let got = exchange(&address(&listener), b"POST / HTTP/2.0\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
        assert!(got.closed && (400..600).contains(&got.status()), "{}", got.answer);
    }
    let got = exchange(&address(&listener), b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assert!(got.closed && got.status() == 505, "{}", got.answer);
    assert!(eventually(|| proc_count(pid, "fds") <= fds), "descriptors {fds} -> {}", proc_count(pid, "fds"));
    assert!(proc_count(pid, "threads") <= threads + 2, "threads {threads} -> {}", proc_count(pid, "threads"));
    assert_eq!(health(&listener), 200);
}

/// Each framing the listener must refuse, with a whole second request hidden in its body: the
/// refusal closes the connection, so the hidden request is never answered, shown or captured.
#[test]
fn smuggled_requests_are_never_answered_or_captured() {
    let dir = temp();
    let mut listener = Listener::start(dir.path(), &["--save-dir", "caps", "--max-body", "64", "--json"], &[]);
    let smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
    let shapes = [
        format!("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 55\r\n\r\n{smuggled}"),
        format!(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 55\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{smuggled}"
        ),
        format!(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n{smuggled}"
        ),
        format!("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{smuggled}"),
        format!(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{}\r\n0\r\n\r\n{smuggled}",
            80,
            "a".repeat(80)
        ),
        format!("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n{smuggled}"),
        format!("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 18446744073709551616\r\n\r\n{smuggled}"),
    ];
    for shape in &shapes {
        let got = exchange(&address(&listener), shape.as_bytes());
        assert!(got.closed, "left open after {shape:?}: {}", got.answer);
        assert_eq!(got.responses(), 1, "{shape:?} got {}", got.answer);
        assert!((400..600).contains(&got.status()), "{shape:?} got {}", got.answer);
    }
    assert_eq!(post(&listener.url, &[], b"{}").0, 200, "still serving");
    let _ = listener.child.kill();
    listener.wait();
    assert!(listener.lines().iter().all(|l| !l.contains("smuggled")), "{:?}", listener.lines());
    let saved = captures(&dir.path().join("caps"));
    assert_eq!(saved.len(), 1, "only the honest request is captured");
    assert!(saved.iter().all(|(_, c)| c.path != "/smuggled"));
}

#[test]
fn transfer_codings_other_than_a_lone_chunked_are_refused() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &[], &[]);
    for (version, coding) in [
        ("1.1", "gzip"),
        ("1.1", "identity"),
        ("1.1", "xchunked"),
        ("1.1", ""),
        ("1.1", "gzip, chunked"),
        ("1.1", "chunked, chunked"),
        ("1.0", "chunked"),
    ] {
        let request =
            format!("POST / HTTP/{version}\r\nHost: x\r\nTransfer-Encoding: {coding}\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n");
        let got = exchange(&address(&listener), request.as_bytes());
        assert!(got.closed && [400, 501].contains(&got.status()), "{version} {coding:?}: {}", got.answer);
    }
    let chunked =
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
    assert_eq!(exchange(&address(&listener), chunked).status(), 200, "a lone chunked is fine");
}

#[test]
fn heads_that_are_not_clean_http_are_refused_and_never_captured() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &["--save-dir", "caps"], &[]);
    for head in [
        &b"POST / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n"[..],
        b"POST / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\nContent-Length: 0\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\n: no name\r\nContent-Length: 0\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nX A: space\r\nContent-Length: 0\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nHost: y\r\nContent-Length: 0\r\n\r\n",
        b"POST /\x1b[2J HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    ] {
        let got = exchange(&address(&listener), head);
        assert!(got.closed && got.status() == 400, "{:?}: {}", String::from_utf8_lossy(head), got.answer);
    }
    assert!(!dir.path().join("caps").read_dir().unwrap().any(|_| true), "nothing captured");
    assert_eq!(health(&listener), 200);
}

#[test]
fn a_body_cut_short_is_never_accepted_or_captured() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &["--save-dir", "caps"], &[]);
    let mut stream = TcpStream::connect(address(&listener)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(b"POST /cut HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n").unwrap();
    stream.write_all(&[b'a'; 1500]).unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    let got = read_until_closed(&mut stream);
    assert!(!got.answer.starts_with("HTTP/1.1 2"), "{}", got.answer);
    assert!(!dir.path().join("caps").read_dir().unwrap().any(|_| true), "nothing captured");
}

#[test]
fn upgrade_is_ignored_and_expect_100_continue_works() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &["--max-body", "1KiB"], &[]);
    // What `curl --http2` sends to an http:// URL: answered as HTTP/1.1, body by its length.
    let mut stream = TcpStream::connect(address(&listener)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream
        .write_all(b"POST /h2c HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nContent-Length: 2\r\n\r\n{}")
        .unwrap();
    let mut answer = [0u8; 12];
    stream.read_exact(&mut answer).unwrap();
    assert_eq!(&answer, b"HTTP/1.1 200");

    let mut stream = TcpStream::connect(address(&listener)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream
        .write_all(
            b"POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let mut interim = [0u8; 25];
    stream.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    stream.write_all(b"{}").unwrap();
    assert_eq!(read_until_closed(&mut stream).status(), 200);

    // Over the limit: refused at once, without asking for the body.
    let got = exchange(
        &address(&listener),
        b"POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n",
    );
    assert!(got.closed && got.answer.starts_with("HTTP/1.1 413"), "{}", got.answer);
}

#[test]
fn a_burst_of_keep_alive_clients_is_served_without_stalls() {
    let dir = temp();
    let listener = Listener::start(dir.path(), &[], &[]);
    let url = listener.url.clone();
    let clients: Vec<_> = (0..16)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let client = reqwest::blocking::Client::new();
                (0..6)
                    .map(|i| {
                        let started = Instant::now();
                        let status = client.post(format!("{url}/k{i}")).body("{}").send().unwrap().status();
                        (status.as_u16(), started.elapsed())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for client in clients {
        for (status, took) in client.join().unwrap() {
            // Not a speed target (benches/ has those): a stall of a whole timeout shows here.
            assert!(status == 200 && took < Duration::from_secs(1), "{status} after {took:?}");
        }
    }
}

#[test]
fn running_out_of_descriptors_is_survived() {
    let dir = temp();
    let ready = dir.path().join("ready");
    let mut child = std::process::Command::new("sh")
        .args(["-c", r#"ulimit -n 48 && exec "$0" "$@""#, env!("CARGO_BIN_EXE_whk")])
        .args(["listen", "--port", "0", "--ready-file", "ready"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    assert!(eventually(|| std::fs::read_to_string(&ready).is_ok_and(|u| u.ends_with('\n'))));
    let url = std::fs::read_to_string(&ready).unwrap().trim().to_string();
    let address = url.trim_start_matches("http://").to_string();
    let held: Vec<TcpStream> = (0..80).map(|_| TcpStream::connect(&address).unwrap()).collect();
    // Past the limit: whk cannot accept, backs off and keeps its loop.
    let served_while_full = eventually(|| proc_count(child.id(), "fds") >= 40);
    drop(held);
    assert!(served_while_full);
    let status = reqwest::blocking::get(format!("{url}/_whk/health")).unwrap().status();
    assert_eq!(status, 200, "served again once descriptors are free");
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("cannot accept connections").count(), 1, "said once: {stderr}");
}

/// Hostile bytes in the method, path, headers and body never reach the live log raw, in the
/// human lines or in `--json`; the capture keeps the body's exact bytes.
#[test]
fn hostile_bytes_never_reach_a_terminal() {
    let body: &[u8] =
        b"\x1b[2J\x1b]52;c;ZXZpbA==\x07\xe2\x80\xae evil \xc2\x9b31m \x00\xff\xfe\xe2\x80\x8b\xef\xbb\xbf";
    for json in [false, true] {
        let dir = temp();
        let terminal = Terminal::open();
        let screen = terminal.screen();
        let mut args = vec!["listen", "--port", "0", "--ready-file", "ready", "--save-dir", "caps", "-v"];
        if json {
            args.push("--json");
        }
        let mut child = terminal.run_whk(dir.path(), &args);
        let ready = dir.path().join("ready");
        assert!(eventually(|| std::fs::read_to_string(&ready).is_ok_and(|u| u.ends_with('\n'))));
        let address = std::fs::read_to_string(&ready).unwrap().trim().trim_start_matches("http://").to_string();
        let requests: Vec<Vec<u8>> = vec![
            b"PO\x1b[2JST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".to_vec(),
            b"POST /p\x1b]0;t\x07 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".to_vec(),
            b"POST /%1B%5B2J\xe2\x80\xae HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".to_vec(),
            b"POST /h HTTP/1.1\r\nHost: x\r\nX-Evil: \x1b[31m\r\nContent-Length: 0\r\n\r\n".to_vec(),
            b"POST /h HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: \xe2\x80\xaepush\xc2\x9b1m\xe2\x81\xa6\r\nContent-Length: 0\r\n\r\n".to_vec(),
            [format!("POST /body\u{202e}?q=\u{1b} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes(), body].concat(),
            [format!("POST /last HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: \u{202e}x\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes(), body].concat(),
        ];
        // Each asks to be closed once answered; the refused ones are closed anyway.
        for request in &requests {
            let at = request.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
            exchange(&address, &[&request[..at], b"\r\nConnection: close", &request[at..]].concat());
        }
        assert!(screen.shows("/last"), "{}", screen.text());
        let _ = child.kill();
        let _ = child.wait();
        let shown = screen.text();
        for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}', '\u{200b}', '\u{feff}', '\u{2066}', '\0'] {
            assert!(!shown.contains(bad), "{bad:?} reached the terminal (json: {json}): {shown:?}");
        }
        let saved = captures(&dir.path().join("caps"));
        let last = saved.iter().find(|(_, c)| c.path == "/last").expect("the last request is captured");
        assert_eq!(last.1.body.bytes().unwrap(), body, "the capture keeps the exact bytes");
    }
}

const FUZZ_BASES: [&[u8]; 4] = [
    b"POST /hook?a=1 HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: push\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"zen\":\"ok\"}\n",
    b"POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n5;x=1\r\n:1}\r\n\r\n0\r\nT: v\r\n\r\n",
    b"GET /_whk/health HTTP/1.1\r\nHost: x\r\n\r\nPOST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
    b"POST / HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n{}",
];

const FUZZ_TOKENS: [&[u8]; 14] = [
    b"\r\n",
    b"\n",
    b"\r",
    b"\0",
    b":",
    b" ",
    b"\t",
    b"Content-Length: 99999999999999999999\r\n",
    b"Transfer-Encoding: chunked\r\n",
    b"Content-Length: 3\r\n",
    b"\xff\xfe",
    b"\x1b[2J",
    b"ffffffffffffffffff\r\n",
    b"HTTP/2.0",
];

fn mutate(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(5) {
            0 => {
                bytes.truncate(at);
            }
            1 if at < bytes.len() => bytes[at] = rng.next() as u8,
            2 => {
                let token = FUZZ_TOKENS[rng.below(FUZZ_TOKENS.len())];
                bytes.splice(at..at, token.iter().copied());
            }
            3 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ if !bytes.is_empty() => {
                let from = rng.below(bytes.len());
                let piece: Vec<u8> = bytes[from..(from + rng.below(24)).min(bytes.len())].to_vec();
                bytes.splice(at..at, piece);
            }
            _ => {}
        }
    }
    bytes
}

/// 20,000 mutated requests: every connection is answered or closed (none waits out the
/// client's limit), nothing panics, and the listener still serves.
#[test]
fn fuzzed_requests_are_answered_or_closed_and_never_stop_the_listener() {
    let dir = temp();
    let mut listener = Listener::start(dir.path(), &["--read-timeout", "2s", "--max-body", "4KiB"], &[]);
    let address = address(&listener);
    let workers: Vec<_> = (0..4u64)
        .map(|worker| {
            let address = address.clone();
            std::thread::spawn(move || {
                let mut rng = Rng(0x5EED_0000_0000_0001 + worker * 0x9E37_79B9);
                for round in 0..5_000 {
                    let base = FUZZ_BASES[rng.below(FUZZ_BASES.len())];
                    let request = mutate(&mut rng, base);
                    let mut stream = TcpStream::connect(&address).unwrap();
                    stream.set_read_timeout(Some(WAIT)).unwrap();
                    let _ = stream.write_all(&request);
                    // Half-closed: a request cut short ends at once instead of at the timeout.
                    let _ = stream.shutdown(Shutdown::Write);
                    let started = Instant::now();
                    let got = read_until_closed(&mut stream);
                    assert!(
                        got.closed || started.elapsed() < WAIT,
                        "worker {worker} round {round}: {:?} was neither answered nor closed",
                        String::from_utf8_lossy(&request)
                    );
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(health(&listener), 200, "still serving");
    let _ = listener.child.kill();
    listener.wait();
    assert!(!listener.stderr().contains("panicked"), "{}", listener.stderr());
}
