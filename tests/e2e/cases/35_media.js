// Browser cases of media (docs/architecture.md §Media): a photo and a voice note a customer sends
// through Builderbot appear in the timeline (a preview that opens full size, an audio player),
// and an agent sends a file from the composer, which reaches Builderbot as a signed link.
'use strict';
const http = require('node:http');
const { assert, newPhone, login, token, apiGet, waitFor } = require('../helpers.js');

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(400, 7)]);

// Builderbot's temporary attachment URLs, on loopback.
function fileHost() {
  const files = { '/foto.png': ['image/png', png], '/nota.ogg': ['audio/ogg; codecs=opus', ogg] };
  const server = http.createServer((req, res) => {
    const f = files[req.url];
    if (!f) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'Content-Type': f[0], 'Content-Length': f[1].length });
    res.end(f[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

async function mediaWebhook(ctx, from, name, placeholder, url) {
  const r = await fetch(`http://127.0.0.1:${ctx.gw}/webhooks/builderbot/whatsapp`, { method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Account-Key': 'builderbot_whatsapp_main' },
    body: JSON.stringify({ eventName: 'message.incoming', data: { body: placeholder, name, from, attachment: [], urlTempFile: url, projectId: 'e2e' } }) });
  assert.equal(r.status, 200, `webhook answered ${r.status}`);
}

module.exports = [
  {
    name: 'media-image-and-voice-note-in-the-timeline',
    async run(page, ctx) {
      const host = await fileHost();
      try {
        await login(page, ctx, 'agent@demo.com');
        await page.waitForSelector('.conv-list li.conv');
        const name = `Cliente Foto ${Date.now()}`;
        const phone = newPhone();
        await mediaWebhook(ctx, phone, name, '_event_media__e2e1', `${host.url}/foto.png`);
        await mediaWebhook(ctx, phone, name, '_event_voice_note__e2e2', `${host.url}/nota.ogg`);
        await page.click(`.conv-list li.conv:has-text("${name}")`, { timeout: 8000 });
        // The preview is the real picture, fetched with the agent's token.
        await page.waitForFunction(() => {
          const img = document.querySelector('.timeline .media-image img.media-preview');
          return img && img.src.startsWith('blob:') && img.complete && img.naturalWidth === 1;
        }, null, { timeout: 10000 });
        await page.waitForFunction(() => {
          const a = document.querySelector('.timeline .media-audio audio');
          return a && a.src.startsWith('blob:');
        }, null, { timeout: 10000 });
        // The preview opens full size.
        await page.click('.timeline .media-image .media-thumb');
        await page.waitForSelector('dialog.media-dialog[open] img.media-full');
        await page.click('dialog.media-dialog button');
        await page.waitForSelector('dialog.media-dialog', { state: 'detached' });
      } finally {
        host.server.close();
      }
    },
  },
  {
    name: 'media-agent-sends-a-file',
    async run(page, ctx) {
      await login(page, ctx, 'agent@demo.com');
      await page.waitForSelector('.timeline .msg');
      const id = await page.locator('.conv-list li.conv.selected').getAttribute('data-id');
      const before = ctx.bot.requests.length;
      const pdf = Buffer.from(`%PDF-1.4\n% cotizacion ${Date.now()}\n`);
      await page.fill('.reply-text', 'Le envío la cotización');
      await page.setInputFiles('.reply .attach-input', { name: 'cotizacion.pdf', mimeType: 'application/pdf', buffer: pdf });
      await page.waitForSelector('.timeline .media-document .media-doc:has-text("cotizacion.pdf")', { timeout: 8000 });
      const tok = await token(ctx, 'agent@demo.com');
      const c = (await apiGet(ctx, tok, `/api/v1/conversations/${id}`)).body;
      const m = c.messages.find((x) => x.text === 'Le envío la cotización');
      assert.ok(m, 'the attachment message is stored');
      assert.equal(m.media[0].kind, 'document');
      assert.equal(m.media[0].filename, 'cotizacion.pdf');
      // Builderbot got a signed link of ours, which serves the very file.
      const sent = await waitFor(() => ctx.bot.requests.slice(before).find((r) => r.body.includes('mediaUrl')), 8000);
      assert.ok(sent, 'Builderbot received no media');
      const link = JSON.parse(sent.body).messages.mediaUrl;
      assert.match(link, /\/media\/\d+\?tenant=\d+&expires=\d+&sig=[0-9a-f]{64}$/);
      const file = await fetch(link);
      assert.equal(file.status, 200);
      assert.deepEqual(Buffer.from(await file.arrayBuffer()), pdf);
    },
  },
];
