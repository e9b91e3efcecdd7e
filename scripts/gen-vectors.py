"""Writes fixtures/vectors/<provider>.json for whk's vector sweep.

Signatures come from each provider's official SDK where one exists (stripe, standardwebhooks,
svix, slack_sdk on PyPI; @octokit/webhooks-methods, @shopify/shopify-api on npm). Providers with
no SDK (pyannote, medilab, bakai, novofon, the generic scheme) are computed here with Python's
hmac exactly as their documentation (../shared/providers.md) describes, and labelled so.
Published vectors from the providers' docs and SDK test suites are copied in verbatim.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import subprocess
import sys
import urllib.parse

import nacl.signing
import slack_sdk.signature
import twilio.request_validator
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hubspot.utils.signature import Signature as HubSpotSignature
from mailgun.security import SecurityGuard
from paddle_billing.Notifications.PaddleSignature import PaddleSignature
from paddle_billing.Notifications.Secret import Secret as PaddleSecret
from paddle_billing.Notifications.Verifier import Verifier as PaddleVerifier
from sendgrid.helpers.eventwebhook import EventWebhook
from square.utils.webhooks_helper import verify_signature as square_verify
import standardwebhooks
import stripe
import svix.webhooks

TS = 1700000000
HERE = os.path.dirname(os.path.abspath(__file__))
REPEAT = {"text": "0123456789abcdef", "times": 65536}  # 1 MiB

BODIES = {
    "empty": "",
    "unicode-json": '{"id":"evt_1","name":"Привет, мир 👋","note":"emoji 🎉 and \\u00e9scapes"}',
    "trailing-newline": '{"id":"evt_2","object":"event"}\n',
    "form": "payload=%7B%22action%22%3A%22opened%22%7D&name=J%C3%B6rg+M%C3%BCller&n=1",
    "1mib": REPEAT,
}


def text(body):
    return body if isinstance(body, str) else body["text"] * body["times"]


def body_field(body):
    return {"body": body} if isinstance(body, str) else {"body_repeat": body}


def mac(alg, key, msg):
    return hmac.new(key.encode() if isinstance(key, str) else key, msg.encode() if isinstance(msg, str) else msg, alg).digest()


def node(jobs):
    out = subprocess.run(["node", os.path.join(HERE, "sdk-vectors.mjs")], input=json.dumps(jobs), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def vector(name, source, secrets, body, headers, expect="valid", sign=True, **extra):
    v = {"name": name, "source": source, "secrets": secrets, **body_field(body), "headers": headers, "expect": expect, "sign": sign}
    v.update(extra)
    return v


def github():
    secret = "It's a Secret to Everybody"
    bodies = {k: v for k, v in BODIES.items() if k != "empty"}  # octokit rejects an empty payload
    signed = node([{"kind": "octokit-sign", "secret": secret, "body": text(b)} for b in bodies.values()])
    out = [vector("docs: Hello, World!", "GitHub docs, validating-webhook-deliveries", [secret], "Hello, World!",
                  [["X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"]])]
    for (kind, body), result in zip(bodies.items(), signed):
        out.append(vector(f"sdk: {kind}", "@octokit/webhooks-methods@6.0.0 sign()", [secret], body, [["X-Hub-Signature-256", result["signature"]]]))
    checks = node([{"kind": "octokit-verify", "secret": secret, "body": text(v["body"] if "body" in v else v["body_repeat"]), "signature": v["headers"][0][1]} for v in out])
    assert all(c["valid"] for c in checks), checks
    out.append(vector("legacy sha1 only", "octokit verifies sha256 only", [secret], "Hello, World!",
                      [["X-Hub-Signature", "sha1=" + mac(hashlib.sha1, secret, "Hello, World!").hex()]], expect="missing_header", sign=False))
    return {"signature_header": "X-Hub-Signature-256", "tolerance": None, "missing": "missing_header", "vectors": out}


def stripe_vectors():
    secret = "whsec_test_secret"
    out = [vector("providers.md self-computed", "self-computed (providers.md §4)", [secret], '{"id":"evt_test_webhook","object":"event"}',
                  [["Stripe-Signature", "t=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990"]], timestamp=TS, now=TS)]
    for kind, body in BODIES.items():
        if kind == "empty":
            continue  # stripe-node rejects an empty payload; the SDKs disagree
        payload = text(body)
        header = f"t={TS},v1=" + stripe.WebhookSignature._compute_signature(f"{TS}.{payload}", secret)
        stripe.WebhookSignature.verify_header(payload, header, secret, tolerance=None)
        out.append(vector(f"sdk: {kind}", "stripe==16.1.0 WebhookSignature._compute_signature + verify_header", [secret], body,
                          [["Stripe-Signature", header]], timestamp=TS, now=TS))
    old, new = "whsec_old_secret", "whsec_new_secret"
    body = '{"id":"evt_rotate"}'
    header = f"t={TS},v1=" + stripe.WebhookSignature._compute_signature(f"{TS}.{body}", new) + ",v1=" + stripe.WebhookSignature._compute_signature(f"{TS}.{body}", old)
    stripe.WebhookSignature.verify_header(body, header, old, tolerance=None)
    out.append(vector("sdk: rotation, two v1 and two secrets", "stripe==16.1.0", [new, old], body, [["Stripe-Signature", header]], timestamp=TS, now=TS))
    out.append(vector("v0 only", "stripe SDKs read only v1", [secret], body, [["Stripe-Signature", f"t={TS},v0=abc"]], expect="malformed_header", sign=False, now=TS))
    out.append(vector("future timestamp passes", "stripe SDKs check only the past", [secret], '{"id":"evt_test_webhook","object":"event"}',
                      [["Stripe-Signature", "t=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990"]], sign=False, now=TS - 3600))
    return {"signature_header": "Stripe-Signature", "tolerance": {"past": 300, "future": None}, "missing": "missing_header", "vectors": out}


def standard(lib, names, source, provider):
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    mid = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    out = [vector("published: lib test_sign_function / svix docs", "standard-webhooks library tests; Svix docs", [secret], '{"test": 2432232314}',
                  [[names[0], mid], [names[1], "1614265330"], [names[2], "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="]], id=mid, timestamp=1614265330, now=1614265330)]
    for kind, body in BODIES.items():
        payload = text(body)
        wh = lib(secret)
        sig = wh.sign(mid, datetime.datetime.fromtimestamp(TS, tz=datetime.timezone.utc), payload)
        headers = [[names[0], mid], [names[1], str(TS)], [names[2], sig]]
        out.append(vector(f"sdk: {kind}", source, [secret], body, headers, id=mid, timestamp=TS, now=TS))
    second = "whsec_" + base64.b64encode(b"a-rotated-key-of-32-bytes-long!!").decode()
    wh1, wh2 = lib(secret), lib(second)
    dt = datetime.datetime.fromtimestamp(TS, tz=datetime.timezone.utc)
    body = '{"rotated":true}'
    sig = f"v2,ignored {wh2.sign(mid, dt, body)} {wh1.sign(mid, dt, body)}"
    out.append(vector("sdk: rotation list with an unknown version", source, [second, secret], body,
                      [[names[0], mid], [names[1], str(TS)], [names[2], sig]], id=mid, timestamp=TS, now=TS, sign=False))
    return {"signature_header": names[2], "tolerance": {"past": 300, "future": 300}, "missing": "missing_header", "vectors": out}


def slack():
    secret = "8f742231b10e8888abcd99yyyzzz85a5"
    docs_body = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
                 "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
                 "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
    out = [vector("published: Slack docs", "Slack docs / slack_sdk test_signature_verifier.py", [secret], docs_body,
                  [["X-Slack-Request-Timestamp", "1531420618"], ["X-Slack-Signature", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"]],
                  timestamp=1531420618, now=1531420618)]
    verifier = slack_sdk.signature.SignatureVerifier(secret, clock=type("C", (), {"now": lambda self: float(TS)})())
    for kind, body in BODIES.items():
        payload = text(body)
        sig = verifier.generate_signature(timestamp=str(TS), body=payload)
        assert verifier.is_valid(body=payload, timestamp=str(TS), signature=sig)
        out.append(vector(f"sdk: {kind}", "slack-sdk==3.47.0 SignatureVerifier.generate_signature", [secret], body,
                          [["X-Slack-Request-Timestamp", str(TS)], ["X-Slack-Signature", sig]], timestamp=TS, now=TS))
    return {"signature_header": "X-Slack-Signature", "tolerance": {"past": 300, "future": 300}, "missing": "missing_header", "vectors": out}


def shopify():
    secret = "shpss_0123456789abcdef0123456789abcdef"
    mid = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"
    extra = [["X-Shopify-Topic", "orders/create"], ["X-Shopify-Shop-Domain", "example.myshopify.com"], ["X-Shopify-API-Version", "2025-10"], ["X-Shopify-Webhook-Id", mid]]
    out, jobs = [], []
    for kind, body in BODIES.items():
        payload = text(body)
        sig = base64.b64encode(mac(hashlib.sha256, secret, payload)).decode()
        headers = [extra[0], ["X-Shopify-Hmac-Sha256", sig]] + extra[1:]
        jobs.append({"kind": "shopify-validate", "secret": secret, "body": payload, "headers": headers})
        out.append(vector(f"sdk-checked: {kind}", "HMAC computed here, accepted by @shopify/shopify-api@15.0.0 webhooks.validate()", [secret], body, headers,
                          id=mid, event="orders/create", timestamp=TS, now=TS))
    events = [["shopify-topic", "orders/create"], ["shopify-hmac-sha256", base64.b64encode(mac(hashlib.sha256, secret, '{"e":1}')).decode()],
              ["shopify-shop-domain", "example.myshopify.com"], ["shopify-api-version", "2025-10"], ["shopify-webhook-id", mid]]
    jobs.append({"kind": "shopify-validate", "secret": secret, "body": '{"e":1}', "headers": events})
    out.append(vector("sdk-checked: events header family", "@shopify/shopify-api@15.0.0", [secret], '{"e":1}', events, sign=False, signature_header="shopify-hmac-sha256"))
    results = node(jobs)
    for v, r in zip(out, results):
        if v["name"].endswith("empty"):
            assert not r["valid"] and r["reason"] == "missing_body", r
            v["expect"], v["sign"] = "rejected", True
        else:
            assert r["valid"], (v["name"], r)
    missing = [["X-Shopify-Hmac-Sha256", base64.b64encode(mac(hashlib.sha256, secret, "{}")).decode()]]
    r = node([{"kind": "shopify-validate", "secret": secret, "body": "{}", "headers": missing}])[0]
    assert not r["valid"] and r["reason"] == "missing_headers", r
    out.append(vector("sdk-checked: hmac without the required headers", "@shopify/shopify-api@15.0.0 (missing_headers)", [secret], "{}", missing, expect="missing_header", sign=False))
    return {"signature_header": "X-Shopify-Hmac-Sha256", "tolerance": None, "missing": "missing_header", "vectors": out}


def v0(secret, ts, payload):
    return mac(hashlib.sha256, secret, f"v0:{ts}:{payload}")


def pyannote():
    secret = "whs_95db6ebca6fc447cafbc90594601555e"
    src = "self-computed (no official verifier; providers.md §1a)"
    sample = '{"jobId": "test", "status": "succeeded", "output": {}}'
    out = [
        vector("providers.md hex", src, [secret], sample, [["X-Request-Timestamp", "1640995200"], ["X-Signature", "556066cbac939ef2f2a0b4e556ad2a4dc67ad39f627943d95178cc46174610ce"]], timestamp=1640995200, now=1640995200),
        vector("providers.md base64", src, [secret], sample, [["X-Request-Timestamp", "1640995200"], ["X-Signature", "VWBmy6yTnvLyoLTlVq0qTcZ6059ieUPZUXjMRhdGEM4="]],
               timestamp=1640995200, now=1640995200, options={"encoding": "base64"}),
    ]
    for kind, body in BODIES.items():
        out.append(vector(f"{kind}", src, [secret], body, [["X-Request-Timestamp", str(TS)], ["X-Signature", v0(secret, TS, text(body)).hex()]], timestamp=TS, now=TS))
    return {"signature_header": "X-Signature", "tolerance": {"past": 300, "future": 300}, "missing": "missing_header", "vectors": out}


def body_hmac(header, secret, src, prefix="sha256=", alg=hashlib.sha256, encode=lambda d: d.hex(), bodies=BODIES, **extra):
    return [vector(kind, src, [secret], body, [[header, prefix + encode(mac(alg, secret, text(body)))]], **extra) for kind, body in bodies.items()]


def medilab():
    secret = "webhook-secret-key"
    src = "self-computed (seed 002 is the only source)"
    envelope = '{"event_type":"patient.created","event_data":{"patient_id":123},"webhook_id":"550e8400-e29b-41d4-a716-446655440000","timestamp":"2024-01-15T10:30:05Z","attempt":1}'
    common = [["X-Webhook-Event", "patient.created"], ["X-Webhook-ID", "550e8400-e29b-41d4-a716-446655440000"], ["X-Webhook-Attempt", "1"]]
    out = [vector("providers.md envelope", src, [secret], envelope, common + [["X-Webhook-Signature", "sha256=50a52f77a0e3c7b6b7d671fa320ba87db9b8e02f855438685f6faf05c280fa96"]])]
    ru = '{"event_type":"payment.completed","event_data":{"payment_id":7,"patient":"Иван Иванов","amount":1500.0},"webhook_id":"7d0f5c1e-2a8b-4c2e-9d51-3f6c0b8e9a10","timestamp":"2024-01-15T10:31:00Z","attempt":2}'
    out.append(vector("envelope, Cyrillic, retry attempt 2", src, [secret], ru,
                      [["X-Webhook-Event", "payment.completed"], ["X-Webhook-ID", "7d0f5c1e-2a8b-4c2e-9d51-3f6c0b8e9a10"], ["X-Webhook-Attempt", "2"],
                       ["X-Webhook-Signature", "sha256=" + mac(hashlib.sha256, secret, ru).hex()]]))
    out += body_hmac("X-Webhook-Signature", secret, src, event="patient.created")
    out.append(vector("no secret configured: unsigned", src, [], envelope, common, expect="unsigned"))
    return {"signature_header": "X-Webhook-Signature", "tolerance": None, "missing": "unsigned", "vectors": out}


def bakai():
    secret = "your_webhook_secret"
    src = "self-computed (seed 004 is the only source)"
    sample = '{"event_type":"product.created","event_id":"test_001","timestamp":"2025-11-12T10:00:00Z","data":{"product_id":"12345","title":"Test","image_key":"12345/test.jpg"}}'
    out = [vector("providers.md seed curl example", src, [secret], sample, [["X-Webhook-Signature", "sha256=35dfe42f6854ea247acc75d18aaf84987b148b9cc2afece62000b3b0201d6e0d"]])]
    hex_secret = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
    dumped = json.dumps({"event_type": "product.updated", "event_id": "evt_9", "data": {"product_id": "1", "title": "Чайник", "price": 15000.0}})
    out.append(vector("seed sender: json.dumps separators, openssl rand -hex 32 secret as text", src, [hex_secret], dumped,
                      [["X-Webhook-Signature", "sha256=" + mac(hashlib.sha256, hex_secret, dumped).hex()]]))
    out += body_hmac("X-Webhook-Signature", secret, src)
    return {"signature_header": "X-Webhook-Signature", "tolerance": None, "missing": "missing_header", "vectors": out}


def generic():
    secret = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
    src = "self-computed (generic HMAC)"
    out = body_hmac("X-Webhook-Signature", secret, src)
    body = '{"id":"evt_1","total":42}'
    out.append(vector("sha512 base64, custom header, no prefix", src, [secret], body,
                      [["X-Signature", base64.b64encode(mac(hashlib.sha512, secret, body)).decode()]],
                      options={"signature_header": "X-Signature", "prefix": "", "algorithm": "sha512", "encoding": "base64"}, signature_header="X-Signature"))
    out.append(vector("sha1 hex (Intercom-like)", src, [secret], body, [["X-Hub-Signature", "sha1=" + mac(hashlib.sha1, secret, body).hex()]],
                      options={"signature_header": "X-Hub-Signature", "algorithm": "sha1"}, signature_header="X-Hub-Signature"))
    out.append(vector("{ts}.{body} with a timestamp header", src, [secret], body,
                      [["X-Webhook-Timestamp", str(TS)], ["X-Webhook-Signature", "sha256=" + mac(hashlib.sha256, secret, f"{TS}.{body}").hex()]],
                      options={"signed": "{ts}.{body}"}, timestamp=TS, now=TS))
    convoy = '{"event":"charge.success","amount":1000,"currency":"NGN"}'
    convoy_src = "published: frain-dev/convoy pkg/signature/testdata/signature-vectors.json (simple mode)"
    for encoding, value in [("hex", "244449b7f48cbc2709060c9dcdc2b3aa47a78f540430579015c579fb12defbb4"), ("base64", "JERJt/SMvCcJBgydzcKzqkenj1QEMFeQFcV5+xLe+7Q=")]:
        assert value == (mac(hashlib.sha256, "convoy-webhook-secret", convoy).hex() if encoding == "hex" else base64.b64encode(mac(hashlib.sha256, "convoy-webhook-secret", convoy)).decode())
        out.append(vector(f"Convoy simple mode, SHA256 {encoding}", convoy_src, ["convoy-webhook-secret"], convoy, [["X-Convoy-Signature", value]],
                          options={"signature_header": "X-Convoy-Signature", "prefix": "", "encoding": encoding}, signature_header="X-Convoy-Signature"))
    return {"signature_header": "X-Webhook-Signature", "tolerance": None, "missing": "missing_header", "vectors": out}


def pulse():
    secret = "pulse-layer-secret"
    src = "Pulse sends no signature (seed 003); the layer is the generic scheme"
    body = '{"status":"success","transcription":"Hello world.","language":"en","case_id":"42","region":"us-east"}'
    out = [vector("no secret: unsigned", src, [], body, [], expect="unsigned")]
    out.append(vector("generic layer with a secret", src, [secret], body, [["X-Webhook-Signature", "sha256=" + mac(hashlib.sha256, secret, body).hex()]]))
    return {"signature_header": "X-Webhook-Signature", "tolerance": None, "missing": "missing_header", "vectors": out}


NOVOFON_EVENTS = {
    "NOTIFY_START": ({"call_start": "2024-01-15 10:30:00", "pbx_call_id": "in_1", "caller_id": "79001234567", "called_did": "79843330712"}, ["caller_id", "called_did", "call_start"]),
    "NOTIFY_INTERNAL": ({"call_start": "2024-01-15 10:30:01", "pbx_call_id": "in_1", "caller_id": "79001234567", "called_did": "79843330712", "internal": "100"}, ["caller_id", "called_did", "call_start"]),
    "NOTIFY_ANSWER": ({"caller_id": "79001234567", "destination": "100", "call_start": "2024-01-15 10:30:05", "pbx_call_id": "in_1", "internal": "100"}, ["caller_id", "destination", "call_start"]),
    "NOTIFY_END": ({"call_start": "2024-01-15 10:30:00", "pbx_call_id": "in_1", "caller_id": "79001234567", "called_did": "79843330712", "internal": "100", "duration": "63",
                    "disposition": "answered", "status_code": "16", "is_recorded": "1", "call_id_with_rec": "1705314600.123"}, ["caller_id", "called_did", "call_start"]),
    "NOTIFY_OUT_START": ({"call_start": "2024-01-15 11:00:00", "pbx_call_id": "out_2", "internal": "100", "destination": "+79843330712"}, ["internal", "destination", "call_start"]),
    "NOTIFY_OUT_END": ({"call_start": "2024-01-15 11:00:00", "pbx_call_id": "out_2", "internal": "100", "destination": "+79843330712", "duration": "0",
                        "disposition": "busy", "status_code": "17", "is_recorded": "0", "call_id_with_rec": ""}, ["internal", "destination", "call_start"]),
    "NOTIFY_RECORD": ({"call_id_with_rec": "1705314600.123", "pbx_call_id": "in_1"}, ["pbx_call_id", "call_id_with_rec"]),
    "NOTIFY_IVR": ({"call_start": "2024-01-15 10:30:00", "pbx_call_id": "in_1", "caller_id": "79001234567", "called_did": "79843330712"}, ["caller_id", "called_did", "call_start"]),
}


def novofon():
    secret = "test_secret"
    src = "self-computed as novofon/user-api-v1 PHP: base64(hash_hmac('sha1', S, secret)) (providers.md §1b)"
    sig = lambda s: base64.b64encode(hmac.new(secret.encode(), s.encode(), hashlib.sha1).hexdigest().encode()).decode()
    out = []
    for event, (fields, signed) in NOVOFON_EVENTS.items():
        # Signed fields last, so that appending a byte (the sweep's tamper) changes what is signed.
        ordered = [("event", event)] + [(k, v) for k, v in fields.items() if k not in signed] + [(k, fields[k]) for k in signed]
        body = urllib.parse.urlencode(ordered)
        s = "".join(fields[k] for k in signed)
        out.append(vector(event, src, [secret], body, [["Content-Type", "application/x-www-form-urlencoded"], ["Signature", sig(s)]]))
    out.insert(0, vector("providers.md NOTIFY_START", src, [secret],
                         "event=NOTIFY_START&call_start=2024-01-15+10%3A30%3A00&caller_id=79001234567&called_did=79843330712",
                         [["Signature", "M2MxMmFlZWQ5OGI2Yzg1ZmJiODE1NzYzNDQ1MGMxYjY0MGE2ZDY0NA=="]]))
    seed = "call_id=call_12345&caller=%2B79843330712&called=%2B74951234567&direction=in&duration=63&status=answered&record_url=https%3A%2F%2Fexample.com%2Frec.mp3"
    out.append(vector("seed user-templated notification: unsigned", "seed 001", [], seed, [], expect="unsigned", sign=False))
    return {"signature_header": "Signature", "tolerance": None, "missing": "unsigned", "vectors": out}


JSON_BODIES = {k: v for k, v in BODIES.items() if k not in ("form", "empty")}


def twilio_vectors():
    token = "12345"
    tv = twilio.request_validator.RequestValidator(token)
    src_pub = "published: twilio-python tests/unit/test_request_validator.py"
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    form = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212"
    sig = lambda s: [["X-Twilio-Signature", s]]
    out = [
        vector("published: form params", src_pub, [token], form, sig("RSOYDt4T1cUTdK1PDd93/VVr8B8="), url=url),
        vector("published: port stripped", src_pub, [token], form, sig("RSOYDt4T1cUTdK1PDd93/VVr8B8="), url="https://mycompany.com:1234/myapp.php?foo=1&bar=2", sign=False),
        vector("published: :443 added", src_pub, [token], form, sig("kvajT1Ptam85bY51eRf/AJRuM3w="), url=url, sign=False),
        vector("published: http with :80", src_pub, [token], form, sig("0ZXoZLH/DfblKGATFgpif+LLRf4="), url="http://mycompany.com/myapp.php?foo=1&bar=2", sign=False),
        vector("published: duplicate params", src_pub, [token], "Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234", sig("IK+Dwps556ElfBT0I3Rgjkr1wJU="), url=url),
        vector("published: JSON body with bodySHA256", src_pub, [token], '{"property": "value", "boolean": true}', sig("a9nBmqA0ju/hNViExpshrM61xv4="),
               url=url + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620", sign=False),
    ]
    out.append(vector("published: JSON body, signed by whk", src_pub, [token], '{"property": "value", "boolean": true}', sig("a9nBmqA0ju/hNViExpshrM61xv4="),
                      url=url, signed_url=url + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620", sign=True))
    forms = {"unicode form": "Body=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82+%F0%9F%91%8B&From=%2B79001234567&To=%2B15005550006", "form": BODIES["form"]}
    for kind, body in forms.items():
        params = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
        signature = tv.compute_signature(url, params)
        assert tv.validate(url, params, signature)
        out.append(vector(f"sdk: {kind}", "twilio==9.13.0 RequestValidator.compute_signature + validate", [token], body, sig(signature), url=url))
    shared = tv.compute_signature(url, {"CallSid": "CA1", "From": "+14158675309"}, algorithm="HMAC_SHA256")
    assert tv.validate(url, {"CallSid": "CA1", "From": "+14158675309"}, shared, algorithm="HMAC_SHA256")
    out.append(vector("sdk: shared-key mode, HMAC_SHA256", "twilio==9.13.0 compute_signature(algorithm=HMAC_SHA256)", [token], "CallSid=CA1&From=%2B14158675309",
                      [["X-Twilio-Signature", shared], ["X-Twilio-Webhooks-Signature-Settings", "key=KS123,algorithm=HMAC_SHA256"]], url=url, sign=False))
    for kind, body in JSON_BODIES.items():
        payload = text(body)
        full = url + "&bodySHA256=" + tv.compute_hash(payload)
        signature = tv.compute_signature(full, {})
        assert tv.validate(full, payload, signature)
        out.append(vector(f"sdk: JSON {kind}", "twilio==9.13.0 compute_hash + compute_signature + validate", [token], body, sig(signature), url=full, sign=False))
    # A JSON body that changed fails its bodySHA256 check before any signature is computed.
    return {"signature_header": "X-Twilio-Signature", "tolerance": None, "missing": "missing_header", "mismatch": "rejected", "vectors": out}


def paddle():
    secret = "pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I"
    out = [vector("published: python SDK test (dummy h1 beside the real one)", "paddle-python-sdk tests/Unit/Notification/test_Verifier.py",
                  ["pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_WvRO0eL4Bj9rgYYIBZY6wZhG4EHy9jzh"], "hello-world",
                  [["Paddle-Signature", "ts=1696195954;h1=dummy;h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02"]],
                  sign=False, timestamp=1696195954, now=1696195954)]

    class Req:
        def __init__(self, headers, body):
            self.headers, self.body = headers, body.encode()

    for kind, body in {k: v for k, v in BODIES.items() if k != "empty"}.items():
        payload = text(body)
        h1 = PaddleSignature.calculate_hmac(secret, f"{TS}:{payload}".encode()).hexdigest()
        header = f"ts={TS};h1={h1}"
        assert PaddleVerifier().verify(Req({"Paddle-Signature": header}, payload), PaddleSecret(secret), verify_time_drift=False)
        out.append(vector(f"sdk: {kind}", "paddle-python-sdk==1.16.1 PaddleSignature.calculate_hmac + Verifier.verify", [secret], body,
                          [["Paddle-Signature", header]], timestamp=TS, now=TS))
    old = "pdl_ntfset_old_secret_for_rotation"
    body = '{"event_type":"subscription.created"}'
    h_new = PaddleSignature.calculate_hmac(secret, f"{TS}:{body}".encode()).hexdigest()
    h_old = PaddleSignature.calculate_hmac(old, f"{TS}:{body}".encode()).hexdigest()
    header = f"ts={TS};h1={h_new};h1={h_old}"
    assert PaddleVerifier().verify(Req({"Paddle-Signature": header}, body), [PaddleSecret(old)], verify_time_drift=False)
    out.append(vector("sdk: rotation, two h1 and two secrets", "paddle-python-sdk==1.16.1", [secret, old], body, [["Paddle-Signature", header]], timestamp=TS, now=TS))
    out.append(vector("unknown key is malformed", "paddle-python-sdk PaddleSignature.parse raises", [secret], body,
                      [["Paddle-Signature", f"ts={TS};h2={h_new}"]], expect="malformed_header", sign=False, now=TS))
    return {"signature_header": "Paddle-Signature", "tolerance": {"past": 5, "future": 5}, "missing": "missing_header", "vectors": out}


def square_vectors():
    src_pub = "published: square SDK tests (webhooks.test.ts and the Python/Ruby/PHP/Java/Go equivalents)"
    pub_body = ('{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f",'
                '"created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}')
    h = "x-square-hmacsha256-signature"
    out = [
        vector("published: test notification", src_pub, ["Ibxx_5AKakO-3qeNVR61Dw"], pub_body, [[h, "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4="]],
               url="https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9"),
        vector("published: fake_id", src_pub, ["signature-key"], '{"data":{"type":"webhooks","id":"fake_id"}}', [[h, "W3FlCNk5IA3ZQ2LHTWoajvzfaDu/OwY2tNHIHC3IUOA="]], url="https://webhook.site/webhooks"),
        vector("published: escaped id", src_pub, ["signature-key"], '{"data":{"type":"webhooks","id":">id<"}}', [[h, "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U="]], url="https://webhook.site/webhooks"),
        vector("published: wrong URL", src_pub, ["Ibxx_5AKakO-3qeNVR61Dw"], pub_body, [[h, "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4="]],
               url="https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9", expect="digest", sign=False),
    ]
    key, url = "signature-key", "https://example.com/square/webhooks?env=test"
    for kind, body in {k: v for k, v in BODIES.items() if k != "empty"}.items():
        payload = text(body)
        signature = base64.b64encode(mac(hashlib.sha256, key, url + payload)).decode()
        assert square_verify(request_body=payload, signature_header=signature, signature_key=key, notification_url=url)
        out.append(vector(f"sdk-checked: {kind}", "HMAC computed here, accepted by squareup==46.0.0.20260916 verify_signature", [key], body, [[h, signature]], url=url))
    assert not square_verify(request_body="", signature_header="x", signature_key=key, notification_url=url)
    out.append(vector("sdk-checked: empty body rejected", "squareup verify_signature returns False", [key], "",
                      [[h, base64.b64encode(mac(hashlib.sha256, key, url)).decode()]], url=url, expect="rejected", sign=False))
    return {"signature_header": h, "tolerance": None, "missing": "missing_header", "vectors": out}


RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
OTHER_PUBLIC = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"  # RFC 8032 test 2


def discord():
    key = nacl.signing.SigningKey(bytes.fromhex(RFC8032_SEED))
    assert key.verify_key.encode().hex() == RFC8032_PUBLIC
    out, jobs = [], []
    for kind, body in {**BODIES, "ping": '{"type":1}'}.items():
        payload = text(body)
        signature = key.sign((str(TS) + payload).encode()).signature.hex()
        headers = [["X-Signature-Ed25519", signature], ["X-Signature-Timestamp", str(TS)]]
        jobs.append({"kind": "discord-verify", "public_key": RFC8032_PUBLIC, "body": payload, "signature": signature, "timestamp": str(TS)})
        out.append(vector(f"sdk: {kind}", "PyNaCl Ed25519 sign, accepted by discord-interactions@4.4.0 verifyKey", [RFC8032_PUBLIC], body, headers,
                          sign_secrets=[RFC8032_SEED], wrong_secret=OTHER_PUBLIC, timestamp=TS))
    assert all(r["valid"] for r in node(jobs))
    return {"signature_header": "X-Signature-Ed25519", "tolerance": None, "missing": "missing_header", "vectors": out}


def zoom():
    token = "test_secret_token"
    src = "self-computed (providers.md §13; Zoom's sample and SDK compute the same HMAC)"
    body = '{"event":"endpoint.url_validation","payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1700000000000}'
    out = [vector("providers.md url_validation", src, [token], body,
                  [["x-zm-request-timestamp", str(TS)], ["x-zm-signature", "v0=624bb900d59e61eb0cb05b832451bb506b039b7c230cc3f5f9192106b7299df3"]], timestamp=TS, now=TS)]
    for kind, b in BODIES.items():
        out.append(vector(kind, src, [token], b, [["x-zm-request-timestamp", str(TS)], ["x-zm-signature", "v0=" + v0(token, TS, text(b)).hex()]], timestamp=TS, now=TS))
    return {"signature_header": "x-zm-signature", "tolerance": None, "missing": "missing_header", "vectors": out}


def mailgun():
    key = "key-test"
    out = []
    for name, event in {"delivered": {"event": "delivered", "recipient": "alice@example.com"},
                        "unicode": {"event": "failed", "recipient": "иван@пример.рф", "reason": "Почтовый ящик переполнен 📭"}}.items():
        token = hashlib.sha256(name.encode()).hexdigest()[:50]
        msg_sig = hmac.new(key.encode(), f"{TS}{token}".encode(), hashlib.sha256).hexdigest()
        assert SecurityGuard.verify_webhook(signing_key=key, token=token, timestamp=str(TS), signature=msg_sig, max_age_seconds=0)
        body = json.dumps({"event-data": event, "signature": {"token": token, "timestamp": str(TS), "signature": msg_sig}}, ensure_ascii=False, separators=(",", ":"))
        out.append(vector(f"sdk-checked: {name}", "HMAC computed here, accepted by mailgun==1.10.0 SecurityGuard.verify_webhook", [key], body, [],
                          sign_body=json.dumps(event, ensure_ascii=False, separators=(",", ":")), id=token, timestamp=TS, now=TS, skip=["tamper"]))
    token = "b" * 50
    form_sig = hmac.new(key.encode(), f"{TS}{token}".encode(), hashlib.sha256).hexdigest()
    assert SecurityGuard.verify_webhook(signing_key=key, token=token, timestamp=str(TS), signature=form_sig, max_age_seconds=0)
    form = urllib.parse.urlencode({"recipient": "bob@example.com", "subject": "Привет", "timestamp": str(TS), "token": token, "signature": form_sig})
    out.append(vector("sdk-checked: route forward, form fields", "HMAC computed here, accepted by mailgun==1.10.0 SecurityGuard.verify_webhook", [key], form, [],
                      sign=False, timestamp=TS, now=TS, skip=["tamper"]))
    out.append(vector("providers.md self-computed", "self-computed (providers.md §14)", [key],
                      '{"signature":{"timestamp":"1700000000","token":"' + "a" * 50 + '","signature":"c831b43c5b16fe108131ca2a0ee82b53808fd53255a924f124c12c5aa8b5c2a3"},"event-data":{}}',
                      [], sign=False, timestamp=TS, now=TS, skip=["tamper"]))
    return {"signature_header": "signature", "tolerance": {"past": 900, "future": 900}, "missing": "missing_header", "vectors": out}


def linear():
    secret = "lin_wh_test"
    out, jobs = [], []
    bodies = {"issue": '{"action":"create","type":"Issue","data":{"id":"1","title":"Ошибка 🐛"},"webhookTimestamp":1700000000000}',
              "comment, trailing newline": '{"action":"update","type":"Comment","webhookTimestamp":1700000000123}\n',
              "providers.md": '{"action":"create","type":"Issue","webhookTimestamp":1700000000000}'}
    for kind, body in bodies.items():
        signature = mac(hashlib.sha256, secret, body).hex()
        jobs.append({"kind": "linear-verify", "secret": secret, "body": body, "signature": signature, "now_ms": TS * 1000})
        out.append(vector(f"sdk-checked: {kind}", "HMAC computed here, accepted by @linear/sdk@98.0.0 LinearWebhookClient.verify", [secret], body,
                          [["Linear-Signature", signature]], timestamp=TS, now=TS, skip=["tamper"]))
    no_ts = '{"action":"create","type":"Issue"}'
    jobs.append({"kind": "linear-verify", "secret": secret, "body": no_ts, "signature": mac(hashlib.sha256, secret, no_ts).hex(), "now_ms": TS * 1000})
    results = node(jobs)
    assert all(r["valid"] for r in results[:-1]), results
    assert results[-1]["error"] == "Missing webhook timestamp", results
    out.append(vector("sdk-checked: no webhookTimestamp", "@linear/sdk: Missing webhook timestamp", [secret], no_ts,
                      [["Linear-Signature", mac(hashlib.sha256, secret, no_ts).hex()]], expect="rejected"))
    return {"signature_header": "Linear-Signature", "tolerance": {"past": 60, "future": 60}, "missing": "missing_header", "vectors": out}


def intercom():
    secret = "client_secret_test"
    src = "self-computed (no official verifier; providers.md §16)"
    out = [vector("providers.md", src, [secret], '{"type":"notification_event"}', [["X-Hub-Signature", "sha1=66c99759afb442289161d7ee2fcc91b6e2886792"]])]
    out += body_hmac("X-Hub-Signature", secret, src, prefix="sha1=", alg=hashlib.sha1)
    return {"signature_header": "X-Hub-Signature", "tolerance": None, "missing": "missing_header", "vectors": out}


def typeform():
    secret = "abc123"
    src = "self-computed (no SDK; providers.md §16)"
    out = [vector("providers.md", src, [secret], '{"event_id":"01","event_type":"form_response"}', [["Typeform-Signature", "sha256=Mgx2tuqaRER0+NyBYHTDsOQnB7BUTbjh0dlCFRG9BSQ="]])]
    out += body_hmac("Typeform-Signature", secret, src, encode=lambda d: base64.b64encode(d).decode())
    return {"signature_header": "Typeform-Signature", "tolerance": None, "missing": "missing_header", "vectors": out}


def hubspot():
    secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
    src_pub = "published: @hubspot/api-client lib/test/unit/signature.spec.js"
    uri = "https://www.example.com/webhook_uri"
    v1_body = ('[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation",'
               '"attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]')
    out = [
        vector("published: v1", src_pub, [secret], v1_body, [["X-HubSpot-Signature", "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"], ["X-HubSpot-Signature-Version", "v1"]], url=uri, sign=False),
        vector("published: v2 GET", src_pub, [secret], "", [["X-HubSpot-Signature", "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"], ["X-HubSpot-Signature-Version", "v2"]], url=uri, method="GET", sign=False),
        vector("published: v2 POST", src_pub, [secret], '{"example_field":"example_value"}', [["X-HubSpot-Signature", "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900"], ["X-HubSpot-Signature-Version", "v2"]], url=uri, sign=False),
    ]
    for v in out:
        v["signature_header"] = "X-HubSpot-Signature"
    for kind, body in {**BODIES, "published v2 body": '{"example_field":"example_value"}'}.items():
        payload = text(body)
        ts = str(TS * 1000)
        signature = HubSpotSignature.get_signature(secret, payload, "v3", uri, "POST", ts)
        out.append(vector(f"sdk: v3 {kind}", "hubspot-api-client==12.0.0 Signature.get_signature(v3)", [secret], body,
                          [["X-HubSpot-Signature-v3", signature], ["X-HubSpot-Request-Timestamp", ts]], url=uri, timestamp=TS, now=TS))
    for version in ("v1", "v2"):
        body = '{"portalId":62515,"name":"Ёлка"}'
        signature = HubSpotSignature.get_signature(secret, body, version, uri, "POST")
        assert HubSpotSignature.is_valid(signature, secret, body, uri, "POST", version)
        out.append(vector(f"sdk: {version}", f"hubspot-api-client==12.0.0 Signature.get_signature({version}) + is_valid", [secret], body,
                          [["X-HubSpot-Signature", signature], ["X-HubSpot-Signature-Version", version]], url=uri, sign=False, signature_header="X-HubSpot-Signature"))
    return {"signature_header": "X-HubSpot-Signature-v3", "tolerance": {"past": 300, "future": None}, "missing": "missing_header", "mismatch": "rejected", "vectors": out}


def gitlab():
    token = "glwht-test-token"
    src = "GitLab sends the secret token verbatim (docs); no SDK"
    out = [vector(kind, src, [token], b, [["X-Gitlab-Event", "Push Hook"], ["X-Gitlab-Token", token]], sign=False, skip=["tamper"]) for kind, b in
           {"push": '{"object_kind":"push","ref":"refs/heads/main"}', "unicode": BODIES["unicode-json"]}.items()]
    out.append(vector("wrong token", src, [token], "{}", [["X-Gitlab-Token", "not-it"]], expect="rejected", sign=False))
    return {"signature_header": "X-Gitlab-Token", "tolerance": None, "missing": "missing_header", "mismatch": "rejected", "vectors": out}


def sendgrid():
    src_pub = "published: sendgrid==6.12.5 test/unit/test_eventwebhook.py"
    public = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g=="
    body = ('[{"email":"hello@world.com","event":"dropped","reason":"Bounced Address","sg_event_id":"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA",'
            '"sg_message_id":"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0","smtp-id":"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>",'
            '"timestamp":1600112492}]\r\n')
    sig = "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM="
    assert EventWebhook(public).verify_signature(body, sig, "1600112502")
    other = ec.derive_private_key(0x0BADC0DE, ec.SECP256R1())
    other_public = base64.b64encode(other.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
    out = [vector("published: SDK test (trailing CRLF signed)", src_pub, [public], body,
                  [["X-Twilio-Email-Event-Webhook-Signature", sig], ["X-Twilio-Email-Event-Webhook-Timestamp", "1600112502"]], sign=False, wrong_secret=other_public)]
    key = ec.derive_private_key(0x5EED5EED5EED5EED5EED5EED5EED5EED5EED5EED5EED5EED5EED5EED5EED5EED, ec.SECP256R1())
    key_public = base64.b64encode(key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
    key_private = base64.b64encode(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())).decode()
    for kind, b in {k: v for k, v in BODIES.items() if k != "1mib"}.items():
        payload = text(b)
        # RFC 6979 nonces make the signature reproducible, so whk's signing is checked byte for byte.
        signature = base64.b64encode(key.sign((str(TS) + payload).encode(), ec.ECDSA(hashes.SHA256(), deterministic_signing=True))).decode()
        assert EventWebhook(key_public).verify_signature(payload, signature, str(TS))
        out.append(vector(f"sdk-checked: {kind}", "cryptography ECDSA P-256 (RFC 6979), accepted by sendgrid==6.12.5 EventWebhook.verify_signature", [key_public], b,
                          [["X-Twilio-Email-Event-Webhook-Signature", signature], ["X-Twilio-Email-Event-Webhook-Timestamp", str(TS)]],
                          sign_secrets=[key_private], timestamp=TS, wrong_secret=other_public))
    return {"signature_header": "X-Twilio-Email-Event-Webhook-Signature", "tolerance": None, "missing": "missing_header", "vectors": out}


def twitch():
    secret = "keepItSecretKeepItSafe"
    src = "self-computed (no SDK; providers.md §16, Twitch's sample computes the same)"
    mid, ts = "e76c6bd4-55c9-4987-8304-da1588d8988b", "2019-11-16T10:11:12.634234626Z"
    out = [vector("providers.md", src, [secret], '{"subscription":{}}',
                  [["Twitch-Eventsub-Message-Id", mid], ["Twitch-Eventsub-Message-Timestamp", ts],
                   ["Twitch-Eventsub-Message-Signature", "sha256=0d3458c865a5b110c7911af2a3e54022c03fd9eb13664bfa06182ae4c1464ee6"]], sign=False, now=1573899072)]
    whk_ts = "2023-11-14T22:13:20.000000000Z"  # TS in Twitch's nanosecond form
    for kind, b in BODIES.items():
        signature = "sha256=" + mac(hashlib.sha256, secret, mid + whk_ts + text(b)).hex()
        out.append(vector(kind, src, [secret], b, [["Twitch-Eventsub-Message-Id", mid], ["Twitch-Eventsub-Message-Timestamp", whk_ts], ["Twitch-Eventsub-Message-Signature", signature]],
                          id=mid, timestamp=TS, now=TS))
    return {"signature_header": "Twitch-Eventsub-Message-Signature", "tolerance": {"past": 600, "future": None}, "missing": "missing_header", "vectors": out}


def calendly():
    key = "signing_key_test"
    src = "self-computed (no SDK; providers.md §16)"
    out = [vector("providers.md", src, [key], '{"event":"invitee.created"}',
                  [["Calendly-Webhook-Signature", "t=1700000000,v1=97c711d81a11a075811810b95030172b61bbbc11a814f1f8ddffe52a7623165e"]], timestamp=TS, now=TS)]
    for kind, b in BODIES.items():
        out.append(vector(kind, src, [key], b, [["Calendly-Webhook-Signature", f"t={TS},v1=" + mac(hashlib.sha256, key, f"{TS}.{text(b)}").hex()]], timestamp=TS, now=TS))
    return {"signature_header": "Calendly-Webhook-Signature", "tolerance": {"past": 180, "future": None}, "missing": "missing_header", "vectors": out}


# Convoy's published vectors (frain-dev/convoy pkg/signature/testdata/signature-vectors.json, shared by
# all Convoy SDKs), transcribed: (name, advanced, hash, encoding, header, tolerance, valid).
CONVOY_PAYLOAD = '{"event":"charge.success","amount":1000,"currency":"NGN"}'
CONVOY = [
    ("simple_sha256_hex_valid", False, "sha256", "hex", "244449b7f48cbc2709060c9dcdc2b3aa47a78f540430579015c579fb12defbb4", None, True),
    ("simple_sha256_base64_valid", False, "sha256", "base64", "JERJt/SMvCcJBgydzcKzqkenj1QEMFeQFcV5+xLe+7Q=", None, True),
    ("simple_sha512_hex_valid", False, "sha512", "hex", "6cc772dc81942ae1b5ffa91c3a6a07b0d37edc8dc6bd83e3518a219f1f19ff71ae1b76d6b320940d414c236a1aad7f7930b63e0f1928951955d31219545e1b66", None, True),
    ("simple_sha512_base64_valid", False, "sha512", "base64", "bMdy3IGUKuG1/6kcOmoHsNN+3I3GvYPjUYohnx8Z/3GuG3bWsyCUDUFMI2oarX95MLY+DxkolRlV0xIZVF4bZg==", None, True),
    ("advanced_sha256_hex_valid", True, "sha256", "hex", "t=1700000000,v1=77b8b9269f25a199846a55a2bd25b3fba151c70fdae60bb1dcd87fbbc943c55c", None, True),
    ("advanced_sha256_base64_valid", True, "sha256", "base64", "t=1700000000,v1=d7i5Jp8loZmEalWivSWz+6FRxw/a5gux3Nh/u8lDxVw=", None, True),
    ("advanced_sha512_hex_valid", True, "sha512", "hex", "t=1700000000,v1=b2122e252cd2582cf225cb2b8d4ceede9e34329e2fe95c02619c3ed5d4a3d9a73e6beaf2dff8e76d71a693ae198cee40685eed12ad4ee2e033dc2d0399ede057", None, True),
    ("advanced_sha512_base64_valid", True, "sha512", "base64", "t=1700000000,v1=shIuJSzSWCzyJcsrjUzu3p40Mp4v6VwCYZw+1dSj2ac+a+ry3/jnbXGmk64ZjO5AaF7tEq1O4uAz3C0Dme3gVw==", None, True),
    ("advanced_tamper", True, "sha256", "hex", "t=1700000000,v1=77b8b9269f25a199846a55a2bd25b3fba151c70fdae60bb1dcd87fbbc943c550", None, False),
    ("advanced_expired", True, "sha256", "hex", "t=1700000000,v1=77b8b9269f25a199846a55a2bd25b3fba151c70fdae60bb1dcd87fbbc943c55c", 300, False),
    ("advanced_t_not_first", True, "sha256", "hex", "v1=77b8b9269f25a199846a55a2bd25b3fba151c70fdae60bb1dcd87fbbc943c55c,t=1700000000", None, True),
    ("advanced_multi_v1_one_valid", True, "sha256", "hex", "t=1700000000,v1=449623e4897bbde05e35358293f97b8c2f697367ffa3e7466e98178dfba44d19,v1=77b8b9269f25a199846a55a2bd25b3fba151c70fdae60bb1dcd87fbbc943c55c", None, True),
    ("advanced_multi_v1_none_valid", True, "sha256", "hex", "t=1700000000,v1=449623e4897bbde05e35358293f97b8c2f697367ffa3e7466e98178dfba44d19,v1=c7eff1833c41a2ce2e195599451b240cd282b1bc9fa387e428a9fd5a5dc74933", None, False),
    ("advanced_t_infinity", True, "sha256", "hex", "t=Infinity,v1=77b8b9269f25a199846a55a2bd25b3fba151c70fdae60bb1dcd87fbbc943c55c", None, False),
    ("advanced_numeric_signature", True, "sha256", "hex", "t=1700000000,v1=1234567890", None, False),
    ("advanced_missing_timestamp", True, "sha256", "hex", "v1=77b8b9269f25a199846a55a2bd25b3fba151c70fdae60bb1dcd87fbbc943c55c,v2=77b8b9269f25a199846a55a2bd25b3fba151c70fdae60bb1dcd87fbbc943c55c", None, False),
    ("simple_tamper", False, "sha256", "hex", "244449b7f48cbc2709060c9dcdc2b3aa47a78f540430579015c579fb12defbb0", None, False),
]


def convoy():
    src = "published: frain-dev/convoy pkg/signature/testdata/signature-vectors.json"
    out = []
    for name, advanced, alg, enc, header, tolerance, valid in CONVOY:
        options = {"algorithm": alg, "encoding": enc, **({} if advanced else {"signed": "{body}"})}
        expired = tolerance is not None
        if valid:
            expect = "valid"
        elif expired:
            expect = "timestamp"
        elif "t=" not in header and advanced or "Infinity" in header:
            expect = "malformed_header"
        else:
            expect = "digest"
        clean = valid and name != "advanced_t_not_first" and "multi" not in name
        out.append(vector(name, src, ["convoy-webhook-secret"], CONVOY_PAYLOAD, [["X-Convoy-Signature", header]], expect=expect, sign=clean,
                          options=options, timestamp=TS if advanced and clean else None, now=TS + 301 if expired else TS))
    return {"signature_header": "X-Convoy-Signature", "tolerance": None, "missing": "missing_header", "vectors": out}


def standard_v1a(files):
    """Adds v1a (Ed25519) vectors: the Go library's branch test vector, and PyNaCl signatures."""
    seed = base64.b64decode("VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=")
    key = nacl.signing.SigningKey(seed)
    whsk = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk="
    whpk = "whpk_" + base64.b64encode(key.verify_key.encode()).decode()
    other = "whpk_" + base64.b64encode(nacl.signing.SigningKey(bytes(32)).verify_key.encode()).decode()
    for provider, names in [("standard-webhooks", ["webhook-id", "webhook-timestamp", "webhook-signature"]), ("svix", ["svix-id", "svix-timestamp", "svix-signature"])]:
        mid = "msg_p5jXN8AQM9LWM0D4loKWxJek"
        out = files[provider]["vectors"]
        out.append(vector("published: v1a (standard-webhooks Go branch test)", "standard-webhooks/standard-webhooks Go library, v1a branch", [whpk], '{"test": 2432232314}',
                          [[names[0], mid], [names[1], "1614265330"], [names[2], "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag=="]],
                          sign_secrets=[whsk], id=mid, timestamp=1614265330, now=1614265330, wrong_secret=other))
        for kind, body in {k: v for k, v in BODIES.items() if k != "1mib"}.items():
            payload = text(body)
            sig = base64.b64encode(key.sign(f"{mid}.{TS}.{payload}".encode()).signature).decode()
            out.append(vector(f"v1a {kind}", "PyNaCl Ed25519 over {id}.{ts}.{body} (no released library implements v1a)", [whpk], body,
                              [[names[0], mid], [names[1], str(TS)], [names[2], f"v1a,{sig}"]], sign_secrets=[whsk], id=mid, timestamp=TS, now=TS, wrong_secret=other))


