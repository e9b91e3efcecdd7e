#!/usr/bin/env python3
"""Benchmark: `whk sign` and `whk verify` of a 256 MiB body for every HMAC scheme, against
`openssl dgst -sha256 -hmac` on the same file, in the same run (target: <= 1.0x openssl's wall
time, peak RSS <= 64 MiB). Schemes that are not HMAC over a streamed body are listed with why.

    python3 benches/schemes.py [--size-mib 256] [--runs 3]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import release_whk  # noqa: E402

URL = "https://example.com/webhooks"
NOT_STREAMED = {
    "discord": "Ed25519 signs the whole message, not an HMAC",
    "sendgrid": "ECDSA signs the whole message, not an HMAC",
    "gitlab": "a plain token: nothing is hashed",
    "novofon": "signs form fields parsed from the body",
    "twilio": "signs form fields parsed from the body",
    "mailgun": "signs a field of the parsed JSON body",
    "linear": "its age check parses the JSON body",
    "pulse": "unsigned (its optional layer is `hmac`)",
}


def timed(argv, env, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(f"{argv[:3]} exited {done.returncode}: {done.stderr.decode(errors='replace').strip()}")
    return statistics.median(times), done.stdout


def peak_rss_mib(argv, env):
    gnu_time = shutil.which("time", path="/usr/bin")
    if not gnu_time:
        return float("nan")
    out = subprocess.run([gnu_time, "-f", "%M", *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=256)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    whk = release_whk()
    openssl = shutil.which("openssl") or sys.exit("openssl not found")
    providers = json.loads(subprocess.run([whk, "providers", "--json"], capture_output=True, check=True).stdout)
    with tempfile.TemporaryDirectory() as tmp:
        body = os.path.join(tmp, "body.json")
        with open(body, "wb") as f:
            f.write(b'{"data":"')
            chunk = b"0123456789abcdef" * 65536
            for _ in range(args.size_mib):
                f.write(chunk)
            f.write(b'"}')
        env = {"PATH": os.environ.get("PATH", "")}
        baseline, _ = timed([openssl, "dgst", "-sha256", "-hmac", "k" * 32, body], env, args.runs)
        print(f"openssl dgst -sha256 -hmac, {args.size_mib} MiB: {baseline * 1000:.0f} ms\n")
        print(f"{'scheme':<18} {'sign':>9} {'ratio':>6} {'verify':>9} {'ratio':>6} {'max RSS':>8}")
        worst = 0.0
        for provider in providers:
            name = provider["name"]
            if name in NOT_STREAMED:
                print(f"{name:<18} skipped: {NOT_STREAMED[name]}")
                continue
            secret = subprocess.run([whk, "secret", "new", name], capture_output=True, check=True, text=True).stdout.strip()
            env = {"PATH": os.environ.get("PATH", ""), "S": secret}
            sign = [whk, "sign", name, "--secret-env", "S", "--url", URL, "--event", "bench", "--json", body]
            sign_time, out = timed(sign, env, args.runs)
            headers = [a for h in json.loads(out)["headers"] for a in ("-H", f"{h['name']}: {h['value']}")]
            verify = [whk, "verify", "-p", name, "--secret-env", "S", "--url", URL, *headers, body]
            verify_time, _ = timed(verify, env, args.runs)
            rss = max(peak_rss_mib(sign, env), peak_rss_mib(verify, env))
            worst = max(worst, sign_time / baseline, verify_time / baseline)
            print(f"{name:<18} {sign_time * 1000:>7.0f}ms {sign_time / baseline:>5.2f}x {verify_time * 1000:>7.0f}ms {verify_time / baseline:>5.2f}x {rss:>6.1f}MiB")
        print(f"\nworst ratio to openssl: {worst:.2f}x (target <= 1.0x)")


if __name__ == "__main__":
    main()
