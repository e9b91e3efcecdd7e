//! The team log on NATS JetStream: where a `nats://HOST:PORT/SUBJECT` URL points, how whk
//! connects (credentials from a file or the environment, never printed), the stream it keeps
//! captures in, and a capture as a message: its JSON as the payload, provider, event and
//! verdict as headers for filtering, its id as `Nats-Msg-Id` so that a capture published
//! twice (an ack lost to a reconnect) is stored once.

use std::time::Duration;

use async_nats::jetstream::{self, stream};
use async_nats::HeaderMap;
use bytes::Bytes;

use crate::error::Error;
use crate::fixture::Capture;

/// How long one JetStream request (a publish's ack, a stream lookup) may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(2);

pub const HEADER_ID: &str = "Nats-Msg-Id";
pub const HEADER_PROVIDER: &str = "Whk-Provider";
pub const HEADER_EVENT: &str = "Whk-Event";
pub const HEADER_VERDICT: &str = "Whk-Verdict";
/// Names the object holding the body, for a capture too large for one message.
pub const HEADER_BODY_OBJECT: &str = "Whk-Body-Object";
/// Room left in a message for its headers and the capture's other fields.
const ENVELOPE: usize = 16 * 1024;

/// `nats://HOST:PORT/SUBJECT` taken apart.
#[derive(Debug, Clone)]
pub struct Target {
    /// The server, as the client connects to it (`nats://` or `tls://`, credentials included).
    pub server: String,
    pub subject: String,
    /// The JetStream stream holding `subject`: `--stream`, else `WHK_` and the subject.
    pub stream: String,
}

impl Target {
    pub fn parse(text: &str, stream: Option<&str>) -> Result<Target, String> {
        let bad = |why: &str| format!("{} is not nats://HOST:PORT/SUBJECT: {why}", crate::output::quoted(text));
        let (scheme, rest) = text.split_once("://").ok_or_else(|| bad("no nats:// or tls://"))?;
        if !matches!(scheme, "nats" | "tls") {
            return Err(bad("the scheme is neither nats nor tls"));
        }
        let (authority, subject) = rest.split_once('/').ok_or_else(|| bad("no subject after the host"))?;
        let valid = |token: &str| !token.is_empty() && !token.contains(['*', '>', ' ', '\t']);
        if authority.is_empty() || !subject.split('.').all(valid) {
            return Err(bad("the subject must be dot-separated names, without wildcards"));
        }
        let stream = match stream {
            Some(name) => name.to_string(),
            None => format!("WHK_{}", subject.replace(|c: char| !c.is_ascii_alphanumeric(), "_").to_ascii_uppercase()),
        };
        Ok(Target { server: format!("{scheme}://{authority}"), subject: subject.to_string(), stream })
    }

    /// The object store bucket for bodies too large for one message.
    pub fn bodies(&self) -> String {
        format!("{}_BODIES", self.stream)
    }

    /// The server's address without credentials, for messages.
    pub fn shown(&self) -> String {
        match self.server.split_once('@') {
            Some((scheme_and_user, host)) => {
                format!("{}://…@{host}", scheme_and_user.split("://").next().unwrap_or("nats"))
            }
            None => self.server.clone(),
        }
    }
}

/// Connects: `creds` is an NKey/JWT credentials file; otherwise `NATS_TOKEN`, or `NATS_USER`
/// with `NATS_PASSWORD`, from the environment. `wait` retries the first connection in the
/// background (a listener must start even while NATS is down) instead of failing.
pub async fn connect(
    target: &Target,
    creds: Option<&std::path::Path>,
    wait: bool,
) -> Result<async_nats::Client, Error> {
    let mut options = async_nats::ConnectOptions::new().name("whk");
    if let Some(path) = creds {
        options = options.credentials_file(path).await.map_err(|e| {
            Error::bad_input(format!("cannot read --nats-creds {}: {e}", path.display()))
                .hint("give the .creds file your NATS operator issued")
        })?;
    } else if let Ok(token) = std::env::var("NATS_TOKEN") {
        options = options.token(token);
    } else if let (Ok(user), Ok(password)) = (std::env::var("NATS_USER"), std::env::var("NATS_PASSWORD")) {
        options = options.user_and_password(user, password);
    }
    if wait {
        options = options.retry_on_initial_connect();
    }
    options.connect(&target.server).await.map_err(|e| {
        Error::runtime(format!("cannot reach NATS at {}: {e}", target.shown()))
            .hint("start nats-server with -js, or check the URL and the credentials")
    })
}

