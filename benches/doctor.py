#!/usr/bin/env python3
"""Benchmark: `whk doctor`'s whole battery against a local receiver (`whk listen`), per
provider with a timestamped and an untimestamped scheme. Target: under 5 s each.

    python3 benches/doctor.py [--runs 5]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import release_whk  # noqa: E402

SECRETS = {"github": "bench github secret", "stripe": "whsec_YmVuY2ggc3RyaXBl"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    whk = release_whk()
    with tempfile.TemporaryDirectory() as tmp:
        for provider, secret in SECRETS.items():
            env = dict(os.environ, S=secret)
            ready = os.path.join(tmp, provider + ".ready")
            listener = subprocess.Popen([whk, "listen", "--port", "0", "-p", provider, "--secret-env", "S",
                                         "--ready-file", ready, "-q"], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            while not os.path.exists(ready):
                time.sleep(0.01)
            url = open(ready).read().strip() + "/hook"
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                subprocess.run([whk, "doctor", url, "-p", provider, "--secret-env", "S", "-q"], env=env,
                               check=True, stdout=subprocess.DEVNULL)
                times.append(time.perf_counter() - started)
            listener.terminate()
            listener.wait()
            print(f"whk doctor -p {provider:<7}: median {statistics.median(times) * 1000:7.1f} ms "
                  f"(max {max(times) * 1000:.1f} ms; target < 5000 ms)")


if __name__ == "__main__":
    main()
