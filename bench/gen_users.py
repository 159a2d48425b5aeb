#!/usr/bin/env python3
"""Writes a benchmark directory as SCIM JSON lines: N users, then 1000 groups.

Every line is one resource: a full SCIM User (core + enterprise extension, two
emails) or a Group whose members reference users by "value" (the user id).
Users come first so a reader can resolve every member in one pass.

Ids, userNames and externalIds are computable from the user's index so the
load scripts (bench/wrk/*.lua) can address any preloaded user without a list:

  user i   id        "%08x-0000-4000-8000-%012d" % (hash32(i), i)
           userName  "user<i>@example.com"      externalId "ext-<i>"
  group g  id        "%08x-0000-4000-9000-%012d" % (hash32(g), g)
           displayName "group-<g>"

hash32 spreads the leading hex digits so ids land all over the B-tree, as
random UUIDs would. Groups:

  group-0  every user                 (the "all users" group)
  group-1  users [0, 10)              (the 10-member group)
  group-2  users [0, min(N, 10000))   (the 10k-member group)
  group-3 .. group-999  each user joins 3 of them, chosen by a seeded RNG
                        (departments, locations, roles)

Usage: gen_users.py N OUT.jsonl   (OUT "-" writes to stdout)
"""
import json
import random
import sys

GROUPS = 1000
EXTRA_GROUPS_PER_USER = 3
USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

GIVEN = ["Ada", "Grace", "Alan", "Barbara", "Ken", "Dennis", "Linus", "Margaret", "Edsger", "Frances"]
FAMILY = ["Lovelace", "Hopper", "Turing", "Liskov", "Thompson", "Ritchie", "Torvalds", "Hamilton",
          "Dijkstra", "Allen"]
DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Support", "Legal", "Operations"]


def hash32(i):
    return (i * 2654435761) % 4294967296


def user_id(i):
    return "%08x-0000-4000-8000-%012d" % (hash32(i), i)


def group_id(g):
    return "%08x-0000-4000-9000-%012d" % (hash32(g), g)


def user(i):
    given, family = GIVEN[i % len(GIVEN)], FAMILY[(i // len(GIVEN)) % len(FAMILY)]
    name = f"user{i}@example.com"
    return {
        "schemas": [USER_URN, ENTERPRISE_URN],
        "id": user_id(i),
        "externalId": f"ext-{i}",
        "userName": name,
        "name": {"givenName": given, "familyName": family, "formatted": f"{given} {family}"},
        "displayName": f"{given} {family} {i}",
        "title": "Engineer",
        "active": True,
        "emails": [{"value": name, "type": "work", "primary": True},
                   {"value": f"{given.lower()}.{i}@home.example.org", "type": "home"}],
        ENTERPRISE_URN: {"employeeNumber": str(i), "department": DEPARTMENTS[i % len(DEPARTMENTS)],
                         "organization": "Example Corp"},
    }


def group(g, member_indexes):
    return {"schemas": [GROUP_URN], "id": group_id(g), "displayName": f"group-{g}",
            "externalId": f"gext-{g}",
            "members": [{"value": user_id(i)} for i in member_indexes]}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_users.py N OUT.jsonl")
    n = int(sys.argv[1])
    out = sys.stdout if sys.argv[2] == "-" else open(sys.argv[2], "w")
    dumps = json.JSONEncoder(separators=(",", ":")).encode
    for i in range(n):
        out.write(dumps(user(i)))
        out.write("\n")
        if i and i % 100000 == 0:
            print(f"gen_users: {i} users", file=sys.stderr)
    rng = random.Random(7)
    buckets = [[] for _ in range(GROUPS)]
    for i in range(n):
        for g in rng.sample(range(3, GROUPS), EXTRA_GROUPS_PER_USER):
            buckets[g].append(i)
    buckets[0] = range(n)
    buckets[1] = range(min(n, 10))
    buckets[2] = range(min(n, 10000))
    for g in range(GROUPS):
        out.write(dumps(group(g, buckets[g])))
        out.write("\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