/// The runtime the NATS client runs on in a verb that is otherwise synchronous (`relay`,
/// `import`, `replay --from`): one thread, timers and sockets.
pub fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::runtime(format!("cannot start the NATS client: {}", crate::error::io_reason(&e))))
}

pub fn jetstream(client: async_nats::Client) -> jetstream::Context {
    let mut context = jetstream::new(client);
    context.set_timeout(REQUEST_TIMEOUT);
    context
}

/// The stream for `target`, created (file-backed, holding its subject) when missing.
pub async fn stream(context: &jetstream::Context, target: &Target) -> Result<stream::Stream, String> {
    let config = stream::Config {
        name: target.stream.clone(),
        subjects: vec![target.subject.clone()],
        storage: stream::StorageType::File,
        ..Default::default()
    };
    context.get_or_create_stream(config).await.map_err(|e| format!("stream {}: {e}", target.stream))
}

/// A capture as a message: its id, headers and payload.
pub fn encode(capture: &Capture, id: &str) -> (HeaderMap, Bytes) {
    let mut headers = HeaderMap::new();
    headers.insert(HEADER_ID, id);
    for (name, value) in [
        (HEADER_PROVIDER, capture.provider.as_deref()),
        (HEADER_EVENT, capture.event.as_deref()),
        (HEADER_VERDICT, capture.verdict.as_ref().map(|v| v.result.as_str())),
    ] {
        // A header value holds no line break; an event name from a sender might.
        if let Some(value) = value.filter(|v| !v.contains(['\r', '\n'])) {
            headers.insert(name, value);
        }
    }
    (headers, Bytes::from(serde_json::to_vec(capture).unwrap_or_default()))
}

/// Publishes a capture with `id` as its `Nats-Msg-Id`; a body that would not fit the server's
/// `max_payload` goes to the object store first, named by the id, and the message refers to it.
pub async fn publish(
    context: &jetstream::Context,
    client: &async_nats::Client,
    target: &Target,
    capture: &Capture,
    id: &str,
) -> Result<jetstream::context::PublishAckFuture, String> {
    let (mut headers, mut payload) = encode(capture, id);
    if payload.len() + ENVELOPE > client.server_info().max_payload {
        let body = capture.body.bytes()?;
        let store = match context.get_object_store(target.bodies()).await {
            Ok(store) => store,
            Err(_) => context
                .create_object_store(jetstream::object_store::Config { bucket: target.bodies(), ..Default::default() })
                .await
                .map_err(|e| format!("object store {}: {e}", target.bodies()))?,
        };
        store.put(id, &mut body.as_slice()).await.map_err(|e| format!("object store {}: {e}", target.bodies()))?;
        let slim = Capture { body: crate::fixture::CapturedBody::from_bytes(b""), ..capture.clone() };
        (headers, payload) = encode(&slim, id);
        headers.insert(HEADER_BODY_OBJECT, id);
    }
    context.publish_with_headers(target.subject.clone(), headers, payload).await.map_err(|e| e.to_string())
}

/// The capture a message carries, its body fetched from the object store when it is there.
pub async fn receive(
    context: &jetstream::Context,
    target: &Target,
    message: &jetstream::Message,
) -> Result<Capture, String> {
    let mut capture = decode(&message.payload)?;
    let object = message.headers.as_ref().and_then(|h| h.get(HEADER_BODY_OBJECT)).map(|v| v.as_str().to_string());
    if let Some(name) = object {
        use tokio::io::AsyncReadExt;
        let store = context
            .get_object_store(target.bodies())
            .await
            .map_err(|e| format!("object store {}: {e}", target.bodies()))?;
        let mut body = Vec::new();
        let mut object = store.get(&name).await.map_err(|e| format!("body object {name}: {e}"))?;
        object.read_to_end(&mut body).await.map_err(|e| format!("body object {name}: {e}"))?;
        capture.body = crate::fixture::CapturedBody::from_bytes(&body);
    }
    Ok(capture)
}

