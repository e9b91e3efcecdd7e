//! `whk relay nats://HOST:PORT/SUBJECT --to URL`: captures from the team's JetStream stream
//! delivered to a local app, from history and then live, one at a time in stream order. A
//! durable consumer per developer resumes where it stopped; a capture is acked only once the
//! app's answer met `--expect` (after the retries `replay` would make), else it is redelivered.
//!
//! NATS runs on a tokio runtime on this thread; deliveries, on the blocking HTTP client `replay`
//! uses, run on a worker thread beside it.

use std::sync::mpsc;
use std::time::Duration;

use async_nats::jetstream::consumer::{pull, AckPolicy, DeliverPolicy};
use async_nats::jetstream::AckKind;
use futures_util::StreamExt;
use serde_json::json;
use tokio::sync::oneshot;

use super::input::parse_header_args;
use super::replay::plan::Plan;
use super::Outcome;
use crate::cli::RelayArgs;
use crate::delivery::{Client, ClientOptions};
use crate::error::{io_reason, Error};
use crate::fixture::Capture;
use crate::nats::{self, Target};
use crate::output::Printer;
use crate::report::Delivered;

/// How long an unmet delivery waits before JetStream offers it again.
const REDELIVER_AFTER: Duration = Duration::from_secs(5);
/// The pause before pulling again after the stream failed (NATS restarting).
const RETRY: Duration = Duration::from_millis(500);

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
    let client = Client::new(&ClientOptions { timeout: args.delivery.timeout, insecure: false, redirects: 0 })?;
    let policy = args.delivery.retry.policy();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::runtime(format!("cannot start the relay: {}", io_reason(&e))))?;
    crate::exit_on_interrupt().store(false, std::sync::atomic::Ordering::SeqCst);
    let (jobs, queue) = mpsc::channel::<Job>();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for job in queue {
                let delivered = plan.deliver_capture(job.index, job.name, &job.capture, &client, &policy);
                let _ = job.done.send(delivered);
            }
        });
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
    let context = nats::jetstream(client);
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
    'pulling: loop {
        // One message at a time: a relay stopped by --count (or killed) leaves none pulled and
        // unacked, which the next run would wait out JetStream's ack wait for.
        let mut messages = match consumer.stream().max_messages_per_batch(1).messages().await {
            Ok(messages) => messages,
            Err(e) => {
                warn_once(&mut warned, printer, &e.to_string());
                tokio::time::sleep(RETRY).await;
                continue;
            }
        };
        loop {
            let next = tokio::select! {
                next = messages.next() => next,
                _ = &mut interrupted => return Err(Error::Interrupted),
            };
            let message = match next {
                Some(Ok(message)) => message,
                Some(Err(e)) => {
                    warn_once(&mut warned, printer, &e.to_string());
                    tokio::time::sleep(RETRY).await;
                    continue 'pulling;
                }
                None => continue 'pulling,
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
            let name = format!("seq {sequence}");
            if jobs.send(Job { index, name, capture, done }).is_err() {
                return Err(Error::runtime("the relay's delivery worker stopped"));
            }
            let Ok(outcome) = fate.await else { return Err(Error::runtime("the relay's delivery worker stopped")) };
            let met = matches!(&outcome, Delivered::Sent(sent) if sent.met);
            report(&outcome, sequence, printer)?;
            match (&outcome, met) {
                (_, true) => {
                    // Confirmed by the server, so a restart never delivers it again.
                    message
                        .double_ack()
                        .await
                        .map_err(|e| Error::runtime(format!("cannot ack sequence {sequence}: {e}")))?;
                    delivered += 1;
                    if args.count == Some(delivered) {
                        break 'pulling;
                    }
                }
                (Delivered::Malformed { .. }, _) => {
                    let _ = message.ack_with(AckKind::Term).await;
                }
                _ => {
                    let _ = message.ack_with(AckKind::Nak(Some(REDELIVER_AFTER))).await;
                }
            }
        }
    }
    if !printer.json_mode() {
        printer.info(&format!("relayed {delivered} capture(s) to {}", args.delivery.to));
    }
    Ok(Outcome::Success)
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
