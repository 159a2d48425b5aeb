"""The OneLogin "SCIM Provisioner with SAML (SCIM v2 Core)" sequence, with the
default template body from the OneLogin setup page."""
import unittest
import urllib.parse

from scimd_harness import ENTERPRISE_URN, GROUP_URN, PATCH_URN, USER_URN, ScimTestCase


def onelogin_user(login, first="Bjorn", last="Jensen", **extra):
    body = {"schemas": [USER_URN, ENTERPRISE_URN], "userName": login,
            "name": {"givenName": first, "familyName": last, "formatted": f"{first} {last}"},
            "emails": [{"value": login, "type": "work", "primary": True}]}
    body.update(extra)
    return body


class OneLoginTest(ScimTestCase):
    def lookup(self, login):
        r = self.scim.get("/Users?filter=" + urllib.parse.quote(f'userName eq "{login}"'))
        self.assertEqual(r.status, 200, r)
        return r.json

    def test_full_user_and_group_lifecycle(self):
        # Connection probe: a user that does not exist is an empty list, not 404.
        probe = self.lookup("onelogin-probe-3f0c2a@example.invalid")
        self.assertEqual(probe["totalResults"], 0)
        self.assertEqual(probe.get("Resources", []), [])

        # Provisioning: lookup, then create with the template body.
        login = "bjorn.jensen@example.com"
        self.assertEqual(self.lookup(login)["totalResults"], 0)
        r = self.scim.post("/Users", onelogin_user(login))
        self.assertEqual(r.status, 201, r)
        user = r.json
        self.assertTrue(user["active"])  # the template carries no `active`
        self.assertEqual(self.lookup(login)["Resources"][0]["id"], user["id"])

        # Update: PUT with the whole template body.
        r = self.scim.put("/Users/" + user["id"], onelogin_user(login, last="Jensen-Smith"))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["name"]["familyName"], "Jensen-Smith")
        self.assertTrue(r.json["active"])

        # Suspend: PUT with active false; the user stays readable.
        r = self.scim.put("/Users/" + user["id"], onelogin_user(login, active=False))
        self.assertEqual(r.status, 200, r)
        self.assertFalse(r.json["active"])
        r = self.scim.get("/Users/" + user["id"])
        self.assertEqual(r.status, 200, r)
        self.assertFalse(r.json["active"])

        # Reactivate through a PATCH as some tenants do.
        r = self.scim.patch("/Users/" + user["id"], {
            "schemas": [PATCH_URN],
            "Operations": [{"op": "replace", "path": "active", "value": True}]})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["active"])

        # Groups from roles: created by displayName, listed by Refresh.
        r = self.scim.post("/Groups", {"schemas": [GROUP_URN], "displayName": "Admins"})
        self.assertEqual(r.status, 201, r)
        group = r.json
        r = self.scim.get("/Groups")
        self.assertEqual(r.status, 200, r)
        self.assertEqual([g["displayName"] for g in r.json["Resources"]], ["Admins"])

        # Members added and removed with PATCH.
        r = self.scim.patch("/Groups/" + group["id"], {
            "schemas": [PATCH_URN],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": user["id"]}]}]})
        self.assertIn(r.status, (200, 204), r)
        r = self.scim.get("/Groups/" + group["id"])
        self.assertEqual([m["value"] for m in r.json["members"]], [user["id"]])
        r = self.scim.patch("/Groups/" + group["id"], {
            "schemas": [PATCH_URN],
            "Operations": [{"op": "remove", "path": f'members[value eq "{user["id"]}"]'}]})
        self.assertIn(r.status, (200, 204), r)
        r = self.scim.get("/Groups/" + group["id"])
        self.assertEqual(r.json.get("members", []), [])

        # Resync sends the same PUT again: idempotent.
        for _ in range(2):
            r = self.scim.put("/Users/" + user["id"], onelogin_user(login))
            self.assertEqual(r.status, 200, r)
        self.assertEqual(self.lookup(login)["totalResults"], 1)

        # Delete; the group stays (OneLogin never deletes groups).
        self.assertEqual(self.scim.delete("/Users/" + user["id"]).status, 204)
        self.assertEqual(self.lookup(login)["totalResults"], 0)
        self.assertEqual(self.scim.get("/Groups/" + group["id"]).status, 200)

    def test_template_variants(self):
        # SCIM 1.1 URNs, emails as an object, string booleans, id null, empty strings.
        body = {"schemas": ["urn:scim:schemas:core:1.0", "urn:scim:schemas:extension:enterprise:1.0"],
                "id": None, "userName": "variant@example.com", "active": "true",
                "name": {"givenName": "Var", "familyName": "", "formatted": "Var"},
                "emails": {"value": "variant@example.com", "type": "work", "primary": "true"},
                "title": "", "meta": {"resourceType": "User"}}
        r = self.scim.post("/Users", body)
        self.assertEqual(r.status, 201, r)
        user = r.json
        self.assertIs(user["active"], True)
        self.assertEqual(user["emails"][0]["value"], "variant@example.com")
        self.assertIs(user["emails"][0]["primary"], True)
        self.assertNotIn("title", user)
        self.assertIn(USER_URN, user["schemas"])
        self.assertTrue(user["id"])


if __name__ == "__main__":
    unittest.main()
