"""Groups and membership (RFC 7644 §3; RFC 7643 §4.2)."""
import unittest
import urllib.parse

from scimd_harness import GROUP_URN, ScimTestCase, patch_body, user_body


class GroupsTest(ScimTestCase):
    def user(self, name):
        r = self.scim.post("/Users", user_body(name, displayName=name.split("@")[0]))
        self.assertEqual(r.status, 201, r)
        return r.json["id"]

    def group(self, name, members=()):
        r = self.scim.post("/Groups", {"schemas": [GROUP_URN], "displayName": name,
                                       "members": [{"value": m} for m in members]})
        self.assertEqual(r.status, 201, r)
        return r.json

    def members(self, group_id):
        r = self.scim.get("/Groups/" + group_id)
        self.assertEqual(r.status, 200, r)
        return sorted(m["value"] for m in r.json.get("members", []))

    def test_create_with_members_renders_value_display_ref(self):
        alice = self.user("alice@example.com")
        group = self.group("Engineering", [alice])
        self.assertEqual(len(group["members"]), 1)
        member = group["members"][0]
        self.assertEqual(member["value"], alice)
        self.assertEqual(member["display"], "alice")
        self.assertEqual(member["$ref"], self.directory["base_url"] + "/Users/" + alice)
        self.assertEqual(group["meta"]["resourceType"], "Group")

    def test_unknown_member_is_rejected_and_nothing_is_created(self):
        r = self.scim.post("/Groups", {"schemas": [GROUP_URN], "displayName": "Ghosts",
                                       "members": [{"value": "no-such-user"}]})
        self.assertScimError(r, 400, "invalidValue")
        r = self.scim.get("/Groups?filter=" + urllib.parse.quote('displayName eq "Ghosts"'))
        self.assertEqual(r.json["totalResults"], 0)

    def test_patch_add_and_remove_members(self):
        a, b, c = (self.user(f"{n}@example.com") for n in "abc")
        group = self.group("Sales", [a])
        r = self.scim.patch("/Groups/" + group["id"], patch_body(
            {"op": "add", "path": "members", "value": [{"value": b}, {"value": c}]}))
        self.assertEqual(r.status, 204, r)
        self.assertEqual(self.members(group["id"]), sorted([a, b, c]))
        r = self.scim.patch("/Groups/" + group["id"], patch_body(
            {"op": "remove", "path": f'members[value eq "{b}"]'}))
        self.assertEqual(r.status, 204, r)
        self.assertEqual(self.members(group["id"]), sorted([a, c]))
        # Entra's default dialect: remove with a value array removes only those.
        r = self.scim.patch("/Groups/" + group["id"], patch_body(
            {"op": "Remove", "path": "members", "value": [{"value": a}]}))
        self.assertEqual(r.status, 204, r)
        self.assertEqual(self.members(group["id"]), [c])

    def test_patch_with_attributes_returns_the_group(self):
        a = self.user("ret@example.com")
        group = self.group("Returned")
        r = self.scim.patch("/Groups/" + group["id"] + "?excludedAttributes=members", patch_body(
            {"op": "add", "path": "members", "value": [{"value": a}]}))
        self.assertEqual(r.status, 200, r)
        self.assertNotIn("members", r.json)
        self.assertEqual(r.json["displayName"], "Returned")

    def test_excluded_members_and_list(self):
        a = self.user("list@example.com")
        self.group("Listed", [a])
        r = self.scim.get("/Groups?excludedAttributes=members")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["totalResults"], 1)
        self.assertNotIn("members", r.json["Resources"][0])
        r = self.scim.get("/Groups?filter=" + urllib.parse.quote('displayName eq "listed"'))
        self.assertEqual(r.json["totalResults"], 1)
        self.assertEqual(len(r.json["Resources"][0]["members"]), 1)

    def test_user_groups_are_derived(self):
        a = self.user("member@example.com")
        group = self.group("Derived", [a])
        r = self.scim.get("/Users/" + a)
        self.assertEqual([g["value"] for g in r.json["groups"]], [group["id"]])
        self.assertEqual(r.json["groups"][0]["display"], "Derived")

    def test_deleting_a_user_removes_it_from_groups(self):
        a, b = self.user("gone@example.com"), self.user("stays@example.com")
        group = self.group("Cleanup", [a, b])
        self.assertEqual(self.scim.delete("/Users/" + a).status, 204)
        self.assertEqual(self.members(group["id"]), [b])

    def test_put_replaces_members(self):
        a, b = self.user("p1@example.com"), self.user("p2@example.com")
        group = self.group("Put", [a])
        r = self.scim.put("/Groups/" + group["id"], {"schemas": [GROUP_URN],
                                                     "displayName": "Put Renamed",
                                                     "members": [{"value": b}]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["displayName"], "Put Renamed")
        self.assertEqual(self.members(group["id"]), [b])

    def test_duplicate_display_name_conflicts(self):
        self.group("Twins")
        r = self.scim.post("/Groups", {"schemas": [GROUP_URN], "displayName": "TWINS"})
        self.assertScimError(r, 409, "uniqueness")

    def test_delete_group(self):
        group = self.group("Doomed")
        self.assertEqual(self.scim.delete("/Groups/" + group["id"]).status, 204)
        self.assertScimError(self.scim.delete("/Groups/" + group["id"]), 404)

    def test_replace_members_empty_clears(self):
        a = self.user("clear@example.com")
        group = self.group("Clear", [a])
        r = self.scim.patch("/Groups/" + group["id"], patch_body(
            {"op": "replace", "path": "members", "value": []}))
        self.assertEqual(r.status, 204, r)
        self.assertEqual(self.members(group["id"]), [])


if __name__ == "__main__":
    unittest.main()
