import type { Analysis } from '../../engine/index';
import { portSetPasses } from '../../state/engineHelpers';

/**
 * Allowed pairs per (source group, destination group), counted in class space: each engine class
 * lives in one namespace, so a class edge adds |from class| x |to class| pairs to one cell (minus
 * the pod-to-itself pairs of a class edge to itself). Cost: the class edges, not the pod pairs.
 */
export function groupCounts(
  analysis: Analysis,
  groups: readonly (readonly [string, readonly number[]])[],
  port: number | null,
  protocol: 'TCP' | 'UDP' | 'SCTP',
  externals: readonly number[],
): GroupCounts {
  const g = groups.length;
  const groupOf = new Int32Array(analysis.endpointCount).fill(-1);
  groups.forEach(([, members], i) => {
    for (const m of members) groupOf[m] = i;
  });
  const allowed = new Float64Array(g * g);
  // Per class: its size, and its group when all its members are in one (as with groups by namespace:
  // a class never spans two), else -1; -2 while no member was seen.
  const classCount = analysis.classCount;
  const size = new Float64Array(classCount);
  const only = new Int32Array(classCount).fill(-2);
  for (let e = 0; e < analysis.endpointCount; e++) {
    const c = analysis.classOf(e);
    size[c]!++;
    if (only[c] === -2) only[c] = groupOf[e]!;
    else if (only[c] !== groupOf[e]) only[c] = -1;
  }
  // For the other classes: how many members fall in each group, as [group, count, group, count, ...].
  const histogram = new Map<number, number[]>();
  const histOf = (cls: number) => {
    let h = histogram.get(cls);
    if (!h) {
      const byGroup = new Map<number, number>();
      for (const m of analysis.classMembers(cls))
        byGroup.set(groupOf[m]!, (byGroup.get(groupOf[m]!) ?? 0) + 1);
      h = [...byGroup].flat();
      histogram.set(cls, h);
    }
    return h;
  };
  const add = (ga: number, gb: number, pairs: number) => {
    // Members outside every group are not counted.
    if (ga >= 0 && gb >= 0) allowed[ga * g + gb]! += pairs;
  };
  const classEdges = analysis.classEdges();
  // A port filter is decided once per distinct port set, not once per edge.
  const passes = classEdges.portSets.map((set) => portSetPasses(set, protocol, port));
  for (let k = 0; k < classEdges.length; k++) {
    if (!passes[classEdges.ports[k]!]) continue;
    const from = classEdges.from[k]!;
    const to = classEdges.to[k]!;
    const ga = only[from]!;
    const gb = only[to]!;
    if (ga !== -1 && gb !== -1) {
      add(ga, gb, size[from]! * size[to]! - (from === to ? size[from]! : 0));
      continue;
    }
    const hf = histOf(from);
    const ht = histOf(to);
    for (let i = 0; i < hf.length; i += 2)
      for (let j = 0; j < ht.length; j += 2)
        add(hf[i]!, ht[j]!, hf[i + 1]! * ht[j + 1]! - (from === to && hf[i] === ht[j] ? hf[i + 1]! : 0));
  }
  // Outside-to-outside pairs are no cluster connection, so class edges leave them out; the
  // pod-level matrix still shows them (nothing blocks them): count them the same way. They are few.
  for (const f of externals)
    for (const t of externals) {
      if (f === t) continue;
      if (portSetPasses(analysis.allowedPorts(f, t), protocol, port))
        allowed[groupOf[f]! * g + groupOf[t]!]! += 1;
    }
  return {
    allowed: (i, j) => allowed[i * g + j]!,
    total: (i, j) => groups[i]![1].length * groups[j]![1].length - (i === j ? groups[i]![1].length : 0),
  };
}

/** Cell (i, j) is source group i, destination group j, in the order given. */
export interface GroupCounts {
  allowed(i: number, j: number): number;
  total(i: number, j: number): number;
}

/** Share of a namespace pair's pod pairs that are allowed, as a heat level from 0 to 1 (0 when none). */
export function heatLevel(allowed: number, total: number): number {
  return total > 0 ? Math.min(1, Math.max(0, allowed / total)) : 0;
}
