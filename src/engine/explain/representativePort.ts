// Which port a pair is explained on when the user names none. The explanation, the graph and the
// matrix all use this one choice, so that a denied edge and its explanation name the same decision.
import { isPortSetEmpty } from '../match/ports';
import type { Analysis, Cluster, Protocol } from '../types';

/** An allowed port if any (the destination's own first, 80 when allowed), else the destination's own, else 80. */
export function representativePort(
  cluster: Cluster,
  analysis: Analysis,
  from: number,
  to: number,
  protocol: Protocol,
): { port: number; protocol: Protocol } {
  const ports = analysis.allowedPorts(from, to);
  const dest = cluster.endpoints[to];
  const own = dest?.type === 'pod' ? dest.ports : [];
  for (const p of own) {
    if (ports[p.protocol].some((r) => p.containerPort >= r.from && p.containerPort <= r.to))
      return { port: p.containerPort, protocol: p.protocol };
  }
  if (!isPortSetEmpty(ports)) {
    const first = (['TCP', 'UDP', 'SCTP'] as const).find((p) => ports[p].length > 0)!;
    const range = ports[first][0]!;
    const port = first === protocol && range.from <= 80 && range.to >= 80 ? 80 : range.from;
    return { port, protocol: first };
  }
  return { port: own[0]?.containerPort ?? 80, protocol: own[0]?.protocol ?? protocol };
}
