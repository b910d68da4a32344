/**
 * The peers of a focused endpoint, grouped by namespace: every endpoint it can reach and every one
 * that can reach it, in any namespace, on the ports the filter passes. Pure; the graph draws a group
 * collapsed (a count) or expanded (its pods).
 */
import type { Analysis, Endpoint, PortSet } from '../../engine/index';
import { formatPortSet } from '../../state/engineHelpers';

/** The group of addresses outside the cluster (a namespace name is never empty). */
export const OUTSIDE_GROUP = '';

export interface PeerLink {
  index: number;
  /** The ports allowed, as text ("TCP 80", "all ports"). */
  ports: string;
}

export interface PeerGroup {
  /** The peers' namespace, or OUTSIDE_GROUP for addresses. */
  namespace: string;
  /** Peers the focus can reach. */
  out: PeerLink[];
  /** Peers that can reach the focus. */
  in: PeerLink[];
  /** Distinct peers (one reaching and reached counts once). */
  peers: number;
}

export const groupOf = (ep: Endpoint) => (ep.type === 'pod' ? ep.namespace : OUTSIDE_GROUP);

/**
 * The groups of `focus`'s peers accepted by `include`, ordered by namespace (addresses last). Cost: the
 * focus's row and column, not all pairs.
 */
export function focusPeers(
  endpoints: readonly Endpoint[],
  analysis: Analysis,
  focus: number,
  portOk: (ports: PortSet) => boolean,
  include: (index: number) => boolean = () => true,
): PeerGroup[] {
  const groups = new Map<string, PeerGroup & { seen: Set<number> }>();
  const add = (index: number, ports: PortSet, side: 'out' | 'in') => {
    if (index === focus || !include(index) || !portOk(ports)) return;
    const ep = endpoints[index];
    if (!ep) return;
    const key = groupOf(ep);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { namespace: key, out: [], in: [], peers: 0, seen: new Set() }));
    g[side].push({ index, ports: formatPortSet(ports) });
    if (!g.seen.has(index)) {
      g.seen.add(index);
      g.peers++;
    }
  };
  for (const e of analysis.row(focus)) add(e.to, e.ports, 'out');
  for (const e of analysis.column(focus)) add(e.from, e.ports, 'in');
  return [...groups.values()]
    .map(({ seen: _seen, ...g }) => g)
    .sort((a, b) =>
      a.namespace === b.namespace
        ? 0
        : a.namespace === OUTSIDE_GROUP
          ? 1
          : b.namespace === OUTSIDE_GROUP
            ? -1
            : a.namespace < b.namespace
              ? -1
              : 1,
    );
}

/** The distinct port texts of some links, at most `max`, then "…": a group edge's label. */
export function portSummary(links: readonly PeerLink[], max = 2): string {
  const distinct = [...new Set(links.map((l) => l.ports))];
  return distinct.length > max ? `${distinct.slice(0, max).join('; ')}; …` : distinct.join('; ');
}

/** One namespace (or the outside) as seen from a focused namespace: how its pods and the focus's connect. */
export interface NamespacePeerGroup {
  /** The peers' namespace, or OUTSIDE_GROUP for addresses. */
  namespace: string;
  /** Pod pairs from the focused namespace to this group, and from this group to it. */
  outPairs: number;
  inPairs: number;
  /** Distinct peers reached from the focused namespace, and reaching it. */
  outPeers: number;
  inPeers: number;
  /** Distinct peers either way. */
  peers: number;
  /** The ports each way, summarised ("TCP 80; UDP 53", "" when none that way). */
  outPorts: string;
  inPorts: string;
}

/**
 * The namespaces (and outside addresses) that the pods of `namespace` reach or are reached from, on
 * the ports the filter passes, with pod-pair counts and ports each way; the namespace's own pairs are
 * left out. `include` picks the peers to count (those the view does not draw, say). In class space:
 * the cost is the class edges and the members of the classes met, never every pod pair.
 */
export function namespacePeers(
  endpoints: readonly Endpoint[],
  analysis: Analysis,
  namespace: string,
  portOk: (ports: PortSet) => boolean,
  include: (index: number) => boolean = () => true,
  maxPorts = 2,
): NamespacePeerGroup[] {
  // Members of the focused namespace per class (a class of pods never spans namespaces).
  const inFocus = new Int32Array(analysis.classCount);
  let any = false;
  for (const ep of endpoints)
    if (ep.type === 'pod' && ep.namespace === namespace) {
      inFocus[analysis.classOf(ep.index)]!++;
      any = true;
    }
  if (!any) return [];
  // The included peers of a class outside the namespace, by group.
  const peersOf = new Map<number, Map<string, number[]>>();
  const peersOfClass = (c: number) => {
    let byGroup = peersOf.get(c);
    if (byGroup) return byGroup;
    byGroup = new Map();
    for (const m of analysis.classMembers(c)) {
      const ep = endpoints[m];
      if (!ep || !include(m) || (ep.type === 'pod' && ep.namespace === namespace)) continue;
      const g = groupOf(ep);
      let list = byGroup.get(g);
      if (!list) byGroup.set(g, (list = []));
      list.push(m);
    }
    peersOf.set(c, byGroup);
    return byGroup;
  };
  type Side = { pairs: number; peers: Set<number>; ports: Set<number> };
  const groups = new Map<string, { out: Side; in: Side }>();
  const side = (g: string, dir: 'out' | 'in') => {
    let entry = groups.get(g);
    if (!entry) {
      const fresh = (): Side => ({ pairs: 0, peers: new Set(), ports: new Set() });
      groups.set(g, (entry = { out: fresh(), in: fresh() }));
    }
    return entry[dir];
  };
  const edges = analysis.classEdges();
  const passes = edges.portSets.map(portOk);
  for (let i = 0; i < edges.length; i++) {
    const p = edges.ports[i]!;
    if (!passes[p]) continue;
    const from = edges.from[i]!;
    const to = edges.to[i]!;
    const count = (focusMembers: number, peerClass: number, dir: 'out' | 'in') => {
      for (const [g, members] of peersOfClass(peerClass)) {
        const s = side(g, dir);
        s.pairs += focusMembers * members.length;
        for (const m of members) s.peers.add(m);
        s.ports.add(p);
      }
    };
    if (inFocus[from]! > 0) count(inFocus[from]!, to, 'out');
    if (inFocus[to]! > 0) count(inFocus[to]!, from, 'in');
  }
  const ports = (set: Set<number>) => {
    const texts = [...new Set([...set].map((k) => formatPortSet(edges.portSets[k]!)))];
    return texts.length > maxPorts ? `${texts.slice(0, maxPorts).join('; ')}; …` : texts.join('; ');
  };
  return [...groups.entries()]
    .map(([g, s]) => ({
      namespace: g,
      outPairs: s.out.pairs,
      inPairs: s.in.pairs,
      outPeers: s.out.peers.size,
      inPeers: s.in.peers.size,
      peers: new Set([...s.out.peers, ...s.in.peers]).size,
      outPorts: ports(s.out.ports),
      inPorts: ports(s.in.ports),
    }))
    .sort(byGroupName);
}

/** Namespaces by name, the outside group last. */
function byGroupName(a: { namespace: string }, b: { namespace: string }): number {
  if (a.namespace === b.namespace) return 0;
  if (a.namespace === OUTSIDE_GROUP) return 1;
  if (b.namespace === OUTSIDE_GROUP) return -1;
  return a.namespace < b.namespace ? -1 : 1;
}
