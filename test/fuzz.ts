/**
 * Generators of bad input for the property-based tests, and a store dump to show
 * that nothing changed. Every generated value must be rejected: none is valid by chance.
 */
import fc from 'fast-check';
import { sqliteOf } from './helpers.js';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { MAX_NAME_LENGTH } from '../protocol/index.js';
import type { Runtime } from '../server/runtime.js';

/** Every row of every table, sorted: equal dumps mean an unchanged store. */
export function dumpDb(rt: Runtime): string {
  const db = sqliteOf(rt).db;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const rows = (t: string) => (db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[]).map((r) => JSON.stringify(r)).sort();
  return tables.map((t) => `${t}:${rows(t).join('\n')}`).join('\n');
}

/** The store as the API shows it: the env list, every env's windows, every window's full-resolution points. */
export async function dumpApi(app: FastifyInstance): Promise<string> {
  const envs = (await app.inject('/api/envs')).json().envs as { id: string }[];
  const out: unknown[] = [envs];
  for (const { id } of envs) {
    const env = (await app.inject(`/api/env/${encodeURIComponent(id)}`)).json();
    out.push(env);
    for (const w of env.windows as { id: string }[]) {
      out.push((await app.inject(`/api/env/${encodeURIComponent(id)}/win/${encodeURIComponent(w.id)}/data?format=json`)).body);
    }
  }
  return JSON.stringify(out);
}

export interface Rejection {
  status: number;
  code: string;
  message: string;
}

