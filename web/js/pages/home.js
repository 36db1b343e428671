// Home: the last hours at a glance from GET /api/v1/stats?hours=, drawn as inline SVG (no chart
// library): messages per hour (in and out), triage categories, AI actions, the autopilot's share
// of replies, first response p50/p90 and the totals (open, unassigned, pending suggestions, open
// tickets, SLA breaches).
import { h, mount } from '../dom.js';
import { get } from '../api.js';
import { loading, problem, pct } from '../ui.js';
import { csatCard } from './home_csat.js';

const spans = [24, 72, 168];

// Bars of points [{label, values:[n…]}] (one bar per series, side by side) in a W×H drawing.
function bars(points, label, { W = 360, H = 180, series = [''] } = {}) {
  if (!points.length) return h('p', { class: 'muted empty-chart' }, '—');
  const max = Math.max(1, ...points.flatMap((p) => p.values));
  const left = 30;
  const bw = (W - left - 4) / points.length;
  const each = Math.max(1, (bw - 3) / series.length);
  const every = Math.ceil(points.length / 12);
  return h('svg:svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label },
    h('svg:line', { x1: left, y1: H - 20, x2: W, y2: H - 20, class: 'axis' }),
    h('svg:text', { x: 0, y: 14, class: 'tick' }, String(max)),
    points.map((p, i) => h('svg:g', null,
      p.values.map((v, k) => {
        const bh = ((H - 40) * v) / max;
        return h('svg:rect', { x: left + 2 + i * bw + k * each, y: H - 20 - bh, width: Math.max(1, each - 1), height: bh,
          class: `bar s${k}` }, h('svg:title', null, `${p.label}${series[k] ? ' · ' + series[k] : ''}: ${v}`));
      }),
      i % every === 0 ? h('svg:text', { x: left + 2 + i * bw, y: H - 4, class: 'tick' }, p.label) : null)));
}

// Horizontal bars of {name: n}, largest first: readable names of any length.
function hbars(counts, label, name = (k) => k) {
  const rows = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]);
  if (!rows.length) return h('p', { class: 'muted empty-chart' }, '—');
  const max = Math.max(1, ...rows.map((r) => r[1]));
  const W = 250;
  const rh = 20;
  return h('svg:svg', { viewBox: `0 0 ${W} ${rows.length * rh + 4}`, class: 'chart hchart', role: 'img', 'aria-label': label },
    rows.map(([k, v], i) => h('svg:g', null,
      h('svg:text', { x: 0, y: i * rh + 15, class: 'tick label' }, name(k)),
      h('svg:rect', { x: 100, y: i * rh + 4, width: Math.max(1, ((W - 130) * v) / max), height: rh - 8, class: 'bar' },
        h('svg:title', null, `${name(k)}: ${v}`)),
      h('svg:text', { x: 104 + ((W - 130) * v) / max, y: i * rh + 15, class: 'tick' }, String(v)))));
}

function donut(share, label) {
  const r = 60;
  const c = 2 * Math.PI * r;
  const none = share === null || share === undefined;
  const v = none ? 0 : Math.max(0, Math.min(1, Number(share)));
  return h('svg:svg', { viewBox: '0 0 160 160', class: 'chart donut', role: 'img', 'aria-label': `${label}: ${none ? '—' : pct(v)}` },
    h('svg:circle', { cx: 80, cy: 80, r, class: 'ring' }),
    h('svg:circle', { cx: 80, cy: 80, r, class: 'ring-value', 'stroke-dasharray': `${c * v} ${c}`, transform: 'rotate(-90 80 80)' }),
    h('svg:text', { x: 80, y: 88, 'text-anchor': 'middle', class: 'donut-text' }, none ? '—' : pct(v)));
}

/// Seconds as "45 s", "3.5 min", "2.1 h".
export function duration(sec) {
  if (sec === null || sec === undefined) return '—';
  const n = Number(sec);
  if (n < 90) return `${Math.round(n)} s`;
  if (n < 5400) return `${(n / 60).toFixed(1)} min`;
  return `${(n / 3600).toFixed(1)} h`;
}

