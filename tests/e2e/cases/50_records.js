// Browser cases of run.js (files run in name order; cases in the order listed).
'use strict';
const { assert, demoNames, login, token, apiGet, webhook, shot } = require('../helpers.js');

// The conversation of the first seeded demo customer, as the API lists it.
async function firstConversation(ctx, tok) {
  const listed = (await apiGet(ctx, tok, '/api/v1/conversations?limit=200')).body.items;
  const conv = listed.find((c) => c.customer.name === demoNames[0]);
  assert.ok(conv, `${demoNames[0]} is not listed`);
  return conv;
}

module.exports = [
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
      const conv = await firstConversation(ctx, tok);
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
      const conv = await firstConversation(ctx, tok);
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
];
