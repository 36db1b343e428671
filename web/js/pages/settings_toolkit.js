// The settings page's toolkit sections: canned replies and labels (supervisors and admins
// manage them; agents see them), whether the AI labels by category, and CSV exports streamed
// with the bytes received shown as they arrive.
import { h, mount } from '../dom.js';
import { get, post, patch, del, itemsOf, session, ApiError } from '../api.js';
import { loading, problem, toast } from '../ui.js';
import { labelChip } from './inbox_labels.js';
import './toolkit_strings.js';

const kinds = ['conversations', 'tickets', 'messages', 'csat'];

export function toolkitSections(ctx) {
  const { t } = ctx;
  const role = ctx.user.role;
  const manager = role === 'supervisor' || role === 'admin' || role === 'platform';
  const hint = manager ? null : h('p', { class: 'muted' }, t('supervisors_only'));

  // ---- canned replies ---------------------------------------------------------------------
  const cannedList = h('ul', { class: 'toolkit-list canned-admin' }, loading());
  async function loadCanned() {
    try {
      const rows = itemsOf(await get('/api/v1/canned-responses'));
      mount(cannedList, rows.map((r) => {
        const text = h('textarea', { rows: 2, class: 'grow', value: r.text, disabled: !manager, 'aria-label': `/${r.shortcut}` });
        return h('li', { 'data-shortcut': r.shortcut }, h('strong', null, `/${r.shortcut}`), text,
          manager ? h('button', { onclick: () => act(() => patch(`/api/v1/canned-responses/${r.id}`, { text: text.value }), loadCanned) }, t('save')) : null,
          manager ? h('button', { onclick: () => act(() => del(`/api/v1/canned-responses/${r.id}`), loadCanned) }, t('delete')) : null);
      }));
    } catch (e) { mount(cannedList, problem(e, loadCanned)); }
  }
  const shortcut = h('input', { type: 'text', placeholder: t('shortcut'), 'aria-label': t('shortcut'), class: 'canned-shortcut' });
  const cannedText = h('textarea', { rows: 2, placeholder: t('canned_text'), 'aria-label': t('canned_text'), class: 'canned-text' });
  const cannedForm = manager ? h('form', { class: 'inline-form', onsubmit: (e) => {
    e.preventDefault();
    act(() => post('/api/v1/canned-responses', { shortcut: shortcut.value.trim(), text: cannedText.value }), () => {
      shortcut.value = ''; cannedText.value = ''; loadCanned();
    });
  } }, shortcut, cannedText, h('button', { type: 'submit', class: 'primary' }, t('add'))) : null;

  // ---- labels -----------------------------------------------------------------------------
  const labelList = h('ul', { class: 'toolkit-list labels-admin' }, loading());
  const aiLabels = h('input', { type: 'checkbox', id: 'ai-labels', disabled: !manager,
    onchange: () => act(() => patch('/api/v1/labels/settings', { ai_labels: aiLabels.checked }), loadLabels) });
  async function loadLabels() {
    try {
      const data = await get('/api/v1/labels');
      aiLabels.checked = !!data.ai_labels;
      mount(labelList, itemsOf(data).map((l) => h('li', null,
        labelChip(l), h('span', { class: 'grow' }),
        manager ? h('button', { onclick: () => act(() => del(`/api/v1/labels/${l.id}`), loadLabels) }, t('delete')) : null)));
    } catch (e) { mount(labelList, problem(e, loadLabels)); }
  }
  const labelName = h('input', { type: 'text', placeholder: t('label_name'), 'aria-label': t('label_name'), class: 'label-name' });
  const labelColor = h('input', { type: 'color', value: '#1f6feb', 'aria-label': t('label_color') });
  const labelForm = manager ? h('form', { class: 'inline-form', onsubmit: (e) => {
    e.preventDefault();
    act(() => post('/api/v1/labels', { name: labelName.value.trim(), color: labelColor.value }), () => { labelName.value = ''; loadLabels(); });
  } }, labelName, labelColor, h('button', { type: 'submit', class: 'primary' }, t('add'))) : null;

  async function act(call, then) {
    try { await call(); toast(t('saved')); then(); } catch (e) { toast(`${t('error')}: ${e.message}`, 'error'); }
  }

  // ---- exports ----------------------------------------------------------------------------
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86400e3).toISOString().slice(0, 10);
  const kind = h('select', { 'aria-label': t('export_kind') }, kinds.map((k) => h('option', { value: k }, t(`exp_${k}`))));
  const from = h('input', { type: 'date', value: monthAgo, 'aria-label': t('export_from') });
  const to = h('input', { type: 'date', value: today, 'aria-label': t('export_to') });
  const progress = h('output', { class: 'export-progress', 'aria-live': 'polite' });
  const go = h('button', { class: 'primary', disabled: !manager, onclick: () => download() }, t('export_go'));

  // Reads the streamed CSV chunk by chunk, showing the bytes received, then saves it.
  async function download() {
    go.disabled = true;
    progress.textContent = '';
    const path = `/api/v1/exports/${kind.value}.csv?from=${from.value}&to=${to.value}`;
    try {
      const res = await fetch(path, { headers: { Authorization: `Bearer ${session.token}` } });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        throw new ApiError(res.status, body.error && body.error.code, body.error && body.error.message);
      }
      const reader = res.body.getReader();
      const parts = [];
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        bytes += value.length;
        progress.textContent = `${(bytes / 1024).toFixed(1)} KB ${t('export_received')}`;
      }
      const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv' }));
      const a = h('a', { href: url, download: `${kind.value}-${from.value}-${to.value}.csv` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      progress.textContent = `${t('export_done')} · ${(bytes / 1024).toFixed(1)} KB`;
    } catch (e) {
      progress.textContent = `${t('error')}: ${e.message}`;
    } finally {
      go.disabled = !manager;
    }
  }

  loadCanned();
  loadLabels();
  return [
    h('section', { class: 'card canned-settings' }, h('h2', null, t('canned')), h('p', { class: 'muted' }, t('canned_hint')), hint, cannedList, cannedForm),
    h('section', { class: 'card label-settings' }, h('h2', null, t('labels')), hint, labelList, labelForm,
      h('label', { class: 'check', for: 'ai-labels' }, aiLabels, ' ', t('ai_labels'))),
    h('section', { class: 'card export-settings' }, h('h2', null, t('exports')), h('p', { class: 'muted' }, t('export_hint')),
      h('div', { class: 'inline-form' }, kind, from, to, go), progress),
  ];
}
