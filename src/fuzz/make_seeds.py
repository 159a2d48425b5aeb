#!/usr/bin/env python3
"""Writes the seed corpora under corpus/ from the golden files in tests/data.

Seeds are named seed-*; crashers found by fuzzing are kept beside them as
crash-* files and are never regenerated. Run from anywhere:
    python3 src/fuzz/make_seeds.py
"""
import glob
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "tests", "data")
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def write(target, text):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    data = text.encode()
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def main():
    for folder in glob.glob(os.path.join(HERE, "corpus", "*")):
        for seed in glob.glob(os.path.join(folder, "seed-*")):
            os.remove(seed)
    for path in sorted(glob.glob(os.path.join(DATA, "filter", "*.txt"))):
        for line in open(path, encoding="utf-8"):
            if line.startswith("filter "):
                write("filter", line[len("filter "):].rstrip("\n"))
    for path in sorted(glob.glob(os.path.join(DATA, "filter", "*.json"))):
        for resource in json.load(open(path, encoding="utf-8")):
            write("normalize", json.dumps(resource))
    for path in sorted(glob.glob(os.path.join(DATA, "patch", "*.json"))):
        case = json.load(open(path, encoding="utf-8"))
        if "body" in case:
            write("patch", json.dumps(case["body"]))
        ops = case.get("operations", [])
        write("patch", json.dumps({"schemas": [PATCH_URN], "Operations": ops}))
        write("normalize", json.dumps(case["before"]))
        ops = ops if isinstance(ops, list) else []
        for op in ops:
            if isinstance(op, dict) and isinstance(op.get("path"), str):
                write("path", op["path"])
    for text in ("userName", "name.givenName", "emails[type eq \"work\"].value",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
                 "members[value eq \"u1\"]", "meta.lastModified"):
        write("path", text)


if __name__ == "__main__":
    main()
