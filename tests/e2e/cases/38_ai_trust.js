// Browser cases of run.js: suggestions an agent can trust (a translated reason with its inputs
// one click away, a grounded draft after a hand-off, a superseded draft that asks first).
'use strict';
const { assert, login, apiGet, webhook, waitFor, pendingDraftFor, shot, newCustomerWrites } = require('../helpers.js');

module.exports = [
  {
    // A conversation handed to people: the customer's two-part question gets a draft that quotes
    // the knowledge base with its citation, and the decision's reason reads in Spanish (then in
    // English), with the threshold and the passages' scores behind one click.
    name: 'ai-trust-grounded-draft-translated-reason',
    async run(page, ctx) {
      const { tok, name, phone } = await newCustomerWrites(ctx, 'Ana Confianza', 'quiero hablar con un agente humano por favor');
      // The hand-off drafts too: its suggestion names the conversation.
      const handoff = await pendingDraftFor(ctx, tok, name);
      assert.ok(handoff, 'no hand-off draft within 10 s');
      const conv = await waitFor(async () => {
        const c = (await apiGet(ctx, tok, `/api/v1/conversations/${handoff.conversation_id}`)).body;
        return c && c.bot_active === false ? c : null;
      }, 10000);
      assert.ok(conv, 'the hand-off did not happen within 10 s');
      await webhook(ctx, phone, name, '¿Cuál es el horario de atención y aceptan devoluciones?');
      const s = await waitFor(async () => {
        const items = (await apiGet(ctx, tok, `/api/v1/suggestions?status=pending&conversation_id=${conv.id}`)).body.items || [];
        return items.find((x) => x.reason_code === 'policy.bot_paused');
      }, 10000);
      assert.ok(s, 'no draft after the hand-off within 10 s');
      assert.ok(s.text.includes('«Cambios y devoluciones»'), `the draft cites no article: ${s.text}`);

      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/inbox/${conv.id}`);
      const card = `.suggestion[data-suggestion-id="${s.id}"]`;
      await page.waitForSelector(card, { timeout: 8000 });
      const cardText = await page.locator(card).innerText();
      assert.ok(cardText.includes('«Cambios y devoluciones»'), 'the card shows no grounded draft');
      assert.ok(cardText.includes('Una persona atiende esta conversación'), `the card's reason is not in Spanish: ${cardText}`);
      const d = (await apiGet(ctx, tok, `/api/v1/conversations/${conv.id}`)).body;
      const quiet = d.decisions.find((x) => x.reason_code === 'policy.bot_paused');
      assert.ok(quiet, 'no quiet decision on the server');
      const view = page.locator(`.tl.decision[data-decision-id="${quiet.id}"]`);
      await view.locator('.ai-inputs summary').click();
      const inputs = await view.locator('.ai-inputs').innerText();
      assert.ok(inputs.includes('Umbral') && inputs.includes('75%'), `no threshold among the inputs: ${inputs}`);
      assert.ok(inputs.includes('Cambios y devoluciones'), `no passage among the inputs: ${inputs}`);
      assert.match(inputs, /0\.\d\d/, 'no passage score among the inputs');
      // No English sentence of the server's in the Spanish thread.
      const thread = await page.locator('.thread, main').first().innerText();
      for (const english of ['handed off', 'The bot', 'ASSISTED mode', 'confidence (threshold']) {
        assert.ok(!thread.includes(english), `English in the Spanish interface: "${english}"`);
      }
      await shot(page, 'ai-trust-grounded-draft');
      // The same reason in English.
      await page.evaluate(() => localStorage.setItem('centralita.lang', 'en'));
      await page.reload();
      await page.waitForSelector(card, { timeout: 8000 });
      assert.ok((await page.locator(card).innerText()).includes('A person handles this conversation'));
      await page.evaluate(() => localStorage.setItem('centralita.lang', 'es'));
    },
  },
  {
    // The customer writes again: the older draft turns superseded in the open thread, under the
    // newer one, and approving it asks first.
    name: 'ai-trust-superseded-draft-asks-first',
    async run(page, ctx) {
      const { tok, name, phone } = await newCustomerWrites(ctx, 'Reemplazo E2E', '¿Cuánto cuesta el envío a Monterrey?');
      const first = await pendingDraftFor(ctx, tok, name);
      assert.ok(first, 'no first draft within 10 s');
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/inbox/${first.conversation_id}`);
      await page.waitForFunction(() => window.centralita.liveState === 'open');
      const card = `.suggestion[data-suggestion-id="${first.id}"]`;
      await page.waitForSelector(card, { timeout: 8000 });
      await webhook(ctx, phone, name, 'y ¿en cuántos días llega?');
      await page.waitForSelector(`${card}.superseded`, { timeout: 8000 });
      // The live draft is on top.
      await page.waitForFunction(() => {
        const cards = [...document.querySelectorAll('.suggestion')];
        return cards.length >= 2 && !cards[0].classList.contains('superseded');
      }, null, { timeout: 8000 });
      await page.click(`${card} button.approve`);
      await page.waitForSelector(`${card} .confirm-superseded:not([hidden])`, { timeout: 3000 });
      assert.equal((await apiGet(ctx, tok, `/api/v1/suggestions/${first.id}`)).body.status, 'superseded');
      await shot(page, 'ai-trust-superseded');
      await page.click(`${card} button.approve`);
      await page.waitForSelector(card, { state: 'detached', timeout: 5000 });
      assert.equal((await apiGet(ctx, tok, `/api/v1/suggestions/${first.id}`)).body.status, 'approved');
    },
  },
];
