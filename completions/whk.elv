
use builtin;
use str;

set edit:completion:arg-completer[whk] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'whk'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'whk'= {
            cand --color 'When to colour output'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand sign 'Sign a payload in a provider''s scheme and print the headers (or curl, HTTP, JSON)'
            cand verify 'Check a request''s signature and explain why it fails'
            cand send 'Send a signed test event, retrying the way the real sender does'
            cand listen 'Receive webhooks locally: verify, print, save, forward and answer as scripted'
            cand replay 'Replay saved captures against an endpoint: re-signed, concurrent, retried, reported'
            cand export 'Write captures out as curl commands, HAR, a .http file, hurl or a Postman collection'
            cand import 'Turn HAR, curl, .http, Postman, webhook.site or Stripe CLI requests into captures'
            cand capture 'Look at one capture'
            cand demo 'Show the whole loop offline: listen, send one event per provider, replay the captures'
            cand events 'List the built-in events, per provider'
            cand providers 'List every provider scheme whk knows'
            cand secret 'Make a secret or key pair in a provider''s format'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page of whk or of one of its verbs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;sign'= {
            cand --color 'When to colour output'
            cand -p 'Provider scheme (see `whk providers`)'
            cand --provider 'Provider scheme (see `whk providers`)'
            cand -d 'Body given inline, signed exactly as written'
            cand --data 'Body given inline, signed exactly as written'
            cand --secret 'Secret value, or - to read it from stdin [argv is visible to other users]'
            cand --secret-env 'Read the secret from this environment variable; PROVIDER=VAR for that provider only'
            cand --secret-file 'Read the secret from a file; one trailing newline is stripped'
            cand --timestamp 'Signing time as Unix seconds [default: now]'
            cand --id 'Message / delivery id where the scheme has one [default: fresh]'
            cand --event 'Event name for schemes that send it in a header (GitHub, MediLab, Shopify topic)'
            cand --format 'Output shape'
            cand --url 'The URL the provider posts to: signed by twilio, square and hubspot, and the target of --format curl/http [default: http://127.0.0.1:8000/webhook]'
            cand --method 'HTTP method for --format curl/http'
            cand --signature-header 'Header that carries the signature'
            cand --prefix 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]'
            cand --algorithm 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]'
            cand --encoding 'Signature encoding (also pyannote''s: hex by default)'
            cand --signed 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]'
            cand --timestamp-header 'Header that carries {ts}'
            cand --id-header 'Header that carries {id}'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;verify'= {
            cand --color 'When to colour output'
            cand -p 'Provider scheme (see `whk providers`)'
            cand --provider 'Provider scheme (see `whk providers`)'
            cand -H 'A request header, ''Name: value'' (repeat)'
            cand --header 'A request header, ''Name: value'' (repeat)'
            cand --capture 'Check a capture saved by `whk listen --save-dir` (its provider unless -p says otherwise)'
            cand -d 'Body given inline, signed exactly as written'
            cand --data 'Body given inline, signed exactly as written'
            cand --secret 'Secret value, or - to read it from stdin [argv is visible to other users]'
            cand --secret-env 'Read the secret from this environment variable; PROVIDER=VAR for that provider only'
            cand --secret-file 'Read the secret from a file; one trailing newline is stripped'
            cand --tolerance 'Allowed timestamp age, as seconds or a duration (5m); 0 turns the check off [default: the provider''s]'
            cand --now 'Check as if it were this Unix time (reproducible checks of old captures)'
            cand --url 'The URL the provider posted to, for schemes that sign it (twilio, square, hubspot)'
            cand --method 'The request''s method, for schemes that sign it (hubspot); --raw reads it from the request'
            cand --signature-header 'Header that carries the signature'
            cand --prefix 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]'
            cand --algorithm 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]'
            cand --encoding 'Signature encoding (also pyannote''s: hex by default)'
            cand --signed 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]'
            cand --timestamp-header 'Header that carries {ts}'
            cand --id-header 'Header that carries {id}'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand --raw 'Read a raw HTTP/1.1 request (request line, headers, body) instead of -H and a body'
            cand --require-signature 'Treat an unsigned request as a failure (exit 1)'
            cand --show-expected 'On a mismatch, print the signature whk expected'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;send'= {
            cand --color 'When to colour output'
            cand -p 'Provider whose scheme signs it'
            cand --provider 'Provider whose scheme signs it'
            cand -e 'A built-in event (see `whk events PROVIDER`); its templates are filled per send'
            cand --event 'A built-in event (see `whk events PROVIDER`); its templates are filled per send'
            cand -d 'Body given inline, signed exactly as written'
            cand --data 'Body given inline, signed exactly as written'
            cand --secret 'Secret value, or - to read it from stdin [argv is visible to other users]'
            cand --secret-env 'Read the secret from this environment variable; PROVIDER=VAR for that provider only'
            cand --secret-file 'Read the secret from a file; one trailing newline is stripped'
            cand -H 'An extra request header, ''Name: value'' (repeat)'
            cand --header 'An extra request header, ''Name: value'' (repeat)'
            cand --set 'Edit a JSON body before signing: a dotted path and a value (repeat)'
            cand --extra 'Pulse''s webhook_extra pairs, carried into the payload: key:value,key:value'
            cand -X 'HTTP method'
            cand --method 'HTTP method'
            cand --id 'Delivery id where the scheme has one [default: fresh, kept across retries]'
            cand --expect 'Status that counts as success: 2xx, 200, 401, 4xx or a list (unmet: exit 1)'
            cand --timeout 'Per-attempt timeout, e.g. 30s [default: 30s, or the sender''s with --as-sender]'
            cand --retries 'Retries after the first attempt, on connect errors, timeouts, 5xx and 429 [default: 0]'
            cand --backoff 'How waits grow between retries'
            cand --retry-initial 'The first wait'
            cand --retry-max 'The longest wait'
            cand --time-scale 'Multiply every wait by this (0.001 runs a 4-minute schedule in a quarter second)'
            cand --format 'Shape of --dry-run''s output'
            cand --signature-header 'Header that carries the signature'
            cand --prefix 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]'
            cand --algorithm 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]'
            cand --encoding 'Signature encoding (also pyannote''s: hex by default)'
            cand --signed 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]'
            cand --timestamp-header 'Header that carries {ts}'
            cand --id-header 'Header that carries {id}'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand --jitter 'Full jitter: wait a random part of each delay'
            cand --as-sender 'Behave like the provider''s sender: its retry schedule (the default for --retries and the waits), timeout and per-attempt headers'
            cand --insecure 'Skip TLS certificate checks (test servers only)'
            cand --follow 'Follow redirects (up to 10)'
            cand --dry-run 'Print the request instead of sending it'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;listen'= {
            cand --color 'When to colour output'
            cand --port 'Port to listen on; 0 picks a free one'
            cand --host 'Address to bind; anything but loopback is warned about'
            cand -p 'Provider for requests no --route claims [default: detected from each request''s headers]'
            cand --provider 'Provider for requests no --route claims [default: detected from each request''s headers]'
            cand --secret 'Secret value, or - to read it from stdin [argv is visible to other users]'
            cand --secret-env 'Read the secret from this environment variable; PROVIDER=VAR for that provider only'
            cand --secret-file 'Read the secret from a file; one trailing newline is stripped'
            cand --route 'A path with its own provider and secret: PATH=PROVIDER[:env:VAR|:file:PATH] (repeat)'
            cand --save-dir 'Write every request as a capture file here (see README, ''Capture format'')'
            cand --replay-timeout 'How long the inspector waits for a replay''s target to answer'
            cand --public-url 'The public base URL senders use (a tunnel''s), for schemes that sign the URL (Twilio, Square, HubSpot): they verify against it plus the request''s path and query'
            cand --forward-to 'Pass each request on to your app and answer with its response (localhost:3000 will do)'
            cand --respond 'Scripted answers: 500,503x3,200@2s,drop; PATH=SPEC for one route (repeat)'
            cand --on-invalid 'Status for an invalid signature (and an unsigned request on a route with a secret)'
            cand --count 'Exit after this many requests (CI)'
            cand --timeout 'Give up waiting after this long: exit 1 with "received k of N"'
            cand --read-timeout 'Cut off a connection that sends nothing for this long, or takes longer over a request head'
            cand --max-body 'Largest body accepted; larger gets 413 unread'
            cand --ready-file 'Write the URL here once accepting (atomically), for CI to wait on'
            cand --config 'Read routes and settings from a TOML file; flags given on the command line win'
            cand --filter 'Print and save only requests whose form or JSON field matches: FIELD=VALUE, or A|B=VALUE for either field (repeat: all must)'
            cand --signature-header 'Header that carries the signature'
            cand --prefix 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]'
            cand --algorithm 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]'
            cand --encoding 'Signature encoding (also pyannote''s: hex by default)'
            cand --signed 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]'
            cand --timestamp-header 'Header that carries {ts}'
            cand --id-header 'Header that carries {id}'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand --ui 'Serve a web inspector at /_whk/ui: live list, detail, edit-and-replay (loopback only)'
            cand --trust-forwarded 'Rebuild the URL senders used from X-Forwarded-Proto and X-Forwarded-Host (behind a proxy you trust)'
            cand --allow-unsigned 'Answer unsigned requests 200 on routes that have a secret'
            cand --expect-verified 'Exit 1 if any request was invalid or unsigned'
            cand --init-config 'Write a commented example config (to --config or ./whk.toml) and exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;replay'= {
            cand --color 'When to colour output'
            cand --to 'Where to send them (no scheme means http://; :3000 means localhost)'
            cand -p 'Scheme to re-sign with [default: each capture''s provider]'
            cand --provider 'Scheme to re-sign with [default: each capture''s provider]'
            cand --secret 'Secret value, or - to read it from stdin [argv is visible to other users]'
            cand --secret-env 'Read the secret from this environment variable; PROVIDER=VAR for that provider only'
            cand --secret-file 'Read the secret from a file; one trailing newline is stripped'
            cand -H 'An extra header, ''Name: value'' (repeat)'
            cand --header 'An extra header, ''Name: value'' (repeat)'
            cand --drop-header 'Leave this captured header out (repeat)'
            cand --set 'Edit JSON bodies before signing: PATH=VALUE (repeat)'
            cand --retries 'Retries after the first attempt, on connect errors, timeouts, 5xx and 429 [default: 0]'
            cand --backoff 'How waits grow between retries'
            cand --retry-initial 'The first wait'
            cand --retry-max 'The longest wait'
            cand --expect 'Status that counts as success (unmet for any capture: exit 1)'
            cand --timeout 'Per-attempt timeout'
            cand --signature-header 'Header that carries the signature'
            cand --prefix 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]'
            cand --algorithm 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]'
            cand --encoding 'Signature encoding (also pyannote''s: hex by default)'
            cand --signed 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]'
            cand --timestamp-header 'Header that carries {ts}'
            cand --id-header 'Header that carries {id}'
            cand -j 'Deliveries in flight at once'
            cand --concurrency 'Deliveries in flight at once'
            cand --rate 'At most this many deliveries a second, e.g. 200/s'
            cand --repeat 'Send the whole set this many times'
            cand --shard 'Only the i-th of n disjoint slices of the set, e.g. 2/4 (CI jobs)'
            cand --report-junit 'Write a JUnit XML report (one testcase per capture)'
            cand --report-html 'Write a self-contained HTML report'
            cand --format 'Shape of --dry-run''s output'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand --keep-path 'Append each capture''s path and query to --to'
            cand --resign 'Re-sign with a fresh timestamp and id (needs a secret) [default: when the scheme signs one]'
            cand --no-resign 'Send the captured bytes and headers exactly'
            cand --jitter 'Full jitter: wait a random part of each delay'
            cand --ordered 'In arrival order, one at a time'
            cand --strict 'A malformed capture stops the run instead of being skipped'
            cand --dry-run 'Print what would be sent instead of sending it'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;export'= {
            cand --color 'When to colour output'
            cand -f 'The format to write'
            cand --format 'The format to write'
            cand -o 'Write here (whole or not at all) instead of stdout'
            cand --output 'Write here (whole or not at all) instead of stdout'
            cand --to 'Scheme, host and any path prefix the requests go to [default: each capture''s Host]'
            cand --secret 'Secret value, or - to read it from stdin [argv is visible to other users]'
            cand --secret-env 'Read the secret from this environment variable; PROVIDER=VAR for that provider only'
            cand --secret-file 'Read the secret from a file; one trailing newline is stripped'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand --include-secrets 'Keep headers that carry credentials (Authorization, Cookie, GitLab''s token) as captured'
            cand --resign 'Sign each capture afresh (new timestamp and id) with the given secret, as replay does'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;import'= {
            cand --color 'When to colour output'
            cand --save-dir 'Where the captures go, numbered on from the highest there'
            cand --format 'The files'' format; auto tells it from each file''s name and content'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;capture'= {
            cand --color 'When to colour output'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print one capture for a person: request, headers, body, verdict, response'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;capture;show'= {
            cand --color 'When to colour output'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;capture;help'= {
            cand show 'Print one capture for a person: request, headers, body, verdict, response'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;capture;help;show'= {
        }
        &'whk;capture;help;help'= {
        }
        &'whk;demo'= {
            cand --color 'When to colour output'
            cand --keep 'Keep the captures in this directory (otherwise a temporary one, removed at the end)'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;events'= {
            cand --color 'When to colour output'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;providers'= {
            cand --color 'When to colour output'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;secret'= {
            cand --color 'When to colour output'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand new 'Generate a fresh secret (or key pair) from the OS random source'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;secret;new'= {
            cand -o 'Write the secret to this file (mode 0600) instead of printing it; a key pair''s public half goes to FILE.pub'
            cand --out 'Write the secret to this file (mode 0600) instead of printing it; a key pair''s public half goes to FILE.pub'
            cand --color 'When to colour output'
            cand --force 'Replace an existing --out file'
            cand --asymmetric 'Standard Webhooks / Svix: an Ed25519 pair (whsk_/whpk_) for v1a instead of a whsec_ secret'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;secret;help'= {
            cand new 'Generate a fresh secret (or key pair) from the OS random source'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;secret;help;new'= {
        }
        &'whk;secret;help;help'= {
        }
        &'whk;completions'= {
            cand --color 'When to colour output'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;man'= {
            cand --color 'When to colour output'
            cand -q 'Print only what a script needs (no warnings, no verdict line)'
            cand --quiet 'Print only what a script needs (no warnings, no verdict line)'
            cand -v 'Explain each step on stderr'
            cand --verbose 'Explain each step on stderr'
            cand --json 'Print machine-readable JSON on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;help'= {
            cand sign 'Sign a payload in a provider''s scheme and print the headers (or curl, HTTP, JSON)'
            cand verify 'Check a request''s signature and explain why it fails'
            cand send 'Send a signed test event, retrying the way the real sender does'
            cand listen 'Receive webhooks locally: verify, print, save, forward and answer as scripted'
            cand replay 'Replay saved captures against an endpoint: re-signed, concurrent, retried, reported'
            cand export 'Write captures out as curl commands, HAR, a .http file, hurl or a Postman collection'
            cand import 'Turn HAR, curl, .http, Postman, webhook.site or Stripe CLI requests into captures'
            cand capture 'Look at one capture'
            cand demo 'Show the whole loop offline: listen, send one event per provider, replay the captures'
            cand events 'List the built-in events, per provider'
            cand providers 'List every provider scheme whk knows'
            cand secret 'Make a secret or key pair in a provider''s format'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page of whk or of one of its verbs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;help;sign'= {
        }
        &'whk;help;verify'= {
        }
        &'whk;help;send'= {
        }
        &'whk;help;listen'= {
        }
        &'whk;help;replay'= {
        }
        &'whk;help;export'= {
        }
        &'whk;help;import'= {
        }
        &'whk;help;capture'= {
            cand show 'Print one capture for a person: request, headers, body, verdict, response'
        }
        &'whk;help;capture;show'= {
        }
        &'whk;help;demo'= {
        }
        &'whk;help;events'= {
        }
        &'whk;help;providers'= {
        }
        &'whk;help;secret'= {
            cand new 'Generate a fresh secret (or key pair) from the OS random source'
        }
        &'whk;help;secret;new'= {
        }
        &'whk;help;completions'= {
        }
        &'whk;help;man'= {
        }
        &'whk;help;help'= {
        }
    ]
    $completions[$command]
}
