"""Bulk operations (RFC 7644 §3.7)."""
import json
import unittest

from scimd_harness import GROUP_URN, PATCH_URN, ScimTestCase, patch_body, user_body

BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"


def bulk(*operations, **extra):
    body = {"schemas": [BULK_REQUEST], "Operations": list(operations)}
    body.update(extra)
    return body


def post_user(bulk_id, user_name):
    return {"method": "POST", "path": "/Users", "bulkId": bulk_id, "data": user_body(user_name)}


class BulkTest(ScimTestCase):
    def send(self, body, status=200):
        r = self.scim.post("/Bulk", body)
        self.assertEqual(r.status, status, r)
        if status == 200:
            self.assertEqual(r.json["schemas"], [BULK_RESPONSE])
        return r.json

    def by_bulk_id(self, response):
        return {op["bulkId"]: op for op in response["Operations"] if "bulkId" in op}

    def test_group_with_members_defined_later_in_the_request(self):
        response = self.send(bulk(
            {"method": "POST", "path": "/Groups", "bulkId": "eng",
             "data": {"schemas": [GROUP_URN], "displayName": "Engineering",
                      "members": [{"value": "bulkId:alice"}, {"value": "bulkId:bob"}]}},
            post_user("alice", "alice@example.com"),
            post_user("bob", "bob@example.com")))
        ops = response["Operations"]
        self.assertEqual([op["bulkId"] for op in ops], ["eng", "alice", "bob"])
        for op in ops:
            self.assertEqual(op["status"], "201", op)
            self.assertEqual(op["method"], "POST")
            self.assertTrue(op["version"].startswith('W/"'), op)
            self.assertNotIn("response", op)
        results = self.by_bulk_id(response)
        alice_id = results["alice"]["location"].rsplit("/", 1)[1]
        bob_id = results["bob"]["location"].rsplit("/", 1)[1]
        self.assertTrue(results["eng"]["location"].startswith(
            self.directory["base_url"] + "/Groups/"))
        r = self.scim.get(results["eng"]["location"].split("/v2", 1)[1])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(sorted(m["value"] for m in r.json["members"]), sorted([alice_id, bob_id]))
        r = self.scim.get("/Users/" + alice_id)
        self.assertEqual(r.json["userName"], "alice@example.com")
        self.assertEqual([g["value"] for g in r.json["groups"]],
                         [results["eng"]["location"].rsplit("/", 1)[1]])

    def test_put_patch_and_delete_by_bulk_id_path(self):
        response = self.send(bulk(
            {"method": "DELETE", "path": "/Users/bulkId:gone"},
            {"method": "PATCH", "path": "/Users/bulkId:kept",
             "data": patch_body({"op": "replace", "path": "displayName", "value": "Patched"})},
            {"method": "PUT", "path": "/Groups/bulkId:grp",
             "data": {"schemas": [GROUP_URN], "displayName": "Renamed",
                      "members": [{"value": "bulkId:kept"}]}},
            post_user("kept", "kept@example.com"),
            post_user("gone", "gone@example.com"),
            {"method": "post", "path": "/Groups", "bulkId": "grp",
             "data": {"schemas": [GROUP_URN], "displayName": "Before"}}))
        ops = response["Operations"]
        self.assertEqual([(op["method"], op["status"]) for op in ops],
                         [("DELETE", "204"), ("PATCH", "200"), ("PUT", "200"),
                          ("POST", "201"), ("POST", "201"), ("POST", "201")])
        kept_location = ops[3]["location"]
        self.assertEqual(ops[1]["location"], kept_location)
        self.assertEqual(ops[0]["location"], ops[4]["location"])
        r = self.scim.get(kept_location.split("/v2", 1)[1])
        self.assertEqual(r.json["displayName"], "Patched")
        self.assertEqual(r.json["meta"]["version"], ops[1]["version"])
        r = self.scim.get(ops[4]["location"].split("/v2", 1)[1])
        self.assertEqual(r.status, 404, r)
        r = self.scim.get(ops[5]["location"].split("/v2", 1)[1])
        self.assertEqual(r.json["displayName"], "Renamed")
        self.assertEqual([m["value"] for m in r.json["members"]],
                         [kept_location.rsplit("/", 1)[1]])

    def test_version_is_if_match(self):
        r = self.scim.post("/Users", user_body("ver@example.com"))
        user_id, etag = r.json["id"], r.header("etag")
        change = patch_body({"op": "replace", "path": "displayName", "value": "V"})
        response = self.send(bulk(
            {"method": "PATCH", "path": "/Users/" + user_id, "version": 'W/"999"', "data": change},
            {"method": "PATCH", "path": "/Users/" + user_id, "version": etag, "data": change}))
        ops = response["Operations"]
        self.assertEqual(ops[0]["status"], "412", ops[0])
        self.assertEqual(ops[0]["response"]["status"], "412")
        self.assertEqual(ops[1]["status"], "200", ops[1])

    def test_fail_on_errors_stops_after_the_first_failure(self):
        response = self.send(bulk(
            post_user("a", "a@example.com"),
            {"method": "DELETE", "path": "/Users/no-such-user"},
            post_user("b", "b@example.com"),
            failOnErrors=1))
        ops = response["Operations"]
        self.assertEqual(len(ops), 2, ops)
        self.assertEqual(ops[0]["status"], "201")
        self.assertEqual(ops[1]["status"], "404")
        self.assertEqual(ops[1]["response"]["schemas"],
                         ["urn:ietf:params:scim:api:messages:2.0:Error"])
        r = self.scim.find_users('userName eq "b@example.com"')
        self.assertEqual(r.json["totalResults"], 0)
        # Without failOnErrors every operation runs.
        response = self.send(bulk(
            {"method": "DELETE", "path": "/Users/no-such-user"},
            post_user("b", "b@example.com")))
        self.assertEqual([op["status"] for op in response["Operations"]], ["404", "201"])

    def test_circular_references_are_reported(self):
        response = self.send(bulk(
            {"method": "POST", "path": "/Groups", "bulkId": "ga",
             "data": {"schemas": [GROUP_URN], "displayName": "A",
                      "members": [{"value": "bulkId:gb"}]}},
            {"method": "POST", "path": "/Groups", "bulkId": "gb",
             "data": {"schemas": [GROUP_URN], "displayName": "B",
                      "members": [{"value": "bulkId:ga"}]}},
            post_user("u", "u@example.com"),
            {"method": "POST", "path": "/Groups", "bulkId": "gc",
             "data": {"schemas": [GROUP_URN], "displayName": "C",
                      "members": [{"value": "bulkId:unknown"}]}}))
        results = self.by_bulk_id(response)
        for bulk_id in ("ga", "gb"):
            self.assertEqual(results[bulk_id]["status"], "409", results[bulk_id])
            self.assertIn("circular", results[bulk_id]["response"]["detail"])
        self.assertEqual(results["u"]["status"], "201")
        self.assertEqual(results["gc"]["status"], "409")
        self.assertIn("'unknown'", results["gc"]["response"]["detail"])
        r = self.scim.get("/Groups")
        self.assertEqual(r.json["totalResults"], 0)

    def test_reference_to_a_failed_post_fails(self):
        response = self.send(bulk(
            {"method": "POST", "path": "/Users", "bulkId": "bad",
             "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}},
            {"method": "POST", "path": "/Groups", "bulkId": "g",
             "data": {"schemas": [GROUP_URN], "displayName": "G",
                      "members": [{"value": "bulkId:bad"}]}}))
        results = self.by_bulk_id(response)
        self.assertEqual(results["bad"]["status"], "400", results["bad"])
        self.assertEqual(results["g"]["status"], "409", results["g"])
        self.assertIn("'bad'", results["g"]["response"]["detail"])

    def test_duplicate_user_name_fails_only_that_operation(self):
        self.assertEqual(self.scim.post("/Users", user_body("taken@example.com")).status, 201)
        response = self.send(bulk(
            post_user("one", "one@example.com"),
            post_user("dup", "taken@example.com"),
            post_user("two", "two@example.com"),
            post_user("dup2", "one@example.com")))
        results = self.by_bulk_id(response)
        self.assertEqual(results["one"]["status"], "201")
        self.assertEqual(results["two"]["status"], "201")
        for bulk_id in ("dup", "dup2"):
            self.assertEqual(results[bulk_id]["status"], "409", results[bulk_id])
            self.assertEqual(results[bulk_id]["response"]["scimType"], "uniqueness")
        r = self.scim.get("/Users")
        self.assertEqual(r.json["totalResults"], 3)

    def test_bad_operations_fail_alone(self):
        response = self.send(bulk(
            {"method": "GET", "path": "/Users", "bulkId": "get"},
            {"method": "POST", "path": "/Widgets", "bulkId": "w", "data": {}},
            {"method": "POST", "path": "/Users", "data": user_body("nobulk@example.com")},
            {"method": "DELETE", "path": "/Users"},
            post_user("ok", "ok@example.com")))
        ops = response["Operations"]
        self.assertEqual([op["status"] for op in ops], ["400"] * 4 + ["201"])
        self.assertEqual(ops[0]["method"], "GET")
        for op in ops[:4]:
            self.assertEqual(op["response"]["scimType"], "invalidSyntax", op)

    def test_max_operations_exceeded_is_413(self):
        ops = [{"method": "DELETE", "path": f"/Users/u{i}"} for i in range(1001)]
        r = self.scim.post("/Bulk", bulk(*ops))
        body = self.assertScimError(r, 413)
        self.assertIn("maxOperations", body["detail"])
        r = self.scim.post("/Bulk", bulk(*ops[:1000]))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json["Operations"]), 1000)

    def test_payload_over_limit_is_413(self):
        big = "x" * (1024 * 1024)
        r = self.scim.post("/Bulk", bulk(post_user("big", big)))
        self.assertScimError(r, 413)

    def test_malformed_requests_are_400_invalid_syntax(self):
        r = self.scim.request("POST", "/Bulk", raw="{not json")
        self.assertScimError(r, 400, "invalidSyntax")
        r = self.scim.post("/Bulk", {"schemas": [PATCH_URN], "Operations": []})
        self.assertScimError(r, 400, "invalidSyntax")
        r = self.scim.post("/Bulk", {"schemas": [BULK_REQUEST]})
        self.assertScimError(r, 400, "invalidSyntax")
        r = self.scim.post("/Bulk", bulk(failOnErrors=0))
        self.assertScimError(r, 400, "invalidValue")

    def test_lenient_case_and_empty_request(self):
        r = self.scim.post("/Bulk", {"schemas": [BULK_REQUEST.lower()], "operations": [
            {"Method": "post", "Path": "/users", "BulkId": "x",
             "Data": user_body("case@example.com")}]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["Operations"][0]["status"], "201")
        self.assertEqual(self.send(bulk())["Operations"], [])

    def test_wrong_token_is_401(self):
        r = self.scim.post("/Bulk", bulk(post_user("a", "a@example.com")), token="wrong")
        self.assertScimError(r, 401)
        r = self.scim.get("/Users")
        self.assertEqual(r.json["totalResults"], 0)

    def test_only_post_is_allowed(self):
        self.assertScimError(self.scim.get("/Bulk"), 405)

    def test_service_provider_config_advertises_bulk(self):
        r = self.scim.get("/ServiceProviderConfig")
        self.assertEqual(r.json["bulk"], {"supported": True, "maxOperations": 1000,
                                          "maxPayloadSize": 1048576})


if __name__ == "__main__":
    unittest.main()
