import { describe, expect, it } from 'vitest';
import { envTree, type EnvNode } from '../client/envs/env-tree.js';

/** The tree as nested arrays of names, for reading. */
function shape(nodes: EnvNode[]): unknown[] {
  return nodes.map((n) => (n.kind === 'env' ? n.id : { [n.prefix]: shape(n.children) }));
}

describe('env tree', () => {
  it('groups envs by their _ prefixes, as Visdom’s picker does', () => {
    expect(shape(envTree(['main', 'exp_a', 'exp_a_b', 'exp_c', 'other_x']))).toEqual([
      'main',
      { exp: [{ exp_a: ['exp_a', 'exp_a_b'] }, 'exp_c'] },
      'other_x',
    ]);
  });

  it('puts the env named like its group first inside the group, and keeps lone names flat', () => {
    expect(shape(envTree(['gan', 'gan_2026', 'gan_2027', 'solo_run']))).toEqual([{ gan: ['gan', 'gan_2026', 'gan_2027'] }, 'solo_run']);
  });

  it('lists every env of a group, for selecting the whole group', () => {
    const [g] = envTree(['a_1', 'a_2', 'a_2_x']);
    expect(g).toMatchObject({ kind: 'group', prefix: 'a', envs: ['a_1', 'a_2', 'a_2_x'] });
  });

  it('keeps names with leading, doubled or trailing underscores', () => {
    const ids = ['_x', '_y', 'a__b', 'a__c', 'z_'];
    const flat = (nodes: EnvNode[]): string[] => nodes.flatMap((n) => (n.kind === 'env' ? [n.id] : flat(n.children)));
    expect(flat(envTree(ids)).sort()).toEqual([...ids].sort());
  });
});
