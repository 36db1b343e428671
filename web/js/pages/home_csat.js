// The home page's satisfaction card (GET /api/v1/csat, the last 7 days): the average rating,
// its trend against the 7 days before, the spread of ratings and the average per agent.
import './contacts_strings.js';
import { h, mount } from '../dom.js';
import { get } from '../api.js';
import { loading, problem } from '../ui.js';

export function csatCard(t) {
  const body = h('div', null, loading());
  const card = h('section', { class: 'card csat-card', 'data-card': 'csat' }, h('h2', null, t('csat')), body);
  (async () => {
    try {
      const s = await get('/api/v1/csat');
      if (!s.rated) { mount(body, h('p', { class: 'muted' }, t('csat_none'))); return; }
      const trend = s.trend === null || s.trend === undefined ? null : Number(s.trend);
      const arrow = trend === null ? '' : trend > 0.05 ? '▲' : trend < -0.05 ? '▼' : '＝';
      const max = Math.max(1, ...Object.values(s.distribution || {}));
      mount(body,
        h('div', { class: 'pair' },
          h('div', { class: 'figure', 'data-figure': 'csat_average' },
            h('span', { class: 'figure-value' }, Number(s.average).toFixed(1)), h('span', { class: 'figure-label' }, `${t('csat_average')} · ${s.rated} ${t('csat_rated')}`)),
          h('div', { class: `figure ${trend !== null && trend < 0 ? 'bad' : ''}`, 'data-figure': 'csat_trend' },
            h('span', { class: 'figure-value' }, trend === null ? '—' : `${arrow} ${trend > 0 ? '+' : ''}${trend.toFixed(1)}`),
            h('span', { class: 'figure-label' }, t('csat_trend')))),
        h('ul', { class: 'mini csat-spread' }, [5, 4, 3, 2, 1].map((n) => h('li', null,
          `${'★'.repeat(n)} `, h('meter', { min: 0, max, value: s.distribution[n] || 0 }), ` ${s.distribution[n] || 0}`))),
        (s.by_agent || []).length ? [h('h3', null, t('csat_by_agent')), h('ul', { class: 'mini csat-agents' }, s.by_agent.map((a) =>
          h('li', null, `${a.name || t('no_agent')}: ${Number(a.average).toFixed(1)} (${a.rated})`)))] : null);
    } catch (e) { mount(body, problem(e)); }
  })();
  return card;
}
