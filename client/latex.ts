/**
 * LaTeX in text panes: `$…$` inline and `$$…$$` on its own line, rendered by KaTeX
 * as MathML (which Chromium, Firefox and Safari draw natively, so no fonts or CSS
 * are loaded). This module is imported lazily, only by a text pane that holds a `$`.
 * KaTeX's output is sanitized again with DOMPurify's MathML profile, and `\href`
 * and friends stay disabled (`trust: false`).
 */
import DOMPurify from 'dompurify';
import katex from 'katex';

const MATH = /\$\$([\s\S]+?)\$\$|\$([^$\n]+?)\$/g;
/** Text inside these is left as written. */
const RAW = new Set(['PRE', 'CODE', 'KBD', 'SAMP', 'STYLE', 'TEXTAREA']);

const purify = DOMPurify(window);

/** Replaces the LaTeX in the text nodes under `root` with rendered math; returns how many were rendered. */
export function renderLatex(root: Node): number {
  const texts: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = (n as Text).parentElement;
    if (parent && RAW.has(parent.tagName)) continue;
    if ((n as Text).data.includes('$')) texts.push(n as Text);
  }
  let rendered = 0;
  for (const text of texts) {
    const parts: Node[] = [];
    let last = 0;
    for (const m of text.data.matchAll(MATH)) {
      const display = m[1] !== undefined;
      const tex = (m[1] ?? m[2] ?? '').trim();
      if (!tex) continue;
      parts.push(document.createTextNode(text.data.slice(last, m.index)));
      parts.push(math(tex, display));
      last = m.index! + m[0].length;
      rendered++;
    }
    if (parts.length === 0) continue;
    parts.push(document.createTextNode(text.data.slice(last)));
    text.replaceWith(...parts);
  }
  return rendered;
}

function math(tex: string, display: boolean): Node {
  const html = katex.renderToString(tex, { output: 'mathml', displayMode: display, throwOnError: false, trust: false });
  const frag = purify.sanitize(html, { USE_PROFILES: { mathMl: true, html: true }, RETURN_DOM_FRAGMENT: true });
  const span = document.createElement('span');
  span.className = display ? 'latex display' : 'latex';
  span.append(frag);
  return span;
}
