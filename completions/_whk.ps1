
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'whk' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'whk'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'whk' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a payload in a provider''s scheme and print the headers (or curl, HTTP, JSON)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a request''s signature and explain why it fails')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a signed test event, retrying the way the real sender does')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: verify, print, save, forward and answer as scripted')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Replay saved captures against an endpoint: re-signed, concurrent, retried, reported')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Examine a running receiver: forgeries it must reject, variants it must accept')
            [CompletionResult]::new('relay', 'relay', [CompletionResultType]::ParameterValue, 'Forward captures from a NATS JetStream stream to a local app, live and from history')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write captures out as curl commands, HAR, a .http file, hurl or a Postman collection')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Turn HAR, curl, .http, Postman, webhook.site or Stripe CLI requests into captures')
            [CompletionResult]::new('capture', 'capture', [CompletionResultType]::ParameterValue, 'Look at one capture')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Show the whole loop offline: listen, send one event per provider, replay the captures')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'List the built-in events, per provider')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'List every provider scheme whk knows')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Make a secret or key pair in a provider''s format')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page of whk or of one of its verbs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;sign' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider scheme (see `whk providers`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider scheme (see `whk providers`)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Body given inline, signed exactly as written')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Body given inline, signed exactly as written')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Secret value, or - to read it from stdin [argv is visible to other users]')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable; PROVIDER=VAR for that provider only')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file; one trailing newline is stripped')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'Signing time as Unix seconds [default: now]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Message / delivery id where the scheme has one [default: fresh]')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Event name for schemes that send it in a header (GitHub, MediLab, Shopify topic)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output shape')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The URL the provider posts to: signed by twilio, square and hubspot, and the target of --format curl/http [default: http://127.0.0.1:8000/webhook]')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method for --format curl/http')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (also pyannote''s: hex by default)')
            [CompletionResult]::new('--signed', '--signed', [CompletionResultType]::ParameterName, 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {ts}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;verify' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider scheme (see `whk providers`)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider scheme (see `whk providers`)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A request header, ''Name: value'' (repeat)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header, ''Name: value'' (repeat)')
            [CompletionResult]::new('--capture', '--capture', [CompletionResultType]::ParameterName, 'Check a capture saved by `whk listen --save-dir` (its provider unless -p says otherwise)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Body given inline, signed exactly as written')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Body given inline, signed exactly as written')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Secret value, or - to read it from stdin [argv is visible to other users]')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable; PROVIDER=VAR for that provider only')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file; one trailing newline is stripped')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Allowed timestamp age, as seconds or a duration (5m); 0 turns the check off [default: the provider''s]')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Check as if it were this Unix time (reproducible checks of old captures)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The URL the provider posted to, for schemes that sign it (twilio, square, hubspot)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The request''s method, for schemes that sign it (hubspot); --raw reads it from the request')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (also pyannote''s: hex by default)')
            [CompletionResult]::new('--signed', '--signed', [CompletionResultType]::ParameterName, 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {ts}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Read a raw HTTP/1.1 request (request line, headers, body) instead of -H and a body')
            [CompletionResult]::new('--require-signature', '--require-signature', [CompletionResultType]::ParameterName, 'Treat an unsigned request as a failure (exit 1)')
            [CompletionResult]::new('--show-expected', '--show-expected', [CompletionResultType]::ParameterName, 'On a mismatch, print the signature whk expected')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;send' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider whose scheme signs it')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider whose scheme signs it')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'A built-in event (see `whk events PROVIDER`); its templates are filled per send')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'A built-in event (see `whk events PROVIDER`); its templates are filled per send')
            [CompletionResult]::new('--spec', '--spec', [CompletionResultType]::ParameterName, 'Take --event NAME from this OpenAPI 3.1 spec''s webhooks: its example, else a body made from its schema')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Body given inline, signed exactly as written')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Body given inline, signed exactly as written')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Secret value, or - to read it from stdin [argv is visible to other users]')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable; PROVIDER=VAR for that provider only')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file; one trailing newline is stripped')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra request header, ''Name: value'' (repeat)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra request header, ''Name: value'' (repeat)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Edit a JSON body before signing: a dotted path and a value (repeat)')
            [CompletionResult]::new('--extra', '--extra', [CompletionResultType]::ParameterName, 'Pulse''s webhook_extra pairs, carried into the payload: key:value,key:value')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'HTTP method')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Delivery id where the scheme has one [default: fresh, kept across retries]')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Status that counts as success: 2xx, 200, 401, 4xx or a list (unmet: exit 1)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-attempt timeout, e.g. 30s [default: 30s, or the sender''s with --as-sender]')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after the first attempt, on connect errors, timeouts, 5xx and 429 [default: 0]')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'How waits grow between retries')
            [CompletionResult]::new('--retry-initial', '--retry-initial', [CompletionResultType]::ParameterName, 'The first wait')
            [CompletionResult]::new('--retry-max', '--retry-max', [CompletionResultType]::ParameterName, 'The longest wait')
            [CompletionResult]::new('--time-scale', '--time-scale', [CompletionResultType]::ParameterName, 'Multiply every wait by this (0.001 runs a 4-minute schedule in a quarter second)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Shape of --dry-run''s output')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (also pyannote''s: hex by default)')
            [CompletionResult]::new('--signed', '--signed', [CompletionResultType]::ParameterName, 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {ts}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('--jitter', '--jitter', [CompletionResultType]::ParameterName, 'Full jitter: wait a random part of each delay')
            [CompletionResult]::new('--as-sender', '--as-sender', [CompletionResultType]::ParameterName, 'Behave like the provider''s sender: its retry schedule (the default for --retries and the waits), timeout and per-attempt headers')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Skip TLS certificate checks (test servers only)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow redirects (up to 10)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request instead of sending it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;listen' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on; 0 picks a free one')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind; anything but loopback is warned about')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider for requests no --route claims [default: detected from each request''s headers]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider for requests no --route claims [default: detected from each request''s headers]')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Secret value, or - to read it from stdin [argv is visible to other users]')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable; PROVIDER=VAR for that provider only')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file; one trailing newline is stripped')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'A path with its own provider and secret: PATH=PROVIDER[:env:VAR|:file:PATH] (repeat)')
            [CompletionResult]::new('--save-dir', '--save-dir', [CompletionResultType]::ParameterName, 'Write every request as a capture file here (see README, ''Capture format'')')
            [CompletionResult]::new('--tunnel', '--tunnel', [CompletionResultType]::ParameterName, 'Bring the internet in through a tunnel client on the PATH: cloudflared, ngrok, tailscale, or ssh:USER@HOST[:PORT]; its public URL is used as --public-url')
            [CompletionResult]::new('--tunnel-arg', '--tunnel-arg', [CompletionResultType]::ParameterName, 'An extra argument for the tunnel client, e.g. --tunnel-arg=-i --tunnel-arg=KEY (repeat)')
            [CompletionResult]::new('--publish', '--publish', [CompletionResultType]::ParameterName, 'Publish every capture to a NATS JetStream stream: nats://HOST:PORT/SUBJECT')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'The JetStream stream [default: WHK_ and the subject]')
            [CompletionResult]::new('--nats-creds', '--nats-creds', [CompletionResultType]::ParameterName, 'NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)')
            [CompletionResult]::new('--audit-sender', '--audit-sender', [CompletionResultType]::ParameterName, 'Audit a sender against PROVIDER''s contract: answer 500,500,200 (or --respond) and judge the retries; a report card at the end, exit 1 if a rule was broken')
            [CompletionResult]::new('--time-scale', '--time-scale', [CompletionResultType]::ParameterName, 'The sender''s waits are its schedule times this (a sender run with --time-scale)')
            [CompletionResult]::new('--replay-timeout', '--replay-timeout', [CompletionResultType]::ParameterName, 'How long the inspector waits for a replay''s target to answer')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The public base URL senders use (a tunnel''s), for schemes that sign the URL (Twilio, Square, HubSpot): they verify against it plus the request''s path and query')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Pass each request on to your app and answer with its response (localhost:3000 will do)')
            [CompletionResult]::new('--respond', '--respond', [CompletionResultType]::ParameterName, 'Scripted answers: 500,503x3,200@2s,drop; PATH=SPEC for one route (repeat)')
            [CompletionResult]::new('--spec', '--spec', [CompletionResultType]::ParameterName, 'Judge each body against its webhook''s schema in this OpenAPI 3.1 spec (YAML or JSON)')
            [CompletionResult]::new('--retry-after', '--retry-after', [CompletionResultType]::ParameterName, 'Scripted 429 and 503 answers carry Retry-After: SECONDS (a sender audit checks the wait)')
            [CompletionResult]::new('--on-invalid', '--on-invalid', [CompletionResultType]::ParameterName, 'Status for an invalid signature (and an unsigned request on a route with a secret)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit after this many requests (CI)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long: exit 1 with "received k of N"')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Cut off a connection that sends nothing for this long, or takes longer over a request head')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest body accepted; larger gets 413 unread')
            [CompletionResult]::new('--ready-file', '--ready-file', [CompletionResultType]::ParameterName, 'Write the URL here once accepting (atomically), for CI to wait on')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read routes and settings from a TOML file; flags given on the command line win')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Print and save only requests whose form or JSON field matches: FIELD=VALUE, or A|B=VALUE for either field (repeat: all must)')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (also pyannote''s: hex by default)')
            [CompletionResult]::new('--signed', '--signed', [CompletionResultType]::ParameterName, 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {ts}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('--tunnel-restart', '--tunnel-restart', [CompletionResultType]::ParameterName, 'Start the tunnel client again when it exits, instead of stopping with exit 4')
            [CompletionResult]::new('--ui', '--ui', [CompletionResultType]::ParameterName, 'Serve a web inspector at /_whk/ui: live list, detail, edit-and-replay (loopback only)')
            [CompletionResult]::new('--trust-forwarded', '--trust-forwarded', [CompletionResultType]::ParameterName, 'Rebuild the URL senders used from X-Forwarded-Proto and X-Forwarded-Host (behind a proxy you trust)')
            [CompletionResult]::new('--expect-schema', '--expect-schema', [CompletionResultType]::ParameterName, 'Exit 1 if any body broke its webhook''s schema or had none (with --spec)')
            [CompletionResult]::new('--allow-unsigned', '--allow-unsigned', [CompletionResultType]::ParameterName, 'Answer unsigned requests 200 on routes that have a secret')
            [CompletionResult]::new('--expect-verified', '--expect-verified', [CompletionResultType]::ParameterName, 'Exit 1 if any request was invalid or unsigned')
            [CompletionResult]::new('--init-config', '--init-config', [CompletionResultType]::ParameterName, 'Write a commented example config (to --config or ./whk.toml) and exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;replay' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Replay the captures in a team stream instead: nats://HOST:PORT/SUBJECT')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'With --from: only captures this recent, e.g. 2h [default: all]')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'With --from: the JetStream stream [default: WHK_ and the subject]')
            [CompletionResult]::new('--nats-creds', '--nats-creds', [CompletionResultType]::ParameterName, 'NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send them (no scheme means http://; :3000 means localhost)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Scheme to re-sign with [default: each capture''s provider]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Scheme to re-sign with [default: each capture''s provider]')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Secret value, or - to read it from stdin [argv is visible to other users]')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable; PROVIDER=VAR for that provider only')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file; one trailing newline is stripped')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra header, ''Name: value'' (repeat)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra header, ''Name: value'' (repeat)')
            [CompletionResult]::new('--drop-header', '--drop-header', [CompletionResultType]::ParameterName, 'Leave this captured header out (repeat)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Edit JSON bodies before signing: PATH=VALUE (repeat)')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after the first attempt, on connect errors, timeouts, 5xx and 429 [default: 0]')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'How waits grow between retries')
            [CompletionResult]::new('--retry-initial', '--retry-initial', [CompletionResultType]::ParameterName, 'The first wait')
            [CompletionResult]::new('--retry-max', '--retry-max', [CompletionResultType]::ParameterName, 'The longest wait')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Status that counts as success (unmet for any capture: exit 1)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-attempt timeout')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (also pyannote''s: hex by default)')
            [CompletionResult]::new('--signed', '--signed', [CompletionResultType]::ParameterName, 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {ts}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Deliveries in flight at once')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Deliveries in flight at once')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many deliveries a second, e.g. 200/s')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Send the whole set this many times')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Only the i-th of n disjoint slices of the set, e.g. 2/4 (CI jobs)')
            [CompletionResult]::new('--report-junit', '--report-junit', [CompletionResultType]::ParameterName, 'Write a JUnit XML report (one testcase per capture)')
            [CompletionResult]::new('--report-html', '--report-html', [CompletionResultType]::ParameterName, 'Write a self-contained HTML report')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Shape of --dry-run''s output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('--keep-path', '--keep-path', [CompletionResultType]::ParameterName, 'Append each capture''s path and query to --to')
            [CompletionResult]::new('--resign', '--resign', [CompletionResultType]::ParameterName, 'Re-sign with a fresh timestamp and id (needs a secret) [default: when the scheme signs one]')
            [CompletionResult]::new('--no-resign', '--no-resign', [CompletionResultType]::ParameterName, 'Send the captured bytes and headers exactly')
            [CompletionResult]::new('--jitter', '--jitter', [CompletionResultType]::ParameterName, 'Full jitter: wait a random part of each delay')
            [CompletionResult]::new('--ordered', '--ordered', [CompletionResultType]::ParameterName, 'In arrival order, one at a time')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'A malformed capture stops the run instead of being skipped')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be sent instead of sending it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;doctor' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The provider whose deliveries it receives')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The provider whose deliveries it receives')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Secret value, or - to read it from stdin [argv is visible to other users]')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable; PROVIDER=VAR for that provider only')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file; one trailing newline is stripped')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'The catalogue event the deliveries carry [default: the provider''s first]')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'The catalogue event the deliveries carry [default: the provider''s first]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long each delivery waits for its answer')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Deliveries in flight at once after the baseline (1: a fragile receiver is not load-tested)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Deliveries in flight at once after the baseline (1: a fragile receiver is not load-tested)')
            [CompletionResult]::new('--report-junit', '--report-junit', [CompletionResultType]::ParameterName, 'Write a JUnit XML report (one testcase per variant)')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (also pyannote''s: hex by default)')
            [CompletionResult]::new('--signed', '--signed', [CompletionResultType]::ParameterName, 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {ts}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;relay' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send them (no scheme means http://; :3000 means localhost)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Scheme to re-sign with [default: each capture''s provider]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Scheme to re-sign with [default: each capture''s provider]')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Secret value, or - to read it from stdin [argv is visible to other users]')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable; PROVIDER=VAR for that provider only')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file; one trailing newline is stripped')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra header, ''Name: value'' (repeat)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra header, ''Name: value'' (repeat)')
            [CompletionResult]::new('--drop-header', '--drop-header', [CompletionResultType]::ParameterName, 'Leave this captured header out (repeat)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Edit JSON bodies before signing: PATH=VALUE (repeat)')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after the first attempt, on connect errors, timeouts, 5xx and 429 [default: 0]')
            [CompletionResult]::new('--backoff', '--backoff', [CompletionResultType]::ParameterName, 'How waits grow between retries')
            [CompletionResult]::new('--retry-initial', '--retry-initial', [CompletionResultType]::ParameterName, 'The first wait')
            [CompletionResult]::new('--retry-max', '--retry-max', [CompletionResultType]::ParameterName, 'The longest wait')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Status that counts as success (unmet for any capture: exit 1)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-attempt timeout')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Text before the signature [default: ALGORITHM=, e.g. sha256=; '''' for none]')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature encoding (also pyannote''s: hex by default)')
            [CompletionResult]::new('--signed', '--signed', [CompletionResultType]::ParameterName, 'What is signed: {body}, or e.g. ''{ts}.{body}'' with {ts} and {id} from their headers [default: {body}; convoy: ''{body}'' is simple mode]')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {ts}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('--durable', '--durable', [CompletionResultType]::ParameterName, 'The consumer''s durable name: it resumes where it stopped [default: whk-relay-$USER]')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'A new consumer starts this far back, e.g. 2h [default: the stream''s start]')
            [CompletionResult]::new('--from-seq', '--from-seq', [CompletionResultType]::ParameterName, 'A new consumer starts at this stream sequence')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only captures of this event (the provider filter is -p)')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Only captures of this event (the provider filter is -p)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Deliveries in flight at once (1 keeps the stream''s order)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Deliveries in flight at once (1 keeps the stream''s order)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after this many deliveries met --expect (CI)')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'The JetStream stream [default: WHK_ and the subject]')
            [CompletionResult]::new('--nats-creds', '--nats-creds', [CompletionResultType]::ParameterName, 'NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('--keep-path', '--keep-path', [CompletionResultType]::ParameterName, 'Append each capture''s path and query to --to')
            [CompletionResult]::new('--resign', '--resign', [CompletionResultType]::ParameterName, 'Re-sign with a fresh timestamp and id (needs a secret) [default: when the scheme signs one]')
            [CompletionResult]::new('--no-resign', '--no-resign', [CompletionResultType]::ParameterName, 'Send the captured bytes and headers exactly')
            [CompletionResult]::new('--jitter', '--jitter', [CompletionResultType]::ParameterName, 'Full jitter: wait a random part of each delay')
            [CompletionResult]::new('--new', '--new', [CompletionResultType]::ParameterName, 'A new consumer takes only what arrives from now on')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;export' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The format to write')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The format to write')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here (whole or not at all) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write here (whole or not at all) instead of stdout')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Scheme, host and any path prefix the requests go to [default: each capture''s Host]')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Secret value, or - to read it from stdin [argv is visible to other users]')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable; PROVIDER=VAR for that provider only')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret from a file; one trailing newline is stripped')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('--include-secrets', '--include-secrets', [CompletionResultType]::ParameterName, 'Keep headers that carry credentials (Authorization, Cookie, GitLab''s token) as captured')
            [CompletionResult]::new('--resign', '--resign', [CompletionResultType]::ParameterName, 'Sign each capture afresh (new timestamp and id) with the given secret, as replay does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;import' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'From a stream: only captures this recent, e.g. 2h [default: all]')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'From a stream: its JetStream name [default: WHK_ and the subject]')
            [CompletionResult]::new('--nats-creds', '--nats-creds', [CompletionResultType]::ParameterName, 'NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)')
            [CompletionResult]::new('--save-dir', '--save-dir', [CompletionResultType]::ParameterName, 'Where the captures go, numbered on from the highest there')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The files'' format; auto tells it from each file''s name and content')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;capture' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one capture for a person: request, headers, body, verdict, response')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;capture;show' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;capture;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one capture for a person: request, headers, body, verdict, response')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;capture;help;show' {
            break
        }
        'whk;capture;help;help' {
            break
        }
        'whk;demo' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the captures in this directory (otherwise a temporary one, removed at the end)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;events' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--spec', '--spec', [CompletionResultType]::ParameterName, 'List the webhooks of this OpenAPI 3.1 spec (YAML or JSON) instead of the catalogue')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'With --spec: print this webhook''s body, as `whk send --spec FILE -e NAME` would send it')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'With --spec: print this webhook''s body, as `whk send --spec FILE -e NAME` would send it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;providers' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;secret' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Generate a fresh secret (or key pair) from the OS random source')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;secret;new' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the secret to this file (mode 0600) instead of printing it; a key pair''s public half goes to FILE.pub')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the secret to this file (mode 0600) instead of printing it; a key pair''s public half goes to FILE.pub')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --out file')
            [CompletionResult]::new('--asymmetric', '--asymmetric', [CompletionResultType]::ParameterName, 'Standard Webhooks / Svix: an Ed25519 pair (whsk_/whpk_) for v1a instead of a whsec_ secret')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;secret;help' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Generate a fresh secret (or key pair) from the OS random source')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;secret;help;new' {
            break
        }
        'whk;secret;help;help' {
            break
        }
        'whk;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what a script needs (no warnings, no verdict line)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain each step on stderr')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;help' {
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a payload in a provider''s scheme and print the headers (or curl, HTTP, JSON)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a request''s signature and explain why it fails')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Send a signed test event, retrying the way the real sender does')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: verify, print, save, forward and answer as scripted')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Replay saved captures against an endpoint: re-signed, concurrent, retried, reported')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Examine a running receiver: forgeries it must reject, variants it must accept')
            [CompletionResult]::new('relay', 'relay', [CompletionResultType]::ParameterValue, 'Forward captures from a NATS JetStream stream to a local app, live and from history')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write captures out as curl commands, HAR, a .http file, hurl or a Postman collection')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Turn HAR, curl, .http, Postman, webhook.site or Stripe CLI requests into captures')
            [CompletionResult]::new('capture', 'capture', [CompletionResultType]::ParameterValue, 'Look at one capture')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Show the whole loop offline: listen, send one event per provider, replay the captures')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'List the built-in events, per provider')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'List every provider scheme whk knows')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Make a secret or key pair in a provider''s format')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page of whk or of one of its verbs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;help;sign' {
            break
        }
        'whk;help;verify' {
            break
        }
        'whk;help;send' {
            break
        }
        'whk;help;listen' {
            break
        }
        'whk;help;replay' {
            break
        }
        'whk;help;doctor' {
            break
        }
        'whk;help;relay' {
            break
        }
        'whk;help;export' {
            break
        }
        'whk;help;import' {
            break
        }
        'whk;help;capture' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print one capture for a person: request, headers, body, verdict, response')
            break
        }
        'whk;help;capture;show' {
            break
        }
        'whk;help;demo' {
            break
        }
        'whk;help;events' {
            break
        }
        'whk;help;providers' {
            break
        }
        'whk;help;secret' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Generate a fresh secret (or key pair) from the OS random source')
            break
        }
        'whk;help;secret;new' {
            break
        }
        'whk;help;completions' {
            break
        }
        'whk;help;man' {
            break
        }
        'whk;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
