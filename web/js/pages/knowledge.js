// The knowledge base: articles, a Markdown editor with a live preview, a search box showing the
// matched passages and their scores, and an import of Markdown files with a progress bar.
import { h, mount, datetime, debounce } from '../dom.js';
import { get, post, put, del, itemsOf, query } from '../api.js';
import { loading, problem, notAvailable, badge, toast } from '../ui.js';
import { renderMarkdown, firstHeading } from '../markdown.js';

export function render(ctx) {
  const { t, lang } = ctx;
  const admin = ctx.user.role === 'admin' || ctx.user.role === 'platform';
  let articles = [];
  let current = null;
  const listEl = h('ul', { class: 'article-list' }, h('li', null, loading()));
  const results = h('div', { class: 'kb-results', 'aria-live': 'polite' });
  const editor = h('div', { class: 'kb-editor' });
  const progress = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': t('import') });
  const progressText = h('span', { class: 'muted' });
  const searchBox = h('input', { type: 'search', placeholder: t('kb_search'), 'aria-label': t('kb_search'),
    oninput: debounce((e) => search(e.target.value.trim()), 250) });
  const fileInput = h('input', { type: 'file', accept: '.md,.markdown,text/markdown', multiple: true,
    'aria-label': t('import_files'), onchange: (e) => importFiles([...e.target.files]) });
  const el = h('div', { class: 'knowledge' },
    h('div', { class: 'kb-side' },
      searchBox, results,
      h('div', { class: 'toolbar' },
        h('h2', null, t('articles')),
        admin ? h('button', { class: 'primary', onclick: () => edit({ title: '', body: '' }) }, t('new_article')) : null),
      listEl,
      admin ? h('div', { class: 'kb-import' }, h('label', null, t('import_files'), fileInput), progress, progressText) : null),
    editor);

  async function load() {
    try {
      articles = itemsOf(await get('/api/v1/knowledge/articles'));
      mount(listEl, articles.length ? articles.map((a) => h('li', null,
        h('button', { class: 'link', onclick: () => open(a.id) }, a.title),
        h('span', { class: 'muted' }, ` · ${datetime(a.updated_at, lang)}`))) : h('li', { class: 'muted' }, t('empty')));
    } catch (e) {
      mount(listEl, h('li', null, problem(e, load)));
      if (e.unavailable) mount(editor, notAvailable());
    }
  }

  async function open(id) {
    mount(editor, loading());
    try { edit(await get(`/api/v1/knowledge/articles/${id}`)); } catch (e) { mount(editor, problem(e)); }
  }

  function edit(a) {
    current = a;
    const title = h('input', { type: 'text', value: a.title || '', 'aria-label': t('title'), placeholder: t('title'), readOnly: !admin });
    const body = h('textarea', { class: 'md-source', rows: 18, 'aria-label': t('body'), readOnly: !admin });
    body.value = a.body || '';
    const preview = h('div', { class: 'md-preview', 'aria-label': t('preview') }, renderMarkdown(body.value));
    body.addEventListener('input', debounce(() => mount(preview, renderMarkdown(body.value)), 120));
    mount(editor,
      h('label', { class: 'field' }, t('title'), title),
      h('div', { class: 'md-split' }, h('label', { class: 'field' }, t('body'), body),
        h('div', null, h('div', { class: 'field-label' }, t('preview')), preview)),
      admin ? h('div', { class: 'actions' },
        h('button', { class: 'primary', onclick: async () => {
          try {
            const payload = { title: title.value.trim(), body: body.value };
            const saved = a.id ? await put(`/api/v1/knowledge/articles/${a.id}`, payload)
              : await post('/api/v1/knowledge/articles', payload);
            toast(t('saved'));
            current = saved || current;
            load();
          } catch (e) { toast(`${t('error')}: ${e.message}`, 'error'); }
        } }, t('save')),
        a.id ? h('button', { class: 'danger', onclick: async () => {
          try { await del(`/api/v1/knowledge/articles/${a.id}`); mount(editor); load(); }
          catch (e) { toast(`${t('error')}: ${e.message}`, 'error'); }
        } }, t('delete')) : null) : null);
  }

  async function search(q) {
    if (!q) return mount(results);
    mount(results, loading());
    try {
      const data = await get(`/api/v1/knowledge/search${query({ q, k: 5 })}`);
      const rows = itemsOf(data);
      mount(results, rows.length ? h('ol', { class: 'kb-hits' }, rows.map((r) => h('li', null,
        h('button', { class: 'link', onclick: () => open(r.article_id) }, r.title || `#${r.article_id}`), ' ',
        badge(`${t('score')} ${Number(r.score).toFixed(3)}`, 'score'),
        h('p', { class: 'passage' }, r.chunk || r.text || '')))) : h('p', { class: 'muted' }, t('empty')));
    } catch (e) {
      mount(results, problem(e));
    }
  }

  async function importFiles(files) {
    if (!files.length) return;
    progress.hidden = false;
    progress.max = files.length;
    progress.value = 0;
    let ok = 0;
    for (const f of files) {
      try {
        const text = await f.text();
        await post('/api/v1/knowledge/articles', { title: firstHeading(text) || f.name.replace(/\.[^.]+$/, ''), body: text });
        ok++;
      } catch (e) {
        toast(`${f.name}: ${e.message}`, 'error');
      }
      progress.value += 1;
      progressText.textContent = ` ${progress.value}/${files.length}`;
    }
    progressText.textContent = ` ${ok}/${files.length} ${t('imported')}`;
    load();
  }

  load();
  return { el, onLive(f) { if (f.type.startsWith('knowledge.') || f.type.startsWith('article.')) load(); } };
}
