/**
 * A JSON parser that also accepts the bare tokens NaN, Infinity and -Infinity,
 * which Python's json.dumps writes for such floats (the Visdom client sends them).
 */
import { randomUUID } from 'node:crypto';

export function parseJsonTolerant(text: string): unknown {
  if (!text.includes('NaN') && !text.includes('Infinity')) return JSON.parse(text);
  // The bare tokens become strings the reviver turns back into numbers. The sentinel is
  // fresh per parse, so no string in the body (which may spell any text) can be taken for one.
  const tag = `\u0000${randomUUID()}`;
  const NAN = `${tag}NaN`;
  const POS_INF = `${tag}+`;
  const NEG_INF = `${tag}-`;
  const rewritten = rewriteTokens(text, NAN, POS_INF, NEG_INF);
  if (rewritten === text) return JSON.parse(text);
  return JSON.parse(rewritten, (_key, value) =>
    value === NAN ? NaN : value === POS_INF ? Infinity : value === NEG_INF ? -Infinity : value,
  );
}

/** Replaces bare NaN/Infinity/-Infinity outside strings by the sentinel strings given. */
function rewriteTokens(text: string, NAN: string, POS_INF: string, NEG_INF: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    let token: string | null = null;
    let sentinel = '';
    if (c === 78 /* N */ && text.startsWith('NaN', i)) [token, sentinel] = ['NaN', NAN];
    else if (c === 73 /* I */ && text.startsWith('Infinity', i)) [token, sentinel] = ['Infinity', POS_INF];
    else if (c === 45 /* - */ && text.startsWith('-Infinity', i)) [token, sentinel] = ['-Infinity', NEG_INF];
    if (token) {
      out += text.slice(last, i) + JSON.stringify(sentinel);
      i += token.length - 1;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Whether a parsed value nests arrays/objects deeper than `limit`. Iterative, so deep input cannot overflow the stack. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [object, number][] = [];
  if (typeof value === 'object' && value !== null) stack.push([value, 1]);
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > limit) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, depth + 1]);
  }
  return false;
}
