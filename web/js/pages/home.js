// Home: the day at a glance from /api/v1/stats, drawn as inline SVG (no chart library).
import { h, mount } from '../dom.js';
import { get } from '../api.js';
import { loading, problem, pct } from '../ui.js';

// Bars of points [{label, value}] in a W×H drawing (its text keeps a readable size because the
// drawing's width follows the card's).
function bars(points, label, W = 360, H = 180) {
  if (!points.length) return h('p', { class: 'muted' }, '—');
  const max = Math.max(1, ...points.map((p) => p.value));
  const bw = (W - 40) / points.length;
  return h('svg:svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label },
    h('svg:line', { x1: 30, y1: H - 20, x2: W, y2: H - 20, class: 'axis' }),
    h('svg:text', { x: 0, y: 14, class: 'tick' }, String(max)),
    points.map((p, i) => {
      const bh = ((H - 40) * p.value) / max;
      return h('svg:g', null,
        h('svg:rect', { x: 34 + i * bw, y: H - 20 - bh, width: Math.max(1, bw - 4), height: bh, class: 'bar' },
          h('svg:title', null, `${p.label}: ${p.value}`)),
        points.length <= 12 || i % Math.ceil(points.length / 12) === 0
          ? h('svg:text', { x: 34 + i * bw, y: H - 4, class: 'tick' }, p.label) : null);
    }));
}

function donut(share, label) {
  const r = 60;
  const c = 2 * Math.PI * r;
  const v = Math.max(0, Math.min(1, share > 1 ? share / 100 : share));
  return h('svg:svg', { viewBox: '0 0 160 160', class: 'chart donut', role: 'img', 'aria-label': `${label}: ${pct(v)}` },
    h('svg:circle', { cx: 80, cy: 80, r, class: 'ring' }),
    h('svg:circle', { cx: 80, cy: 80, r, class: 'ring-value', 'stroke-dasharray': `${c * v} ${c}`, transform: 'rotate(-90 80 80)' }),
    h('svg:text', { x: 80, y: 88, 'text-anchor': 'middle', class: 'donut-text' }, pct(v)));
}

function pairs(x) {
  // [{hour,count}] | {"10":3} | [{category,count}] → [{label,value}]
  if (!x) return [];
  if (Array.isArray(x)) return x.map((p) => ({ label: String(p.hour ?? p.category ?? p.label ?? p.bucket ?? '').slice(-5),
    value: Number(p.count ?? p.value ?? p.n ?? 0) }));
  return Object.entries(x).map(([k, v]) => ({ label: k, value: Number(v) }));
}

export function render(ctx) {
  const { t } = ctx;
  const el = h('div', { class: 'home' }, loading());
  async function load() {
    try {
      const s = await get('/api/v1/stats');
      const frt = pairs(s.first_response_minutes || s.first_response_times || s.first_response);
      mount(el, h('div', { class: 'cards' },
        h('section', { class: 'card wide' }, h('h2', null, t('messages_per_hour')), bars(pairs(s.messages_per_hour), t('messages_per_hour'), 1100, 200)),
        h('section', { class: 'card' }, h('h2', null, t('triage_categories')), bars(pairs(s.triage_categories || s.categories), t('triage_categories'))),
        h('section', { class: 'card' }, h('h2', null, t('autopilot_share')), donut(Number(s.autopilot_share ?? 0), t('autopilot_share'))),
        h('section', { class: 'card' }, h('h2', null, t('first_response')), frt.length ? bars(frt, t('first_response'))
          : h('p', { class: 'big-number' }, String(s.first_response_p50_min ?? s.first_response_median_min ?? '—'))),
        h('section', { class: 'card' }, h('h2', null, t('sla_breaches')),
          h('p', { class: 'big-number' }, String(s.sla_breaches ?? s.sla_breached ?? '—')))));
    } catch (e) { mount(el, problem(e, load)); }
  }
  load();
  return { el, onLive(f) { if (f.type === 'message.created' || f.type.startsWith('stats.')) debounced(); } };
  function debounced() { clearTimeout(el._t); el._t = setTimeout(load, 2000); }
}
