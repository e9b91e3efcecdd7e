//! `whk listen --tunnel`: end to end through a real OpenSSH server started here on a free
//! loopback port with a throw-away host key and user key; and the client's lifecycle.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::listen::Listener;
use crate::support::{closed_port, stderr, temp, whk, write};

const SECRET: &str = "tunnel secret";

struct Sshd {
    child: Child,
    port: u16,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(path: &Path) {
    let made = Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(path).status().unwrap();
    assert!(made.success());
}

/// sshd on 127.0.0.1 accepting `user_key` for this user, forwarding allowed; `None` off CI
/// when OpenSSH's server is not installed.
#[allow(clippy::print_stderr)] // the skip is said where cargo test shows it
fn sshd(dir: &Path, user_key: &Path) -> Option<Sshd> {
    let binary = PathBuf::from("/usr/sbin/sshd");
    if !binary.is_file() {
        assert!(std::env::var_os("CI").is_none(), "no sshd: .ci/run installs Debian's openssh-server");
        eprintln!("skipped: sshd is not installed (apt-get install openssh-server)");
        return None;
    }
    // Privilege separation wants this directory when sshd runs as root.
    let _ = std::fs::create_dir_all("/run/sshd");
    keygen(&dir.join("host_key"));
    std::fs::copy(user_key.with_extension("pub"), dir.join("authorized_keys")).unwrap();
    let port = closed_port();
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {0}/host_key\nPidFile {0}/sshd.pid\n\
         AuthorizedKeysFile {0}/authorized_keys\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n\
         KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nPermitRootLogin prohibit-password\n\
         AllowTcpForwarding yes\nGatewayPorts no\nLogLevel INFO\n",
        dir.display()
    );
    let config_path = write(dir, "sshd_config", config);
    let mut child = Command::new(&binary)
        .args(["-D", "-e", "-f"])
        .arg(&config_path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let log = BufReader::new(child.stderr.take().unwrap());
    let (ready, listening) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in log.lines().map_while(Result::ok) {
            if line.contains("Server listening on 127.0.0.1") {
                let _ = ready.send(());
            }
        }
    });
    listening.recv_timeout(crate::support::HANG).expect("sshd listening");
    Some(Sshd { child, port })
}

fn user() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn a_webhook_through_an_ssh_tunnel_is_verified_and_captured() {
    let dir = temp();
    let key = dir.path().join("user_key");
    keygen(&key);
    let Some(server) = sshd(dir.path(), &key) else { return };
    let tunnel = format!("ssh:{}@127.0.0.1:{}", user(), server.port);
    let identity = format!("--tunnel-arg={}", key.display());
    let args = [
        "--tunnel",
        &tunnel,
        "--tunnel-arg=-i",
        &identity,
        "--tunnel-arg=-o",
        "--tunnel-arg=StrictHostKeyChecking=no",
        "--tunnel-arg=-o",
        "--tunnel-arg=UserKnownHostsFile=/dev/null",
        "--tunnel-arg=-o",
        "--tunnel-arg=LogLevel=INFO",
        "-p",
        "github",
        "--secret-env",
        "GH",
        "--save-dir",
        "caps",
        "--count",
        "1",
    ];
    let mut listener = Listener::start(dir.path(), &args, &[("GH", SECRET)]);
    assert!(listener.stderr_shows("public URL: http://127.0.0.1:"), "{}", listener.stderr());
    let public = listener.stderr().split("public URL: ").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    assert_ne!(public, listener.url, "the public URL is the server's forwarded port, not the listener's own");

    let sent = whk(dir.path())
        .args(["send", &format!("{public}/through/ssh"), "-p", "github", "-e", "push", "--secret-env", "GH"])
        .env("GH", SECRET)
        .output()
        .unwrap();
    assert_eq!(sent.status.code(), Some(0), "{}", stderr(&sent));
    // This listener answered, not another process on the forwarded port's other address (sshd
    // binds loopback's 127.0.0.1 and ::1 alike unless whk names the one).
    assert!(
        crate::support::eventually(|| listener.lines().iter().any(|l| l.contains("/through/ssh"))),
        "{}",
        listener.stderr()
    );
    // Its answer came back through the tunnel before whk, done at --count, closed it.
    assert_eq!(listener.wait(), Some(0), "{}", listener.stderr());
    let captured = crate::support::captures(&dir.path().join("caps"));
    let through = captured.iter().map(|(_, c)| c).find(|c| c.path == "/through/ssh").expect("captured");
    assert_eq!(through.verdict.as_ref().map(|v| v.result.as_str()), Some("valid"));
    // whk stopped its ssh client, so the server closed the forward.
    let port: u16 = public.rsplit(':').next().unwrap().parse().unwrap();
    assert!(
        crate::support::eventually(|| std::net::TcpStream::connect(("127.0.0.1", port)).is_err()),
        "the tunnel is gone once whk is"
    );
}

