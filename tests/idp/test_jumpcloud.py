"""JumpCloud: a connection test that creates a user and a group and deletes
both, then provisioning with Entra-style member PATCH bodies."""
import unittest

from idp_replay import USER_URN, IdpTestCase, patch_body


def jc_user(login, **extra):
    body = {"schemas": [USER_URN], "userName": login, "active": True,
            "name": {"givenName": "Jo", "familyName": "Cloud"},
            "emails": [{"value": login, "type": "work", "primary": True}]}
    body.update(extra)
    return body


class JumpCloudReplay(IdpTestCase):
    IDP = "jumpcloud"

    def test_connection_test_creates_and_deletes(self):
        user = self.ok(self.scim.post("/Users", jc_user("jc-test@example.com")), 201)["id"]
        group = self.ok(self.scim.post("/Groups", {"displayName": "jc-test-group"}), 201)["id"]
        self.assertEqual(self.scim.delete(f"/Users/{user}").status, 204)
        self.assertEqual(self.scim.delete(f"/Groups/{group}").status, 204)
        self.assertEqual(self.snapshot(), {})

    def test_full_lifecycle_and_resync(self):
        self.connection_test()
        jo = self.ok(self.scim.post("/Users", jc_user("jo@example.com")), 201)["id"]
        self.assertEqual(self.lookup('userName eq "jo@example.com"')["Resources"][0]["id"], jo)
        self.assertEqual(self.ok(self.scim.put(f"/Users/{jo}", jc_user(
            "jo@example.com", title="Ops")))["title"], "Ops")
        self.assertFalse(self.ok(self.scim.patch(f"/Users/{jo}", patch_body(
            {"op": "replace", "path": "active", "value": False})))["active"])
        self.assertTrue(self.ok(self.scim.patch(f"/Users/{jo}", patch_body(
            {"op": "replace", "path": "active", "value": True})))["active"])
        group = self.ok(self.scim.post("/Groups", {"displayName": "Ops"}), 201)["id"]
        self.assertEqual(self.ok(self.scim.get("/Groups"))["totalResults"], 1)
        self.assertEqual(self.scim.patch(f"/Groups/{group}", patch_body(
            {"op": "add", "path": "members", "value": [{"value": jo}]})).status, 204)
        self.assertEqual(self.member_ids(group), [jo])
        before = self.snapshot()
        self.ok(self.scim.put(f"/Users/{jo}", jc_user("jo@example.com", title="Ops")))
        self.scim.patch(f"/Groups/{group}", patch_body(
            {"op": "add", "path": "members", "value": [{"value": jo}]}))
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.scim.patch(f"/Groups/{group}", patch_body(
            {"op": "remove", "path": "members", "value": [{"value": jo}]})).status, 204)
        self.assertEqual(self.member_ids(group), [])
        self.assertEqual(self.scim.delete(f"/Users/{jo}").status, 204)
        self.assertEqual(self.scim.delete(f"/Groups/{group}").status, 204)


if __name__ == "__main__":
    unittest.main()
