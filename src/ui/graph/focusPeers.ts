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
