"""What every benchmark needs: the repository's root, and whk built for release."""

import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_whk():
    """Builds whk for release (quick when it is current) and returns the binary's path."""
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "whk")
