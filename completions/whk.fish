# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_whk_global_optspecs
    string join \n color= q/quiet v/verbose json h/help V/version
end

function __fish_whk_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_whk_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_whk_using_subcommand
    set -l cmd (__fish_whk_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c whk -n "__fish_whk_needs_command" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_needs_command" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_needs_command" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_needs_command" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_needs_command" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_needs_command" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_needs_command" -f -a "sign" -d 'Sign a payload in a provider\'s scheme and print the headers (or curl, HTTP, JSON)'
complete -c whk -n "__fish_whk_needs_command" -f -a "verify" -d 'Check a request\'s signature and explain why it fails'
complete -c whk -n "__fish_whk_needs_command" -f -a "send" -d 'Send a signed test event, retrying the way the real sender does'
complete -c whk -n "__fish_whk_needs_command" -f -a "listen" -d 'Receive webhooks locally: verify, print, save, forward and answer as scripted'
complete -c whk -n "__fish_whk_needs_command" -f -a "replay" -d 'Replay saved captures against an endpoint: re-signed, concurrent, retried, reported'
complete -c whk -n "__fish_whk_needs_command" -f -a "doctor" -d 'Examine a running receiver: forgeries it must reject, variants it must accept'
complete -c whk -n "__fish_whk_needs_command" -f -a "relay" -d 'Forward captures from a NATS JetStream stream to a local app, live and from history'
complete -c whk -n "__fish_whk_needs_command" -f -a "export" -d 'Write captures out as curl commands, HAR, a .http file, hurl or a Postman collection'
complete -c whk -n "__fish_whk_needs_command" -f -a "import" -d 'Turn HAR, curl, .http, Postman, webhook.site or Stripe CLI requests into captures'
complete -c whk -n "__fish_whk_needs_command" -f -a "capture" -d 'Look at one capture'
complete -c whk -n "__fish_whk_needs_command" -f -a "demo" -d 'Show the whole loop offline: listen, send one event per provider, replay the captures'
complete -c whk -n "__fish_whk_needs_command" -f -a "events" -d 'List the built-in events, per provider'
complete -c whk -n "__fish_whk_needs_command" -f -a "providers" -d 'List every provider scheme whk knows'
complete -c whk -n "__fish_whk_needs_command" -f -a "secret" -d 'Make a secret or key pair in a provider\'s format'
complete -c whk -n "__fish_whk_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c whk -n "__fish_whk_needs_command" -f -a "man" -d 'Print the man page of whk or of one of its verbs'
complete -c whk -n "__fish_whk_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand sign" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand sign" -s p -l provider -d 'Provider scheme (see `whk providers`)' -r -f -a "pyannote\t'pyannote.ai: X-Signature = HMAC-SHA256 of v0:{ts}:{body}, hex or base64'
novofon\t'Novofon calls: Signature = base64 of hex HMAC-SHA1 of event fields; unsigned if absent'
medilab\t'MediLab clinic system: X-Webhook-Signature sha256= hex HMAC-SHA256 of the body, if a secret is set'
pulse\t'smallest.ai Pulse STT: unsigned; optional generic HMAC layer when a secret is given'
bakai\t'BakaiMarket: X-Webhook-Signature sha256= hex HMAC-SHA256 of the raw body'
hmac\t'Generic HMAC: header, prefix, sha1/sha256/sha512, hex/base64 and signed template set by flags'
github\t'GitHub: X-Hub-Signature-256 = sha256=hex HMAC-SHA256 of the body (plus legacy sha1)'
stripe\t'Stripe: Stripe-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 300 s tolerance'
standard-webhooks\t'Standard Webhooks: webhook-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
svix\t'Svix: svix-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
slack\t'Slack: X-Slack-Signature v0= hex HMAC-SHA256 of v0:{ts}:{body}, ±300 s'
shopify\t'Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the body, plus topic/shop/version/id'
twilio\t'Twilio: X-Twilio-Signature = base64 HMAC-SHA1 of URL + sorted params (bodySHA256 for JSON); needs --url'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=… = hex HMAC-SHA256 of {ts}:{body}, ±5 s'
square\t'Square: x-square-hmacsha256-signature = base64 HMAC-SHA256 of {url}{body}; needs --url'
discord\t'Discord: X-Signature-Ed25519 = hex Ed25519 signature of {ts}{body}; verify with the public key'
zoom\t'Zoom: x-zm-signature v0= hex HMAC-SHA256 of v0:{ts}:{body}'
mailgun\t'Mailgun: body field signature = hex HMAC-SHA256 of {timestamp}{token}, ±900 s'
linear\t'Linear: Linear-Signature = hex HMAC-SHA256 of the body; body webhookTimestamp ±60 s'
intercom\t'Intercom: X-Hub-Signature sha1= hex HMAC-SHA1 of the body'
typeform\t'Typeform: Typeform-Signature sha256= base64 HMAC-SHA256 of the body'
hubspot\t'HubSpot: X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of {method}{uri}{body}{ts ms}; needs --url'
gitlab\t'GitLab: X-Gitlab-Token carries the secret token itself, compared in constant time'
sendgrid\t'SendGrid: X-Twilio-Email-Event-Webhook-Signature = base64 ECDSA P-256 of {ts}{body}; public key'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256= hex HMAC-SHA256 of {id}{ts}{body}'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 180 s'
convoy\t'Convoy: X-Convoy-Signature t=…,v1=… over {t},{body} (advanced) or bare HMAC (simple)'"
complete -c whk -n "__fish_whk_using_subcommand sign" -s d -l data -d 'Body given inline, signed exactly as written' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l secret -d 'Secret value, or - to read it from stdin [argv is visible to other users]' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l secret-env -d 'Read the secret from this environment variable; PROVIDER=VAR for that provider only' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l secret-file -d 'Read the secret from a file; one trailing newline is stripped' -r -F
complete -c whk -n "__fish_whk_using_subcommand sign" -l timestamp -d 'Signing time as Unix seconds [default: now]' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l id -d 'Message / delivery id where the scheme has one [default: fresh]' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l event -d 'Event name for schemes that send it in a header (GitHub, MediLab, Shopify topic)' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l format -d 'Output shape' -r -f -a "headers\t'`Name: value` lines, in the provider\'s order'
json\t'One JSON object with the headers'
curl\t'A ready curl command that sends the exact bytes'
http\t'The raw HTTP/1.1 request (feed it to `whk verify --raw`)'"
complete -c whk -n "__fish_whk_using_subcommand sign" -l url -d 'The URL the provider posts to: signed by twilio, square and hubspot, and the target of --format curl/http [default: http://127.0.0.1:8000/webhook]' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l method -d 'HTTP method for --format curl/http' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l prefix -d 'Text before the signature [default: ALGORITHM=, e.g. sha256=; \'\' for none]' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l algorithm -d 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand sign" -l encoding -d 'Signature encoding (also pyannote\'s: hex by default)' -r -f -a "hex\t''
base64\t''
base64-hex\t'Base64 of the hex text (Novofon\'s way)'"
complete -c whk -n "__fish_whk_using_subcommand sign" -l signed -d 'What is signed: {body}, or e.g. \'{ts}.{body}\' with {ts} and {id} from their headers [default: {body}; convoy: \'{body}\' is simple mode]' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l timestamp-header -d 'Header that carries {ts}' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand sign" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand sign" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand sign" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand verify" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand verify" -s p -l provider -d 'Provider scheme (see `whk providers`)' -r -f -a "pyannote\t'pyannote.ai: X-Signature = HMAC-SHA256 of v0:{ts}:{body}, hex or base64'
novofon\t'Novofon calls: Signature = base64 of hex HMAC-SHA1 of event fields; unsigned if absent'
medilab\t'MediLab clinic system: X-Webhook-Signature sha256= hex HMAC-SHA256 of the body, if a secret is set'
pulse\t'smallest.ai Pulse STT: unsigned; optional generic HMAC layer when a secret is given'
bakai\t'BakaiMarket: X-Webhook-Signature sha256= hex HMAC-SHA256 of the raw body'
hmac\t'Generic HMAC: header, prefix, sha1/sha256/sha512, hex/base64 and signed template set by flags'
github\t'GitHub: X-Hub-Signature-256 = sha256=hex HMAC-SHA256 of the body (plus legacy sha1)'
stripe\t'Stripe: Stripe-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 300 s tolerance'
standard-webhooks\t'Standard Webhooks: webhook-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
svix\t'Svix: svix-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
slack\t'Slack: X-Slack-Signature v0= hex HMAC-SHA256 of v0:{ts}:{body}, ±300 s'
shopify\t'Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the body, plus topic/shop/version/id'
twilio\t'Twilio: X-Twilio-Signature = base64 HMAC-SHA1 of URL + sorted params (bodySHA256 for JSON); needs --url'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=… = hex HMAC-SHA256 of {ts}:{body}, ±5 s'
square\t'Square: x-square-hmacsha256-signature = base64 HMAC-SHA256 of {url}{body}; needs --url'
discord\t'Discord: X-Signature-Ed25519 = hex Ed25519 signature of {ts}{body}; verify with the public key'
zoom\t'Zoom: x-zm-signature v0= hex HMAC-SHA256 of v0:{ts}:{body}'
mailgun\t'Mailgun: body field signature = hex HMAC-SHA256 of {timestamp}{token}, ±900 s'
linear\t'Linear: Linear-Signature = hex HMAC-SHA256 of the body; body webhookTimestamp ±60 s'
intercom\t'Intercom: X-Hub-Signature sha1= hex HMAC-SHA1 of the body'
typeform\t'Typeform: Typeform-Signature sha256= base64 HMAC-SHA256 of the body'
hubspot\t'HubSpot: X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of {method}{uri}{body}{ts ms}; needs --url'
gitlab\t'GitLab: X-Gitlab-Token carries the secret token itself, compared in constant time'
sendgrid\t'SendGrid: X-Twilio-Email-Event-Webhook-Signature = base64 ECDSA P-256 of {ts}{body}; public key'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256= hex HMAC-SHA256 of {id}{ts}{body}'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 180 s'
convoy\t'Convoy: X-Convoy-Signature t=…,v1=… over {t},{body} (advanced) or bare HMAC (simple)'"
complete -c whk -n "__fish_whk_using_subcommand verify" -s H -l header -d 'A request header, \'Name: value\' (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l capture -d 'Check a capture saved by `whk listen --save-dir` (its provider unless -p says otherwise)' -r -F
complete -c whk -n "__fish_whk_using_subcommand verify" -s d -l data -d 'Body given inline, signed exactly as written' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l secret -d 'Secret value, or - to read it from stdin [argv is visible to other users]' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l secret-env -d 'Read the secret from this environment variable; PROVIDER=VAR for that provider only' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l secret-file -d 'Read the secret from a file; one trailing newline is stripped' -r -F
complete -c whk -n "__fish_whk_using_subcommand verify" -l tolerance -d 'Allowed timestamp age, as seconds or a duration (5m); 0 turns the check off [default: the provider\'s]' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l now -d 'Check as if it were this Unix time (reproducible checks of old captures)' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l url -d 'The URL the provider posted to, for schemes that sign it (twilio, square, hubspot)' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l method -d 'The request\'s method, for schemes that sign it (hubspot); --raw reads it from the request' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l prefix -d 'Text before the signature [default: ALGORITHM=, e.g. sha256=; \'\' for none]' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l algorithm -d 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand verify" -l encoding -d 'Signature encoding (also pyannote\'s: hex by default)' -r -f -a "hex\t''
base64\t''
base64-hex\t'Base64 of the hex text (Novofon\'s way)'"
complete -c whk -n "__fish_whk_using_subcommand verify" -l signed -d 'What is signed: {body}, or e.g. \'{ts}.{body}\' with {ts} and {id} from their headers [default: {body}; convoy: \'{body}\' is simple mode]' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l timestamp-header -d 'Header that carries {ts}' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand verify" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand verify" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand verify" -l raw -d 'Read a raw HTTP/1.1 request (request line, headers, body) instead of -H and a body'
complete -c whk -n "__fish_whk_using_subcommand verify" -l require-signature -d 'Treat an unsigned request as a failure (exit 1)'
complete -c whk -n "__fish_whk_using_subcommand verify" -l show-expected -d 'On a mismatch, print the signature whk expected'
complete -c whk -n "__fish_whk_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand verify" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand send" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand send" -s p -l provider -d 'Provider whose scheme signs it' -r -f -a "pyannote\t'pyannote.ai: X-Signature = HMAC-SHA256 of v0:{ts}:{body}, hex or base64'
novofon\t'Novofon calls: Signature = base64 of hex HMAC-SHA1 of event fields; unsigned if absent'
medilab\t'MediLab clinic system: X-Webhook-Signature sha256= hex HMAC-SHA256 of the body, if a secret is set'
pulse\t'smallest.ai Pulse STT: unsigned; optional generic HMAC layer when a secret is given'
bakai\t'BakaiMarket: X-Webhook-Signature sha256= hex HMAC-SHA256 of the raw body'
hmac\t'Generic HMAC: header, prefix, sha1/sha256/sha512, hex/base64 and signed template set by flags'
github\t'GitHub: X-Hub-Signature-256 = sha256=hex HMAC-SHA256 of the body (plus legacy sha1)'
stripe\t'Stripe: Stripe-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 300 s tolerance'
standard-webhooks\t'Standard Webhooks: webhook-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
svix\t'Svix: svix-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
slack\t'Slack: X-Slack-Signature v0= hex HMAC-SHA256 of v0:{ts}:{body}, ±300 s'
shopify\t'Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the body, plus topic/shop/version/id'
twilio\t'Twilio: X-Twilio-Signature = base64 HMAC-SHA1 of URL + sorted params (bodySHA256 for JSON); needs --url'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=… = hex HMAC-SHA256 of {ts}:{body}, ±5 s'
square\t'Square: x-square-hmacsha256-signature = base64 HMAC-SHA256 of {url}{body}; needs --url'
discord\t'Discord: X-Signature-Ed25519 = hex Ed25519 signature of {ts}{body}; verify with the public key'
zoom\t'Zoom: x-zm-signature v0= hex HMAC-SHA256 of v0:{ts}:{body}'
mailgun\t'Mailgun: body field signature = hex HMAC-SHA256 of {timestamp}{token}, ±900 s'
linear\t'Linear: Linear-Signature = hex HMAC-SHA256 of the body; body webhookTimestamp ±60 s'
intercom\t'Intercom: X-Hub-Signature sha1= hex HMAC-SHA1 of the body'
typeform\t'Typeform: Typeform-Signature sha256= base64 HMAC-SHA256 of the body'
hubspot\t'HubSpot: X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of {method}{uri}{body}{ts ms}; needs --url'
gitlab\t'GitLab: X-Gitlab-Token carries the secret token itself, compared in constant time'
sendgrid\t'SendGrid: X-Twilio-Email-Event-Webhook-Signature = base64 ECDSA P-256 of {ts}{body}; public key'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256= hex HMAC-SHA256 of {id}{ts}{body}'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 180 s'
convoy\t'Convoy: X-Convoy-Signature t=…,v1=… over {t},{body} (advanced) or bare HMAC (simple)'"
complete -c whk -n "__fish_whk_using_subcommand send" -s e -l event -d 'A built-in event (see `whk events PROVIDER`); its templates are filled per send' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l spec -d 'Take --event NAME from this OpenAPI 3.1 spec\'s webhooks: its example, else a body made from its schema' -r -F
complete -c whk -n "__fish_whk_using_subcommand send" -s d -l data -d 'Body given inline, signed exactly as written' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l secret -d 'Secret value, or - to read it from stdin [argv is visible to other users]' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l secret-env -d 'Read the secret from this environment variable; PROVIDER=VAR for that provider only' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l secret-file -d 'Read the secret from a file; one trailing newline is stripped' -r -F
complete -c whk -n "__fish_whk_using_subcommand send" -s H -l header -d 'An extra request header, \'Name: value\' (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l set -d 'Edit a JSON body before signing: a dotted path and a value (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l extra -d 'Pulse\'s webhook_extra pairs, carried into the payload: key:value,key:value' -r
complete -c whk -n "__fish_whk_using_subcommand send" -s X -l method -d 'HTTP method' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l id -d 'Delivery id where the scheme has one [default: fresh, kept across retries]' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l expect -d 'Status that counts as success: 2xx, 200, 401, 4xx or a list (unmet: exit 1)' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l timeout -d 'Per-attempt timeout, e.g. 30s [default: 30s, or the sender\'s with --as-sender]' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l retries -d 'Retries after the first attempt, on connect errors, timeouts, 5xx and 429 [default: 0]' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l backoff -d 'How waits grow between retries' -r -f -a "exponential\t''
fixed\t''"
complete -c whk -n "__fish_whk_using_subcommand send" -l retry-initial -d 'The first wait' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l retry-max -d 'The longest wait' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l time-scale -d 'Multiply every wait by this (0.001 runs a 4-minute schedule in a quarter second)' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l format -d 'Shape of --dry-run\'s output' -r -f -a "http\t'The raw HTTP/1.1 request'
curl\t'A curl command'"
complete -c whk -n "__fish_whk_using_subcommand send" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l prefix -d 'Text before the signature [default: ALGORITHM=, e.g. sha256=; \'\' for none]' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l algorithm -d 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand send" -l encoding -d 'Signature encoding (also pyannote\'s: hex by default)' -r -f -a "hex\t''
base64\t''
base64-hex\t'Base64 of the hex text (Novofon\'s way)'"
complete -c whk -n "__fish_whk_using_subcommand send" -l signed -d 'What is signed: {body}, or e.g. \'{ts}.{body}\' with {ts} and {id} from their headers [default: {body}; convoy: \'{body}\' is simple mode]' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l timestamp-header -d 'Header that carries {ts}' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand send" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand send" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand send" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand send" -l jitter -d 'Full jitter: wait a random part of each delay'
complete -c whk -n "__fish_whk_using_subcommand send" -l as-sender -d 'Behave like the provider\'s sender: its retry schedule (the default for --retries and the waits), timeout and per-attempt headers'
complete -c whk -n "__fish_whk_using_subcommand send" -l insecure -d 'Skip TLS certificate checks (test servers only)'
complete -c whk -n "__fish_whk_using_subcommand send" -l follow -d 'Follow redirects (up to 10)'
complete -c whk -n "__fish_whk_using_subcommand send" -l dry-run -d 'Print the request instead of sending it'
complete -c whk -n "__fish_whk_using_subcommand send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand send" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand listen" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand listen" -l port -d 'Port to listen on; 0 picks a free one' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l host -d 'Address to bind; anything but loopback is warned about' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -s p -l provider -d 'Provider for requests no --route claims [default: detected from each request\'s headers]' -r -f -a "pyannote\t'pyannote.ai: X-Signature = HMAC-SHA256 of v0:{ts}:{body}, hex or base64'
novofon\t'Novofon calls: Signature = base64 of hex HMAC-SHA1 of event fields; unsigned if absent'
medilab\t'MediLab clinic system: X-Webhook-Signature sha256= hex HMAC-SHA256 of the body, if a secret is set'
pulse\t'smallest.ai Pulse STT: unsigned; optional generic HMAC layer when a secret is given'
bakai\t'BakaiMarket: X-Webhook-Signature sha256= hex HMAC-SHA256 of the raw body'
hmac\t'Generic HMAC: header, prefix, sha1/sha256/sha512, hex/base64 and signed template set by flags'
github\t'GitHub: X-Hub-Signature-256 = sha256=hex HMAC-SHA256 of the body (plus legacy sha1)'
stripe\t'Stripe: Stripe-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 300 s tolerance'
standard-webhooks\t'Standard Webhooks: webhook-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
svix\t'Svix: svix-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
slack\t'Slack: X-Slack-Signature v0= hex HMAC-SHA256 of v0:{ts}:{body}, ±300 s'
shopify\t'Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the body, plus topic/shop/version/id'
twilio\t'Twilio: X-Twilio-Signature = base64 HMAC-SHA1 of URL + sorted params (bodySHA256 for JSON); needs --url'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=… = hex HMAC-SHA256 of {ts}:{body}, ±5 s'
square\t'Square: x-square-hmacsha256-signature = base64 HMAC-SHA256 of {url}{body}; needs --url'
discord\t'Discord: X-Signature-Ed25519 = hex Ed25519 signature of {ts}{body}; verify with the public key'
zoom\t'Zoom: x-zm-signature v0= hex HMAC-SHA256 of v0:{ts}:{body}'
mailgun\t'Mailgun: body field signature = hex HMAC-SHA256 of {timestamp}{token}, ±900 s'
linear\t'Linear: Linear-Signature = hex HMAC-SHA256 of the body; body webhookTimestamp ±60 s'
intercom\t'Intercom: X-Hub-Signature sha1= hex HMAC-SHA1 of the body'
typeform\t'Typeform: Typeform-Signature sha256= base64 HMAC-SHA256 of the body'
hubspot\t'HubSpot: X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of {method}{uri}{body}{ts ms}; needs --url'
gitlab\t'GitLab: X-Gitlab-Token carries the secret token itself, compared in constant time'
sendgrid\t'SendGrid: X-Twilio-Email-Event-Webhook-Signature = base64 ECDSA P-256 of {ts}{body}; public key'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256= hex HMAC-SHA256 of {id}{ts}{body}'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 180 s'
convoy\t'Convoy: X-Convoy-Signature t=…,v1=… over {t},{body} (advanced) or bare HMAC (simple)'"
complete -c whk -n "__fish_whk_using_subcommand listen" -l secret -d 'Secret value, or - to read it from stdin [argv is visible to other users]' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l secret-env -d 'Read the secret from this environment variable; PROVIDER=VAR for that provider only' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l secret-file -d 'Read the secret from a file; one trailing newline is stripped' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l route -d 'A path with its own provider and secret: PATH=PROVIDER[:env:VAR|:file:PATH] (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l save-dir -d 'Write every request as a capture file here (see README, \'Capture format\')' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l tunnel -d 'Bring the internet in through a tunnel client on the PATH: cloudflared, ngrok, tailscale, or ssh:USER@HOST[:PORT]; its public URL is used as --public-url' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l tunnel-arg -d 'An extra argument for the tunnel client, e.g. --tunnel-arg=-i --tunnel-arg=KEY (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l publish -d 'Publish every capture to a NATS JetStream stream: nats://HOST:PORT/SUBJECT' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l stream -d 'The JetStream stream [default: WHK_ and the subject]' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l nats-creds -d 'NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l audit-sender -d 'Audit a sender against PROVIDER\'s contract: answer 500,500,200 (or --respond) and judge the retries; a report card at the end, exit 1 if a rule was broken' -r -f -a "pyannote\t'pyannote.ai: X-Signature = HMAC-SHA256 of v0:{ts}:{body}, hex or base64'
novofon\t'Novofon calls: Signature = base64 of hex HMAC-SHA1 of event fields; unsigned if absent'
medilab\t'MediLab clinic system: X-Webhook-Signature sha256= hex HMAC-SHA256 of the body, if a secret is set'
pulse\t'smallest.ai Pulse STT: unsigned; optional generic HMAC layer when a secret is given'
bakai\t'BakaiMarket: X-Webhook-Signature sha256= hex HMAC-SHA256 of the raw body'
hmac\t'Generic HMAC: header, prefix, sha1/sha256/sha512, hex/base64 and signed template set by flags'
github\t'GitHub: X-Hub-Signature-256 = sha256=hex HMAC-SHA256 of the body (plus legacy sha1)'
stripe\t'Stripe: Stripe-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 300 s tolerance'
standard-webhooks\t'Standard Webhooks: webhook-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
svix\t'Svix: svix-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
slack\t'Slack: X-Slack-Signature v0= hex HMAC-SHA256 of v0:{ts}:{body}, ±300 s'
shopify\t'Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the body, plus topic/shop/version/id'
twilio\t'Twilio: X-Twilio-Signature = base64 HMAC-SHA1 of URL + sorted params (bodySHA256 for JSON); needs --url'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=… = hex HMAC-SHA256 of {ts}:{body}, ±5 s'
square\t'Square: x-square-hmacsha256-signature = base64 HMAC-SHA256 of {url}{body}; needs --url'
discord\t'Discord: X-Signature-Ed25519 = hex Ed25519 signature of {ts}{body}; verify with the public key'
zoom\t'Zoom: x-zm-signature v0= hex HMAC-SHA256 of v0:{ts}:{body}'
mailgun\t'Mailgun: body field signature = hex HMAC-SHA256 of {timestamp}{token}, ±900 s'
linear\t'Linear: Linear-Signature = hex HMAC-SHA256 of the body; body webhookTimestamp ±60 s'
intercom\t'Intercom: X-Hub-Signature sha1= hex HMAC-SHA1 of the body'
typeform\t'Typeform: Typeform-Signature sha256= base64 HMAC-SHA256 of the body'
hubspot\t'HubSpot: X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of {method}{uri}{body}{ts ms}; needs --url'
gitlab\t'GitLab: X-Gitlab-Token carries the secret token itself, compared in constant time'
sendgrid\t'SendGrid: X-Twilio-Email-Event-Webhook-Signature = base64 ECDSA P-256 of {ts}{body}; public key'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256= hex HMAC-SHA256 of {id}{ts}{body}'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 180 s'
convoy\t'Convoy: X-Convoy-Signature t=…,v1=… over {t},{body} (advanced) or bare HMAC (simple)'"
complete -c whk -n "__fish_whk_using_subcommand listen" -l time-scale -d 'The sender\'s waits are its schedule times this (a sender run with --time-scale)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l replay-timeout -d 'How long the inspector waits for a replay\'s target to answer' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l public-url -d 'The public base URL senders use (a tunnel\'s), for schemes that sign the URL (Twilio, Square, HubSpot): they verify against it plus the request\'s path and query' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l forward-to -d 'Pass each request on to your app and answer with its response (localhost:3000 will do)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l respond -d 'Scripted answers: 500,503x3,200@2s,drop; PATH=SPEC for one route (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l spec -d 'Judge each body against its webhook\'s schema in this OpenAPI 3.1 spec (YAML or JSON)' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l retry-after -d 'Scripted 429 and 503 answers carry Retry-After: SECONDS (a sender audit checks the wait)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l on-invalid -d 'Status for an invalid signature (and an unsigned request on a route with a secret)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l count -d 'Exit after this many requests (CI)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l timeout -d 'Give up waiting after this long: exit 1 with "received k of N"' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l read-timeout -d 'Cut off a connection that sends nothing for this long, or takes longer over a request head' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l max-body -d 'Largest body accepted; larger gets 413 unread' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l ready-file -d 'Write the URL here once accepting (atomically), for CI to wait on' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l config -d 'Read routes and settings from a TOML file; flags given on the command line win' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l filter -d 'Print and save only requests whose form or JSON field matches: FIELD=VALUE, or A|B=VALUE for either field (repeat: all must)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l prefix -d 'Text before the signature [default: ALGORITHM=, e.g. sha256=; \'\' for none]' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l algorithm -d 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand listen" -l encoding -d 'Signature encoding (also pyannote\'s: hex by default)' -r -f -a "hex\t''
base64\t''
base64-hex\t'Base64 of the hex text (Novofon\'s way)'"
complete -c whk -n "__fish_whk_using_subcommand listen" -l signed -d 'What is signed: {body}, or e.g. \'{ts}.{body}\' with {ts} and {id} from their headers [default: {body}; convoy: \'{body}\' is simple mode]' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l timestamp-header -d 'Header that carries {ts}' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand listen" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand listen" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand listen" -l tunnel-restart -d 'Start the tunnel client again when it exits, instead of stopping with exit 4'
complete -c whk -n "__fish_whk_using_subcommand listen" -l ui -d 'Serve a web inspector at /_whk/ui: live list, detail, edit-and-replay (loopback only)'
complete -c whk -n "__fish_whk_using_subcommand listen" -l trust-forwarded -d 'Rebuild the URL senders used from X-Forwarded-Proto and X-Forwarded-Host (behind a proxy you trust)'
complete -c whk -n "__fish_whk_using_subcommand listen" -l expect-schema -d 'Exit 1 if any body broke its webhook\'s schema or had none (with --spec)'
complete -c whk -n "__fish_whk_using_subcommand listen" -l allow-unsigned -d 'Answer unsigned requests 200 on routes that have a secret'
complete -c whk -n "__fish_whk_using_subcommand listen" -l expect-verified -d 'Exit 1 if any request was invalid or unsigned'
complete -c whk -n "__fish_whk_using_subcommand listen" -l init-config -d 'Write a commented example config (to --config or ./whk.toml) and exit'
complete -c whk -n "__fish_whk_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand listen" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand replay" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand replay" -l from -d 'Replay the captures in a team stream instead: nats://HOST:PORT/SUBJECT' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l since -d 'With --from: only captures this recent, e.g. 2h [default: all]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l stream -d 'With --from: the JetStream stream [default: WHK_ and the subject]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l nats-creds -d 'NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)' -r -F
complete -c whk -n "__fish_whk_using_subcommand replay" -l to -d 'Where to send them (no scheme means http://; :3000 means localhost)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -s p -l provider -d 'Scheme to re-sign with [default: each capture\'s provider]' -r -f -a "pyannote\t'pyannote.ai: X-Signature = HMAC-SHA256 of v0:{ts}:{body}, hex or base64'
novofon\t'Novofon calls: Signature = base64 of hex HMAC-SHA1 of event fields; unsigned if absent'
medilab\t'MediLab clinic system: X-Webhook-Signature sha256= hex HMAC-SHA256 of the body, if a secret is set'
pulse\t'smallest.ai Pulse STT: unsigned; optional generic HMAC layer when a secret is given'
bakai\t'BakaiMarket: X-Webhook-Signature sha256= hex HMAC-SHA256 of the raw body'
hmac\t'Generic HMAC: header, prefix, sha1/sha256/sha512, hex/base64 and signed template set by flags'
github\t'GitHub: X-Hub-Signature-256 = sha256=hex HMAC-SHA256 of the body (plus legacy sha1)'
stripe\t'Stripe: Stripe-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 300 s tolerance'
standard-webhooks\t'Standard Webhooks: webhook-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
svix\t'Svix: svix-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
slack\t'Slack: X-Slack-Signature v0= hex HMAC-SHA256 of v0:{ts}:{body}, ±300 s'
shopify\t'Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the body, plus topic/shop/version/id'
twilio\t'Twilio: X-Twilio-Signature = base64 HMAC-SHA1 of URL + sorted params (bodySHA256 for JSON); needs --url'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=… = hex HMAC-SHA256 of {ts}:{body}, ±5 s'
square\t'Square: x-square-hmacsha256-signature = base64 HMAC-SHA256 of {url}{body}; needs --url'
discord\t'Discord: X-Signature-Ed25519 = hex Ed25519 signature of {ts}{body}; verify with the public key'
zoom\t'Zoom: x-zm-signature v0= hex HMAC-SHA256 of v0:{ts}:{body}'
mailgun\t'Mailgun: body field signature = hex HMAC-SHA256 of {timestamp}{token}, ±900 s'
linear\t'Linear: Linear-Signature = hex HMAC-SHA256 of the body; body webhookTimestamp ±60 s'
intercom\t'Intercom: X-Hub-Signature sha1= hex HMAC-SHA1 of the body'
typeform\t'Typeform: Typeform-Signature sha256= base64 HMAC-SHA256 of the body'
hubspot\t'HubSpot: X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of {method}{uri}{body}{ts ms}; needs --url'
gitlab\t'GitLab: X-Gitlab-Token carries the secret token itself, compared in constant time'
sendgrid\t'SendGrid: X-Twilio-Email-Event-Webhook-Signature = base64 ECDSA P-256 of {ts}{body}; public key'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256= hex HMAC-SHA256 of {id}{ts}{body}'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 180 s'
convoy\t'Convoy: X-Convoy-Signature t=…,v1=… over {t},{body} (advanced) or bare HMAC (simple)'"
complete -c whk -n "__fish_whk_using_subcommand replay" -l secret -d 'Secret value, or - to read it from stdin [argv is visible to other users]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l secret-env -d 'Read the secret from this environment variable; PROVIDER=VAR for that provider only' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l secret-file -d 'Read the secret from a file; one trailing newline is stripped' -r -F
complete -c whk -n "__fish_whk_using_subcommand replay" -s H -l header -d 'An extra header, \'Name: value\' (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l drop-header -d 'Leave this captured header out (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l set -d 'Edit JSON bodies before signing: PATH=VALUE (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l retries -d 'Retries after the first attempt, on connect errors, timeouts, 5xx and 429 [default: 0]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l backoff -d 'How waits grow between retries' -r -f -a "exponential\t''
fixed\t''"
complete -c whk -n "__fish_whk_using_subcommand replay" -l retry-initial -d 'The first wait' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l retry-max -d 'The longest wait' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l expect -d 'Status that counts as success (unmet for any capture: exit 1)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l timeout -d 'Per-attempt timeout' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l prefix -d 'Text before the signature [default: ALGORITHM=, e.g. sha256=; \'\' for none]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l algorithm -d 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand replay" -l encoding -d 'Signature encoding (also pyannote\'s: hex by default)' -r -f -a "hex\t''
base64\t''
base64-hex\t'Base64 of the hex text (Novofon\'s way)'"
complete -c whk -n "__fish_whk_using_subcommand replay" -l signed -d 'What is signed: {body}, or e.g. \'{ts}.{body}\' with {ts} and {id} from their headers [default: {body}; convoy: \'{body}\' is simple mode]' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l timestamp-header -d 'Header that carries {ts}' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -s j -l concurrency -d 'Deliveries in flight at once' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l rate -d 'At most this many deliveries a second, e.g. 200/s' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l repeat -d 'Send the whole set this many times' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l shard -d 'Only the i-th of n disjoint slices of the set, e.g. 2/4 (CI jobs)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l report-junit -d 'Write a JUnit XML report (one testcase per capture)' -r -F
complete -c whk -n "__fish_whk_using_subcommand replay" -l report-html -d 'Write a self-contained HTML report' -r -F
complete -c whk -n "__fish_whk_using_subcommand replay" -l format -d 'Shape of --dry-run\'s output' -r -f -a "http\t'The raw HTTP/1.1 request'
curl\t'A curl command'"
complete -c whk -n "__fish_whk_using_subcommand replay" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand replay" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand replay" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand replay" -l keep-path -d 'Append each capture\'s path and query to --to'
complete -c whk -n "__fish_whk_using_subcommand replay" -l resign -d 'Re-sign with a fresh timestamp and id (needs a secret) [default: when the scheme signs one]'
complete -c whk -n "__fish_whk_using_subcommand replay" -l no-resign -d 'Send the captured bytes and headers exactly'
complete -c whk -n "__fish_whk_using_subcommand replay" -l jitter -d 'Full jitter: wait a random part of each delay'
complete -c whk -n "__fish_whk_using_subcommand replay" -l ordered -d 'In arrival order, one at a time'
complete -c whk -n "__fish_whk_using_subcommand replay" -l strict -d 'A malformed capture stops the run instead of being skipped'
complete -c whk -n "__fish_whk_using_subcommand replay" -l dry-run -d 'Print what would be sent instead of sending it'
complete -c whk -n "__fish_whk_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand replay" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand doctor" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand doctor" -s p -l provider -d 'The provider whose deliveries it receives' -r -f -a "pyannote\t'pyannote.ai: X-Signature = HMAC-SHA256 of v0:{ts}:{body}, hex or base64'
novofon\t'Novofon calls: Signature = base64 of hex HMAC-SHA1 of event fields; unsigned if absent'
medilab\t'MediLab clinic system: X-Webhook-Signature sha256= hex HMAC-SHA256 of the body, if a secret is set'
pulse\t'smallest.ai Pulse STT: unsigned; optional generic HMAC layer when a secret is given'
bakai\t'BakaiMarket: X-Webhook-Signature sha256= hex HMAC-SHA256 of the raw body'
hmac\t'Generic HMAC: header, prefix, sha1/sha256/sha512, hex/base64 and signed template set by flags'
github\t'GitHub: X-Hub-Signature-256 = sha256=hex HMAC-SHA256 of the body (plus legacy sha1)'
stripe\t'Stripe: Stripe-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 300 s tolerance'
standard-webhooks\t'Standard Webhooks: webhook-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
svix\t'Svix: svix-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
slack\t'Slack: X-Slack-Signature v0= hex HMAC-SHA256 of v0:{ts}:{body}, ±300 s'
shopify\t'Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the body, plus topic/shop/version/id'
twilio\t'Twilio: X-Twilio-Signature = base64 HMAC-SHA1 of URL + sorted params (bodySHA256 for JSON); needs --url'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=… = hex HMAC-SHA256 of {ts}:{body}, ±5 s'
square\t'Square: x-square-hmacsha256-signature = base64 HMAC-SHA256 of {url}{body}; needs --url'
discord\t'Discord: X-Signature-Ed25519 = hex Ed25519 signature of {ts}{body}; verify with the public key'
zoom\t'Zoom: x-zm-signature v0= hex HMAC-SHA256 of v0:{ts}:{body}'
mailgun\t'Mailgun: body field signature = hex HMAC-SHA256 of {timestamp}{token}, ±900 s'
linear\t'Linear: Linear-Signature = hex HMAC-SHA256 of the body; body webhookTimestamp ±60 s'
intercom\t'Intercom: X-Hub-Signature sha1= hex HMAC-SHA1 of the body'
typeform\t'Typeform: Typeform-Signature sha256= base64 HMAC-SHA256 of the body'
hubspot\t'HubSpot: X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of {method}{uri}{body}{ts ms}; needs --url'
gitlab\t'GitLab: X-Gitlab-Token carries the secret token itself, compared in constant time'
sendgrid\t'SendGrid: X-Twilio-Email-Event-Webhook-Signature = base64 ECDSA P-256 of {ts}{body}; public key'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256= hex HMAC-SHA256 of {id}{ts}{body}'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 180 s'
convoy\t'Convoy: X-Convoy-Signature t=…,v1=… over {t},{body} (advanced) or bare HMAC (simple)'"
complete -c whk -n "__fish_whk_using_subcommand doctor" -l secret -d 'Secret value, or - to read it from stdin [argv is visible to other users]' -r
complete -c whk -n "__fish_whk_using_subcommand doctor" -l secret-env -d 'Read the secret from this environment variable; PROVIDER=VAR for that provider only' -r
complete -c whk -n "__fish_whk_using_subcommand doctor" -l secret-file -d 'Read the secret from a file; one trailing newline is stripped' -r -F
complete -c whk -n "__fish_whk_using_subcommand doctor" -s e -l event -d 'The catalogue event the deliveries carry [default: the provider\'s first]' -r
complete -c whk -n "__fish_whk_using_subcommand doctor" -l timeout -d 'How long each delivery waits for its answer' -r
complete -c whk -n "__fish_whk_using_subcommand doctor" -s j -l concurrency -d 'Deliveries in flight at once after the baseline (1: a fragile receiver is not load-tested)' -r
complete -c whk -n "__fish_whk_using_subcommand doctor" -l report-junit -d 'Write a JUnit XML report (one testcase per variant)' -r -F
complete -c whk -n "__fish_whk_using_subcommand doctor" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand doctor" -l prefix -d 'Text before the signature [default: ALGORITHM=, e.g. sha256=; \'\' for none]' -r
complete -c whk -n "__fish_whk_using_subcommand doctor" -l algorithm -d 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand doctor" -l encoding -d 'Signature encoding (also pyannote\'s: hex by default)' -r -f -a "hex\t''
base64\t''
base64-hex\t'Base64 of the hex text (Novofon\'s way)'"
complete -c whk -n "__fish_whk_using_subcommand doctor" -l signed -d 'What is signed: {body}, or e.g. \'{ts}.{body}\' with {ts} and {id} from their headers [default: {body}; convoy: \'{body}\' is simple mode]' -r
complete -c whk -n "__fish_whk_using_subcommand doctor" -l timestamp-header -d 'Header that carries {ts}' -r
complete -c whk -n "__fish_whk_using_subcommand doctor" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand doctor" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand doctor" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand doctor" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand relay" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand relay" -l to -d 'Where to send them (no scheme means http://; :3000 means localhost)' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -s p -l provider -d 'Scheme to re-sign with [default: each capture\'s provider]' -r -f -a "pyannote\t'pyannote.ai: X-Signature = HMAC-SHA256 of v0:{ts}:{body}, hex or base64'
novofon\t'Novofon calls: Signature = base64 of hex HMAC-SHA1 of event fields; unsigned if absent'
medilab\t'MediLab clinic system: X-Webhook-Signature sha256= hex HMAC-SHA256 of the body, if a secret is set'
pulse\t'smallest.ai Pulse STT: unsigned; optional generic HMAC layer when a secret is given'
bakai\t'BakaiMarket: X-Webhook-Signature sha256= hex HMAC-SHA256 of the raw body'
hmac\t'Generic HMAC: header, prefix, sha1/sha256/sha512, hex/base64 and signed template set by flags'
github\t'GitHub: X-Hub-Signature-256 = sha256=hex HMAC-SHA256 of the body (plus legacy sha1)'
stripe\t'Stripe: Stripe-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 300 s tolerance'
standard-webhooks\t'Standard Webhooks: webhook-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
svix\t'Svix: svix-signature v1,base64 HMAC-SHA256 of {id}.{ts}.{body}, whsec_ key, ±300 s'
slack\t'Slack: X-Slack-Signature v0= hex HMAC-SHA256 of v0:{ts}:{body}, ±300 s'
shopify\t'Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the body, plus topic/shop/version/id'
twilio\t'Twilio: X-Twilio-Signature = base64 HMAC-SHA1 of URL + sorted params (bodySHA256 for JSON); needs --url'
paddle\t'Paddle Billing: Paddle-Signature ts=…;h1=… = hex HMAC-SHA256 of {ts}:{body}, ±5 s'
square\t'Square: x-square-hmacsha256-signature = base64 HMAC-SHA256 of {url}{body}; needs --url'
discord\t'Discord: X-Signature-Ed25519 = hex Ed25519 signature of {ts}{body}; verify with the public key'
zoom\t'Zoom: x-zm-signature v0= hex HMAC-SHA256 of v0:{ts}:{body}'
mailgun\t'Mailgun: body field signature = hex HMAC-SHA256 of {timestamp}{token}, ±900 s'
linear\t'Linear: Linear-Signature = hex HMAC-SHA256 of the body; body webhookTimestamp ±60 s'
intercom\t'Intercom: X-Hub-Signature sha1= hex HMAC-SHA1 of the body'
typeform\t'Typeform: Typeform-Signature sha256= base64 HMAC-SHA256 of the body'
hubspot\t'HubSpot: X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of {method}{uri}{body}{ts ms}; needs --url'
gitlab\t'GitLab: X-Gitlab-Token carries the secret token itself, compared in constant time'
sendgrid\t'SendGrid: X-Twilio-Email-Event-Webhook-Signature = base64 ECDSA P-256 of {ts}{body}; public key'
twitch\t'Twitch EventSub: Twitch-Eventsub-Message-Signature sha256= hex HMAC-SHA256 of {id}{ts}{body}'
calendly\t'Calendly: Calendly-Webhook-Signature t=…,v1=… = hex HMAC-SHA256 of {t}.{body}, 180 s'
convoy\t'Convoy: X-Convoy-Signature t=…,v1=… over {t},{body} (advanced) or bare HMAC (simple)'"
complete -c whk -n "__fish_whk_using_subcommand relay" -l secret -d 'Secret value, or - to read it from stdin [argv is visible to other users]' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l secret-env -d 'Read the secret from this environment variable; PROVIDER=VAR for that provider only' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l secret-file -d 'Read the secret from a file; one trailing newline is stripped' -r -F
complete -c whk -n "__fish_whk_using_subcommand relay" -s H -l header -d 'An extra header, \'Name: value\' (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l drop-header -d 'Leave this captured header out (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l set -d 'Edit JSON bodies before signing: PATH=VALUE (repeat)' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l retries -d 'Retries after the first attempt, on connect errors, timeouts, 5xx and 429 [default: 0]' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l backoff -d 'How waits grow between retries' -r -f -a "exponential\t''
fixed\t''"
complete -c whk -n "__fish_whk_using_subcommand relay" -l retry-initial -d 'The first wait' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l retry-max -d 'The longest wait' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l expect -d 'Status that counts as success (unmet for any capture: exit 1)' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l timeout -d 'Per-attempt timeout' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l prefix -d 'Text before the signature [default: ALGORITHM=, e.g. sha256=; \'\' for none]' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l algorithm -d 'HMAC hash [default: sha256; twilio: sha1, or sha256 for its shared-key mode]' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand relay" -l encoding -d 'Signature encoding (also pyannote\'s: hex by default)' -r -f -a "hex\t''
base64\t''
base64-hex\t'Base64 of the hex text (Novofon\'s way)'"
complete -c whk -n "__fish_whk_using_subcommand relay" -l signed -d 'What is signed: {body}, or e.g. \'{ts}.{body}\' with {ts} and {id} from their headers [default: {body}; convoy: \'{body}\' is simple mode]' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l timestamp-header -d 'Header that carries {ts}' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l durable -d 'The consumer\'s durable name: it resumes where it stopped [default: whk-relay-$USER]' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l since -d 'A new consumer starts this far back, e.g. 2h [default: the stream\'s start]' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l from-seq -d 'A new consumer starts at this stream sequence' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -s e -l event -d 'Only captures of this event (the provider filter is -p)' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -s j -l concurrency -d 'Deliveries in flight at once (1 keeps the stream\'s order)' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l count -d 'Stop after this many deliveries met --expect (CI)' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l stream -d 'The JetStream stream [default: WHK_ and the subject]' -r
complete -c whk -n "__fish_whk_using_subcommand relay" -l nats-creds -d 'NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)' -r -F
complete -c whk -n "__fish_whk_using_subcommand relay" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand relay" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand relay" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand relay" -l keep-path -d 'Append each capture\'s path and query to --to'
complete -c whk -n "__fish_whk_using_subcommand relay" -l resign -d 'Re-sign with a fresh timestamp and id (needs a secret) [default: when the scheme signs one]'
complete -c whk -n "__fish_whk_using_subcommand relay" -l no-resign -d 'Send the captured bytes and headers exactly'
complete -c whk -n "__fish_whk_using_subcommand relay" -l jitter -d 'Full jitter: wait a random part of each delay'
complete -c whk -n "__fish_whk_using_subcommand relay" -l new -d 'A new consumer takes only what arrives from now on'
complete -c whk -n "__fish_whk_using_subcommand relay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand relay" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand export" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand export" -s f -l format -d 'The format to write' -r -f -a "curl\t'One runnable curl command per capture, the body\'s bytes exact'
har\t'HAR 1.2 (browsers\' and proxies\' HTTP Archive)'
http\t'A JetBrains / VS Code REST Client .http file'
hurl\t'A hurl file asserting each captured status'
postman\t'A Postman collection v2.1'"
complete -c whk -n "__fish_whk_using_subcommand export" -s o -l output -d 'Write here (whole or not at all) instead of stdout' -r -F
complete -c whk -n "__fish_whk_using_subcommand export" -l to -d 'Scheme, host and any path prefix the requests go to [default: each capture\'s Host]' -r
complete -c whk -n "__fish_whk_using_subcommand export" -l secret -d 'Secret value, or - to read it from stdin [argv is visible to other users]' -r
complete -c whk -n "__fish_whk_using_subcommand export" -l secret-env -d 'Read the secret from this environment variable; PROVIDER=VAR for that provider only' -r
complete -c whk -n "__fish_whk_using_subcommand export" -l secret-file -d 'Read the secret from a file; one trailing newline is stripped' -r -F
complete -c whk -n "__fish_whk_using_subcommand export" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand export" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand export" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand export" -l include-secrets -d 'Keep headers that carry credentials (Authorization, Cookie, GitLab\'s token) as captured'
complete -c whk -n "__fish_whk_using_subcommand export" -l resign -d 'Sign each capture afresh (new timestamp and id) with the given secret, as replay does'
complete -c whk -n "__fish_whk_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand export" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand import" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand import" -l since -d 'From a stream: only captures this recent, e.g. 2h [default: all]' -r
complete -c whk -n "__fish_whk_using_subcommand import" -l stream -d 'From a stream: its JetStream name [default: WHK_ and the subject]' -r
complete -c whk -n "__fish_whk_using_subcommand import" -l nats-creds -d 'NATS credentials file (else NATS_TOKEN, or NATS_USER and NATS_PASSWORD)' -r -F
complete -c whk -n "__fish_whk_using_subcommand import" -l save-dir -d 'Where the captures go, numbered on from the highest there' -r -F
complete -c whk -n "__fish_whk_using_subcommand import" -l format -d 'The files\' format; auto tells it from each file\'s name and content' -r -f -a "auto\t''
har\t''
curl\t''
http\t''
webhook-site\t''
stripe-cli\t''
postman\t''"
complete -c whk -n "__fish_whk_using_subcommand import" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand import" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand import" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand import" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand import" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand capture; and not __fish_seen_subcommand_from show help" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand capture; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand capture; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand capture; and not __fish_seen_subcommand_from show help" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand capture; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand capture; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand capture; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print one capture for a person: request, headers, body, verdict, response'
complete -c whk -n "__fish_whk_using_subcommand capture; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand capture; and __fish_seen_subcommand_from show" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand capture; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand capture; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand capture; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand capture; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand capture; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand capture; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print one capture for a person: request, headers, body, verdict, response'
complete -c whk -n "__fish_whk_using_subcommand capture; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand demo" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand demo" -l keep -d 'Keep the captures in this directory (otherwise a temporary one, removed at the end)' -r -F
complete -c whk -n "__fish_whk_using_subcommand demo" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand demo" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand demo" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand demo" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand demo" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand events" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand events" -l spec -d 'List the webhooks of this OpenAPI 3.1 spec (YAML or JSON) instead of the catalogue' -r -F
complete -c whk -n "__fish_whk_using_subcommand events" -s e -l event -d 'With --spec: print this webhook\'s body, as `whk send --spec FILE -e NAME` would send it' -r
complete -c whk -n "__fish_whk_using_subcommand events" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand events" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand events" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand events" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand events" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand providers" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand providers" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand providers" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand providers" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand providers" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand providers" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand secret; and not __fish_seen_subcommand_from new help" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand secret; and not __fish_seen_subcommand_from new help" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand secret; and not __fish_seen_subcommand_from new help" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand secret; and not __fish_seen_subcommand_from new help" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand secret; and not __fish_seen_subcommand_from new help" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand secret; and not __fish_seen_subcommand_from new help" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand secret; and not __fish_seen_subcommand_from new help" -f -a "new" -d 'Generate a fresh secret (or key pair) from the OS random source'
complete -c whk -n "__fish_whk_using_subcommand secret; and not __fish_seen_subcommand_from new help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand secret; and __fish_seen_subcommand_from new" -s o -l out -d 'Write the secret to this file (mode 0600) instead of printing it; a key pair\'s public half goes to FILE.pub' -r -F
complete -c whk -n "__fish_whk_using_subcommand secret; and __fish_seen_subcommand_from new" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand secret; and __fish_seen_subcommand_from new" -l force -d 'Replace an existing --out file'
complete -c whk -n "__fish_whk_using_subcommand secret; and __fish_seen_subcommand_from new" -l asymmetric -d 'Standard Webhooks / Svix: an Ed25519 pair (whsk_/whpk_) for v1a instead of a whsec_ secret'
complete -c whk -n "__fish_whk_using_subcommand secret; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand secret; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand secret; and __fish_seen_subcommand_from new" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand secret; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand secret; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "new" -d 'Generate a fresh secret (or key pair) from the OS random source'
complete -c whk -n "__fish_whk_using_subcommand secret; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand completions" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand completions" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand completions" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand completions" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand completions" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand man" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand man" -s q -l quiet -d 'Print only what a script needs (no warnings, no verdict line)'
complete -c whk -n "__fish_whk_using_subcommand man" -s v -l verbose -d 'Explain each step on stderr'
complete -c whk -n "__fish_whk_using_subcommand man" -l json -d 'Print machine-readable JSON on stdout'
complete -c whk -n "__fish_whk_using_subcommand man" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand man" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "sign" -d 'Sign a payload in a provider\'s scheme and print the headers (or curl, HTTP, JSON)'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "verify" -d 'Check a request\'s signature and explain why it fails'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "send" -d 'Send a signed test event, retrying the way the real sender does'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "listen" -d 'Receive webhooks locally: verify, print, save, forward and answer as scripted'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "replay" -d 'Replay saved captures against an endpoint: re-signed, concurrent, retried, reported'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "doctor" -d 'Examine a running receiver: forgeries it must reject, variants it must accept'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "relay" -d 'Forward captures from a NATS JetStream stream to a local app, live and from history'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "export" -d 'Write captures out as curl commands, HAR, a .http file, hurl or a Postman collection'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "import" -d 'Turn HAR, curl, .http, Postman, webhook.site or Stripe CLI requests into captures'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "capture" -d 'Look at one capture'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "demo" -d 'Show the whole loop offline: listen, send one event per provider, replay the captures'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "events" -d 'List the built-in events, per provider'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "providers" -d 'List every provider scheme whk knows'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "secret" -d 'Make a secret or key pair in a provider\'s format'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "man" -d 'Print the man page of whk or of one of its verbs'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from sign verify send listen replay doctor relay export import capture demo events providers secret completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from capture" -f -a "show" -d 'Print one capture for a person: request, headers, body, verdict, response'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from secret" -f -a "new" -d 'Generate a fresh secret (or key pair) from the OS random source'
