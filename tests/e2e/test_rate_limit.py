"""Request limits on the SCIM listener: a directory over its request rate, and
a client address over its failed authentications, get 429 with Retry-After and
the SCIM error body until the limit allows them again."""
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

from scimd_harness import BINARY, ERROR_URN, SCIM_JSON, Server


def metric(server, name, **labels):
    body = server.admin_get("/metrics").body
    total = 0.0
    for line in body.splitlines():
        m = re.fullmatch(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)', line)
        if not m or m.group(1) != name:
            continue
        have = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        if all(have.get(k) == v for k, v in labels.items()):
            total += float(m.group(4))
    return total


class LimitAssertions(unittest.TestCase):
    def assertTooMany(self, response, max_retry_after):
        """A 429 from a limit; returns its Retry-After in seconds."""
        self.assertEqual(response.status, 429, response)
        retry_after = response.header("retry-after")
        self.assertRegex(retry_after or "", r"^[0-9]+$", response.headers)
        self.assertGreaterEqual(int(retry_after), 1)
        self.assertLessEqual(int(retry_after), max_retry_after)
        self.assertTrue(response.header("content-type").startswith(SCIM_JSON), response.headers)
        body = response.json
        self.assertEqual(body["schemas"], [ERROR_URN])
        self.assertEqual(body["status"], "429")
        self.assertTrue(body.get("detail"), body)
        self.assertIsNone(response.header("x-scimd-rate-limited"))  # internal
        return int(retry_after)


class DirectoryRateTest(LimitAssertions):
    """Two requests a second with a burst of five; no failed-auth limit."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(["--rate-limit", "2", "--rate-burst", "5",
                             "--auth-failure-limit", "0"])

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.addCleanup(self.server.close_clients)

    def spend_burst(self, scim):
        """Sends until refused; returns (successes, the 429)."""
        for sent in range(200):
            r = scim.get("/Users?count=1")
            if r.status != 200:
                return sent, r
        self.fail("never rate limited")

    def test_a_spent_burst_gets_429_until_retry_after(self):
        limited = self.server.add_directory(name="Busy")
        other = self.server.add_directory(name="Quiet")
        scim = self.server.client(limited)
        before = metric(self.server, "scimd_rate_limited_total",
                        directory=limited["id"], reason="rate")
        successes, refused = self.spend_burst(scim)
        self.assertGreaterEqual(successes, 5)
        retry_after = self.assertTooMany(refused, max_retry_after=1)
        self.assertIn("per second", refused.json["detail"])
        # Another directory has a bucket of its own.
        self.assertEqual(self.server.client(other).get("/Users?count=1").status, 200)
        self.assertEqual(metric(self.server, "scimd_rate_limited_total",
                                directory=limited["id"], reason="rate"), before + 1)
        time.sleep(retry_after)
        again = scim.get("/Users?count=1")
        self.assertEqual(again.status, 200, again)

    def test_unauthenticated_requests_do_not_spend_a_directory_budget(self):
        directory = self.server.add_directory(name="Guessed")
        scim = self.server.client(directory)
        for _ in range(20):
            self.assertEqual(scim.get("/Users", token="wrong").status, 401)
        successes, refused = self.spend_burst(scim)
        self.assertGreaterEqual(successes, 5)
        self.assertTooMany(refused, max_retry_after=1)


class AuthFailureLimitTest(LimitAssertions):
    """Three failures per five-second window; addresses from a trusted proxy."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(["--auth-failure-limit", "3", "--auth-failure-window", "5",
                             "--trusted-proxies", "127.0.0.1/32,::1"])
        cls.directory = cls.server.add_directory(name="Target")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.scim = self.server.client(self.directory)
        self.addCleanup(self.server.close_clients)

    def from_address(self, address, token="default", path="/Users?count=1"):
        return self.scim.get(path, token=token, headers={"X-Forwarded-For": address})

    def test_an_address_past_the_limit_is_refused_even_with_the_right_token(self):
        attacker, neighbour = "203.0.113.10", "203.0.113.11"
        before = metric(self.server, "scimd_rate_limited_total", directory="-", reason="auth")
        for _ in range(3):
            self.assertEqual(self.from_address(attacker, token="guess").status, 401)
        refused = self.from_address(attacker)
        retry_after = self.assertTooMany(refused, max_retry_after=5)
        self.assertIn("failed authentications", refused.json["detail"])
        # Refused before the directory is looked up: unknown ids too.
        self.assertTooMany(self.from_address(attacker, path="/scim/000000000000/v2/Users"),
                           max_retry_after=5)
        # Other addresses are unaffected, and their success clears nothing.
        ok = self.from_address(neighbour)
        self.assertEqual(ok.status, 200, ok)
        self.assertEqual(metric(self.server, "scimd_rate_limited_total",
                                directory="-", reason="auth"), before + 2)
        self.assertEqual(metric(self.server, "scimd_rate_limited_total",
                                directory=self.directory["id"], reason="auth"), 0)
        time.sleep(retry_after)
        again = self.from_address(attacker)
        self.assertEqual(again.status, 200, again)

    def test_failures_below_the_limit_are_not_refused(self):
        address = "203.0.113.20"
        for _ in range(2):
            self.assertEqual(self.from_address(address, token="guess").status, 401)
        self.assertEqual(self.from_address(address).status, 200)
        self.assertEqual(self.from_address(address, token="guess").status, 401)
        self.assertEqual(self.from_address(address).status, 429)


class LimitConfigTest(unittest.TestCase):
    """The limits come from flags, SCIMD_* variables or the configuration file."""

    def check(self, text, env=None):
        folder = tempfile.mkdtemp(prefix="scimd-config-")
        self.addCleanup(shutil.rmtree, folder, True)
        path = os.path.join(folder, "scimd.toml")
        with open(path, "w") as f:
            f.write(text)
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("SCIMD_")}
        full_env.update(env or {})
        return subprocess.run([BINARY, "config", "check", "--config", path],
                              capture_output=True, text=True, env=full_env, timeout=30)

    def test_file_keys_and_environment(self):
        proc = self.check("rate-limit = 0.5\nrate-burst = 10\nauth-failure-limit = 0\n",
                          env={"SCIMD_AUTH_FAILURE_WINDOW": "30"})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('rate-limit = "0.5"  # file', proc.stdout)
        self.assertIn('rate-burst = "10"  # file', proc.stdout)
        self.assertIn('auth-failure-limit = "0"  # file', proc.stdout)
        self.assertIn('auth-failure-window = "30"  # env SCIMD_AUTH_FAILURE_WINDOW', proc.stdout)

    def test_out_of_range_values_are_refused(self):
        for text in ("rate-limit = -1\n", "rate-burst = 0\n", "auth-failure-window = 0\n"):
            proc = self.check(text)
            self.assertNotEqual(proc.returncode, 0, (text, proc.stdout))


if __name__ == "__main__":
    unittest.main()
