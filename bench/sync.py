#!/usr/bin/env python3
"""Times a OneLogin-style initial sync end to end against a SCIM server.

For each user: GET /Users?filter=userName eq "..." (absent), then POST /Users
with OneLogin's default template plus the enterprise extension. Then for each
group: POST /Groups {"displayName"}, then PATCH /Groups/{id} adding members
(value arrays of up to --batch ids; each user joins 3 groups, as in
bench/gen_users.py). `--concurrency` workers, each with one keep-alive
connection (http.client), share one queue per phase.

With --no-lookup it only POSTs users: the plain parallel-POST load.

Prints one JSON line: {"users", "groups", "memberships", "requests", "seconds",
"users_seconds", "groups_seconds", "rps", "errors"}.
Standard library only.
"""
import argparse
import http.client
import json
import queue
import random
import sys
import threading
import time
import urllib.parse

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class Worker:
    def __init__(self, host, port, base, token):
        self.host, self.port, self.base = host, port, base
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/scim+json",
                        "Content-Type": "application/scim+json"}
        self.conn = http.client.HTTPConnection(host, port, timeout=120)

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        for attempt in range(2):
            try:
                self.conn.request(method, self.base + path, body=data, headers=self.headers)
                r = self.conn.getresponse()
                return r.status, r.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def run_phase(workers, items, job):
    """Runs job(worker, item) over items with one thread per worker; returns errors."""
    q = queue.Queue()
    for item in items:
        q.put(item)
    errors = [0]
    lock = threading.Lock()

    def loop(worker):
        while True:
            try:
                item = q.get_nowait()
            except queue.Empty:
                return
            try:
                ok = job(worker, item)
            except (OSError, http.client.HTTPException, ValueError, KeyError):
                ok = False
            if not ok:
                with lock:
                    errors[0] += 1

    threads = [threading.Thread(target=loop, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors[0]


def user_body(run, i):
    name = f"sync-{run}-{i}@example.com"
    return name, {"schemas": [USER_URN, ENTERPRISE_URN], "userName": name,
                  "name": {"givenName": "Sync", "familyName": f"User{i}",
                           "formatted": f"Sync User{i}"},
                  "emails": [{"value": name, "type": "work", "primary": True}],
                  ENTERPRISE_URN: {"department": "Engineering", "employeeNumber": str(i)}}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True, help="Base URL, e.g. http://127.0.0.1:5501/scim/ID/v2")
    p.add_argument("--token", required=True)
    p.add_argument("--users", type=int, default=100000)
    p.add_argument("--groups", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--batch", type=int, default=100, help="member ids per group PATCH")
    p.add_argument("--no-lookup", action="store_true", help="POST users only, no groups")
    p.add_argument("--run", default=str(int(time.time())), help="tag making userNames unique")
    args = p.parse_args()

    url = urllib.parse.urlparse(args.url)
    workers = [Worker(url.hostname, url.port, url.path.rstrip("/"), args.token)
               for _ in range(args.concurrency)]
    ids = [None] * args.users
    requests = [0]
    count_lock = threading.Lock()

    def count(n):
        with count_lock:
            requests[0] += n

    def sync_user(worker, i):
        name, body = user_body(args.run, i)
        sent = 0
        if not args.no_lookup:
            query = urllib.parse.quote(f'userName eq "{name}"')
            status, _ = worker.call("GET", "/Users?filter=" + query)
            sent += 1
            if status != 200:
                count(sent)
                return False
        status, raw = worker.call("POST", "/Users", body)
        count(sent + 1)
        if status != 201:
            return False
        ids[i] = json.loads(raw)["id"]
        return True

    start = time.monotonic()
    errors = run_phase(workers, range(args.users), sync_user)
    users_seconds = time.monotonic() - start
    if errors:
        print(f"sync: {errors} user requests failed", file=sys.stderr)

    group_ids = [None] * args.groups
    memberships = 0
    groups_seconds = 0.0
    if not args.no_lookup and args.groups:
        gstart = time.monotonic()

        def create_group(worker, g):
            status, raw = worker.call("POST", "/Groups", {"schemas": [GROUP_URN],
                                                          "displayName": f"sync-{args.run}-{g}"})
            count(1)
            if status != 201:
                return False
            group_ids[g] = json.loads(raw)["id"]
            return True

        errors += run_phase(workers, range(args.groups), create_group)
        rng = random.Random(7)
        members = [[] for _ in range(args.groups)]
        for i, uid in enumerate(ids):
            if uid is None:
                continue
            for g in rng.sample(range(args.groups), min(3, args.groups)):
                members[g].append(uid)
        patches = []
        for g, uids in enumerate(members):
            memberships += len(uids)
            for k in range(0, len(uids), args.batch):
                patches.append((g, uids[k:k + args.batch]))

        def add_members(worker, item):
            g, uids = item
            if group_ids[g] is None:
                return False
            body = {"schemas": [PATCH_URN], "Operations": [
                {"op": "add", "path": "members", "value": [{"value": u} for u in uids]}]}
            status, _ = worker.call("PATCH", f"/Groups/{group_ids[g]}", body)
            count(1)
            return status in (200, 204)

        errors += run_phase(workers, patches, add_members)
        groups_seconds = time.monotonic() - gstart

    seconds = time.monotonic() - start
    print(json.dumps({"users": args.users, "groups": 0 if args.no_lookup else args.groups,
                      "memberships": memberships, "requests": requests[0],
                      "seconds": round(seconds, 2), "users_seconds": round(users_seconds, 2),
                      "groups_seconds": round(groups_seconds, 2),
                      "rps": round(requests[0] / seconds, 1), "errors": errors}))


if __name__ == "__main__":
    main()
