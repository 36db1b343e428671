// The cases of run.js, in order. Each gets a fresh page (1280×800) and the shared context; it
// throws on a failure and may return {skip: why} when the server lacks a route it needs.
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

const figures = {};
// An extra screenshot next to the per-case ones.
const shot = (page, name) => page.screenshot({ path: require('node:path').join(process.env.CENTRALITA_E2E_OUT || '.', `${name}.png`) }).catch(() => {});

module.exports = [
  {
    name: 'login-and-seeded-inbox',
    async run(page, ctx) {
      await login(page, ctx, 'agent@demo.com');
      await page.waitForSelector('.conv-list li.conv', { timeout: 8000 });
      const text = await page.innerText('body');
      assert.match(text, /Bandeja de entrada|Conversaciones/);
      for (const n of demoNames) assert.ok(text.includes(n), `seeded conversation of ${n} not listed`);
      assert.ok(!text.includes(adminName), 'the other tenant leaks');
      // The first conversation opens with its messages and the customer panel.
      await page.waitForSelector('.timeline .msg', { timeout: 5000 });
      await page.waitForSelector('.customer-pane dl.facts', { timeout: 5000 });
    },
  },
  {
    name: 'inbox-keyboard-reply-assign',
    async run(page, ctx) {
      await login(page, ctx, 'agent@demo.com');
      await page.waitForSelector('.timeline .msg');
      const ids = await page.locator('.conv-list li.conv').evaluateAll((els) => els.map((e) => e.dataset.id));
      const selected = () => page.locator('.conv-list li.conv.selected').getAttribute('data-id');
      await page.keyboard.press('j');
      await page.waitForFunction((id) => document.querySelector('.conv-list li.selected').dataset.id === id, ids[1]);
      await page.keyboard.press('k');
      await page.waitForFunction((id) => document.querySelector('.conv-list li.selected').dataset.id === id, ids[0]);
      assert.equal(await selected(), ids[0]);
      // r focuses the reply box; Ctrl+Enter sends; the reply shows in the thread.
      await page.waitForSelector('.timeline .msg');
      await page.keyboard.press('r');
      assert.equal(await page.evaluate(() => document.activeElement.className), 'reply-text');
      const text = `Respuesta del agente ${Date.now()}`;
      await page.keyboard.type(text);
      await page.keyboard.press('Control+Enter');
      await page.waitForFunction((t) => document.querySelector('.timeline').textContent.includes(t), text);
      // Assign to me, then resolve: the server keeps both.
      await page.click('.thread-head button:has-text("Asignarme")');
      await page.waitForSelector('.thread-head button:has-text("Asignarme"):disabled');
      await page.click('.thread-head button:has-text("Resolver")');
      await page.waitForSelector('.thread-head button:has-text("Reabrir")');
      const tok = await token(ctx, 'agent@demo.com');
      const me = (await apiGet(ctx, tok, '/api/v1/me')).body;
      const c = (await apiGet(ctx, tok, `/api/v1/conversations/${ids[0]}`)).body;
      assert.equal(c.status, 'resolved');
      assert.equal(c.assignee_id, me.id);
      assert.ok(c.messages.some((m) => m.text === text && m.sender_type === 'agent'));
      await page.click('.thread-head button:has-text("Reabrir")');
      await page.waitForSelector('.thread-head button:has-text("Resolver")');
    },
  },
  {
    name: 'inbox-first-load-10k',
    async run(page, ctx) {
      await login(page, ctx, 'agent@demo.com');
      await page.waitForSelector('.conv-list li.conv');
      // A cold load of the inbox page, signed in: navigation start → first page of rows drawn.
      const times = [];
      for (let i = 0; i < 3; i++) {
        await page.goto(`${ctx.base}/inbox`, { waitUntil: 'domcontentloaded' });
        await page.waitForSelector('.conv-list li.conv');
        times.push(await page.evaluate(() => window.centralita.metrics.inboxFirstRender));
      }
      const rows = await page.locator('.conv-list li.conv').count();
      // Scrolling down loads the next page (cursor paging).
      await page.locator('.list-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
      await page.waitForFunction((n) => document.querySelectorAll('.conv-list li.conv').length > n, rows, { timeout: 5000 });
      const best = Math.min(...times);
      figures.firstLoad = best;
      console.log(`e2e: figure: inbox first load with ${rows} rows of 10,000+ conversations: ${times.map((x) => Math.round(x)).join(', ')} ms (best ${Math.round(best)} ms, budget 1000 ms)`);
      assert.ok(best <= 1000, `first load ${Math.round(best)} ms is over 1 s`);
    },
  },
  {
    name: 'live-webhook-message',
    async run(page, ctx) {
      await login(page, ctx, 'agent@demo.com');
      await page.waitForSelector('.conv-list li.conv');
      await page.waitForFunction(() => window.centralita.liveState === 'open');
      await shot(page, 'inbox');
      const latencies = [];
      for (let i = 0; i < 3; i++) {
        const name = `Live Test ${i} ${Date.now()}`;
        const shown = watchFor(page, '.conv-list', name);
        const acked = await webhook(ctx, newPhone(), name, `Hola, ¿dónde está mi pedido CS1001? (${i})`);
        const at = await shown;
        assert.ok(at > 0, `${name} did not appear within 8 s`);
        latencies.push(at - acked);
      }
      // A message to a listed conversation that is not open shows an unread badge.
      const other = await page.locator('.conv-list li.conv:not(.selected)').first();
      const otherId = await other.getAttribute('data-id');
      const detail = await apiGet(ctx, await token(ctx, 'agent@demo.com'), `/api/v1/conversations/${otherId}`);
      const known = [];
      for (let i = 0; i < 3; i++) {
        const text = `Otro mensaje sin leer ${i} ${Date.now()}`;
        const shown = watchFor(page, '.conv-list', text);
        const acked = await webhook(ctx, detail.body.customer.phone, detail.body.customer.name, text);
        const at = await shown;
        assert.ok(at > 0, `${text} did not appear within 8 s`);
        known.push(at - acked);
      }
      await page.waitForSelector(`.conv-list li[data-id="${otherId}"] .unread`, { timeout: 5000 });
      // On another page, new customer messages count on the inbox's link.
      await page.click('a[data-path="/tickets"]');
      await page.waitForSelector('.kanban');
      await webhook(ctx, detail.body.customer.phone, detail.body.customer.name, 'Mientras tanto');
      await page.waitForSelector('a[data-path="/inbox"] .unread', { timeout: 5000 });
      console.log(`e2e: figure: live latency, webhook acknowledged → new conversation on screen: ${latencies.join(', ')} ms; → message in a listed conversation: ${known.join(', ')} ms (budget 200 ms; below 0: on screen before the acknowledgment reached the test)`);
      figures.live = latencies.concat(known);
      // The best sample must be within budget; single samples vary with the machine's load.
      const best = Math.min(...figures.live);
      assert.ok(best <= 200, `live latency ${best} ms is over 200 ms`);
    },
  },
  {
    name: 'kanban-move-ticket',
    async run(page, ctx) {
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/tickets`);
      await page.waitForSelector('.kanban .ticket-card');
      // Open tickets carry their SLA countdown (or "overdue") badge.
      await page.waitForSelector('.column[data-status="NEW"] .ticket-card .badge.sla, .column[data-status="NEW"] .ticket-card .badge.sla-overdue');
      const tok = await token(ctx, 'agent@demo.com');
      const list = (await apiGet(ctx, tok, '/api/v1/tickets')).body.items;
      const ticket = list.find((x) => x.status === 'NEW');
      assert.ok(ticket, 'no NEW ticket in the seed');
      const card = page.locator(`.ticket-card[data-ticket-id="${ticket.id}"]`);
      await card.dragTo(page.locator('.column[data-status="IN_PROGRESS"]'));
      await page.waitForSelector(`.column[data-status="IN_PROGRESS"] .ticket-card[data-ticket-id="${ticket.id}"]`);
      for (let i = 0; i < 20; i++) {
        if ((await apiGet(ctx, tok, `/api/v1/tickets/${ticket.id}`)).body.status === 'IN_PROGRESS') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal((await apiGet(ctx, tok, `/api/v1/tickets/${ticket.id}`)).body.status, 'IN_PROGRESS');
      // IN_PROGRESS → CLOSED is refused by the server: the card goes back and the error shows.
      await page.locator(`.ticket-card[data-ticket-id="${ticket.id}"]`).dragTo(page.locator('.column[data-status="CLOSED"]'));
      await page.waitForFunction(() => document.querySelector('.tickets .form-error').textContent.length > 0, null, { timeout: 5000 });
      await page.waitForSelector(`.column[data-status="IN_PROGRESS"] .ticket-card[data-ticket-id="${ticket.id}"]`);
      assert.equal((await apiGet(ctx, tok, `/api/v1/tickets/${ticket.id}`)).body.status, 'IN_PROGRESS');
      // The table view and the ticket's history.
      await page.click('button[data-view="table"]');
      await page.waitForSelector('table.grid');
      await page.click(`table.grid tr:has-text("${ticket.subject.slice(0, 20)}")`);
      await page.waitForSelector('.ticket-detail .events li');
    },
  },
  {
    name: 'websocket-resume',
    async run(page, ctx) {
      await login(page, ctx, 'agent@demo.com');
      await page.waitForSelector('.timeline .msg');
      await page.waitForFunction(() => window.centralita.liveState === 'open');
      const selected = await page.locator('.conv-list li.conv.selected').getAttribute('data-id');
      const tok = await token(ctx, 'agent@demo.com');
      const c = (await apiGet(ctx, tok, `/api/v1/conversations/${selected}`)).body.customer;
      // A first frame gives the page a seq to resume from.
      const warm = `warm-${Date.now()}`;
      await webhook(ctx, c.phone, c.name, warm);
      await page.waitForFunction((t) => document.querySelector('.timeline').textContent.includes(t), warm, { timeout: 5000 });
      // The socket drops and stays away while two messages arrive for the open conversation.
      await page.evaluate(() => window.centralita.live.drop(2500));
      await page.waitForFunction(() => window.centralita.liveState !== 'open');
      const seqBefore = await page.evaluate(() => window.centralita.live.lastSeq);
      const tag = `resume-${Date.now()}`;
      await webhook(ctx, c.phone, c.name, `${tag} uno`);
      await webhook(ctx, c.phone, c.name, `${tag} dos`);
      await page.waitForSelector('.live-dot.closed, .live-dot.connecting');
      // After the reconnect, resume replays both, in order, into the open thread.
      await page.waitForFunction(() => window.centralita.liveState === 'open', null, { timeout: 10000 });
      await page.waitForFunction((t) => document.querySelector('.timeline').textContent.includes(`${t} dos`), tag, { timeout: 5000 });
      const text = await page.locator('.timeline').innerText();
      assert.ok(text.indexOf(`${tag} uno`) >= 0 && text.indexOf(`${tag} uno`) < text.indexOf(`${tag} dos`));
      const got = await page.evaluate((s) => window.centralita.live.received.filter((f) => f.seq > s), seqBefore);
      assert.ok(got.filter((f) => f.type === 'message.created').length >= 2, 'the missed frames were not replayed');
    },
  },
  {
    name: 'other-tenant-isolation',
    async run(page, ctx) {
      await login(page, ctx, 'admin@admin.com');
      await page.waitForSelector('.conv-list li.conv');
      await page.waitForTimeout(300);
      let text = await page.innerText('body');
      assert.ok(text.includes(adminName), 'the admin tenant sees its own conversation');
      for (const n of demoNames) assert.ok(!text.includes(n), `demo's ${n} leaks to the admin tenant`);
      assert.ok(!text.includes('Live Test'), 'demo live conversations leak');
      await page.goto(`${ctx.base}/tickets`);
      await page.waitForSelector('.kanban');
      const cards = await page.locator('.ticket-card').count();
      assert.equal(cards, 1, 'the admin tenant has exactly its one ticket');
      text = await page.innerText('body');
      assert.ok(!/licuadora/i.test(text));
    },
  },
  {
    // ASSISTED mode: a customer's question gets a drafted reply; the agent approves it in the
    // thread and it goes out through the outbox to Builderbot, its tick turning to "sent".
    name: 'approve-suggestion',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      let r = await apiGet(ctx, tok, '/api/v1/suggestions?status=pending');
      if (r.status === 404 || r.status === 501) return { skip: 'GET /api/v1/suggestions is not served yet' };
      const name = `Sugerencia E2E ${Date.now()}`;
      const phone = newPhone();
      await webhook(ctx, phone, name, '¿Cuál es el horario de atención?');
      const s = await waitFor(async () => {
        const items = (await apiGet(ctx, tok, '/api/v1/suggestions?status=pending&limit=50')).body.items || [];
        return items.find((x) => x.customer_name === name);
      }, 10000);
      assert.ok(s, 'no pending suggestion was produced within 10 s');
      const before = ctx.bot.requests.length;
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/inbox/${s.conversation_id}`);
      const card = `.suggestion[data-suggestion-id="${s.id}"]`;
      await page.waitForSelector(card, { timeout: 8000 });
      assert.match(await page.locator(card).innerText(), /\d+%/);
      await shot(page, 'suggestion-pending');
      await page.click(`${card} button.approve`);
      await page.waitForSelector(card, { state: 'detached', timeout: 5000 });
      const sent = await waitFor(() => ctx.bot.requests.slice(before).find((q) => q.body.includes(phone)), 10000);
      assert.ok(sent, 'the approved reply did not reach Builderbot');
      assert.equal(sent.method, 'POST');
      assert.equal(sent.url, '/api/v2/e2e-bot/messages');
      const wire = JSON.parse(sent.body);
      assert.equal(wire.messages.content, s.text);
      // The reply shows in the thread and its tick follows the outbox: queued → sent.
      await page.waitForFunction((t) => document.querySelector('.timeline').textContent.includes(t), s.text.slice(0, 40), { timeout: 5000 });
      await page.waitForSelector('.timeline .msg.out .tick[data-status="sent"]', { timeout: 8000 });
      const after = (await apiGet(ctx, tok, `/api/v1/suggestions/${s.id}`)).body;
      assert.equal(after.status, 'approved');
    },
  },
  {
    // A webhook message into the open thread: the message, then the AI's decision at it
    // (category, confidence in %, action, reason) and its pending suggestion, all without a reload.
    name: 'live-decision-and-suggestion',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      const name = `Decisión E2E ${Date.now()}`;
      const phone = newPhone();
      await login(page, ctx, 'agent@demo.com');
      await page.waitForSelector('.conv-list li.conv');
      await page.waitForFunction(() => window.centralita.liveState === 'open');
      const shown = watchFor(page, '.conv-list', name);
      await webhook(ctx, phone, name, 'Hola, buenas tardes');
      assert.ok(await shown > 0, 'the new conversation did not appear');
      await page.click(`.conv-list li.conv:has-text("${name}")`);
      await page.waitForSelector('.timeline .msg');
      const cid = Number(await page.locator('.conv-list li.conv.selected').getAttribute('data-id'));
      // Whatever the greeting produced has settled before the question is sent.
      await page.waitForTimeout(1500);
      const decisionsBefore = await page.locator('.timeline .tl.decision').count();
      const suggestionsBefore = await page.locator('.suggestion').evaluateAll((els) => els.map((e) => e.dataset.suggestionId));
      const question = `¿Cuál es el horario de atención? ${Date.now()}`;
      const seenMsg = watchFor(page, '.timeline', question);
      const acked = await webhook(ctx, phone, name, question);
      assert.ok(await seenMsg > 0, 'the message did not show in the open thread');
      await page.waitForFunction((n) => document.querySelectorAll('.timeline .tl.decision').length > n, decisionsBefore, { timeout: 8000 });
      const decisionAt = Date.now();
      await page.waitForFunction((old) => [...document.querySelectorAll('.suggestion')].some((e) => !old.includes(e.dataset.suggestionId)),
        suggestionsBefore, { timeout: 8000 });
      const suggestionAt = Date.now();
      // What the page drew is what the server decided.
      const d = (await apiGet(ctx, tok, `/api/v1/conversations/${cid}`)).body;
      const m = d.messages.find((x) => x.text === question);
      const dec = d.decisions.find((x) => x.message_id === m.id);
      assert.ok(dec, 'the server has no decision for the message');
      const view = page.locator(`.tl.decision[data-decision-id="${dec.id}"]`);
      const text = await view.innerText();
      assert.ok(text.includes(dec.category), `the decision shows no category: ${text}`);
      assert.ok(text.includes(`${Math.round(dec.confidence * 100)}%`), `the decision shows no confidence in %: ${text}`);
      assert.ok(text.includes(dec.reason.slice(0, 20)), 'the decision shows no reason');
      // It sits right after its message.
      assert.ok(await page.evaluate(([mid, did]) => {
        let e = document.querySelector(`.msg[data-message-id="${mid}"]`).nextElementSibling;
        while (e && e.matches('.tl.decision')) { if (e.dataset.decisionId === String(did)) return true; e = e.nextElementSibling; }
        return false;
      }, [m.id, dec.id]), 'the decision is not at its message');
      const sug = (await apiGet(ctx, tok, `/api/v1/suggestions?status=pending&conversation_id=${cid}`)).body.items;
      assert.ok(sug.length >= 1);
      await page.waitForSelector(`.suggestion[data-suggestion-id="${sug[0].id}"]`);
      await shot(page, 'inbox-decision-suggestion');
      console.log(`e2e: figure: webhook acknowledged → AI decision on screen ${decisionAt - acked} ms, → suggestion on screen ${suggestionAt - acked} ms (upper bounds: polled)`);
      // Rejecting with a reason removes it, here and on the server.
      const card = `.suggestion[data-suggestion-id="${sug[0].id}"]`;
      await page.click(`${card} button.reject`);
      await page.fill(`${card} input.reject-reason`, 'Respuesta incompleta');
      await page.click(`${card} button.reject`);
      await page.waitForSelector(card, { state: 'detached', timeout: 5000 });
      const rej = (await apiGet(ctx, tok, `/api/v1/suggestions/${sug[0].id}`)).body;
      assert.equal(rej.status, 'rejected');
      assert.equal(rej.reject_reason, 'Respuesta incompleta');
    },
  },
  {
    // A reply Builderbot refuses: the tick turns to failed live, the outbox page lists it, and
    // the retry link in the thread sends it again once Builderbot accepts.
    name: 'failed-send-and-retry',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      await login(page, ctx, 'agent@demo.com');
      await page.waitForSelector('.timeline .msg');
      await page.waitForFunction(() => window.centralita.liveState === 'open');
      ctx.bot.status = 400;
      try {
        const text = `Respuesta que falla ${Date.now()}`;
        await page.click('.reply-text');
        await page.keyboard.type(text);
        await page.keyboard.press('Control+Enter');
        const msg = page.locator('.timeline .msg.out', { hasText: text });
        await msg.waitFor({ timeout: 5000 });
        await msg.locator('.tick[data-status="failed"], .tick[data-status="dead"]').waitFor({ timeout: 10000 });
        const failed = (await apiGet(ctx, tok, '/api/v1/outbox?status=failed')).body.items;
        assert.ok(failed.some((o) => o.text === text), 'the outbox has no failed row for the reply');
        ctx.bot.status = 200;
        await msg.locator('button.retry').click();
        await msg.locator('.tick[data-status="sent"]').waitFor({ timeout: 10000 });
        // The outbox page: the failed filter no longer lists it; all sends do, as sent.
        await page.click('a[data-path="/outbox"]');
        await page.waitForSelector('.outbox table.grid, .outbox .state');
        assert.ok(!(await page.locator('.outbox').innerText()).includes(text));
        await page.selectOption('.outbox select.status-filter', 'sent');
        await page.waitForSelector(`.outbox table.grid tr:has-text("${text.slice(0, 30)}")`, { timeout: 5000 });
      } finally {
        ctx.bot.status = 200;
      }
    },
  },
  {
    // The availability switch, the event log's replay (admins only), the audit log's diff.
    name: 'availability-logs-replay',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      await login(page, ctx, 'agent@demo.com');
      await page.waitForSelector('.availability input');
      const was = (await apiGet(ctx, tok, '/api/v1/me')).body.online;
      assert.equal(await page.locator('.availability input').isChecked(), was);
      await page.click('.availability input');
      await waitFor(async () => (await apiGet(ctx, tok, '/api/v1/me')).body.online === !was, 5000);
      assert.equal((await apiGet(ctx, tok, '/api/v1/me')).body.online, !was);
      await page.click('.availability input');
      await waitFor(async () => (await apiGet(ctx, tok, '/api/v1/me')).body.online === was, 5000);
      // A failed event of the demo tenant (marked so here: nothing in the flow fails on purpose).
      const ev = ctx.sql(`UPDATE event_log SET status = 'failed', last_error = 'e2e: marked failed'
        WHERE event_id = (SELECT event_id FROM event_log e JOIN tenants t ON t.id = e.tenant_id
                          WHERE t.slug = 'demo' AND e.status = 'processed' ORDER BY seq DESC LIMIT 1)
        RETURNING event_id`);
      assert.ok(ev, 'no processed event to mark');
      await page.goto(`${ctx.base}/events`);
      await page.selectOption('.records select.status-filter', 'failed');
      const row = page.locator('table.grid tr', { hasText: 'e2e: marked failed' });
      await row.waitFor({ timeout: 5000 });
      assert.ok(await row.locator('button.replay').isDisabled(), 'an agent may not replay');
      // An admin replays it.
      await page.evaluate(() => sessionStorage.clear());
      await login(page, ctx, 'supervisor@demo.com');
      await page.goto(`${ctx.base}/events`);
      await page.selectOption('.records select.status-filter', 'failed');
      const row2 = page.locator('table.grid tr', { hasText: 'e2e: marked failed' });
      await row2.waitFor({ timeout: 5000 });
      await row2.locator('button.replay').click();
      const stok = await token(ctx, 'supervisor@demo.com');
      assert.ok(await waitFor(async () => (await apiGet(ctx, stok, `/api/v1/events/${ev}`)).body.status !== 'failed', 8000),
        'the replayed event is still failed');
      // The audit log shows what changed, before → after.
      await page.goto(`${ctx.base}/audit`);
      await page.waitForSelector('.audit table.grid .diff ins', { timeout: 5000 });
    },
  },
  {
    name: 'knowledge-search',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      const r = await apiGet(ctx, tok, '/api/v1/knowledge/search?q=envio&k=3');
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/knowledge`);
      if (r.status === 404 || r.status === 501) {
        // The page stays calm without the route.
        await page.waitForSelector('[data-state="not-available"], .article-list li');
        return { skip: 'GET /api/v1/knowledge/search is not served yet' };
      }
      await page.fill('input[type=search]', 'envío');
      await page.waitForSelector('.kb-hits li', { timeout: 8000 });
      assert.match(await page.locator('.kb-hits').innerText(), /\d\.\d{3}/);
    },
  },
  {
    name: 'pages-stay-calm',
    async run(page, ctx) {
      await login(page, ctx, 'supervisor@demo.com');
      for (const p of ['/home', '/shipments', '/calls', '/invoices', '/quotes', '/events', '/outbox', '/audit', '/settings', '/knowledge']) {
        await page.goto(`${ctx.base}${p}`);
        await page.waitForFunction(() => !document.querySelector('.content [role=status].state'), null, { timeout: 8000 });
        const err = await page.locator('.content .state.error').count();
        assert.equal(err, 0, `${p} shows an error: ${err && await page.locator('.content .state.error').first().innerText()}`);
      }
      // A tablet: the inbox still fits, without sideways scrolling.
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.goto(`${ctx.base}/inbox`);
      await page.waitForSelector('.conv-list li.conv');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the inbox is ${overflow}px too wide at 1024×768`);
      // English is one click away.
      await page.selectOption('.topbar select', 'en');
      await page.waitForFunction(() => document.querySelector('.page-title').textContent === 'Inbox');
    },
  },
  {
    // The knowledge, shipments, calls, invoices and quotes pages against stand-in answers in the
    // API's shapes (their real routes are covered by knowledge-search, shipment-checkpoints and
    // tests/server): they must draw them without a page error. The rest is the real server: the
    // customer panel's invoices and shipments come with the conversation, the home page from
    // /api/v1/stats.
    name: 'pages-with-stand-in-routes',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      const listed = (await apiGet(ctx, tok, '/api/v1/conversations?limit=200')).body.items;
      let conv = null;
      for (const c of listed.filter((x) => demoNames.includes(x.customer.name))) {
        const d = (await apiGet(ctx, tok, `/api/v1/conversations/${c.id}`)).body;
        if (d.invoices.length) { conv = d; break; }
      }
      assert.ok(conv, 'no seeded conversation with invoices');
      const answers = {
        '/api/v1/knowledge/articles': { items: [{ id: 1, title: 'Envíos', body: '# Envíos\n\n- **DHL** 2 días', updated_at: new Date().toISOString() }] },
        '/api/v1/knowledge/articles/1': { id: 1, title: 'Envíos', body: '# Envíos\n\n- **DHL** 2 días\n\n`CS1001`' },
        '/api/v1/knowledge/search': { results: [{ article_id: 1, title: 'Envíos', chunk: 'DHL entrega en 2 días', score: 0.8731 }] },
        '/api/v1/shipments': { items: [{ id: 1, tracking_number: 'CS1001', carrier: 'DHL', status: 'InTransit', customer_id: conv.customer.id }] },
        '/api/v1/invoices': { items: [{ id: 1, number: 'FAC-1003', total: 1299.5, currency: 'MXN', status: 'overdue', customer_id: conv.customer.id }] },
        '/api/v1/calls': { items: [{ id: 1, started_at: new Date().toISOString(), status: 'done', duration_s: 95,
          summary: 'Pregunta por su pedido', transcript: [{ role: 'user', message: 'Hola' }, { role: 'agent', message: 'Buen día' }] }] },
        '/api/v1/quotes': { items: [{ id: 1, number: 'COT-7', total: 450, currency: 'MXN', status: 'sent', created_at: new Date().toISOString() }] },
      };
      await page.route(/\/api\/v1\/(knowledge|shipments|invoices|calls|quotes)/, (route) => {
        const path = new URL(route.request().url()).pathname;
        const body = answers[path];
        if (!body || route.request().method() !== 'GET') return route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
      });
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/inbox/${conv.id}`);
      await page.waitForSelector('.cust-invoices li');
      const panel = await page.locator('.customer-pane').innerText();
      assert.ok(panel.includes(conv.invoices[0].number), 'the invoice of the conversation is not shown');
      await page.goto(`${ctx.base}/home`);
      await page.waitForFunction(() => [...document.querySelectorAll('svg.chart rect.bar')].some((r) => Number(r.getAttribute('height')) > 0));
      await page.waitForSelector('.totals [data-figure="sla_breaches"] .figure-value');
      const stats = (await apiGet(ctx, tok, '/api/v1/stats?hours=24')).body;
      assert.equal(await page.locator('.totals [data-figure="open_conversations"] .figure-value').innerText(),
        String(stats.totals.open_conversations));
      await shot(page, 'home-charts');
      await page.goto(`${ctx.base}/knowledge`);
      await page.click('.article-list button');
      await page.waitForSelector('.md-preview li strong');
      await page.fill('input[type=search]', 'envío');
      await page.waitForSelector('.kb-hits li .passage');
      await shot(page, 'knowledge');
      for (const p of ['/shipments', '/calls', '/invoices', '/quotes', '/events']) {
        await page.goto(`${ctx.base}${p}`);
        await page.waitForSelector('table.grid tbody tr');
      }
    },
  },
  {
    // A shipment on the conversation page opens to its checkpoints, newest first.
    name: 'shipment-checkpoints',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      const listed = (await apiGet(ctx, tok, '/api/v1/conversations?limit=200')).body.items;
      const conv = listed.find((c) => c.customer.name === demoNames[0]);
      assert.ok(conv, `${demoNames[0]} is not listed`);
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/inbox/${conv.id}`);
      await page.click('.cust-shipments .ship-timeline summary');
      await page.waitForSelector('.ship-timeline ol li .badge');
      const items = await page.locator('.ship-timeline ol li').allInnerTexts();
      assert.ok(items.length >= 3, `only ${items.length} checkpoints shown`);
      assert.ok(items[0].includes('Querétaro'), `the newest checkpoint is not first: ${items[0]}`);
    },
  },
  {
    // The picture of the README (docs/inbox.png is copied from it): a seeded customer asks
    // about her order; the thread shows the AI's decision and its drafted reply.
    name: 'inbox-picture',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      const listed = (await apiGet(ctx, tok, '/api/v1/conversations?limit=200')).body.items;
      const conv = listed.find((c) => c.customer.name === demoNames[0]);
      assert.ok(conv, `${demoNames[0]} is not listed`);
      if (!conv.bot_active || conv.status !== 'open') {
        await fetch(`${ctx.base}/api/v1/conversations/${conv.id}`, { method: 'PATCH',
          headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ bot_active: true, status: 'open' }) });
      }
      await fetch(`${ctx.base}/api/v1/me`, { method: 'PATCH',
        headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ online: true }) });
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/inbox/${conv.id}`);
      await page.waitForSelector('.timeline .msg');
      await page.waitForFunction(() => window.centralita.liveState === 'open');
      const n = await page.locator('.timeline .tl.decision').count();
      await webhook(ctx, conv.customer.phone, conv.customer.name, '¿Ya salió a reparto mi pedido 1002? La guía es CS1002');
      await page.waitForFunction((k) => document.querySelectorAll('.timeline .tl.decision').length > k, n, { timeout: 8000 });
      await page.waitForSelector('.suggestion', { timeout: 8000 });
      await page.waitForTimeout(300);
      await shot(page, 'docs-inbox');
    },
  },
  {
    // A QUOTE message drafts a quote; the agent prices it in the customer pane and sends it,
    // and the summary reaches the stand-in Builderbot. The call button starts a (demo) call.
    name: 'quote-draft-edit-send-and-call',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      const name = `Cotiza E2E ${Date.now()}`;
      const phone = newPhone();
      await webhook(ctx, phone, name, 'Hola, me cotizan 2 sillas gamer por favor?');
      const detail = await waitFor(async () => {
        const items = (await apiGet(ctx, tok, `/api/v1/conversations?q=${encodeURIComponent(name)}`)).body.items || [];
        if (!items.length) return undefined;
        const d = (await apiGet(ctx, tok, `/api/v1/conversations/${items[0].id}`)).body;
        return d && d.quotes && d.quotes.length ? d : undefined;
      }, 10000);
      assert.ok(detail, 'no quote was drafted within 10 s');
      const before = ctx.bot.requests.length;
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/inbox/${detail.id}`);
      const form = `.quote-edit[data-id="${detail.quotes[0].id}"]`;
      await page.waitForSelector(form, { timeout: 8000 });
      assert.equal(await page.inputValue(`${form} .quote-line input:not([type])`), 'sillas gamer');
      await page.fill(`${form} .quote-line input.price`, '1500');
      await shot(page, 'quote-draft');
      await page.click(`${form} button.send-quote`);
      const sent = await waitFor(() => ctx.bot.requests.slice(before).find((q) => q.body.includes(phone)), 10000);
      assert.ok(sent, 'the quote did not reach Builderbot');
      assert.match(JSON.parse(sent.body).messages.content, /2 × sillas gamer: \$3,000\.00/);
      await page.waitForSelector(form, { state: 'detached', timeout: 5000 });
      await page.click('button.call-customer');
      await page.waitForFunction(() => [...document.querySelectorAll('.toast')].some((e) => /Llamada iniciada/.test(e.textContent)), null, { timeout: 5000 });
    },
  },
  {
    // An admin adds a Builderbot line on the "Canales" page; its webhook URL is accepted at once,
    // and the page never shows the key typed into it (only its last 4 characters).
    name: 'channels-add-builderbot-account',
    async run(page, ctx) {
      const key = `bb_e2e_${Date.now().toString(36)}`;
      const secret = 'e2e-line-secret-key-4321';
      await login(page, ctx, 'supervisor@demo.com');
      await page.goto(`${ctx.base}/channels`);
      await page.waitForSelector('form.channel-new', { timeout: 8000 });
      await page.selectOption('#channel-provider', 'builderbot');
      await page.fill('form.channel-new input[name=name]', 'Línea E2E');
      await page.fill('form.channel-new input[name=account_key]', key);
      await page.fill('form.channel-new input[name=bot_id]', 'e2e-bot-2');
      await page.fill('form.channel-new input[name=api_key]', secret);
      await page.click('form.channel-new button[type=submit]');
      const card = `section.channel[data-key="${key}"]`;
      await page.waitForSelector(card, { timeout: 8000 });
      const text = await page.textContent(card);
      assert.ok(!text.includes(secret), 'the page shows the secret');
      assert.ok(text.includes('4321'), 'the page does not show the last 4 characters');
      const url = await page.textContent(`${card} .webhook-url`);
      assert.ok(url.includes(`/webhooks/builderbot/whatsapp?key=${key}`), `webhook URL ${url}`);
      await shot(page, 'channels');
      const path = url.slice(url.indexOf('/webhooks/'));
      const r = await fetch(`http://127.0.0.1:${ctx.gw}${path}`, { method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ eventName: 'message.incoming', data: { body: 'hola línea e2e', name: 'E2E', from: newPhone(), attachment: [], projectId: 'e2e' } }) });
      assert.equal(r.status, 200, `the new account's webhook answered ${r.status}`);
      // The agent has no access to the page's data.
      const agent = await token(ctx, 'agent@demo.com');
      assert.equal((await apiGet(ctx, agent, '/api/v1/channel-accounts')).status, 403);
      },
    },
    {
    name: 'team-invite-deactivate',
    async run(page, ctx) {
      // The admin invites an agent from the "Equipo" page and gets the one-time link.
      await login(page, ctx, 'supervisor@demo.com');
      await page.click('a[data-path="/team"]');
      await page.waitForSelector('.invite-form');
      const email = `e2e.${Date.now()}@demo.com`;
      await page.fill('#invite-name', 'Agente E2E');
      await page.fill('#invite-email', email);
      await page.selectOption('#invite-role', 'agent');
      await page.click('.invite-form button[type=submit]');
      await page.waitForSelector('input.link-once', { timeout: 8000 });
      const link = await page.inputValue('input.link-once');
      assert.match(link, /\/set-password\?token=[0-9a-f]{64}$/);
      await page.waitForSelector(`button.deactivate[data-email="${email}"]`, { timeout: 8000 });
      await shot(page, 'team-invited');

      // The agent, in another window, sets a password by the link and signs in.
      const agent = await page.context().browser().newPage({ viewport: { width: 1280, height: 800 } });
      try {
        await agent.goto(link.replace(/^https?:\/\/[^/]+/, ctx.base), { waitUntil: 'domcontentloaded' });
        await agent.fill('#new-password', 'Un4-clave-larga!');
        await agent.fill('#repeat-password', 'Un4-clave-larga!');
        await agent.click('form.set-password button[type=submit]');
        await agent.waitForSelector('form.login-card:not(.set-password) input[type=email]', { timeout: 8000 });
        await agent.fill('input[type=email]', email);
        await agent.fill('input[type=password]', 'Un4-clave-larga!');
        await agent.keyboard.press('Enter');
        await agent.waitForSelector('nav.sidebar', { timeout: 8000 });
        await agent.waitForFunction(() => window.centralita.liveState === 'open', null, { timeout: 8000 });

        // The admin deactivates them: their open dashboard goes back to sign-in at once.
        await page.click(`button.deactivate[data-email="${email}"]`);
        await page.waitForSelector(`button.reactivate[data-email="${email}"]`, { timeout: 8000 });
        const out = await waitFor(() => agent.evaluate(() =>
          !document.querySelector('nav.sidebar') && !!document.querySelector('input[type=password]')), 5000);
        assert.ok(out, 'the deactivated agent was not signed out within 5 s');
        await shot(agent, 'team-signed-out');
        // And cannot sign in again.
        await agent.fill('input[type=email]', email);
        await agent.fill('input[type=password]', 'Un4-clave-larga!');
        await agent.keyboard.press('Enter');
        await agent.waitForSelector('.form-error:not(:empty)', { timeout: 8000 });
        assert.equal(await agent.$('nav.sidebar'), null);
      } finally {
        await agent.close();
      }
    },
  },
];
module.exports.figures = figures;
