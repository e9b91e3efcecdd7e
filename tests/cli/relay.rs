//! The team log: `whk listen --publish` into a real nats-server's JetStream, and `whk relay`
//! out of it to an app. The server is Debian's `nats-server`, started here with `-js` on a
//! port it picks, with a temporary store; never a mock.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::listen::Listener;
use crate::support::{captures, stderr, temp, whk};

const SECRET: &str = "team secret";

/// A JetStream-enabled nats-server on 127.0.0.1, killed when dropped. `restart` brings it back
/// on the same port and store, as after a crash.
struct NatsServer {
    child: Child,
    port: u16,
    store: PathBuf,
}

impl NatsServer {
    /// The server, or `None` off CI when nats-server is not installed.
    #[allow(clippy::print_stderr)] // the skip is said where cargo test shows it
    fn start(store: &Path) -> Option<NatsServer> {
        let Some(binary) = nats_server() else {
            assert!(std::env::var_os("CI").is_none(), "no nats-server: .ci/run installs Debian's nats-server");
            eprintln!("skipped: nats-server is not installed (apt-get install nats-server)");
            return None;
        };
        let (child, port) = Self::spawn(&binary, store, "-1", &[]);
        Some(NatsServer { child, port, store: store.to_path_buf() })
    }

    fn spawn(binary: &Path, store: &Path, port: &str, extra: &[&str]) -> (Child, u16) {
        let mut child = Command::new(binary)
            .args(["-js", "-a", "127.0.0.1", "-p", port, "-sd"])
            .arg(store)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nats-server");
        let log = BufReader::new(child.stderr.take().unwrap());
        let (found, port) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in log.lines().map_while(Result::ok) {
                if let Some(at) = line.find("client connections on 127.0.0.1:") {
                    let _ = found.send(line[at + 32..].trim().parse::<u16>().unwrap_or(0));
                }
            }
        });
        let port = port.recv_timeout(crate::support::HANG).expect("nats-server listening");
        (child, port)
    }

    fn url(&self, subject: &str) -> String {
        format!("nats://127.0.0.1:{}/{subject}", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn restart(&mut self) {
        self.stop();
        let binary = nats_server().unwrap();
        self.child = Self::spawn(&binary, &self.store, &self.port.to_string(), &[]).0;
    }

    /// What the stream holds: its message count, read with the client whk uses (0 while the
    /// stream does not exist yet, which the publisher makes with its first capture).
    fn messages(&self, stream: &str) -> u64 {
        let url = format!("nats://127.0.0.1:{}", self.port);
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
            let client = async_nats::connect(url).await.unwrap();
            match async_nats::jetstream::new(client).get_stream(stream).await {
                Ok(mut stream) => stream.info().await.map_or(0, |info| info.state.messages),
                Err(_) => 0,
            }
        })
    }

    /// A durable consumer's messages offered and not acked, and not yet offered.
    fn unacked(&self, stream: &str, durable: &str) -> (usize, u64) {
        let url = format!("nats://127.0.0.1:{}", self.port);
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
            let client = async_nats::connect(url).await.unwrap();
            let stream = async_nats::jetstream::new(client).get_stream(stream).await.unwrap();
            let mut consumer: async_nats::jetstream::consumer::PullConsumer =
                stream.get_consumer(durable).await.unwrap();
            let info = consumer.info().await.unwrap();
            (info.num_ack_pending, info.num_pending)
        })
    }
}

