//! `whk listen --tunnel KIND`: an existing tunnel client from the PATH brings the internet in.
//! whk starts it, reads the public URL it prints, uses that URL as `--public-url` (so URL-signed
//! schemes verify), and stops it when whk stops. whk never downloads a client.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::mpsc;

use crate::error::Error;

/// How long a client may take to print its public URL.
const STARTUP: Duration = Duration::from_secs(60);
/// How long a stopping listener leaves its tunnel up for answers still on their way out.
const LINGER: Duration = Duration::from_millis(500);

/// A tunnel client and how to ask it for a public URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Cloudflared,
    Ngrok,
    Tailscale,
    /// `ssh -R`: to your own server (`USER@HOST`, SSH port optional) or to localhost.run/serveo.
    Ssh {
        destination: String,
        port: Option<u16>,
    },
}

impl Kind {
    pub fn parse(text: &str) -> Result<Kind, String> {
        match text {
            "cloudflared" => Ok(Kind::Cloudflared),
            "ngrok" => Ok(Kind::Ngrok),
            "tailscale" => Ok(Kind::Tailscale),
            _ => {
                let rest = text.strip_prefix("ssh:").ok_or_else(|| {
                    format!("{text:?} is not a tunnel: cloudflared, ngrok, tailscale or ssh:USER@HOST[:PORT]")
                })?;
                let (destination, port) = match rest.rsplit_once(':') {
                    Some((destination, port)) if !destination.ends_with(']') || rest.starts_with('[') => {
                        let port = port.parse().map_err(|_| format!("{port:?} is not an SSH port"))?;
                        (destination, Some(port))
                    }
                    _ => (rest, None),
                };
                if destination.is_empty() || destination.starts_with('-') {
                    return Err(format!("{text:?} names no ssh destination: write ssh:USER@HOST[:PORT]"));
                }
                Ok(Kind::Ssh { destination: destination.to_string(), port })
            }
        }
    }

    fn program(&self) -> &'static str {
        match self {
            Kind::Cloudflared => "cloudflared",
            Kind::Ngrok => "ngrok",
            Kind::Tailscale => "tailscale",
            Kind::Ssh { .. } => "ssh",
        }
    }

    fn install_hint(&self) -> &'static str {
        match self {
            Kind::Cloudflared => "install cloudflared (https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/)",
            Kind::Ngrok => "install ngrok (https://ngrok.com/download) and run `ngrok config add-authtoken …` once",
            Kind::Tailscale => "install Tailscale (https://tailscale.com/download) and enable Funnel for this machine",
            Kind::Ssh { .. } => "install the OpenSSH client (apt-get install openssh-client)",
        }
    }

    /// The client's arguments for a tunnel to `port` on loopback.
    fn arguments(&self, port: u16) -> Vec<String> {
        let local = format!("127.0.0.1:{port}");
        match self {
            Kind::Cloudflared => {
                vec!["tunnel".into(), "--no-autoupdate".into(), "--url".into(), format!("http://{local}")]
            }
            Kind::Ngrok => ["http", &format!("http://{local}"), "--log", "stdout", "--log-format", "json"]
                .map(String::from)
                .to_vec(),
            Kind::Tailscale => vec!["funnel".into(), port.to_string()],
            Kind::Ssh { destination, port: ssh_port } => {
                // localhost.run and serveo route by port 80; your own server allocates one. Where
                // the server is named by its address, the forward is bound there, where the public
                // URL points: on every address (loopback's 127.0.0.1 and ::1 alike) the port the
                // server allocated on the first may belong to another process.
                let ssh_host = destination.rsplit('@').next().unwrap_or(destination);
                let remote = match ssh_host.parse::<std::net::IpAddr>() {
                    _ if destination.ends_with("localhost.run") || destination.ends_with("serveo.net") => "80".into(),
                    Ok(std::net::IpAddr::V6(ip)) => format!("[{ip}]:0"),
                    Ok(ip) => format!("{ip}:0"),
                    Err(_) => "0".to_string(),
                };
                let mut arguments: Vec<String> = [
                    "-N",
                    "-T",
                    "-o",
                    "ExitOnForwardFailure=yes",
                    "-o",
                    "ServerAliveInterval=30",
                    "-o",
                    "BatchMode=yes",
                    "-R",
                ]
                .map(String::from)
                .to_vec();
                arguments.push(format!("{remote}:{local}"));
                if let Some(ssh_port) = ssh_port {
                    arguments.extend(["-p".into(), ssh_port.to_string()]);
                }
                arguments.push(destination.clone());
                arguments
            }
        }
    }

    /// The public URL in one line of the client's output, if the line gives it.
    pub fn public_url(&self, line: &str) -> Option<String> {
        let urls = || {
            line.split(|c: char| c.is_whitespace() || matches!(c, '"' | ',' | '|' | '[' | ']'))
                .filter(|w| w.starts_with("https://"))
        };
        match self {
            Kind::Cloudflared => {
                urls().find(|u| u.trim_end_matches('/').ends_with(".trycloudflare.com")).map(str::to_string)
            }
            Kind::Ngrok => {
                if let Ok(json) = serde_json::from_str::<serde_json::Value>(line) {
                    return (json["msg"] == "started tunnel")
                        .then(|| json["url"].as_str().map(str::to_string))
                        .flatten();
                }
                // ngrok's default logfmt lines: msg="started tunnel" … url=https://…
                line.contains("msg=\"started tunnel\"")
                    .then(|| line.split_whitespace().find_map(|field| field.strip_prefix("url=")).map(str::to_string))
                    .flatten()
            }
            Kind::Tailscale => urls()
                .find(|u| u.trim_end_matches('/').ends_with(".ts.net"))
                .map(|u| u.trim_end_matches('/').to_string()),
            Kind::Ssh { destination, .. } => {
                let ssh_host = destination.rsplit('@').next().unwrap_or(destination);
                // localhost.run: "… tunneled with tls termination, https://…"; serveo and other
                // sish servers: "Forwarding HTTP traffic from https://…". Their welcome text
                // has other links.
                if line.contains("tunneled") || line.starts_with("Forwarding") {
                    if let Some(url) = urls().next() {
                        return Some(url.to_string());
                    }
                }
                // Your own server: "Allocated port 43817 for remote forward to 127.0.0.1:8000".
                let port = line.strip_prefix("Allocated port ")?.split_whitespace().next()?.parse::<u16>().ok()?;
                let host = if ssh_host.contains(':') { format!("[{ssh_host}]") } else { ssh_host.to_string() };
                Some(format!("http://{host}:{port}"))
            }
        }
    }
}

