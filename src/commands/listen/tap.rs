//! Request heads as they came off the wire. hyper hands header names lower-cased, a repeated
//! name's values grouped, and drops Content-Length when Transfer-Encoding is present; captures
//! promise the sender's own spelling and order, and the framing check must see both lengths.
//! [`Tap`] sits between the socket and hyper and keeps each request's head bytes (never its
//! body's: those are only counted past, following the same framing). The listener re-reads the
//! head with the same tokenizer hyper uses and keeps it only where it agrees field for field
//! with hyper's parse, so hyper alone decides framing and the tap only restores spelling and order.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::http::MAX_HEADERS;
use crate::scheme::Header;

/// Head bytes the tape holds at most (hyper refuses a head over half of this with 431).
const TAPE_LIMIT: usize = 2 * super::transport::HEAD_LIMIT;

/// The connection's bytes, read through to hyper, heads kept on the tape.
pub struct Tap<T> {
    inner: T,
    tape: Heads,
}

/// The listener's side of a [`Tap`]: one head per request hyper parsed.
#[derive(Clone, Default)]
pub struct Heads(Arc<Mutex<Tape>>);

impl<T> Tap<T> {
    pub fn new(inner: T) -> (Tap<T>, Heads) {
        let heads = Heads::default();
        (Tap { inner, tape: heads.clone() }, heads)
    }

    pub fn inner_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

impl Heads {
    /// The header fields of the request hyper has just parsed, in wire order and spelling, or
    /// `None` where they cannot be told (a value that is not UTF-8, a head past the tape).
    pub fn take(&self) -> Option<Vec<Header>> {
        self.0.lock().expect("lock").take()
    }
}

#[derive(Default)]
struct Tape {
    /// Bytes read and not yet accounted to a request: the start of the next head.
    pending: Vec<u8>,
    /// The body bytes of the request whose head was taken, passed over as they arrive.
    body: BodyBytes,
    /// The tape lost its place (a head too long, an unreadable chunk size): no more heads.
    lost: bool,
}

#[derive(Default)]
enum BodyBytes {
    #[default]
    Done,
    Length(u64),
    Chunked(Chunks),
}

impl Tape {
    fn record(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() && !self.lost {
            match &mut self.body {
                BodyBytes::Done => {
                    if self.pending.len() + bytes.len() > TAPE_LIMIT {
                        self.lost = true;
                        self.pending = Vec::new();
                    } else {
                        self.pending.extend_from_slice(bytes);
                    }
                    return;
                }
                BodyBytes::Length(left) => {
                    let passed = bytes.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
                    *left -= passed as u64;
                    bytes = &bytes[passed..];
                    if *left == 0 {
                        self.body = BodyBytes::Done;
                    }
                }
                BodyBytes::Chunked(chunks) => match chunks.pass(bytes) {
                    Some(Passed::Partly(used)) => bytes = &bytes[used..],
                    Some(Passed::Ended(used)) => {
                        bytes = &bytes[used..];
                        self.body = BodyBytes::Done;
                    }
                    None => self.lost = true,
                },
            }
        }
    }

    fn take(&mut self) -> Option<Vec<Header>> {
        if self.lost {
            return None;
        }
        let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut fields);
        let Ok(httparse::Status::Complete(head_len)) = request.parse(&self.pending) else {
            self.lost = true;
            return None;
        };
        let headers: Option<Vec<Header>> = request
            .headers
            .iter()
            .map(|field| Some((field.name.to_string(), std::str::from_utf8(field.value).ok()?.to_string())))
            .collect();
        let named = |name: &'static str| request.headers.iter().filter(move |f| f.name.eq_ignore_ascii_case(name));
        // hyper's rule: any Transfer-Encoding makes the body chunked (or the request refused).
        self.body = if named("Transfer-Encoding").next().is_some() {
            BodyBytes::Chunked(Chunks::default())
        } else {
            match named("Content-Length")
                .next()
                .map(|f| crate::http::content_length(std::str::from_utf8(f.value).ok()?.trim()))
            {
                Some(Some(length)) => BodyBytes::Length(length),
                Some(None) => {
                    self.lost = true;
                    BodyBytes::Done
                }
                None => BodyBytes::Done,
            }
        };
        // The head's buffer goes; an idle connection keeps no tape.
        let rest = std::mem::take(&mut self.pending).split_off(head_len);
        self.record(&rest);
        headers
    }
}

