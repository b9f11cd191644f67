/**
 * Pure: env ids grouped by their `_` prefixes into a tree, as Visdom's env picker
 * groups them. `exp_a`, `exp_a_b` and `exp_c` become a group `exp` holding `exp_a`,
 * a group `exp_a` (holding `exp_a_b`) and `exp_c`. A prefix becomes a group only
 * when at least two envs share it, so lone names stay flat; an env whose id is
 * the group's prefix itself is listed first inside the group.
 */
export type EnvNode = { kind: 'env'; id: string } | { kind: 'group'; prefix: string; children: EnvNode[]; envs: string[] };

/** The tree of `ids` (kept in the given order within each level). */
export function envTree(ids: readonly string[]): EnvNode[] {
  return level(ids, '');
}

function level(ids: readonly string[], prefix: string): EnvNode[] {
  const out: EnvNode[] = [];
  const groups = new Map<string, string[]>();
  const order: (string | { group: string })[] = [];
  for (const id of ids) {
    const rest = id.slice(prefix.length);
    const cut = rest.indexOf('_');
    // The env named like the group itself ("exp" beside "exp_a") joins the group "exp".
    const head = cut > 0 ? rest.slice(0, cut) : rest;
    const key = prefix + head;
    if (!groups.has(key)) {
      groups.set(key, []);
      order.push({ group: key });
    }
    groups.get(key)!.push(id);
  }
  for (const item of order) {
    const key = (item as { group: string }).group;
    const members = groups.get(key)!;
    if (members.length < 2) {
      out.push({ kind: 'env', id: members[0]! });
      continue;
    }
    const self = members.filter((id) => id === key);
    const below = members.filter((id) => id !== key);
    out.push({ kind: 'group', prefix: key, children: [...self.map((id) => ({ kind: 'env' as const, id })), ...level(below, `${key}_`)], envs: members });
  }
  return out;
}
