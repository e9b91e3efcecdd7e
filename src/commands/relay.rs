//! `whk relay nats://HOST:PORT/SUBJECT --to URL`: captures from the team's JetStream stream
//! delivered to a local app, from history and then live. A
//! durable consumer per developer resumes where it stopped; a capture is acked only once the
//! app's answer met `--expect` (after the retries `replay` would make), else it is redelivered.
//!
//! NATS runs on a tokio runtime on this thread; deliveries, on the blocking HTTP client `replay`
//! uses, run on worker threads beside it: one by default, so the app sees stream order, or
//! `-j N` at once.

use std::sync::mpsc;
use std::time::Duration;

use async_nats::jetstream::consumer::{pull, AckPolicy, DeliverPolicy};
use async_nats::jetstream::AckKind;
use futures_util::stream::FuturesUnordered;
use futures_util::StreamExt;
use serde_json::json;
use tokio::sync::oneshot;

use super::input::parse_header_args;
use super::replay::plan::Plan;
use super::Outcome;
use crate::cli::RelayArgs;
use crate::delivery::{Client, ClientOptions};
use crate::error::Error;
use crate::fixture::Capture;
use crate::nats::{self, Target};
use crate::output::Printer;
use crate::report::Delivered;

/// How long an unmet delivery waits before JetStream offers it again.
const REDELIVER_AFTER: Duration = Duration::from_secs(5);
/// How long one pull waits for messages before it is made again.
const PULL_WAIT: Duration = Duration::from_secs(1);
/// The pause before pulling again after the stream failed (NATS restarting).
const RETRY: Duration = Duration::from_millis(500);
/// How long a relay stopped by Ctrl-C waits for the answers to deliveries already sent.
const DRAIN: Duration = Duration::from_secs(10);

/// One capture for the worker, and where its fate goes.
struct Job {
    index: usize,
    name: String,
    capture: Capture,
    done: oneshot::Sender<Delivered>,
}

pub fn run(args: RelayArgs, printer: &Printer) -> Result<Outcome, Error> {
    let target = Target::parse(&args.source, args.stream.as_deref()).map_err(|why| {
        Error::usage(why).hint("write e.g. whk relay nats://127.0.0.1:4222/webhooks --to localhost:3000")
    })?;
    let secrets = crate::secret::load(&args.delivery.secrets.spec(), false, printer)?;
    crate::scheme::check_secret_providers(&secrets)?;
    if args.delivery.resign && secrets.is_empty() {
        return Err(Error::bad_input("--resign needs a secret").hint("pass --secret-env VAR (or PROVIDER=VAR)"));
    }
    let plan = Plan { args: &args.delivery, secrets, extra: parse_header_args(&args.delivery.headers)? };
    let options = ClientOptions { timeout: args.delivery.timeout, insecure: false, redirects: 0 };
    // A client per worker, as replay has: reqwest's blocking client does its I/O on one thread.
    let clients = (0..args.concurrency.max(1)).map(|_| Client::new(&options)).collect::<Result<Vec<_>, _>>()?;
    let policy = args.delivery.retry.policy();
    let runtime = crate::nats::runtime()?;
    crate::exit_on_interrupt().store(false, std::sync::atomic::Ordering::SeqCst);
    let (jobs, queue) = mpsc::channel::<Job>();
    let queue = std::sync::Mutex::new(queue);
    std::thread::scope(|scope| {
        for client in &clients {
            let (queue, plan, policy) = (&queue, &plan, &policy);
            scope.spawn(move || loop {
                let Ok(job) = queue.lock().expect("lock").recv() else { return };
                let delivered = plan.deliver_capture(job.index, job.name, &job.capture, client, policy);
                let _ = job.done.send(delivered);
            });
        }
        runtime.block_on(relay(&args, &target, jobs, printer))
    })
}

