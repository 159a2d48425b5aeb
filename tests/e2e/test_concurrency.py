"""Concurrent writes: no lost updates, and racing creates resolve to one
winner with clean 409s (never a 500)."""
import threading
import unittest

from scimd_harness import GROUP_URN, Client, ScimTestCase, patch_body, user_body


class ConcurrencyTest(ScimTestCase):
    def parallel(self, count, work):
        """Runs work(i, client) on `count` threads at once, each with its own connection."""
        results = [None] * count
        barrier = threading.Barrier(count)

        def run(i):
            client = Client(self.server.port, self.directory["base_url"],
                            self.directory["secret"])
            try:
                barrier.wait(timeout=30)
                results[i] = work(i, client)
            finally:
                client.conn.close()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        return results

    def test_parallel_member_adds_are_all_kept(self):
        users = []
        for i in range(32):
            r = self.scim.post("/Users", user_body(f"racer{i}@example.com"))
            self.assertEqual(r.status, 201, r)
            users.append(r.json["id"])
        group = self.scim.post("/Groups", {"schemas": [GROUP_URN], "displayName": "Race"}).json

        def add(i, client):
            return client.patch("/Groups/" + group["id"], patch_body(
                {"op": "add", "path": "members", "value": [{"value": users[i]}]})).status

        statuses = self.parallel(32, add)
        self.assertEqual(statuses, [204] * 32)
        r = self.scim.get("/Groups/" + group["id"])
        self.assertEqual(sorted(m["value"] for m in r.json["members"]), sorted(users))
        # Every add produced its own version.
        self.assertEqual(r.json["meta"]["version"], 'W/"33"')

    def test_racing_creates_of_one_username_give_one_201(self):
        def create(i, client):
            return client.post("/Users", user_body("same@example.com")).status

        statuses = self.parallel(16, create)
        self.assertEqual(sorted(statuses), [201] + [409] * 15, statuses)
        r = self.scim.find_users('userName eq "same@example.com"')
        self.assertEqual(r.json["totalResults"], 1)

    def test_parallel_patches_of_one_user_apply_in_some_order(self):
        user = self.scim.post("/Users", user_body("patched@example.com")).json

        def patch(i, client):
            return client.patch("/Users/" + user["id"], patch_body(
                {"op": "add", "path": "emails",
                 "value": [{"value": f"alias{i}@example.com", "type": "other"}]})).status

        statuses = self.parallel(16, patch)
        self.assertEqual(statuses, [200] * 16)
        r = self.scim.get("/Users/" + user["id"])
        values = {e["value"] for e in r.json["emails"]}
        for i in range(16):
            self.assertIn(f"alias{i}@example.com", values)


if __name__ == "__main__":
    unittest.main()
