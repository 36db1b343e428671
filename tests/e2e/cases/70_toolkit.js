// Browser cases of the agent's toolkit: a canned reply through `/`, a private note with a
// mention, a label put on from the thread and used as the inbox filter, a note on a ticket.
'use strict';
const { assert, demoNames, login, token, apiGet, waitFor, shot } = require('../helpers.js');

async function apiSend(ctx, tok, method, path, body) {
  const r = await fetch(`${ctx.base}${path}`, { method,
    headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: await r.json().catch(() => null) };
}

module.exports = [
  {
    name: 'toolkit-canned-note-label',
    async run(page, ctx) {
      const boss = await token(ctx, 'supervisor@demo.com');
      const canned = await apiSend(ctx, boss, 'POST', '/api/v1/canned-responses',
        { shortcut: 'envio', text: 'Hola {{first_name}}, soy {{agent_name}}: tu pedido {{order_number}} ya va en camino.' });
      if (canned.status === 404) return { skip: 'no canned replies route' };
      assert.equal(canned.status, 201);
      assert.equal((await apiSend(ctx, boss, 'POST', '/api/v1/canned-responses', { shortcut: 'gracias', text: '¡Gracias por escribirnos, {{first_name}}!' })).status, 201);
      const label = await apiSend(ctx, boss, 'POST', '/api/v1/labels', { name: 'VIP', color: '#c62828' });
      assert.equal(label.status, 201);
      assert.equal((await apiSend(ctx, boss, 'POST', '/api/v1/labels', { name: 'Reembolso', color: '#1a7f37' })).status, 201);

      await login(page, ctx, 'agent@demo.com');
      const name = demoNames[0];
      await page.click(`.conv-list li.conv:has-text("${name}")`);
      await page.waitForFunction((n) => document.querySelector('.thread-head h2')?.textContent === n, name);
      const cid = Number(await page.locator('.conv-list li.conv.selected').getAttribute('data-id'));

      // `/env` lists the reply; Enter puts it in with its variables filled in; it is sent.
      await page.click('.reply-text');
      await page.keyboard.type('/env');
      await page.waitForSelector('.canned-menu li[data-shortcut="envio"]');
      await page.keyboard.press('Enter');
      const filled = await page.inputValue('.reply-text');
      assert.match(filled, /^Hola María, soy Sofía Ramírez: tu pedido 1002 ya va en camino\.$/);
      await page.keyboard.press('Control+Enter');
      await page.waitForFunction((t) => [...document.querySelectorAll('.timeline .msg.agent')].some((e) => e.textContent.includes(t)), filled);

      // A colleague (Diego) has the same conversation open: the note reaches him live, and so
      // does his mention.
      const other = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
      await login(other, ctx, 'supervisor@demo.com');
      await other.goto(`${ctx.base}/inbox/${cid}`, { waitUntil: 'domcontentloaded' });
      await other.waitForSelector('.timeline .msg');

      // A private note with a mention: its own look on the timeline, never in the outbox.
      await page.click('.compose-modes .mode-note');
      await page.fill('.reply-text', 'Cliente VIP: @Diego revisa el reembolso antes de responder.');
      await page.click('form.reply button[type="submit"]');
      await page.waitForSelector('.timeline .msg.note:has-text("revisa el reembolso")');
      await other.waitForSelector('.timeline .msg.note:has-text("revisa el reembolso")', { timeout: 8000 });
      await other.waitForFunction(() => document.querySelector('.mention-count')?.textContent === '1', null, { timeout: 8000 });
      await other.close();
      const tok = await token(ctx, 'agent@demo.com');
      const detail = (await apiGet(ctx, tok, `/api/v1/conversations/${cid}`)).body;
      assert.ok(detail.messages.some((m) => m.private && m.text.includes('revisa el reembolso')));
      const outbox = (await apiGet(ctx, boss, '/api/v1/outbox?status=sent')).body;
      assert.ok(!JSON.stringify(outbox).includes('revisa el reembolso'), 'a note reached the outbox');
      const mentions = (await apiGet(ctx, boss, '/api/v1/notifications')).body;
      assert.ok(mentions.items.some((n) => n.conversation_id === cid), 'Diego was not notified');
      await page.click('.compose-modes .mode-reply');

      // A label from the thread, shown on the row, then the inbox filtered by it.
      await page.selectOption('.thread-head .label-add', String(label.body.id));
      await page.waitForSelector('.thread-head .label-chip:has-text("VIP")');
      await page.waitForSelector(`.conv-list li.conv[data-id="${cid}"] .label-chip:has-text("VIP")`);
      await page.selectOption('.label-filter', String(label.body.id));
      await waitFor(() => page.evaluate(() => document.querySelectorAll('.conv-list li.conv').length === 1), 5000);
      const rows = await page.locator('.conv-list li.conv').evaluateAll((els) => els.map((e) => Number(e.dataset.id)));
      assert.deepEqual(rows, [cid]);

      // A second label; then the picture for the README: the note, the labels, and the next
      // canned reply picked from the menu with Tab, waiting in the reply box.
      const refund = (await apiGet(ctx, tok, '/api/v1/labels')).body.items.find((l) => l.name === 'Reembolso');
      await page.selectOption('.thread-head .label-add', String(refund.id));
      await page.waitForSelector('.thread-head .label-chip:has-text("Reembolso")');
      await page.click('.reply-text');
      await page.keyboard.type('/gr');
      await page.waitForSelector('.canned-menu li[data-shortcut="gracias"]');
      await page.keyboard.press('Tab');
      assert.equal(await page.inputValue('.reply-text'), '¡Gracias por escribirnos, María!');
      assert.ok(await page.locator('.canned-menu').isHidden());
      await shot(page, 'toolkit');
      await page.selectOption('.label-filter', '');
    },
  },
  {
    name: 'toolkit-settings-canned-export',
    async run(page, ctx) {
      await login(page, ctx, 'supervisor@demo.com');
      await page.goto(`${ctx.base}/settings`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.canned-settings');
      // An unknown variable is refused with the server's message; a good reply is listed.
      await page.fill('.canned-settings .canned-shortcut', 'saludo');
      await page.fill('.canned-settings .canned-text', 'Hola {{nombre}}');
      await page.click('.canned-settings button[type="submit"]');
      await page.waitForSelector('.toast:has-text("nombre")');
      await page.fill('.canned-settings .canned-text', 'Hola {{first_name}}, ¿en qué te ayudo?');
      await page.click('.canned-settings button[type="submit"]');
      await page.waitForSelector('.canned-admin li[data-shortcut="saludo"]');
      // The export streams: the page counts the kilobytes received, then saves the file.
      await page.selectOption('.export-settings select', 'messages');
      await page.fill('.export-settings input[type="date"] >> nth=0', '2020-01-01');
      const download = page.waitForEvent('download', { timeout: 20000 });
      await page.click('.export-settings button.primary');
      const file = await download;
      await page.waitForSelector('.export-progress:has-text("KB")');
      assert.match(file.suggestedFilename(), /^messages-2020-01-01-\d{4}-\d{2}-\d{2}\.csv$/);
      // Ten years is refused with a clear message.
      await page.fill('.export-settings input[type="date"] >> nth=0', '2010-01-01');
      await page.fill('.export-settings input[type="date"] >> nth=1', '2020-01-01');
      await page.click('.export-settings button.primary');
      await page.waitForSelector('.export-progress:has-text("3650")');
    },
  },
  {
    name: 'toolkit-ticket-note',
    async run(page, ctx) {
      // A note on a ticket: written in the ticket's page, kept on reload, and a colleague's note
      // arrives live.
      const boss = await token(ctx, 'supervisor@demo.com');
      const made = await apiSend(ctx, boss, 'POST', '/api/v1/tickets', { subject: 'Revisar devolución' });
      assert.equal(made.status, 201);
      const id = made.body.id;
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/tickets/${id}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.ticket-notes');
      await page.fill('.ticket-note-form textarea', 'Cliente pide reembolso, @supervisor revisa por favor');
      await page.click('.ticket-note-form button[type="submit"]');
      await page.waitForSelector('.ticket-notes .msg.note:has-text("reembolso")');
      assert.ok(await page.locator('.ticket-notes .msg.note .mention').count() === 1);
      const other = await apiSend(ctx, boss, 'POST', `/api/v1/tickets/${id}/notes`, { text: 'Aprobado, procede' });
      assert.equal(other.status, 201);
      await page.waitForSelector('.ticket-notes .msg.note:has-text("Aprobado")');
      await page.reload({ waitUntil: 'domcontentloaded' });
      await waitFor(async () => (await page.locator('.ticket-notes .msg.note').count()) === 2);
      await shot(page, 'ticket-note');
    },
  },
];