function hourLabel(iso, lang) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso).slice(11, 16);
  return d.toLocaleTimeString(lang === 'en' ? 'en-US' : 'es-MX', { hour: '2-digit', minute: '2-digit', hour12: false });
}

export function render(ctx) {
  const { t, lang } = ctx;
  let hours = Number(sessionStorage.getItem('centralita.hours')) || 24;
  if (!spans.includes(hours)) hours = 24;
  const body = h('div', null, loading());
  const picker = h('select', { 'aria-label': t('period'), class: 'period',
    onchange: (e) => { hours = Number(e.target.value); sessionStorage.setItem('centralita.hours', String(hours)); load(); } },
  spans.map((n) => h('option', { value: n, selected: n === hours }, t(`last_${n}h`))));
  const el = h('div', { class: 'home' }, h('div', { class: 'toolbar' }, h('h2', null, t('overview')), picker), body);
  const action = (k) => (t(`act_${k}`) === `act_${k}` ? k : t(`act_${k}`));

  async function load() {
    try {
      const s = await get(`/api/v1/stats?hours=${hours}`);
      const tot = s.totals || {};
      const fr = s.first_response || {};
      const rp = s.replies || {};
      const perHour = (s.messages_per_hour || []).map((p) => ({ label: hourLabel(p.hour, lang),
        values: [Number(p.inbound || 0), Number(p.outbound || 0)] }));
      const figure = (key, value, kind) => h('div', { class: `figure ${kind || ''}`, 'data-figure': key },
        h('span', { class: 'figure-value' }, String(value ?? '—')), h('span', { class: 'figure-label' }, t(key)));
      mount(body, h('div', { class: 'cards' },
        h('section', { class: 'card wide totals' },
          figure('open_conversations', tot.open_conversations),
          figure('unassigned_conversations', tot.unassigned_conversations),
          figure('pending_suggestions', tot.pending_suggestions),
          figure('open_tickets', tot.open_tickets),
          figure('sla_breaches', tot.sla_breaches, tot.sla_breaches ? 'bad' : '')),
        h('section', { class: 'card wide' },
          h('div', { class: 'card-head' }, h('h2', null, t('messages_per_hour')),
            h('span', { class: 'legend' }, h('i', { class: 's0' }), t('inbound'), h('i', { class: 's1' }), t('outbound'))),
          bars(perHour, t('messages_per_hour'), { W: 1100, H: 200, series: [t('inbound'), t('outbound')] })),
        h('section', { class: 'card' }, h('h2', null, t('triage_categories')), hbars(s.categories, t('triage_categories'))),
        h('section', { class: 'card' }, h('h2', null, t('ai_actions')), hbars(s.actions, t('ai_actions'), action)),
        h('section', { class: 'card' }, h('h2', null, t('autopilot_share')), donut(s.autopilot_share, t('autopilot_share')),
          h('p', { class: 'muted center' }, `${t('bot')}: ${rp.bot ?? 0} · ${t('agent')}: ${rp.agent ?? 0}`)),
        h('section', { class: 'card first-response' }, h('h2', null, t('first_response')),
          h('div', { class: 'pair' }, figure('p50', duration(fr.p50_s)), figure('p90', duration(fr.p90_s))),
          h('p', { class: 'muted center' }, `${fr.samples ?? 0} ${t('samples')}`)),
        csatCard(t)));
    } catch (e) { mount(body, problem(e, load)); }
  }
  load();
  const reloadSoon = () => { clearTimeout(el._t); el._t = setTimeout(load, 2000); };
  return {
    el,
    onLive(f) {
      const type = f.type || '';
      if (type === 'message.created' || type === 'ai.decision' || type.startsWith('suggestion.') ||
          type.startsWith('ticket.') || type.startsWith('conversation.') || type === 'csat.rated') reloadSoon();
    },
    onResync: load,
    dispose() { clearTimeout(el._t); },
  };
}
