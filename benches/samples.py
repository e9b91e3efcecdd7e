"""The committed sample captures, copied round-robin into a directory as many times as a
benchmark needs them (benches/bridge.py, benches/inspector.py)."""

import os

from common import ROOT


def write_samples(directory, count):
    """Writes `count` captures into `directory` (made here), named so that `ls` keeps order."""
    folder = os.path.join(ROOT, "fixtures", "captures")
    texts = [open(os.path.join(folder, name)).read() for name in sorted(os.listdir(folder)) if name.endswith(".json")]
    os.mkdir(directory)
    for n in range(count):
        with open(os.path.join(directory, f"{n + 1:06}-20261127T080000.000Z-sample.json"), "w") as f:
            f.write(texts[n % len(texts)])
