// A tiny render helper: h(tag, props, ...children) builds elements; strings become text nodes,
// so data never becomes markup. Props: class, on<event>, aria-*/data-*/role as attributes,
// everything else as a property.
export function h(tag, props, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  const svg = tag.startsWith('svg:');
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (svg || k.startsWith('aria-') || k.startsWith('data-') || k === 'role' || k === 'for' ||
             k === 'tabindex' || k === 'title' || k === 'draggable' || k === 'type' || k === 'name' ||
             k === 'href' || k === 'autocomplete' || k === 'placeholder' || k === 'id') {
      el.setAttribute(k, v === true ? '' : String(v));
    } else el[k] = v;
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/// Replaces the children of `el`.
export function mount(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export const $ = (sel, root = document) => root.querySelector(sel);

/// "hace 5 min" style relative times, and a local date-time.
export function when(iso, lang) {
  if (!iso) return '';
  const d = new Date(iso);
  const s = (Date.now() - d.getTime()) / 1000;
  const es = lang !== 'en';
  if (s < 60) return es ? 'ahora' : 'now';
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return d.toLocaleDateString(es ? 'es-MX' : 'en-US', { day: 'numeric', month: 'short' });
}

export function datetime(iso, lang) {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-US' : 'es-MX',
    { dateStyle: 'short', timeStyle: 'short' });
}

export function debounce(fn, ms) {
  let t = 0;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}
