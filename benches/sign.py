#!/usr/bin/env python3
"""Benchmark: `whk sign` against `openssl dgst -sha256 -hmac` on 1 KiB, 1 MiB and 256 MiB bodies.

Targets (issue 3): 256 MiB at <= 1.0x openssl's wall time with whk's peak RSS <= 64 MiB;
1 KiB at <= 0.3x openssl (process start-up dominates). Both tools run in the same loop,
interleaved; wall time is measured around posix_spawn + wait4. Peak RSS is read through GNU time
(`apt-get install time`): a child spawned straight from Python would report Python's own pages,
because Linux carries the pre-exec high-water mark across exec.

    python3 benches/sign.py            # builds the whk binaries first

The default `cargo build --release` is measured, and the fully static musl build README.md
describes when `rustup target add x86_64-unknown-linux-musl` has been run.
`/bin/true` is timed beside them at 1 KiB as the floor: what merely starting a dynamically
linked program costs on this machine.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, release_whk  # noqa: E402

SECRET = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
SIZES = [("1 KiB", 1 << 10, 300), ("1 MiB", 1 << 20, 60), ("256 MiB", 256 << 20, 7)]


def run(argv, env):
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
    _, status, _ = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv} failed")
    return wall


def peak_rss_mib(argv, env):
    gnu_time = shutil.which("time", path="/usr/bin")
    if not gnu_time:
        return float("nan")
    out = subprocess.run([gnu_time, "-f", "%M", *argv], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


MUSL = "x86_64-unknown-linux-musl"


def build():
    binaries = {"whk": release_whk()}
    # The fully static build README.md describes, when its target is installed.
    musl_env = dict(os.environ, CC_x86_64_unknown_linux_musl="musl-gcc")  # ring's C (musl-tools)
    musl = subprocess.run(["cargo", "build", "--release", "--locked", "--quiet", "--target", MUSL], cwd=ROOT,
                          env=musl_env, stderr=subprocess.DEVNULL)
    if musl.returncode == 0:
        binaries["whk-musl"] = os.path.join(ROOT, "target", MUSL, "release", "whk")
    return binaries


def main():
    binaries = build()
    openssl = shutil.which("openssl") or sys.exit("openssl not found (apt-get install openssl)")
    env = {"PATH": os.environ.get("PATH", ""), "S": SECRET}
    print(f"{'body':>8} {'binary':>11} {'whk median':>11} {'openssl median':>15} {'ratio':>7} {'whk max RSS':>12}")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, size, runs in SIZES:
            path = os.path.join(tmp, "body")
            with open(path, "wb") as f:
                chunk = os.urandom(1 << 20)
                for offset in range(0, size, len(chunk)):
                    f.write(chunk[: min(len(chunk), size - offset)])
            commands = {name: [binary, "sign", "hmac", "--secret-env", "S", path] for name, binary in binaries.items()}
            commands["openssl"] = [openssl, "dgst", "-sha256", "-hmac", SECRET, path]
            if size == SIZES[0][1]:
                # The floor: starting a dynamically linked program that does nothing.
                commands["/bin/true"] = ["/bin/true"]
            times = {name: [] for name in commands}
            for _ in range(runs):
                for name, argv in commands.items():
                    times[name].append(run(argv, env))
            o = statistics.median(times["openssl"])
            for name in binaries:
                rss = peak_rss_mib(commands[name], env)
                w = statistics.median(times[name])
                results[(label, name)] = (w / o, rss)
                print(f"{label:>8} {name:>11} {w * 1000:>9.2f}ms {o * 1000:>13.2f}ms {w / o:>6.2f}x {rss:>9.1f}MiB")
            if "/bin/true" in times:
                t = statistics.median(times["/bin/true"])
                print(f"{label:>8} {'/bin/true':>11} {t * 1000:>9.2f}ms {o * 1000:>13.2f}ms {t / o:>6.2f}x   (start-up floor)")
    print()
    for name in binaries:
        ratio_big, rss_big = results[("256 MiB", name)]
        ratio_small, _ = results[("1 KiB", name)]
        print(f"{name}: 256 MiB <= 1.0x openssl and RSS <= 64 MiB: {'met' if ratio_big <= 1.0 and rss_big <= 64 else 'NOT met'} ({ratio_big:.2f}x, {rss_big:.1f} MiB); "
              f"1 KiB <= 0.3x: {'met' if ratio_small <= 0.3 else 'NOT met'} ({ratio_small:.2f}x)")


if __name__ == "__main__":
    main()