/// `$WHK_NATS_SERVER`, nats-server on PATH, or Debian's (in /usr/sbin, off most users' PATH).
fn nats_server() -> Option<PathBuf> {
    crate::support::program("WHK_NATS_SERVER", &["nats-server"])
        .or_else(|| Some(PathBuf::from("/usr/sbin/nats-server")).filter(|path| path.is_file()))
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn publisher(dir: &Path, nats: &NatsServer, extra: &[&str]) -> Listener {
    let publish = nats.url("webhooks");
    let args =
        [&["--route", "/hooks=github:env:GH", "--route", "/pay=stripe:env:ST", "--publish", &publish], extra].concat();
    let listener = Listener::start(dir, &args, &[("GH", SECRET), ("ST", "whsec_dGVhbQ==")]);
    assert!(listener.stderr_shows("every capture → nats://127.0.0.1:"), "{}", listener.stderr());
    listener
}

/// A nats-server whose stream holds one published push, and the listener that published it.
fn stream_with_a_push(dir: &Path) -> Option<(NatsServer, Listener)> {
    let nats = NatsServer::start(&dir.join("js"))?;
    let source = publisher(dir, &nats, &[]);
    send(&source.url, "github", "push");
    assert!(crate::support::eventually(|| nats.messages("WHK_WEBHOOKS") == 1));
    Some((nats, source))
}

/// `whk send` of one catalogue event, signed with the listener's secret.
fn send(url: &str, provider: &str, event: &str) {
    let dir = temp();
    let (path, secret) = match provider {
        "github" => ("hooks", SECRET),
        _ => ("pay", "whsec_dGVhbQ=="),
    };
    let out = whk(dir.path())
        .args(["send", &format!("{url}/{path}"), "-p", provider, "-e", event, "--secret-env", "S"])
        .env("S", secret)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// An app that verifies what it is sent, as the real one would: a whk listener saving captures.
fn app(dir: &Path, count: usize) -> Listener {
    let count = count.to_string();
    Listener::start(
        dir,
        &["--route", "/hooks=github:env:GH", "--route", "/pay=stripe:env:ST", "--save-dir", "got", "--count", &count],
        &[("GH", SECRET), ("ST", "whsec_dGVhbQ==")],
    )
}

/// `whk relay` to `to` with a durable name, until `count` deliveries met --expect.
fn relay(nats: &NatsServer, to: &str, durable: &str, count: usize, extra: &[&str]) -> std::process::Output {
    let dir = temp();
    whk(dir.path())
        .args(["relay", &nats.url("webhooks"), "--to", to, "--keep-path", "--durable", durable])
        .args(["--count", &count.to_string(), "--secret-env", "github=GH", "--secret-env", "stripe=ST"])
        .args(extra)
        .env("GH", SECRET)
        .env("ST", "whsec_dGVhbQ==")
        .timeout(crate::support::HANG)
        .output()
        .unwrap()
}

/// `count` deliveries relayed on `durable` into a fresh app in `dir`, which gets every one of
/// them; where the app saved them.
fn relay_into(nats: &NatsServer, dir: &Path, durable: &str, count: usize, extra: &[&str]) -> PathBuf {
    std::fs::create_dir(dir).unwrap();
    let mut target = app(dir, count);
    let out = relay(nats, &target.url, durable, count, extra);
    assert_eq!(out.status.code(), Some(0), "{durable}: {}", stderr(&out));
    assert_eq!(target.wait(), Some(0), "{durable}: the app got all {count}");
    dir.join("got")
}

fn bodies(dir: &Path) -> Vec<Vec<u8>> {
    let mut all: Vec<Vec<u8>> = captures(dir).into_iter().map(|(_, c)| c.body.bytes().unwrap()).collect();
    all.sort();
    all
}

#[test]
fn published_webhooks_are_relayed_with_exact_bodies_and_a_durable_relay_resumes() {
    let dir = temp();
    let Some(nats) = NatsServer::start(&dir.path().join("js")) else { return };
    let source = publisher(dir.path(), &nats, &["--save-dir", "sent"]);
    let events = ["push", "ping", "pull_request", "issues", "release"];
    for n in 0..10 {
        send(&source.url, "github", events[n % events.len()]);
    }
    assert!(crate::support::eventually(|| nats.messages("WHK_WEBHOOKS") == 10), "10 published");

    let first = relay_into(&nats, &dir.path().join("first"), "ana", 5, &[]);

    // Stopped after 5; while it is down 10 more arrive; back with the same name, it gets the
    // other 15 and nothing twice.
    for n in 0..10 {
        send(&source.url, "github", events[n % events.len()]);
    }
    let second = relay_into(&nats, &dir.path().join("second"), "ana", 15, &[]);

    // The same stream, read whole by import and by replay --from; durable consumers untouched.
    let imported = dir.path().join("imported");
    let out = whk(dir.path()).args(["import", &nats.url("webhooks"), "--save-dir"]).arg(&imported).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(bodies(&imported), bodies(&dir.path().join("sent")));
    let app_three = crate::support::TestServer::start(vec![]);
    let out = whk(dir.path())
        .args(["replay", "--from", &nats.url("webhooks"), "--to", &app_three.url, "--no-resign"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(app_three.requests().len(), 20);

    let mut relayed = bodies(&first);
    relayed.extend(bodies(&second));
    relayed.sort();
    assert_eq!(relayed, bodies(&dir.path().join("sent")), "every body, exactly, once");
    for (name, capture) in captures(&first).into_iter().chain(captures(&second)) {
        assert_eq!(capture.verdict.map(|v| v.result).as_deref(), Some("valid"), "{name}");
    }
}

#[test]
fn nothing_is_lost_or_doubled_when_nats_restarts_under_traffic() {
    let dir = temp();
    let Some(mut nats) = NatsServer::start(&dir.path().join("js")) else { return };
    let source = publisher(dir.path(), &nats, &[]);
    for _ in 0..5 {
        send(&source.url, "github", "push");
    }
    assert!(crate::support::eventually(|| nats.messages("WHK_WEBHOOKS") == 5));
    nats.stop();
    for _ in 0..5 {
        send(&source.url, "github", "ping");
    }
    assert!(source.stderr_shows("cannot publish to NATS"), "{}", source.stderr());
    nats.restart();
    for _ in 0..5 {
        send(&source.url, "github", "issues");
    }
    assert!(source.stderr_shows("NATS is back"), "{}", source.stderr());
    assert!(crate::support::eventually(|| nats.messages("WHK_WEBHOOKS") == 15), "all 15 published after the restart");
    let here = relay_into(&nats, &dir.path().join("app"), "check", 15, &[]);
    let mut events: Vec<String> = captures(&here).into_iter().filter_map(|(_, c)| c.event).collect();
    events.sort();
    assert_eq!(events.iter().filter(|e| *e == "ping").count(), 5, "the 5 sent while NATS was down, once each");
    assert_eq!(nats.messages("WHK_WEBHOOKS"), 15, "and none twice");
}

#[test]
fn two_listeners_feed_one_stream_and_every_durable_consumer_gets_all_filtered_as_asked() {
    let dir = temp();
    let Some(nats) = NatsServer::start(&dir.path().join("js")) else { return };
    let left = dir.path().join("left");
    let right = dir.path().join("right");
    std::fs::create_dir_all(&left).unwrap();
    std::fs::create_dir_all(&right).unwrap();
    let one = publisher(&left, &nats, &[]);
    let two = publisher(&right, &nats, &[]);
    for _ in 0..3 {
        send(&one.url, "github", "push");
        send(&two.url, "stripe", "payment_intent.succeeded");
    }
    send(&two.url, "github", "ping");
    assert!(crate::support::eventually(|| nats.messages("WHK_WEBHOOKS") == 7));

    for (durable, count) in [("ana", 7), ("ben", 7)] {
        relay_into(&nats, &dir.path().join(durable), durable, count, &[]);
    }

    let only_push = relay_into(&nats, &dir.path().join("push"), "pushes", 3, &["-p", "github", "-e", "push"]);
    let got = captures(&only_push);
    assert!(got.iter().all(|(_, c)| c.provider.as_deref() == Some("github") && c.event.as_deref() == Some("push")));
}

#[test]
fn a_body_larger_than_a_nats_message_travels_through_the_object_store() {
    let dir = temp();
    let Some(nats) = NatsServer::start(&dir.path().join("js")) else { return };
    let source = publisher(dir.path(), &nats, &[]);
    // 5 MiB, over nats-server's 1 MiB max_payload, and not all of it text.
    let body: Vec<u8> = (0..5 << 20).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let (status, _) =
        crate::listen::post(&format!("{}/big", source.url), &[("Content-Type", "application/octet-stream")], &body);
    assert_eq!(status, 200);
    assert!(crate::support::eventually(|| nats.messages("WHK_WEBHOOKS") == 1), "{}", source.stderr());
    let app = crate::support::TestServer::start(vec![]);
    let out = relay(&nats, &app.url, "big", 1, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let received = app.requests();
    assert_eq!(received[0].target, "/big");
    assert!(received[0].body == body, "the 5 MiB body arrives exactly ({} bytes)", received[0].body.len());
}

#[test]
fn credentials_come_from_the_environment_and_are_never_printed() {
    let dir = temp();
    let Some(binary) = nats_server() else { return };
    let token = "s3cr3t-nats-token";
    let (child, port) = NatsServer::spawn(&binary, &dir.path().join("js"), "-1", &["--auth", token]);
    let _server = NatsServer { child, port, store: dir.path().join("js") };
    let url = format!("nats://127.0.0.1:{port}/webhooks");
    let import = |env: &[(&str, &str)]| {
        let mut command = whk(dir.path());
        command.args(["import", &url, "--save-dir", "caps"]);
        for (name, value) in env {
            command.env(name, value);
        }
        command.timeout(crate::support::HANG).output().unwrap()
    };
    let refused = import(&[("NATS_TOKEN", "wrong")]);
    crate::support::fails_with(&refused, 4, "error: cannot reach NATS at nats://127.0.0.1:");
    let source = Listener::start(
        dir.path(),
        &["--route", "/hooks=github:env:GH", "--publish", &url],
        &[("GH", SECRET), ("NATS_TOKEN", token)],
    );
    send(&source.url, "github", "push");
    let accepted = import(&[("NATS_TOKEN", token)]);
    let published = crate::support::eventually(|| {
        let again = import(&[("NATS_TOKEN", token)]);
        again.status.code() == Some(0) && dir.path().join("caps").read_dir().is_ok_and(|mut d| d.next().is_some())
    });
    assert!(published, "the capture went in and came out with the token: {}", source.stderr());
    assert!(!source.stderr().contains(token));
    for output in [&refused, &accepted] {
        let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(output));
        assert!(!said.contains(token), "the token is never printed: {said}");
    }
}

#[test]
fn tls_urls_verify_the_server_against_ssl_cert_file() {
    let dir = temp();
    let Some(binary) = nats_server() else { return };
    let openssl = |args: &[&str]| {
        let done = Command::new("openssl").args(args).current_dir(dir.path()).stderr(Stdio::null()).status().unwrap();
        assert!(done.success(), "openssl {args:?}");
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ed25519",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "1",
        "-nodes",
        "-subj",
        "/CN=whk test CA",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "ed25519",
        "-keyout",
        "leaf.key",
        "-out",
        "leaf.csr",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    crate::support::write(dir.path(), "ext", "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
    openssl(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "leaf.pem",
        "-days",
        "1",
        "-extfile",
        "ext",
    ]);
    let (cert, key) = (dir.path().join("leaf.pem"), dir.path().join("leaf.key"));
    let tls = ["--tls", "--tlscert", cert.to_str().unwrap(), "--tlskey", key.to_str().unwrap()];
    let (child, port) = NatsServer::spawn(&binary, &dir.path().join("js"), "-1", &tls);
    let _server = NatsServer { child, port, store: dir.path().join("js") };
    let url = format!("tls://127.0.0.1:{port}/webhooks");
    let ca = dir.path().join("ca.pem");
    let ca = ca.to_str().unwrap();
    let source = Listener::start(
        dir.path(),
        &["--route", "/hooks=github:env:GH", "--publish", &url],
        &[("GH", SECRET), ("SSL_CERT_FILE", ca)],
    );
    send(&source.url, "github", "push");
    let import = |trust: Option<&str>| {
        let mut command = whk(dir.path());
        command.args(["import", &url, "--save-dir", "caps"]);
        if let Some(ca) = trust {
            command.env("SSL_CERT_FILE", ca);
        }
        command.timeout(crate::support::HANG).output().unwrap()
    };
    let untrusted = import(None);
    crate::support::fails_with(&untrusted, 4, "error: cannot reach NATS at tls://127.0.0.1:");
    assert!(stderr(&untrusted).contains("invalid peer certificate"), "{}", stderr(&untrusted));
    let arrived = crate::support::eventually(|| {
        import(Some(ca)).status.code() == Some(0)
            && dir.path().join("caps").read_dir().is_ok_and(|mut d| d.next().is_some())
    });
    assert!(arrived, "published and read back over TLS: {}", source.stderr());
}

#[test]
fn a_message_in_the_stream_that_is_no_capture_is_skipped_and_not_offered_again() {
    let dir = temp();
    let Some((nats, source)) = stream_with_a_push(dir.path()) else { return };
    // Anyone with access to the subject may publish to it.
    let url = format!("nats://127.0.0.1:{}", nats.port);
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
        let client = async_nats::connect(url).await.unwrap();
        let context = async_nats::jetstream::new(client);
        for junk in [&b"not json \x1b[2J"[..], br#"{"whk_capture": 9}"#] {
            context.publish("webhooks", bytes::Bytes::from(junk.to_vec())).await.unwrap().await.unwrap();
        }
    });
    send(&source.url, "github", "ping");
    assert!(crate::support::eventually(|| nats.messages("WHK_WEBHOOKS") == 4));
    let target = crate::support::TestServer::start(vec![]);
    let out = relay(&nats, &target.url, "skips", 2, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("warning: stream sequence 2 skipped: not a whk capture"), "{said}");
    assert!(said.contains("warning: stream sequence 3 skipped: not a whk capture"), "{said}");
    assert!(!said.contains('\x1b'), "escaped: {said:?}");
    assert_eq!(target.requests().len(), 2, "the two captures, and nothing else");
}

#[test]
fn ctrl_c_waits_for_deliveries_in_flight_and_acks_them() {
    let dir = temp();
    let Some((nats, _publisher)) = stream_with_a_push(dir.path()) else { return };
    // An app that takes a second to answer: Ctrl-C comes while the delivery is in flight.
    let slow = Listener::start(dir.path(), &["--respond", "200@1s", "--count", "1"], &[]);
    let mut relay = Command::new(env!("CARGO_BIN_EXE_whk"))
        .args(["relay", &nats.url("webhooks"), "--to", &slow.url, "--durable", "stopping", "--no-resign"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(crate::support::eventually(|| !slow.lines().is_empty()), "the app got it");
    let interrupted = Command::new("sh").args(["-c", &format!("kill -INT {}", relay.id())]).status().unwrap();
    assert!(interrupted.success());
    let code = crate::support::wait_or_kill(&mut relay).code();
    let mut said = String::new();
    std::io::Read::read_to_string(&mut relay.stderr.take().unwrap(), &mut said).unwrap();
    assert_eq!(code, Some(130), "{said}");
    assert!(said.contains("waiting for 1 delivery(ies) in flight"), "{said}");
    // The answer came and was acked before whk left: the durable has nothing left to offer.
    assert_eq!(nats.unacked("WHK_WEBHOOKS", "stopping"), (0, 0), "(waiting for an ack, not yet offered)");
}
