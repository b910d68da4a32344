import type { Analysis } from '../../engine/index';
import { countGroupPairs, portSetPasses } from '../../state/engineHelpers';

/**
 * Allowed pairs per (source group, destination group), counted in class space by the engine's
 * countGroupPairs (the CLI's namespace tables count the same way). Cost: the class edges, not the pod
 * pairs.
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
  // A port filter is decided once per distinct port set, not once per edge.
  const passes = analysis.classEdges().portSets.map((set) => portSetPasses(set, protocol, port));
  const steps = countGroupPairs(analysis, groupOf, g, passes, false);
  let step = steps.next();
  while (!step.done) step = steps.next();
  const allowed = step.value.counts;
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