/// Where a chunked body's framing is: RFC 9112 §7.1, followed without keeping a byte of data.
/// Size lines are read by httparse, the tokenizer under hyper.
#[derive(Default)]
struct Chunks {
    stage: Stage,
    size: u64,
    /// The size line so far (a few bytes; hyper refuses a long one).
    line: Vec<u8>,
}

#[derive(Default, PartialEq, Eq)]
enum Stage {
    #[default]
    SizeLine,
    Data,
    /// The CRLF after a chunk's data.
    DataEnd,
    /// Trailer fields; `true` while a line has any byte but CR.
    Trailers(bool),
}

enum Passed {
    Partly(usize),
    Ended(usize),
}

/// A size line longer than this is no size line.
const SIZE_LINE_LIMIT: usize = 4096;

impl Chunks {
    /// Passes over what of `bytes` belongs to the body; `None` on a size that is no size.
    fn pass(&mut self, bytes: &[u8]) -> Option<Passed> {
        let mut used = 0;
        while used < bytes.len() {
            if self.stage == Stage::Data {
                let passed = (bytes.len() - used).min(usize::try_from(self.size).unwrap_or(usize::MAX));
                self.size -= passed as u64;
                used += passed;
                if self.size == 0 {
                    self.stage = Stage::DataEnd;
                }
                continue;
            }
            let byte = bytes[used];
            used += 1;
            match (&self.stage, byte) {
                (Stage::SizeLine, b'\n') => {
                    self.line.push(byte);
                    let httparse::Status::Complete((_, size)) = httparse::parse_chunk_size(&self.line).ok()? else {
                        return None;
                    };
                    self.line.clear();
                    self.size = size;
                    self.stage = if size == 0 { Stage::Trailers(false) } else { Stage::Data };
                }
                (Stage::SizeLine, _) if self.line.len() >= SIZE_LINE_LIMIT => return None,
                (Stage::SizeLine, _) => self.line.push(byte),
                (Stage::DataEnd, b'\n') => self.stage = Stage::SizeLine,
                (Stage::DataEnd, _) => {}
                (Stage::Trailers(false), b'\n') => {
                    self.stage = Stage::SizeLine;
                    return Some(Passed::Ended(used));
                }
                (Stage::Trailers(_), b'\n') => self.stage = Stage::Trailers(false),
                (Stage::Trailers(_), b'\r') => {}
                (Stage::Trailers(_), _) => self.stage = Stage::Trailers(true),
                (Stage::Data, _) => unreachable!("data is passed over in bulk above"),
            }
        }
        Some(Passed::Partly(used))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Tap<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = polled {
            self.tape.0.lock().expect("lock").record(&buf.filled()[before..]);
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Tap<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(headers: &[Header]) -> Vec<&str> {
        headers.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn heads_keep_spelling_and_order_across_pipelined_requests() {
        let mut tape = Tape::default();
        let first = b"POST /a HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nX-b: 2\r\nX-A: 3\r\nContent-Length: 5\r\n\r\nhello";
        let second =
            b"POST /b HTTP/1.1\r\nHOST: y\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel\r\n\r\n0\r\nT: 1\r\n\r\n";
        let third = b"GET /c HTTP/1.1\r\nhost: z\r\n\r\n";
        // Fed in awkward pieces, the first head taken while its body is still arriving.
        let all = [&first[..], second, third].concat();
        let split = first.len() - 3;
        tape.record(&all[..1]);
        for piece in all[1..split].chunks(7) {
            tape.record(piece);
        }
        let head = tape.take().unwrap();
        assert_eq!(names(&head), ["Host", "X-A", "X-b", "X-A", "Content-Length"]);
        for piece in all[split..].chunks(7) {
            tape.record(piece);
        }
        assert_eq!(names(&tape.take().unwrap()), ["HOST", "Transfer-Encoding"]);
        assert_eq!(names(&tape.take().unwrap()), ["host"]);
        assert!(tape.pending.is_empty());
    }

    #[test]
    fn bodies_are_passed_over_never_kept() {
        let mut tape = Tape::default();
        tape.record(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
        tape.take().unwrap();
        for _ in 0..100 {
            tape.record(&[b'a'; 10_000]);
        }
        assert!(tape.pending.is_empty() && matches!(tape.body, BodyBytes::Done));
    }

    #[test]
    fn an_unreadable_place_stops_the_tape_instead_of_guessing() {
        let mut tape = Tape::default();
        tape.record(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        tape.take().unwrap();
        tape.record(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!(tape.take(), None);
        let mut long = Tape::default();
        long.record(&vec![b'a'; TAPE_LIMIT + 1]);
        assert_eq!(long.take(), None);
    }
}
