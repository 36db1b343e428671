// Canned replies in the composer: typing `/` (at the start or after a space) lists the tenant's
// replies whose shortcut matches what follows, as you type; ↑/↓ pick, Enter or Tab insert,
// Escape closes. Variables are filled in before the text goes into the box, so the agent sees
// and sends the final text ({{first_name}}, {{order_number}}, {{agent_name}}).
import { h, mount } from '../dom.js';
import { get, itemsOf, session } from '../api.js';
import { toast } from '../ui.js';
import './toolkit_strings.js';

const max_shown = 8;

// The values of the variables for a conversation's detail.
export function cannedValues(detail) {
  const name = ((detail && detail.customer && detail.customer.name) || '').trim();
  const orders = ((detail && detail.shipments) || []).map((x) => x.order_number).filter(Boolean);
  return {
    first_name: name.split(/\s+/)[0] || '',
    order_number: orders.length ? String(orders[orders.length - 1]) : '',
    agent_name: (session.user && session.user.name) || '',
  };
}

// `text` with each {{variable}} replaced; the names left without a value are listed.
export function fillCanned(text, values) {
  const missing = [];
  const out = text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (all, name) => {
    if (values[name]) return values[name];
    missing.push(name);
    return all;
  });
  return { text: out, missing };
}

// Adds the menu to `textarea` (inside `form`); `detail()` is the open conversation's detail.
export function attachCanned(ctx, textarea, form, detail) {
  const { t } = ctx;
  let replies = [];
  let shown = [];
  let at = 0;
  const menu = h('ul', { class: 'canned-menu', role: 'listbox', 'aria-label': t('canned'), hidden: true });
  form.prepend(menu);

  async function load() {
    try { replies = itemsOf(await get('/api/v1/canned-responses')); } catch { replies = []; }
  }

  // The `/word` just before the caret, or null.
  function typed() {
    const before = textarea.value.slice(0, textarea.selectionStart);
    const m = before.match(/(^|\s)\/([\w-]*)$/);
    return m ? { word: m[2].toLowerCase(), start: before.length - m[2].length - 1 } : null;
  }

  function close() { menu.hidden = true; shown = []; }

  function paint() {
    mount(menu, shown.length ? shown.map((r, i) => h('li', {
      role: 'option', class: `canned-item ${i === at ? 'active' : ''}`, 'aria-selected': String(i === at),
      'data-shortcut': r.shortcut, onmousedown: (e) => { e.preventDefault(); insert(r); },
    }, h('strong', null, `/${r.shortcut}`), ' ', h('span', { class: 'muted' }, r.text.slice(0, 80))))
      : h('li', { class: 'muted canned-empty' }, t('canned_none')));
    menu.hidden = false;
  }

  function update() {
    const x = typed();
    if (!x) return close();
    shown = replies.filter((r) => r.shortcut.startsWith(x.word))
      .concat(replies.filter((r) => !r.shortcut.startsWith(x.word) && r.shortcut.includes(x.word)))
      .slice(0, max_shown);
    at = Math.min(at, Math.max(0, shown.length - 1));
    paint();
  }

  function insert(r) {
    const x = typed();
    if (!x) return close();
    const { text, missing } = fillCanned(r.text, cannedValues(detail()));
    const end = textarea.selectionStart;
    textarea.value = textarea.value.slice(0, x.start) + text + textarea.value.slice(end);
    const caret = x.start + text.length;
    textarea.setSelectionRange(caret, caret);
    textarea.focus();
    close();
    if (missing.length) toast(`${t('canned_missing')} ${missing.map((m) => `{{${m}}}`).join(', ')}`, 'error');
  }

  textarea.addEventListener('input', () => { at = 0; update(); });
  textarea.addEventListener('blur', () => setTimeout(close, 150));
  textarea.addEventListener('keydown', (e) => {
    if (menu.hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (shown.length) at = (at + (e.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
      paint();
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey && shown.length) {
      e.preventDefault();
      e.stopImmediatePropagation();
      insert(shown[at]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });
  load();
  return { onLive(type) { if (type === 'canned_response.changed') load(); } };
}
