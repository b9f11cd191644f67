/**
 * The HTML sanitizer of Visdom text panes: DOMPurify (maintained, tested against
 * mutation XSS in every browser) with an allowlist of what text panes need: tables,
 * formatting, links with safe hrefs and images (http(s), relative, or data: URIs as
 * Visdom's image and text panes send). Links open in a new tab without an opener.
 *
 * `style` keeps only a few presentational properties, read back from the browser's
 * own CSS parser (so escapes such as `u\72l(` are already decoded), and only when the
 * value holds no function but rgb()/hsl(), no backslash and no quote: nothing in a
 * text pane's style can fetch (`url()`, `image-set()`) or run (`expression()`).
 *
 * An <svg> (what the client's `svg()` and `matplot()` send) is shown as an <img>
 * of itself: a browser runs no script and loads nothing from an SVG image.
 */
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'code', 'col', 'colgroup', 'dd', 'del', 'details', 'div', 'dl', 'dt',
  'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol',
  'p', 'pre', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'u', 'ul', 'var', 'center', 'font',
];
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'width', 'height', 'colspan', 'rowspan', 'align', 'valign', 'class', 'style', 'color', 'size', 'open'];
/** http(s), mailto, relative, or a raster data: image. (DOMPurify also lets <img> take any data: URI: an image runs nothing.) */
const SAFE_URL = /^(?:https?:|mailto:|data:image\/(?:png|jpeg|gif|webp|bmp);base64,|[^:]*$)/i;

/** Style properties a text pane may set (longhands, as the browser's parser reports them). */
const STYLE_PROPERTIES = new Set([
  'color', 'background-color', 'font-weight', 'font-style', 'font-size', 'font-family', 'text-align', 'text-decoration-line',
  'text-decoration-color', 'text-decoration-style', 'vertical-align', 'white-space', 'width', 'height', 'max-width', 'min-width',
  'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width', 'border-top-style', 'border-right-style',
  'border-bottom-style', 'border-left-style', 'border-top-color', 'border-right-color', 'border-bottom-color', 'border-left-color',
  'border-collapse', 'line-height', 'letter-spacing',
]);
/** Words, numbers, units, colours, commas; the only functions are rgb/rgba/hsl/hsla with numeric arguments. */
const SAFE_STYLE_VALUE = /^(?:[\w\s#%.,+-]|(?:rgba?|hsla?)\([\d\s.,%/+-]*\))*$/i;

const purify = DOMPurify(window);
purify.addHook('uponSanitizeAttribute', (_node, data) => {
  if (data.attrName !== 'style') return;
  data.attrValue = safeStyle(data.attrValue);
  if (data.attrValue === '') data.keepAttr = false;
});
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.localName === 'a') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

export function sanitizeHtml(html: string): DocumentFragment {
  const doc = new DOMParser().parseFromString(`<body>${html}`, 'text/html');
  for (const svg of Array.from(doc.body.querySelectorAll('svg'))) svg.replaceWith(svgImage(svg));
  // The parsed nodes themselves are sanitized (no serialize-and-parse-again between the two),
  // inside a <div>: DOMPurify cannot drop a detached root such as the <body>.
  const wrap = doc.createElement('div');
  wrap.append(...Array.from(doc.body.childNodes));
  const clean = purify.sanitize(wrap, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: SAFE_URL,
    ALLOW_ARIA_ATTR: false,
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  const out = document.createDocumentFragment();
  out.append(...Array.from(clean.firstChild?.childNodes ?? []));
  return out;
}

/** The declarations of `style` that pass, rebuilt from the browser's parse of it ('' when none). */
export function safeStyle(style: string): string {
  const probe = document.createElement('span');
  probe.setAttribute('style', style);
  const kept: string[] = [];
  for (const name of Array.from(probe.style)) {
    const value = probe.style.getPropertyValue(name);
    if (STYLE_PROPERTIES.has(name) && SAFE_STYLE_VALUE.test(value) && !/url|image-set|expression/i.test(value)) kept.push(`${name}: ${value}`);
  }
  return kept.join('; ');
}

function svgImage(svg: Element): HTMLImageElement {
  const img = svg.ownerDocument.createElement('img');
  img.setAttribute('alt', 'SVG');
  img.setAttribute('style', 'max-width: 100%');
  img.setAttribute('src', `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`);
  return img;
}
