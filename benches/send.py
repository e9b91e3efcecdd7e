#!/usr/bin/env python3
"""Benchmark: `whk send` of one signed BakaiMarket event to a loopback server, against the
pipeline BakaiMarket documents for the same job — `openssl dgst -sha256 -hmac` to sign, then `curl` to
post — measured side by side, interleaved, in one run. Target: whk <= 0.5x the pipeline.

    python3 benches/send.py [--runs 200]
"""

import argparse
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import release_whk  # noqa: E402

SECRET = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
PAYLOAD = '{"event_type":"product.created","event_id":"test_001","timestamp":"2025-11-12T10:00:00Z","data":{"product_id":"12345","title":"Test","image_key":"12345/test.jpg"}}'
# BakaiMarket's own test command, with its variables filled in.
PIPELINE = r'''SIGNATURE=$(echo -n "$PAYLOAD" | openssl dgst -sha256 -hmac "$SECRET" | cut -d' ' -f2)
curl -sS -o /dev/null -X POST "$URL" -H "Content-Type: application/json" -H "X-Webhook-Signature: sha256=$SIGNATURE" -d "$PAYLOAD"'''


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def median_ms(argv, env, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    for tool in ("openssl", "curl", "bash"):
        shutil.which(tool) or sys.exit(f"{tool} not found (apt-get install {tool})")
    whk = release_whk()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api/v1/webhooks/bakai"
    env = {"PATH": os.environ.get("PATH", ""), "SECRET": SECRET, "PAYLOAD": PAYLOAD, "URL": url}
    commands = {
        "whk send": [whk, "-q", "send", url, "-p", "bakai", "-d", PAYLOAD, "--secret-env", "SECRET"],
        "openssl + curl": ["bash", "-c", PIPELINE],
    }
    results = {name: [] for name in commands}
    for _ in range(5):  # interleave blocks so both see the same machine state
        for name, argv in commands.items():
            results[name].append(median_ms(argv, env, max(1, args.runs // 5)))
    whk_ms, pipe_ms = statistics.median(results["whk send"]), statistics.median(results["openssl + curl"])
    print(f"whk send          {whk_ms:7.2f} ms")
    print(f"openssl + curl    {pipe_ms:7.2f} ms")
    ratio = whk_ms / pipe_ms
    print(f"ratio {ratio:.2f}x (target <= 0.5x): {'met' if ratio <= 0.5 else 'NOT met'}")
    server.shutdown()


if __name__ == "__main__":
    main()
