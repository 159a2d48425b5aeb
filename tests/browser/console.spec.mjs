// The web console in a real browser: Debian's Chromium driven by
// playwright-core against a real scimd on free ports. Adds a OneLogin
// directory in the page, provisions users and a group over SCIM with the
// Base URL and secret read from the page, checks them in the console,
// deletes the group and finds the requests in the log. Screenshots of every
// page go to $SCIMD_ARTIFACTS (default: ./artifacts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const binary = process.env.SCIMD_BINARY || path.resolve('../../build/scimd');
const artifacts = process.env.SCIMD_ARTIFACTS || path.resolve('artifacts');
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';

let server, context, page, workdir, adminUrl, adminToken;

function startServer() {
  workdir = mkdtempSync(path.join(tmpdir(), 'scimd-browser-'));
  const proc = spawn(binary, ['serve', '--db', `sqlite:${workdir}/scimd.db`, '--listen',
    '127.0.0.1:0', '--admin-listen', '127.0.0.1:0', '--threads', '2'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('scimd did not start: ' + text)), 20000);
    // The token is printed on stdout; the listening lines are JSON on stderr.
    let out = '';
    let err = '';
    const onData = () => {
      text = out + err;
      const token = out.match(/admin token \(shown once\): (\S+)/);
      const admin = err.split('\n').map((line) => {
        try { return JSON.parse(line); } catch { return null; }
      }).find((entry) => entry && entry.msg === 'listening' && entry.listener === 'admin');
      if (token && admin && !adminUrl) {
        clearTimeout(timer);
        adminToken = token[1];
        adminUrl = admin.url;
        resolve(proc);
      }
    };
    proc.stdout.on('data', (chunk) => { out += chunk; onData(); });
    proc.stderr.on('data', (chunk) => { err += chunk; onData(); });
    proc.on('exit', (code) => reject(new Error(`scimd exited ${code}: ${text}`)));
  });
}

async function shot(name, fullPage = true) {
  await page.screenshot({ path: path.join(artifacts, `console-${name}.png`), fullPage });
}

