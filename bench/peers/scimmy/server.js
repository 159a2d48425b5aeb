// The peer scimd is measured against: SCIMMY 1.3 + scimmy-routers + express,
// with an in-memory store (Maps indexed by id, userName and externalId).
//
//   node server.js --port 5601 --base /scim/<directory-id>/v2 --token SECRET [--load FILE.jsonl]
//
// --load reads the same SCIM JSON lines `scimd import` reads (bench/gen_users.py),
// keeping their ids, so both servers answer the same requests about the same data.
// Nothing is written to disk: writes here are never durable, unlike scimd's.
import express from "express";
import fs from "node:fs";
import readline from "node:readline";
import crypto from "node:crypto";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
    arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const port = Number(args.port ?? 5601);
const base = args.base ?? "/scim/v2";
const token = args.token ?? "secret";

const users = new Map();        // id -> stored user
const byUserName = new Map();   // lower-case userName -> id
const byExternalId = new Map(); // externalId -> id
const groups = new Map();       // id -> stored group

const now = () => new Date().toISOString();
const plain = (instance) => JSON.parse(JSON.stringify(instance));

// A single `attr eq "value"` on an indexed attribute, else undefined.
function indexedLookup(filter) {
  if (!filter || filter.length !== 1) return undefined;
  const keys = Object.keys(filter[0]);
  if (keys.length !== 1) return undefined;
  const [op, value] = filter[0][keys[0]];
  if (op !== "eq" || typeof value !== "string") return undefined;
  if (keys[0].toLowerCase() === "username") return byUserName.get(value.toLowerCase());
  if (keys[0].toLowerCase() === "externalid") return byExternalId.get(value);
  return undefined;
}

function putUser(id, data, created) {
  const old = users.get(id);
  const taken = byUserName.get(String(data.userName).toLowerCase());
  if (taken !== undefined && taken !== id)
    throw new SCIMMY.Types.Error(409, "uniqueness", `userName ${data.userName} is taken`);
  if (old) {
    byUserName.delete(String(old.userName).toLowerCase());
    if (old.externalId !== undefined) byExternalId.delete(old.externalId);
  }
  const stored = {...data, id, meta: {created: created ?? old?.meta.created ?? now(), lastModified: now()}};
  users.set(id, stored);
  byUserName.set(String(stored.userName).toLowerCase(), id);
  if (stored.externalId !== undefined) byExternalId.set(stored.externalId, id);
  return stored;
}

function putGroup(id, data, created) {
  const old = groups.get(id);
  const stored = {...data, id, meta: {created: created ?? old?.meta.created ?? now(), lastModified: now()}};
  stored.members = (data.members ?? []).map(m => ({value: m.value, display: m.display}));
  groups.set(id, stored);
  return stored;
}

function egress(store, lookup) {
  return (resource) => {
    if (resource.id) {
      const found = store.get(resource.id);
      if (!found) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
      return found;
    }
    const hit = lookup(resource.filter);
    if (hit !== undefined) return hit === null ? [] : [store.get(hit)];
    const all = [...store.values()];
    return resource.filter ? resource.filter.match(all) : all;
  };
}

function degress(store, remove) {
  return (resource) => {
    if (!store.has(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
    remove(resource.id);
  };
}

SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .ingress((resource, instance) => putUser(resource.id ?? crypto.randomUUID(), plain(instance)))
    .egress(egress(users, (filter) => {
      if (!filter) return undefined;
      const id = indexedLookup(filter);
      if (id !== undefined) return id;
      // An indexed eq that found nothing is an empty list, not a scan.
      const keys = filter.length === 1 ? Object.keys(filter[0]).map(k => k.toLowerCase()) : [];
      return keys.length === 1 && ["username", "externalid"].includes(keys[0]) && filter[0][keys[0]]?.[0] === "eq"
          ? null : undefined;
    }))
    .degress(degress(users, (id) => {
      const old = users.get(id);
      byUserName.delete(String(old.userName).toLowerCase());
      if (old.externalId !== undefined) byExternalId.delete(old.externalId);
      users.delete(id);
      for (const group of groups.values()) group.members = group.members.filter(m => m.value !== id);
    }));

SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress((resource, instance) => putGroup(resource.id ?? crypto.randomUUID(), plain(instance)))
    .egress(egress(groups, () => undefined))
    .degress(degress(groups, (id) => groups.delete(id)));

async function load(file) {
  const lines = readline.createInterface({input: fs.createReadStream(file), crlfDelay: Infinity});
  let count = 0;
  for await (const line of lines) {
    if (!line.trim()) continue;
    const data = JSON.parse(line);
    const isGroup = (data.schemas ?? []).some(s => s.endsWith(":Group"));
    if (isGroup) putGroup(data.id, data);
    else putUser(data.id, data);
    if (++count % 100000 === 0) process.stderr.write(`peer: loaded ${count}\n`);
  }
  process.stderr.write(`peer: loaded ${users.size} users, ${groups.size} groups\n`);
}

if (args.load) await load(args.load);

const app = express();
app.use(base, new SCIMMYRouters({
  type: "bearer",
  docUri: "https://example.com/scim-auth",
  handler: (request) => {
    if (request.header("Authorization") !== `Bearer ${token}`) throw new Error("Unauthorized");
    return undefined;
  },
  context: () => ({}),
}));
app.listen(port, "127.0.0.1", () => console.log(`peer: SCIMMY listening on http://127.0.0.1:${port}${base}`));
