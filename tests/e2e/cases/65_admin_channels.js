// Browser cases of run.js (files run in name order; cases in the order listed).
'use strict';
const { assert, login, token, apiGet } = require('../helpers.js');

module.exports = [
  {
    // An invited agent lost their link: the admin asks the "Equipo" page for a new one, which
    // works, and the first one no longer does.
    name: 'team-resend-link',
    async run(page, ctx) {
      const admin = await token(ctx, 'supervisor@demo.com');
      const email = `e2e.reenvio.${Date.now()}@demo.com`;
      const invited = await fetch(`${ctx.base}/api/v1/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin}` },
        body: JSON.stringify({ name: 'Reenvío E2E', email, role: 'agent' }),
      });
      assert.equal(invited.status, 201);
      const first = (await invited.json()).set_password_url;

      await login(page, ctx, 'supervisor@demo.com');
      await page.click('a[data-path="/team"]');
      await page.click(`button.resend-link[data-email="${email}"]`, { timeout: 8000 });
      await page.waitForSelector('input.link-once', { timeout: 8000 });
      const second = await page.inputValue('input.link-once');
      assert.match(second, /\/set-password\?token=[0-9a-f]{64}$/);
      assert.notEqual(second, first);

      const tokenOf = (url) => new URL(url).searchParams.get('token');
      const set = (t) => fetch(`${ctx.base}/api/v1/auth/set-password`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: t, password: 'Un4-clave-larga!' }),
      });
      assert.equal((await set(tokenOf(first))).status, 400);
      assert.equal((await set(tokenOf(second))).status, 200);
      // With a password set, the page offers no new link.
      await page.reload();
      await page.waitForSelector(`button.deactivate[data-email="${email}"]`, { timeout: 8000 });
      assert.equal(await page.locator(`button.resend-link[data-email="${email}"]`).count(), 0);
      const users = (await apiGet(ctx, admin, '/api/v1/users')).body.items;
      assert.equal(users.find((u) => u.email === email).password_set, true);
    },
  },
];
