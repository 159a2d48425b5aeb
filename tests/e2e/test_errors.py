"""Bad input, authentication and directory isolation: every failure is an
RFC 7644 §3.12 error with the right status and scimType, and changes nothing."""
import socket
import unittest

from scimd_harness import GROUP_URN, ScimTestCase, patch_body, user_body


class ErrorsTest(ScimTestCase):
    def test_missing_and_wrong_token_get_401_with_challenge(self):
        for token in (None, "wrong", ""):
            r = self.scim.get("/Users", token=token)
            self.assertScimError(r, 401)
            self.assertTrue(r.header("www-authenticate").startswith("Bearer"))
        r = self.scim.get("/Users", token=None, headers={"Authorization": "non-token"})
        self.assertScimError(r, 401)

    def test_unknown_directory_is_401_not_404(self):
        r = self.scim.get("/scim/aaaaaaaaaaaa/v2/Users")
        self.assertScimError(r, 401)

    def test_token_of_one_directory_never_opens_another(self):
        other = self.server.add_directory(name="Other", idp="okta")
        other_scim = self.server.client(other)
        mine = self.scim.post("/Users", user_body("mine@example.com")).json
        theirs = other_scim.post("/Users", user_body("theirs@example.com")).json
        # My token against their Base URL.
        r = self.scim.get(other_scim.base_path + "/Users")
        self.assertScimError(r, 401)
        # Their resource ids are invisible and unchangeable through my directory.
        self.assertScimError(self.scim.get("/Users/" + theirs["id"]), 404)
        self.assertScimError(self.scim.put("/Users/" + theirs["id"],
                                           user_body("x@example.com")), 404)
        self.assertScimError(self.scim.delete("/Users/" + theirs["id"]), 404)
        self.assertEqual(self.scim.find_users('userName eq "theirs@example.com"').json[
            "totalResults"], 0)
        # Their user cannot become a member of my group.
        r = self.scim.post("/Groups", {"schemas": [GROUP_URN], "displayName": "Mixed",
                                       "members": [{"value": theirs["id"]}]})
        self.assertScimError(r, 400, "invalidValue")
        group = self.scim.post("/Groups", {"schemas": [GROUP_URN], "displayName": "Mine",
                                           "members": [{"value": mine["id"]}]}).json
        r = self.scim.patch("/Groups/" + group["id"], patch_body(
            {"op": "add", "path": "members", "value": [{"value": theirs["id"]}]}))
        self.assertScimError(r, 400, "invalidValue")
        # Same userName is fine in another directory.
        self.assertEqual(other_scim.post("/Users", user_body("mine@example.com")).status, 201)

    def test_bad_json_is_invalid_syntax(self):
        for raw in ("{", "not json", '{"userName": "x",}', "[]", '"str"'):
            r = self.scim.request("POST", "/Users", raw=raw)
            self.assertScimError(r, 400, "invalidSyntax")
        self.assertEqual(self.scim.get("/Users").json["totalResults"], 0)

    def test_wrong_types_are_invalid_value(self):
        for body in (user_body("t@example.com", active=[True]),
                     user_body("t@example.com", name="a string"),
                     user_body("t@example.com", emails=5),
                     {"schemas": [], "userName": 42},
                     {"userName": ""},
                     {"displayName": "no user name"}):
            r = self.scim.post("/Users", body)
            self.assertScimError(r, 400, "invalidValue")
        self.assertEqual(self.scim.get("/Users").json["totalResults"], 0)

    def test_invalid_filters(self):
        for text in ('userName eq', 'userName eq "x" and', '(userName eq "x"',
                     'userName zz "x"', 'active gt true', 'emails[type eq "work"'):
            r = self.scim.find_users(text)
            self.assertScimError(r, 400, "invalidFilter")

    def test_unknown_endpoints_and_methods(self):
        self.assertScimError(self.scim.get("/Nothing"), 404)
        self.assertScimError(self.scim.request("DELETE", "/Users"), 405)
        self.assertScimError(self.scim.request("PATCH", "/ServiceProviderConfig",
                                               patch_body()), 405)
        self.assertScimError(self.scim.patch("/Users/nope", patch_body(
            {"op": "replace", "path": "title", "value": "x"})), 404)

    def test_unsupported_content_type(self):
        r = self.scim.request("POST", "/Users", raw="userName=x",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertScimError(r, 415)

    def test_json_content_types_with_charset_are_accepted(self):
        for i, ct in enumerate(("application/json", "application/scim+json; charset=utf-8",
                                "application/json;charset=UTF-8")):
            r = self.scim.request("POST", "/Users", raw='{"userName": "ct%d@example.com"}' % i,
                                  headers={"Content-Type": ct})
            self.assertEqual(r.status, 201, (ct, r))

    def test_unknown_query_parameters_are_ignored(self):
        r = self.scim.get("/Users?aadOptscim062020")
        self.assertEqual(r.status, 200, r)

    def test_oversized_body_is_413(self):
        # Announce a body past the limit: the server answers from the headers
        # alone, before reading any of it.
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as sock:
            sock.sendall((f"POST {self.scim.base_path}/Users HTTP/1.1\r\n"
                          f"Host: localhost\r\nAuthorization: Bearer {self.scim.secret}\r\n"
                          "Content-Type: application/scim+json\r\n"
                          f"Content-Length: {8 << 20}\r\n\r\n").encode())
            reply = b""
            while b"\r\n\r\n" not in reply:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
        self.assertTrue(reply.startswith(b"HTTP/1.1 413"), reply[:200])

    def test_responses_carry_a_request_id(self):
        r = self.scim.get("/Users")
        self.assertTrue(r.header("x-request-id"))

    def test_health_endpoints(self):
        self.assertEqual(self.server.admin_get("/healthz").status, 200)
        self.assertEqual(self.server.admin_get("/readyz").status, 200)


if __name__ == "__main__":
    unittest.main()
