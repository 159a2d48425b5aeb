"""Two scimd nodes on one PostgreSQL database, a client spreading its
requests across both: an IdP provisioning sequence, racing creates, parallel
member adds and a secret rotation must behave as on one node, and afterwards
nothing is lost or duplicated.

Needs SCIMD_TEST_POSTGRES_URL (tests/postgres/run_with_postgres.sh sets it).
"""
import json
import os
import sys
import threading
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))

import scimd_harness  # noqa: E402
from scimd_harness import (GROUP_URN, Client, Server, patch_body, run_cli,  # noqa: E402
                           user_body)

POSTGRES_URL = os.environ.get("SCIMD_TEST_POSTGRES_URL")


@unittest.skipUnless(POSTGRES_URL, "SCIMD_TEST_POSTGRES_URL is not set")
class TwoNodesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # One schema shared by both nodes; they start together and migrate once.
        schema = "two_nodes_" + uuid.uuid4().hex[:12]
        sep = "&" if "?" in POSTGRES_URL else "?"
        cls.db = f"{POSTGRES_URL}{sep}schema={schema}&pool=4"
        # The harness gives each Server a database of its own; these two share.
        fresh_db_url = scimd_harness.fresh_db_url
        scimd_harness.fresh_db_url = lambda folder: cls.db
        cls.nodes = []
        try:
            starters = [threading.Thread(target=lambda: cls.nodes.append(Server()))
                        for _ in range(2)]
            for t in starters:
                t.start()
            for t in starters:
                t.join(timeout=120)
        finally:
            scimd_harness.fresh_db_url = fresh_db_url
        if len(cls.nodes) != 2:
            for node in cls.nodes:
                node.stop()
            raise AssertionError("both nodes must start")

    @classmethod
    def tearDownClass(cls):
        for node in cls.nodes:
            node.stop()

    def setUp(self):
        self.directory = self.nodes[0].add_directory(name="Two nodes")
        self.clients = [self._client(node) for node in self.nodes]

    def tearDown(self):
        for client in self.clients:
            client.conn.close()

    def _client(self, node, secret=None):
        return Client(node.port, self.directory["base_url"], secret or self.directory["secret"])

    def node_client(self, i):
        """The client of node i % 2: request i goes to alternating nodes."""
        return self.clients[i % 2]

    def parallel(self, count, work):
        results = [None] * count
        barrier = threading.Barrier(count)

        def run(i):
            client = self._client(self.nodes[i % 2])
            try:
                barrier.wait(timeout=30)
                results[i] = work(i, client)
            finally:
                client.conn.close()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        return results

    def test_idp_sequence_across_nodes(self):
        # OneLogin's sequence: probe, look up, create, update, suspend — each
        # step on the other node than the one before.
        step = iter(range(100))
        c = lambda: self.node_client(next(step))  # noqa: E731
        r = c().find_users('userName eq "probe-' + uuid.uuid4().hex + '"')
        self.assertEqual(r.json["totalResults"], 0)
        ids = []
        for n in range(10):
            name = f"ada{n}@example.com"
            self.assertEqual(c().find_users(f'userName eq "{name}"').json["totalResults"], 0)
            r = c().post("/Users", user_body(name, externalId=f"ext-{n}"))
            self.assertEqual(r.status, 201, r)
            ids.append(r.json["id"])
        for n, user_id in enumerate(ids):
            got = c().get("/Users/" + user_id)
            self.assertEqual(got.status, 200, got)
            body = got.json
            body["name"] = {"givenName": "Ada", "familyName": f"L{n}"}
            r = c().put("/Users/" + user_id, body)
            self.assertEqual(r.status, 200, r)
            r = c().patch("/Users/" + user_id, patch_body(
                {"op": "replace", "path": "active", "value": False}))
            self.assertEqual(r.status, 200, r)
        group = c().post("/Groups", {"schemas": [GROUP_URN], "displayName": "Engineering",
                                     "members": [{"value": i} for i in ids[:5]]})
        self.assertEqual(group.status, 201, group)
        r = c().patch("/Groups/" + group.json["id"], patch_body(
            {"op": "add", "path": "members", "value": [{"value": i} for i in ids[5:]]}))
        self.assertEqual(r.status, 204, r)
        self.assertEqual(c().delete("/Users/" + ids[0]).status, 204)
        self.assertEqual(c().delete("/Users/" + ids[0]).status, 404)
        # Both nodes see the same final state.
        for client in self.clients:
            users = client.get("/Users?count=100").json
            self.assertEqual(users["totalResults"], 9)
            self.assertEqual(sorted(u["id"] for u in users["Resources"]), sorted(ids[1:]))
            self.assertTrue(all(u["active"] is False for u in users["Resources"]))
            members = client.get("/Groups/" + group.json["id"]).json["members"]
            self.assertEqual(sorted(m["value"] for m in members), sorted(ids[1:]))

    def test_racing_creates_split_across_nodes_give_one_201(self):
        statuses = self.parallel(16, lambda i, client: client.post(
            "/Users", user_body("same@example.com")).status)
        self.assertEqual(sorted(statuses), [201] + [409] * 15, statuses)
        for client in self.clients:
            r = client.find_users('userName eq "same@example.com"')
            self.assertEqual(r.json["totalResults"], 1)

    def test_member_adds_split_across_nodes_are_all_kept(self):
        users = []
        for i in range(32):
            r = self.node_client(i).post("/Users", user_body(f"racer{i}@example.com"))
            self.assertEqual(r.status, 201, r)
            users.append(r.json["id"])
        group = self.clients[0].post(
            "/Groups", {"schemas": [GROUP_URN], "displayName": "Race"}).json

        def add(i, client):
            return client.patch("/Groups/" + group["id"], patch_body(
                {"op": "add", "path": "members", "value": [{"value": users[i]}]})).status

        self.assertEqual(self.parallel(32, add), [204] * 32)
        for client in self.clients:
            r = client.get("/Groups/" + group["id"])
            self.assertEqual(sorted(m["value"] for m in r.json["members"]), sorted(users))
            self.assertEqual(r.json["meta"]["version"], 'W/"33"')

    def test_rotated_secret_stops_working_on_both_nodes_at_once(self):
        for client in self.clients:
            self.assertEqual(client.get("/Users").status, 200)
        proc = run_cli(self.db, "directory", "rotate-secret", self.directory["id"], "--json")
        new_secret = json.loads(proc.stdout)["secret"]
        for node in self.nodes:
            old = self._client(node)
            new = self._client(node, new_secret)
            try:
                self.assertEqual(old.get("/Users").status, 401)
                self.assertEqual(new.get("/Users").status, 200)
            finally:
                old.conn.close()
                new.conn.close()


if __name__ == "__main__":
    unittest.main()
