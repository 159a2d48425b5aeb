"""TLS on the SCIM and admin listeners: a self-signed certificate made with
`openssl req`, trusted by the client as its CA; TLS 1.2+ only; bad TLS
configuration stops the server at start-up with a message."""
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import unittest
import urllib.parse

from scimd_harness import BINARY, listening, port_of, run_cli, user_body

HANDSHAKE_TIMEOUT = 30


def make_certificate(folder, name="server"):
    cert = os.path.join(folder, name + ".crt")
    key = os.path.join(folder, name + ".key")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True, timeout=60)
    return cert, key


class TlsServer:
    """scimd with TLS flags; parses the https:// addresses it prints."""

    def __init__(self, folder, args):
        self.db = "sqlite:" + os.path.join(folder, "scimd.db")
        self.proc = subprocess.Popen(
            [BINARY, "serve", "--db", self.db, "--listen", "127.0.0.1:0",
             "--admin-listen", "127.0.0.1:0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.output = []
        self.port = self.admin_port = None
        self.admin_scheme = None
        for line in self.proc.stdout:
            self.output.append(line)
            found = listening(line)
            if found and found[0] == "scim" and found[1].startswith("https://"):
                self.port = port_of(found[1])
            if found and found[0] == "admin":
                self.admin_scheme, self.admin_port = found[1].split(":")[0], port_of(found[1])
            if self.port and self.admin_port:
                break
        if not (self.port and self.admin_port):
            self.stop()
            raise AssertionError("scimd did not start: " + "".join(self.output))
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        try:
            for line in self.proc.stdout:
                self.output.append(line)
        except ValueError:
            pass

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


class TlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="scimd-tls-")
        cls.cert, cls.key = make_certificate(cls.dir)
        cls.server = TlsServer(cls.dir, ["--tls-cert", cls.cert, "--tls-key", cls.key,
                                         "--admin-tls-cert", cls.cert,
                                         "--admin-tls-key", cls.key])
        proc = run_cli(cls.server.db, "directory", "add", "--name", "TLS", "--idp", "okta",
                       "--json", "--public-url", f"https://127.0.0.1:{cls.server.port}")
        cls.directory = json.loads(proc.stdout)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def client_context(self):
        ctx = ssl.create_default_context(cafile=self.cert)
        return ctx

    def https(self, port=None, ctx=None):
        return http.client.HTTPSConnection("127.0.0.1", port or self.server.port,
                                           context=ctx or self.client_context(),
                                           timeout=HANDSHAKE_TIMEOUT)

    def request(self, conn, method, path, body=None):
        base = urllib.parse.urlparse(self.directory["base_url"]).path
        headers = {"Authorization": "Bearer " + self.directory["secret"],
                   "Content-Type": "application/scim+json"}
        conn.request(method, base + path, body=json.dumps(body) if body else None,
                     headers=headers)
        r = conn.getresponse()
        return r.status, r.getheader("Location"), r.read()

    def test_scim_over_https(self):
        conn = self.https()
        try:
            status, location, body = self.request(conn, "POST", "/Users",
                                                  user_body("tls@example.com"))
            self.assertEqual(status, 201, body)
            self.assertTrue(location.startswith("https://127.0.0.1:"), location)
            user = json.loads(body)
            # Keep-alive: a second request on the same TLS connection.
            status, _, body = self.request(conn, "GET", "/Users/" + user["id"])
            self.assertEqual(status, 200, body)
            self.assertEqual(json.loads(body)["userName"], "tls@example.com")
            self.assertIn(conn.sock.version(), ("TLSv1.2", "TLSv1.3"))
        finally:
            conn.close()

    def test_admin_listener_over_https(self):
        self.assertEqual(self.server.admin_scheme, "https")
        conn = self.https(port=self.server.admin_port)
        try:
            conn.request("GET", "/healthz")
            self.assertEqual(conn.getresponse().status, 200)
        finally:
            conn.close()

    def test_tls_1_2_uses_a_forward_secret_aead_cipher(self):
        ctx = self.client_context()
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        with socket.create_connection(("127.0.0.1", self.server.port),
                                      timeout=HANDSHAKE_TIMEOUT) as raw:
            with ctx.wrap_socket(raw, server_hostname="localhost") as s:
                self.assertEqual(s.version(), "TLSv1.2")
                name = s.cipher()[0]
                self.assertTrue(name.startswith("ECDHE-"), name)
                self.assertTrue("GCM" in name or "CHACHA20" in name, name)

    def test_tls_1_1_is_refused(self):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        # Let this client offer TLS 1.1 at all (OpenSSL 3 forbids it by default).
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        with socket.create_connection(("127.0.0.1", self.server.port),
                                      timeout=HANDSHAKE_TIMEOUT) as raw:
            with self.assertRaises((ssl.SSLError, ConnectionResetError)):
                with ctx.wrap_socket(raw) as s:
                    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                    s.recv(1024)

    def test_weak_cipher_is_refused(self):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        ctx.set_ciphers("AES128-SHA:@SECLEVEL=0")  # static RSA key exchange, CBC
        with socket.create_connection(("127.0.0.1", self.server.port),
                                      timeout=HANDSHAKE_TIMEOUT) as raw:
            with self.assertRaises((ssl.SSLError, ConnectionResetError)):
                ctx.wrap_socket(raw).close()

    def test_plain_http_to_a_tls_listener_is_closed(self):
        with socket.create_connection(("127.0.0.1", self.server.port),
                                      timeout=HANDSHAKE_TIMEOUT) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            reply = b""
            try:
                while chunk := s.recv(4096):
                    reply += chunk
            except ConnectionResetError:
                pass
            self.assertFalse(reply.startswith(b"HTTP/"), reply)

    def test_untrusted_certificate_is_rejected_by_a_verifying_client(self):
        conn = http.client.HTTPSConnection("127.0.0.1", self.server.port,
                                           context=ssl.create_default_context(),
                                           timeout=HANDSHAKE_TIMEOUT)
        with self.assertRaises(ssl.SSLCertVerificationError):
            conn.request("GET", "/")
        conn.close()


class TlsConfigurationTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="scimd-tls-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.cert, self.key = make_certificate(self.dir)

    def serve(self, *args):
        db = "sqlite:" + os.path.join(self.dir, "scimd.db")
        return subprocess.run([BINARY, "serve", "--db", db, "--listen", "127.0.0.1:0",
                               "--admin-listen", "127.0.0.1:0", *args],
                              capture_output=True, text=True, timeout=60)

    def test_cert_without_key_is_a_usage_error(self):
        self.assertNotEqual(self.serve("--tls-cert", self.cert).returncode, 0)
        self.assertNotEqual(self.serve("--admin-tls-key", self.key).returncode, 0)

    def test_unreadable_or_mismatched_files_fail_at_start(self):
        _, other_key = make_certificate(self.dir, "other")
        missing = os.path.join(self.dir, "missing.pem")
        for cert, key in ((missing, self.key), (self.cert, missing), (self.cert, other_key),
                          (self.key, self.key)):
            with self.subTest(cert=cert, key=key):
                proc = self.serve("--tls-cert", cert, "--tls-key", key)
                self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
                self.assertIn("TLS", proc.stderr)

    def test_environment_variables_configure_tls(self):
        env = dict(os.environ, SCIMD_TLS_CERT=self.cert, SCIMD_TLS_KEY=os.path.join(self.dir, "x"))
        db = "sqlite:" + os.path.join(self.dir, "scimd.db")
        proc = subprocess.run([BINARY, "serve", "--db", db, "--listen", "127.0.0.1:0",
                               "--admin-listen", "127.0.0.1:0"],
                              capture_output=True, text=True, timeout=60, env=env)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("cannot load TLS key", proc.stderr)


if __name__ == "__main__":
    unittest.main()
