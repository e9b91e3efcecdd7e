#!/usr/bin/env python3
"""Benchmark: 100,000 captures exported to one HAR file and imported back, with each run's peak
memory (the kernel's max RSS of the child) and time. Target: peak RSS <= 100 MiB both ways.

For scale, the same HAR read by the usual script's way, Python's json.load of the whole file,
measured in the same run.

    python3 benches/bridge.py [--captures 100000]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import release_whk  # noqa: E402
from samples import write_samples  # noqa: E402



def run(argv, cwd):
    """Runs argv; returns (seconds, peak RSS in MiB)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} failed: {child.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--captures", type=int, default=100_000)
    args = parser.parse_args()
    whk = release_whk()
    work = tempfile.mkdtemp(prefix="whk-bridge-bench-")
    try:
        captures = os.path.join(work, "captures")
        write_samples(captures, args.captures)
        har = os.path.join(work, "all.har")
        export_s, export_mib = run([whk, "export", captures, "--format", "har", "-o", har, "-q"], work)
        size_mib = os.path.getsize(har) / (1 << 20)
        import_s, import_mib = run([whk, "import", har, "--save-dir", os.path.join(work, "back"), "-q"], work)
        imported = len(os.listdir(os.path.join(work, "back")))
        script = "import json,sys; json.load(open(sys.argv[1]))"
        peer_s, peer_mib = run([sys.executable, "-c", script, har], work)
        print(f"{args.captures} captures, HAR {size_mib:.0f} MiB")
        print(f"whk export --format har : {export_s:6.2f} s  peak RSS {export_mib:6.1f} MiB")
        print(f"whk import (HAR)        : {import_s:6.2f} s  peak RSS {import_mib:6.1f} MiB  ({imported} captures)")
        print(f"python3 json.load (HAR) : {peer_s:6.2f} s  peak RSS {peer_mib:6.1f} MiB")
        print(f"import / json.load      : {import_mib / peer_mib:.2f}x memory")
        met = export_mib <= 100 and import_mib <= 100 and imported == args.captures
        print("target (peak RSS <= 100 MiB both ways):", "met" if met else "NOT met")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
