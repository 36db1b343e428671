// Labels in the inbox: chips on each listed conversation and in the thread's head (× takes one
// off, "+ Etiqueta" puts one on: PUT /api/v1/conversations/{id}/labels), and a filter of the
// list by label (GET /api/v1/conversations?label=ID). Changes arrive live as
// conversation.labeled, which the inbox merges like any conversation change.
import { h } from '../dom.js';
import { get, put, itemsOf } from '../api.js';
import { toast } from '../ui.js';
import './toolkit_strings.js';

// A label's chip in its colour (set through the CSSOM: the CSP refuses style attributes).
export function labelChip(l, ...extra) {
  const el = h('span', { class: 'label-chip', 'data-label-id': l.id }, l.name, extra);
  el.style.setProperty('--label', l.color);
  return el;
}

export function attachLabels(ctx, { onFilter, onChanged }) {
  const { t } = ctx;
  let all = [];
  let filter = Number(sessionStorage.getItem('centralita.label')) || null;

  const picker = h('select', { class: 'label-filter', 'aria-label': t('labels'),
    onchange: () => {
      filter = Number(picker.value) || null;
      sessionStorage.setItem('centralita.label', filter ? String(filter) : '');
      onFilter();
    } });

  function paintPicker() {
    picker.replaceChildren(h('option', { value: '' }, t('all_labels')),
      ...all.map((l) => h('option', { value: l.id, selected: l.id === filter }, l.name)));
    if (filter && !all.some((l) => l.id === filter)) { filter = null; onFilter(); }
  }

  async function load() {
    try { all = itemsOf(await get('/api/v1/labels')); } catch { all = []; }
    paintPicker();
  }

  const chip = (l, onRemove) => labelChip(l,
    onRemove ? h('button', { type: 'button', class: 'label-x', 'aria-label': `${t('remove_label')} ${l.name}`, onclick: onRemove }, '×') : null);

  const chips = (c) => ((c && c.labels) || []).length
    ? h('span', { class: 'label-chips' }, c.labels.map((l) => chip(l))) : null;

  async function set(d, ids) {
    try {
      const r = await put(`/api/v1/conversations/${d.id}/labels`, { labels: ids });
      onChanged({ id: d.id, labels: r.labels });
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
    }
  }

  // The thread head's labels: removable chips and a picker of the labels it lacks.
  function bar(d) {
    const have = (d.labels || []).map((l) => l.id);
    const add = h('select', { class: 'label-add', 'aria-label': t('add_label'),
      onchange: () => { if (add.value) set(d, have.concat(Number(add.value))); } },
    h('option', { value: '' }, t('add_label')),
    all.filter((l) => !have.includes(l.id)).map((l) => h('option', { value: l.id }, l.name)));
    return h('div', { class: 'thread-labels' },
      (d.labels || []).map((l) => chip(l, () => set(d, have.filter((x) => x !== l.id)))), all.length ? add : null);
  }

  load();
  return {
    picker,
    chips,
    bar,
    filter: () => filter,
    matches: (c) => !filter || ((c.labels || []).some((l) => l.id === filter)),
    onLive(type) { if (type === 'label.changed') load(); },
  };
}
