// The inbox's customer pane: who the customer is, their tickets, shipments (checkpoints fetched
// when opened), invoices (the billing provider's after a BILLING message, marked) and quotes, a
// drafted one to complete and send.
import { h, mount, datetime } from '../dom.js';
import { get, post, patch } from '../api.js';
import { badge, statusBadge, toast } from '../ui.js';

const moneyIn = (lang) => (cents, currency) => (cents === null || cents === undefined ? '—'
  : (cents / 100).toLocaleString(lang === 'en' ? 'en-US' : 'es-MX', { style: 'currency', currency: currency || 'MXN' }));

// A shipment's checkpoints, newest first, fetched when first opened.
function shipmentTimeline(x, t, lang) {
  const list = h('ol', { class: 'mini checkpoints' });
  const box = h('details', { class: 'ship-timeline' }, h('summary', null, t('checkpoints')), list);
  box.addEventListener('toggle', async () => {
    if (!box.open || box.dataset.loaded) return;
    box.dataset.loaded = '1';
    try {
      const d = await get(`/api/v1/shipments/${x.id}`);
      const cps = (d.checkpoints || []).slice().reverse();
      mount(list, cps.length ? cps.map((c) => h('li', null, `${datetime(c.occurred_at, lang)} `,
        badge(c.status, 'ship'), ` ${c.description || ''}`,
        c.location ? h('span', { class: 'muted' }, ` · ${c.location}`) : null))
        : h('li', { class: 'muted' }, t('none')));
    } catch {
      delete box.dataset.loaded;
    }
  });
  return box;
}

// A drafted quote to complete and send: lines, validity, the total as the server will compute.
function quoteEditor(q, t, money, refresh) {
  const rows = (q.lines || []).map((l) => ({ ...l }));
  const list = h('div', { class: 'quote-lines' });
  const total = h('strong', { class: 'quote-total' });
  const valid = h('input', { type: 'date', value: q.valid_until || '', 'aria-label': t('valid_until') });
  const sum = () => { total.textContent = money(rows.reduce((a, l) => a + (l.quantity || 0) * (l.unit_price_cents || 0), 0), q.currency); };
  const paint = () => {
    mount(list, rows.map((l, i) => h('div', { class: 'quote-line' },
      h('input', { value: l.description || '', placeholder: t('description'), 'aria-label': t('description'),
        oninput: (e) => { l.description = e.target.value; } }),
      h('input', { type: 'number', min: 1, value: l.quantity, class: 'qty', 'aria-label': t('quantity'),
        oninput: (e) => { l.quantity = Number(e.target.value); sum(); } }),
      h('input', { type: 'number', min: 0, step: '0.01', value: ((l.unit_price_cents || 0) / 100).toFixed(2), class: 'price',
        'aria-label': t('unit_price'), oninput: (e) => { l.unit_price_cents = Math.round(Number(e.target.value) * 100); sum(); } }),
      h('button', { type: 'button', 'aria-label': t('remove_line'), onclick: () => { rows.splice(i, 1); paint(); } }, '×'))));
    sum();
  };
  const save = () => patch(`/api/v1/quotes/${q.id}`, { lines: rows, valid_until: valid.value || null });
  const act = (fn, done) => async () => {
    try { await fn(); toast(t(done)); refresh(); } catch (err) { toast(`${t('error')}: ${err.message}`, 'error'); }
  };
  paint();
  return h('form', { class: 'quote-edit', 'data-id': q.id, onsubmit: (e) => e.preventDefault() },
    h('div', { class: 'muted' }, `${q.number} · ${t('draft')}`), list,
    h('button', { type: 'button', onclick: () => { rows.push({ description: '', quantity: 1, unit_price_cents: 0 }); paint(); } }, t('add_line')),
    h('label', null, `${t('valid_until')} `, valid),
    h('div', null, `${t('total')} `, total),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: act(save, 'quote_saved') }, t('save')),
      h('button', { type: 'button', class: 'primary send-quote',
        onclick: act(async () => { await save(); await post(`/api/v1/quotes/${q.id}/send`); }, 'quote_sent') }, t('send_quote'))));
}

// The pane of the conversation `d`: `navigate` opens a ticket, `refresh` reloads the conversation
// after a quote was saved or sent.
export function paintCustomer(customerPane, d, { t, lang, navigate, refresh }) {
  const money = moneyIn(lang);
  const c = d.customer || {};
  const ships = d.shipments || [];
  // After a BILLING message the billing provider's invoices, marked; else the customer's.
  const invs = d.billing ? d.billing.invoices : (d.invoices || []);
  const quotes = d.quotes || [];
  mount(customerPane,
    h('h2', null, t('customer')),
    h('dl', { class: 'facts' },
      h('dt', null, t('name')), h('dd', null, c.name || '—'),
      h('dt', null, t('phone')), h('dd', null, c.phone || '—'),
      c.email ? [h('dt', null, t('email')), h('dd', null, c.email)] : null),
    h('h3', null, t('tickets')),
    (d.tickets || []).length ? h('ul', { class: 'mini' }, d.tickets.map((x) =>
      h('li', null, h('a', { href: `/tickets/${x.id}`, onclick: (e) => { e.preventDefault(); navigate(`/tickets/${x.id}`); } }, `#${x.id} ${x.subject}`), ' ', statusBadge(x.status))))
      : h('p', { class: 'muted' }, t('none')),
    h('h3', null, t('orders_shipments')),
    h('div', { class: 'cust-shipments' }, ships.length ? h('ul', { class: 'mini' }, ships.map((x) => h('li', null,
      `${x.tracking_number || x.order_number || '#' + x.id} `, x.carrier ? h('span', { class: 'muted' }, `${x.carrier} `) : null,
      badge(x.status || '', 'ship'), x.eta ? ` · ${t('eta')} ${datetime(x.eta, lang)}` : '',
      x.last_description ? h('div', { class: 'muted' }, x.last_description) : null, shipmentTimeline(x, t, lang))))
      : h('p', { class: 'muted' }, t('none'))),
    h('h3', null, t('invoices'), d.billing ? [' ', badge(t('billing_asked'), 'billing')] : null),
    h('div', { class: `cust-invoices${d.billing ? ' billing-asked' : ''}` }, invs.length ? h('ul', { class: 'mini' }, invs.map((x) => h('li', null,
      `${x.number || '#' + x.id} · ${money(x.amount_cents, x.currency)} `, badge(t(`inv_${x.status}`) === `inv_${x.status}` ? x.status : t(`inv_${x.status}`), `inv inv-${x.status}`),
      x.pdf_url ? [' ', h('a', { href: x.pdf_url, target: '_blank', rel: 'noopener' }, 'PDF')] : null,
      x.due_date ? h('div', { class: 'muted' }, `${t('due')} ${x.due_date}`) : null)))
      : h('p', { class: 'muted' }, t('none'))),
    h('h3', null, t('quotes')),
    h('div', { class: 'cust-quotes' }, quotes.length ? quotes.map((q) => (q.status === 'draft' ? quoteEditor(q, t, money, refresh)
      : h('p', null, `${q.number} · ${money(q.total_cents, q.currency)} `, badge(q.status, `quote quote-${q.status}`))))
      : h('p', { class: 'muted' }, t('none'))));
}
