-- One wrk script for every SCIM scenario; the scenario and the data set come
-- from the environment so the same script drives scimd, the SCIMMY peer and
-- nginx (the limit) with identical request streams.
--
--   SCENARIO   get_user | username_eq | externalid_eq | list_sw | post_user |
--              put_user | patch_user | patch_member | get_group
--   BASE       path prefix, e.g. /scim/<directory-id>/v2
--   TOKEN      bearer secret
--   USERS      preloaded users (ids/userNames follow bench/gen_users.py)
--   GROUPS     preloaded groups (default 1000)
--   GROUP      patch_member: index of the group to change (1: 10 members,
--              2: 10k members, 0: every user)
--   GROUP_SIZE patch_member: its member count (members are users [0, size))
--   RUN        a run tag so POSTed userNames never collide with earlier runs
--   THREADS    the -t given to wrk (patch_member splits members by thread)
--   STATIC     if set, every request is "GET <STATIC>" (nginx serving a
--              captured response body: the machine's limit)
--
-- done() prints one JSON line: {"scenario", "requests", "seconds", "rps",
-- "p50_ms", "p99_ms", "errors"} (errors = socket errors + HTTP status >= 400).

local env = os.getenv
local scenario = env("SCENARIO") or "get_user"
local base = env("BASE") or ""
local token = env("TOKEN") or ""
local users = tonumber(env("USERS") or "10000")
local groups = tonumber(env("GROUPS") or "1000")
local group = tonumber(env("GROUP") or "1")
local group_size = tonumber(env("GROUP_SIZE") or "10")
local run = env("RUN") or tostring(os.time())
local static = env("STATIC")

local threads = {}
local counter = 0

local function hash32(i)
  return (i * 2654435761) % 4294967296
end

local function user_id(i)
  return string.format("%08x-0000-4000-8000-%012d", hash32(i), i)
end

local function group_id(g)
  return string.format("%08x-0000-4000-9000-%012d", hash32(g), g)
end

local function pick_user()
  return math.random(0, users - 1)
end

local headers = {
  ["Authorization"] = "Bearer " .. token,
  ["Accept"] = "application/scim+json",
  ["Content-Type"] = "application/scim+json",
}

local USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
local PATCH_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

local function user_body(name, title)
  return '{"schemas":["' .. USER_URN .. '"],"userName":"' .. name .. '",' ..
      '"externalId":"x-' .. name .. '","active":true,"title":"' .. title .. '",' ..
      '"name":{"givenName":"Bench","familyName":"User"},"displayName":"Bench User",' ..
      '"emails":[{"value":"' .. name .. '","type":"work","primary":true},' ..
      '{"value":"home-' .. name .. '","type":"home"}]}'
end

local function get(path)
  return wrk.format("GET", base .. path, headers)
end

local function filter(expr)
  -- Only spaces and quotes need escaping in the values used here.
  return (expr:gsub(" ", "%%20"):gsub('"', "%%22"):gsub("@", "%%40"))
end

local builders = {}

builders.get_user = function()
  return get("/Users/" .. user_id(pick_user()))
end

builders.username_eq = function()
  return get("/Users?filter=" .. filter('userName eq "user' .. pick_user() .. '@example.com"'))
end

builders.externalid_eq = function()
  return get("/Users?filter=" .. filter('externalId eq "ext-' .. pick_user() .. '"'))
end

builders.list_sw = function()
  return get("/Users?count=100&filter=" .. filter('userName sw "user' .. math.random(1, 9) .. '"'))
end

builders.post_user = function()
  counter = counter + 1
  local name = "bench-" .. run .. "-" .. tid .. "-" .. counter .. "@example.com"
  return wrk.format("POST", base .. "/Users", headers, user_body(name, "New"))
end

builders.put_user = function()
  counter = counter + 1
  local i = pick_user()
  local body = user_body("user" .. i .. "@example.com", "Put " .. counter)
  return wrk.format("PUT", base .. "/Users/" .. user_id(i), headers, body)
end

builders.patch_user = function()
  counter = counter + 1
  local body = '{"schemas":["' .. PATCH_URN .. '"],"Operations":[' ..
      '{"op":"replace","path":"title","value":"Title ' .. counter .. '"},' ..
      '{"op":"replace","path":"displayName","value":"Display ' .. counter .. '"}]}'
  return wrk.format("PATCH", base .. "/Users/" .. user_id(pick_user()), headers, body)
end

-- Each thread owns a slice of the group's members and moves a one-member hole
-- through it: request k removes member a(k) and adds back a(k-1), removed by
-- the request before. Every request names members no other in-flight request
-- of another thread names, and the group keeps its size.
builders.patch_member = function()
  counter = counter + 1
  local span = math.max(1, math.floor(group_size / nthreads))
  local first = (tid - 1) * span
  local out = first + (counter % span)
  local back = first + ((counter - 1) % span)
  local body = '{"schemas":["' .. PATCH_URN .. '"],"Operations":[' ..
      '{"op":"remove","path":"members","value":[{"value":"' .. user_id(out) .. '"}]},' ..
      '{"op":"add","path":"members","value":[{"value":"' .. user_id(back) .. '"}]}]}'
  return wrk.format("PATCH", base .. "/Groups/" .. group_id(group), headers, body)
end

builders.get_group = function()
  return get("/Groups/" .. group_id(math.random(0, groups - 1)) .. "?excludedAttributes=members")
end

local build = builders[scenario]
if build == nil then
  error("unknown SCENARIO " .. scenario)
end

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  nthreads = tonumber(env("THREADS") or "2")  -- must equal wrk -t
  math.randomseed(os.time() + (tid or 1) * 7919)
end

if static ~= nil then
  local fixed = nil  -- built on first use: wrk.host (the Host header) is unset at load time
  request = function()
    fixed = fixed or wrk.format("GET", static, {["Accept"] = "application/scim+json"})
    return fixed
  end
else
  request = build
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
      '{"scenario":"%s","requests":%d,"seconds":%.2f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"errors":%d}\n',
      scenario, summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
