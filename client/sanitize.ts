/**
 * An allowlist HTML sanitizer for Visdom text panes. The HTML is parsed inert
 * (DOMParser never runs scripts or loads anything), then rebuilt keeping only
 * known-harmless elements and attributes; URLs must be http(s), mailto,
 * relative, or data:image. Everything else is dropped (its text kept, except for
 * script-like elements whose contents are dropped too).
 *
 * An <svg> (what the client's `svg()` and `matplot()` send) is shown as an <img>
 * of itself: a browser runs no script and loads nothing from an SVG image.
 */
const ALLOWED_TAGS = new Set([
  'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'code', 'col', 'colgroup', 'dd', 'del', 'details', 'div', 'dl', 'dt',
  'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol',
  'p', 'pre', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'u', 'ul', 'var', 'center', 'font',
]);
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'math', 'frame', 'frameset', 'head', 'title', 'link', 'meta', 'base', 'form', 'textarea', 'select', 'button', 'input']);
const ALLOWED_ATTRS = new Set(['href', 'src', 'alt', 'title', 'width', 'height', 'colspan', 'rowspan', 'align', 'valign', 'class', 'style', 'color', 'size', 'open']);
const URL_ATTRS = new Set(['href', 'src']);
const SAFE_URL = /^(?:https?:|mailto:|data:image\/(?:png|jpeg|gif|webp|bmp);base64,|[^:]*$)/i;
/** CSS that can fetch or run things (url(), expression(), behaviors, imports). */
const UNSAFE_STYLE = /url\s*\(|expression\s*\(|@import|behavior|-moz-binding|javascript:/i;

export function sanitizeHtml(html: string): DocumentFragment {
  const doc = new DOMParser().parseFromString(`<body>${html}`, 'text/html');
  const out = document.createDocumentFragment();
  copyChildren(doc.body, out);
  return out;
}

function copyChildren(from: Node, to: Node): void {
  for (const child of Array.from(from.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(child.textContent ?? ''));
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      const el = child as Element;
      const tag = el.localName;
      if (tag === 'svg') {
        to.appendChild(svgImage(el));
        continue;
      }
      if (DROP_WITH_CONTENT.has(tag)) continue;
      if (!ALLOWED_TAGS.has(tag)) {
        copyChildren(el, to);
        continue;
      }
      const copy = document.createElement(tag);
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        if (!ALLOWED_ATTRS.has(name)) continue;
        const value = attr.value;
        // Browsers ignore whitespace and control characters inside a URL scheme.
        if (URL_ATTRS.has(name) && !SAFE_URL.test(value.replace(/[\u0000-\u0020\u007f]/g, ''))) continue;
        if (name === 'style' && UNSAFE_STYLE.test(value)) continue;
        copy.setAttribute(name, value);
      }
      if (tag === 'a') {
        copy.setAttribute('target', '_blank');
        copy.setAttribute('rel', 'noopener noreferrer');
      }
      copyChildren(el, copy);
      to.appendChild(copy);
    }
  }
}

function svgImage(svg: Element): HTMLImageElement {
  const img = document.createElement('img');
  img.setAttribute('alt', 'SVG');
  img.setAttribute('style', 'max-width: 100%');
  img.setAttribute('src', `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`);
  return img;
}
