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

/** Allowed pairs per cell (`from group * groupCount + to group`) and, when asked, the port sets seen. */
export interface GroupPairCounts {
  counts: Float64Array;
  /** Per cell with allowed pairs, the ids of the class-edge port sets (`classEdges().portSets`) behind them. */
  portIds: Map<number, Set<number>> | null;
}

/**
 * Allowed pairs per ordered pair of groups, counted in class space: a class edge adds |from| x |to|
 * pairs (minus the pod-to-itself pairs of a class edge to itself) to the cells of its classes' groups.
 * Cost: the class edges, not the pod pairs. `groupOf[e]` is endpoint e's group, -1 for none (not
 * counted); `passes[p]` says whether edges on port set p count. Pauses every EDGES_PER_STEP edges.
 * Outside-to-outside pairs are no class edge: callers that show them count them themselves.
 */
export function* countGroupPairs(
  analysis: Analysis,
  groupOf: Int32Array,
  groupCount: number,
  passes: readonly boolean[],
  withPorts: boolean,
): Generator<void, GroupPairCounts> {
  const g = groupCount;
  const counts = new Float64Array(g * g);
  const portIds = withPorts ? new Map<number, Set<number>>() : null;
  // Per class: its size, and its group when all its members are in one (a class never spans two
  // namespaces), else -1; -2 while no member was seen.
  const size = new Float64Array(analysis.classCount);
  const only = new Int32Array(analysis.classCount).fill(-2);
  for (let e = 0; e < analysis.endpointCount; e++) {
    const c = analysis.classOf(e);
    size[c]!++;
    if (only[c] === -2) only[c] = groupOf[e]!;
    else if (only[c] !== groupOf[e]) only[c] = -1;
  }
  // For the other classes: how many members fall in each group, as [group, count, group, count, ...].
  const histograms = new Map<number, number[]>();
  const histogram = (c: number) => {
    let h = histograms.get(c);
    if (!h) {
      const byGroup = new Map<number, number>();
      for (const m of analysis.classMembers(c)) byGroup.set(groupOf[m]!, (byGroup.get(groupOf[m]!) ?? 0) + 1);
      histograms.set(c, (h = [...byGroup].flat()));
    }
    return h;
  };
  const add = (ga: number, gb: number, pairs: number, p: number) => {
    if (ga < 0 || gb < 0 || pairs <= 0) return;
    const cell = ga * g + gb;
    counts[cell]! += pairs;
    if (!portIds) return;
    let ids = portIds.get(cell);
    if (!ids) portIds.set(cell, (ids = new Set()));
    ids.add(p);
  };
  const edges = analysis.classEdges();
  for (let i = 0; i < edges.length; i++) {
    if (i > 0 && i % EDGES_PER_STEP === 0) yield;
    const p = edges.ports[i]!;
    if (!passes[p]) continue;
    const from = edges.from[i]!;
    const to = edges.to[i]!;
    if (only[from] !== -1 && only[to] !== -1) {
      add(only[from]!, only[to]!, size[from]! * size[to]! - (from === to ? size[from]! : 0), p);
      continue;
    }
    const hf = histogram(from);
    const ht = histogram(to);
    for (let x = 0; x < hf.length; x += 2)
      for (let y = 0; y < ht.length; y += 2)
        add(hf[x]!, ht[y]!, hf[x + 1]! * ht[y + 1]! - (from === to && hf[x] === ht[y] ? hf[x + 1]! : 0), p);
  }
  return { counts, portIds };
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
  const edges = analysis.classEdges();
  const passes = edges.portSets.map((set) => passesFilter(set, filter));
  const { counts, portIds } = yield* countGroupPairs(analysis, groupIdx, g, passes, true);
  const pairs = new Map<string, { allowed: number; ports: PortSet }>();
  for (const [cell, ids] of portIds!) {
    let ports: PortSet | null = null;
    for (const id of ids) ports = ports ? unionPortSets(ports, edges.portSets[id]!) : edges.portSets[id]!;
    pairs.set(`${groups[Math.floor(cell / g)]}|${groups[cell % g]}`, {
      allowed: counts[cell]!,
      ports: ports!,
    });
  }
  return { groups, size, pairs };
}
