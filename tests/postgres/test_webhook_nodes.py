"""Two scimd nodes on one PostgreSQL database deliver one subscription: the
lease lets one node at a time send it, so the receiver gets every event once,
in order, whichever node wrote it.

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
from scimd_harness import Client, Server, run_cli, user_body  # noqa: E402
from test_webhooks import Receiver  # noqa: E402

POSTGRES_URL = os.environ.get("SCIMD_TEST_POSTGRES_URL")


@unittest.skipUnless(POSTGRES_URL, "SCIMD_TEST_POSTGRES_URL is not set")
class WebhookNodesTest(unittest.TestCase):
    def setUp(self):
        schema = "hook_nodes_" + uuid.uuid4().hex[:12]
        sep = "&" if "?" in POSTGRES_URL else "?"
        self.db = f"{POSTGRES_URL}{sep}schema={schema}&pool=4"
        fresh_db_url = scimd_harness.fresh_db_url
        scimd_harness.fresh_db_url = lambda folder: self.db
        try:
            # The first node migrates; the second starts on the migrated schema.
            self.nodes = [Server()]
            self.nodes.append(Server())
        finally:
            scimd_harness.fresh_db_url = fresh_db_url
        self.receiver = Receiver(delay=0.01)

    def tearDown(self):
        for node in self.nodes:
            node.stop()
        self.receiver.close()

    def test_each_event_is_delivered_once_in_order(self):
        directory = self.nodes[0].add_directory(name="Hooks")
        run_cli(self.db, "webhook", "add", directory["id"], "--url", self.receiver.url,
                "--events", "user.created", "--json")
        clients = [Client(node.port, directory["base_url"], directory["secret"])
                   for node in self.nodes]
        try:
            for i in range(40):
                r = clients[i % 2].post("/Users", user_body(f"user{i}"))
                self.assertEqual(r.status, 201, r)
        finally:
            for client in clients:
                client.conn.close()
        self.receiver.wait_for(lambda reqs: len(reqs) >= 40, timeout=60)
        seqs = [b["seq"] for b in self.receiver.bodies()]
        self.assertEqual(seqs, sorted(seqs), seqs)
        self.assertEqual(len(seqs), len(set(seqs)), seqs)
        self.assertEqual(len(seqs), 40, seqs)


if __name__ == "__main__":
    unittest.main()
