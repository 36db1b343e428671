// What the browser cases share: sign-in, API calls, webhooks, waiting, screenshots and figures.
'use strict';
const assert = require('node:assert/strict');

const demoNames = ['María Fernanda López', 'José Luis Hernández', 'Valentina Gómez Ruiz'];
const adminName = 'Ricardo Morales Paredes';
let phoneNo = 0;
const newPhone = () => `52155${String(Date.now() % 1e6).padStart(6, '0')}${String(++phoneNo).padStart(2, '0')}`;

async function login(page, ctx, email) {
  await page.goto(`${ctx.base}/`, { waitUntil: 'domcontentloaded' });
  await page.fill('input[type=email]', email);
  await page.fill('input[type=password]', 'admin123');
  await page.keyboard.press('Enter');
  await page.waitForSelector('input[type=password]', { state: 'detached', timeout: 8000 });
}

async function token(ctx, email) {
  const r = await fetch(`${ctx.base}/api/v1/auth/login`, { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: 'admin123' }) });
  assert.equal(r.status, 200);
  return (await r.json()).token;
}

async function apiGet(ctx, tok, path) {
  const r = await fetch(`${ctx.base}${path}`, { headers: { Authorization: `Bearer ${tok}` } });
  return { status: r.status, body: r.status < 500 ? await r.json().catch(() => null) : null };
}

// Posts a Builderbot message.incoming; resolves with the time the gateway acknowledged it.
async function webhook(ctx, from, name, text) {
  const r = await fetch(`http://127.0.0.1:${ctx.gw}/webhooks/builderbot/whatsapp`, { method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Account-Key': 'builderbot_whatsapp_main' },
    body: JSON.stringify({ eventName: 'message.incoming', data: { body: text, name, from, attachment: [], projectId: 'e2e' } }) });
  assert.equal(r.status, 200, `webhook answered ${r.status}`);
  return Date.now();
}

// In the page: resolves with Date.now() when `text` first shows in `selector`.
function watchFor(page, selector, text) {
  return page.evaluate(([sel, want]) => new Promise((resolve) => {
    const seen = () => [...document.querySelectorAll(sel)].some((e) => e.textContent.includes(want));
    if (seen()) return resolve(Date.now());
    const mo = new MutationObserver(() => { if (seen()) { mo.disconnect(); resolve(Date.now()); } });
    mo.observe(document.body, { childList: true, subtree: true, characterData: true });
    setTimeout(() => { mo.disconnect(); resolve(0); }, 8000);
  }), [selector, text]);
}

// Polls `fn` until it returns something truthy (its value) or `ms` pass (undefined).
async function waitFor(fn, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
  return undefined;
}

// The pending suggestion drafted for the customer named `name`, once there (undefined after `ms`).
function pendingDraftFor(ctx, tok, name, ms = 10000) {
  return waitFor(async () => {
    const items = (await apiGet(ctx, tok, '/api/v1/suggestions?status=pending&limit=50')).body.items || [];
    return items.find((x) => x.customer_name === name);
  }, ms);
}

const figures = {};
// An extra screenshot next to the per-case ones.
const shot = (page, name) => page.screenshot({ path: require('node:path').join(process.env.CENTRALITA_E2E_OUT || '.', `${name}.png`) }).catch(() => {});

// A new customer (a fresh phone, a unique name starting with `label`) writes `text` through the
// Builderbot webhook; the demo agent's API token comes along for the checks that follow.
async function newCustomerWrites(ctx, label, text) {
  const tok = await token(ctx, 'agent@demo.com');
  const name = `${label} ${Date.now()}`;
  const phone = newPhone();
  await webhook(ctx, phone, name, text);
  return { tok, name, phone };
}

module.exports = {
  assert, demoNames, adminName, newPhone, login, token, apiGet, webhook, newCustomerWrites, watchFor, waitFor,
  pendingDraftFor, figures, shot,
};
