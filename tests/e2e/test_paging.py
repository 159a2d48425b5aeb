"""Paging and sorting of lists: index paging (RFC 7644 §3.4.2.4), cursor paging
(RFC 9865) and sortBy/sortOrder (RFC 7644 §3.4.2.3)."""
import base64
import json
import time
import unittest
import urllib.parse

from scimd_harness import ENTERPRISE_URN, LIST_URN, ScimTestCase, user_body


class PagingTest(ScimTestCase):
    def setUp(self):
        super().setUp()
        self.ids = []
        for i in range(7):
            r = self.scim.post("/Users", user_body(f"user{i}@example.com"))
            self.assertEqual(r.status, 201, r)
            self.ids.append(r.json["id"])

    def list(self, **params):
        r = self.scim.get("/Users?" + urllib.parse.urlencode(params))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["schemas"], [LIST_URN])
        return r.json

    def walk(self, **params):
        """Follows nextCursor from the first page; returns the ids and page sizes."""
        seen, sizes = [], []
        page = self.list(cursor="", **params)
        for _ in range(100):
            seen += [u["id"] for u in page["Resources"]]
            sizes.append(page["itemsPerPage"])
            if "nextCursor" not in page:
                return seen, sizes
            page = self.list(cursor=page["nextCursor"], **params)
        self.fail("cursor walk did not end")

    def test_index_paging_is_unchanged(self):
        page = self.list(startIndex=3, count=2)
        self.assertEqual(page["totalResults"], 7)
        self.assertEqual(page["startIndex"], 3)
        self.assertEqual(page["itemsPerPage"], 2)
        self.assertEqual([u["id"] for u in page["Resources"]], self.ids[2:4])
        self.assertNotIn("nextCursor", page)

    def test_first_cursor_page(self):
        page = self.list(cursor="", count=3)
        self.assertEqual(page["totalResults"], 7)
        self.assertEqual(page["itemsPerPage"], 3)
        self.assertNotIn("startIndex", page)
        self.assertNotIn("previousCursor", page)
        self.assertEqual([u["id"] for u in page["Resources"]], self.ids[:3])
        self.assertIsInstance(page["nextCursor"], str)

    def test_walk_to_the_end(self):
        seen, sizes = self.walk(count=3)
        self.assertEqual(seen, self.ids)
        self.assertEqual(sizes, [3, 3, 1])
        # An exactly full last page carries no nextCursor either.
        seen, sizes = self.walk(count=7)
        self.assertEqual(seen, self.ids)
        self.assertEqual(sizes, [7])

    def test_cursor_without_count_uses_the_default_page_size(self):
        seen, sizes = self.walk()
        self.assertEqual(seen, self.ids)
        self.assertEqual(sizes, [7])

    def test_previous_cursor_goes_back(self):
        first = self.list(cursor="", count=3)
        second = self.list(cursor=first["nextCursor"], count=3)
        self.assertEqual([u["id"] for u in second["Resources"]], self.ids[3:6])
        back = self.list(cursor=second["previousCursor"], count=3)
        self.assertEqual([u["id"] for u in back["Resources"]], self.ids[:3])
        self.assertNotIn("previousCursor", back)

    def test_walk_with_filter_and_sort(self):
        params = {"filter": 'userName sw "user"', "sortBy": "userName",
                  "sortOrder": "descending", "count": 2}
        seen, _ = self.walk(**params)
        self.assertEqual(seen, list(reversed(self.ids)))

    def test_writes_between_pages_neither_skip_nor_repeat(self):
        first = self.list(cursor="", count=3)
        self.assertEqual(self.scim.delete(f"/Users/{self.ids[1]}").status, 204)
        self.assertEqual(self.scim.delete(f"/Users/{self.ids[4]}").status, 204)
        created = self.scim.post("/Users", user_body("late@example.com")).json["id"]
        seen = [u["id"] for u in first["Resources"]]
        page = self.list(cursor=first["nextCursor"], count=3)
        while True:
            seen += [u["id"] for u in page["Resources"]]
            if "nextCursor" not in page:
                break
            page = self.list(cursor=page["nextCursor"], count=3)
        self.assertEqual(seen, self.ids[:4] + self.ids[5:] + [created])

    def test_search_body_takes_a_cursor(self):
        body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                "cursor": "", "count": 4}
        r = self.scim.post("/Users/.search", body)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json["Resources"]), 4)
        body["cursor"] = r.json["nextCursor"]
        r = self.scim.post("/Users/.search", body)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([u["id"] for u in r.json["Resources"]], self.ids[4:])
        self.assertNotIn("nextCursor", r.json)

    def test_invalid_cursor(self):
        for cursor in ["not a cursor", "AAAA", base64.urlsafe_b64encode(b"{}").decode()]:
            r = self.scim.get("/Users?" + urllib.parse.urlencode({"cursor": cursor}))
            self.assertScimError(r, 400, "invalidCursor")

    def test_cursor_of_another_list_is_invalid(self):
        cursor = self.list(cursor="", count=2)["nextCursor"]
        r = self.scim.get("/Users?" + urllib.parse.urlencode(
            {"cursor": cursor, "filter": 'userName sw "user"'}))
        self.assertScimError(r, 400, "invalidCursor")
        r = self.scim.get("/Users?" + urllib.parse.urlencode({"cursor": cursor,
                                                               "sortBy": "userName"}))
        self.assertScimError(r, 400, "invalidCursor")
        r = self.scim.get("/Groups?" + urllib.parse.urlencode({"cursor": cursor}))
        self.assertScimError(r, 400, "invalidCursor")

    def test_expired_cursor(self):
        cursor = self.list(cursor="", count=2)["nextCursor"]
        padded = cursor + "=" * (-len(cursor) % 4)
        token = json.loads(base64.urlsafe_b64decode(padded))
        token["t"] = int(time.time()) - 2 * 3600
        stale = base64.urlsafe_b64encode(json.dumps(token).encode()).decode().rstrip("=")
        r = self.scim.get("/Users?" + urllib.parse.urlencode({"cursor": stale}))
        self.assertScimError(r, 400, "expiredCursor")

    def test_start_index_and_cursor_together(self):
        r = self.scim.get("/Users?startIndex=1&cursor=")
        self.assertScimError(r, 400, "invalidValue")

    def test_count_zero_with_cursor_gives_only_the_total(self):
        page = self.list(cursor="", count=0)
        self.assertEqual(page["totalResults"], 7)
        self.assertEqual(page["Resources"], [])
        self.assertNotIn("nextCursor", page)

    def test_service_provider_config_describes_pagination(self):
        r = self.scim.get("/ServiceProviderConfig")
        self.assertEqual(r.status, 200, r)
        pagination = r.json["pagination"]
        self.assertIs(pagination["cursor"], True)
        self.assertIs(pagination["index"], True)
        self.assertEqual(pagination["defaultPaginationMethod"], "index")
        self.assertEqual(pagination["defaultPageSize"], r.json["filter"]["maxResults"])
        self.assertEqual(pagination["maxPageSize"], r.json["filter"]["maxResults"])
        self.assertGreater(pagination["cursorTimeout"], 0)


