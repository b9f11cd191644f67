import { describe, expect, it } from 'vitest';
import { parseSort, prefixesOf, sortEnvs } from '../client/envs/env-order.js';

const env = (id: string, createdAt: number, lastActivity: number) => ({ id, createdAt, lastActivity });
const envs = [env('b', 1, 50), env('a', 3, 10), env('c', 2, 50), env('d', 3, 5)];
const ids = (by: 'name' | 'recent' | 'created') => sortEnvs(envs, by).map((e) => e.id);

describe('env order', () => {
  it('sorts by name, by last activity (newest first) and by creation (newest first), ties by name', () => {
    expect(ids('name')).toEqual(['a', 'b', 'c', 'd']);
    expect(ids('recent')).toEqual(['b', 'c', 'a', 'd']);
    expect(ids('created')).toEqual(['a', 'd', 'c', 'b']);
    expect(envs.map((e) => e.id)).toEqual(['b', 'a', 'c', 'd']);
  });

  it('reads a stored sort, falling back to name', () => {
    expect(parseSort('recent')).toBe('recent');
    expect(parseSort('created')).toBe('created');
    expect(parseSort('bogus')).toBe('name');
    expect(parseSort(null)).toBe('name');
  });

  it('lists the _ prefixes an env id could be grouped under', () => {
    expect(prefixesOf('exp_a_b')).toEqual(['exp', 'exp_a']);
    expect(prefixesOf('main')).toEqual([]);
    expect(prefixesOf('_x')).toEqual([]);
  });
});
