#!/usr/bin/env python3
"""Writes fixtures/specs/github-webhooks.json: a trimmed excerpt of GitHub's published webhooks
description (OpenAPI 3.1, MIT), as @octokit/openapi-webhooks ships it from
github/rest-api-description. It keeps four webhooks and exactly the components they refer to,
so every $ref in the excerpt resolves inside it.

    npm pack @octokit/openapi-webhooks@12.1.0 && tar xzf octokit-openapi-webhooks-12.1.0.tgz
    python3 scripts/gen-github-spec.py package/generated/api.github.com.json
"""

import json
import sys
from pathlib import Path

KEPT = ["ping", "push", "issues-opened", "star-created"]
OUT = Path(__file__).resolve().parent.parent / "fixtures" / "specs" / "github-webhooks.json"


def refs(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.add(value)
            else:
                refs(value, found)
    elif isinstance(node, list):
        for value in node:
            refs(value, found)


def lookup(doc, ref):
    node = doc
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def main(source):
    doc = json.loads(Path(source).read_text())
    webhooks = {name: doc["webhooks"][name] for name in KEPT}
    seen, todo = set(), [webhooks]
    while todo:
        found = set()
        refs(todo.pop(), found)
        for ref in sorted(found - seen):
            seen.add(ref)
            todo.append(lookup(doc, ref))
    components = {}
    for ref in sorted(seen):
        _, _, kind, name = ref.split("/", 3)
        components.setdefault(kind, {})[name] = lookup(doc, ref)
    excerpt = {
        "openapi": doc["openapi"],
        "info": {
            **doc["info"],
            "x-whk-excerpt": "A trimmed excerpt for whk's tests: webhooks "
            + ", ".join(KEPT)
            + " and the components they refer to, from @octokit/openapi-webhooks "
            + doc["info"]["version"]
            + " (github/rest-api-description). MIT licence: fixtures/specs/LICENSE.github-webhooks.",
        },
        "webhooks": webhooks,
        "components": components,
    }
    OUT.write_text(json.dumps(excerpt, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(seen)} components)")


if __name__ == "__main__":
    main(sys.argv[1])