class SortingTest(ScimTestCase):
    """Each sort has ties or missing values, which must fall back to id order."""

    def create(self, user_name, **extra):
        r = self.scim.post("/Users", user_body(user_name, **extra))
        self.assertEqual(r.status, 201, r)
        return r.json["id"]

    def sorted_ids(self, sort_by, order=None, cursor_count=None):
        params = {"sortBy": sort_by}
        if order:
            params["sortOrder"] = order
        r = self.scim.get("/Users?" + urllib.parse.urlencode(params))
        self.assertEqual(r.status, 200, r)
        ids = [u["id"] for u in r.json["Resources"]]
        # A cursor walk in pages of two gives the same order.
        walked, cursor = [], ""
        while cursor is not None:
            r = self.scim.get("/Users?" + urllib.parse.urlencode(
                {**params, "cursor": cursor, "count": 2}))
            self.assertEqual(r.status, 200, r)
            walked += [u["id"] for u in r.json["Resources"]]
            cursor = r.json.get("nextCursor")
        self.assertEqual(walked, ids)
        return ids

    @staticmethod
    def by(pairs, reverse=False):
        """Ids ordered by key (None last either way), then id ascending."""
        present = sorted((p for p in pairs if p[0] is not None), key=lambda p: p[1])
        present.sort(key=lambda p: p[0], reverse=reverse)
        missing = sorted(p[1] for p in pairs if p[0] is None)
        return [p[1] for p in present] + missing

    def test_user_name(self):
        pairs = [(n.lower(), self.create(n)) for n in ["carol", "Alice", "bob", "Dave"]]
        self.assertEqual(self.sorted_ids("userName"), self.by(pairs))
        self.assertEqual(self.sorted_ids("userName", "descending"), self.by(pairs, True))

    def test_family_name_with_ties_and_missing(self):
        pairs = []
        for i, family in enumerate(["Smith", "adams", "Smith", None, "Jones", None, "smith"]):
            extra = {"name": {"familyName": family}} if family else {"name": {"givenName": "X"}}
            pairs.append((family.lower() if family else None, self.create(f"u{i}", **extra)))
        self.assertEqual(self.sorted_ids("name.familyName"), self.by(pairs))
        self.assertEqual(self.sorted_ids("name.familyName", "descending"), self.by(pairs, True))

    def test_last_modified(self):
        ids = [self.create(f"u{i}") for i in range(4)]
        time.sleep(0.01)
        r = self.scim.patch(f"/Users/{ids[1]}", {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "displayName", "value": "x"}]})
        self.assertEqual(r.status, 200, r)
        expected = [ids[0], ids[2], ids[3], ids[1]]
        self.assertEqual(self.sorted_ids("meta.lastModified"), expected)
        self.assertEqual(self.sorted_ids("meta.lastModified", "descending")[0], ids[1])

    def test_emails_sorts_by_the_primary_value(self):
        pairs = []
        for i, (first, primary) in enumerate([("a@z.example", "m@x.example"),
                                              ("b@z.example", "c@x.example"),
                                              ("z@z.example", None)]):
            emails = [{"value": first}]
            if primary:
                emails.append({"value": primary, "primary": True})
            pairs.append(((primary or first), self.create(f"u{i}", emails=emails)))
        pairs.append((None, self.create("u9", emails=[])))
        self.assertEqual(self.sorted_ids("emails"), self.by(pairs))
        self.assertEqual(self.sorted_ids("emails", "descending"), self.by(pairs, True))

    def test_enterprise_employee_number(self):
        pairs = []
        for i, number in enumerate(["300", "100", None, "200", "100"]):
            extra = {}
            if number:
                extra = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_URN],
                         ENTERPRISE_URN: {"employeeNumber": number}}
            pairs.append((number, self.create(f"u{i}", **extra)))
        path = ENTERPRISE_URN + ":employeeNumber"
        self.assertEqual(self.sorted_ids(path), self.by(pairs))
        self.assertEqual(self.sorted_ids(path, "descending"), self.by(pairs, True))

    def test_unknown_sort_attribute_is_rejected(self):
        r = self.scim.get("/Users?sortBy=noSuchAttribute")
        self.assertScimError(r, 400)


if __name__ == "__main__":
    unittest.main()
