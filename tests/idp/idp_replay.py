"""Shared pieces of the IdP replay tests: a directory per test set up for one
IdP, and a snapshot of everything in it for the resync checks.

The end-to-end harness lives in ../e2e; it is imported from there so both
suites drive the server the same way.
"""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))

from scimd_harness import (ENTERPRISE_URN, GROUP_URN, LIST_URN, PATCH_URN,  # noqa: E402,F401
                           SCIM_JSON, USER_URN, ScimTestCase, Server, patch_body, run_cli)


class IdpTestCase(ScimTestCase):
    """A fresh directory per test, added with `--idp <IDP>`."""

    IDP = "generic"

    def setUp(self):
        self.directory = self.server.add_directory(name=self.IDP, idp=self.IDP)
        self.scim = self.server.client(self.directory)
        self.addCleanup(self.server.close_clients)

    def ok(self, response, status=200):
        self.assertEqual(response.status, status, response)
        return response.json

    def lookup(self, filter_text, endpoint="Users", **params):
        query = urllib.parse.urlencode({"filter": filter_text, **params})
        return self.ok(self.scim.get(f"/{endpoint}?{query}"))

    def connection_test(self, filter_text='userName eq "no-such-user-7f3a"'):
        body = self.lookup(filter_text)
        self.assertEqual(body["schemas"], [LIST_URN])
        self.assertEqual(body["totalResults"], 0)
        self.assertEqual(body["Resources"], [])

    def snapshot(self):
        """Every user and group of the directory, without the fields a
        write bumps even when nothing changed (meta.lastModified, version)."""
        state = {}
        for endpoint in ("Users", "Groups"):
            listing = self.ok(self.scim.get(f"/{endpoint}"))
            for resource in listing["Resources"]:
                meta = dict(resource.get("meta", {}))
                meta.pop("lastModified", None)
                meta.pop("version", None)
                resource["meta"] = meta
                if "members" in resource:
                    resource["members"] = sorted(resource["members"], key=lambda m: m["value"])
                if "groups" in resource:
                    resource["groups"] = sorted(resource["groups"], key=lambda g: g["value"])
                state[resource["id"]] = resource
        return state

    def member_ids(self, group_id):
        group = self.ok(self.scim.get(f"/Groups/{group_id}"))
        return sorted(m["value"] for m in group.get("members", []))
