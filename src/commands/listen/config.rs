//! `whk.toml` for `whk listen`: routes and settings in a file a team can commit. Secrets are
//! only ever named (an environment variable or a file), never written in it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::ListenArgs;
use crate::error::{io_reason, Error};

pub const EXAMPLE: &str = r#"# whk listen configuration. Flags given on the command line win over this file.
# Secrets are named, never written here: secret_env = "VAR" or secret_file = "path".

[listen]
# port = 8000            # 0 picks a free port
# host = "127.0.0.1"     # anything but loopback is warned about
# save_dir = "captures"  # every request as a capture file
# forward_to = "http://127.0.0.1:3000"
# public_url = "https://abc.tunnel.example"   # the URL senders sign (Twilio, Square, HubSpot)
# on_invalid = 401
# max_body = "10MiB"
# ui = true                                   # the inspector at /_whk/ui
# tunnel = "cloudflared"                      # or "ngrok", "tailscale", "ssh:me@example.com"
# publish = "nats://127.0.0.1:4222/webhooks"  # the team log (NATS JetStream)
# stream = "WHK_WEBHOOKS"
# spec = "openapi.yaml"                       # judge each body by an OpenAPI 3.1 spec's webhooks

# One [[route]] per path. Requests to other paths are detected from their headers.
[[route]]
path = "/webhook"
provider = "pyannote"
secret_env = "PYANNOTE_WEBHOOK_SECRET"

[[route]]
path = "/api/v1/webhooks/bakai"
provider = "bakai"
secret_env = "WEBHOOK_SECRET"
# respond = "500,503x2,200"   # scripted answers for this route, then the usual ones

[[route]]
path = "/novofon"
provider = "novofon"     # user-templated call notifications arrive unsigned
"#;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    listen: Settings,
    #[serde(default, rename = "route")]
    routes: Vec<RouteEntry>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Settings {
    port: Option<u16>,
    host: Option<String>,
    save_dir: Option<PathBuf>,
    forward_to: Option<String>,
    public_url: Option<String>,
    on_invalid: Option<u16>,
    max_body: Option<String>,
    ui: Option<bool>,
    tunnel: Option<String>,
    publish: Option<String>,
    stream: Option<String>,
    spec: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RouteEntry {
    path: String,
    provider: String,
    secret_env: Option<String>,
    secret_file: Option<PathBuf>,
    respond: Option<String>,
}

/// Writes the commented example, refusing to replace a file.
pub fn init(path: Option<&Path>) -> Result<PathBuf, Error> {
    let path = path.map_or_else(|| PathBuf::from("whk.toml"), Path::to_path_buf);
    if path.exists() {
        return Err(Error::bad_input(format!("{} already exists", path.display()))
            .hint("remove it first, or pass --config with another path"));
    }
    std::fs::write(&path, EXAMPLE)
        .map_err(|e| Error::runtime(format!("cannot write {}: {}", path.display(), io_reason(&e))))?;
    Ok(path)
}

/// Folds the file into `args`: its routes come after the command line's (which therefore win
/// for the same path), its settings fill what the command line did not give.
pub fn apply(path: &Path, args: &mut ListenArgs) -> Result<(), Error> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::unreadable(&format!("config {}", path.display()), &e))?;
    if text.lines().any(|l| l.trim_start().starts_with("secret ") || l.trim_start().starts_with("secret=")) {
        return Err(Error::bad_input(format!("{} holds a secret value", path.display()))
            .hint("name it instead: secret_env = \"VAR\" or secret_file = \"path\""));
    }
    let file: File = toml::from_str(&text).map_err(|e| {
        Error::bad_input(format!("{} is not a whk listen config: {}", path.display(), e.message()))
            .hint("`whk listen --init-config` writes a commented example")
    })?;
    let settings = file.listen;
    let from_file = |name: &str| !args.given.iter().any(|given| given == name);
    if let (Some(port), true) = (settings.port, from_file("port")) {
        args.port = port;
    }
    if let (Some(host), true) = (settings.host, from_file("host")) {
        args.host = host;
    }
    args.save_dir = args.save_dir.take().or(settings.save_dir);
    if let (None, Some(public)) = (&args.public_url, settings.public_url) {
        let public = crate::cli::parse_endpoint(&public)
            .map_err(|why| Error::usage(format!("{}: public_url {why}", path.display())))?;
        args.public_url = Some(public);
    }
    if let (None, Some(target)) = (&args.forward_to, settings.forward_to) {
        let target = crate::cli::parse_endpoint(&target)
            .map_err(|why| Error::usage(format!("{}: forward_to {why}", path.display())))?;
        args.forward_to = Some(target);
    }
    if let (Some(status), true) = (settings.on_invalid, from_file("on_invalid")) {
        args.on_invalid = status;
    }
    args.ui |= settings.ui.unwrap_or(false);
    // The command line's tunnel, or its --public-url, wins over the file's tunnel.
    if args.tunnel.is_none() && args.public_url.is_none() {
        args.tunnel = settings.tunnel;
    }
    args.publish = args.publish.take().or(settings.publish);
    args.stream = args.stream.take().or(settings.stream);
    args.spec = args.spec.take().or(settings.spec);
    if let (Some(size), true) = (settings.max_body, from_file("max_body")) {
        args.max_body = crate::cli::parse_size(&size)
            .map_err(|why| Error::bad_input(format!("{}: max_body {why}", path.display())))?;
    }
    for route in file.routes {
        let secret = match (route.secret_env, route.secret_file) {
            (Some(var), None) => format!(":env:{var}"),
            (None, Some(file)) => format!(":file:{}", file.display()),
            (None, None) => String::new(),
            (Some(_), Some(_)) => {
                return Err(Error::bad_input(format!(
                    "{}: route {} names both secret_env and secret_file",
                    path.display(),
                    route.path
                ))
                .hint("keep one"))
            }
        };
        args.routes.push(format!("{}={}{secret}", route.path, route.provider));
        if let Some(respond) = route.respond {
            args.respond.push(format!("{}={respond}", route.path));
        }
    }
    Ok(())
}
