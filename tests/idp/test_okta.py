"""Okta: lookups with paging parameters, full PUT including id/meta/groups,
pathless deactivation, and group push."""
import unittest

from idp_replay import USER_URN, IdpTestCase, patch_body

GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
OKTA_JSON = {"Accept": "application/scim+json",
             "Content-Type": "application/scim+json; charset=utf-8"}


def okta_user(login, first="Ada"):
    return {"schemas": [USER_URN], "userName": login,
            "name": {"givenName": first, "familyName": "Lovelace"},
            "emails": [{"primary": True, "value": login, "type": "work"}],
            "displayName": f"{first} Lovelace", "locale": "en-US", "externalId": "00u1",
            "groups": [], "password": "S3cret-pass!", "active": True}


class OktaReplay(IdpTestCase):
    IDP = "okta"

    def find(self, login):
        return self.lookup(f'userName eq "{login}"', startIndex=1, count=100)

    def test_full_lifecycle_and_resync(self):
        self.connection_test()
        paged = self.ok(self.scim.get("/Users?count=1&startIndex=1"))
        self.assertIsInstance(paged["startIndex"], int)
        self.assertIsInstance(paged["itemsPerPage"], int)
        self.assertEqual(self.find("ada@example.com")["totalResults"], 0)
        created = self.ok(self.scim.post("/Users", okta_user("ada@example.com"),
                                         headers=OKTA_JSON), 201)
        self.assertNotIn("password", created)
        ada = created["id"]
        self.assertEqual(self.find("ADA@EXAMPLE.COM")["Resources"][0]["id"], ada)
        self.assertEqual(self.scim.post("/Users", okta_user("ada@example.com")).status, 409)
        # Update: GET, then PUT of the whole resource with id, meta, groups: [].
        current = self.ok(self.scim.get(f"/Users/{ada}"))
        current["name"]["givenName"] = "Augusta"
        current["groups"] = []
        updated = self.ok(self.scim.put(f"/Users/{ada}", current, headers=OKTA_JSON))
        self.assertEqual(updated["name"]["givenName"], "Augusta")
        self.assertEqual(updated["id"], ada)
        # Deactivate with a pathless replace, reactivate with PUT.
        off = self.ok(self.scim.patch(f"/Users/{ada}", patch_body(
            {"op": "replace", "value": {"active": False}})))
        self.assertFalse(off["active"])
        current = self.ok(self.scim.get(f"/Users/{ada}"))
        current["active"] = True
        self.assertTrue(self.ok(self.scim.put(f"/Users/{ada}", current))["active"])
        # Group push.
        bob = self.ok(self.scim.post("/Users", okta_user("bob@example.com", "Bob")), 201)["id"]
        group = self.ok(self.scim.post("/Groups", {"schemas": [GROUP_URN],
                                                   "displayName": "Okta Push",
                                                   "members": []}), 201)["id"]
        listing = self.ok(self.scim.get("/Groups?startIndex=1&count=100"))
        self.assertEqual([g["id"] for g in listing["Resources"]], [group])
        self.assertEqual(self.scim.patch(f"/Groups/{group}", patch_body(
            {"op": "replace", "value": {"id": group, "displayName": "Okta Pushed"}})).status,
            204)
        self.assertEqual(self.ok(self.scim.get(f"/Groups/{group}"))["displayName"], "Okta Pushed")
        self.assertEqual(self.scim.patch(f"/Groups/{group}", patch_body(
            {"op": "add", "path": "members", "value": [{"value": ada, "display": "Ada"},
                                                        {"value": bob}]})).status, 204)
        self.assertEqual(self.member_ids(group), sorted([ada, bob]))
        self.assertEqual(self.scim.patch(f"/Groups/{group}", patch_body(
            {"op": "remove", "path": f'members[value eq "{bob}"]'})).status, 204)
        self.assertEqual(self.member_ids(group), [ada])
        # Resync: the same PUT and member add again change nothing.
        before = self.snapshot()
        current = self.ok(self.scim.get(f"/Users/{ada}"))
        self.ok(self.scim.put(f"/Users/{ada}", current))
        self.scim.patch(f"/Groups/{group}", patch_body(
            {"op": "add", "path": "members", "value": [{"value": ada}]}))
        self.assertEqual(self.snapshot(), before)
        # Replace members with [] empties the group; delete the group.
        self.assertEqual(self.scim.patch(f"/Groups/{group}", patch_body(
            {"op": "replace", "path": "members", "value": []})).status, 204)
        self.assertEqual(self.member_ids(group), [])
        self.assertEqual(self.scim.delete(f"/Groups/{group}").status, 204)

    def test_spec_test_errors(self):
        r = self.scim.get("/Users/010101")
        self.assertScimError(r, 404)
        r = self.scim.get("/Users", token=None, headers={"Authorization": "non-token"})
        body = self.assertScimError(r, 401)
        self.assertEqual(body["status"], "401")


if __name__ == "__main__":
    unittest.main()
