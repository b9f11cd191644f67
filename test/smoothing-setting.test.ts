import { describe, expect, it } from 'vitest';
import { SmoothingSetting } from '../client/smoothing-setting.js';
import { urlFor } from '../client/url-state.js';

function memory(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('dashboard smoothing setting', () => {
  it('is off by default', () => {
    expect(new SmoothingSetting(memory(), '').weight).toBe(0);
  });

  it('is remembered across reloads, and a URL value wins over the remembered one', () => {
    const store = memory();
    new SmoothingSetting(store, '').set(0.6);
    expect(new SmoothingSetting(store, '').weight).toBe(0.6);
    expect(new SmoothingSetting(store, '?smooth=0.3').weight).toBe(0.3);
    expect(new SmoothingSetting(store, '?smooth=banana').weight).toBe(0.6);
  });

  it('tells listeners and writes the URL parameter only when on', () => {
    const s = new SmoothingSetting(memory(), '');
    const seen: number[] = [];
    s.subscribe((w) => seen.push(w));
    s.set(0.9);
    expect(seen).toEqual([0.9]);
    const url = (smooth: number) => urlFor({ envs: ['a'], focus: 'w', t: null, compare: null, align: 'step', smooth });
    expect(url(s.weight)).toBe('/env/a?focus=w&smooth=0.9');
    s.set(0);
    expect(url(s.weight)).toBe('/env/a?focus=w');
  });
});
