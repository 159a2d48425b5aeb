"""OneLogin "SCIM Provisioner with SAML (SCIM v2 Core)": its documented call
sequence with the template body variants admins paste."""
import unittest

from idp_replay import ENTERPRISE_URN, USER_URN, IdpTestCase, patch_body

TEMPLATE_SCHEMAS = [USER_URN, ENTERPRISE_URN]


def template(login, first="Ada", last="Lovelace", **extra):
    """The default v2 Core template with the enterprise extension, filled in."""
    body = {"schemas": TEMPLATE_SCHEMAS, "userName": login,
            "name": {"givenName": first, "familyName": last, "formatted": f"{first} {last}"},
            "emails": [{"value": login, "type": "work", "primary": True}]}
    body.update(extra)
    return body


class OneLoginReplay(IdpTestCase):
    IDP = "onelogin"

    def provision(self, body):
        found = self.lookup(f'userName eq "{body["userName"]}"')
        if found["totalResults"]:
            return found["Resources"][0]["id"]
        return self.ok(self.scim.post("/Users", body), 201)["id"]

    def test_full_lifecycle_and_resync(self):
        self.connection_test()
        ada = self.provision(template("ada@example.com"))
        created = self.ok(self.scim.get(f"/Users/{ada}"))
        self.assertTrue(created["active"])  # the template carries no active
        self.assertEqual(created["name"]["formatted"], "Ada Lovelace")
        # Update: PUT with the whole template.
        updated = self.ok(self.scim.put(f"/Users/{ada}", template("ada@example.com", last="King")))
        self.assertEqual(updated["name"]["familyName"], "King")
        # Suspend (PUT active false), then reactivate; the PATCH form too.
        body = template("ada@example.com", last="King", active=False)
        self.assertFalse(self.ok(self.scim.put(f"/Users/{ada}", body))["active"])
        self.assertTrue(self.ok(self.scim.put(
            f"/Users/{ada}", template("ada@example.com", last="King", active=True)))["active"])
        self.assertFalse(self.ok(self.scim.patch(f"/Users/{ada}", patch_body(
            {"op": "replace", "path": "active", "value": False})))["active"])
        self.ok(self.scim.put(f"/Users/{ada}", template("ada@example.com", last="King")))
        # Roles become groups: created when missing, then Refresh lists them.
        grace = self.provision(template("grace@example.com", "Grace", "Hopper"))
        admins = self.ok(self.scim.post("/Groups", {"displayName": "Admins"}), 201)["id"]
        listing = self.ok(self.scim.get("/Groups"))
        self.assertEqual([g["id"] for g in listing["Resources"]], [admins])
        self.assertEqual(self.scim.patch(f"/Groups/{admins}", patch_body(
            {"op": "add", "path": "members", "value": [{"value": ada}, {"value": grace}]})).status,
            204)
        self.assertEqual(self.member_ids(admins), sorted([ada, grace]))
        self.assertEqual(self.scim.patch(f"/Groups/{admins}", patch_body(
            {"op": "remove", "path": f'members[value eq "{grace}"]'})).status, 204)
        self.assertEqual(self.member_ids(admins), [ada])
        # Resync: lookups and PUTs again change nothing.
        before = self.snapshot()
        for login, first, last in (("ada@example.com", "Ada", "King"),
                                   ("grace@example.com", "Grace", "Hopper")):
            user_id = self.provision(template(login, first, last))
            self.ok(self.scim.put(f"/Users/{user_id}", template(login, first, last)))
        self.assertEqual(self.snapshot(), before)
        # Delete (setting "Delete").
        self.assertEqual(self.scim.delete(f"/Users/{grace}").status, 204)
        self.assertEqual(self.scim.get(f"/Users/{grace}").status, 404)

    def test_template_variants(self):
        body = {"schemas": ["urn:scim:schemas:core:1.0",
                            "urn:scim:schemas:extension:enterprise:1.0"],
                "id": None, "meta": {"resourceType": "User"},
                "userName": "linus@example.com", "active": "true",
                "name": {"givenName": "Linus", "familyName": "", "formatted": "Linus"},
                "emails": {"value": "linus@example.com", "type": "work", "primary": "true"},
                "title": ""}
        created = self.ok(self.scim.post("/Users", body), 201)
        self.assertTrue(created["active"])
        self.assertIsInstance(created["id"], str)
        self.assertEqual(created["emails"][0]["value"], "linus@example.com")
        body["active"] = "false"
        self.assertFalse(self.ok(self.scim.put(f"/Users/{created['id']}", body))["active"])

    def test_legacy_member_removal(self):
        ada = self.ok(self.scim.post("/Users", template("ada@example.com")), 201)["id"]
        bob = self.ok(self.scim.post("/Users", template("bob@example.com", "Bob")), 201)["id"]
        group = self.ok(self.scim.post("/Groups", {"displayName": "Sales", "members": [
            {"value": ada}, {"value": bob}]}), 201)["id"]
        response = self.scim.patch(f"/Groups/{group}", {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "members": [{"value": bob, "operation": "delete"}]})
        self.assertIn(response.status, (200, 204), response)
        self.assertEqual(self.member_ids(group), [ada])
        # Pathless replace of the whole list.
        self.assertIn(self.scim.patch(f"/Groups/{group}", patch_body(
            {"op": "replace", "value": {"members": [{"value": bob}]}})).status, (200, 204))
        self.assertEqual(self.member_ids(group), [bob])

    def test_answers_plain_json_and_groups_survive_role_removal(self):
        r = self.scim.get("/Users", headers={"Accept": "application/json"})
        self.assertEqual(r.header("content-type"), "application/json")
        group = self.ok(self.scim.post("/Groups", {"displayName": "Temp"}), 201)["id"]
        # Removing a role in OneLogin sends nothing; the admin deletes the group.
        self.assertEqual(self.scim.delete(f"/Groups/{group}").status, 204)


if __name__ == "__main__":
    unittest.main()
