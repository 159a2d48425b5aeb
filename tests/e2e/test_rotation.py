"""App-secret rotation against a running server: with a grace period both
secrets work until it ends, then only the new one; without one the old secret
fails on the very next request. Secrets and their hashes never show up in
the directory, the change feed or the request log."""
import datetime
import hashlib
import http.client
import json
import time
import unittest

from scimd_harness import ERROR_URN, Server, run_cli, user_body


def parse_time(text):
    """'2026-11-29T05:23:54.123Z' -> seconds since the epoch."""
    moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    return moment.replace(tzinfo=datetime.timezone.utc).timestamp()


def sha256_hex(text):
    return hashlib.sha256(text.encode()).hexdigest()


class RotationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Refused secrets are the point here; keep the per-address limit on
        # failed authentications out of the way.
        cls.server = Server(extra_args=("--auth-failure-limit", "0"))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.directory = self.server.add_directory(name="Rotation")
        self.scim = self.server.client(self.directory)
        self.addCleanup(self.server.close_clients)
        self.assertEqual(self.scim.post("/Users", user_body("rot@example.com")).status, 201)

    def rotate(self, *args):
        proc = run_cli(self.server.db, "directory", "rotate-secret", self.directory["id"],
                       "--json", *args)
        return json.loads(proc.stdout)

    def show(self):
        return json.loads(run_cli(self.server.db, "directory", "show", self.directory["id"],
                                  "--json").stdout)

    def admin(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.admin_port, timeout=30)
        headers = {"Authorization": "Bearer " + self.server.admin_token}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        raw = r.read().decode()
        conn.close()
        return r.status, json.loads(raw) if raw else None

    def assert_opens(self, secret):
        r = self.scim.get("/Users", token=secret)
        self.assertEqual(r.status, 200, r)

    def assert_refused(self, secret):
        r = self.scim.get("/Users", token=secret)
        self.assertEqual(r.status, 401, r)
        self.assertEqual(r.json["schemas"], [ERROR_URN])
        self.assertTrue(r.header("www-authenticate").startswith("Bearer"), r.headers)

    def test_with_a_grace_both_secrets_work_until_it_ends(self):
        old = self.directory["secret"]
        rotated = self.rotate("--grace", "3s")
        new = rotated["secret"]
        self.assertNotEqual(new, old)
        until = parse_time(rotated["previous_secret_valid_until"])
        self.assertEqual(self.show()["previous_secret_valid_until"],
                         rotated["previous_secret_valid_until"])
        self.assert_opens(new)
        self.assert_opens(old)
        # Wait until the server's expiry has passed (same clock), then only
        # the new secret works.
        time.sleep(max(0.0, until - time.time()) + 0.2)
        self.assert_refused(old)
        self.assert_opens(new)
        self.assertIsNone(self.show()["previous_secret_valid_until"])

    def test_without_a_grace_the_old_secret_fails_on_the_next_request(self):
        old = self.directory["secret"]
        self.assert_opens(old)  # keeps the connection open across the rotation
        rotated = self.rotate()
        self.assertIsNone(rotated["previous_secret_valid_until"])
        self.assert_refused(old)
        self.assert_opens(rotated["secret"])
        self.assertIsNone(self.show()["previous_secret_valid_until"])

    def test_a_second_rotation_within_the_grace_replaces_the_previous_secret(self):
        first = self.directory["secret"]
        second = self.rotate("--grace", "1h")["secret"]
        third = self.rotate("--grace", "1h")["secret"]
        self.assert_refused(first)
        self.assert_opens(second)
        self.assert_opens(third)
        # Rotating without a grace cuts off the running grace period at once.
        fourth = self.rotate()["secret"]
        self.assert_refused(second)
        self.assert_refused(third)
        self.assert_opens(fourth)

    def test_removing_the_directory_ends_both_secrets(self):
        old = self.directory["secret"]
        new = self.rotate("--grace", "1h")["secret"]
        self.assert_opens(old)
        run_cli(self.server.db, "directory", "remove", self.directory["id"])
        self.assert_refused(old)
        self.assert_refused(new)

    def test_text_output_says_when_the_old_secret_stops(self):
        proc = run_cli(self.server.db, "directory", "rotate-secret", self.directory["id"],
                       "--grace", "90m")
        self.assertIn("New App secret: ", proc.stdout)
        self.assertIn("keeps working until", proc.stdout)
        self.assertIn("(1h30m)", proc.stdout)
        proc = run_cli(self.server.db, "directory", "rotate-secret", self.directory["id"])
        self.assertIn("no longer works", proc.stdout)
        shown = run_cli(self.server.db, "directory", "show", self.directory["id"]).stdout
        self.assertIn("previous_secret_valid_until: none", shown)

    def test_the_grace_comes_from_the_environment_too(self):
        old = self.directory["secret"]
        proc = run_cli(self.server.db, "directory", "rotate-secret", self.directory["id"],
                       "--json", env={"SCIMD_SECRET_GRACE": "1h"})
        rotated = json.loads(proc.stdout)
        self.assertIsNotNone(rotated["previous_secret_valid_until"])
        self.assert_opens(old)
        self.assert_opens(rotated["secret"])

    def test_a_bad_grace_is_refused_and_changes_nothing(self):
        old = self.directory["secret"]
        for grace in ("8d", "24", "soon", "-1h"):
            proc = run_cli(self.server.db, "directory", "rotate-secret", self.directory["id"],
                           f"--grace={grace}", check=False)
            self.assertNotEqual(proc.returncode, 0, grace)
            self.assertIn("scimd:", proc.stderr, grace)
            self.assert_opens(old)

    def test_the_admin_api_rotates_with_an_optional_grace(self):
        base = f"/admin/v1/directories/{self.directory['id']}"
        old = self.directory["secret"]
        status, body = self.admin("POST", base + "/rotate-secret", {"grace": "1h"})
        self.assertEqual(status, 200, body)
        new = body["secret"]
        until = parse_time(body["previous_secret_valid_until"])
        self.assertAlmostEqual(until - time.time(), 3600, delta=120)
        self.assert_opens(old)
        self.assert_opens(new)
        status, shown = self.admin("GET", base)
        self.assertEqual(shown["previous_secret_valid_until"],
                         body["previous_secret_valid_until"])
        for bad in ({"grace": "8d"}, {"grace": "later"}, {"grace": 60}, {"other": "1h"}):
            status, error = self.admin("POST", base + "/rotate-secret", bad)
            self.assertEqual(status, 400, (bad, error))
            self.assertEqual(error["error"]["code"], "invalid_value", bad)
        self.assert_opens(old)
        # No body: no grace, as the console's button sends it.
        status, body = self.admin("POST", base + "/rotate-secret")
        self.assertEqual(status, 200, body)
        self.assertIsNone(body["previous_secret_valid_until"])
        self.assert_refused(old)
        self.assert_refused(new)
        self.assert_opens(body["secret"])

    def test_no_secret_or_hash_in_the_feed_the_log_or_the_directory(self):
        old = self.directory["secret"]
        new = self.rotate("--grace", "1h")["secret"]
        self.assert_opens(old)
        self.assert_opens(new)
        self.scim.get("/Users", token="wrong-" + new)
        base = f"/admin/v1/directories/{self.directory['id']}"
        status, events = self.admin("GET", base + "/events?after=0")
        self.assertEqual(status, 200, events)
        types = [event["type"] for event in events["events"]]
        self.assertIn("directory.secret_rotated", types)
        status, requests = self.admin("GET", base + "/requests")
        self.assertEqual(status, 200, requests)
        _, shown = self.admin("GET", base)
        listed = run_cli(self.server.db, "directory", "list", "--json").stdout
        cli_shown = run_cli(self.server.db, "directory", "show", self.directory["id"],
                            "--json").stdout
        everything = json.dumps([events, requests, shown]) + listed + cli_shown
        everything += "".join(self.server.output)
        for secret in (old, new):
            self.assertNotIn(secret, everything)
            self.assertNotIn(sha256_hex(secret), everything)


if __name__ == "__main__":
    unittest.main()
