//! `whk listen --publish nats://HOST:PORT/SUBJECT`: every capture, once verified, goes to a
//! JetStream stream. Handling a delivery only queues it; one task publishes, in order, with the
//! capture's id as `Nats-Msg-Id`. While NATS is unreachable the queue holds what could not be
//! published (up to [`SPOOL_LIMIT`] bytes) and the listener keeps answering and capturing;
//! on reconnect the queue is published from its oldest, and a capture whose ack was lost is
//! published again and stored once (JetStream drops a repeated `Nats-Msg-Id`).

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::fixture::Capture;
use crate::nats::{self, Target};
use crate::output::Printer;

/// Captures waiting for NATS, in bytes, past which new ones are not queued (and counted).
const SPOOL_LIMIT: u64 = 256 << 20;
/// Publishes in flight before their acks are awaited.
const BATCH: usize = 256;
/// How long a stopping listener keeps trying to publish what is queued.
const FLUSH: Duration = Duration::from_secs(5);
/// The pause before trying again after NATS refused or did not answer.
const RETRY: Duration = Duration::from_millis(250);

/// A capture waiting to be published, with the id that makes a second publish a no-op.
struct Outbound {
    id: String,
    capture: Capture,
    size: u64,
}

pub struct Publisher {
    target: Target,
    creds: Option<PathBuf>,
    sender: mpsc::UnboundedSender<Outbound>,
    receiver: Mutex<Option<mpsc::UnboundedReceiver<Outbound>>>,
    queued_bytes: AtomicU64,
    dropped: AtomicU64,
    pub published: AtomicU64,
}

impl Publisher {
    pub fn new(target: Target, creds: Option<PathBuf>) -> Publisher {
        let (sender, receiver) = mpsc::unbounded_channel();
        Publisher {
            target,
            creds,
            sender,
            receiver: Mutex::new(Some(receiver)),
            queued_bytes: AtomicU64::new(0),
            dropped: AtomicU64::new(0),
            published: AtomicU64::new(0),
        }
    }

    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Queues a capture for the stream; never waits on NATS.
    pub fn enqueue(&self, capture: Capture) {
        let size = capture.body.byte_len() as u64
            + capture.headers.iter().map(|(n, v)| n.len() + v.len()).sum::<usize>() as u64;
        if self.queued_bytes.fetch_add(size, Ordering::SeqCst) + size > SPOOL_LIMIT {
            self.queued_bytes.fetch_sub(size, Ordering::SeqCst);
            self.dropped.fetch_add(1, Ordering::SeqCst);
            return;
        }
        let _ = self.sender.send(Outbound { id: crate::scheme::fresh_uuid(), capture, size });
    }

    /// Publishes until `stop`, then for at most [`FLUSH`] more; says what was left.
    pub async fn run(&self, printer: Printer, mut stop: watch::Receiver<bool>) {
        let Some(mut receiver) = self.receiver.lock().expect("lock").take() else { return };
        let client = match nats::connect(&self.target, self.creds.as_deref(), true).await {
            Ok(client) => client,
            Err(error) => {
                printer.error(&error);
                return;
            }
        };
        let context = nats::jetstream(client.clone());
        let mut pending: VecDeque<Outbound> = VecDeque::new();
        let mut stream_ready = false;
        let mut failing = false;
        let mut stopping_at = None;
        loop {
            while let Ok(outbound) = receiver.try_recv() {
                pending.push_back(outbound);
            }
            if pending.is_empty() {
                if stopping_at.is_some() {
                    break;
                }
                tokio::select! {
                    received = receiver.recv() => match received {
                        Some(outbound) => pending.push_back(outbound),
                        None => break,
                    },
                    _ = stop.changed() => stopping_at = Some(tokio::time::Instant::now() + FLUSH),
                }
                continue;
            }
            if stopping_at.is_some_and(|at| tokio::time::Instant::now() >= at) {
                break;
            }
            let result = match stream_ready {
                false => nats::stream(&context, &self.target).await.map(|_| stream_ready = true),
                true => self.publish_batch(&context, &client, &mut pending).await,
            };
            // Said once when NATS goes away and once when it is back, not per attempt.
            match (&result, failing) {
                (Ok(()), true) => printer.info(&format!("NATS is back: publishing to {} again", self.target.shown())),
                (Err(why), false) => printer.warn(&format!(
                    "cannot publish to NATS ({why}); captures are queued and published when it is back"
                )),
                _ => {}
            }
            failing = result.is_err();
            if failing {
                tokio::select! {
                    _ = tokio::time::sleep(RETRY) => {}
                    _ = stop.changed(), if stopping_at.is_none() => stopping_at = Some(tokio::time::Instant::now() + FLUSH),
                }
            }
        }
        let left = pending.len() as u64 + self.dropped.load(Ordering::SeqCst);
        if left > 0 {
            printer.warn(&format!("{left} capture(s) were not published to NATS (unreachable, or the queue was full)"));
        }
    }

    /// Publishes the oldest queued captures, awaiting their acks in order; those acked leave
    /// the queue. The first failure stops the batch (later ones are published again: the
    /// server drops the repeats by their `Nats-Msg-Id`).
    async fn publish_batch(
        &self,
        context: &async_nats::jetstream::Context,
        client: &async_nats::Client,
        pending: &mut VecDeque<Outbound>,
    ) -> Result<(), String> {
        let mut acks = Vec::new();
        for outbound in pending.iter().take(BATCH) {
            match nats::publish(context, client, &self.target, &outbound.capture, &outbound.id).await {
                Ok(ack) => acks.push(ack),
                Err(why) if acks.is_empty() => return Err(why),
                Err(_) => break,
            }
        }
        for ack in acks {
            ack.await.map_err(|e| e.to_string())?;
            if let Some(done) = pending.pop_front() {
                self.queued_bytes.fetch_sub(done.size, Ordering::SeqCst);
                self.published.fetch_add(1, Ordering::SeqCst);
            }
        }
        Ok(())
    }
}
