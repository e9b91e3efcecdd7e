#!/usr/bin/env python3
"""Benchmark: the inspector (`whk listen --ui`) over 10,000 captures already in --save-dir.
Measures the listener's start-up, `GET /_whk/api/captures` (a page of 100, unfiltered and
filtered by text), the first screen in headless Chromium (the page's own mark of its first
list render, from navigation start), and the listener's peak memory.
Targets: API pages < 200 ms, first screen < 1 s.

    python3 benches/inspector.py [--captures 10000]

Chromium is driven over --remote-debugging-pipe (DevTools JSON messages on fds 3 and 4), so
nothing beyond the Python standard library is needed.
"""

import argparse
import http.client
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
from samples import write_samples  # noqa: E402



class Chromium:
    def __init__(self, binary, profile):
        to_browser = os.pipe()
        from_browser = os.pipe()

        def pipes():
            # Chromium reads fd 3 and writes fd 4. The pipe ends may already sit there, marked
            # close-on-exec: copy them aside first, then into place, inheritable.
            reading, writing = os.dup(to_browser[0]), os.dup(from_browser[1])
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "--window-size=1400,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=pipes,
            # The pipes are set on fds 3 and 4 just before exec; closing fds would undo that.
            close_fds=False,
        )
        os.close(to_browser[0])
        os.close(from_browser[1])
        self.send_fd = to_browser[1]
        self.reader = os.fdopen(from_browser[0], "rb")
        self.next_id = 0
        self.buffer = b""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    def call(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.send_fd, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.reader.fileno(), 65536)
                if not chunk:
                    sys.exit("chromium closed its pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    sys.exit(f"{method}: {reply['error']}")
                return reply["result"]

    def page(self, method, params=None):
        return self.call(method, params, self.session)

    def evaluate(self, expression):
        result = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    def close(self):
        self.process.kill()
        self.process.wait()


def first_screen_ms(browser, url):
    browser.page("Page.navigate", {"url": url})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        mark = browser.evaluate("document.location.href === %s && document.documentElement.dataset.firstRender" % json.dumps(url))
        if mark:
            return float(mark)
        time.sleep(0.01)
    sys.exit("the page never rendered its list")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--captures", type=int, default=10_000)
    args = parser.parse_args()
    whk = release_whk()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium:
        sys.exit("needs Chromium (apt-get install chromium)")
    work = tempfile.mkdtemp(prefix="whk-inspector-bench-")
    listener = browser = None
    try:
        caps = os.path.join(work, "caps")
        write_samples(caps, args.captures)
        ready = os.path.join(work, "ready")
        started = time.perf_counter()
        listener = subprocess.Popen(
            [whk, "listen", "--port", "0", "--ui", "--save-dir", caps, "--ready-file", ready, "-q"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        while not os.path.exists(ready):
            if listener.poll() is not None:
                sys.exit("the listener exited")
            time.sleep(0.005)
        startup_ms = (time.perf_counter() - started) * 1000
        url = open(ready).read().strip()
        port = int(url.rsplit(":", 1)[1])

        def timed(path, runs=100):
            times = []
            for _ in range(runs):
                connection = http.client.HTTPConnection("127.0.0.1", port)
                begin = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                times.append((time.perf_counter() - begin) * 1000)
                connection.close()
                assert response.status == 200, body[:200]
            return statistics.median(times), sorted(times)[int(len(times) * 0.95) - 1]

        page_p50, page_p95 = timed("/_whk/api/captures?limit=100")
        deep_p50, deep_p95 = timed("/_whk/api/captures?limit=100&before=%d" % (args.captures // 2))
        text_p50, text_p95 = timed("/_whk/api/captures?limit=100&q=pyannote")

        browser = Chromium(chromium, os.path.join(work, "profile"))
        browser.page("Page.enable")
        screens = [first_screen_ms(browser, f"{url}/_whk/ui?run={n}") for n in range(5)]
        rows = browser.evaluate("document.querySelectorAll('#rows tr').length")
        status = open(f"/proc/{listener.pid}/status").read()
        peak = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM")) / 1024

        print(f"{args.captures} captures in --save-dir")
        print(f"listener ready                  : {startup_ms:7.1f} ms")
        print(f"GET captures (newest 100)       : p50 {page_p50:6.2f} ms  p95 {page_p95:6.2f} ms")
        print(f"GET captures (100, mid-history) : p50 {deep_p50:6.2f} ms  p95 {deep_p95:6.2f} ms")
        print(f"GET captures (100, text filter) : p50 {text_p50:6.2f} ms  p95 {text_p95:6.2f} ms")
        print(f"first screen in Chromium        : median {statistics.median(screens):6.1f} ms "
              f"(runs: {', '.join(f'{s:.0f}' for s in screens)}), {rows} rows shown")
        print(f"listener peak RSS               : {peak:7.1f} MiB")
        met = max(page_p95, deep_p95, text_p95) < 200 and statistics.median(screens) < 1000
        print("targets (API < 200 ms, first screen < 1 s):", "met" if met else "NOT met")
    finally:
        if browser:
            browser.close()
        if listener:
            listener.kill()
            listener.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