/** Sends one request and asserts a 4xx in our error shape and an unchanged store. */
export async function expectRejected(rt: Runtime, req: InjectOptions): Promise<Rejection> {
  const before = dumpDb(rt);
  const res = await rt.app.inject(req);
  const what = `${req.method ?? 'GET'} ${String(req.url).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, what).toBeLessThan(500);
  const body = res.json();
  expect(body.statusCode, what).toBe(res.statusCode);
  expect(body.code, what).toMatch(/^RB_ERR_[A-Z_]+$/);
  expect(body.message.length, what).toBeGreaterThan(5);
  expect(dumpDb(rt), what).toBe(before);
  return { status: res.statusCode, code: body.code, message: body.message };
}

const LONG = 'x'.repeat(10_000);

/** A string of at least `min` characters: a random head on a long filler (cheaper to generate than random 100k strings). */
const longString = (min: number, max: number) =>
  fc.tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.integer({ min, max })).map(([head, n]) => head + 'é'.repeat(n));

/** Env/window ids that must never be accepted: empty, '.', '..', control characters, lone surrogates, over MAX_NAME_LENGTH. */
export const badId = fc.oneof(
  fc.constantFrom('', '.', '..', '\u0000', 'a\u0000b', '\n', '\u001b[31m', '\u007f', LONG, '\ud800', 'a\udfffb'),
  fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom('\u0000', '\r', '\t', '\u0001', '\u001f', '\u007f'), fc.string({ maxLength: 20 })).map(([a, c, b]) => a + c + b),
  longString(MAX_NAME_LENGTH + 1, 12_000),
  fc.string({ unit: 'binary', minLength: MAX_NAME_LENGTH + 1, maxLength: 2 * MAX_NAME_LENGTH }).filter((s) => [...s].length > MAX_NAME_LENGTH),
);

/** Ids for a URL path: the bad ids above (those that can be percent-encoded, and not empty) plus raw escapes that decode to nothing valid. */
export const badPathId = fc.oneof(
  badId.filter((s) => s !== '' && !/[\ud800-\udfff]/.test(s)).map((s) => encodeURIComponent(s)),
  fc.constantFrom('%ED%A0%80', '%00', '%2e%2e', '%2E', '%', '%zz', '%C0%AF', '%FF', '%0A'),
);

const number = fc.double({ noNaN: true, noDefaultInfinity: true });
const numbers = (min: number, max: number) => fc.array(number, { minLength: min, maxLength: max });
const notNumber = fc.oneof(fc.string({ maxLength: 5 }), fc.boolean(), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }));
const notArray = fc.oneof(number, fc.string({ maxLength: 10 }), fc.boolean(), fc.dictionary(fc.string({ maxLength: 3 }), number, { maxKeys: 3 }));
const LINE_KEYS = ['win', 'X', 'Y', 'name', 'update', 'opts', 'type', 'T'];
/** The Python client's tokens; JSON.stringify cannot write them, so bodies carry placeholders replaced in `lineText`. */
const NONFINITE = ['NaN', 'Infinity', '-Infinity'] as const;

/** A body already written as text (too deep for JSON.stringify). */
export class RawBody {
  constructor(readonly text: string) {}
  toString(): string {
    return `RawBody(${this.text.slice(0, 60)}… ${this.text.length} chars)`;
  }
}

/** A body as text: placeholders "@NaN@" etc. become bare tokens. */
export function lineText(body: unknown): string {
  if (body instanceof RawBody) return body.text;
  return JSON.stringify(body).replace(/"@(NaN|Infinity|-Infinity)@"/g, '$1');
}

/** Line bodies that break one rule each. */
export const badLineBody: fc.Arbitrary<unknown> = fc.oneof(
  // Not an object at all.
  fc.oneof(number, fc.string({ maxLength: 20 }), fc.boolean(), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 })),
  // An unknown key.
  fc.tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).filter((k) => !LINE_KEYS.includes(k)), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => ({ Y: [1], [k]: v })),
  // Wrong types.
  fc.record({ Y: numbers(1, 5), win: fc.oneof(number, fc.boolean(), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }), badId) }),
  fc.record({ Y: fc.oneof(notArray, fc.array(notNumber, { minLength: 1, maxLength: 5 }), fc.constant([[[1]]]), fc.constant([[1, 'a']])) }),
  fc.record({ Y: numbers(1, 5), X: fc.oneof(notArray, fc.array(notNumber, { minLength: 1, maxLength: 5 })) }),
  fc.record({ Y: numbers(1, 3), name: fc.oneof(number, fc.boolean(), fc.constant(''), longString(MAX_NAME_LENGTH + 1, 5000), fc.constantFrom('a\u0000', '\n', 'x\u001b', '\ud800')) }),
  fc.record({ Y: numbers(1, 3), update: fc.oneof(fc.string({ maxLength: 10 }).filter((u) => !['append', 'replace', 'remove'].includes(u)), number, fc.boolean()) }),
  fc.record({ Y: numbers(1, 3), type: fc.string({ maxLength: 10 }).filter((t) => t !== 'line' && t !== 'scatter') }),
  fc.record({
    Y: numbers(1, 3),
    opts: fc.oneof(
      notArray.filter((v) => typeof v !== 'object'),
      fc.record({ title: fc.oneof(number, fc.boolean(), longString(1001, 100_000)) }),
      fc.record({ legend: fc.oneof(notArray, fc.array(fc.oneof(number, fc.constant(''), fc.constant('a\u0000b')), { minLength: 1, maxLength: 3 })) }),
      fc.record({ xtype: fc.string({ maxLength: 8 }).filter((t) => t !== 'linear' && t !== 'log') }),
      fc.record({ showlegend: fc.oneof(number, fc.string({ maxLength: 4 })) }),
    ),
  }),
  // Shapes: empty, mismatched, ragged, mixed.
  fc.constantFrom({ Y: [] }, { Y: [[]] }, { Y: [[1, 2], [3]] }, { Y: [1, [2]] }, { Y: [[1], 2] }, { X: [1] }, {}, { Y: [1], X: [] }, { Y: [[1, 2]], name: 'a' }),
  fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 50 })).filter(([n, m]) => n !== m).map(([n, m]) => ({ Y: Array(n).fill(1), X: Array(m).fill(2) })),
  fc.integer({ min: 2, max: 4 }).map((k) => ({ Y: [Array(k).fill(1)], X: [Array(k + 1).fill(1)] })),
  // X must be finite; Y takes NaN/Infinity/null as gaps.
  fc.tuple(numbers(1, 10), fc.constantFrom(...NONFINITE, null), fc.nat()).map(([xs, bad, i]) => {
    const X: unknown[] = [...xs];
    X[i % X.length] = bad === null ? null : `@${bad}@`;
    return { Y: xs.map(() => 1), X };
  }),
  // Deep nesting anywhere.
  fc.integer({ min: 65, max: 100_000 }).map((d) => new RawBody(`{"Y":[1],"opts":{"extra":${'['.repeat(d)}${']'.repeat(d)}}}`)),
  fc.integer({ min: 65, max: 100_000 }).map((d) => new RawBody(`{"Y":[1],"opts":{"extra":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}}`)),
  fc.integer({ min: 3, max: 5_000 }).map((d) => new RawBody(`{"Y":${'['.repeat(d)}1${']'.repeat(d)}}`)),
);

/** Enormous arrays that are still wrong, each in one way. */
export const enormousBody = fc.integer({ min: 20_000, max: 100_000 }).chain((n) =>
  fc.constantFrom(
    new RawBody(`{"Y":[${'0.5,'.repeat(n)}1],"X":[${'1,'.repeat(n - 1)}1]}`),
    new RawBody(`{"Y":[${'0.5,'.repeat(n)}1],"X":[${'1,'.repeat(n)}NaN]}`),
    new RawBody(`{"Y":[${'0.5,'.repeat(n)}"1"]}`),
    new RawBody(`{"Y":[${'[0.5,1],'.repeat(n)}[1]]}`),
  ),
);

/** Commands that are well-formed but impossible against the seeded store (a window `loss` in env `main` with traces a and b). */
export const impossibleCommand = fc.oneof(
  fc.record({ win: fc.constant('loss'), update: fc.constant('append'), Y: numbers(1, 5) }),
  fc.record({ win: fc.constant('loss'), update: fc.constant('append'), Y: fc.array(fc.tuple(number, number, number), { minLength: 1, maxLength: 3 }) }),
  fc.record({ win: fc.constant('loss'), update: fc.constant('remove') }),
  fc.record({ win: fc.constant('loss'), update: fc.constant('remove'), name: fc.constant('nope') }),
  fc.record({ win: fc.constant('loss'), update: fc.constant('replace'), name: fc.constant('nope'), Y: numbers(1, 3) }),
  fc.record({ win: fc.constant('missing'), update: fc.constantFrom('replace', 'remove'), name: fc.constant('a'), Y: numbers(1, 3) }),
);

/** Text that is not JSON even with the NaN/Infinity tokens allowed. */
export const malformedJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).chain((v) => {
    const text = JSON.stringify(v) ?? 'null';
    return fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut));
  }),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"Y":[1,2,]}', "{'Y':[1]}", '{"Y":[1] "X":[1]}', '{"Y":[nan]}', '{"Y":[inf]}', '{"Y":[NaNa]}', '\u0000', '\ufeff{"Y":[1]}x', '[1]]', '{"Y":[1]}{"Y":[2]}', '{"a":"\\x"}', '"\\ud800"x'),
);

/**
 * Requests over one of the per-request bounds (hardening round two): more points than
 * `maxPoints` in Y (as the native API or as Visdom traces), or opts with too many keys.
 */
export function oversizedRequest(maxPoints: number): fc.Arbitrary<{ url: string; body: unknown }> {
  return fc.oneof(
    fc.integer({ min: maxPoints + 1, max: maxPoints * 3 }).map((n) => ({ url: '/api/env/main/line', body: { win: 'big', Y: Array(n).fill(1) } })),
    fc.integer({ min: maxPoints + 1, max: maxPoints * 3 }).map((n) => ({
      url: '/events',
      body: { eid: 'main', win: 'big', data: [{ x: Array.from({ length: n }, (_, i) => i), y: Array(n).fill(1), type: 'scatter', mode: 'lines' }], opts: {} },
    })),
    fc.integer({ min: 10_001, max: 30_000 }).map((k) => ({
      url: '/api/env/main/line',
      body: { win: 'big', Y: [1], opts: Object.fromEntries(Array.from({ length: k }, (_, i) => [`k${i}`, i])) },
    })),
  );
}

/** Strings that look like the tolerant parser's non-finite tokens, to sit beside a real bare NaN. */
export const nonFiniteLookalike = fc.constantFrom('NaN', 'Infinity', '-Infinity', '\u0000NaN', '\u0000Infinity', 'NaN\u0000', '"NaN"', 'x NaN y');
