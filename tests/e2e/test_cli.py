"""The directory commands, and a running server seeing their changes at once."""
import json
import os
import re
import subprocess
import unittest

from scimd_harness import BINARY, Server, run_cli, user_body


class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_add_prints_id_base_url_and_secret_once(self):
        proc = run_cli(self.server.db, "directory", "add", "--name", "Acme OneLogin", "--idp",
                       "onelogin", "--public-url", "https://scim.example.com")
        out = proc.stdout
        directory_id = re.search(r"Id:\s+([a-z0-9]{12})\b", out).group(1)
        self.assertIn(f"https://scim.example.com/scim/{directory_id}/v2", out)
        secret = re.search(r"App secret:\s+(\S+)", out).group(1)
        self.assertGreaterEqual(len(secret), 43)
        shown = run_cli(self.server.db, "directory", "show", directory_id, "--json").stdout
        self.assertNotIn(secret, shown)
        listed = run_cli(self.server.db, "directory", "list").stdout
        self.assertNotIn(secret, listed)
        self.assertIn(directory_id, listed)

    def test_json_output_has_the_contract_fields(self):
        added = json.loads(run_cli(self.server.db, "directory", "add", "--name", "J", "--idp",
                                   "entra", "--json").stdout)
        for key in ("id", "name", "idp", "base_url", "secret"):
            self.assertIn(key, added)
        self.assertRegex(added["id"], r"^[a-z0-9]{12}$")
        self.assertEqual(added["idp"], "entra")
        self.assertTrue(added["base_url"].endswith(f"/scim/{added['id']}/v2"))
        shown = json.loads(run_cli(self.server.db, "directory", "show", added["id"],
                                   "--json").stdout)
        self.assertEqual(shown["id"], added["id"])
        self.assertEqual(shown["users"], 0)
        listed = json.loads(run_cli(self.server.db, "directory", "list", "--json").stdout)
        self.assertIn(added["id"], [d["id"] for d in listed])

    def test_rotate_and_remove_take_effect_on_a_running_server(self):
        directory = self.server.add_directory(name="Rotate")
        scim = self.server.client(directory)
        self.assertEqual(scim.post("/Users", user_body("r@example.com")).status, 201)
        rotated = json.loads(run_cli(self.server.db, "directory", "rotate-secret",
                                     directory["id"], "--json").stdout)
        self.assertNotEqual(rotated["secret"], directory["secret"])
        self.assertEqual(scim.get("/Users").status, 401)
        self.assertEqual(scim.get("/Users", token=rotated["secret"]).status, 200)
        run_cli(self.server.db, "directory", "remove", directory["id"])
        self.assertEqual(scim.get("/Users", token=rotated["secret"]).status, 401)
        proc = run_cli(self.server.db, "directory", "show", directory["id"], check=False)
        self.assertNotEqual(proc.returncode, 0)

    def test_bad_arguments_fail_clearly(self):
        proc = run_cli(self.server.db, "directory", "add", "--name", "x", "--idp", "nope",
                       check=False)
        self.assertNotEqual(proc.returncode, 0)
        proc = run_cli(self.server.db, "directory", "add", check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("--name", proc.stderr + proc.stdout)

    def test_help_explains_every_flag(self):
        for args, flags in ((["serve"], ["--db", "--listen", "--admin-listen", "--public-url",
                                         "--threads"]),
                            (["directory", "add"], ["--name", "--idp", "--public-url", "--db",
                                                    "--json"]),
                            (["directory", "rotate-secret"], ["--db", "--json"])):
            out = subprocess.run([BINARY, *args, "--help"], capture_output=True, text=True).stdout
            for flag in flags:
                self.assertIn(flag, out, (args, flag))

    def test_environment_variable_selects_the_database(self):
        env = {"SCIMD_DB": self.server.db}
        proc = subprocess.run([BINARY, "directory", "list", "--json"], capture_output=True,
                              text=True, env={**os.environ, **env})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIsInstance(json.loads(proc.stdout), list)


if __name__ == "__main__":
    unittest.main()
