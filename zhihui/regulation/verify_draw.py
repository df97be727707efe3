#!/usr/bin/env python3
"""Recompute a published random inspection draw (双随机、一公开) — standard library only.

Usage: python3 verify_draw.py SEED N K entity-pool.jsonl inspector-pool.jsonl
Prints the pools' SHA-256 and the draw; compare them with the published result.

This is deliberately a separate, plain reading of the published algorithm (not the platform's
code), so that anyone can check the platform with a few lines they can read.
"""
import hashlib
import json
import math
import sys


def u(text):
    h = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return (int(h[:13], 16) + 0.5) / 2**52


def main(seed, n, k, entity_file, inspector_file):
    raw_e, raw_i = open(entity_file, "rb").read(), open(inspector_file, "rb").read()
    entities = [json.loads(line) for line in raw_e.decode("utf-8").splitlines() if line.strip()]
    inspectors = [json.loads(line) for line in raw_i.decode("utf-8").splitlines() if line.strip()]
    ranked = sorted(entities, key=lambda e: (-math.log(u(seed + ":" + e["id"])) / e.get("weight", 1), e["id"]))
    draw = []
    for e in ranked[: int(n)]:
        free = [i for i in inspectors if e["id"] not in i.get("conflicts", [])]
        team = sorted(free, key=lambda i: (-math.log(u(seed + ":" + e["id"] + ":" + i["id"])), i["id"]))
        draw.append({"entity": e["id"], "inspectors": [i["id"] for i in team[: int(k)]]})
    print(json.dumps({"seed": seed, "entity_pool_sha256": hashlib.sha256(raw_e).hexdigest(),
                      "inspector_pool_sha256": hashlib.sha256(raw_i).hexdigest(), "draw": draw},
                     ensure_ascii=False))


if __name__ == "__main__":
    main(*sys.argv[1:6])
