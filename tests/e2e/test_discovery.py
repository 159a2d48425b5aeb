"""Discovery endpoints (RFC 7644 §4)."""
import unittest

from scimd_harness import ENTERPRISE_URN, GROUP_URN, LIST_URN, USER_URN, ScimTestCase


class DiscoveryTest(ScimTestCase):
    def test_service_provider_config(self):
        r = self.scim.get("/ServiceProviderConfig")
        self.assertEqual(r.status, 200, r)
        body = r.json
        self.assertTrue(body["patch"]["supported"])
        self.assertTrue(body["filter"]["supported"])
        self.assertGreater(body["filter"]["maxResults"], 0)
        self.assertTrue(body["etag"]["supported"])
        self.assertTrue(body["bulk"]["supported"])
        self.assertEqual(body["authenticationSchemes"][0]["type"], "oauthbearertoken")

    def test_resource_types(self):
        r = self.scim.get("/ResourceTypes")
        self.assertEqual(r.json["schemas"], [LIST_URN])
        by_id = {t["id"]: t for t in r.json["Resources"]}
        self.assertEqual(by_id["User"]["endpoint"], "/Users")
        self.assertEqual(by_id["User"]["schemaExtensions"][0]["schema"], ENTERPRISE_URN)
        self.assertEqual(by_id["Group"]["schema"], GROUP_URN)
        self.assertEqual(self.scim.get("/ResourceTypes/User").json["id"], "User")
        self.assertScimError(self.scim.get("/ResourceTypes/Device"), 404)

    def test_schemas_have_full_attribute_definitions(self):
        r = self.scim.get("/Schemas")
        ids = [s["id"] for s in r.json["Resources"]]
        for urn in (USER_URN, GROUP_URN, ENTERPRISE_URN):
            self.assertIn(urn, ids)
        user = self.scim.get("/Schemas/" + USER_URN).json
        attrs = {a["name"]: a for a in user["attributes"]}
        user_name = attrs["userName"]
        for key in ("type", "multiValued", "required", "caseExact", "mutability", "returned",
                    "uniqueness"):
            self.assertIn(key, user_name)
        self.assertEqual(user_name["uniqueness"], "server")
        self.assertTrue(user_name["required"])
        self.assertFalse(user_name["caseExact"])
        self.assertEqual(attrs["password"]["returned"], "never")
        self.assertEqual(attrs["groups"]["mutability"], "readOnly")
        emails = {a["name"]: a for a in attrs["emails"]["subAttributes"]}
        self.assertIn("value", emails)
        self.assertScimError(self.scim.get("/Schemas/urn:nothing"), 404)


if __name__ == "__main__":
    unittest.main()