def main(target):
    files = {
        "github": github(), "stripe": stripe_vectors(), "slack": slack(), "shopify": shopify(),
        "standard-webhooks": standard(standardwebhooks.Webhook, ["webhook-id", "webhook-timestamp", "webhook-signature"], "standardwebhooks==1.1.0 Webhook.sign", "standard-webhooks"),
        "svix": standard(svix.webhooks.Webhook, ["svix-id", "svix-timestamp", "svix-signature"], "svix==2.9.1 Webhook.sign", "svix"),
        "pyannote": pyannote(), "medilab": medilab(), "bakai": bakai(), "hmac": generic(), "pulse": pulse(), "novofon": novofon(),
        "twilio": twilio_vectors(), "paddle": paddle(), "square": square_vectors(), "discord": discord(), "zoom": zoom(), "mailgun": mailgun(),
        "linear": linear(), "intercom": intercom(), "typeform": typeform(), "hubspot": hubspot(), "gitlab": gitlab(), "sendgrid": sendgrid(),
        "twitch": twitch(), "calendly": calendly(), "convoy": convoy(),
    }
    standard_v1a(files)
    for name, data in files.items():
        data = {"provider": name, **data}
        with open(os.path.join(target, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
        print(f"{name}: {len(data['vectors'])} vectors")


if __name__ == "__main__":
    main(sys.argv[1])
