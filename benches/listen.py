#!/usr/bin/env python3
"""Benchmark: `whk listen` under wrk against nginx `return 200` on the same machine, in one run.

Targets (issue 12), 1 KiB GitHub-signed POST, `wrk -t2 -c32`:
  - verify without saving:      >= 0.5x nginx's requests/s, p99 <= 5 ms
  - verify with --save-dir:     >= 0.2x nginx's requests/s, p99 <= 5 ms; the file system's own
    create rate bounds it, so `benches/save_ceiling.rs` measures that ceiling beside it
  - `wrk -c256 -d30s` with --save-dir: no 2xx without its capture on disk, RSS flat
  - 10,000 idle keep-alive connections held with RSS <= 150 MiB while new requests are answered
    with p99 < 50 ms (the descriptor limit is raised here, for this script and its children)
A FastAPI + uvicorn receiver doing the same verify-and-append is added when fastapi and uvicorn
import (`--python`), as a peer a webhook developer would otherwise write.

Needs wrk and nginx (apt-get install wrk nginx-light).

    python3 benches/listen.py [--duration 10s] [--idle 10000] [--soak 30s]
"""

import argparse
import hashlib
import hmac
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, release_whk  # noqa: E402

SECRET = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
PATH = "/webhooks/github"

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
    if not hmac.compare_digest(expected, request.headers.get("x-hub-signature-256", "")):
        return Response(status_code=401)
    with open(LOG, "ab") as f:
        f.write(body + b"\\n")
    return {{"received": True}}
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


PUSH_BODY = json.dumps({"ref": "refs/heads/main", "after": "59b20b8d", "commits": [{"message": "x" * 900}],
                        "repository": {"full_name": "octocat/Hello-World"}}, separators=(",", ":"))


def github_headers(body):
    """The headers of a GitHub push of `body`, signed with SECRET."""
    signature = "sha256=" + hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-GitHub-Event": "push", "X-Hub-Signature-256": signature}


def push_script(tmp, body=PUSH_BODY):
    """A wrk script that POSTs `body` as a signed GitHub push; its path."""
    script = os.path.join(tmp, "post.lua")
    with open(script, "w") as f:
        f.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n')
        for name, value in github_headers(body).items():
            f.write(f'wrk.headers["{name}"] = "{value}"\n')
    return script


def wrk(url, script, duration, connections=32):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", "-s", script, url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    return {"rps": rps, "total": total, "ok": total - non2xx, "p99_ms": p99_ms, "errors": errors}


def rss_mib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(field + r":\s+(\d+) kB", status.read()).group(1)) / 1024


class Listener:
    """`whk listen` with GitHub verification, optionally saving every capture."""

    def __init__(self, whk, tmp, name, save, env, extra=()):
        self.caps = os.path.join(tmp, name) if save else None
        ready = os.path.join(tmp, name + ".ready")
        args = [whk, "--json", "listen", "--port", "0", "--provider", "github", "--secret-env", "S",
                "--ready-file", ready, *extra]
        if save:
            args += ["--save-dir", self.caps]
        self.process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while not os.path.exists(ready):
            time.sleep(0.02)
        self.url = open(ready).read().strip()

    def saved(self):
        return len([n for n in os.listdir(self.caps) if n.endswith(".json")])

    def stop(self):
        self.process.terminate()
        self.process.wait()


