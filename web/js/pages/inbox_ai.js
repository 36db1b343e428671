// The AI's words in the inbox: a decision's reason translated from its code and parameters, with
// its inputs (passages and scores, threshold, rules) one click away, and the suggestion cards
// (the live draft on top, superseded ones under it; approving one of those asks first).
// Rows decided before reason codes existed show their stored text.
import { h } from '../dom.js';
import { addStrings, t } from '../i18n.js';
import { badge, pct } from '../ui.js';

addStrings({
  es: {
    'reason.policy.bot_paused': 'Una persona atiende esta conversación: la IA solo prepara un borrador.',
    'reason.policy.human_requested': 'El cliente pide hablar con una persona: se pasó a un agente.',
    'reason.policy.high_risk': 'El mensaje suena molesto o urgente ({category}): se pasó a un agente.',
    'reason.policy.high_risk_category': '{category} es una categoría de alto riesgo: ticket con un borrador para un agente.',
    'reason.policy.below_threshold': '{category} con solo {confidence} de confianza (umbral {threshold}): se abre un ticket y se piden más datos.',
    'reason.policy.assisted_mode': 'Modo asistido: la respuesta queda como borrador para que un agente la apruebe.',
    'reason.policy.autopilot': '{category} con {confidence} de confianza (umbral {threshold}): respondido automáticamente.',
    'reason.policy.not_autopilot_category': '{category} no se responde automáticamente: borrador para un agente.',
    'reason.policy.missing_tracking_number': 'Rastreo sin número de pedido o de guía: se le pide al cliente.',
    'reason.policy.no_answer_found': 'Ningún artículo responde lo suficiente: ticket con un borrador para un agente.',
    'reason.policy.tracking_not_found': 'La paquetería no conoce el número {number}: se le dice al cliente que lo revise y un ticket lo deja a una persona.',
    'reason.policy.tracking_unavailable': 'La paquetería no respondió sobre el número {number}: se le avisa al cliente y un ticket lo deja a una persona.',
    'reason.llm.pre_rule': 'Una regla decidió la categoría; no se consultó al LLM.',
    'reason.llm.triage': 'Clasificó el LLM.',
    'reason.llm.triage_fallback': 'El LLM no dio una clasificación válida; clasificó el modelo local.',
    'reason.llm.reply': 'El LLM redactó el borrador a partir del artículo citado.',
    'reason.llm.reply_fallback': 'No se usó la respuesta del LLM; el borrador cita el mejor pasaje.',
    'catname.INFO': 'Información', 'catname.TRACKING': 'Rastreo', 'catname.BILLING': 'Facturación',
    'catname.QUOTE': 'Cotización', 'catname.COMPLAINT': 'Queja', 'catname.HUMAN': 'Persona', 'catname.OTHER': 'Otro',
    ai_inputs: 'Datos de la decisión', ai_rule: 'Regla', ai_threshold: 'Umbral', ai_mode: 'Modo',
    lookup_not_found: 'la paquetería no lo conoce', lookup_unavailable: 'la paquetería no respondió',
    ai_triage_rule: 'Clasificación', ai_passages: 'Pasajes', ai_no_passages: 'ninguno', ai_shipment: 'Envío',
    mode_ASSISTED: 'asistido', mode_AUTOPILOT: 'piloto automático', triage_model: 'modelo local', triage_llm: 'LLM',
    superseded: 'Reemplazada: el cliente escribió después',
    confirm_superseded: 'El cliente escribió después de este borrador. ¿Enviarlo de todos modos?',
    send_anyway: 'Enviar de todos modos',
  },
  en: {
    'reason.policy.bot_paused': 'A person handles this conversation: the AI only drafts.',
    'reason.policy.human_requested': 'The customer asks for a person: handed to an agent.',
    'reason.policy.high_risk': 'The message sounds upset or urgent ({category}): handed to an agent.',
    'reason.policy.high_risk_category': '{category} is a high-risk category: a ticket with a draft for an agent.',
    'reason.policy.below_threshold': '{category} at only {confidence} confidence (threshold {threshold}): a ticket is opened and more details are asked for.',
    'reason.policy.assisted_mode': 'Assisted mode: the reply is a draft for an agent to approve.',
    'reason.policy.autopilot': '{category} at {confidence} confidence (threshold {threshold}): answered automatically.',
    'reason.policy.not_autopilot_category': '{category} is not answered automatically: a draft for an agent.',
    'reason.policy.missing_tracking_number': 'Tracking without an order or tracking number: the customer is asked for it.',
    'reason.policy.no_answer_found': 'No article answers well enough: a ticket with a draft for an agent.',
    'reason.policy.tracking_not_found': 'The carrier knows no number {number}: the customer is asked to check it and a ticket leaves it to a person.',
    'reason.policy.tracking_unavailable': 'The carrier did not answer about number {number}: the customer is told and a ticket leaves it to a person.',
    'reason.llm.pre_rule': 'A rule decided the category; the LLM was not asked.',
    'reason.llm.triage': 'Classified by the LLM.',
    'reason.llm.triage_fallback': 'The LLM gave no valid classification; the local model classified it.',
    'reason.llm.reply': 'The LLM wrote the draft from the cited article.',
    'reason.llm.reply_fallback': 'The LLM\'s reply was not used; the draft quotes the best passage.',
    'catname.INFO': 'Information', 'catname.TRACKING': 'Tracking', 'catname.BILLING': 'Billing',
    'catname.QUOTE': 'Quote', 'catname.COMPLAINT': 'Complaint', 'catname.HUMAN': 'Person', 'catname.OTHER': 'Other',
    ai_inputs: 'Decision inputs', ai_rule: 'Rule', ai_threshold: 'Threshold', ai_mode: 'Mode',
    lookup_not_found: 'unknown to the carrier', lookup_unavailable: 'the carrier did not answer',
    ai_triage_rule: 'Classification', ai_passages: 'Passages', ai_no_passages: 'none', ai_shipment: 'Shipment',
    mode_ASSISTED: 'assisted', mode_AUTOPILOT: 'autopilot', triage_model: 'local model', triage_llm: 'LLM',
    superseded: 'Superseded: the customer wrote again',
    confirm_superseded: 'The customer wrote after this draft. Send it anyway?',
    send_anyway: 'Send anyway',
  },
});

