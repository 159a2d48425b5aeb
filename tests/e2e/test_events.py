"""The change feed end to end: ordering without gaps, long-poll wake-up,
retention (410) with snapshot resynchronisation, and the example consumer
converging after being stopped and restarted mid-stream."""
import http.client
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from scimd_harness import Server, patch_body, user_body, GROUP_URN

CONSUMER = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "feed_consumer.py")


class FeedCase(unittest.TestCase):
    extra_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=cls.extra_args)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.directory = self.server.add_directory()
        self.scim = self.server.client(self.directory)
        self.feed = f"/admin/v1/directories/{self.directory['id']}"

    def admin(self, path, timeout=90):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.admin_port, timeout=timeout)
        conn.request("GET", path, headers={"Authorization": "Bearer " + self.server.admin_token})
        r = conn.getresponse()
        body = r.read().decode()
        conn.close()
        return r.status, json.loads(body) if body else None

    def events(self, after=0, **params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        status, body = self.admin(f"{self.feed}/events?after={after}&{query}")
        self.assertEqual(status, 200, body)
        return body

    def create_user(self, name, **extra):
        r = self.scim.post("/Users", user_body(name, **extra))
        self.assertEqual(r.status, 201, r)
        return r.json["id"]


class EventFeedTest(FeedCase):
    def test_writes_appear_in_order_without_gaps(self):
        alice = self.create_user("alice")
        bob = self.create_user("bob")
        r = self.scim.post("/Groups", {"schemas": [GROUP_URN], "displayName": "Eng",
                                       "members": [{"value": alice}]})
        self.assertEqual(r.status, 201, r)
        group = r.json["id"]
        r = self.scim.patch(f"/Users/{bob}",
                            patch_body({"op": "replace", "path": "active", "value": False}))
        self.assertEqual(r.status, 200, r)
        r = self.scim.patch(f"/Groups/{group}",
                            patch_body({"op": "add", "path": "members", "value": [{"value": bob}]}))
        self.assertIn(r.status, (200, 204), r)
        self.assertEqual(self.scim.delete(f"/Users/{alice}").status, 204)

        page = self.events(limit=100)
        events = page["events"]
        self.assertEqual([e["seq"] for e in events], list(range(1, len(events) + 1)))
        self.assertEqual(page["next"], events[-1]["seq"])
        self.assertEqual(page["lastSeq"], events[-1]["seq"])
        self.assertEqual([e["type"] for e in events],
                         ["user.created", "user.created", "group.created", "group.member_added",
                          "user.deactivated", "group.member_added", "user.deleted"])
        deactivated = events[4]
        self.assertEqual(deactivated["id"], bob)
        self.assertEqual(deactivated["changed"], ["active"])
        self.assertEqual(deactivated["values"], {"active": False})
        self.assertTrue(deactivated["requestId"])
        self.assertEqual(events[5]["members"], [bob])
        for event in events:
            self.assertEqual(event["directory"], self.directory["id"])
            self.assertNotIn("password", json.dumps(event))

        # Paging with the cursor returns the rest, then nothing.
        first = self.events(limit=3)
        self.assertEqual([e["seq"] for e in first["events"]], [1, 2, 3])
        rest = self.events(after=first["next"], limit=100)
        self.assertEqual(rest["events"][0]["seq"], 4)
        self.assertEqual(self.events(after=page["next"])["events"], [])

    def test_the_request_id_and_verbs_follow_the_request(self):
        user = self.create_user("carol")
        r = self.scim.put(f"/Users/{user}", user_body("carol", displayName="Carol"),
                          headers={"X-Request-Id": "put-request-1"})
        self.assertEqual(r.status, 200, r)
        r = self.scim.patch(f"/Users/{user}",
                            patch_body({"op": "replace", "path": "active", "value": False}))
        r = self.scim.patch(f"/Users/{user}",
                            patch_body({"op": "replace", "path": "active", "value": True}))
        events = self.events()["events"]
        self.assertEqual([e["type"] for e in events],
                         ["user.created", "user.replaced", "user.deactivated", "user.reactivated"])
        self.assertEqual(events[1]["requestId"], "put-request-1")
        self.assertIn("displayName", events[1]["changed"])

    def test_a_long_poll_wakes_up_when_a_write_commits(self):
        head = self.events()["next"]
        result = {}

        def poll():
            result["page"] = self.events(after=head, wait="30s")

        poller = threading.Thread(target=poll)
        poller.start()
        time.sleep(0.5)  # let the poll start waiting; correctness does not depend on it
        self.create_user("dave")
        poller.join(timeout=60)
        self.assertFalse(poller.is_alive())
        self.assertEqual([e["type"] for e in result["page"]["events"]], ["user.created"])

    def test_a_long_poll_without_writes_answers_an_empty_page(self):
        head = self.events()["next"]
        page = self.events(after=head, wait="300ms")
        self.assertEqual(page["events"], [])
        self.assertEqual(page["next"], head)

    def test_bad_parameters_and_unknown_directories_are_refused(self):
        self.assertEqual(self.admin(f"{self.feed}/events?wait=61s")[0], 400)
        self.assertEqual(self.admin(f"{self.feed}/events?after=-1")[0], 400)
        self.assertEqual(self.admin("/admin/v1/directories/zzzzzzzzzzzz/events")[0], 404)
        self.assertEqual(self.admin(f"{self.feed}/snapshot?type=widgets")[0], 400)

    def test_the_example_consumer_converges_after_a_restart(self):
        token = self.server.admin_token
        folder = tempfile.mkdtemp(prefix="scimd-consumer-")
        db_path = os.path.join(folder, "consumer.db")
        args = [sys.executable, CONSUMER, "--admin-url",
                f"http://127.0.0.1:{self.server.admin_port}", "--token", token,
                "--directory", self.directory["id"], "--db", db_path]
        users = [self.create_user(f"user{i}") for i in range(6)]
        r = self.scim.post("/Groups", {"schemas": [GROUP_URN], "displayName": "All",
                                       "members": [{"value": u} for u in users[:3]]})
        group = r.json["id"]
        follower = subprocess.Popen(args)
        try:
            # Writes while the consumer is following with long-polls...
            for u in users[:2]:
                self.scim.patch(f"/Users/{u}",
                                patch_body({"op": "replace", "path": "active", "value": False}))
            time.sleep(1)
        finally:
            follower.terminate()
            follower.wait(timeout=30)
        # ...and while it is stopped.
        self.scim.patch(f"/Groups/{group}",
                        patch_body({"op": "remove", "path": f'members[value eq "{users[0]}"]'}))
        self.scim.patch(f"/Groups/{group}",
                        patch_body({"op": "add", "path": "members",
                                    "value": [{"value": users[5]}]}))
        self.assertEqual(self.scim.delete(f"/Users/{users[1]}").status, 204)
        self.scim.patch(f"/Users/{users[0]}",
                        patch_body({"op": "replace", "path": "active", "value": True}))
        subprocess.run(args + ["--once"], check=True, timeout=60)

        db = sqlite3.connect(db_path)
        got_users = dict(db.execute("SELECT id, active FROM users"))
        got_members = sorted(m for (m,) in db.execute(
            "SELECT member_id FROM memberships WHERE group_id = ?", (group,)))
        db.close()
        expected_users = {u: (0 if u == users[1] else 1) for u in users if u != users[1]}
        self.assertEqual(got_users, expected_users)
        self.assertEqual(got_members, sorted([users[2], users[5]]))


class RetentionTest(FeedCase):
    extra_args = ("--events-max-count", "5")

    def test_a_consumer_behind_retention_gets_410_and_resyncs_from_the_snapshot(self):
        users = [self.create_user(f"r{i}") for i in range(9)]
        r = self.scim.post("/Groups", {"schemas": [GROUP_URN], "displayName": "G",
                                       "members": [{"value": u} for u in users[:2]]})
        group = r.json["id"]
        # The pruner runs in the background; wait (bounded) until it has.
        deadline = time.time() + 30
        while True:
            status, body = self.admin(f"{self.feed}/events?after=0")
            if status == 410 or time.time() > deadline:
                break
            time.sleep(0.5)
        self.assertEqual(status, 410, body)
        self.assertEqual(body["error"]["code"], "Gone")
        self.assertIn("resynchronise", body["error"]["message"])

        status, snapshot = self.admin(f"{self.feed}/snapshot?type=users&limit=4")
        self.assertEqual(status, 200, snapshot)
        ids = [item["id"] for item in snapshot["items"]]
        while snapshot["next"] is not None:
            status, snapshot = self.admin(
                f"{self.feed}/snapshot?type=users&limit=4&after={snapshot['next']}")
            ids += [item["id"] for item in snapshot["items"]]
        self.assertEqual(sorted(ids), sorted(users))
        status, groups = self.admin(f"{self.feed}/snapshot?type=groups")
        self.assertEqual(groups["items"][0]["id"], group)
        self.assertEqual(sorted(groups["items"][0]["members"]), sorted(users[:2]))
        self.assertNotIn("password", json.dumps(groups))
        # The snapshot's seq is a valid cursor: reading after it succeeds.
        status, body = self.admin(f"{self.feed}/events?after={groups['seq']}")
        self.assertEqual(status, 200, body)


if __name__ == "__main__":
    unittest.main()
