import { describe, expect, it } from 'vitest';
import { ThemeSetting, parseChoice } from '../client/theme-setting.js';

function memory(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

function media(light: boolean) {
  const listeners: (() => void)[] = [];
  return {
    matches: light,
    addEventListener: (_t: string, fn: () => void) => void listeners.push(fn),
    flip(v: boolean) {
      this.matches = v;
      for (const fn of listeners) fn();
    },
  };
}

describe('theme setting', () => {
  it('follows the system until a theme is picked, and remembers the pick', () => {
    const store = memory();
    const mq = media(true);
    const s = new ThemeSetting(store, mq as any);
    const seen: string[] = [];
    s.subscribe((t) => seen.push(t));
    expect([s.choice, s.theme]).toEqual(['auto', 'light']);
    mq.flip(false);
    expect(s.theme).toBe('dark');
    expect(seen).toEqual(['dark']);
    s.set('light');
    expect(seen).toEqual(['dark', 'light']);
    mq.flip(true);
    mq.flip(false);
    expect(s.theme).toBe('light');
    expect(seen).toEqual(['dark', 'light']);
    expect(store.m.get('runboard.theme')).toBe('light');
    expect(new ThemeSetting(store, mq as any).theme).toBe('light');
  });

  it('cycles auto → light → dark → auto, and reads unknown stored values as auto', () => {
    const s = new ThemeSetting(memory({ 'runboard.theme': 'purple' }), media(false) as any);
    expect(s.choice).toBe('auto');
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      s.set(s.next());
      seen.push(s.choice);
    }
    expect(seen).toEqual(['light', 'dark', 'auto']);
    expect(parseChoice('dark')).toBe('dark');
  });
});
