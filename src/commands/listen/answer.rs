//! What the listener sends back: the verdict's answer, a scripted one (`--respond`), a
//! provider's handshake, or the app's own (`--forward-to`).

use std::io::Read;
use std::time::Duration;

use serde_json::{json, Value};

use crate::error::{io_reason, Error};
use crate::http::is_hop_by_hop;
use crate::output::Printer;
use crate::scheme::{Header, Reply};

/// What the listener sends back.
#[derive(Debug)]
pub enum Answer {
    Reply {
        status: u16,
        headers: Vec<Header>,
        body: Vec<u8>,
        delay: Duration,
    },
    /// Close the connection without a byte (a scripted `drop`).
    Drop {
        delay: Duration,
    },
}

impl Answer {
    pub fn status(&self) -> u16 {
        match self {
            Answer::Reply { status, .. } => *status,
            Answer::Drop { .. } => 0,
        }
    }

    pub fn headers(&self) -> &[Header] {
        match self {
            Answer::Reply { headers, .. } => headers,
            Answer::Drop { .. } => &[],
        }
    }

    pub fn body(&self) -> &[u8] {
        match self {
            Answer::Reply { body, .. } => body,
            Answer::Drop { .. } => &[],
        }
    }

    pub fn json(status: u16, body: Value) -> Answer {
        Answer::Reply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
            delay: Duration::ZERO,
        }
    }
}

impl From<Reply> for Answer {
    fn from(reply: Reply) -> Answer {
        Answer::Reply {
            status: reply.status,
            headers: vec![("Content-Type".into(), reply.content_type.into())],
            body: reply.body,
            delay: Duration::ZERO,
        }
    }
}

/// One answer of a `--respond` script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scripted {
    Status { status: u16, delay: Duration },
    Drop { delay: Duration },
}

impl Scripted {
    /// The answer, with `Retry-After` on a 429 or 503 when `retry_after` (seconds) is given.
    pub fn answer(self, retry_after: Option<u64>) -> Answer {
        match self {
            Scripted::Status { status, delay } => {
                let headers = match retry_after {
                    Some(seconds) if status == 429 || status == 503 => {
                        vec![("Retry-After".into(), seconds.to_string())]
                    }
                    _ => vec![],
                };
                Answer::Reply { status, headers, body: format!("whk scripted {status}").into_bytes(), delay }
            }
            Scripted::Drop { delay } => Answer::Drop { delay },
        }
    }
}

/// `500,503x3,200@2s,drop`: statuses, repeats, delays, dropped connections. A 1xx is no final
/// answer in HTTP/1.1, so statuses run from 200 to 599.
pub fn parse_script(spec: &str) -> Result<Vec<Scripted>, Error> {
    let bad = |item: &str| {
        Error::usage(format!(
            "--respond item {} is not STATUS[xN][@DELAY] or drop[@DELAY]",
            crate::output::quoted(item)
        ))
        .hint("write e.g. --respond 500,503x3,200@2s,drop (STATUS from 200 to 599)")
    };
    let mut script = Vec::new();
    for item in spec.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (head, delay) = match item.split_once('@') {
            Some((head, delay)) => (head, humantime::parse_duration(delay).map_err(|_| bad(item))?),
            None => (item, Duration::ZERO),
        };
        let (answer, times) = match head.split_once('x') {
            Some((answer, times)) => (answer, times.parse::<usize>().map_err(|_| bad(item))?),
            None => (head, 1),
        };
        let scripted = match answer {
            "drop" => Scripted::Drop { delay },
            status => match status.parse::<u16>() {
                Ok(status) if (200..600).contains(&status) => Scripted::Status { status, delay },
                _ => return Err(bad(item)),
            },
        };
        script.extend(std::iter::repeat_n(scripted, times));
    }
    Ok(script)
}

/// The request to pass on to `--forward-to`.
pub struct Forwarded<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub headers: &'a [Header],
    pub body: &'a [u8],
}

/// Passes the request on unchanged (Host rewritten) and answers with the app's response, whose
/// body is held to `limit` bytes like a sender's. An app that cannot be reached, or whose answer
/// breaks off or runs over the limit, gets the sender a 502 and the user a warning.
pub fn forward(
    client: &crate::delivery::Client,
    target: &str,
    request: &Forwarded<'_>,
    limit: u64,
    printer: &Printer,
) -> Answer {
    let url = format!("{target}{}{}", request.path, request.query.map(|q| format!("?{q}")).unwrap_or_default());
    let headers: Vec<Header> = request.headers.iter().filter(|(n, _)| !is_hop_by_hop(n)).cloned().collect();
    match client.request(request.method, &url, &headers, request.body.to_vec()).send() {
        Ok(response) => {
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .filter(|(n, _)| !is_hop_by_hop(n.as_str()))
                .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect();
            let mut body = Vec::new();
            let problem = match response.take(limit + 1).read_to_end(&mut body) {
                Err(err) => Some(format!("its answer broke off ({})", io_reason(&err))),
                Ok(_) if body.len() as u64 > limit => Some(format!("its answer is over --max-body ({limit} bytes)")),
                Ok(_) => None,
            };
            match problem {
                None => Answer::Reply { status, headers, body, delay: Duration::ZERO },
                Some(why) => {
                    printer.warn(&format!("--forward-to {target}: {why}; answered the sender 502"));
                    Answer::json(502, json!({"error": "the app's answer could not be relayed", "forward_to": target}))
                }
            }
        }
        Err(err) => {
            printer.warn(&format!("--forward-to {target} failed ({err}); answered the sender 502"));
            Answer::json(502, json!({"error": "whk could not reach the app", "forward_to": target}))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_parse_repeats_delays_and_drops() {
        let script = parse_script("500, 503x2,200@2s,drop").unwrap();
        assert_eq!(script.len(), 5);
        assert_eq!(script[1], Scripted::Status { status: 503, delay: Duration::ZERO });
        assert_eq!(script[3], Scripted::Status { status: 200, delay: Duration::from_secs(2) });
        assert_eq!(script[4], Scripted::Drop { delay: Duration::ZERO });
        for bad in ["700", "101", "200@soon", "200xz"] {
            assert!(parse_script(bad).is_err(), "{bad}");
        }
    }
}