async fn relay(
    args: &RelayArgs,
    target: &Target,
    jobs: mpsc::Sender<Job>,
    printer: &Printer,
) -> Result<Outcome, Error> {
    let client = nats::connect(target, args.nats_creds.as_deref(), false).await?;
    let context = nats::jetstream(client.clone());
    let stream = nats::stream(&context, target).await.map_err(|why| {
        Error::runtime(format!("NATS at {} has no JetStream stream for it: {why}", target.shown()))
            .hint("start nats-server with -js")
    })?;
    let durable = args.durable.clone().unwrap_or_else(|| {
        let user = std::env::var("USER").unwrap_or_else(|_| "relay".into());
        format!("whk-relay-{}", user.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"))
    });
    let consumer = match stream.get_consumer::<pull::Config>(&durable).await {
        Ok(consumer) => {
            if args.since.is_some() || args.from_seq.is_some() || args.new {
                printer.warn(&format!(
                    "{durable} resumes where it stopped; --since, --from-seq and --new set where a new one starts"
                ));
            }
            consumer
        }
        Err(_) => {
            let deliver_policy = match (args.since, args.from_seq, args.new) {
                (Some(ago), _, _) => DeliverPolicy::ByStartTime { start_time: time::OffsetDateTime::now_utc() - ago },
                (_, Some(sequence), _) => DeliverPolicy::ByStartSequence { start_sequence: sequence },
                (_, _, true) => DeliverPolicy::New,
                _ => DeliverPolicy::All,
            };
            let retry = &args.delivery.retry;
            let attempts = f64::from(retry.retries.unwrap_or(0) + 1);
            let timeout = (args.delivery.timeout + retry.retry_max).as_secs_f64() * attempts;
            let config = pull::Config {
                durable_name: Some(durable.clone()),
                deliver_policy,
                ack_policy: AckPolicy::Explicit,
                // Long enough for every retry of one delivery, so JetStream does not offer it again meanwhile.
                ack_wait: Duration::from_secs_f64(timeout + 30.0),
                filter_subject: target.subject.clone(),
                ..Default::default()
            };
            stream
                .create_consumer(config)
                .await
                .map_err(|e| Error::runtime(format!("cannot create the consumer {durable}: {e}")))?
        }
    };
    if !printer.json_mode() {
        printer.info(&format!(
            "relaying {}/{} (stream {}, consumer {durable}) to {}",
            target.shown(),
            target.subject,
            target.stream,
            args.delivery.to
        ));
    }
    let provider = args.delivery.provider.map(|p| p.0.name());
    let mut delivered = 0u64;
    let mut index = 0usize;
    let interrupted = tokio::signal::ctrl_c();
    tokio::pin!(interrupted);
    let mut warned = false;
    let concurrency = args.concurrency.max(1);
    let mut in_flight = FuturesUnordered::new();
    let relayed = async {
        loop {
            // Pull no more than can be in flight and still count: when --count is reached no pull
            // is left open, so nothing is handed to a relay that is gone (the next run would wait
            // JetStream's ack wait for it).
            let want = concurrency.saturating_sub(in_flight.len()) as u64;
            let want =
                args.count.map_or(want, |count| want.min(count.saturating_sub(delivered + in_flight.len() as u64)));
            if want == 0 {
                let next = tokio::select! {
                    next = in_flight.next() => next,
                    _ = &mut interrupted => return Err(Error::Interrupted),
                };
                let Some((message, sequence, fate)) = next else { break };
                delivered += u64::from(settle(&message, sequence, fate, printer).await?);
                if args.count == Some(delivered) {
                    break;
                }
                continue;
            }
            let batch = consumer.batch().max_messages(want as usize).expires(PULL_WAIT).messages().await;
            let mut batch = match batch {
                Ok(batch) => batch,
                Err(e) => {
                    warn_once(&mut warned, printer, &e.to_string());
                    tokio::time::sleep(RETRY).await;
                    continue;
                }
            };
            loop {
                tokio::select! {
                    next = batch.next() => {
                        let message = match next {
                            Some(Ok(message)) => message,
                            Some(Err(e)) => {
                                warn_once(&mut warned, printer, &e.to_string());
                                tokio::time::sleep(RETRY).await;
                                break;
                            }
                            None => break,
                        };
                        warned = false;
                        let sequence = message.info().map(|info| info.stream_sequence).unwrap_or_default();
                        let capture = match nats::receive(&context, target, &message).await {
                            Ok(capture) => capture,
                            Err(why) => {
                                printer.warn(&format!("stream sequence {sequence} skipped: {why}"));
                                let _ = message.ack_with(AckKind::Term).await;
                                continue;
                            }
                        };
                        let wanted = provider.is_none_or(|p| capture.provider.as_deref() == Some(p))
                            && args.event.as_deref().is_none_or(|e| capture.event.as_deref() == Some(e));
                        if !wanted {
                            let _ = message.ack().await;
                            continue;
                        }
                        index += 1;
                        let (done, fate) = oneshot::channel();
                        if jobs.send(Job { index, name: format!("seq {sequence}"), capture, done }).is_err() {
                            return Err(Error::runtime("the relay's delivery workers stopped"));
                        }
                        in_flight.push(async move { (message, sequence, fate.await) });
                    }
                    Some((message, sequence, fate)) = in_flight.next(), if !in_flight.is_empty() => {
                        delivered += u64::from(settle(&message, sequence, fate, printer).await?);
                    }
                    _ = &mut interrupted => return Err(Error::Interrupted),
                }
            }
        }
        Ok(())
    };
    let result: Result<(), Error> = relayed.await;
    if matches!(result, Err(Error::Interrupted)) && !in_flight.is_empty() {
        // Deliveries already sent get their answers and acks, so the next run is not handed
        // them again; for a moment only, and a second Ctrl-C stops at once.
        printer.info(&format!("stopping: waiting for {} delivery(ies) in flight", in_flight.len()));
        let settled = async {
            while let Some((message, sequence, fate)) = in_flight.next().await {
                settle(&message, sequence, fate, printer).await?;
            }
            Ok::<(), Error>(())
        };
        tokio::select! {
            done = tokio::time::timeout(DRAIN, settled) => {
                if let Ok(Err(error)) = done {
                    printer.warn(&error.to_string());
                }
            }
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    // The acks are on their way, not yet confirmed: they leave before whk does (interrupted
    // too), so a relay that stopped after N hands the next run exactly the rest.
    client.flush().await.map_err(|e| Error::runtime(format!("cannot send the last acks to NATS: {e}")))?;
    result?;
    if !printer.json_mode() {
        printer.info(&format!("relayed {delivered} capture(s) to {}", args.delivery.to));
    }
    Ok(Outcome::Success)
}

/// Acks a delivery that met `--expect`, ends a malformed one, and asks for an unmet one again
/// later; whether it counted.
async fn settle(
    message: &async_nats::jetstream::Message,
    sequence: u64,
    fate: Result<Delivered, oneshot::error::RecvError>,
    printer: &Printer,
) -> Result<bool, Error> {
    let Ok(outcome) = fate else { return Err(Error::runtime("the relay's delivery workers stopped")) };
    report(&outcome, sequence, printer)?;
    match outcome {
        Delivered::Sent(sent) if sent.met => {
            message.ack().await.map_err(|e| Error::runtime(format!("cannot ack sequence {sequence}: {e}")))?;
            Ok(true)
        }
        Delivered::Malformed { .. } => {
            let _ = message.ack_with(AckKind::Term).await;
            Ok(false)
        }
        Delivered::Sent(_) => {
            let _ = message.ack_with(AckKind::Nak(Some(REDELIVER_AFTER))).await;
            Ok(false)
        }
    }
}

fn warn_once(warned: &mut bool, printer: &Printer, why: &str) {
    if !std::mem::replace(warned, true) {
        printer.warn(&format!("cannot pull from NATS ({why}); retrying"));
    }
}

/// One line per delivery: the stream sequence, what the app answered, whether it counts.
fn report(outcome: &Delivered, sequence: u64, printer: &Printer) -> Result<(), Error> {
    if printer.json_mode() {
        let mut line = outcome.to_json();
        line["seq"] = json!(sequence);
        return printer.json(&line);
    }
    let line = match outcome {
        Delivered::Sent(sent) => {
            let answer = match sent.attempt.status() {
                Some(status) => status.to_string(),
                None => "no answer".to_string(),
            };
            let mark = if sent.met { "✔" } else { "✘" };
            let then = if sent.met { "" } else { ", offered again later" };
            format!("{mark} seq {sequence} {} → {answer}{then}", sent.provider.as_deref().unwrap_or("unknown"))
        }
        Delivered::Malformed { error, .. } => format!("✘ seq {sequence} skipped: {error}"),
    };
    printer.line(&crate::output::sanitize_line(&line))
}
