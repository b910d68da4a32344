// Allowed pod pairs counted per ordered pair of namespaces, for the reports that summarise a cluster
// too big to list pair by pair (the CLI's namespace tables, the CSV's namespace rows). Pure: works in
// class space from an Analysis, never over endpoint pairs.
import { isPortSetEmpty, portSetHas, unionPortSets } from '../match/ports';
import type { Analysis, Cluster, PortSet, Protocol } from '../types';

/** One port of one protocol: a report counts only the pairs allowed on it. */
export interface PortFilter {
  port: number;
  protocol: Protocol;
}

/** Whether a pair allowed on `ports` counts: on the filter's port, or on any port without a filter. */
export function passesFilter(ports: PortSet, filter?: PortFilter): boolean {
  return filter ? portSetHas(ports, filter.protocol, filter.port) : !isPortSetEmpty(ports);
}

/** The group of an endpoint: its namespace, or one group '(outside)' for every address outside the cluster. */
const groupOf = (cluster: Cluster, i: number) => {
  const e = cluster.endpoints[i]!;
  return e.type === 'pod' ? e.namespace : '(outside)';
};

export interface GroupPairs {
  groups: string[];
  size: Map<string, number>;
  pairs: Map<string, { allowed: number; ports: PortSet }>;
}

/** Class edges counted between two pauses of `groupPairsSteps` (a few milliseconds of work). */
const EDGES_PER_STEP = 5_000;

/**
 * Allowed pairs and their ports per ordered pair of namespaces (outside addresses form one group),
 * counted in class space: each class edge adds the product of its classes' sizes. The ports of a
 * pair of groups are the union of the few distinct port sets of its edges, made once per pair.
 */
export function groupPairs(cluster: Cluster, analysis: Analysis, filter?: PortFilter): GroupPairs {
  const steps = groupPairsSteps(cluster, analysis, filter);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** `groupPairs` in steps: it pauses every EDGES_PER_STEP class edges. */
export function* groupPairsSteps(
  cluster: Cluster,
  analysis: Analysis,
  filter?: PortFilter,
): Generator<void, GroupPairs> {
  const names = cluster.endpoints.map((_, i) => groupOf(cluster, i));
  const groups = [...new Set(names)];
  const index = new Map(groups.map((g, i) => [g, i]));
  const groupIdx = Int32Array.from(names, (g) => index.get(g)!);
  const g = groups.length;
  const size = new Map<string, number>();
  for (const n of names) size.set(n, (size.get(n) ?? 0) + 1);
  const counts = new Float64Array(g * g);
  const portIds = new Map<number, Set<number>>();
  const edges = analysis.classEdges();
  const passes = edges.portSets.map((set) => passesFilter(set, filter));
  // Members of a class share a namespace: count them per class once, as [group, count, ...].
  const perClass = new Map<number, number[]>();
  const classGroups = (c: number) => {
    let hit = perClass.get(c);
    if (!hit) {
      const byGroup = new Map<number, number>();
      for (const m of analysis.classMembers(c))
        byGroup.set(groupIdx[m]!, (byGroup.get(groupIdx[m]!) ?? 0) + 1);
      perClass.set(c, (hit = [...byGroup].flat()));
    }
    return hit;
  };
  for (let i = 0; i < edges.length; i++) {
    if (i > 0 && i % EDGES_PER_STEP === 0) yield;
    const p = edges.ports[i]!;
    if (!passes[p]) continue;
    const from = edges.from[i]!;
    const to = edges.to[i]!;
    const fa = classGroups(from);
    const fb = classGroups(to);
    for (let x = 0; x < fa.length; x += 2)
      for (let y = 0; y < fb.length; y += 2) {
        // Within one class the pairs exclude each member with itself.
        const count = fa[x + 1]! * fb[y + 1]! - (from === to && fa[x] === fb[y] ? fa[x + 1]! : 0);
        if (count <= 0) continue;
        const cell = fa[x]! * g + fb[y]!;
        counts[cell]! += count;
        let ids = portIds.get(cell);
        if (!ids) portIds.set(cell, (ids = new Set()));
        ids.add(p);
      }
  }
  const pairs = new Map<string, { allowed: number; ports: PortSet }>();
  for (const [cell, ids] of portIds) {
    let ports: PortSet | null = null;
    for (const id of ids) ports = ports ? unionPortSets(ports, edges.portSets[id]!) : edges.portSets[id]!;
    pairs.set(`${groups[Math.floor(cell / g)]}|${groups[cell % g]}`, {
      allowed: counts[cell]!,
      ports: ports!,
    });
  }
  return { groups, size, pairs };
}
