"""PingOne / PingFederate: an editable filter template with odd case, PUT
for users, PATCH for groups, groups found by listing them all."""
import unittest

from idp_replay import USER_URN, IdpTestCase, patch_body


def ping_user(login, last="Lovelace", active=True):
    return {"schemas": [USER_URN], "userName": login, "active": active,
            "name": {"givenName": "Ada", "familyName": last},
            "emails": [{"value": login, "type": "work", "primary": True}]}


class PingOneReplay(IdpTestCase):
    IDP = "pingone"

    def test_full_lifecycle_and_resync(self):
        self.connection_test('username Eq "nobody@example.com"')
        ada = self.ok(self.scim.post("/Users", ping_user("Ada@Example.com")), 201)["id"]
        for template in ('username Eq "ada@example.COM"', 'USERNAME eq "ADA@EXAMPLE.COM"',
                         'userName EQ "ada@example.com"'):
            found = self.lookup(template)
            self.assertEqual([u["id"] for u in found["Resources"]], [ada], template)
        self.assertEqual(self.ok(self.scim.put(f"/Users/{ada}", ping_user(
            "Ada@Example.com", "King")))["name"]["familyName"], "King")
        self.assertFalse(self.ok(self.scim.put(f"/Users/{ada}", ping_user(
            "Ada@Example.com", "King", active=False)))["active"])
        self.assertTrue(self.ok(self.scim.put(f"/Users/{ada}", ping_user(
            "Ada@Example.com", "King")))["active"])
        group = self.ok(self.scim.post("/Groups", {"displayName": "Ping"}), 201)["id"]
        listing = self.ok(self.scim.get("/Groups"))
        self.assertEqual([g["displayName"] for g in listing["Resources"]], ["Ping"])
        self.assertEqual(self.scim.patch(f"/Groups/{group}", patch_body(
            {"op": "add", "path": "members", "value": [{"value": ada}]})).status, 204)
        self.assertEqual(self.member_ids(group), [ada])
        before = self.snapshot()
        self.ok(self.scim.put(f"/Users/{ada}", ping_user("Ada@Example.com", "King")))
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.scim.patch(f"/Groups/{group}", patch_body(
            {"op": "remove", "path": "members", "value": [{"value": ada}]})).status, 204)
        self.assertEqual(self.member_ids(group), [])
        self.assertEqual(self.scim.delete(f"/Users/{ada}").status, 204)
        self.assertEqual(self.scim.delete(f"/Groups/{group}").status, 204)


if __name__ == "__main__":
    unittest.main()
