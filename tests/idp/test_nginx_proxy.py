"""The reverse-proxy step of the setup guides, run for real: the nginx block
is read from the guides themselves (so they cannot drift from what is tested),
pointed at a test server and a self-signed certificate, and a SCIM create and
lookup go through it over HTTPS."""
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import unittest
import urllib.parse

from idp_replay import USER_URN, IdpTestCase

NGINX = "/usr/sbin/nginx"
GUIDES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "idp")
GUIDE_NAMES = ("onelogin", "entra", "okta", "pingone", "jumpcloud")


def nginx_block(guide):
    with open(os.path.join(GUIDES, guide + ".md")) as f:
        text = f.read()
    match = re.search(r"```nginx\n(.*?)```", text, re.S)
    if not match:
        raise AssertionError(f"{guide}.md has no nginx block")
    return match.group(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class GuidesShareOneSnippet(unittest.TestCase):
    def test_every_guide_has_the_same_nginx_block(self):
        blocks = {name: nginx_block(name) for name in GUIDE_NAMES}
        self.assertEqual(len(set(blocks.values())), 1, blocks)
        block = blocks["onelogin"]
        for needle in ("proxy_pass http://127.0.0.1:5501;", "client_max_body_size 1m;",
                       "X-Forwarded-For", "X-Forwarded-Proto", "listen 443 ssl;"):
            self.assertIn(needle, block)


@unittest.skipUnless(os.path.exists(NGINX) and shutil.which("openssl"), "needs nginx and openssl")
class NginxProxyTest(IdpTestCase):
    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix="scimd-nginx-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=localhost", "-keyout", key, "-out", cert],
                       check=True, capture_output=True, timeout=60)
        self.port = free_port()
        block = nginx_block("onelogin")
        block = block.replace("listen 443 ssl;", f"listen 127.0.0.1:{self.port} ssl;")
        block = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", block)
        block = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", block)
        block = block.replace("127.0.0.1:5501", f"127.0.0.1:{self.server.port}")
        d = self.dir
        conf = os.path.join(d, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""daemon off;
master_process off;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log {d}/access.log;
  client_body_temp_path {d}/body;
  proxy_temp_path {d}/proxy;
  fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi;
  scgi_temp_path {d}/scgi;
{block}
}}
""")
        self.nginx = subprocess.Popen([NGINX, "-p", d, "-c", conf], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True)
        self.addCleanup(self.stop_nginx)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.nginx.poll() is not None:
                    raise AssertionError("nginx did not start: " + self.nginx.stderr.read())
                time.sleep(0.05)

    def stop_nginx(self):
        if self.nginx.poll() is None:
            self.nginx.terminate()
            self.nginx.wait(timeout=20)
        self.nginx.stderr.close()

    def https(self, method, path, body=None):
        context = ssl._create_unverified_context()
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=context, timeout=30)
        headers = {"Authorization": "Bearer " + self.directory["secret"],
                   "Accept": "application/scim+json"}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/scim+json"
        base = urllib.parse.urlparse(self.directory["base_url"]).path
        conn.request(method, base + path, body=data, headers=headers)
        r = conn.getresponse()
        out = (r.status, r.read().decode())
        conn.close()
        return out

    def test_create_and_lookup_through_the_proxy(self):
        status, body = self.https("POST", "/Users", {"schemas": [USER_URN],
                                                     "userName": "proxied@example.com"})
        self.assertEqual(status, 201, body)
        created = json.loads(body)
        query = urllib.parse.quote('userName eq "proxied@example.com"')
        status, body = self.https("GET", "/Users?filter=" + query)
        self.assertEqual(status, 200, body)
        self.assertEqual([u["id"] for u in json.loads(body)["Resources"]], [created["id"]])

    def test_body_limit_applies_at_the_proxy(self):
        status, _ = self.https("POST", "/Users", {"schemas": [USER_URN], "userName": "big",
                                                  "title": "x" * (2 * 1024 * 1024)})
        self.assertEqual(status, 413)


if __name__ == "__main__":
    unittest.main()
