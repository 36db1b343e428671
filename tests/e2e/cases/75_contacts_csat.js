// Browser cases of run.js: the contacts page (edit, merge) and the satisfaction rating.
'use strict';
const {
  assert, newPhone, login, token, apiGet, webhook, waitFor, shot,
} = require('../helpers.js');

// The customer with this phone, once the webhook's message is stored.
async function customerByPhone(ctx, tok, phone) {
  return waitFor(async () => {
    const items = (await apiGet(ctx, tok, `/api/v1/customers?q=${phone}`)).body.items || [];
    return items.find((c) => c.phone === phone);
  }, 10000);
}

module.exports = [
  {
    // An agent finds a contact on "Contactos", edits its name, notes and an attribute, then
    // merges a duplicate into it: the duplicate's conversation moves and it leaves the list.
    name: 'contacts-edit-and-merge',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      const stamp = Date.now().toString(36);
      const [phoneA, phoneB] = [newPhone(), newPhone()];
      await webhook(ctx, phoneA, `Contacto ${stamp}`, 'Hola, soy el contacto principal');
      await webhook(ctx, phoneB, `Duplicado ${stamp}`, 'Hola, escribo desde otro número');
      const a = await customerByPhone(ctx, tok, phoneA);
      const b = await customerByPhone(ctx, tok, phoneB);
      assert.ok(a && b, 'the two customers were not stored');

      await login(page, ctx, 'agent@demo.com');
      await page.click('a[data-path="/contacts"]');
      await page.fill('#contact-search', stamp);
      await page.waitForSelector(`.contact-list td:has-text("${phoneA}")`, { timeout: 8000 });
      await page.click(`.contact-list td:has-text("${phoneA}")`);
      await page.waitForSelector(`section.contact-card[data-contact="${a.id}"]`, { timeout: 8000 });
      await page.fill('#contact-name', `Contacto Editado ${stamp}`);
      await page.fill('#contact-notes', 'Prefiere que le escriban por la tarde');
      await page.click('button.add-attr');
      await page.fill('.attr-row:last-child .attr-key', 'plan');
      await page.fill('.attr-row:last-child .attr-value', 'oro');
      await page.click('button.save-contact');
      const edited = await waitFor(async () => {
        const c = (await apiGet(ctx, tok, `/api/v1/customers/${a.id}`)).body.customer;
        return c.name === `Contacto Editado ${stamp}` && c.attributes.plan === 'oro' ? c : undefined;
      }, 8000);
      assert.ok(edited, 'the edit did not reach the server');

      // The page shows the contact again as saved before the merge starts.
      await page.waitForSelector(`section.contact-card h2:has-text("Contacto Editado ${stamp}")`, { timeout: 8000 });
      page.once('dialog', (d) => d.accept());
      await page.fill('.merge-search', phoneB);
      await page.waitForSelector('.merge-list button.merge-pick', { timeout: 8000 });
      await shot(page, 'contacts-merge');
      await page.click('.merge-list button.merge-pick');
      const merged = await waitFor(async () => {
        const d = (await apiGet(ctx, tok, `/api/v1/customers/${b.id}`)).body;
        return d.customer.merged_into_id === a.id ? d : undefined;
      }, 8000);
      assert.ok(merged, 'the merge did not reach the server');
      const kept = (await apiGet(ctx, tok, `/api/v1/customers/${a.id}`)).body;
      assert.equal(kept.conversations.length, 2, 'the duplicate\'s conversation did not move');
      await page.waitForFunction((n) => document.querySelector('.history-conversations h2')?.textContent.includes(`(${n})`),
        2, { timeout: 8000 });
      await page.waitForSelector(`.contact-list td:has-text("${phoneB}")`, { state: 'detached', timeout: 8000 });
      await shot(page, 'contacts');
    },
  },
  {
    // Resolving a conversation asks the customer for a rating through the outbox; their "5"
    // shows as the rating in the thread, live, and on the home page's satisfaction card.
    name: 'csat-rating-after-resolve',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      const phone = newPhone();
      const name = `Califica ${Date.now().toString(36)}`;
      await webhook(ctx, phone, name, 'Hola, ¿ya salió mi pedido?');
      const conv = await waitFor(async () => {
        const items = (await apiGet(ctx, tok, `/api/v1/conversations?q=${encodeURIComponent(name)}`)).body.items || [];
        return items[0];
      }, 10000);
      assert.ok(conv, 'the conversation was not stored');
      const before = ctx.bot.requests.length;
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/inbox/${conv.id}`);
      await page.waitForSelector('.thread-head button:has-text("Resolver")', { timeout: 8000 });
      await page.click('.thread-head button:has-text("Resolver")');
      const asked = await waitFor(() => ctx.bot.requests.slice(before).find((q) => q.body.includes(phone)), 10000);
      assert.ok(asked, 'the rating question did not reach Builderbot');
      assert.match(JSON.parse(asked.body).messages.content, /del 1 \(mala\) al 5/);
      await page.waitForSelector('[data-csat="asked"]', { timeout: 8000 });
      await webhook(ctx, phone, name, '5');
      await page.waitForSelector('[data-csat="5"]', { timeout: 8000 });
      await shot(page, 'csat-rated');
      const d = (await apiGet(ctx, tok, `/api/v1/conversations/${conv.id}`)).body;
      assert.equal(d.csat.rating, 5);
      assert.equal(d.status, 'resolved', 'the rating reopened the conversation');
      await page.click('a[data-path="/home"]');
      await page.waitForSelector('.csat-card [data-figure="csat_average"]', { timeout: 8000 });
    },
  },
  {
    // Two people in the same conversation: each sees the other viewing it, and typing, live.
    name: 'presence-viewing-typing',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      const name = `Presencia ${Date.now().toString(36)}`;
      await webhook(ctx, newPhone(), name, 'Hola, ¿me ayudan?');
      const conv = await waitFor(async () => {
        const items = (await apiGet(ctx, tok, `/api/v1/conversations?q=${encodeURIComponent(name)}`)).body.items || [];
        return items[0];
      }, 10000);
      assert.ok(conv, 'the conversation was not stored');
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/inbox/${conv.id}`);
      await page.waitForSelector('.thread-head', { timeout: 8000 });
      const other = await page.context().browser().newContext();
      try {
        const page2 = await other.newPage();
        await login(page2, ctx, 'supervisor@demo.com');
        await page2.goto(`${ctx.base}/inbox/${conv.id}`);
        await page2.waitForSelector('.thread-head', { timeout: 8000 });
        await page.waitForSelector('.thread-presence .viewing', { timeout: 8000 });
        await page2.waitForSelector('.thread-presence .viewing', { timeout: 8000 });
        await page2.type('.reply-text', 'Hola');
        await page.waitForSelector('.thread-presence .typing', { timeout: 8000 });
        await shot(page, 'presence');
      } finally {
        await other.close();
      }
    },
  },
];