/// Every capture in the stream as it stands now (from `since` ago, or its start), in order, to
/// `take`; the count. Reads through a short-lived consumer that acks nothing, so durable
/// consumers (relays) are untouched.
pub async fn each_capture(
    target: &Target,
    creds: Option<&std::path::Path>,
    since: Option<Duration>,
    mut take: impl FnMut(Capture) -> Result<(), Error>,
) -> Result<usize, Error> {
    use async_nats::jetstream::consumer::{pull, AckPolicy, DeliverPolicy};
    use futures_util::StreamExt;
    let client = connect(target, creds, false).await?;
    let context = jetstream(client);
    let unavailable = |why: String| Error::runtime(format!("NATS at {}: {why}", target.shown()));
    let mut stream =
        context.get_stream(&target.stream).await.map_err(|e| unavailable(format!("stream {}: {e}", target.stream)))?;
    let last = stream.info().await.map_err(|e| unavailable(e.to_string()))?.state.last_sequence;
    if last == 0 {
        return Ok(0);
    }
    let config = pull::Config {
        deliver_policy: match since {
            Some(ago) => DeliverPolicy::ByStartTime { start_time: time::OffsetDateTime::now_utc() - ago },
            None => DeliverPolicy::All,
        },
        ack_policy: AckPolicy::None,
        filter_subject: target.subject.clone(),
        inactive_threshold: Duration::from_secs(30),
        ..Default::default()
    };
    let consumer = stream.create_consumer(config).await.map_err(|e| unavailable(e.to_string()))?;
    if consumer.cached_info().num_pending == 0 {
        return Ok(0);
    }
    let mut messages = consumer.messages().await.map_err(|e| unavailable(e.to_string()))?;
    let mut count = 0;
    while let Some(message) = messages.next().await {
        let message = message.map_err(|e| unavailable(e.to_string()))?;
        let info = message.info().map_err(|e| unavailable(e.to_string()))?;
        let (sequence, pending) = (info.stream_sequence, info.pending);
        let capture = receive(&context, target, &message)
            .await
            .map_err(|why| Error::bad_input(format!("stream {} sequence {sequence}: {why}", target.stream)))?;
        take(capture)?;
        count += 1;
        if sequence >= last || pending == 0 {
            break;
        }
    }
    Ok(count)
}

/// The capture a message carries, or why it is none.
pub fn decode(payload: &[u8]) -> Result<Capture, String> {
    let capture: Capture = serde_json::from_slice(payload).map_err(|e| format!("not a whk capture: {e}"))?;
    if capture.whk_capture != crate::fixture::VERSION {
        return Err(format!(
            "whk_capture is {}, this whk reads version {}",
            capture.whk_capture,
            crate::fixture::VERSION
        ));
    }
    capture.body.bytes()?;
    Ok(capture)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_server_a_subject_and_a_stream() {
        let target = Target::parse("nats://127.0.0.1:4222/webhooks.github", None).unwrap();
        assert_eq!((target.server.as_str(), target.subject.as_str()), ("nats://127.0.0.1:4222", "webhooks.github"));
        assert_eq!(target.stream, "WHK_WEBHOOKS_GITHUB");
        let named = Target::parse("tls://me:pw@nats.example:4222/hooks", Some("TEAM")).unwrap();
        assert_eq!((named.stream.as_str(), named.shown().as_str()), ("TEAM", "tls://…@nats.example:4222"));
        for bad in ["http://h/x", "nats://h", "nats://h/", "nats://h/a.*", "nats://h/a..b", "nats:///x"] {
            assert!(Target::parse(bad, None).is_err(), "{bad}");
        }
    }
}