#[test]
fn a_missing_client_is_named_and_a_dying_one_ends_the_listener() {
    let dir = temp();
    let empty = dir.path().join("bin");
    std::fs::create_dir(&empty).unwrap();
    let missing = whk(dir.path())
        .args(["listen", "--port", "0", "--tunnel", "cloudflared"])
        .env("PATH", &empty)
        .output()
        .unwrap();
    crate::support::fails_with(
        &missing,
        3,
        "error: --tunnel cloudflared: cloudflared is not on the PATH\nhint: install cloudflared",
    );

    let bad = whk(dir.path()).args(["listen", "--port", "0", "--tunnel", "frp"]).output().unwrap();
    crate::support::fails_with(&bad, 2, "error: --tunnel \"frp\" is not a tunnel");

    // A client that gives its URL and then dies: whk reports it and stops with exit 4.
    let client = write(
        &empty,
        "cloudflared",
        "#!/bin/sh\necho 'INF |  https://brief-life.trycloudflare.com  |' >&2\nread line\necho 'ERR connection lost' >&2\nexit 1\n",
    );
    std::fs::set_permissions(&client, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", empty.display(), std::env::var("PATH").unwrap_or_default());
    // whk gives the client no stdin: the fake one's `read` ends at once, right after its URL.
    let output = whk(dir.path())
        .args(["listen", "--port", "0", "--tunnel", "cloudflared"])
        .env("PATH", path)
        .timeout(crate::support::HANG)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(said.contains("public URL: https://brief-life.trycloudflare.com"), "{said}");
    assert!(
        said.contains("error: the cloudflared tunnel client exited (exit status: 1): ERR connection lost"),
        "{said}"
    );
}

#[test]
fn tunnel_restart_starts_a_dead_client_again_and_takes_its_new_url() {
    let dir = temp();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    // Dies after its first URL; the second run stays up.
    let client = write(
        &bin,
        "cloudflared",
        "#!/bin/sh\nn=$(cat \"$RUNS\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$RUNS\"\n\
         echo \"INF |  https://run-$n.trycloudflare.com  |\" >&2\n[ $n -eq 1 ] && exit 1\nexec sleep 60\n",
    );
    std::fs::set_permissions(&client, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let output = whk(dir.path())
        .args(["listen", "--port", "0", "--tunnel", "cloudflared", "--tunnel-restart", "--timeout", "1s"])
        .env("PATH", path)
        .env("RUNS", dir.path().join("runs"))
        .timeout(crate::support::HANG)
        .output()
        .unwrap();
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(said.contains("public URL: https://run-1.trycloudflare.com"), "{said}");
    assert!(said.contains("warning: the cloudflared tunnel client exited (exit status: 1)"), "{said}");
    assert!(said.contains("starting it again (--tunnel-restart)"), "{said}");
    assert!(said.contains("public URL: https://run-2.trycloudflare.com"), "{said}");
}