def hold_idle(url, count, request):
    """Opens `count` keep-alive connections, each having made one request, and keeps them."""
    host, port = url.removeprefix("http://").split(":")
    held = []
    for _ in range(count):
        s = socket.create_connection((host, int(port)))
        s.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.endswith(b"}"):
            chunk = s.recv(4096)
            if not chunk:
                sys.exit("an idle connection was closed before it was answered")
            answer += chunk
        held.append(s)
    return held


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--soak", default="30s", help="length of the -c256 run with --save-dir")
    parser.add_argument("--idle", type=int, default=10000, help="idle keep-alive connections to hold")
    parser.add_argument("--python", default=sys.executable, help="a Python with fastapi and uvicorn")
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        shutil.which(tool) or sys.exit(f"{tool} not found (apt-get install wrk nginx-light)")
    # The idle-connection run needs more descriptors than a shell gives; whk inherits the limit.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, args.idle * 2 + 1024)), hard))
    whk = release_whk()
    body = PUSH_BODY
    headers = github_headers(body)
    results = {}
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        script = push_script(tmp)
        env = dict(os.environ, S=SECRET, LOG=os.path.join(tmp, "fastapi.log"))

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

        listener = Listener(whk, tmp, "verify", False, env)
        results["whk verify"] = wrk(listener.url + PATH, script, args.duration)
        listener.stop()

        listener = Listener(whk, tmp, "saved", True, env)
        results["whk verify + save"] = wrk(listener.url + PATH, script, args.duration)
        saved_ok = (listener.saved(), results["whk verify + save"]["ok"])
        listener.stop()

        # -c256 for --soak with --save-dir: RSS sampled through the run must stay flat.
        listener = Listener(whk, tmp, "soak", True, env)
        soak = subprocess.Popen(["wrk", "-t2", "-c256", f"-d{args.soak}", "--latency", "-s", script, listener.url + PATH],
                                stdout=subprocess.PIPE, text=True)
        samples = []
        while soak.poll() is None:
            samples.append(rss_mib(listener.process.pid))
            time.sleep(1)
        soak_out = soak.stdout.read()
        soak_total = int(re.search(r"(\d+) requests in", soak_out).group(1))
        soak_non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", soak_out)) else 0
        soak_saved = listener.saved()
        listener.stop()

        # 10,000 idle keep-alive connections, then new requests while they are held.
        listener = Listener(whk, tmp, "idle", False, env, ["--read-timeout", "10m"])
        request = (f"POST {PATH} HTTP/1.1\r\nHost: x\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                   + f"Content-Length: {len(body)}\r\n\r\n{body}").encode()
        baseline = rss_mib(listener.process.pid)
        started = time.time()
        held = hold_idle(listener.url, args.idle, request)
        opened = time.time() - started
        idle_rss = rss_mib(listener.process.pid)
        idle_run = wrk(listener.url + PATH, script, "5s", connections=8)
        still_held = rss_mib(listener.process.pid)
        for s in held:
            s.close()
        listener.stop()

        ceiling_out = subprocess.run(["cargo", "bench", "--locked", "--quiet", "--bench", "save_ceiling", "--", tmp, "3"],
                                     cwd=ROOT, capture_output=True, text=True, check=True).stdout
        ceiling = max(float(m) for m in re.findall(r"([\d.]+) captures/s", ceiling_out))

        have_fastapi = subprocess.run([args.python, "-c", "import fastapi, uvicorn"], capture_output=True).returncode == 0
        if have_fastapi:
            app = os.path.join(tmp, "app.py")
            with open(app, "w") as f:
                f.write(FASTAPI_APP)
            port = free_port()
            uvicorn = subprocess.Popen([args.python, "-m", "uvicorn", "app:app", "--workers", "2", "--port", str(port),
                                        "--log-level", "warning", "--no-access-log"],
                                       cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_port(port)
            time.sleep(1)  # both workers up
            results["FastAPI + uvicorn"] = wrk(f"http://127.0.0.1:{port}{PATH}", script, args.duration)
            uvicorn.terminate()
            uvicorn.wait()
        else:
            notes.append("FastAPI + uvicorn not measured: they do not import in --python")

    print(f"{'receiver':<20} {'req/s':>10} {'p99':>9} {'2xx':>9}")
    for name, r in results.items():
        print(f"{name:<20} {r['rps']:>10.0f} {r['p99_ms']:>7.2f}ms {r['ok']:>9}")
    ng, v, s = results["nginx return 200"], results["whk verify"], results["whk verify + save"]
    print()
    print(f"verify / nginx:         {v['rps'] / ng['rps']:.2f}x (target >= 0.5x), p99 {v['p99_ms']:.2f} ms (target <= 5 ms)")
    print(f"verify+save / nginx:    {s['rps'] / ng['rps']:.2f}x (target >= 0.2x), p99 {s['p99_ms']:.2f} ms (target <= 5 ms)")
    print(f"save ceiling:           {ceiling:.0f} captures/s on this file system = {ceiling / ng['rps']:.2f}x nginx;"
          f" whk reaches {s['rps'] / ceiling:.0%} of it")
    print(f"captures (-c32):        {saved_ok[0]} on disk for {saved_ok[1]} 2xx")
    print(f"soak -c256 {args.soak}:     {soak_total - soak_non2xx} 2xx, {soak_saved} captures"
          f" ({'none lost' if soak_saved >= soak_total - soak_non2xx else 'LOST'}); RSS {min(samples):.1f}..{max(samples):.1f} MiB"
          f" (first {samples[0]:.1f}, last {samples[-1]:.1f})")
    print(f"{args.idle} idle keep-alive:  RSS {baseline:.1f} -> {idle_rss:.1f} MiB (target <= 150 MiB; {still_held:.1f} after the run),"
          f" opened in {opened:.1f} s; new requests meanwhile: {idle_run['rps']:.0f} req/s, p99 {idle_run['p99_ms']:.2f} ms"
          f" (target < 50 ms), errors {idle_run['errors']}")
    if "FastAPI + uvicorn" in results:
        print(f"verify / FastAPI:       {v['rps'] / results['FastAPI + uvicorn']['rps']:.1f}x")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
