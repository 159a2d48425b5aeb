"""Starts a real scimd on port 0 with a temporary database and talks HTTP to it.

Standard library only, so the end-to-end suite needs nothing beyond python3.
"""
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import unittest
import urllib.parse
import uuid

BINARY = os.environ.get(
    "SCIMD_BINARY",
    os.path.join(os.path.dirname(__file__), "..", "..", "build", "scimd"))

SCIM_JSON = "application/scim+json"
ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def run_cli(db, *args, env=None, check=True):
    """Runs `scimd ARGS --db DB`; returns the CompletedProcess."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run([BINARY, *args, "--db", db], capture_output=True, text=True,
                          env=full_env, timeout=60)
    if check and proc.returncode != 0:
        raise AssertionError(f"scimd {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return proc


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def json(self):
        return json.loads(self.body) if self.body else None

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


def fresh_db_url(folder):
    """A database of its own for one Server: SQLite in `folder`, or, when
    SCIMD_E2E_DB_URL names a PostgreSQL server, a new schema there (scimd
    creates it on first use)."""
    base = os.environ.get("SCIMD_E2E_DB_URL")
    if not base:
        return "sqlite:" + os.path.join(folder, "scimd.db")
    schema = "e2e_" + uuid.uuid4().hex[:16]
    return base + ("&" if "?" in base else "?") + "schema=" + schema


def listening(line):
    """(listener, url) when `line` is scimd's JSON "listening" log line, else None."""
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    if not isinstance(entry, dict) or entry.get("msg") != "listening":
        return None
    return entry.get("listener"), entry.get("url")


def port_of(url):
    return int(url.rsplit(":", 1)[1])


class Server:
    """A scimd process with its own database, listening on free ports."""

    def __init__(self, extra_args=(), env=None):
        self.dir = tempfile.mkdtemp(prefix="scimd-e2e-")
        self.db = fresh_db_url(self.dir)
        self.proc = subprocess.Popen(
            [BINARY, "serve", "--db", self.db, "--listen", "127.0.0.1:0",
             "--admin-listen", "127.0.0.1:0", "--threads", "4", *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, **(env or {})})
        self.output = []
        self.clients = []
        self.port = self.admin_port = None
        self.admin_token = None  # printed once, on a database without admin tokens
        for line in self.proc.stdout:
            self.output.append(line)
            m = re.search(r"admin token \(shown once\): (\S+)", line)
            if m:
                self.admin_token = m.group(1)
            found = listening(line)
            if found and found[0] == "scim":
                self.port = port_of(found[1])
            if found and found[0] == "admin":
                self.admin_port = port_of(found[1])
            if self.port and self.admin_port:
                break
        if not (self.port and self.admin_port):
            self.stop()
            raise AssertionError("scimd did not start: " + "".join(self.output))
        # Keep draining stdout so the server never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        try:
            for line in self.proc.stdout:
                self.output.append(line)
        except ValueError:  # stdout closed by stop()
            pass

    def add_directory(self, name="OneLogin", idp="onelogin"):
        proc = run_cli(self.db, "directory", "add", "--name", name, "--idp", idp, "--json",
                       "--public-url", f"http://127.0.0.1:{self.port}")
        return json.loads(proc.stdout)

    def client(self, directory):
        client = Client(self.port, directory["base_url"], directory["secret"])
        self.clients.append(client)
        return client

    def close_clients(self):
        for client in self.clients:
            client.conn.close()
        self.clients = []

    def admin_get(self, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.admin_port, timeout=30)
        conn.request("GET", path)
        r = conn.getresponse()
        out = Response(r.status, {k.lower(): v for k, v in r.getheaders()},
                       r.read().decode())
        conn.close()
        return out

    def stop(self):
        self.close_clients()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Client:
    """A SCIM client bound to one directory's Base URL and secret."""

    def __init__(self, port, base_url, secret):
        self.port = port
        self.base_path = urllib.parse.urlparse(base_url).path
        self.secret = secret
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, body=None, headers=None, token="default", raw=None):
        hdrs = {"Accept": SCIM_JSON}
        if token == "default":
            token = self.secret
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        data = None
        if raw is not None:
            data = raw.encode() if isinstance(raw, str) else raw
            hdrs["Content-Type"] = SCIM_JSON
        elif body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = SCIM_JSON
        hdrs.update(headers or {})
        target = path if path.startswith("/scim/") else self.base_path + path
        try:
            self.conn.request(method, target, body=data, headers=hdrs)
            r = self.conn.getresponse()
        except (http.client.HTTPException, ConnectionError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, target, body=data, headers=hdrs)
            r = self.conn.getresponse()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode())

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def find_users(self, filter_text, **params):
        query = urllib.parse.urlencode({"filter": filter_text, **params})
        return self.get("/Users?" + query)


def user_body(user_name, **extra):
    body = {"schemas": [USER_URN], "userName": user_name,
            "name": {"givenName": "Given", "familyName": "Family"},
            "emails": [{"value": f"{user_name}", "type": "work", "primary": True}]}
    body.update(extra)
    return body


def patch_body(*operations):
    return {"schemas": [PATCH_URN], "Operations": list(operations)}


class ScimTestCase(unittest.TestCase):
    """One server for the class; a fresh directory per test."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.directory = self.server.add_directory()
        self.scim = self.server.client(self.directory)
        self.addCleanup(self.server.close_clients)

    def assertScimError(self, response, status, scim_type=None):
        self.assertEqual(response.status, status, response)
        self.assertTrue(response.header("content-type").startswith(SCIM_JSON), response.headers)
        body = response.json
        self.assertEqual(body["schemas"], [ERROR_URN])
        self.assertEqual(body["status"], str(status))
        self.assertIsInstance(body["status"], str)
        self.assertTrue(body.get("detail"), body)
        if scim_type is not None:
            self.assertEqual(body.get("scimType"), scim_type, body)
        return body
