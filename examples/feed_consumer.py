#!/usr/bin/env python3
"""Follows a scimd directory's change feed and keeps a local SQLite copy of its
users (userName, active) and group memberships.

Standard library only. Usage:

    feed_consumer.py --admin-url http://127.0.0.1:5502 --token scimd_admin_... \
        --directory abcdefghijkl --db consumer.db [--once]

The cursor (the last sequence number applied) is stored in the same SQLite
transaction as the changes it covers, so the consumer can be stopped at any
point and resumes exactly where it left off. When scimd answers 410 (the
cursor fell behind the retention window) it rebuilds its tables from the
snapshot endpoint and continues from the snapshot's sequence number.
"""
import argparse
import json
import sqlite3
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, user_name TEXT, active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS groups (id TEXT PRIMARY KEY, display_name TEXT);
CREATE TABLE IF NOT EXISTS memberships (group_id TEXT, member_id TEXT,
                                        PRIMARY KEY (group_id, member_id));
CREATE TABLE IF NOT EXISTS cursor (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
"""


class Gone(Exception):
    pass


class Feed:
    def __init__(self, admin_url, token, directory):
        self.base = admin_url.rstrip("/") + "/admin/v1/directories/" + directory
        self.token = token

    def get(self, path, **params):
        url = self.base + path + "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, headers={"Authorization": "Bearer " + self.token})
        try:
            with urllib.request.urlopen(request, timeout=90) as response:
                return json.load(response)
        except urllib.error.HTTPError as e:
            if e.code == 410:
                raise Gone(json.load(e)["error"]["message"])
            raise


def cursor(db):
    row = db.execute("SELECT seq FROM cursor WHERE id = 1").fetchone()
    return row[0] if row else None


def set_cursor(db, seq):
    db.execute("INSERT INTO cursor (id, seq) VALUES (1, ?) "
               "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq", (seq,))


def active_of(values, default):
    return int(bool(values["active"])) if "active" in values and values["active"] is not None \
        else default


def apply(db, event):
    kind, verb = event["type"].split(".", 1)
    rid = event["id"]
    values = event.get("values", {})
    if kind == "user":
        if verb == "deleted":
            db.execute("DELETE FROM users WHERE id = ?", (rid,))
            db.execute("DELETE FROM memberships WHERE member_id = ?", (rid,))
            return
        row = db.execute("SELECT user_name, active FROM users WHERE id = ?", (rid,)).fetchone()
        user_name, active = row if row else (None, 1)
        if "userName" in values:
            user_name = values["userName"]
        active = active_of(values, active)
        if verb == "created" and "active" not in values:
            active = 1
        db.execute("INSERT INTO users (id, user_name, active) VALUES (?, ?, ?) "
                   "ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name, "
                   "active = excluded.active", (rid, user_name, active))
    elif kind == "group":
        if verb == "deleted":
            db.execute("DELETE FROM groups WHERE id = ?", (rid,))
            db.execute("DELETE FROM memberships WHERE group_id = ? OR member_id = ?", (rid, rid))
        elif verb == "member_added":
            db.executemany("INSERT OR IGNORE INTO memberships VALUES (?, ?)",
                           [(rid, m) for m in event["members"]])
        elif verb == "member_removed":
            db.executemany("DELETE FROM memberships WHERE group_id = ? AND member_id = ?",
                           [(rid, m) for m in event["members"]])
        elif verb == "members_cleared":
            db.execute("DELETE FROM memberships WHERE group_id = ?", (rid,))
        else:
            db.execute("INSERT INTO groups (id, display_name) VALUES (?, ?) "
                       "ON CONFLICT (id) DO UPDATE SET display_name = "
                       "coalesce(excluded.display_name, groups.display_name)",
                       (rid, values.get("displayName")))


def resync(db, feed):
    """Rebuilds every table from the snapshot; returns the seq to continue from.

    Pages are read one transaction each; continuing from the first page's seq
    replays anything that changed while paging, and applying an event twice
    leaves the same state."""
    with db:
        db.execute("DELETE FROM users")
        db.execute("DELETE FROM groups")
        db.execute("DELETE FROM memberships")
        start = None
        for kind in ("users", "groups"):
            after = ""
            while True:
                page = feed.get("/snapshot", type=kind, after=after, limit=500)
                start = page["seq"] if start is None else min(start, page["seq"])
                for item in page["items"]:
                    attrs = item["attributes"]
                    if kind == "users":
                        db.execute("INSERT OR REPLACE INTO users VALUES (?, ?, ?)",
                                   (item["id"], attrs.get("userName"),
                                    int(attrs.get("active", True) is not False)))
                    else:
                        db.execute("INSERT OR REPLACE INTO groups VALUES (?, ?)",
                                   (item["id"], attrs.get("displayName")))
                        db.executemany("INSERT OR IGNORE INTO memberships VALUES (?, ?)",
                                       [(item["id"], m) for m in item["members"]])
                if page["next"] is None:
                    break
                after = page["next"]
        set_cursor(db, start)
    return start


def follow(db, feed, once=False, wait="30s"):
    seq = cursor(db)
    if seq is None:
        seq = resync(db, feed)
    while True:
        try:
            page = feed.get("/events", after=seq, limit=500, wait=wait)
        except Gone as e:
            print("feed_consumer: " + str(e), file=sys.stderr)
            seq = resync(db, feed)
            continue
        with db:  # the changes and the cursor commit together
            for event in page["events"]:
                apply(db, event)
            set_cursor(db, page["next"])
        seq = page["next"]
        if once and not page["events"]:
            return seq


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--directory", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--once", action="store_true",
                        help="stop when the feed has nothing more (no long-poll)")
    args = parser.parse_args()
    db = sqlite3.connect(args.db)
    db.executescript(SCHEMA)
    feed = Feed(args.admin_url, args.token, args.directory)
    try:
        follow(db, feed, once=args.once, wait="0" if args.once else "30s")
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
