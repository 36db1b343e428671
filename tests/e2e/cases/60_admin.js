// Browser cases of run.js (files run in name order; cases in the order listed).
'use strict';
const { assert, newPhone, login, token, apiGet, webhook, waitFor, shot, newCustomerWrites } = require('../helpers.js');

module.exports = [
  {
    // A QUOTE message drafts a quote; the agent prices it in the customer pane and sends it,
    // and the summary reaches the stand-in Builderbot. The call button starts a (demo) call.
    name: 'quote-draft-edit-send-and-call',
    async run(page, ctx) {
      const { tok, name, phone } = await newCustomerWrites(ctx, 'Cotiza E2E', 'Hola, me cotizan 2 sillas gamer por favor?');
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