// The text of a key when the tables have it, else null.
const known = (key) => (t(key) === key ? null : t(key));

function fill(template, p) {
  return template.replace(/\{(\w+)\}/g, (_, k) => {
    if (k === 'category') return known(`catname.${p.category}`) || p.category || '';
    if (k === 'confidence' || k === 'threshold') return typeof p[k] === 'number' ? pct(p[k]) : '—';
    return p[k] ?? '';
  });
}

/// The reason in the dashboard's language; the stored text for rows without a code.
export function reasonText(x) {
  const template = x.reason_code && known(`reason.${x.reason_code}`);
  if (!template) return x.reason || '';
  const p = x.reason_params || {};
  const notes = (p.llm || []).map((c) => known(`reason.${c}`)).filter(Boolean);
  return [fill(template, p), ...notes].join(' ');
}

function inputsView(x) {
  const p = x.reason_params || {};
  const i = x.inputs || {};
  const row = (label, value) => h('li', null, h('span', { class: 'muted' }, `${label}: `), value);
  const passages = i.knowledge || [];
  const rule = i.triage_rule === 'model' ? t('triage_model') : i.triage_rule === 'llm' ? t('triage_llm') : i.triage_rule;
  return h('details', { class: 'ai-inputs' }, h('summary', null, t('ai_inputs')),
    h('ul', null,
      row(t('ai_rule'), h('code', null, x.reason_code || x.rule || '—')),
      typeof p.confidence === 'number' ? row(t('confidence'), pct(p.confidence)) : null,
      typeof p.threshold === 'number' ? row(t('ai_threshold'), pct(p.threshold)) : null,
      p.mode ? row(t('ai_mode'), known(`mode_${p.mode}`) || p.mode) : null,
      rule ? row(t('ai_triage_rule'), rule) : null,
      x.inputs ? row(t('ai_passages'), passages.length
        ? h('ol', { class: 'passages' }, passages.map((k) => h('li', null, `${k.title} · ${Number(k.score).toFixed(2)}`)))
        : t('ai_no_passages')) : null,
      i.shipment ? row(t('ai_shipment'), `${i.shipment.tracking_number} · ${i.shipment.status}`) : null,
      i.shipment_lookup
        ? row(t('ai_shipment'), `${i.shipment_lookup.number} · ${t(`lookup_${i.shipment_lookup.outcome}`)}`)
        : null));
}

/// The reason line of a decision or suggestion, with its inputs one click away.
export function reasonView(x) {
  const text = reasonText(x);
  if (!text) return null;
  return h('div', { class: 'muted reason', 'data-reason-code': x.reason_code || '' },
    h('span', { class: 'reason-text' }, text), ' ', inputsView(x));
}

/// The suggestion cards, the live draft first. `act` has approve(x, text, confirmed) and
/// reject(x, reason).
export function suggestionCards(list, act) {
  const ordered = [...list].sort((a, b) => (a.status === 'superseded') - (b.status === 'superseded') || b.id - a.id);
  return ordered.map((x) => {
    const old = x.status === 'superseded';
    const text = h('textarea', { class: 'suggest-edit', rows: 3, 'aria-label': t('edit_send'), hidden: true });
    text.value = x.text || '';
    const reason = h('input', { type: 'text', class: 'reject-reason', placeholder: t('reject_reason'), 'aria-label': t('reject_reason'), hidden: true });
    // A superseded draft asks first: the first click shows the question, the second sends.
    const ask = h('p', { class: 'confirm-superseded', role: 'alert', hidden: true }, t('confirm_superseded'));
    const approve = () => {
      if (old && ask.hidden) {
        ask.hidden = false;
        approveBtn.textContent = t('send_anyway');
        return;
      }
      act.approve(x, text.hidden ? undefined : text.value, old);
    };
    const approveBtn = h('button', { class: `${old ? '' : 'primary '}approve`, onclick: approve }, t('approve'));
    return h('div', { class: `suggestion${old ? ' superseded' : ''}`, 'data-suggestion-id': x.id, 'data-status': x.status },
      old ? h('div', { class: 'badge superseded-note' }, t('superseded')) : null,
      h('p', { class: 'suggest-text' }, x.text || ''),
      h('div', { class: 'muted' }, x.category ? badge(x.category, 'cat') : null, ' ',
        x.confidence !== undefined && x.confidence !== null ? `${t('confidence')} ${pct(x.confidence)}` : ''),
      reasonView(x),
      text, reason, ask,
      h('div', { class: 'actions' },
        approveBtn,
        h('button', { class: 'edit', onclick: () => {
          text.hidden = !text.hidden;
          approveBtn.textContent = text.hidden ? t('approve') : t('send_edited');
          if (!text.hidden) text.focus();
        } }, t('edit_send')),
        h('button', { class: 'danger reject', onclick: () => { if (reason.hidden) { reason.hidden = false; reason.focus(); } else act.reject(x, reason.value.trim()); } }, t('reject'))));
  });
}
