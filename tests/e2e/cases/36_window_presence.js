// Browser cases of run.js (files run in name order; cases in the order listed).
'use strict';
const { assert, newPhone, login, token, apiGet, waitFor } = require('../helpers.js');

module.exports = [
  {
    // A WhatsApp Cloud conversation whose customer last wrote 25 hours ago: the reply box gives
    // way to the approved templates, filled from the customer, and the template is sent.
    name: 'window-closed-offers-templates',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      const phone = newPhone();
      const cid = ctx.sql(`
        WITH a AS (SELECT id, tenant_id FROM channel_accounts WHERE account_key = 'whatsapp_cloud_main'),
        cu AS (INSERT INTO customers (tenant_id, phone, name) SELECT tenant_id, '${phone}', 'Cliente Ventana' FROM a RETURNING id, tenant_id),
        cv AS (INSERT INTO conversations (tenant_id, customer_id, channel_account_id, last_message_at)
               SELECT cu.tenant_id, cu.id, a.id, now() FROM cu, a RETURNING id, tenant_id),
        m AS (INSERT INTO messages (tenant_id, conversation_id, direction, sender_type, body, created_at)
              SELECT tenant_id, id, 'in', 'customer', 'Hola, ¿me ayudan con mi pedido?', now() - interval '25 hours' FROM cv)
        SELECT id FROM cv`).trim();
      ctx.sql(`INSERT INTO message_templates (tenant_id, channel_account_id, name, language, status, category, body, variables)
        SELECT tenant_id, id, 'seguimiento_caso', 'es', 'APPROVED', 'UTILITY', 'Hola {{1}}, ¿seguimos con tu caso {{2}}?', 2
        FROM channel_accounts WHERE account_key = 'whatsapp_cloud_main'
        ON CONFLICT DO NOTHING`);
      const detail = (await apiGet(ctx, tok, `/api/v1/conversations/${cid}`)).body;
      assert.equal(detail.service_window.open, false);
      await login(page, ctx, 'agent@demo.com');
      await page.goto(`${ctx.base}/inbox/${cid}`);
      await page.waitForSelector('.window-box .window-closed', { timeout: 8000 });
      assert.ok(await page.locator('form.reply').isHidden(), 'the free-text reply box is still offered');
      await page.waitForSelector('.template-select');
      assert.equal(await page.locator('.template-var').first().inputValue(), 'Cliente Ventana');
      await page.locator('.template-var').nth(1).fill('CS1001');
      await page.click('.send-template');
      await page.locator('.timeline .msg.out', { hasText: '¿seguimos con tu caso CS1001?' }).waitFor({ timeout: 8000 });
      const sent = await waitFor(async () => {
        const d = (await apiGet(ctx, tok, `/api/v1/conversations/${cid}`)).body;
        return (d.messages || []).some((m) => m.direction === 'out' && (m.text || m.body || '').includes('CS1001'));
      }, 8000);
      assert.ok(sent, 'the template message is not on the conversation');
    },
  },
  {
    // The sidebar shows who is available: switched on and with the dashboard open.
    name: 'presence-indicator',
    async run(page, ctx) {
      const tok = await token(ctx, 'agent@demo.com');
      await fetch(`${ctx.base}/api/v1/me`, { method: 'PATCH',
        headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ online: true }) });
      const me = (await apiGet(ctx, tok, '/api/v1/me')).body;
      await login(page, ctx, 'agent@demo.com');
      await page.waitForFunction(() => window.centralita.liveState === 'open');
      await page.locator('.presence .presence-user', { hasText: me.name }).waitFor({ timeout: 8000 });
      const team = (await apiGet(ctx, tok, '/api/v1/presence')).body;
      assert.ok(team.items.some((u) => u.id === me.id && u.available), 'the API does not list the agent as available');
      // Switched off: gone from the list, live.
      await page.click('.availability input');
      await page.locator('.presence .presence-user', { hasText: me.name }).waitFor({ state: 'detached', timeout: 8000 });
      await page.click('.availability input');
      await page.locator('.presence .presence-user', { hasText: me.name }).waitFor({ timeout: 8000 });
    },
  },
];
