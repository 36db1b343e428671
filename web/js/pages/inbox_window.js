// The WhatsApp Cloud 24-hour window in the inbox (docs/protocols.md §3): whether the customer
// can still get free text and until when, and outside the window the account's approved
// templates with their variables filled from the customer and the case, instead of the reply
// box. Also the link to the body-hash duplicates suppressed in the conversation's event log.
import { h, mount, datetime } from '../dom.js';
import { get, post } from '../api.js';
import { toast } from '../ui.js';
import { addStrings } from '../i18n.js';

addStrings({
  es: {
    window_open_until: 'Ventana de WhatsApp abierta hasta', window_closed: 'Ventana de 24 h cerrada: el cliente escribió hace más de 24 horas; solo se puede enviar una plantilla aprobada.',
    template: 'Plantilla', send_template: 'Enviar plantilla', no_templates: 'No hay plantillas aprobadas: sincronízalas en Canales.',
    template_sent: 'Plantilla enviada', suppressed_duplicates: 'mensajes repetidos suprimidos', variable: 'Variable',
  },
  en: {
    window_open_until: 'WhatsApp window open until', window_closed: '24-hour window closed: the customer wrote more than 24 hours ago; only an approved template can be sent.',
    template: 'Template', send_template: 'Send template', no_templates: 'No approved templates: sync them on Channels.',
    template_sent: 'Template sent', suppressed_duplicates: 'repeated messages suppressed', variable: 'Variable',
  },
});

// `replyForm` is hidden while the window is closed; `onSent(message)` shows a sent template.
export function windowBox(t, replyForm, onSent) {
  const el = h('div', { class: 'window-box', hidden: true });
  let shownFor = null;

  async function templatePicker(d) {
    let r;
    try { r = await get(`/api/v1/conversations/${d.id}/templates`); } catch (e) { return h('span', null, e.message); }
    const approved = (r.templates || []).filter((x) => x.status === 'APPROVED');
    if (!approved.length) return h('p', { class: 'muted' }, t('no_templates'));
    const select = h('select', { class: 'template-select', 'aria-label': t('template') },
      approved.map((x, i) => h('option', { value: i }, `${x.name} (${x.language})`)));
    const fields = h('span', { class: 'template-vars' });
    const body = h('p', { class: 'template-body' });
    const paint = () => {
      const x = approved[Number(select.value)];
      body.textContent = x.body;
      mount(fields, Array.from({ length: x.variables }, (_, i) => h('input', {
        class: 'template-var', 'aria-label': `${t('variable')} {{${i + 1}}}`, placeholder: `{{${i + 1}}}`,
        value: (x.suggested_variables || [])[i] || '' })));
    };
    select.addEventListener('change', paint);
    paint();
    const send = h('button', { type: 'button', class: 'primary send-template', onclick: async () => {
      const x = approved[Number(select.value)];
      const variables = [...fields.querySelectorAll('input')].map((i) => i.value.trim());
      send.disabled = true;
      try {
        const m = await post(`/api/v1/conversations/${d.id}/template`, { template: x.name, language: x.language, variables });
        toast(t('template_sent'));
        onSent(m);
      } catch (e) {
        toast(`${t('error')}: ${e.message}`, 'error');
      } finally {
        send.disabled = false;
      }
    } }, t('send_template'));
    return h('div', { class: 'template-picker' }, select, body, fields, send);
  }

  // Repaints for the conversation detail `d` (the detail answer carries the window).
  async function update(d) {
    const w = (d && d.service_window) || { applies: false, open: true };
    const dup = d && d.suppressed_duplicates;
    const dupLink = dup ? h('a', { class: 'suppressed-link', href: `/events?conversation_id=${d.id}&status=duplicate` },
      `${dup} ${t('suppressed_duplicates')}`) : null;
    replyForm.hidden = w.applies && !w.open;
    el.hidden = !w.applies && !dup;
    const key = `${d && d.id}:${w.open}:${dup}`;
    if (key === shownFor) return;
    shownFor = key;
    if (!w.applies) { mount(el, dupLink); return; }
    if (w.open) {
      mount(el, h('span', { class: 'window-open' }, `${t('window_open_until')} ${datetime(w.closes_at)}`), dupLink);
      return;
    }
    mount(el, h('p', { class: 'window-closed', role: 'status' }, t('window_closed')), dupLink);
    el.append(await templatePicker(d));
  }

  return { el, update };
}
