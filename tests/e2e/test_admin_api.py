"""The admin REST API (/admin/v1) against a real server: tokens, security
headers, directories, users, groups with paged members, the request log,
status and the OpenAPI description."""
import http.client
import json
import unittest

from scimd_harness import GROUP_URN, Server, run_cli, user_body

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


class AdminApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.token = cls.server.admin_token

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def call(self, method, path, body=None, token="default"):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.admin_port, timeout=30)
        headers = {}
        if token == "default":
            token = self.token
        if token:
            headers["Authorization"] = "Bearer " + token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        r = conn.getresponse()
        raw = r.read().decode()
        headers = {k.lower(): v for k, v in r.getheaders()}
        conn.close()
        return r.status, headers, (json.loads(raw) if raw and
                                   headers.get("content-type", "").startswith("application/json")
                                   else raw)

    def add_directory(self, name="OneLogin", idp="onelogin"):
        status, _, body = self.call("POST", "/admin/v1/directories", {"name": name, "idp": idp})
        self.assertEqual(status, 201, body)
        return body

    def scim(self, directory):
        return self.server.client(directory)

    def assert_error(self, result, status, code):
        self.assertEqual(result[0], status, result)
        self.assertEqual(set(result[2]), {"error"})
        self.assertEqual(result[2]["error"]["code"], code)
        self.assertTrue(result[2]["error"]["message"])

    # --- tokens and headers -------------------------------------------------
    def test_initial_token_is_printed_once_and_opens_the_api(self):
        self.assertTrue(self.token and self.token.startswith("scimd_admin_"))
        self.assertEqual(self.call("GET", "/admin/v1/status")[0], 200)

    def test_missing_or_wrong_token_is_401_in_the_error_shape(self):
        for token in (None, "nope", self.token + "x"):
            result = self.call("GET", "/admin/v1/directories", token=token)
            self.assert_error(result, 401, "unauthorized")
            self.assertIn("Bearer", result[1]["www-authenticate"])

    def test_health_needs_no_token(self):
        self.assertEqual(self.call("GET", "/healthz", token=None)[0], 200)
        self.assertEqual(self.call("GET", "/readyz", token=None)[0], 200)

    def test_every_admin_response_carries_security_headers(self):
        for path, token in (("/admin/v1/status", "default"), ("/admin/v1/status", None),
                            ("/", None), ("/healthz", None)):
            _, headers, _ = self.call("GET", path, token=token)
            self.assertEqual(headers["content-security-policy"], CSP)
            self.assertEqual(headers["x-frame-options"], "DENY")
            self.assertEqual(headers["x-content-type-options"], "nosniff")
            self.assertEqual(headers["referrer-policy"], "no-referrer")
        self.assertEqual(self.call("GET", "/admin/v1/status")[1]["cache-control"], "no-store")

    def test_cli_tokens_create_list_revoke(self):
        db = self.server.db
        created = json.loads(run_cli(db, "admin", "token", "create", "--name", "ci",
                                     "--json").stdout)
        self.assertEqual(set(created), {"id", "name", "token"})
        self.assertEqual(created["name"], "ci")
        self.assertEqual(self.call("GET", "/admin/v1/status", token=created["token"])[0], 200)
        listed = json.loads(run_cli(db, "admin", "token", "list", "--json").stdout)
        self.assertIn(created["id"], [t["id"] for t in listed])
        self.assertNotIn(created["token"], json.dumps(listed))
        run_cli(db, "admin", "token", "revoke", created["id"])
        self.assert_error(self.call("GET", "/admin/v1/status", token=created["token"]),
                          401, "unauthorized")
        self.assertNotEqual(run_cli(db, "admin", "token", "revoke", created["id"],
                                    check=False).returncode, 0)

    # --- directories --------------------------------------------------------
    def test_directory_lifecycle(self):
        added = self.add_directory("Okta prod", "okta")
        self.assertEqual(set(added), {"id", "name", "idp", "base_url", "secret", "created"})
        self.assertTrue(added["base_url"].endswith(f"/scim/{added['id']}/v2"))
        client = self.scim(added)
        self.assertEqual(client.get("/Users").status, 200)

        status, _, listed = self.call("GET", "/admin/v1/directories")
        row = next(d for d in listed["directories"] if d["id"] == added["id"])
        self.assertEqual((row["users"], row["groups"]), (0, 0))
        self.assertEqual(row["last_request"]["status"], 200)
        self.assertNotIn("secret", row)

        status, _, shown = self.call("GET", f"/admin/v1/directories/{added['id']}")
        self.assertEqual(shown["settings"]["deprovision"], "delete")

        status, _, updated = self.call("PATCH", f"/admin/v1/directories/{added['id']}",
                                       {"name": "Okta", "settings": {"deprovision": "deactivate",
                                                                     "groups": "disabled"}})
        self.assertEqual(status, 200, updated)
        self.assertEqual(updated["name"], "Okta")
        self.assertEqual(updated["settings"]["deprovision"], "deactivate")
        self.assertEqual(client.get("/Groups").status, 403)

        bad = self.call("PATCH", f"/admin/v1/directories/{added['id']}",
                        {"settings": {"deprovision": "explode"}})
        self.assert_error(bad, 400, "invalid_value")
        self.assertIn("delete or deactivate", bad[2]["error"]["message"])
        self.assert_error(self.call("PATCH", f"/admin/v1/directories/{added['id']}",
                                    {"idp": "myspace"}), 400, "invalid_value")

        status, _, rotated = self.call("POST",
                                       f"/admin/v1/directories/{added['id']}/rotate-secret")
        self.assertEqual(status, 200)
        self.assertNotEqual(rotated["secret"], added["secret"])
        self.assertEqual(client.get("/Users").status, 401)
        client.secret = rotated["secret"]
        self.assertEqual(client.get("/Users").status, 200)

        self.assertEqual(self.call("DELETE", f"/admin/v1/directories/{added['id']}")[0], 204)
        self.assert_error(self.call("GET", f"/admin/v1/directories/{added['id']}"),
                          404, "not_found")

    def test_create_validates_like_the_cli(self):
        self.assert_error(self.call("POST", "/admin/v1/directories", {"name": "", "idp": "okta"}),
                          400, "invalid_value")
        self.assert_error(self.call("POST", "/admin/v1/directories", {"name": "x", "idp": "aol"}),
                          400, "invalid_value")
        self.assert_error(self.call("POST", "/admin/v1/directories", None), 400,
                          "invalid_syntax")

    def test_unknown_path_and_method(self):
        self.assert_error(self.call("GET", "/admin/v1/nothing"), 404, "not_found")
        self.assert_error(self.call("PUT", "/admin/v1/directories"), 405, "method_not_allowed")

    # --- users, groups, log -------------------------------------------------
    def test_users_search_page_detail_deactivate_delete(self):
        directory = self.add_directory()
        client = self.scim(directory)
        ids = {}
        for n in range(5):
            r = client.post("/Users", user_body(f"user{n}@example.com"))
            self.assertEqual(r.status, 201, r)
            ids[n] = r.json["id"]
        base = f"/admin/v1/directories/{directory['id']}/users"
        status, _, page = self.call("GET", base + "?count=2&startIndex=3")
        self.assertEqual(status, 200)
        self.assertEqual((page["total"], page["start_index"], page["count"]), (5, 3, 2))
        self.assertEqual(page["items"][0]["userName"], "user2@example.com")
        self.assertEqual(page["items"][0]["email"], "user2@example.com")
        self.assertEqual(page["items"][0]["name"], "Given Family")
        self.assertTrue(page["items"][0]["active"])

        status, _, found = self.call("GET", base + "?filter=userName+sw+%22user4%22")
        self.assertEqual([u["id"] for u in found["items"]], [ids[4]])
        self.assert_error(self.call("GET", base + "?filter=userName+zz+1"), 400,
                          "invalid_filter")
        self.assert_error(self.call("GET", base + "?count=0"), 400, "invalid_value")

        status, _, detail = self.call("GET", f"{base}/{ids[1]}")
        self.assertEqual(detail["userName"], "user1@example.com")
        self.assertEqual(detail["meta"]["resourceType"], "User")
        status, _, off = self.call("POST", f"{base}/{ids[1]}/deactivate")
        self.assertEqual((status, off["active"]), (200, False))
        self.assertFalse(client.get(f"/Users/{ids[1]}").json["active"])
        status, _, on = self.call("POST", f"{base}/{ids[1]}/reactivate")
        self.assertTrue(on["active"])
        self.assertEqual(self.call("DELETE", f"{base}/{ids[1]}")[0], 204)
        self.assertEqual(client.get(f"/Users/{ids[1]}").status, 404)
        self.assert_error(self.call("GET", f"{base}/{ids[1]}"), 404, "not_found")
        self.assert_error(self.call("GET", "/admin/v1/directories/nosuchdir000/users"), 404,
                          "not_found")

    def test_groups_members_are_paged_and_groups_deleted(self):
        directory = self.add_directory()
        client = self.scim(directory)
        member_ids = [client.post("/Users", user_body(f"m{n}@example.com")).json["id"]
                      for n in range(7)]
        r = client.post("/Groups", {"schemas": [GROUP_URN], "displayName": "Engineering",
                                    "members": [{"value": i} for i in member_ids]})
        self.assertEqual(r.status, 201, r)
        group_id = r.json["id"]
        base = f"/admin/v1/directories/{directory['id']}/groups"
        status, _, groups = self.call("GET", base)
        self.assertEqual(groups["items"][0]["displayName"], "Engineering")
        self.assertEqual(groups["items"][0]["members"], 7)
        status, _, shown = self.call("GET", f"{base}/{group_id}")
        self.assertEqual(shown["member_count"], 7)
        self.assertNotIn("members", shown["resource"])

        seen, after = [], ""
        while True:
            status, _, page = self.call("GET", f"{base}/{group_id}/members?count=3&after={after}")
            self.assertEqual(status, 200)
            self.assertLessEqual(len(page["items"]), 3)
            seen += [m["value"] for m in page["items"]]
            if page["next"] is None:
                break
            after = page["next"]
        self.assertEqual(seen, sorted(member_ids))

        self.assertEqual(self.call("DELETE", f"{base}/{group_id}")[0], 204)
        self.assertEqual(client.get(f"/Groups/{group_id}").status, 404)
        self.assert_error(self.call("GET", f"{base}/{group_id}/members"), 404, "not_found")

    def test_request_log_newest_first_and_redacted(self):
        directory = self.add_directory()
        client = self.scim(directory)
        client.post("/Users", user_body("pw@example.com", password="hunter2"))
        client.get("/Users?filter=userName%20eq%20%22nobody%22")
        status, _, log = self.call("GET", f"/admin/v1/directories/{directory['id']}/requests")
        self.assertEqual(status, 200)
        self.assertEqual([e["method"] for e in log["items"]][:2], ["GET", "POST"])
        self.assertEqual(log["items"][1]["status"], 201)
        self.assertNotIn("hunter2", json.dumps(log))
        self.assertIn("[redacted]", log["items"][1]["request_body"])
        status, _, one = self.call("GET",
                                   f"/admin/v1/directories/{directory['id']}/requests?limit=1")
        self.assertEqual(len(one["items"]), 1)

    def test_status_and_openapi(self):
        status, _, info = self.call("GET", "/admin/v1/status")
        self.assertEqual(set(info) >= {"version", "uptime_seconds", "directories"}, True)
        status, headers, doc = self.call("GET", "/admin/v1/openapi.json", token=None)
        self.assertEqual(status, 200)
        self.assertTrue(doc["openapi"].startswith("3."))
        self.assertIn("/admin/v1/directories/{id}/groups/{group}/members", doc["paths"])
        self.assertIn("delete", doc["paths"]["/admin/v1/directories/{id}"])
        for item in doc["paths"].values():
            for op in item.values():
                self.assertTrue(op["summary"])

    def test_console_is_served_without_inline_code(self):
        status, headers, page = self.call("GET", "/", token=None)
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/html"))
        self.assertNotIn("<script>", page)
        self.assertNotIn("style=", page)
        self.assertEqual(self.call("GET", "/idp/onelogin.md", token=None)[0], 200)
        self.assert_error(self.call("GET", "/nope.js", token=None), 404, "not_found")


if __name__ == "__main__":
    unittest.main()
