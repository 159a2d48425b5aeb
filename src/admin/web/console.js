// scimd web console: plain DOM, no framework. Every value from the server is
// inserted as text (textContent), never as HTML. The admin token lives only
// in the `token` variable below: not in localStorage, sessionStorage or a
// cookie, so closing or reloading the tab forgets it.
'use strict';

let token = null;

const IDPS = [
  ['onelogin', 'OneLogin'], ['entra', 'Entra ID'], ['okta', 'Okta'],
  ['pingone', 'PingOne'], ['jumpcloud', 'JumpCloud'], ['generic', 'Generic SCIM'],
];
const IDP_LABEL = Object.fromEntries(IDPS);
const GUIDES = new Set(['onelogin', 'entra', 'okta', 'pingone', 'jumpcloud']);
const PAGE = 20;

// --- DOM helpers -----------------------------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function view(...children) {
  const root = document.getElementById('view');
  root.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
}

function statusClass(status) { return 'status-' + String(status)[0]; }

function when(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : ''; }

function copyButton(getText, label) {
  return el('button', {
    type: 'button', class: 'secondary copy', onclick: async (e) => {
      try { await navigator.clipboard.writeText(getText()); e.target.textContent = 'Copied'; }
      catch (err) { e.target.textContent = 'Select and copy'; }
    },
  }, label || 'Copy');
}

function confirmAction(text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
  });
}

// --- API ---------------------------------------------------------------------
class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch('/admin/v1' + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store', credentials: 'omit',
  });
  if (response.status === 204) return null;
  const data = await response.json();
  if (!response.ok) {
    const error = data.error || {};
    if (response.status === 401) signOut('The admin token was refused.');
    throw new ApiError(response.status, error.code, error.message || response.statusText);
  }
  return data;
}

function errorBox(error) {
  return el('p', { class: 'error', role: 'alert' }, error.message || String(error));
}

// --- Minimal, safe markdown (headings, lists, code, links, emphasis) ---------
function inline(text) {
  const out = [];
  const pattern = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\[[^\]]+\]\([^)\s]+\))/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out.push(text.slice(last, match.index));
    const token = match[0];
    if (match[1]) out.push(el('code', {}, token.slice(1, -1)));
    else if (match[2]) out.push(el('strong', {}, token.slice(2, -2)));
    else {
      const [, label, href] = token.match(/^\[([^\]]+)\]\(([^)\s]+)\)$/);
      out.push(/^https?:\/\//.test(href) ? el('a', { href, rel: 'noreferrer', target: '_blank' }, label)
                                        : el('span', {}, label));
    }
    last = match.index + token.length;
  }
  out.push(text.slice(last));
  return out;
}

