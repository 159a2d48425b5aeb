"""Crash safety: a server killed with SIGKILL at random moments under a write
load loses no acknowledged write and leaves a consistent database.

Each round starts scimd on the same SQLite file, runs writers (user creates
and group member adds) and kills the process mid-flight. After every round
every write that got a 2xx must be readable; at the end SQLite's
integrity_check must pass and no members row may point at a missing resource.
"""
import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from scimd_harness import BINARY, GROUP_URN, patch_body, run_cli, user_body  # noqa: E402

ROUNDS = 20
WRITERS = 3


class ScimdProcess:
    """scimd serving `db` on a free port; killed, never stopped gracefully."""

    def __init__(self, db):
        self.proc = subprocess.Popen(
            [BINARY, "serve", "--db", db, "--listen", "127.0.0.1:0",
             "--admin-listen", "127.0.0.1:0", "--threads", "4"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.port = None
        output = []
        for line in self.proc.stdout:
            output.append(line)
            try:
                entry = json.loads(line)  # the JSON "listening" log line
            except ValueError:
                continue
            if entry.get("msg") == "listening" and entry.get("listener") == "scim":
                self.port = int(entry["url"].rsplit(":", 1)[1])
                break
        if self.port is None:
            self.kill()
            raise AssertionError("scimd did not start: " + "".join(output))
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        try:
            for _ in self.proc.stdout:
                pass
        except ValueError:
            pass

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdout.close()


class Writer(threading.Thread):
    """Creates users and adds each to a group until the server dies; records
    only what the server acknowledged with a 2xx."""

    def __init__(self, port, base_path, secret, groups, seq, acked):
        super().__init__(daemon=True)
        self.port, self.base_path, self.secret = port, base_path, secret
        self.groups, self.seq, self.acked = groups, seq, acked

    def call(self, conn, method, path, body):
        conn.request(method, self.base_path + path, body=json.dumps(body), headers={
            "Authorization": "Bearer " + self.secret,
            "Content-Type": "application/scim+json"})
        r = conn.getresponse()
        return r.status, r.read()

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            while True:
                name = f"user{next(self.seq)}@example.com"
                status, body = self.call(conn, "POST", "/Users", user_body(name))
                if status != 201:
                    raise AssertionError(f"create {name}: {status} {body[:200]}")
                user_id = json.loads(body)["id"]
                self.acked["users"].append(user_id)
                group_id = random.choice(self.groups)
                status, body = self.call(conn, "PATCH", "/Groups/" + group_id, patch_body(
                    {"op": "add", "path": "members", "value": [{"value": user_id}]}))
                if status not in (200, 204):
                    raise AssertionError(f"member add: {status} {body[:200]}")
                self.acked["members"].append((group_id, user_id))
        except (OSError, http.client.HTTPException):
            pass  # the server was killed
        finally:
            conn.close()


class SigkillTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="scimd-crash-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.db_path = os.path.join(self.dir, "scimd.db")
        self.db = "sqlite:" + self.db_path
        self.directory = json.loads(run_cli(self.db, "directory", "add", "--name", "Crash",
                                            "--idp", "okta", "--json").stdout)
        self.base_path = urllib.parse.urlparse(self.directory["base_url"]).path
        self.secret = self.directory["secret"]

    def start(self):
        return ScimdProcess(self.db)

    def client(self, server):
        return Client(server.port, self.base_path, self.secret)

    def test_acknowledged_writes_survive_sigkill(self):
        seed = int(os.environ.get("SCIMD_CRASH_SEED", time.time_ns()))
        print(f"SCIMD_CRASH_SEED={seed}", file=sys.stderr)
        rng = random.Random(seed)
        counter = iter(range(10**9))
        acked = {"users": [], "members": []}
        groups = []
        for round_no in range(ROUNDS):
            server = self.start()
            try:
                scim = self.client(server)
                self.check_acknowledged(scim, acked, groups)
                status, body = scim.call("POST", "/Groups", {
                    "schemas": [GROUP_URN], "displayName": f"group {round_no}"})
                self.assertEqual(status, 201, body)
                groups.append(json.loads(body)["id"])
                scim.close()
                writers = [Writer(server.port, self.base_path, self.secret, groups, counter,
                                  acked) for _ in range(WRITERS)]
                for w in writers:
                    w.start()
                time.sleep(rng.uniform(0.05, 0.6))
                server.kill()
                for w in writers:
                    w.join(timeout=30)
                    self.assertFalse(w.is_alive())
            finally:
                server.kill()
        self.assertTrue(acked["users"], "no write was ever acknowledged")
        server = self.start()
        try:
            self.check_acknowledged(self.client(server), acked, groups)
        finally:
            server.kill()
        self.check_database()

    def check_acknowledged(self, scim, acked, groups):
        present = set()
        start = 1
        while True:
            status, body = scim.call("GET", f"/Users?attributes=id&count=1000&startIndex={start}")
            self.assertEqual(status, 200, body)
            page = json.loads(body)
            present.update(r["id"] for r in page.get("Resources", []))
            start += page["itemsPerPage"]
            if not page["itemsPerPage"] or start > page["totalResults"]:
                break
        missing = [u for u in acked["users"] if u not in present]
        self.assertEqual(missing, [], "acknowledged users lost")
        members = {}
        for group_id in groups:
            status, body = scim.call("GET", f"/Groups/{group_id}?attributes=members")
            self.assertEqual(status, 200, body)
            members[group_id] = {m["value"] for m in json.loads(body).get("members", [])}
        lost = [(g, u) for g, u in acked["members"] if u not in members[g]]
        self.assertEqual(lost, [], "acknowledged member adds lost")
        scim.close()

    def check_database(self):
        conn = sqlite3.connect(self.db_path)
        try:
            self.assertEqual(conn.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
            orphans = conn.execute("""
                SELECT m.group_id, m.member_id FROM members m
                WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.directory_id = m.directory_id
                                  AND r.kind = 1 AND r.id = m.group_id)
                   OR NOT EXISTS (SELECT 1 FROM resources r WHERE r.directory_id = m.directory_id
                                  AND r.id = m.member_id)""").fetchall()
            self.assertEqual(orphans, [])
        finally:
            conn.close()


class Client:
    def __init__(self, port, base_path, secret):
        self.base_path, self.secret = base_path, secret
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def call(self, method, path, body=None):
        self.conn.request(method, self.base_path + path,
                          body=json.dumps(body) if body is not None else None,
                          headers={"Authorization": "Bearer " + self.secret,
                                   "Content-Type": "application/scim+json"})
        r = self.conn.getresponse()
        return r.status, r.read()

    def close(self):
        self.conn.close()


if __name__ == "__main__":
    unittest.main()
