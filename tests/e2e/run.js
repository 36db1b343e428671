// The dashboard end to end in a real browser (Debian's chromium driven by playwright-core): a
// fresh database (migrated, seeded, plus 10,000 extra conversations), a server of its own on free
// ports, a fake Builderbot API, then one case after another. Prints the figures it measures
// (first load of the inbox, live latency) and saves a screenshot per case.
//
// Environment: CENTRALITA_TEST_DATABASE_URL (set by scripts/test.sh), CENTRALITA_BINARY (the
// built server), CENTRALITA_E2E_OUT (where screenshots go), CENTRALITA_WEB_DIR (optional).
// Exit status: 0 all cases hold, 1 otherwise. Cases whose routes the server lacks are skipped.
'use strict';
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch {
  console.error('e2e: playwright-core is missing: run `npm ci` in tests/e2e (scripts/setup.sh does)');
  process.exit(1);
}
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const dbAdminUrl = process.env.CENTRALITA_TEST_DATABASE_URL;
const binary = process.env.CENTRALITA_BINARY || path.resolve(__dirname, '../../build/release/centralita');
const outDir = process.env.CENTRALITA_E2E_OUT || path.resolve(__dirname, '../../build/e2e');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const extraConversations = Number(process.env.CENTRALITA_E2E_CONVERSATIONS || 10000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// Debian's psql of the newest installed server, else the one on PATH.
const psqlBin = (() => {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (fs.existsSync(`${base}/${v}/bin/psql`)) return `${base}/${v}/bin/psql`;
  return 'psql';
})();

function psql(url, sql) {
  return execFileSync(psqlBin, ['-qtAX', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], { encoding: 'utf8' }).trim();
}

// 10,000 more conversations for the demo tenant, older than the seeded ones, each with a message.
function seedVolume(url, n) {
  psql(url, `
    WITH t AS (SELECT id FROM tenants WHERE slug = 'demo'),
    c AS (
      INSERT INTO customers (tenant_id, phone, name)
      SELECT t.id, (5219900000000 + g)::text, 'Cliente ' || g FROM t, generate_series(1, ${n}) g
      RETURNING id, tenant_id, phone),
    v AS (
      INSERT INTO conversations (tenant_id, customer_id, status, bot_active, last_message_at, created_at)
      SELECT c.tenant_id, c.id, 'open', true,
             now() - interval '2 days' - (c.phone::bigint - 5219900000000) * interval '1 minute',
             now() - interval '3 days'
      FROM c RETURNING id, tenant_id, last_message_at)
    INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, body, created_at)
    SELECT tenant_id, id, 'in', 'customer', 'Mensaje de volumen ' || id, last_message_at FROM v`);
}

// A Builderbot Cloud API stand-in: records every request; answers `status` (200 unless a case
// sets another, to make sends fail).
function fakeBuilderbot() {
  const bot = { requests: [], status: 200 };
  bot.server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      bot.requests.push({ method: req.method, url: req.url, body, status: bot.status });
      res.writeHead(bot.status, { 'Content-Type': 'application/json' });
      res.end(bot.status < 300 ? '{"ok":true}' : '{"error":"rejected by the e2e stand-in"}');
    });
  });
  return new Promise((resolve) => bot.server.listen(0, '127.0.0.1', () => { bot.port = bot.server.address().port; resolve(bot); }));
}

async function waitReady(port, child, log) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`server exited at start:\n${log()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) return;
    } catch { /* not yet */ }
    await sleep(200);
  }
  throw new Error(`server not ready:\n${log()}`);
}

async function main() {
  if (!dbAdminUrl) throw new Error('CENTRALITA_TEST_DATABASE_URL is not set (scripts/test.sh sets it)');
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing (scripts/setup.sh installs chromium)`);
  fs.mkdirSync(outDir, { recursive: true });

  const dbName = `e2e_${process.pid}_${Date.now().toString(36)}`;
  psql(dbAdminUrl, `CREATE DATABASE ${dbName}`);
  const dbUrl = withDatabase(dbAdminUrl, dbName);
  const cleanups = [() => psql(dbAdminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)];
  let status = 1;
  try {
    execFileSync(binary, ['migrate'], { env: { ...process.env, DATABASE_URL: dbUrl }, stdio: 'pipe' });
    execFileSync(binary, ['seed'], { env: { ...process.env, DATABASE_URL: dbUrl }, stdio: 'pipe' });
    let t0 = Date.now();
    seedVolume(dbUrl, extraConversations);
    console.log(`e2e: ${extraConversations} extra conversations seeded in ${Date.now() - t0} ms`);

    const bot = await fakeBuilderbot();
    cleanups.push(() => bot.server.close());
    const api = await freePort();
    let gw = await freePort();
    while (gw === api) gw = await freePort();
    const env = { ...process.env, DATABASE_URL: dbUrl, CENTRALITA_API_PORT: String(api),
      CENTRALITA_GATEWAY_PORT: String(gw), JWT_SECRET: 'e2e_secret_0123456789abcdef', LOG_LEVEL: 'warn',
      CENTRALITA_MEDIA_ALLOW_PRIVATE: '1',
      BUILDERBOT_API_URL: `http://127.0.0.1:${bot.port}`, BUILDERBOT_API_KEY: 'e2e-key', BUILDERBOT_BOT_ID: 'e2e-bot' };
    let serverLog = '';
    const child = spawn(binary, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => { serverLog += d; });
    child.stderr.on('data', (d) => { serverLog += d; });
    cleanups.push(() => { if (child.exitCode === null) child.kill('SIGTERM'); });
    await waitReady(api, child, () => serverLog);

    const browser = await chromium.launch({ executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'] });
    cleanups.push(() => browser.close());
    const ctx = { api, gw, bot, browser, dbUrl, base: `http://127.0.0.1:${api}`, sql: (q) => psql(dbUrl, q) };
    const only = process.env.CENTRALITA_E2E_ONLY;  // a substring of case names, to run fewer
    const casesDir = path.join(__dirname, 'cases');
    const cases = fs.readdirSync(casesDir).filter((f) => f.endsWith('.js')).sort()
      .flatMap((f) => require(path.join(casesDir, f))).filter((c) => !only || c.name.includes(only));
    let failed = 0;
    let skipped = 0;
    for (const c of cases) {
      t0 = Date.now();
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      let verdict = 'ok';
      let note = '';
      try {
        const r = await c.run(page, ctx);
        if (r && r.skip) { verdict = 'skip'; note = r.skip; skipped++; }
        if (errors.length) throw new Error(`page errors: ${errors.slice(0, 3).join(' | ')}`);
      } catch (e) {
        verdict = 'FAIL';
        note = e.message.split('\n').slice(0, 4).join(' ');
        failed++;
      }
      await page.screenshot({ path: path.join(outDir, `${c.name}.png`) }).catch(() => {});
      await page.close();
      console.log(`e2e: ${verdict.padEnd(4)} ${c.name} (${Date.now() - t0} ms)${note ? ' - ' + note : ''}`);
    }
    console.log(`e2e: ${cases.length - failed - skipped} passed, ${skipped} skipped, ${failed} failed; screenshots in ${outDir}`);
    if (failed && serverLog) console.log(`e2e: server log tail:\n${serverLog.slice(-2000)}`);
    status = failed ? 1 : 0;
  } finally {
    for (const f of cleanups.reverse()) {
      try { await f(); } catch { /* best effort */ }
    }
  }
  return status;
}

main().then((s) => process.exit(s), (e) => { console.error(`e2e: ${e.stack || e}`); process.exit(1); });
