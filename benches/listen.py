#!/usr/bin/env python3
"""Benchmark: `whk listen` (verification + --save-dir) under `wrk -t2 -c32 -d10s` with a valid
1 KiB signed POST, against a FastAPI + uvicorn (2 workers) receiver doing the same
verify-and-append, and nginx `return 200` as the ceiling — in the same run.

Targets (issue 6): >= 10x FastAPI's requests/s, >= 0.4x nginx's, p99 <= 5 ms, every 2xx has
its capture on disk, RSS <= 50 MiB.

It also runs `benches/save_ceiling.rs` on the same file system: with one file per capture (the
capture contract), no listener can answer faster than the file system creates files, and that
ceiling is printed next to nginx's.

Needs wrk and nginx (apt-get install wrk nginx-light) and fastapi + uvicorn (pip).

    python3 benches/listen.py [--duration 10s] [--python PATH]
"""

import argparse
import hashlib
import hmac
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
PATH = "/api/v1/webhooks/bakai"

FASTAPI_APP = '''
import hashlib, hmac, os
from fastapi import FastAPI, Request, Response
app = FastAPI()
SECRET = os.environ["S"].encode()
LOG = os.environ["LOG"]

@app.post("{path}")
async def receive(request: Request):
    body = await request.body()
    expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("x-webhook-signature", "")):
        return Response(status_code=401)
    with open(LOG, "ab") as f:
        f.write(body + b"\\n")
    return {{"success": True}}
'''.format(path=PATH)

NGINX_CONF = '''
worker_processes 2;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{ return 200 "ok"; }}
    }}
}}
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    sys.exit(f"nothing came up on port {port}")


def wrk(url, script, duration):
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{duration}", "--latency", "-s", script, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    return {"rps": rps, "total": total, "ok": total - non2xx, "p99_ms": p99_ms}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--python", default=sys.executable, help="a Python with fastapi and uvicorn")
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        shutil.which(tool) or sys.exit(f"{tool} not found (apt-get install wrk nginx-light)")
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    whk = os.path.join(ROOT, "target", "release", "whk")
    body = json.dumps({"event_type": "product.updated", "event_id": "evt_bench", "timestamp": "2025-11-12T10:00:00Z",
                       "data": {"product_id": "12345", "title": "x" * 880, "price": 15000.0}}, separators=(",", ":"))
    signature = "sha256=" + hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "post.lua")
        with open(script, "w") as f:
            f.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\nwrk.headers["Content-Type"] = "application/json"\n'
                    f'wrk.headers["X-Webhook-Signature"] = "{signature}"\n')
        env = dict(os.environ, S=SECRET, LOG=os.path.join(tmp, "fastapi.log"))

        caps = os.path.join(tmp, "caps")
        ready = os.path.join(tmp, "ready")
        listener = subprocess.Popen([whk, "--json", "listen", "--port", "0", "--provider", "bakai", "--secret-env", "S", "--save-dir", caps, "--ready-file", ready],
                                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while not os.path.exists(ready):
            time.sleep(0.02)
        url = open(ready).read().strip() + PATH
        results["whk listen"] = wrk(url, script, args.duration)
        with open(f"/proc/{listener.pid}/status") as status:
            rss = int(re.search(r"VmHWM:\s+(\d+) kB", status.read()).group(1)) / 1024
        listener.terminate()
        listener.wait()
        saved = len([n for n in os.listdir(caps) if n.endswith(".json")])

        app = os.path.join(tmp, "app.py")
        with open(app, "w") as f:
            f.write(FASTAPI_APP)
        port = free_port()
        uvicorn = subprocess.Popen([args.python, "-m", "uvicorn", "app:app", "--workers", "2", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                                   cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(port)
        time.sleep(1)  # both workers up
        results["FastAPI + uvicorn"] = wrk(f"http://127.0.0.1:{port}{PATH}", script, args.duration)
        uvicorn.terminate()
        uvicorn.wait()

        port = free_port()
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            os.makedirs(os.path.join(tmp, sub), exist_ok=True)
        conf = os.path.join(tmp, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(dir=tmp, port=port))
        nginx = subprocess.Popen(["nginx", "-c", conf, "-p", tmp], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(port)
        results["nginx return 200"] = wrk(f"http://127.0.0.1:{port}{PATH}", script, args.duration)
        nginx.terminate()
        nginx.wait()

        # The file system's own ceiling for one file per capture, in the same directory tree.
        ceiling_out = subprocess.run(["cargo", "bench", "--locked", "--quiet", "--bench", "save_ceiling", "--", tmp, "3"],
                                     cwd=ROOT, capture_output=True, text=True, check=True).stdout
        ceiling = max(float(m) for m in re.findall(r"([\d.]+) captures/s", ceiling_out))

    print(f"{'receiver':<20} {'req/s':>10} {'p99':>9} {'2xx':>9}")
    for name, r in results.items():
        print(f"{name:<20} {r['rps']:>10.0f} {r['p99_ms']:>7.2f}ms {r['ok']:>9}")
    w, fa, ng = results["whk listen"], results["FastAPI + uvicorn"], results["nginx return 200"]
    print()
    print(f"whk / FastAPI: {w['rps'] / fa['rps']:.1f}x (target >= 10x)")
    print(f"whk / nginx:   {w['rps'] / ng['rps']:.2f}x (target >= 0.4x)")
    print(f"save ceiling:  {ceiling:.0f} captures/s on this file system with nothing else running"
          f" = {ceiling / ng['rps']:.2f}x nginx; whk reaches {w['rps'] / ceiling:.0%} of it")
    print(f"whk p99:       {w['p99_ms']:.2f} ms (target <= 5 ms)")
    print(f"captures:      {saved} on disk for {w['ok']} 2xx answers ({'none lost' if saved >= w['ok'] else 'LOST ' + str(w['ok'] - saved)})")
    print(f"whk peak RSS:  {rss:.1f} MiB (target <= 50 MiB)")


if __name__ == "__main__":
    main()
