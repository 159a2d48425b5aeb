"""Operations: /metrics, the JSON request log and its redaction, readiness,
graceful SIGTERM under load, backup under load, the config file, trusted
proxies."""
import http.client
import json
import os
import re
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest

from scimd_harness import BINARY, Server, run_cli, user_body

ON_SQLITE = not os.environ.get("SCIMD_E2E_DB_URL")


def parse_metrics(text):
    """{(name, frozenset(labels)): value} from Prometheus text format 0.0.4."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)', line)
        assert m, f"bad exposition line: {line!r}"
        labels = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        samples[(m.group(1), labels)] = float(m.group(4))
    return samples


def metric(samples, name, **labels):
    want = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and want <= set(ls))


def json_lines(output):
    out = []
    for line in output:
        line = line.strip()
        if line.startswith("{"):
            out.append(json.loads(line))
    return out


class MetricsAndLogsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(["--trusted-proxies", "127.0.0.1/32,::1"])
        cls.directory = cls.server.add_directory(name="Ops", idp="generic")
        cls.scim = cls.server.client(cls.directory)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def scrape(self):
        r = self.server.admin_get("/metrics")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("content-type").startswith("text/plain; version=0.0.4"))
        return parse_metrics(r.body)

    def test_counters_move_and_labels_are_bounded(self):
        directory_id = self.directory["id"]
        before = self.scrape()
        created = self.scim.post("/Users", user_body("metrics@example.com"))
        self.assertEqual(created.status, 201, created)
        user_id = created.json["id"]
        self.assertEqual(self.scim.get("/Users/" + user_id).status, 200)
        self.assertEqual(self.scim.get("/Users", token="wrong").status, 401)
        after = self.scrape()
        key = dict(directory=directory_id, method="POST", endpoint="Users", status="201")
        self.assertEqual(metric(after, "scimd_http_requests_total", **key),
                         metric(before, "scimd_http_requests_total", **key) + 1)
        self.assertGreaterEqual(metric(after, "scimd_auth_failures_total", listener="scim"),
                                metric(before, "scimd_auth_failures_total", listener="scim") + 1)
        self.assertGreater(metric(after, "scimd_http_request_duration_seconds_count",
                                  endpoint="Users"), 0)
        self.assertEqual(metric(after, "scimd_build_info", version="0.1.0"), 1)
        self.assertIn(("scimd_http_in_flight_requests", frozenset()), after)
        # Resource ids never become labels.
        self.assertNotIn(user_id, self.server.admin_get("/metrics").body)

    def test_store_calls_are_timed_and_the_pool_is_gauged(self):
        created = self.scim.post("/Users", user_body("db-metrics@example.com"))
        self.assertEqual(created.status, 201, created)
        self.assertEqual(self.scim.get("/Users/" + created.json["id"]).status, 200)
        after = self.scrape()
        for operation in ("Create", "Get", "GetDirectory"):
            self.assertGreater(metric(after, "scimd_db_query_duration_seconds_count",
                                      operation=operation), 0, operation)
            self.assertGreater(metric(after, "scimd_db_query_duration_seconds_sum",
                                      operation=operation), 0, operation)
        self.assertIn(("scimd_db_pool_connections", frozenset({("state", "in_use")})), after)
        self.assertIn(("scimd_db_pool_connections", frozenset({("state", "idle")})), after)
        # The reads above left at least one connection open in the pool.
        self.assertGreaterEqual(metric(after, "scimd_db_pool_connections"), 1)
        # Operations are method names, never ids.
        operations = {dict(ls).get("operation") for (n, ls) in after
                      if n == "scimd_db_query_duration_seconds_count"}
        self.assertTrue(all(re.fullmatch(r"[A-Z][A-Za-z]+", o) for o in operations), operations)

    def test_log_is_json_and_never_holds_secrets(self):
        password = "Pa55-never-logged-7f3a"
        r = self.scim.post("/Users", user_body("logged@example.com", password=password),
                           headers={"X-Request-Id": "ops-log-check"})
        self.assertEqual(r.status, 201, r)
        deadline = time.time() + 5
        entry = None
        while entry is None and time.time() < deadline:
            for line in json_lines(list(self.server.output)):
                if line.get("request_id") == "ops-log-check":
                    entry = line
            time.sleep(0.05)
        self.assertIsNotNone(entry, "no JSON log line for the request")
        for field in ("time", "level", "directory", "method", "path", "status", "latency_ms",
                      "remote"):
            self.assertIn(field, entry)
        self.assertEqual(entry["status"], 201)
        self.assertEqual(entry["method"], "POST")
        self.assertEqual(entry["directory"], self.directory["id"])
        everything = "".join(self.server.output)
        self.assertNotIn(password, everything)
        self.assertNotIn(self.directory["secret"], everything)

    def test_trusted_proxy_shapes_location_and_client_address(self):
        r = self.scim.post("/Users", user_body("proxied@example.com"),
                           headers={"X-Forwarded-Proto": "https",
                                    "X-Forwarded-Host": "scim.example.com",
                                    "X-Forwarded-For": "203.0.113.7",
                                    "X-Request-Id": "ops-proxy-check"})
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json["meta"]["location"].startswith(
            "https://scim.example.com/scim/" + self.directory["id"] + "/v2/Users/"), r.json)
        self.assertTrue(r.header("location").startswith("https://scim.example.com/"))
        time.sleep(0.2)
        lines = [l for l in json_lines(list(self.server.output))
                 if l.get("request_id") == "ops-proxy-check"]
        self.assertEqual(lines[0]["remote"], "203.0.113.7")


class StartupLogTest(unittest.TestCase):
    def serve(self, *args):
        folder = tempfile.mkdtemp(prefix="scimd-startup-")
        db = os.environ.get("SCIMD_E2E_DB_URL") or "sqlite:" + os.path.join(folder, "s.db")
        return subprocess.Popen([BINARY, "serve", "--db", db, *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def test_start_and_stop_lines_are_json(self):
        proc = self.serve("--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0",
                          "--log-level", "error")
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if '"listener":"admin"' in line:
                break
        proc.send_signal(signal.SIGTERM)
        out, rest = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 0, "".join(lines) + rest)
        lines += rest.splitlines(keepends=True)
        entries = [json.loads(line) for line in lines]  # every stderr line is JSON
        self.assertEqual([e["listener"] for e in entries if e["msg"] == "listening"],
                         ["scim", "admin"])
        self.assertTrue(all(e["url"].startswith("http://127.0.0.1:")
                            for e in entries if e["msg"] == "listening"))
        self.assertEqual(entries[-1]["msg"], "stopped")
        self.assertTrue(all("time" in e and "level" in e for e in entries))

    def test_start_up_failure_is_a_json_error_and_exit_1(self):
        proc = self.serve("--listen", "127.0.0.1:notaport")
        _, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 1, err)
        entry = json.loads(err.strip().splitlines()[-1])
        self.assertEqual((entry["level"], entry["msg"], entry["step"]),
                         ("error", "cannot start", "--listen"))
        self.assertIn("notaport", entry["detail"])

    @unittest.skipUnless(ON_SQLITE, "an unreachable SQLite path")
    def test_unopenable_database_is_a_json_error_and_exit_1(self):
        proc = subprocess.run([BINARY, "serve", "--db", "sqlite:/proc/nope/s.db",
                               "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        entry = json.loads(proc.stderr.strip().splitlines()[-1])
        self.assertEqual((entry["msg"], entry["step"]), ("cannot start", "database"))
        self.assertIn("/proc/nope/s.db", entry["detail"])


class UntrustedProxyTest(unittest.TestCase):
    def test_forwarded_headers_from_an_untrusted_peer_are_ignored(self):
        server = Server()
        try:
            scim = server.client(server.add_directory(idp="generic"))
            r = scim.post("/Users", user_body("direct@example.com"),
                          headers={"X-Forwarded-Proto": "https",
                                   "X-Forwarded-Host": "evil.example.com"})
            self.assertEqual(r.status, 201, r)
            self.assertTrue(r.json["meta"]["location"].startswith("http://127.0.0.1:"))
        finally:
            server.stop()


@unittest.skipUnless(ON_SQLITE, "the readiness probe removes the SQLite database's folder")
class ReadinessTest(unittest.TestCase):
    def test_readyz_flips_when_the_database_goes_away(self):
        server = Server()
        moved = server.dir + ".away"
        try:
            self.assertEqual(server.admin_get("/readyz").status, 200)
            os.rename(server.dir, moved)
            r = server.admin_get("/readyz")
            self.assertEqual(r.status, 503, r)
            self.assertEqual(server.admin_get("/healthz").status, 200)
            os.rename(moved, server.dir)
            self.assertEqual(server.admin_get("/readyz").status, 200)
        finally:
            if os.path.exists(moved):
                os.rename(moved, server.dir)
            server.stop()


class GracefulShutdownTest(unittest.TestCase):
    # Every request is on a fresh connection, so a failure here is never the
    # ordinary close of an idle keep-alive connection: a request whose bytes
    # were sent before SIGTERM must be answered.
    def test_sigterm_under_load_answers_every_request_already_sent(self):
        # The load runs far past the per-directory request rate; a 429 would be
        # an answer too, but every request here should be served.
        server = Server(["--shutdown-timeout", "10"], env={"SCIMD_RATE_LIMIT": "0"})
        directory = server.add_directory(idp="generic")
        token = directory["secret"]
        base = "/scim/" + directory["id"] + "/v2"
        sent_before = []  # (t_sent, outcome) of every request sent before SIGTERM
        results = []
        lock = threading.Lock()
        stop = threading.Event()

        def worker(n):
            i = 0
            while not stop.is_set():
                i += 1
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                body = json.dumps(user_body(f"load-{n}-{i}@example.com"))
                try:
                    conn.request("POST", base + "/Users", body=body,
                                 headers={"Authorization": "Bearer " + token,
                                          "Content-Type": "application/scim+json"})
                except (ConnectionError, OSError):
                    return  # refused: the listener is closed
                t_sent = time.monotonic()
                try:
                    r = conn.getresponse()
                    r.read()
                    outcome = r.status
                except (ConnectionError, http.client.HTTPException, OSError) as e:
                    outcome = repr(e)
                finally:
                    conn.close()
                with lock:
                    results.append((t_sent, outcome))
                if not isinstance(outcome, int):
                    return

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
        for t in threads:
            t.start()
        try:
            time.sleep(1.5)
            t_term = time.monotonic()
            server.proc.send_signal(signal.SIGTERM)
            self.assertEqual(server.proc.wait(timeout=30), 0)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=30)
            server.stop()
        sent_before = [(t, o) for t, o in results if t < t_term]
        self.assertGreater(len(sent_before), 20, "the load never ran")
        failed = [o for _, o in sent_before if not isinstance(o, int)]
        self.assertEqual(failed, [], "requests sent before SIGTERM got no response")
        self.assertTrue(all(o == 201 for _, o in sent_before), sorted({o for _, o in sent_before}))


@unittest.skipUnless(ON_SQLITE, "backup and restore work on SQLite (PostgreSQL: pg_dump)")
class BackupTest(unittest.TestCase):
    def test_backup_under_write_load_restores_consistently(self):
        server = Server()
        out = tempfile.mkdtemp(prefix="scimd-backup-")
        try:
            directory = server.add_directory(idp="generic")
            scim = server.client(directory)
            acknowledged = []
            stop = threading.Event()

            def writer():
                i = 0
                while not stop.is_set():
                    i += 1
                    r = scim.post("/Users", user_body(f"b{i}@example.com"))
                    if r.status != 201:
                        continue
                    acknowledged.append(r.json["userName"])
                    if i % 5 == 0:  # groups whose members must survive with them
                        scim.post("/Groups", {
                            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                            "displayName": f"g{i}", "members": [{"value": r.json["id"]}]})

            thread = threading.Thread(target=writer)
            thread.start()
            time.sleep(1.0)
            acked_before = list(acknowledged)
            backup = os.path.join(out, "backup.db")
            proc = subprocess.run([BINARY, "backup", "--db", server.db, "--to", backup],
                                  capture_output=True, text=True, timeout=60)
            time.sleep(0.3)
            stop.set()
            thread.join()
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertGreater(len(acked_before), 10)

            restored = os.path.join(out, "restored.db")
            proc = run_cli("sqlite:" + restored, "restore", "--from", backup)
            # A second restore over it is refused without --force.
            again = run_cli("sqlite:" + restored, "restore", "--from", backup, check=False)
            self.assertNotEqual(again.returncode, 0)
            self.assertIn("--force", again.stderr)

            db = sqlite3.connect(restored)
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            names = {row[0] for row in db.execute(
                "SELECT name_lc FROM resources WHERE kind = 0")}
            missing = [n for n in acked_before if n.lower() not in names]
            self.assertEqual(missing, [])
            dangling = db.execute(
                "SELECT count(*) FROM members m WHERE NOT EXISTS (SELECT 1 FROM resources r "
                "WHERE r.directory_id = m.directory_id AND r.id = m.member_id)").fetchone()[0]
            self.assertEqual(dangling, 0)
            db.close()
        finally:
            server.stop()
            subprocess.run(["rm", "-rf", out])

    def test_backup_of_postgresql_points_to_pg_dump(self):
        proc = subprocess.run([BINARY, "backup", "--db", "postgresql://db/scimd", "--to", "x"],
                              capture_output=True, text=True, timeout=30)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("pg_dump", proc.stderr)


class ConfigTest(unittest.TestCase):
    def write(self, text):
        folder = tempfile.mkdtemp(prefix="scimd-config-")
        self.addCleanup(subprocess.run, ["rm", "-rf", folder])
        path = os.path.join(folder, "scimd.toml")
        with open(path, "w") as f:
            f.write(text)
        return path

    def check(self, path, env=None):
        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run([BINARY, "config", "check", "--config", path],
                              capture_output=True, text=True, env=full_env, timeout=30)

    def test_check_prints_the_effective_configuration_masked(self):
        path = self.write('db = "postgresql://scimd:hunter2@db.internal/scimd"\n'
                          'threads = 8\nlog-level = "warn"\n'
                          'trusted-proxies = ["10.0.0.0/8", "::1"]\n')
        proc = self.check(path, env={"SCIMD_THREADS": "3"})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn("hunter2", proc.stdout)
        self.assertIn('db = "postgresql://scimd:****@db.internal/scimd"', proc.stdout)
        self.assertIn('threads = "3"  # env SCIMD_THREADS', proc.stdout)  # env beats file
        self.assertIn('log-level = "warn"  # file', proc.stdout)
        self.assertIn('trusted-proxies = "10.0.0.0/8,::1"', proc.stdout)

    def test_unknown_key_and_bad_value_fail_fast(self):
        proc = self.check(self.write('listen = "127.0.0.1:0"\nlisten-port = 5501\n'))
        self.assertEqual(proc.returncode, 1)
        self.assertIn("scimd.toml:2: unknown key 'listen-port'", proc.stderr)
        proc = self.check(self.write('threads = 100000\n'))
        self.assertEqual(proc.returncode, 1)
        self.assertIn("threads", proc.stderr)
        proc = subprocess.run([BINARY, "serve", "--config", self.write("bogus = 1\n")],
                              capture_output=True, text=True, timeout=30)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("unknown key 'bogus'", proc.stderr)

    def test_serve_reads_the_file_and_flags_win(self):
        path = self.write('log-level = "error"\nlisten = "127.0.0.1:1"\n')
        # --listen on the command line overrides the file's unusable port 1;
        # log-level from the file silences info request lines.
        server = Server(["--config", path])
        try:
            scim = server.client(server.add_directory(idp="generic"))
            self.assertEqual(scim.get("/Users").status, 200)
            time.sleep(0.2)
            self.assertEqual([l for l in json_lines(list(server.output))
                              if l.get("msg") == "request"], [])
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
