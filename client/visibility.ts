/**
 * One shared IntersectionObserver for every pane: panes outside the viewport (plus
 * a margin) are told so and stop rendering and updating.
 */
type Callback = (visible: boolean) => void;

const callbacks = new WeakMap<Element, Callback>();
let observer: IntersectionObserver | null = null;

export function observeVisibility(el: Element, cb: Callback): () => void {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) callbacks.get(e.target)?.(e.isIntersecting);
    },
    { rootMargin: '300px 0px' },
  );
  callbacks.set(el, cb);
  observer.observe(el);
  return () => {
    observer?.unobserve(el);
    callbacks.delete(el);
  };
}
