"""Directory isolation and authentication on every SCIM endpoint and method.

Two directories, A and B, each with users and a group. A's secret against B's
Base URL is refused (401, SCIM error, WWW-Authenticate) everywhere; B's own
secret cannot read, change or delete A's resources through B's Base URL
(404), not even by Bulk; and a removed directory's secret stops working at
once on the running server. After every probe, A is checked unchanged."""
import json
import unittest

from scimd_harness import (ERROR_URN, GROUP_URN, SCIM_JSON, Server, patch_body, run_cli,
                           user_body)

BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"


def search_body(filter_text):
    return {"schemas": [SEARCH_REQUEST], "filter": filter_text}


def bulk_body(*operations):
    return {"schemas": [BULK_REQUEST], "Operations": list(operations)}


def group_body(display_name, member_ids=()):
    return {"schemas": [GROUP_URN], "displayName": display_name,
            "members": [{"value": member_id} for member_id in member_ids]}


def every_request(user_id, group_id):
    """(method, path, body) for every SCIM endpoint and method, with `user_id`
    and `group_id` in the /{id} forms."""
    user, group = f"/Users/{user_id}", f"/Groups/{group_id}"
    rename = patch_body({"op": "replace", "path": "displayName", "value": "Changed"})
    deactivate = patch_body({"op": "replace", "path": "active", "value": False})
    requests = []
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        requests += [
            (method, "/Users", user_body("probe@example.com")),
            (method, user, user_body("probe@example.com") if method != "PATCH" else deactivate),
            (method, "/Groups", group_body("Probe")),
            (method, group, group_body("Probe") if method != "PATCH" else rename),
        ]
    requests += [
        ("POST", "/Users/.search", search_body('userName sw "a"')),
        ("POST", "/Groups/.search", search_body('displayName sw "A"')),
        ("POST", "/.search", search_body('id pr')),
        ("POST", "/Bulk", bulk_body({"method": "DELETE", "path": user})),
        ("GET", "/ServiceProviderConfig", None),
        ("GET", "/ResourceTypes", None),
        ("GET", "/ResourceTypes/User", None),
        ("GET", "/ResourceTypes/Group", None),
        ("GET", "/Schemas", None),
        ("GET", "/Schemas/" + USER_SCHEMA, None),
        ("GET", "/Schemas/" + GROUP_URN, None),
    ]
    return requests


class IsolationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Every probe here is meant to fail authentication; the per-address
        # limit on failures would otherwise answer 429 after a few.
        cls.server = Server(extra_args=("--auth-failure-limit", "0"))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.addCleanup(self.server.close_clients)
        self.a, self.a_users, self.a_group = self.populate("A")
        self.b, self.b_users, self.b_group = self.populate("B")
        self.a_scim = self.server.client(self.a)
        self.b_scim = self.server.client(self.b)
        self.a_before = self.state_of_a()

    def populate(self, name):
        directory = self.server.add_directory(name=name)
        scim = self.server.client(directory)
        users = []
        for i in range(2):
            r = scim.post("/Users", user_body(f"{name.lower()}{i}@example.com",
                                              externalId=f"{name}-{i}"))
            self.assertEqual(r.status, 201, r)
            users.append(r.json["id"])
        r = scim.post("/Groups", group_body(f"{name} team", users))
        self.assertEqual(r.status, 201, r)
        return directory, users, r.json["id"]

    def state_of_a(self):
        """Every resource of A in full, read with A's own secret."""
        state = {}
        for path in ["/Users", "/Groups"] + [f"/Users/{u}" for u in self.a_users] + \
                [f"/Groups/{self.a_group}"]:
            r = self.a_scim.get(path)
            self.assertEqual(r.status, 200, (path, r))
            state[path] = r.json
        return state

    def assert_a_unchanged(self):
        self.assertEqual(self.state_of_a(), self.a_before)

    def assert_unauthorized(self, response, what):
        self.assertEqual(response.status, 401, (what, response))
        self.assertTrue(response.header("content-type").startswith(SCIM_JSON),
                        (what, response.headers))
        body = response.json
        self.assertEqual(body["schemas"], [ERROR_URN], what)
        self.assertEqual(body["status"], "401", what)
        self.assertTrue(response.header("www-authenticate", ).startswith("Bearer"),
                        (what, response.headers))

    def assert_not_found(self, response, what):
        self.assertEqual(response.status, 404, (what, response))
        self.assertEqual(response.json["schemas"], [ERROR_URN], what)
        self.assertEqual(response.json["status"], "404", what)

    # --- another directory's secret ---------------------------------------
    def test_a_secret_of_a_is_refused_on_every_endpoint_of_b(self):
        a_secret = self.a["secret"]
        for ids in ((self.b_users[0], self.b_group), (self.a_users[0], self.a_group)):
            for method, path, body in every_request(*ids):
                r = self.b_scim.request(method, path, body, token=a_secret)
                self.assert_unauthorized(r, (method, path))
        # B's resources are untouched too.
        r = self.b_scim.get(f"/Users/{self.b_users[0]}")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["active"])
        r = self.b_scim.get(f"/Groups/{self.b_group}")
        self.assertEqual(r.json["displayName"], "B team")
        self.assertEqual(len(r.json["members"]), 2)
        self.assert_a_unchanged()

    def test_no_secret_and_a_wrong_secret_are_refused_everywhere(self):
        for token in (None, "", self.a["secret"] + "x", self.b["secret"][:-1]):
            for method, path, body in every_request(self.b_users[0], self.b_group):
                r = self.b_scim.request(method, path, body, token=token)
                self.assert_unauthorized(r, (token, method, path))
        self.assert_a_unchanged()

    # --- B's own secret, A's ids --------------------------------------------
    def test_ids_of_a_are_not_found_through_b(self):
        user, group = self.a_users[0], self.a_group
        rename = patch_body({"op": "replace", "path": "displayName", "value": "Changed"})
        deactivate = patch_body({"op": "replace", "path": "active", "value": False})
        probes = [
            ("GET", f"/Users/{user}", None),
            ("PUT", f"/Users/{user}", user_body("a0@example.com", active=False)),
            ("PATCH", f"/Users/{user}", deactivate),
            ("DELETE", f"/Users/{user}", None),
            ("GET", f"/Groups/{group}", None),
            ("PUT", f"/Groups/{group}", group_body("Changed")),
            ("PATCH", f"/Groups/{group}", rename),
            ("PATCH", f"/Groups/{group}",
             patch_body({"op": "remove", "path": f'members[value eq "{user}"]'})),
            ("DELETE", f"/Groups/{group}", None),
            ("GET", f"/Groups/{user}", None),  # a user id as a group id
            ("GET", f"/Users/{group}", None),
        ]
        for method, path, body in probes:
            r = self.b_scim.request(method, path, body)
            self.assert_not_found(r, (method, path))
            self.assert_a_unchanged()
        # If-Match with A's current version changes nothing either.
        version = self.a_before[f"/Users/{user}"]["meta"]["version"]
        r = self.b_scim.request("DELETE", f"/Users/{user}", headers={"If-Match": version})
        self.assert_not_found(r, "DELETE with If-Match")
        self.assert_a_unchanged()

    def test_searches_through_b_never_return_resources_of_a(self):
        a_ids = set(self.a_users) | {self.a_group}
        queries = [
            ("GET", "/Users?filter=" + f'id eq "{self.a_users[0]}"'.replace(" ", "%20")
             .replace('"', "%22"), None),
            ("GET", "/Users?filter=userName%20eq%20%22a0%40example.com%22", None),
            ("GET", "/Users?filter=externalId%20eq%20%22A-0%22", None),
            ("GET", "/Groups?filter=displayName%20eq%20%22A%20team%22", None),
            ("GET", "/Groups?filter=" + f'members.value eq "{self.a_users[0]}"'
             .replace(" ", "%20").replace('"', "%22"), None),
            ("POST", "/Users/.search", search_body(f'id eq "{self.a_users[1]}"')),
            ("POST", "/Users/.search", search_body('userName sw "a"')),
            ("POST", "/Groups/.search", search_body(f'id eq "{self.a_group}"')),
            ("POST", "/Groups/.search", search_body('displayName sw "A"')),
        ]
        for method, path, body in queries:
            r = self.b_scim.request(method, path, body)
            self.assertEqual(r.status, 200, (method, path, r))
            self.assertEqual(r.json["totalResults"], 0, (method, path, r))
            for a_id in a_ids:
                self.assertNotIn(a_id, r.body, (method, path))
        # B's unfiltered lists hold only B's resources.
        for path, expected in (("/Users", set(self.b_users)), ("/Groups", {self.b_group})):
            r = self.b_scim.get(path)
            self.assertEqual({res["id"] for res in r.json["Resources"]}, expected)
        # A search at the server root is not offered; whatever it answers, it
        # holds nothing of A.
        r = self.b_scim.post("/.search", search_body("id pr"))
        self.assertIn(r.status, (200, 404), r)
        for a_id in a_ids:
            self.assertNotIn(a_id, r.body)
        self.assert_a_unchanged()

    def test_b_cannot_link_resources_of_a(self):
        user = self.a_users[0]
        r = self.b_scim.patch(f"/Groups/{self.b_group}", patch_body(
            {"op": "add", "path": "members", "value": [{"value": user}]}))
        self.assertIn(r.status, (400, 404), r)
        self.assertEqual(r.json["schemas"], [ERROR_URN])
        r = self.b_scim.post("/Groups", group_body("Borrowed", [user]))
        self.assertIn(r.status, (400, 404), r)
        r = self.b_scim.put(f"/Groups/{self.b_group}", group_body("B team", [user]))
        self.assertIn(r.status, (400, 404), r)
        r = self.b_scim.get(f"/Groups/{self.b_group}")
        self.assertEqual(sorted(m["value"] for m in r.json["members"]), sorted(self.b_users))
        self.assert_a_unchanged()

    def test_names_are_unique_per_directory_only(self):
        # The same userName and displayName as in A are free in B.
        r = self.b_scim.post("/Users", user_body("a0@example.com"))
        self.assertEqual(r.status, 201, r)
        self.assertNotIn(r.json["id"], self.a_users)
        r = self.b_scim.post("/Groups", group_body("A team"))
        self.assertEqual(r.status, 201, r)
        self.assert_a_unchanged()

    def test_bulk_operations_on_ids_of_a_fail_one_by_one(self):
        user, group = self.a_users[0], self.a_group
        operations = [
            {"method": "PUT", "path": f"/Users/{user}", "bulkId": "put-user",
             "data": user_body("a0@example.com", active=False)},
            {"method": "PATCH", "path": f"/Users/{user}", "bulkId": "patch-user",
             "data": patch_body({"op": "replace", "path": "active", "value": False})},
            {"method": "DELETE", "path": f"/Users/{self.a_users[1]}", "bulkId": "delete-user"},
            {"method": "PUT", "path": f"/Groups/{group}", "bulkId": "put-group",
             "data": group_body("Changed")},
            {"method": "PATCH", "path": f"/Groups/{group}", "bulkId": "patch-group",
             "data": patch_body({"op": "replace", "path": "displayName", "value": "X"})},
            {"method": "DELETE", "path": f"/Groups/{group}", "bulkId": "delete-group"},
            {"method": "POST", "path": "/Users", "bulkId": "ok",
             "data": user_body("bulk-ok@example.com")},
        ]
        r = self.b_scim.post("/Bulk", bulk_body(*operations))
        self.assertEqual(r.status, 200, r)
        results = {op["bulkId"]: op for op in r.json["Operations"]}
        for op in operations[:-1]:
            result = results[op["bulkId"]]
            self.assertEqual(result["status"], "404", result)
            self.assertEqual(result["response"]["schemas"], [ERROR_URN], result)
            self.assertEqual(result["response"]["status"], "404", result)
        self.assertEqual(results["ok"]["status"], "201", results["ok"])
        # Linking A's user from B by Bulk fails too, and only that operation.
        r = self.b_scim.post("/Bulk", bulk_body(
            {"method": "POST", "path": "/Groups", "bulkId": "borrow",
             "data": group_body("Borrowed", [user])},
            {"method": "PATCH", "path": f"/Groups/{self.b_group}", "bulkId": "link",
             "data": patch_body({"op": "add", "path": "members", "value": [{"value": user}]})}))
        self.assertEqual(r.status, 200, r)
        for result in r.json["Operations"]:
            self.assertIn(result["status"], ("400", "404"), result)
        self.assert_a_unchanged()

    # --- a removed directory ----------------------------------------------
    def test_a_removed_directory_is_refused_at_once_everywhere(self):
        b_secret = self.b["secret"]
        self.assertEqual(self.b_scim.get("/Users").status, 200)  # connection stays open
        run_cli(self.server.db, "directory", "remove", self.b["id"])
        for method, path, body in every_request(self.b_users[0], self.b_group):
            r = self.b_scim.request(method, path, body, token=b_secret)
            self.assert_unauthorized(r, (method, path))
        # Nothing was recreated under B's id, and A is as it was.
        proc = run_cli(self.server.db, "directory", "show", self.b["id"], check=False)
        self.assertNotEqual(proc.returncode, 0)
        listed = json.loads(run_cli(self.server.db, "directory", "list", "--json").stdout)
        self.assertNotIn(self.b["id"], [d["id"] for d in listed])
        self.assert_a_unchanged()


if __name__ == "__main__":
    unittest.main()
