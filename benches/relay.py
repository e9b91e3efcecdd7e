#!/usr/bin/env python3
"""Benchmark: the team log on NATS JetStream, against whk's own paths in the same run.

Targets (1 KiB GitHub-signed POST, `wrk -t2 -c32`):
  - `listen --publish` >= 0.8x the requests/s of `listen --save-dir`, zero lost (every 2xx
    answered is a message in the stream, counted by nats-server's monitoring endpoint);
  - `relay -j 32` forwarding to a loopback nginx >= 0.5x the rate of `whk replay -j 32` of the
    same captures from disk.

Needs wrk, nginx and nats-server (apt-get install wrk nginx-light nats-server).

    python3 benches/relay.py [--duration 10s] [--relayed 5000]
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import listen as base  # noqa: E402  (the listener, wrk and nginx helpers of benches/listen.py)


def nats_server(tmp):
    client, monitor = base.free_port(), base.free_port()
    process = subprocess.Popen(
        ["nats-server", "-js", "-a", "127.0.0.1", "-p", str(client), "-m", str(monitor), "-sd", os.path.join(tmp, "js")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base.wait_port(client)
    base.wait_port(monitor)
    return process, client, monitor


def stream_messages(monitor, stream):
    with urllib.request.urlopen(f"http://127.0.0.1:{monitor}/jsz?streams=true") as answer:
        jsz = json.load(answer)
    for account in jsz.get("account_details", []):
        for detail in account.get("stream_detail", []):
            if detail["name"] == stream:
                return detail["state"]["messages"]
    return 0


def interrupt(listener):
    """Ctrl-C, as a person stops whk: the publisher flushes its queue first."""
    listener.process.send_signal(signal.SIGINT)
    listener.process.wait(timeout=30)


def timed(argv, env=None):
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--relayed", type=int, default=5000, help="captures relayed and replayed")
    args = parser.parse_args()
    for tool in ("wrk", "nginx", "nats-server"):
        shutil.which(tool) or os.path.exists(f"/usr/sbin/{tool}") or sys.exit(f"{tool} not found")
    os.environ["PATH"] += ":/usr/sbin"
    whk = base.release_whk()
    with tempfile.TemporaryDirectory() as tmp:
        script = base.push_script(tmp)
        env = dict(os.environ, S=base.SECRET)
        nats, client_port, monitor = nats_server(tmp)
        stream_url = f"nats://127.0.0.1:{client_port}/bench"
        try:
            saving = base.Listener(whk, tmp, "saved", True, env)
            saved = base.wrk(saving.url + base.PATH, script, args.duration)
            interrupt(saving)

            publishing = base.Listener(whk, tmp, "published", False, env, extra=("--publish", stream_url))
            published = base.wrk(publishing.url + base.PATH, script, args.duration)
            interrupt(publishing)
            in_stream = stream_messages(monitor, "WHK_BENCH")

            port = base.free_port()
            for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
                os.makedirs(os.path.join(tmp, sub), exist_ok=True)
            conf = os.path.join(tmp, "nginx.conf")
            with open(conf, "w") as f:
                f.write(base.NGINX_CONF.format(dir=tmp, port=port))
            nginx = subprocess.Popen(["nginx", "-c", conf, "-p", tmp], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            base.wait_port(port)
            target = f"http://127.0.0.1:{port}/hook"
            n = min(args.relayed, in_stream, saving.saved())
            files = sorted(os.listdir(saving.caps))[:n]
            subset = os.path.join(tmp, "subset")
            os.makedirs(subset)
            for name in files:
                os.link(os.path.join(saving.caps, name), os.path.join(subset, name))
            replay_s = timed([whk, "replay", subset, "--to", target, "-j", "32", "--no-resign", "-q"])
            relay_s = timed([whk, "relay", stream_url, "--to", target, "--durable", "bench", "--count", str(n), "-j", "32",
                             "--no-resign", "-q"], env)
            nginx.terminate()
            nginx.wait()
        finally:
            nats.terminate()
            nats.wait()

        publish_ratio = published["rps"] / saved["rps"]
        print(f"listen --save-dir          : {saved['rps']:9.0f} req/s  p99 {saved['p99_ms']:.2f} ms  ({saved['ok']} ok)")
        print(f"listen --publish           : {published['rps']:9.0f} req/s  p99 {published['p99_ms']:.2f} ms  ({published['ok']} ok, {in_stream} in the stream)")
        # wrk stops mid-request: the stream may hold a few answered after wrk stopped counting.
        print(f"  publish / save-dir       : {publish_ratio:.2f}x (target >= 0.8), lost: {max(0, published['ok'] - in_stream)}")
        print(f"replay -j 32 ({n} captures): {n / replay_s:9.0f} /s")
        print(f"relay -j 32  ({n} captures): {n / relay_s:9.0f} /s")
        print(f"  relay / replay -j 32     : {replay_s / relay_s:.2f}x (target >= 0.5)")


if __name__ == "__main__":
    main()
