// A small Markdown renderer that builds DOM nodes (never HTML strings): headings, paragraphs,
// lists, block quotes, code blocks, **bold**, *italic*, `code` and [links](http…).
import { h } from './dom.js';

function inline(text) {
  const out = [];
  const re = /(\*\*([^*]+)\*\*|\*([^*]+)\*|`([^`]+)`|\[([^\]]+)\]\((https?:\/\/[^)\s]+)\))/g;
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[2]) out.push(h('strong', null, m[2]));
    else if (m[3]) out.push(h('em', null, m[3]));
    else if (m[4]) out.push(h('code', null, m[4]));
    else out.push(h('a', { href: m[6], rel: 'noopener noreferrer', target: '_blank' }, m[5]));
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function renderMarkdown(src) {
  const root = h('div', { class: 'markdown' });
  const lines = String(src || '').replace(/\r\n/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^```/.test(line)) {
      const code = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
      i++;
      root.append(h('pre', null, h('code', null, code.join('\n'))));
      continue;
    }
    const head = line.match(/^(#{1,6})\s+(.*)$/);
    if (head) { root.append(h(`h${Math.min(6, head[1].length + 1)}`, null, inline(head[2]))); i++; continue; }
    if (/^\s*([-*+]|\d+\.)\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const list = h(ordered ? 'ol' : 'ul');
      while (i < lines.length && /^\s*([-*+]|\d+\.)\s+/.test(lines[i])) {
        list.append(h('li', null, inline(lines[i].replace(/^\s*([-*+]|\d+\.)\s+/, ''))));
        i++;
      }
      root.append(list);
      continue;
    }
    if (/^>\s?/.test(line)) {
      const q = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) q.push(lines[i++].replace(/^>\s?/, ''));
      root.append(h('blockquote', null, inline(q.join(' '))));
      continue;
    }
    if (!line.trim()) { i++; continue; }
    const para = [];
    while (i < lines.length && lines[i].trim() && !/^(#{1,6}\s|```|>|\s*([-*+]|\d+\.)\s)/.test(lines[i])) para.push(lines[i++]);
    root.append(h('p', null, inline(para.join(' '))));
  }
  return root;
}

/// The first heading of a Markdown text (an imported file's title), or null.
export function firstHeading(src) {
  const m = String(src).match(/^#\s+(.+)$/m);
  return m ? m[1].trim() : null;
}