/// A running tunnel client.
pub struct Tunnel {
    child: Child,
    pub url: String,
    kind: Kind,
    /// The client's latest line of output, for when it dies.
    last_line: Arc<Mutex<String>>,
    /// The tasks reading its output, which end when it does.
    readers: Vec<tokio::task::JoinHandle<()>>,
}

impl Tunnel {
    /// Starts the client for `port` and waits for its public URL.
    pub async fn start(kind: &Kind, port: u16, extra: &[String]) -> Result<Tunnel, Error> {
        let program = kind.program();
        let mut child = Command::new(program)
            .args(extra)
            .args(kind.arguments(port))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => {
                    Error::bad_input(format!("--tunnel {program}: {program} is not on the PATH"))
                        .hint(format!("{}; whk never downloads one", kind.install_hint()))
                }
                _ => Error::runtime(format!("cannot start {program}: {}", crate::error::io_reason(&e))),
            })?;
        let (lines, mut read) = mpsc::unbounded_channel::<String>();
        let last_line = Arc::new(Mutex::new(String::new()));
        let mut readers = Vec::new();
        for output in [
            child.stdout.take().map(|o| Box::new(o) as Box<dyn tokio::io::AsyncRead + Unpin + Send>),
            child.stderr.take().map(|e| Box::new(e) as _),
        ]
        .into_iter()
        .flatten()
        {
            let (lines, last_line) = (lines.clone(), last_line.clone());
            // Read to the end, so the client never blocks on a full pipe.
            readers.push(tokio::spawn(async move {
                let mut reader = BufReader::new(output).lines();
                while let Ok(Some(line)) = reader.next_line().await {
                    *last_line.lock().expect("lock") = line.clone();
                    let _ = lines.send(line);
                }
            }));
        }
        drop(lines);
        let found = tokio::time::timeout(STARTUP, async {
            while let Some(line) = read.recv().await {
                if let Some(url) = kind.public_url(&line) {
                    return Some(url);
                }
            }
            None
        })
        .await;
        let last = || crate::output::sanitize_line(&last_line.lock().expect("lock")).into_owned();
        match found {
            Ok(Some(url)) => Ok(Tunnel { child, url, kind: kind.clone(), last_line, readers }),
            Ok(None) => Err(Error::runtime(format!("{program} exited before giving a public URL: {}", last()))
                .hint("run it by hand to see why (a login, a key, a name the server refused)")),
            Err(_) => {
                Err(Error::runtime(format!("{program} gave no public URL within {}s: {}", STARTUP.as_secs(), last())))
            }
        }
    }

    /// Stops the client once it has had a moment to pass on the last answers: the listener
    /// has written them to the client's socket, not yet the client to the internet.
    pub async fn close(mut self) {
        tokio::time::sleep(LINGER).await;
        let _ = self.child.kill().await;
    }

    /// Resolves when the client exits; what it last said.
    pub async fn exited(&mut self) -> String {
        let status = self.child.wait().await;
        // Its last words may still be in the pipe: read them (unless something it started
        // keeps the pipe open).
        for reader in self.readers.drain(..) {
            let _ = tokio::time::timeout(Duration::from_secs(1), reader).await;
        }
        let said = crate::output::sanitize_line(&self.last_line.lock().expect("lock")).into_owned();
        let code = status.map(|s| s.to_string()).unwrap_or_else(|e| e.to_string());
        format!("the {} tunnel client exited ({code}): {said}", self.kind.program())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first public URL in a client's real output (fixtures/tunnels, from the clients' docs
    /// and captured runs).
    fn first_url(kind: &Kind, output: &str) -> Option<String> {
        output.lines().find_map(|line| kind.public_url(line))
    }

    #[test]
    fn each_clients_own_output_gives_its_public_url() {
        let ssh = |destination: &str| Kind::Ssh { destination: destination.into(), port: None };
        let cases = [
            (
                Kind::Cloudflared,
                include_str!("../../../fixtures/tunnels/cloudflared.log"),
                "https://seasonal-deck-organisms-sf.trycloudflare.com",
            ),
            (Kind::Ngrok, include_str!("../../../fixtures/tunnels/ngrok.jsonl"), "https://84c5df474a1b.ngrok-free.app"),
            (
                Kind::Ngrok,
                include_str!("../../../fixtures/tunnels/ngrok.logfmt"),
                "https://84c5df474a1b.ngrok-free.app",
            ),
            (
                Kind::Tailscale,
                include_str!("../../../fixtures/tunnels/tailscale-funnel.txt"),
                "https://my-laptop.tail1b2c3.ts.net",
            ),
            (
                ssh("nokey@localhost.run"),
                include_str!("../../../fixtures/tunnels/ssh-localhost-run.txt"),
                "https://9c1e5f2a7b3d4e.lhr.life",
            ),
            (
                ssh("serveo.net"),
                include_str!("../../../fixtures/tunnels/ssh-serveo.txt"),
                "https://d2f0b8a1c4e6.serveo.net",
            ),
            (
                ssh("me@hooks.example.com"),
                include_str!("../../../fixtures/tunnels/ssh-own-server.txt"),
                "http://hooks.example.com:43817",
            ),
        ];
        for (kind, output, url) in cases {
            assert_eq!(first_url(&kind, output).as_deref(), Some(url), "{kind:?}");
        }
        assert_eq!(first_url(&Kind::Cloudflared, "INF Requesting new quick Tunnel on trycloudflare.com..."), None);
    }

    #[test]
    fn an_ssh_forward_is_bound_where_its_public_url_points() {
        let forward = |destination: &str| {
            let arguments = Kind::Ssh { destination: destination.into(), port: None }.arguments(8000);
            arguments.iter().skip_while(|a| *a != "-R").nth(1).cloned().unwrap()
        };
        assert_eq!(forward("me@127.0.0.1"), "127.0.0.1:0:127.0.0.1:8000");
        assert_eq!(forward("me@::1"), "[::1]:0:127.0.0.1:8000");
        assert_eq!(forward("me@hooks.example.com"), "0:127.0.0.1:8000");
        assert_eq!(forward("nokey@localhost.run"), "80:127.0.0.1:8000");
    }

    #[test]
    fn kinds_parse_and_refuse_what_they_are_not() {
        assert_eq!(Kind::parse("ngrok"), Ok(Kind::Ngrok));
        assert_eq!(
            Kind::parse("ssh:me@example.com"),
            Ok(Kind::Ssh { destination: "me@example.com".into(), port: None })
        );
        assert_eq!(
            Kind::parse("ssh:me@127.0.0.1:2222"),
            Ok(Kind::Ssh { destination: "me@127.0.0.1".into(), port: Some(2222) })
        );
        for bad in ["frp", "ssh:", "ssh:-oProxyCommand=x", "ssh:me@h:port"] {
            assert!(Kind::parse(bad).is_err(), "{bad}");
        }
    }
}
