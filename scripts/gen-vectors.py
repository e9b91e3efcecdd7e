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

import slack_sdk.signature
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


def main(target):
    files = {
        "github": github(), "stripe": stripe_vectors(), "slack": slack(), "shopify": shopify(),
        "standard-webhooks": standard(standardwebhooks.Webhook, ["webhook-id", "webhook-timestamp", "webhook-signature"], "standardwebhooks==1.1.0 Webhook.sign", "standard-webhooks"),
        "svix": standard(svix.webhooks.Webhook, ["svix-id", "svix-timestamp", "svix-signature"], "svix==2.9.1 Webhook.sign", "svix"),
        "pyannote": pyannote(), "medilab": medilab(), "bakai": bakai(), "hmac": generic(), "pulse": pulse(), "novofon": novofon(),
    }
    for name, data in files.items():
        data = {"provider": name, **data}
        with open(os.path.join(target, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.write("\n")
        print(f"{name}: {len(data['vectors'])} vectors")


if __name__ == "__main__":
    main(sys.argv[1])
