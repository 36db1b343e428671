// Media in the inbox's timeline and composer (docs/architecture.md §Media): a photo's preview
// with a full-size view, an audio player for voice notes, a video, a document's link with its
// name and size, a map link for a location, a placeholder while a download runs and, when it
// failed, the reason and a retry button. Files come from GET /api/v1/media/{id}, which needs the
// bearer token, so they are fetched here and shown from blob URLs. The composer's attach button
// and drag-and-drop send a file with POST /api/v1/conversations/{id}/attachments (the raw file).
import { h } from '../dom.js';
import { ApiError, post, session } from '../api.js';
import { toast } from '../ui.js';
import { addStrings, t } from '../i18n.js';

addStrings({
  es: {
    media_fetching: 'Descargando archivo…', media_failed: 'No se pudo descargar el archivo',
    media_retry: 'Reintentar descarga', media_open: 'Ver en tamaño completo', media_close: 'Cerrar',
    media_location: 'Ubicación', media_map: 'Ver en el mapa', media_document: 'Documento',
    attach: 'Adjuntar archivo', attach_drop: 'Suelta el archivo para enviarlo', attach_sent: 'Archivo enviado',
    attach_sending: 'Enviando archivo…', media_image: 'Imagen', media_sticker: 'Sticker',
  },
  en: {
    media_fetching: 'Downloading file…', media_failed: 'The file could not be downloaded',
    media_retry: 'Retry download', media_open: 'View full size', media_close: 'Close',
    media_location: 'Location', media_map: 'Open the map', media_document: 'Document',
    attach: 'Attach a file', attach_drop: 'Drop the file to send it', attach_sent: 'File sent',
    attach_sending: 'Sending file…', media_image: 'Image', media_sticker: 'Sticker',
  },
});

const blobs = new Map(); // media id -> object URL, kept for the page's life (files never change)

async function blobUrl(m) {
  if (blobs.has(m.id)) return blobs.get(m.id);
  const res = await fetch(m.url, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!res.ok) throw new ApiError(res.status, 'media', `HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  blobs.set(m.id, url);
  return url;
}

function size(bytes) {
  if (!bytes && bytes !== 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// An element whose src (or href) is filled once the file is fetched.
function loaded(el, m, attr = 'src') {
  blobUrl(m).then((url) => { el[attr] = url; }).catch(() => el.classList.add('media-broken'));
  return el;
}

function fullSize(m, alt) {
  const img = loaded(h('img', { class: 'media-full', alt }), m);
  const dlg = h('dialog', { class: 'media-dialog', 'aria-label': t('media_open') },
    img, h('button', { type: 'button', class: 'ghost', onclick: () => { dlg.close(); dlg.remove(); } }, t('media_close')));
  document.body.append(dlg);
  dlg.showModal();
}

async function download(m) {
  try {
    const a = h('a', { href: await blobUrl(m) });
    a.download = m.filename || 'file';
    a.click();
  } catch (e) {
    toast(`${t('error')}: ${e.message}`, 'error');
  }
}

async function retry(m) {
  try {
    await post(`/api/v1/media/${m.id}/retry`, {});
  } catch (e) {
    toast(`${t('error')}: ${e.message}`, 'error');
  }
}

function locationView(m) {
  const lat = Number(m.latitude), lng = Number(m.longitude);
  const href = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}`;
  return h('a', { class: 'media-location', href, target: '_blank', rel: 'noopener noreferrer' },
    `📍 ${m.name || t('media_location')} · ${t('media_map')}`);
}

/// One media descriptor as the timeline shows it.
export function mediaItem(m) {
  const attrs = { class: `media media-${m.kind} media-${m.status}`, 'data-media-id': m.id };
  if (m.kind === 'location') return h('div', attrs, locationView(m));
  if (m.status === 'fetching') return h('div', attrs, h('span', { class: 'muted' }, `⏳ ${t('media_fetching')}`));
  if (m.status === 'failed') {
    return h('div', attrs, h('span', { class: 'media-error' }, `⚠ ${t('media_failed')}`),
      m.error ? h('span', { class: 'muted' }, ` (${m.error})`) : null, ' ',
      h('button', { type: 'button', class: 'link media-retry', onclick: () => retry(m) }, t('media_retry')));
  }
  switch (m.kind) {
    case 'image':
    case 'sticker': {
      const alt = m.filename || t(m.kind === 'image' ? 'media_image' : 'media_sticker');
      return h('div', attrs, h('button', { type: 'button', class: 'media-thumb', title: t('media_open'), onclick: () => fullSize(m, alt) },
        loaded(h('img', { alt, class: 'media-preview' }), m)));
    }
    case 'audio': return h('div', attrs, loaded(h('audio', { controls: true, preload: 'metadata' }), m));
    case 'video': return h('div', attrs, loaded(h('video', { controls: true, preload: 'metadata', class: 'media-video' }), m));
    default: return h('div', attrs, h('button', { type: 'button', class: 'link media-doc', onclick: () => download(m) },
      `📄 ${m.filename || t('media_document')}`), h('span', { class: 'muted' }, ` · ${size(m.size)}`));
  }
}

/// The media of a message (its `media` array), or nothing.
export function mediaView(media) {
  if (!Array.isArray(media) || media.length === 0) return null;
  return h('div', { class: 'media-list' }, media.map(mediaItem));
}

/// A `media.updated` frame: the descriptor replaces the one shown and the message's copy.
export function mediaUpdated(timeline, messages, d) {
  const m = d && d.media;
  if (!m) return;
  const msg = (messages || []).find((x) => x.id === m.message_id);
  if (msg && Array.isArray(msg.media)) msg.media = msg.media.map((x) => (x.id === m.id ? m : x));
  const el = timeline.querySelector(`[data-media-id="${m.id}"]`);
  if (el) el.replaceWith(mediaItem(m));
}

async function upload(conversationId, file, caption) {
  const q = new URLSearchParams({ filename: file.name || 'file' });
  if (caption) q.set('caption', caption);
  const res = await fetch(`/api/v1/conversations/${conversationId}/attachments?${q}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': file.type || 'application/octet-stream' },
    body: file,
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data && data.error && data.error.code, data && data.error && data.error.message);
  return data;
}

/// The composer's attach button (and drag-and-drop onto `dropZone`): sends the file to the
/// conversation `conversationId()` with the reply box's text as its caption, then `onSent(m)`.
export function attachControls({ dropZone, textarea, conversationId, onSent }) {
  const input = h('input', { type: 'file', class: 'attach-input', 'aria-label': t('attach'), hidden: true });
  async function send(file) {
    const id = conversationId();
    if (!file || !id) return;
    const caption = textarea.value.trim();
    toast(t('attach_sending'));
    try {
      const m = await upload(id, file, caption);
      if (caption) textarea.value = '';
      onSent({ ...m, conversation_id: m.conversation_id || id });
      toast(t('attach_sent'));
    } catch (e) {
      toast(`${t('error')}: ${e.message}`, 'error');
    }
  }
  input.addEventListener('change', () => { send(input.files[0]); input.value = ''; });
  dropZone.addEventListener('dragover', (e) => { e.preventDefault(); dropZone.classList.add('dropping'); });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dropping'));
  dropZone.addEventListener('drop', (e) => {
    e.preventDefault();
    dropZone.classList.remove('dropping');
    if (e.dataTransfer && e.dataTransfer.files.length) send(e.dataTransfer.files[0]);
  });
  const button = h('button', { type: 'button', class: 'ghost attach', title: t('attach'), 'aria-label': t('attach'), onclick: () => input.click() }, '📎');
  return [input, button];
}
