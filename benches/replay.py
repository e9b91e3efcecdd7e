#!/usr/bin/env python3
"""Benchmark: 2,000 signed ~1 KiB captures replayed re-signed to a loopback nginx sink, every
one received (counted from nginx's access log): `whk replay -j 32` against an aiohttp sender with
32 requests in flight (re-signing the same way) and `xargs -P 8 curl`, in the same run.
Targets (issue 7): whk <= 0.25x aiohttp and <= 0.05x xargs curl. Then the peak RSS of replaying
100,000 captures (target <= 100 MiB).

Needs nginx and curl (apt-get install nginx-light curl), aiohttp (pip).

    python3 benches/replay.py [--count 2000] [--big 100000] [--python PATH]
"""

import argparse
import hashlib
import hmac
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

SECRET = "whsec_bench_secret"

NGINX = '''worker_processes 2; daemon off; pid {d}/nginx.pid; error_log {d}/error.log;
events {{ worker_connections 2048; }}
http {{ access_log {d}/access.log; client_body_temp_path {d}/b; proxy_temp_path {d}/p; fastcgi_temp_path {d}/f;
uwsgi_temp_path {d}/u; scgi_temp_path {d}/s;
server {{ listen 127.0.0.1:{port}; location / {{ return 200 "ok"; }} }} }}
'''

AIOHTTP_SENDER = '''
import asyncio, glob, hashlib, hmac, json, sys, time, aiohttp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, release_whk  # noqa: E402
secret, url, folder = sys.argv[1], sys.argv[2], sys.argv[3]
async def main():
    sem = asyncio.Semaphore(32)
    async with aiohttp.ClientSession() as session:
        async def one(path):
            async with sem:
                capture = json.load(open(path))
                body = capture["body"].encode()
                t = str(int(time.time()))
                sig = hmac.new(secret.encode(), (t + ".").encode() + body, hashlib.sha256).hexdigest()
                headers = {"Content-Type": "application/json", "Stripe-Signature": f"t={t},v1={sig}"}
                async with session.post(url, data=body, headers=headers) as r:
                    await r.read()
        await asyncio.gather(*(one(p) for p in sorted(glob.glob(folder + "/*.json"))))
asyncio.run(main())
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_captures(folder, count):
    os.makedirs(folder, exist_ok=True)
    for n in range(count):
        body = json.dumps({"id": f"evt_{n:08}", "object": "event", "type": "invoice.paid", "data": {"object": {"id": f"in_{n}", "memo": "x" * 900}}})
        t = 1700000000
        sig = hmac.new(SECRET.encode(), f"{t}.{body}".encode(), hashlib.sha256).hexdigest()
        capture = {"whk_capture": 1, "received_at": "2026-11-22T00:00:00.000Z", "method": "POST", "path": "/stripe",
                   "headers": ["content-type: application/json", f"stripe-signature: t={t},v1={sig}"], "body": body, "provider": "stripe"}
        with open(os.path.join(folder, f"{n:06}.json"), "w") as f:
            json.dump(capture, f)


def received(log):
    with open(log) as f:
        return sum(1 for _ in f)


def timed(argv, **kw):
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--big", type=int, default=100000)
    parser.add_argument("--python", default=sys.executable, help="a Python with aiohttp")
    args = parser.parse_args()
    for tool in ("nginx", "curl", "xargs"):
        shutil.which(tool) or sys.exit(f"{tool} not found")
    whk = release_whk()
    with tempfile.TemporaryDirectory() as tmp:
        caps = os.path.join(tmp, "caps")
        write_captures(caps, args.count)
        bodies = os.path.join(tmp, "bodies")
        os.makedirs(bodies)
        for name in sorted(os.listdir(caps)):
            with open(os.path.join(caps, name)) as f, open(os.path.join(bodies, name), "w") as out:
                out.write(json.load(f)["body"])
        for sub in "bpfus":
            os.makedirs(os.path.join(tmp, sub))
        port = free_port()
        conf = os.path.join(tmp, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX.format(d=tmp, port=port))
        nginx = subprocess.Popen(["nginx", "-c", conf, "-p", tmp], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        url = f"http://127.0.0.1:{port}/stripe"
        log = os.path.join(tmp, "access.log")
        env = dict(os.environ, S=SECRET)
        results = {}
        before = received(log)
        results["whk replay -j 32"] = timed([whk, "-q", "replay", caps, "--to", url, "--resign", "--secret-env", "S", "-j", "32"], env=env)
        got = received(log) - before
        assert got == args.count, f"whk: {got} of {args.count} received"
        sender = os.path.join(tmp, "sender.py")
        with open(sender, "w") as f:
            f.write(AIOHTTP_SENDER)
        before = received(log)
        results["aiohttp, 32 in flight"] = timed([args.python, sender, SECRET, url, caps])
        assert received(log) - before == args.count, "aiohttp: not all received"
        before = received(log)
        pipeline = f"ls {bodies} | xargs -P 8 -I{{}} curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @{bodies}/{{}} {url}"
        results["xargs -P 8 curl"] = timed(["sh", "-c", pipeline])
        assert received(log) - before == args.count, "curl: not all received"

        for name, seconds in results.items():
            print(f"{name:<24} {seconds:7.2f} s  ({args.count / seconds:7.0f}/s)")
        w = results["whk replay -j 32"]
        print(f"\nwhk / aiohttp:    {w / results['aiohttp, 32 in flight']:.3f}x (target <= 0.25x)")
        print(f"whk / xargs curl: {w / results['xargs -P 8 curl']:.3f}x (target <= 0.05x)")

        if args.big:
            big = os.path.join(tmp, "big")
            write_captures(big, args.big)
            gnu_time = shutil.which("time", path="/usr/bin")
            out = subprocess.run([gnu_time, "-f", "%M", whk, "-q", "replay", big, "--to", url, "--resign", "--secret-env", "S", "-j", "32"],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            rss = int(out.stderr.strip().splitlines()[-1]) / 1024
            print(f"{args.big} captures: peak RSS {rss:.1f} MiB (target <= 100 MiB)")
        nginx.terminate()
        nginx.wait()


if __name__ == "__main__":
    main()