async function scim(base, secret, method, resource, body) {
  const response = await fetch(base + resource, {
    method,
    headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/scim+json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${resource}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startServer();
  const profile = path.join(workdir, 'chromium-profile');
  // A fresh profile (--user-data-dir) per run, passed the way Playwright wants it.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1200, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (error) => { throw error; });
});

after(async () => {
  await context?.close();
  server?.kill('SIGTERM');
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

test('console: add a OneLogin directory, provision over SCIM, inspect, delete, read the log',
  async () => {
    const violations = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
    });
    await page.goto(adminUrl + '/');
    await shot('login');
    await page.fill('#token', 'wrong-token');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#login-error:not([hidden])');
    await page.fill('#token', adminToken);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#add-directory');
    // The token is only in memory: nothing in storage or cookies.
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
    assert.equal((await context.cookies()).length, 0);

    await page.click('#add-directory');
    await page.waitForSelector('#new-idp');
    const labels = await page.$$eval('#new-idp optgroup[label="SCIM"] option', (os) => os.map((o) => o.textContent));
    assert.deepEqual(labels, ['OneLogin', 'Entra ID', 'Okta', 'PingOne', 'JumpCloud', 'Generic SCIM']);
    await page.fill('#new-name', 'OneLogin production');
    await page.selectOption('#new-idp', 'onelogin');
    await page.click('#create-directory');
    await page.waitForSelector('#app-secret');
    await page.waitForSelector('#guide h3, #guide .guide');
    const baseUrl = (await page.textContent('#base-url')).trim();
    const secret = (await page.textContent('#app-secret')).trim();
    assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/scim\/[a-z0-9]{12}\/v2$/);
    assert.match(await page.textContent('#shown-once'), /shown once/);
    assert.match(await page.textContent('#guide'), /OneLogin/);
    await shot('added', false);

    const ids = [];
    for (const name of ['ada', 'grace', 'linus']) {
      const user = await scim(baseUrl, secret, 'POST', '/Users', {
        schemas: [USER_URN], userName: `${name}@example.com`,
        name: { givenName: name[0].toUpperCase() + name.slice(1), familyName: 'Tester' },
        emails: [{ value: `${name}@example.com`, primary: true }], password: 'Secret-123',
      });
      ids.push(user.id);
    }
    const group = await scim(baseUrl, secret, 'POST', '/Groups', {
      schemas: [GROUP_URN], displayName: 'Engineering', members: ids.map((value) => ({ value })),
    });

    await page.click('#nav-directories');
    await page.waitForSelector('#directories');
    await page.reload();  // a reload forgets the token: the login form is back
    await page.waitForSelector('#login-form');
    await page.fill('#token', adminToken);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#directories');
    assert.equal((await page.textContent('#directories td.users')).trim(), '3');
    assert.equal((await page.textContent('#directories td.groups')).trim(), '1');
    await shot('directories');

    await page.click('#directories tbody tr');
    await page.waitForSelector('#users');
    assert.equal(await page.locator('#users tbody tr').count(), 3);
    await page.fill('#user-filter', 'userName sw "gr"');
    await page.click('#search-users');
    await page.waitForFunction(() => document.querySelectorAll('#users tbody tr').length === 1);
    assert.match(await page.textContent('#users tbody'), /grace@example.com/);
    await shot('users');
    await page.click('#users tbody tr');
    await page.waitForSelector('#user-json');
    assert.match(await page.textContent('#user-json'), /"userName": "grace@example.com"/);
    await page.click('#deactivate');
    await page.waitForSelector('#reactivate');
    assert.match(await page.textContent('#user-json'), /"active": false/);
    await shot('user');
    await page.click('#reactivate');
    await page.waitForSelector('#deactivate');
    assert.match(await page.textContent('#user-json'), /"active": true/);

    await page.click('#tab-groups');
    await page.waitForSelector('#groups');
    assert.match(await page.textContent('#groups tbody'), /Engineering\s*3/);
    await shot('groups');
    await page.click('#groups tbody tr');
    await page.waitForSelector('#members tbody tr');
    assert.equal(await page.locator('#members tbody tr').count(), 3);
    await shot('group');
    await page.click('#delete-group');
    await page.click('#confirm-ok');
    await page.waitForSelector('#groups');
    await page.waitForFunction(() => !document.querySelector('#groups tbody tr'));
    const gone = await fetch(`${baseUrl}/Groups/${group.id}`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(gone.status, 404);

    await page.click('#tab-users');
    await page.waitForSelector('#users');
    await page.click('#users tbody tr:has-text("linus@example.com")');
    await page.waitForSelector('#delete-user');
    await page.click('#delete-user');
    await page.click('#confirm-ok');
    await page.waitForFunction(() => document.querySelectorAll('#users tbody tr').length === 2);

    await page.click('#tab-log');
    await page.waitForSelector('#log tbody tr.entry');
    const log = await page.textContent('#log tbody');
    assert.match(log, /POST\s*\/scim\/[a-z0-9]{12}\/v2\/Groups/);
    assert.match(log, /POST\s*\/scim\/[a-z0-9]{12}\/v2\/Users/);
    const userPost = page.locator('#log tbody tr.entry', { hasText: '/Users' }).last();
    await userPost.click();
    const detail = await page.locator('#log tbody tr.detail:not([hidden])').first().textContent();
    assert.match(detail, /\[redacted\]/);
    assert.doesNotMatch(detail, /Secret-123/);
    await shot('log');

    await page.click('#tab-settings');
    await page.waitForSelector('#settings');
    await page.selectOption('#setting-deprovision', 'deactivate');
    await page.click('#settings button[type=submit]');
    await page.waitForSelector('text=Saved.');
    await shot('settings');
    assert.deepEqual(violations, []);
  });
