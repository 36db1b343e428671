// Shared pieces of the pages: calm states (loading, empty, not available yet, error), tables,
// badges and a toast.
import { h, mount } from './dom.js';
import { t } from './i18n.js';

export function loading() {
  return h('div', { class: 'state', role: 'status' }, t('loading'));
}

export function notAvailable() {
  return h('div', { class: 'state calm', 'data-state': 'not-available' },
    h('strong', null, t('not_available')), h('p', null, t('not_available_text')));
}

export function problem(e, retry) {
  if (e && e.unavailable) return notAvailable();
  return h('div', { class: 'state error', role: 'alert' },
    h('strong', null, t('error')), h('p', null, e && e.message ? e.message : String(e)),
    retry ? h('button', { onclick: retry }, t('retry')) : null);
}

/// A form's submit (or a save button's click) handler: while `action()` runs, `button` (null: the
/// one clicked) is disabled and the `error` line empty; a failure shows "Error: <message>" there.
export function submitting(button, error, action) {
  return async (ev) => {
    ev.preventDefault();
    const b = button || ev.currentTarget;
    b.disabled = true;
    error.textContent = '';
    try {
      await action();
    } catch (e) {
      error.textContent = `${t('error')}: ${e.message}`;
    } finally {
      b.disabled = false;
    }
  };
}

/// Runs `load()` and shows its result (render(data)) in `el`, or a calm state.
export async function fill(el, load, render) {
  mount(el, loading());
  try {
    const data = await load();
    mount(el, render(data));
  } catch (e) {
    mount(el, problem(e, () => fill(el, load, render)));
  }
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind || ''}` }, text);
}

/// The SLA countdown of an open ticket or conversation: time left to its next unmet due time,
/// or "overdue" once past it; nothing when it is closed or has no due time.
export function slaBadge(x, now = Date.now()) {
  if (!['NEW', 'IN_PROGRESS', 'open', 'pending'].includes(x.status)) return null;
  const due = !x.first_responded_at && x.first_response_due_at ? x.first_response_due_at : x.resolution_due_at;
  if (!due) return null;
  const left = Date.parse(due) - now;
  if (left <= 0) return h('span', { class: 'badge sla-overdue', title: due }, t('sla_overdue'));
  const m = Math.floor(left / 60000);
  const text = m >= 1440 ? `${Math.floor(m / 1440)}d` : m >= 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${m}m`;
  return h('span', { class: `badge sla ${m < 60 ? 'sla-soon' : ''}`, title: due }, `SLA ${text}`);
}

export function statusBadge(s) {
  return badge(t(s) || s, `s-${String(s || '').toLowerCase()}`);
}

/// A table of `rows` with columns [{label, value(row) → text|Node}].
export function table(columns, rows, onRow) {
  if (!rows.length) return h('div', { class: 'state' }, t('empty'));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h('tbody', null, rows.map((r) => h('tr', {
      class: onRow ? 'clickable' : '', tabindex: onRow ? 0 : null,
      onclick: onRow ? () => onRow(r) : null,
      onkeydown: onRow ? (e) => { if (e.key === 'Enter') onRow(r); } : null,
    }, columns.map((c) => h('td', null, c.value(r))))))));
}

let toastEl = null;
export function toast(text, kind) {
  if (!toastEl) {
    toastEl = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(toastEl);
  }
  const item = h('div', { class: `toast ${kind || ''}` }, text);
  toastEl.append(item);
  setTimeout(() => item.remove(), 4000);
}

export function pct(x) {
  if (x === null || x === undefined || x === '') return '—';
  const n = Number(x);
  return `${Math.round(n <= 1 ? n * 100 : n)}%`;
}
