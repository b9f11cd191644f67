import { describe, expect, it } from 'vitest';
import { parseJsonTolerant } from '../server/json.js';
import { post, startServer } from './helpers.js';

describe('parseJsonTolerant', () => {
  it('turns bare NaN, Infinity and -Infinity into numbers', () => {
    expect(parseJsonTolerant('[NaN, Infinity, -Infinity, 1]')).toEqual([NaN, Infinity, -Infinity, 1]);
  });

  it('never changes a string, even one that spells a sentinel, when the body also holds bare tokens', () => {
    const text = String.raw`{"a": NaN, "b": "\u0000NaN", "c": "\u0000Infinity", "d": "\u0000-Infinity", "e": "NaN", "f": -Infinity}`;
    expect(parseJsonTolerant(text)).toEqual({ a: NaN, b: '\u0000NaN', c: '\u0000Infinity', d: '\u0000-Infinity', e: 'NaN', f: -Infinity });
  });

  it('keeps a text pane whose content spells a sentinel as sent over HTTP', async () => {
    const srv = await startServer();
    const body = String.raw`{"eid": "main", "win": "t", "data": [{"content": "\u0000NaN", "type": "text"}], "opts": {"n": NaN}}`;
    expect((await post(`${srv.url}/events`, body)).status).toBe(200);
    expect((await srv.store.window('main', 't'))!.content).toBe('\u0000NaN');
  });
});
