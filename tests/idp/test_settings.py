"""Directory settings over the SCIM surface, and the SCIM request log."""
import json
import unittest

from idp_replay import USER_URN, IdpTestCase, run_cli


def user(login, **extra):
    body = {"schemas": [USER_URN], "userName": login}
    body.update(extra)
    return body


class SettingsTest(IdpTestCase):
    def set(self, *args, check=True):
        return run_cli(self.server.db, "directory", "set", self.directory["id"], *args,
                       check=check)

    def test_invalid_values_exit_1_with_a_clear_error(self):
        proc = self.set("--deprovision", "suspend", check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("delete or deactivate", proc.stderr)
        self.assertEqual(self.set("--idp", "azure", check=False).returncode, 1)
        shown = json.loads(run_cli(self.server.db, "directory", "show", self.directory["id"],
                                   "--json").stdout)
        self.assertEqual(shown["settings"]["deprovision"], "delete")

    def test_link_existing(self):
        ada = self.ok(self.scim.post("/Users", user("ada@example.com", externalId="e1")), 201)
        self.assertEqual(self.scim.post("/Users", user("ADA@example.com")).status, 409)
        self.set("--link-existing", "on")
        linked = self.ok(self.scim.post("/Users", user("ADA@example.com", title="CTO",
                                                         externalId="e1")), 201)
        self.assertEqual(linked["id"], ada["id"])
        self.assertEqual(linked["title"], "CTO")
        by_external = self.ok(self.scim.post("/Users", user("other@example.com",
                                                             externalId="e1")), 201)
        self.assertEqual(by_external["id"], ada["id"])
        self.assertEqual(by_external["userName"], "other@example.com")
        group = self.ok(self.scim.post("/Groups", {"displayName": "Ops"}), 201)
        again = self.ok(self.scim.post("/Groups", {"displayName": "ops"}), 201)
        self.assertEqual(again["id"], group["id"])
        self.assertEqual(self.ok(self.scim.get("/Users"))["totalResults"], 1)

    def test_deprovision_deactivate(self):
        self.set("--deprovision", "deactivate")
        ada = self.ok(self.scim.post("/Users", user("ada@example.com")), 201)["id"]
        self.assertEqual(self.scim.delete(f"/Users/{ada}").status, 204)
        self.assertFalse(self.ok(self.scim.get(f"/Users/{ada}"))["active"])
        self.assertEqual(self.scim.delete("/Users/no-such-id").status, 404)
        bulk = self.ok(self.scim.post("/Bulk", {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            "Operations": [{"method": "DELETE", "path": f"/Users/{ada}"}]}))
        self.assertEqual(bulk["Operations"][0]["status"], "204")
        self.assertFalse(self.ok(self.scim.get(f"/Users/{ada}"))["active"])

    def test_groups_disabled(self):
        self.set("--groups", "disabled")
        self.assertScimError(self.scim.get("/Groups"), 403)
        self.assertScimError(self.scim.post("/Groups", {"displayName": "x"}), 403)
        types = self.ok(self.scim.get("/ResourceTypes"))
        self.assertEqual([t["id"] for t in types["Resources"]], ["User"])
        # Bulk operations obey the same settings as single requests.
        bulk = self.ok(self.scim.post("/Bulk", {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            "Operations": [{"method": "POST", "path": "/Groups", "bulkId": "g",
                            "data": {"displayName": "via bulk"}}]}))
        self.assertEqual(bulk["Operations"][0]["status"], "403")
        self.set("--groups", "enabled")
        self.ok(self.scim.get("/Groups"))

    def test_response_content_type(self):
        self.assertEqual(self.scim.get("/Users", headers={"Accept": "*/*"}).header(
            "content-type"), "application/scim+json")
        self.set("--response-content-type", "application/json")
        self.assertEqual(self.scim.get("/Users", headers={"Accept": "*/*"}).header(
            "content-type"), "application/json")
        self.set("--idp", "onelogin", "--response-content-type", "application/scim+json")
        self.assertEqual(self.scim.get("/Users", headers={"Accept": "*/*"}).header(
            "content-type"), "application/scim+json")

    def test_request_log(self):
        created = self.scim.post("/Users", user("ada@example.com", password="hunter2"))
        self.assertEqual(created.status, 201)
        self.scim.get("/Users?aadOptscim062020")
        self.assertEqual(self.scim.get("/Users", token="wrong").status, 401)
        log = json.loads(run_cli(self.server.db, "directory", "log", self.directory["id"],
                                 "--json").stdout)
        self.assertEqual([e["method"] for e in log], ["GET", "GET", "POST"])
        failed, listed, posted = log
        self.assertEqual(failed["status"], 401)
        self.assertEqual(failed["request_body"], "")
        self.assertEqual(failed["response_body"], "")
        self.assertEqual(listed["path"], self.scim.base_path + "/Users?aadOptscim062020")
        self.assertEqual(posted["status"], 201)
        self.assertEqual(posted["request_id"], created.header("x-request-id"))
        self.assertEqual(json.loads(posted["request_body"])["password"], "[redacted]")
        self.assertNotIn("hunter2", json.dumps(log))
        self.assertNotIn(self.directory["secret"], json.dumps(log))
        self.assertEqual(json.loads(posted["response_body"])["userName"], "ada@example.com")
        self.assertIsInstance(posted["latency_ms"], int)
        limited = json.loads(run_cli(self.server.db, "directory", "log", self.directory["id"],
                                     "--json", "--limit", "1").stdout)
        self.assertEqual(len(limited), 1)
        text = run_cli(self.server.db, "directory", "log", self.directory["id"]).stdout
        self.assertIn("401  GET", text)


if __name__ == "__main__":
    unittest.main()
