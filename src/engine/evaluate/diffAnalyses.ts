import type { Analysis, ClassEdges, Cluster, PortSet } from '../types';
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
  const classBefore = Int32Array.from(groups, (g) => g.classBefore);
  const classAfter = Int32Array.from(groups, (g) => g.classAfter);
  const byClassBefore = groupsByClass(classBefore, before.analysis.classCount);
  const byClassAfter = groupsByClass(classAfter, after.analysis.classCount);
  const groupSize = Int32Array.from(groups, (g) => g.before.length);

  const beforeEdges = before.analysis.classEdges();
  const afterEdges = after.analysis.classEdges();
  const beforeRows = edgeRows(beforeEdges, before.analysis.classCount);
  const afterRows = edgeRows(afterEdges, after.analysis.classCount);
  const delta = deltaTable(beforeEdges.portSets, afterEdges.portSets);
  const changes: GroupChange[] = [];
  let changedPairs = 0;

  /**
   * One pass over the class edges of one version (`own`), row by row: the other version's row of each
   * source group is spread into a dense array, so each edge finds its counterpart by an array read.
   * The second pass skips group pairs the first one saw (those with an edge in the first version).
   */
  const pass = (
    own: ClassEdges,
    { rows: ownRows, order: ownOrder }: { rows: Int32Array; order: Int32Array },
    other: ClassEdges,
    { rows: otherRows, order: otherOrder }: { rows: Int32Array; order: Int32Array },
    otherClassCount: number,
    byOwnClass: GroupsByClass,
    otherClassOf: Int32Array,
    first: boolean,
  ) => {
    const otherPort = new Int32Array(otherClassCount);
    const otherStamp = new Int32Array(otherClassCount);
    const { starts, members } = byOwnClass;
    let stamp = 0;
    for (let c = 0; c + 1 < starts.length; c++) {
      if (ownRows[c] === ownRows[c + 1] || starts[c] === starts[c + 1]) continue;
      for (let m = starts[c]!; m < starts[c + 1]!; m++) {
        const s = members[m]!;
        stamp++;
        const oc = otherClassOf[s]!;
        for (let j = otherRows[oc]!; j < otherRows[oc + 1]!; j++) {
          const k = otherOrder[j]!;
          otherPort[other.to[k]!] = other.ports[k]!;
          otherStamp[other.to[k]!] = stamp;
        }
        const sourceSize = groupSize[s]!;
        for (let j = ownRows[c]!; j < ownRows[c + 1]!; j++) {
          const i = ownOrder[j]!;
          const target = own.to[i]!;
          for (let n = starts[target]!; n < starts[target + 1]!; n++) {
            const t = members[n]!;
            const ot = otherClassOf[t]!;
            const otherId = otherStamp[ot] === stamp ? otherPort[ot]! : -1;
            if (!first && otherId >= 0) continue;
            const change = first ? delta(own.ports[i]!, otherId) : delta(-1, own.ports[i]!);
            if (!change) continue;
            const pairs = sourceSize * groupSize[t]! - (s === t ? sourceSize : 0);
            if (pairs === 0) continue;
            changes.push({ from: s, to: t, added: change.added, removed: change.removed });
            changedPairs += pairs;
          }
        }
      }
    }
  };
  pass(
    beforeEdges,
    beforeRows,
    afterEdges,
    afterRows,
    after.analysis.classCount,
    byClassBefore,
    classAfter,
    true,
  );
  pass(
    afterEdges,
    afterRows,
    beforeEdges,
    beforeRows,
    before.analysis.classCount,
    byClassAfter,
    classBefore,
    false,
  );
  changes.sort((x, y) => x.from - y.from || x.to - y.to);

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

/** The groups of each class (CSR): those of class c are `members[starts[c]]` to `members[starts[c + 1] - 1]`, ascending. */
interface GroupsByClass {
  starts: Int32Array;
  members: Int32Array;
}

function groupsByClass(classOf: Int32Array, classCount: number): GroupsByClass {
  const starts = new Int32Array(classCount + 1);
  for (const c of classOf) starts[c + 1]!++;
  for (let c = 0; c < classCount; c++) starts[c + 1]! += starts[c]!;
  const members = new Int32Array(classOf.length);
  const cursor = starts.slice(0, classCount);
  for (let g = 0; g < classOf.length; g++) members[cursor[classOf[g]!]!++] = g;
  return { starts, members };
}

type Delta = { added: PortSet; removed: PortSet } | null;

/**
 * What changes from one port set to another, by their ids in the two versions (-1: no edge), worked out
 * once per pair of ids: a cluster has few distinct port sets, so a dense table answers each edge by an
 * array read; past a million id pairs, a map.
 */
function deltaTable(was: readonly PortSet[], is: readonly PortSet[]): (wasId: number, isId: number) => Delta {
  const compute = (wasId: number, isId: number): Delta => {
    const a = wasId < 0 ? EMPTY_PORT_SET : was[wasId]!;
    const b = isId < 0 ? EMPTY_PORT_SET : is[isId]!;
    return portSetsEqual(a, b) || (isPortSetEmpty(a) && isPortSetEmpty(b))
      ? null
      : { added: subtractPortSets(b, a), removed: subtractPortSets(a, b) };
  };
  const width = is.length + 1;
  if ((was.length + 1) * width <= 1 << 20) {
    const known: (Delta | undefined)[] = new Array((was.length + 1) * width);
    return (wasId, isId) => {
      const key = (wasId + 1) * width + isId + 1;
      let d = known[key];
      if (d === undefined) known[key] = d = compute(wasId, isId);
      return d;
    };
  }
  const known = new Map<number, Delta>();
  return (wasId, isId) => {
    const key = (wasId + 1) * 1048576 + (isId + 1);
    let d = known.get(key);
    if (d === undefined) known.set(key, (d = compute(wasId, isId)));
    return d;
  };
}

/** Class edges by source class (CSR): those of class c are `order[rows[c]]` to `order[rows[c + 1] - 1]`. */
function edgeRows(edges: ClassEdges, classCount: number): { rows: Int32Array; order: Int32Array } {
  const rows = new Int32Array(classCount + 1);
  for (let i = 0; i < edges.length; i++) rows[edges.from[i]! + 1]!++;
  for (let c = 0; c < classCount; c++) rows[c + 1]! += rows[c]!;
  const order = new Int32Array(edges.length);
  const cursor = rows.slice(0, classCount);
  for (let i = 0; i < edges.length; i++) order[cursor[edges.from[i]!]!++] = i;
  return { rows, order };
}
