"""Users: create, read, list, filter, replace, patch, delete (RFC 7644 §3)."""
import unittest

from scimd_harness import (ENTERPRISE_URN, LIST_URN, SCIM_JSON, ScimTestCase, patch_body,
                           user_body)


class UsersTest(ScimTestCase):
    def create(self, name, **extra):
        r = self.scim.post("/Users", user_body(name, **extra))
        self.assertEqual(r.status, 201, r)
        return r

    def test_create_returns_location_meta_and_etag(self):
        r = self.create("bjensen@example.com", externalId="ext-1")
        user = r.json
        self.assertTrue(r.header("content-type").startswith(SCIM_JSON))
        self.assertEqual(r.header("location"), user["meta"]["location"])
        self.assertEqual(user["meta"]["location"],
                         self.directory["base_url"] + "/Users/" + user["id"])
        self.assertEqual(user["meta"]["resourceType"], "User")
        self.assertIn("created", user["meta"])
        self.assertIn("lastModified", user["meta"])
        self.assertEqual(r.header("etag"), user["meta"]["version"])
        self.assertTrue(user["active"])
        self.assertEqual(user["externalId"], "ext-1")
        self.assertEqual(user["userName"], "bjensen@example.com")

    def test_get_by_id_and_unknown_id(self):
        user = self.create("get@example.com").json
        r = self.scim.get("/Users/" + user["id"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["id"], user["id"])
        self.assertScimError(self.scim.get("/Users/does-not-exist"), 404)

    def test_password_is_accepted_and_never_returned(self):
        user = self.create("pw@example.com", password="t1meMa$heen").json
        self.assertNotIn("password", user)
        r = self.scim.get("/Users/" + user["id"])
        self.assertNotIn("password", r.json)
        self.assertNotIn("t1meMa$heen", r.body)

    def test_username_is_unique_case_insensitively(self):
        self.create("Dup@Example.com")
        r = self.scim.post("/Users", user_body("dup@example.COM"))
        self.assertScimError(r, 409, "uniqueness")

    def test_filter_eq_on_lookup_attributes(self):
        a = self.create("alice@example.com", externalId="A-1").json
        self.create("bob@example.com", externalId="B-2")
        for query, expected in [
            ('userName eq "alice@example.com"', [a["id"]]),
            ('userName eq "ALICE@EXAMPLE.COM"', [a["id"]]),
            ('externalId eq "A-1"', [a["id"]]),
            ('externalId eq "a-1"', []),  # externalId is caseExact
            (f'id eq "{a["id"]}"', [a["id"]]),
            ('emails.value eq "Alice@Example.com"', [a["id"]]),
            ('userName eq "alice@example.com" and externalId eq "A-1"', [a["id"]]),
            ('userName eq "nobody" or externalId eq "A-1"', [a["id"]]),
            ('userName eq "nobody@example.com"', []),
        ]:
            r = self.scim.find_users(query)
            self.assertEqual(r.status, 200, (query, r))
            body = r.json
            self.assertEqual(body["schemas"], [LIST_URN])
            self.assertEqual(sorted(u["id"] for u in body["Resources"]), sorted(expected), query)
            self.assertEqual(body["totalResults"], len(expected), query)

    def test_paging_is_one_based_and_returns_all_without_count(self):
        for i in range(5):
            self.create(f"page{i}@example.com")
        r = self.scim.get("/Users")
        self.assertEqual(r.json["totalResults"], 5)
        self.assertEqual(len(r.json["Resources"]), 5)
        r = self.scim.get("/Users?startIndex=2&count=2")
        body = r.json
        self.assertEqual(body["totalResults"], 5)
        self.assertEqual(body["startIndex"], 2)
        self.assertEqual(body["itemsPerPage"], 2)
        self.assertEqual(len(body["Resources"]), 2)
        r = self.scim.get("/Users?startIndex=0&count=1")
        self.assertEqual(r.json["startIndex"], 1)
        r = self.scim.get("/Users?count=0")
        self.assertEqual(r.json["totalResults"], 5)
        self.assertEqual(r.json.get("Resources", []), [])
        self.assertScimError(self.scim.get("/Users?count=abc"), 400, "invalidValue")

    def test_put_replaces_and_ignores_read_only(self):
        user = self.create("put@example.com", title="Engineer").json
        body = user_body("put@example.com", displayName="Put User")
        body["id"] = "something-else"
        body["meta"] = {"created": "2000-01-01T00:00:00Z"}
        r = self.scim.put("/Users/" + user["id"], body)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["id"], user["id"])
        self.assertEqual(r.json["displayName"], "Put User")
        self.assertNotIn("title", r.json)  # omitted attributes are cleared
        self.assertEqual(r.json["meta"]["created"], user["meta"]["created"])
        self.assertNotEqual(r.json["meta"]["version"], user["meta"]["version"])

    def test_put_to_a_taken_username_is_a_conflict(self):
        self.create("taken@example.com")
        other = self.create("other@example.com").json
        r = self.scim.put("/Users/" + other["id"], user_body("TAKEN@example.com"))
        self.assertScimError(r, 409, "uniqueness")

    def test_patch_replace_add_remove(self):
        user = self.create("patch@example.com").json
        r = self.scim.patch("/Users/" + user["id"], patch_body(
            {"op": "replace", "path": "active", "value": False},
            {"op": "add", "path": "title", "value": "Boss"},
            {"op": "replace", "path": "name.givenName", "value": "Barbara"},
            {"op": "add", "path": f"{ENTERPRISE_URN}:employeeNumber", "value": "701984"}))
        self.assertEqual(r.status, 200, r)
        body = r.json
        self.assertFalse(body["active"])
        self.assertEqual(body["title"], "Boss")
        self.assertEqual(body["name"]["givenName"], "Barbara")
        self.assertEqual(body["name"]["familyName"], "Family")
        self.assertEqual(body[ENTERPRISE_URN]["employeeNumber"], "701984")
        r = self.scim.patch("/Users/" + user["id"], patch_body(
            {"op": "remove", "path": "title"}))
        self.assertEqual(r.status, 200, r)
        self.assertNotIn("title", r.json)

    def test_patch_errors_change_nothing(self):
        user = self.create("atomic@example.com").json
        r = self.scim.patch("/Users/" + user["id"], patch_body(
            {"op": "replace", "path": "title", "value": "Changed"},
            {"op": "remove"}))
        self.assertScimError(r, 400, "noTarget")
        r = self.scim.get("/Users/" + user["id"])
        self.assertNotIn("title", r.json)
        self.assertEqual(r.json["meta"]["version"], user["meta"]["version"])
        r = self.scim.patch("/Users/" + user["id"], patch_body(
            {"op": "replace", "path": "id", "value": "x"}))
        self.assertScimError(r, 400, "mutability")
        r = self.scim.patch("/Users/" + user["id"], patch_body(
            {"op": "replace", "path": "active", "value": [1, 2]}))
        self.assertScimError(r, 400, "invalidValue")
        r = self.scim.patch("/Users/" + user["id"], patch_body(
            {"op": "replace", "path": "emails[type eq", "value": "x"}))
        self.assertScimError(r, 400, "invalidPath")

    def test_delete_then_second_delete_is_404(self):
        user = self.create("del@example.com").json
        r = self.scim.delete("/Users/" + user["id"])
        self.assertEqual(r.status, 204, r)
        self.assertEqual(r.body, "")
        self.assertScimError(self.scim.delete("/Users/" + user["id"]), 404)
        self.assertScimError(self.scim.get("/Users/" + user["id"]), 404)

    def test_etag_if_none_match_and_if_match(self):
        r = self.create("etag@example.com")
        user, etag = r.json, r.header("etag")
        r = self.scim.get("/Users/" + user["id"], headers={"If-None-Match": etag})
        self.assertEqual(r.status, 304)
        r = self.scim.patch("/Users/" + user["id"],
                            patch_body({"op": "replace", "path": "title", "value": "x"}),
                            headers={"If-Match": 'W/"999"'})
        self.assertScimError(r, 412)
        r = self.scim.patch("/Users/" + user["id"],
                            patch_body({"op": "replace", "path": "title", "value": "x"}),
                            headers={"If-Match": etag})
        self.assertEqual(r.status, 200, r)

    def test_projection(self):
        user = self.create("proj@example.com", title="T").json
        r = self.scim.get("/Users/" + user["id"] + "?attributes=userName")
        self.assertEqual(set(r.json) - {"schemas", "id"}, {"userName"})
        r = self.scim.get("/Users/" + user["id"] + "?excludedAttributes=title,emails")
        self.assertNotIn("title", r.json)
        self.assertNotIn("emails", r.json)
        self.assertIn("userName", r.json)

    def test_search_post(self):
        self.create("search@example.com")
        r = self.scim.post("/Users/.search", {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "filter": 'userName sw "search"', "attributes": ["userName"], "count": 10})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["totalResults"], 1)
        self.assertEqual(r.json["Resources"][0]["userName"], "search@example.com")


if __name__ == "__main__":
    unittest.main()