function renderMarkdown(source) {
  const root = el('div', { class: 'guide' });
  const lines = source.split('\n');
  let list = null;
  let paragraph = [];
  const flush = () => {
    if (paragraph.length) root.append(el('p', {}, inline(paragraph.join(' '))));
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trimStart().startsWith('```')) {
      flush(); list = null;
      const code = [];
      while (++i < lines.length && !lines[i].trimStart().startsWith('```')) code.push(lines[i]);
      root.append(el('pre', {}, el('code', {}, code.join('\n'))));
      continue;
    }
    if (line.trimStart().startsWith('|')) {
      flush(); list = null;
      const rows = [];
      for (; i < lines.length && lines[i].trimStart().startsWith('|'); i++) {
        const cells = lines[i].trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
        if (!cells.every((c) => /^:?-+:?$/.test(c))) rows.push(cells);
      }
      i--;
      const [head, ...body] = rows;
      root.append(el('table', {}, el('thead', {}, el('tr', {}, head.map((c) => el('th', {}, inline(c))))),
        el('tbody', {}, body.map((r) => el('tr', {}, r.map((c) => el('td', {}, inline(c))))))));
      continue;
    }
    const heading = line.match(/^(#{1,4})\s+(.*)$/);
    const item = line.match(/^\s*(?:[-*]|\d+\.)\s+(.*)$/);
    if (heading) {
      flush(); list = null;
      root.append(el('h' + Math.min(heading[1].length + 2, 6), {}, inline(heading[2])));
    } else if (item) {
      flush();
      if (!list) { list = el(/^\s*\d/.test(line) ? 'ol' : 'ul'); root.append(list); }
      list.append(el('li', {}, inline(item[1])));
    } else if (line.trim() === '') {
      flush(); list = null;
    } else if (list && /^\s+/.test(line)) {
      list.lastChild.append(' ', ...inline(line.trim()));
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return root;
}

// --- Pages -------------------------------------------------------------------
function idpSelect(id, selected) {
  const group = el('optgroup', { label: 'SCIM' });
  for (const [value, label] of IDPS) {
    group.append(el('option', { value, selected: value === selected }, label));
  }
  return el('select', { id }, group);
}

async function directoriesPage() {
  const data = await api('GET', '/directories');
  const rows = data.directories.map((d) => el('tr', {
    class: 'clickable', 'data-id': d.id, onclick: () => { location.hash = `#/d/${d.id}/users`; },
  },
  el('td', {}, el('a', { href: `#/d/${d.id}/users` }, d.name)),
  el('td', {}, IDP_LABEL[d.idp] || d.idp),
  el('td', { class: 'users' }, d.users),
  el('td', { class: 'groups' }, d.groups),
  el('td', {}, d.last_request ? when(d.last_request.time) : el('span', { class: 'muted' }, 'never')),
  el('td', {}, d.last_request
    ? el('span', { class: statusClass(d.last_request.status) },
      `${d.last_request.status} ${d.last_request.method}`)
    : '')));
  view(
    el('div', { class: 'toolbar' }, el('h2', {}, 'Directories'),
      el('button', { type: 'button', id: 'add-directory',
        onclick: () => { location.hash = '#/new'; } }, 'Add directory')),
    rows.length ? el('table', { id: 'directories' },
      el('thead', {}, el('tr', {}, ['Name', 'IdP', 'Users', 'Groups', 'Last request', 'Status']
        .map((h) => el('th', {}, h)))),
      el('tbody', {}, rows))
      : el('p', { class: 'muted' }, 'No directories yet. Add one for each identity-provider connection.'));
}

function newDirectoryPage() {
  const error = el('div');
  const form = el('form', { id: 'new-directory', class: 'card grid', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const created = await api('POST', '/directories', {
        name: document.getElementById('new-name').value,
        idp: document.getElementById('new-idp').value,
      });
      addedPage(created);
    } catch (err) { error.replaceChildren(errorBox(err)); }
  } },
  el('label', { for: 'new-name' }, 'Name'),
  el('input', { id: 'new-name', required: true, placeholder: 'e.g. OneLogin production' }),
  el('label', { for: 'new-idp' }, 'Identity provider'), idpSelect('new-idp', 'onelogin'),
  el('span'), el('div', {}, el('button', { type: 'submit', id: 'create-directory' }, 'Add directory')));
  view(el('h2', {}, 'Add directory'), form, error);
}

async function addedPage(created) {
  const guide = el('div', { id: 'guide' });
  view(
    el('h2', {}, `Directory “${created.name}” added`),
    el('div', { class: 'card' },
      el('p', { class: 'notice', id: 'shown-once' },
        'The App secret is shown once: paste it into your identity provider now. ',
        'It is stored only as a hash; if you lose it, rotate it on the directory page.'),
      el('div', { class: 'grid' },
        el('label', {}, 'Base URL'),
        el('div', {}, el('span', { class: 'secret', id: 'base-url' }, created.base_url), ' ',
          copyButton(() => created.base_url)),
        el('label', {}, 'App secret'),
        el('div', {}, el('span', { class: 'secret', id: 'app-secret' }, created.secret), ' ',
          copyButton(() => created.secret)))),
    el('p', {}, el('a', { href: `#/d/${created.id}/users` }, 'Go to the directory'), ' · ',
      el('a', { href: '#/directories' }, 'All directories')),
    el('h3', {}, `Set up ${IDP_LABEL[created.idp] || created.idp}`), guide);
  if (!GUIDES.has(created.idp)) {
    guide.append(el('p', {}, 'Give your SCIM client the Base URL and use the App secret as a bearer token.'));
    return;
  }
  const response = await fetch(`/idp/${created.idp}.md`, { cache: 'no-store' });
  guide.append(renderMarkdown(await response.text()));
}

function tabs(directory, active) {
  const link = (key, label) => el('a', {
    href: `#/d/${directory.id}/${key}`, class: key === active ? 'active' : null, id: `tab-${key}`,
  }, label);
  return el('div', {},
    el('h2', {}, directory.name, ' ', el('span', { class: 'muted' }, `(${IDP_LABEL[directory.idp] || directory.idp})`)),
    el('p', {}, 'Base URL ', el('span', { class: 'secret' }, directory.base_url), ' ', copyButton(() => directory.base_url)),
    el('nav', { class: 'tabs' }, link('users', `Users (${directory.users})`),
      link('groups', `Groups (${directory.groups})`), link('log', 'Request log'),
      link('settings', 'Settings')));
}

function pager(total, start, count, go) {
  const end = start + count - 1;
  return el('div', { class: 'pager' },
    el('button', { type: 'button', class: 'secondary', id: 'prev-page', disabled: start <= 1,
      onclick: () => go(Math.max(1, start - PAGE)) }, 'Previous'),
    el('span', { class: 'muted' }, total ? `${start}–${end} of ${total}` : 'none'),
    el('button', { type: 'button', class: 'secondary', id: 'next-page', disabled: end >= total,
      onclick: () => go(start + PAGE) }, 'Next'));
}

async function usersPage(directory, filter, start) {
  const params = new URLSearchParams({ count: PAGE, startIndex: start || 1 });
  if (filter) params.set('filter', filter);
  const area = el('div');
  const input = el('input', { id: 'user-filter', size: 50, value: filter || '',
    placeholder: 'SCIM filter, e.g. userName sw "a" or active eq false' });
  view(tabs(directory, 'users'),
    el('form', { class: 'inline', onsubmit: (e) => {
      e.preventDefault(); usersPage(directory, input.value.trim(), 1);
    } }, input, el('button', { type: 'submit', id: 'search-users' }, 'Search')), area);
  try {
    const page = await api('GET', `/directories/${directory.id}/users?${params}`);
    area.append(el('table', { id: 'users' },
      el('thead', {}, el('tr', {}, ['userName', 'Name', 'Email', 'Active', 'Last modified']
        .map((h) => el('th', {}, h)))),
      el('tbody', {}, page.items.map((u) => el('tr', {
        class: 'clickable', onclick: () => { location.hash = `#/d/${directory.id}/users/${u.id}`; },
      }, el('td', {}, u.userName), el('td', {}, u.name), el('td', {}, u.email),
      el('td', {}, u.active ? 'yes' : el('span', { class: 'status-4' }, 'no')),
      el('td', {}, when(u.last_modified)))))),
    pager(page.total, page.start_index, page.count, (s) => usersPage(directory, filter, s)));
  } catch (err) { area.append(errorBox(err)); }
}

async function userPage(directory, userId) {
  const user = await api('GET', `/directories/${directory.id}/users/${userId}`);
  const active = user.active !== false;
  const toggle = el('button', { type: 'button', id: active ? 'deactivate' : 'reactivate',
    class: active ? 'danger' : null, onclick: async () => {
      await api('POST', `/directories/${directory.id}/users/${userId}/${active ? 'deactivate' : 'reactivate'}`);
      userPage(directory, userId);
    } }, active ? 'Deactivate' : 'Reactivate');
  const remove = el('button', { type: 'button', class: 'danger', id: 'delete-user', onclick: async () => {
    if (!(await confirmAction(`Delete user “${user.userName}”? It leaves every group; the identity provider may push it again.`))) return;
    await api('DELETE', `/directories/${directory.id}/users/${userId}`);
    location.hash = `#/d/${directory.id}/users`;
  } }, 'Delete user');
  view(tabs(directory, 'users'),
    el('div', { class: 'toolbar' }, el('h3', {}, user.userName), toggle, remove,
      el('a', { href: `#/d/${directory.id}/users` }, 'Back to users')),
    el('pre', { id: 'user-json' }, JSON.stringify(user, null, 2)));
}

async function groupsPage(directory, filter, start) {
  const params = new URLSearchParams({ count: PAGE, startIndex: start || 1 });
  if (filter) params.set('filter', filter);
  const area = el('div');
  const input = el('input', { id: 'group-filter', size: 50, value: filter || '',
    placeholder: 'SCIM filter, e.g. displayName sw "Eng"' });
  view(tabs(directory, 'groups'),
    el('form', { class: 'inline', onsubmit: (e) => {
      e.preventDefault(); groupsPage(directory, input.value.trim(), 1);
    } }, input, el('button', { type: 'submit' }, 'Search')), area);
  try {
    const page = await api('GET', `/directories/${directory.id}/groups?${params}`);
    area.append(el('table', { id: 'groups' },
      el('thead', {}, el('tr', {}, ['displayName', 'Members', 'Last modified'].map((h) => el('th', {}, h)))),
      el('tbody', {}, page.items.map((g) => el('tr', {
        class: 'clickable', onclick: () => { location.hash = `#/d/${directory.id}/groups/${g.id}`; },
      }, el('td', {}, g.displayName), el('td', {}, g.members), el('td', {}, when(g.last_modified)))))),
    pager(page.total, page.start_index, page.count, (s) => groupsPage(directory, filter, s)));
  } catch (err) { area.append(errorBox(err)); }
}

async function groupPage(directory, groupId) {
  const group = await api('GET', `/directories/${directory.id}/groups/${groupId}`);
  const members = el('tbody');
  const more = el('button', { type: 'button', class: 'secondary', id: 'more-members', hidden: true }, 'Load more');
  let after = '';
  const load = async () => {
    const page = await api('GET', `/directories/${directory.id}/groups/${groupId}/members?count=${PAGE}&after=${encodeURIComponent(after)}`);
    for (const m of page.items) {
      members.append(el('tr', {}, el('td', {}, m.display), el('td', {}, m.type), el('td', { class: 'muted' }, m.value)));
    }
    after = page.next || '';
    more.hidden = !page.next;
  };
  more.addEventListener('click', load);
  const remove = el('button', { type: 'button', class: 'danger', id: 'delete-group', onclick: async () => {
    if (!(await confirmAction(`Delete group “${group.resource.displayName}”? The identity provider may push it again.`))) return;
    await api('DELETE', `/directories/${directory.id}/groups/${groupId}`);
    location.hash = `#/d/${directory.id}/groups`;
  } }, 'Delete group');
  view(tabs(directory, 'groups'),
    el('div', { class: 'toolbar' }, el('h3', {}, group.resource.displayName), remove,
      el('a', { href: `#/d/${directory.id}/groups` }, 'Back to groups')),
    el('p', {}, `${group.member_count} members`),
    el('table', { id: 'members' }, el('thead', {}, el('tr', {}, ['Display', 'Type', 'Id'].map((h) => el('th', {}, h)))), members),
    more, el('h4', {}, 'SCIM JSON (without members)'),
    el('pre', {}, JSON.stringify(group.resource, null, 2)));
  await load();
}

function pretty(body) {
  if (!body) return '(none)';
  try { return JSON.stringify(JSON.parse(body), null, 2); } catch (e) { return body; }
}

async function logPage(directory, limit) {
  limit = limit || 100;
  const data = await api('GET', `/directories/${directory.id}/requests?limit=${limit}`);
  const body = el('tbody');
  for (const entry of data.items) {
    const detail = el('tr', { class: 'detail', hidden: true },
      el('td', { colspan: 5 },
        el('p', { class: 'muted' }, `Request id ${entry.request_id} · ${entry.latency_ms} ms`),
        el('strong', {}, 'Request'), el('pre', {}, pretty(entry.request_body)),
        el('strong', {}, 'Response'), el('pre', {}, pretty(entry.response_body))));
    body.append(el('tr', { class: 'clickable entry', onclick: () => { detail.hidden = !detail.hidden; } },
      el('td', {}, when(entry.time)),
      el('td', {}, el('span', { class: statusClass(entry.status) }, entry.status)),
      el('td', {}, entry.method), el('td', {}, entry.path), el('td', {}, `${entry.latency_ms} ms`)), detail);
  }
  view(tabs(directory, 'log'),
    el('p', { class: 'muted' }, 'Newest first. Passwords are redacted; the Authorization header is never stored. Click a row for the bodies.'),
    el('table', { id: 'log' }, el('thead', {}, el('tr', {}, ['Time', 'Status', 'Method', 'Path', 'Latency'].map((h) => el('th', {}, h)))), body),
    data.items.length >= limit ? el('button', { type: 'button', class: 'secondary', onclick: () => logPage(directory, limit + 100) }, 'Older') : null);
}

async function settingsPage(directory) {
  const full = await api('GET', `/directories/${directory.id}`);
  const choices = {
    'link-existing': ['off', 'on'], 'deprovision': ['delete', 'deactivate'],
    'groups': ['enabled', 'disabled'],
    'response-content-type': ['application/scim+json', 'application/json'],
  };
  const message = el('div');
  const fields = Object.entries(choices).map(([key, values]) => [
    el('label', { for: `setting-${key}` }, key),
    el('select', { id: `setting-${key}` }, values.map((v) => el('option', { value: v, selected: full.settings[key] === v }, v)))]);
  const form = el('form', { class: 'card grid', id: 'settings', onsubmit: async (e) => {
    e.preventDefault();
    const settings = {};
    for (const key of Object.keys(choices)) {
      const value = document.getElementById(`setting-${key}`).value;
      if (value !== full.settings[key]) settings[key] = value;
    }
    try {
      await api('PATCH', `/directories/${directory.id}`, {
        name: document.getElementById('setting-name').value,
        idp: document.getElementById('setting-idp').value, settings });
      message.replaceChildren(el('p', { class: 'status-2' }, 'Saved.'));
    } catch (err) { message.replaceChildren(errorBox(err)); }
  } },
  el('label', { for: 'setting-name' }, 'Name'), el('input', { id: 'setting-name', value: full.name }),
  el('label', { for: 'setting-idp' }, 'Identity provider'), idpSelect('setting-idp', full.idp),
  fields.flat(), el('span'), el('div', {}, el('button', { type: 'submit' }, 'Save settings')));
  const secret = el('div');
  view(tabs(directory, 'settings'), form, message,
    el('div', { class: 'card' }, el('h3', {}, 'App secret'),
      el('p', {}, 'Issue a new secret; the old one stops working at once, or after a grace period while you update the identity provider.'),
      el('label', { for: 'rotate-grace' }, 'Old secret stops '),
      el('select', { id: 'rotate-grace' }, el('option', { value: '' }, 'at once'),
        el('option', { value: '1h' }, 'after 1 hour'), el('option', { value: '24h' }, 'after 24 hours'),
        el('option', { value: '7d' }, 'after 7 days')), ' ',
      el('button', { type: 'button', id: 'rotate-secret', onclick: async () => {
        const grace = document.getElementById('rotate-grace').value;
        if (!(await confirmAction(grace ? `Rotate the App secret? The old one keeps working for ${grace}.`
          : 'Rotate the App secret? The identity provider stops working until you paste the new one.'))) return;
        const rotated = await api('POST', `/directories/${directory.id}/rotate-secret`, grace ? { grace } : undefined);
        secret.replaceChildren(el('p', { class: 'notice' }, 'Shown once: '),
          el('span', { class: 'secret', id: 'app-secret' }, rotated.secret), ' ', copyButton(() => rotated.secret),
          rotated.previous_secret_valid_until
            ? el('p', {}, `The previous secret works until ${rotated.previous_secret_valid_until}.`) : null);
      } }, 'Rotate secret'), secret),
    el('div', { class: 'card' }, el('h3', {}, 'Remove directory'),
      el('p', {}, 'Removes the directory with all its users, groups and request log.'),
      el('button', { type: 'button', class: 'danger', id: 'remove-directory', onclick: async () => {
        if (!(await confirmAction(`Remove “${full.name}” with all its users and groups? This cannot be undone.`))) return;
        await api('DELETE', `/directories/${directory.id}`);
        location.hash = '#/directories';
      } }, 'Remove directory')));
}

// --- Router ------------------------------------------------------------------
async function route() {
  if (!token) return;
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  try {
    if (parts[0] === 'new') return newDirectoryPage();
    if (parts[0] === 'd' && parts[1]) {
      const directory = await api('GET', `/directories/${parts[1]}`);
      const section = parts[2] || 'users';
      if (section === 'users' && parts[3]) return await userPage(directory, parts[3]);
      if (section === 'users') return await usersPage(directory, '', 1);
      if (section === 'groups' && parts[3]) return await groupPage(directory, parts[3]);
      if (section === 'groups') return await groupsPage(directory, '', 1);
      if (section === 'log') return await logPage(directory);
      if (section === 'settings') return await settingsPage(directory);
    }
    return await directoriesPage();
  } catch (err) {
    if (token) view(errorBox(err), el('a', { href: '#/directories' }, 'Back to directories'));
  }
}

async function refreshStatus() {
  const status = await api('GET', '/status');
  document.getElementById('status-line').textContent =
    `v${status.version} · up ${Math.floor(status.uptime_seconds / 60)} min · ${status.directories} directories`;
}

function signOut(reason) {
  token = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('view').hidden = true;
  document.getElementById('login').hidden = false;
  const error = document.getElementById('login-error');
  error.textContent = reason || '';
  error.hidden = !reason;
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = document.getElementById('token');
    token = input.value.trim();
    input.value = '';
    try {
      await refreshStatus();
    } catch (err) {
      if (token) signOut(err.message);
      return;
    }
    document.getElementById('login').hidden = true;
    document.getElementById('nav').hidden = false;
    document.getElementById('view').hidden = false;
    if (!location.hash) location.hash = '#/directories';
    route();
  });
  document.getElementById('sign-out').addEventListener('click', () => signOut(''));
  window.addEventListener('hashchange', route);
});
