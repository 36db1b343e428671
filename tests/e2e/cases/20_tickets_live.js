// Browser cases of run.js (files run in name order; cases in the order listed).
'use strict';
const { assert, demoNames, adminName, login, token, apiGet, webhook } = require('../helpers.js');

module.exports = [
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
];
