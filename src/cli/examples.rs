//! The examples `-h`, `--help` and the man pages show, one list per verb.

use clap::CommandFactory;

use super::Cli;

/// Each verb's examples (`""` is whk's own), one shell command per entry, a long one split over
/// lines with ` \\` so that none is wider than 78 columns. They are text of the help template,
/// not `after_help`: clap wraps `after_help` to the terminal's width and would cut a command in
/// two, while it prints a template's own text as written. `whk man` gives them an EXAMPLES section.
pub const EXAMPLES: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "whk sign github --secret-env GH_SECRET payload.json",
            "whk sign stripe --secret-file whsec.txt -d '{\"id\":\"evt_1\"}' --format curl",
            "whk verify stripe -H 'Stripe-Signature: t=…,v1=…' \\\n    --secret-env STRIPE_SECRET body.json",
            "whk verify --raw --secret-env WHK_SECRET < request.http",
            "whk listen --port 0 -p github --secret-env GH_SECRET --save-dir captures",
            "whk providers",
        ],
    ),
    ("sign", &["whk sign stripe --secret-env STRIPE_SECRET event.json --format curl"]),
    ("verify", &["whk verify github -H 'X-Hub-Signature-256: sha256=…' \\\n    --secret-env GH_SECRET body.json"]),
    (
        "send",
        &[
            "whk send 127.0.0.1:3000/hooks -p stripe -e payment_intent.succeeded \\\n    --secret-env STRIPE_SECRET",
            "whk send 127.0.0.1:8000/webhook -p medilab -e patient.created \\\n    --as-sender --time-scale 0.001",
            "whk send :3000/webhooks -p github --secret-env GH_SECRET \\\n    --spec github-webhooks.yaml -e issues-opened",
        ],
    ),
    (
        "listen",
        &[
            "whk listen --port 0 --provider pyannote --secret-env PYANNOTE_SECRET \\\n    --save-dir captures",
            "whk listen --route /novofon=novofon \\\n    --route /api/v1/webhooks/bakai=bakai:env:BAKAI_SECRET \\\n    --count 2 --timeout 30s",
            "whk listen -p github --secret-env GH_SECRET --spec github-webhooks.yaml \\\n    --expect-schema --count 10",
            "whk listen --audit-sender medilab --secret-env MEDILAB_SECRET \\\n    --respond 503,200 --retry-after 2 --count 2",
        ],
    ),
    (
        "replay",
        &[
            "whk replay captures/ --to 127.0.0.1:3000/hooks --secret-env WHK_SECRET",
            "whk replay 'captures/*.json' --to :3000 --keep-path -j 32 \\\n    --report-junit replay.xml",
        ],
    ),
    (
        "doctor",
        &[
            "whk doctor localhost:3000/webhooks/github -p github --secret-env GH_SECRET",
            "whk doctor :3000/webhooks -p stripe --secret-env STRIPE_SECRET -j 4 \\\n    --report-junit doctor.xml",
        ],
    ),
    (
        "relay",
        &[
            "whk relay nats://127.0.0.1:4222/webhooks --to localhost:3000 --durable ana",
            "whk relay nats://nats.internal:4222/webhooks --to :3000 --since 2h \\\n    -p stripe --resign --secret-env STRIPE_SECRET --count 20",
        ],
    ),
    (
        "export",
        &[
            "whk export captures/ --format har -o captures.har",
            "whk export captures/000001-*.json --format curl --to localhost:3000",
        ],
    ),
    (
        "import",
        &["whk import session.har --save-dir captures", "whk import ticket.txt --format curl --save-dir captures"],
    ),
    ("capture", &["whk capture show captures/000001-20261122T233000.123Z-github.json"]),
    ("capture show", &["whk capture show captures/000001-20261122T233000.123Z-github.json"]),
    ("demo", &["whk demo --keep demo-captures"]),
    ("events", &["whk events medilab", "whk events medilab patient.created", "whk events --spec github-webhooks.yaml -e push"]),
    ("providers", &["whk providers --json"]),
    ("secret", &["whk secret new standard-webhooks --out whsec.txt"]),
    ("secret new", &["whk secret new standard-webhooks --out whsec.txt"]),
    ("completions", &["whk completions bash > /etc/bash_completion.d/whk"]),
    ("man", &["whk man sign"]),
];

/// whk's clap definition with each verb's [`EXAMPLES`] in its help.
pub fn command() -> clap::Command {
    EXAMPLES.iter().fold(Cli::command(), |whk, (verb, examples)| {
        with_examples(whk, &verb.split_whitespace().collect::<Vec<_>>(), examples)
    })
}

fn with_examples(command: clap::Command, path: &[&str], examples: &[&str]) -> clap::Command {
    match path {
        [] => {
            let lines: String =
                examples.iter().map(|example| format!("\n  {}", example.replace('\n', "\n  "))).collect();
            command.help_template(format!("{HELP_TEMPLATE}\n\nExamples:{lines}"))
        }
        [verb, rest @ ..] => command.mut_subcommand(verb, |sub| with_examples(sub, rest, examples)),
    }
}

/// clap's own default template.
const HELP_TEMPLATE: &str = "{before-help}{about-with-newline}\n{usage-heading} {usage}\n\n{all-args}{after-help}";
