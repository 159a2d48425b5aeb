"""Input limits: every oversized, slow or malformed input gets a 4xx or a
closed connection, never a hang, and the server keeps serving afterwards."""
import socket
import time
import unittest
import urllib.parse

from scimd_harness import ScimTestCase, Server, USER_URN, user_body

# Bounds how long any one socket step may take: a hang fails the test instead
# of blocking the suite.
SOCKET_TIMEOUT = 30


def raw_exchange(port, data, timeout=SOCKET_TIMEOUT):
    """Sends `data`, reads until the server closes; returns what it sent back."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
            # EOF: a server waiting for the rest of a request must give up now,
            # not at the read timeout.
            s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def status_of(raw):
    return int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/1.") else None


def wait_for_close(sock, feed=None, limit=SOCKET_TIMEOUT):
    """Reads (sending one byte of `feed` between reads) until the peer closes.
    Returns True when it closed within `limit` seconds."""
    sock.settimeout(0.2)
    deadline = time.monotonic() + limit
    sent = 0
    while time.monotonic() < deadline:
        if feed is not None and sent < len(feed):
            try:
                sock.send(feed[sent:sent + 1])
                sent += 1
            except (BrokenPipeError, ConnectionResetError):
                return True
        try:
            if sock.recv(65536) == b"":
                return True
        except socket.timeout:
            continue
        except ConnectionResetError:
            return True
    return False


class DefaultLimitsTest(ScimTestCase):
    """The defaults: 16 KiB header, 1 MiB body, JSON depth 64 and 100000
    values, filter length/depth/terms, and malformed HTTP."""

    def assertStillServes(self):
        self.assertEqual(self.scim.get("/Users").status, 200)

    def test_header_over_16_kib_is_431(self):
        r = self.scim.get("/Users", headers={"X-Padding": "a" * (17 * 1024)})
        self.assertScimError(r, 431)
        self.assertStillServes()

    def test_header_under_16_kib_is_served(self):
        r = self.scim.get("/Users", headers={"X-Padding": "a" * (12 * 1024)})
        self.assertEqual(r.status, 200, r)

    def test_body_over_1_mib_is_413(self):
        body = user_body("big@example.com", title="x" * (1024 * 1024))
        r = self.scim.post("/Users", body)
        self.assertScimError(r, 413)
        self.assertEqual(self.scim.get("/Users").json["totalResults"], 0)

    def test_json_nested_deeper_than_64_is_invalid_syntax(self):
        deep = '{"schemas":["%s"],"userName":"deep","x":%s1%s}' % (USER_URN, "[" * 80, "]" * 80)
        self.assertScimError(self.scim.request("POST", "/Users", raw=deep), 400, "invalidSyntax")
        shallow = '{"schemas":["%s"],"userName":"ok","x":%s1%s}' % (USER_URN, "[" * 10, "]" * 10)
        self.assertEqual(self.scim.request("POST", "/Users", raw=shallow).status, 201)

    def test_more_than_100000_json_values_is_invalid_syntax(self):
        many = '{"schemas":["%s"],"userName":"many","x":[%s]}' % (USER_URN, ",".join(["0"] * 100001))
        self.assertLess(len(many), 1024 * 1024)
        self.assertScimError(self.scim.request("POST", "/Users", raw=many), 400, "invalidSyntax")
        self.assertEqual(self.scim.get("/Users").json["totalResults"], 0)

    def test_invalid_utf8_is_invalid_syntax(self):
        for raw in (b'{"userName":"bad\xff\xfe"}', b'{"user\xc3Name":"x"}',
                    b'{"userName":"\xed\xa0\x80"}'):  # a lone surrogate encoded as UTF-8
            r = self.scim.request("POST", "/Users", raw=raw)
            self.assertScimError(r, 400, "invalidSyntax")
        self.assertEqual(self.scim.get("/Users").json["totalResults"], 0)

    def test_filter_limits_are_invalid_filter(self):
        too_long = 'userName eq "%s"' % ("a" * 4100)
        too_deep = "(" * 40 + "title pr" + ")" * 40
        too_many = " or ".join(["title pr"] * 300)
        self.assertLess(len(too_many), 4096)
        for text in (too_long, too_deep, too_many):
            r = self.scim.find_users(text)
            self.assertScimError(r, 400, "invalidFilter")
            r = self.scim.post("/Users/.search", {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                "filter": text})
            self.assertScimError(r, 400, "invalidFilter")
        ok = " or ".join(["title pr"] * 200)
        self.assertEqual(self.scim.find_users(ok).status, 200)

    def test_page_size_is_capped_at_1000(self):
        r = self.scim.get("/Users?count=100000")
        self.assertEqual(r.status, 200, r)
        config = self.scim.get("/ServiceProviderConfig").json
        self.assertEqual(config["filter"]["maxResults"], 1000)

    def test_malformed_http_gets_400_or_a_close(self):
        port = self.server.port
        for raw in (b"GARBAGE\r\n\r\n",
                    b"GET /scim HTTP/9.9\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                    b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                    b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                    b"GET / HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n",
                    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,  # TLS hello
                    b"\r\n" * 100):
            with self.subTest(raw=raw[:40]):
                reply = raw_exchange(port, raw)
                self.assertIn(status_of(reply), (400, None), reply[:200])
        self.assertStillServes()

    def test_truncated_request_is_closed_not_answered(self):
        reply = raw_exchange(self.server.port, b"", timeout=SOCKET_TIMEOUT)
        self.assertEqual(reply, b"")


class ConfiguredLimitsTest(unittest.TestCase):
    """The flags change the limits; timeouts close slow and idle clients."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=(
            "--max-header-bytes", "2048", "--max-body-bytes", "4096", "--read-timeout", "1",
            "--idle-timeout", "1"))
        cls.directory = cls.server.add_directory()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.scim = self.server.client(self.directory)
        self.addCleanup(self.server.close_clients)

    def test_smaller_header_and_body_limits(self):
        r = self.scim.get("/Users", headers={"X-Padding": "a" * 3000})
        self.assertEqual(r.status, 431, r)
        r = self.scim.post("/Users", user_body("big@example.com", title="x" * 5000))
        self.assertEqual(r.status, 413, r)
        r = self.scim.post("/Users", user_body("small@example.com", title="x" * 100))
        self.assertEqual(r.status, 201, r)

    def test_slowloris_is_closed_after_the_read_timeout(self):
        path = urllib.parse.urlparse(self.directory["base_url"]).path + "/Users"
        request = (f"GET {path} HTTP/1.1\r\nHost: x\r\n" + "X-Slow: a\r\n" * 200).encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5) as s:
            # One byte every 0.2 s: the whole request would take over 40 s.
            self.assertTrue(wait_for_close(s, feed=request))

    def test_slow_body_is_closed_after_the_read_timeout(self):
        path = urllib.parse.urlparse(self.directory["base_url"]).path + "/Users"
        head = (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/scim+json\r\n"
                f"Content-Length: 1000\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5) as s:
            s.sendall(head)
            self.assertTrue(wait_for_close(s, feed=b"{" + b" " * 998))

    def test_idle_keep_alive_connection_is_closed(self):
        self.assertEqual(self.scim.get("/Users").status, 200)
        self.assertTrue(wait_for_close(self.scim.conn.sock))


class MaxConnectionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=("--max-connections", "3"))
        cls.directory = cls.server.add_directory()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_connections_past_the_maximum_are_closed(self):
        path = urllib.parse.urlparse(self.directory["base_url"]).path + "/Users"
        request = (f"GET {path} HTTP/1.1\r\nHost: x\r\n"
                   f"Authorization: Bearer {self.directory['secret']}\r\n\r\n").encode()
        held = []
        try:
            # Fill every slot; each connection proves it is accepted by being
            # answered, then stays open (keep-alive).
            for _ in range(3):
                s = socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
                held.append(s)
                s.sendall(request)
                self.assertTrue(s.recv(65536).startswith(b"HTTP/1.1 200"))
            extra = socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
            held.append(extra)
            try:
                extra.sendall(request)
                reply = extra.recv(65536)
            except (ConnectionResetError, BrokenPipeError):
                reply = b""
            self.assertEqual(reply, b"")
        finally:
            for s in held:
                s.close()
        # Slots free up again once those connections are gone.
        for _ in range(50):
            r = raw_exchange(self.server.port, request.replace(b"\r\n\r\n",
                                                               b"\r\nConnection: close\r\n\r\n"))
            if status_of(r) == 200:
                break
            time.sleep(0.1)
        self.assertEqual(status_of(r), 200)


if __name__ == "__main__":
    unittest.main()
