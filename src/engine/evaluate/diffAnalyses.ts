import type { Analysis, Cluster, PortSet } from '../types';
import { EMPTY_PORT_SET, isPortSetEmpty, portSetsEqual, subtractPortSets } from '../match/ports';

/**
 * Endpoints present in both versions (matched by REF) that every policy of each version treats alike:
 * `before[i]` and `after[i]` are the indices of one endpoint in the two clusters.
 */
export interface DiffGroup {
  readonly before: readonly number[];
  readonly after: readonly number[];
}

/** A change from every endpoint of group `from` to every endpoint of group `to` (self pairs excluded). */
export interface GroupChange {
  readonly from: number;
  readonly to: number;
  readonly added: PortSet;
  readonly removed: PortSet;
}

/** One ordered pair of endpoints whose allowed ports differ between the versions. */
export interface PairChange {
  /** Indices in the `before` cluster; `afterFrom`/`afterTo` in the `after` one. */
  readonly from: number;
  readonly to: number;
  readonly afterFrom: number;
  readonly afterTo: number;
  readonly added: PortSet;
  readonly removed: PortSet;
}

export interface ConnectivityDiff {
  readonly groups: readonly DiffGroup[];
  /** Changes in class space: their size grows with the classes that change, not with pod pairs. */
  readonly changes: readonly GroupChange[];
  /** REFs only in `after` / only in `before`, in cluster order. */
  readonly endpointsAdded: readonly string[];
  readonly endpointsRemoved: readonly string[];
  /** How many ordered endpoint pairs changed. */
  readonly changedPairs: number;
  /** Every changed pair, group by group, without building them all at once. */
  pairs(): Generator<PairChange>;
}

/**
 * The connectivity change from one analysed version to another, worked out on classes: endpoints are
 * grouped by their class in both versions, and only group pairs that an allowed class edge of either
 * version touches are compared, so the cost grows with class edges, not with pods squared.
 */
export function diffAnalyses(
  before: { cluster: Cluster; analysis: Analysis },
  after: { cluster: Cluster; analysis: Analysis },
): ConnectivityDiff {
  const afterIndex = new Map<string, number>();
  for (const e of after.cluster.endpoints) afterIndex.set(e.ref, e.index);
  const beforeRefs = new Set(before.cluster.endpoints.map((e) => e.ref));

  // Group the shared endpoints by (class before, class after).
  const groupOf = new Map<string, number>();
  const groups: { before: number[]; after: number[]; classBefore: number; classAfter: number }[] = [];
  for (const e of before.cluster.endpoints) {
    const j = afterIndex.get(e.ref);
    if (j === undefined) continue;
    const cb = before.analysis.classOf(e.index);
    const ca = after.analysis.classOf(j);
    const key = `${cb},${ca}`;
    let g = groupOf.get(key);
    if (g === undefined) {
      g = groups.length;
      groupOf.set(key, g);
      groups.push({ before: [], after: [], classBefore: cb, classAfter: ca });
    }
    groups[g]!.before.push(e.index);
    groups[g]!.after.push(j);
  }
  const byClassBefore = new Map<number, number[]>();
  const byClassAfter = new Map<number, number[]>();
  for (const [g, group] of groups.entries()) {
    pushTo(byClassBefore, group.classBefore, g);
    pushTo(byClassAfter, group.classAfter, g);
  }

  const beforeEdges = edgeLookup(before.analysis);
  const afterEdges = edgeLookup(after.analysis);
  const G = groups.length;
  const candidates = new Set<number>();
  const collect = (analysis: Analysis, byClass: Map<number, number[]>) => {
    const edges = analysis.classEdges();
    for (let i = 0; i < edges.length; i++) {
      const sources = byClass.get(edges.from[i]!);
      const targets = byClass.get(edges.to[i]!);
      if (!sources || !targets) continue;
      for (const s of sources) for (const t of targets) candidates.add(s * G + t);
    }
  };
  collect(before.analysis, byClassBefore);
  collect(after.analysis, byClassAfter);

  const changes: GroupChange[] = [];
  let changedPairs = 0;
  for (const key of [...candidates].sort((a, b) => a - b)) {
    const from = Math.floor(key / G);
    const to = key % G;
    const gf = groups[from]!;
    const gt = groups[to]!;
    const pairs = gf.before.length * gt.before.length - (from === to ? gf.before.length : 0);
    if (pairs === 0) continue;
    const was = beforeEdges(gf.classBefore, gt.classBefore);
    const is = afterEdges(gf.classAfter, gt.classAfter);
    if (portSetsEqual(was, is)) continue;
    changes.push({ from, to, added: subtractPortSets(is, was), removed: subtractPortSets(was, is) });
    changedPairs += pairs;
  }

  return {
    groups: groups.map((g) => ({ before: g.before, after: g.after })),
    changes,
    endpointsAdded: after.cluster.endpoints.filter((e) => !beforeRefs.has(e.ref)).map((e) => e.ref),
    endpointsRemoved: before.cluster.endpoints.filter((e) => !afterIndex.has(e.ref)).map((e) => e.ref),
    changedPairs,
    *pairs() {
      for (const change of changes) {
        const gf = groups[change.from]!;
        const gt = groups[change.to]!;
        for (let i = 0; i < gf.before.length; i++) {
          for (let k = 0; k < gt.before.length; k++) {
            if (change.from === change.to && i === k) continue;
            yield {
              from: gf.before[i]!,
              to: gt.before[k]!,
              afterFrom: gf.after[i]!,
              afterTo: gt.after[k]!,
              added: change.added,
              removed: change.removed,
            };
          }
        }
      }
    },
  };
}

function pushTo(map: Map<number, number[]>, key: number, value: number) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Ports allowed from class to class (members of one class among themselves included). */
function edgeLookup(analysis: Analysis): (from: number, to: number) => PortSet {
  const edges = analysis.classEdges();
  const C = analysis.classCount;
  const index = new Map<number, number>();
  for (let i = 0; i < edges.length; i++) index.set(edges.from[i]! * C + edges.to[i]!, edges.ports[i]!);
  return (from, to) => {
    const i = index.get(from * C + to);
    if (i === undefined) return EMPTY_PORT_SET;
    const ports = edges.portSets[i]!;
    return isPortSetEmpty(ports) ? EMPTY_PORT_SET : ports;
  };
}
