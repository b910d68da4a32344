// What the draw dialog reads from its fields, on the page: no engine work here (the plan itself is
// made in the engine worker, see src/worker/planConnection.ts).
import type { EditPort, Protocol, Workspace } from '../../engine/index';
import type { ConnectionEnd } from '../../worker/protocol';

export type { ConnectionEnd, SourceScope } from '../../worker/protocol';

/**
 * What the Ports field starts with for a destination: the container ports it declares, of one protocol
 * (its first port's), since a rule on a port nobody listens on opens nothing. Empty (every port) for a
 * destination that declares none, a namespace or an address.
 */
export function defaultPorts(ws: Workspace | null, to: ConnectionEnd): { text: string; protocol: Protocol } {
  const e = ws && 'endpoint' in to ? ws.cluster.endpoints[to.endpoint] : undefined;
  if (e?.type !== 'pod' || e.ports.length === 0) return { text: '', protocol: 'TCP' };
  const protocol = e.ports[0]!.protocol;
  const numbers = [...new Set(e.ports.filter((p) => p.protocol === protocol).map((p) => p.containerPort))];
  return { text: numbers.sort((a, b) => a - b).join(', '), protocol };
}

/** Parses "80, 443, 8000-8080" (empty: every port). */
export function parsePorts(text: string, protocol: Protocol): EditPort[] | { error: string } {
  const out: EditPort[] = [];
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part) ?? /^([a-z][a-z0-9-]*)$/.exec(part);
    if (!m) return { error: `"${part}" is not a port, a range like 8000-8080, or a port name` };
    const port = /^\d+$/.test(m[1]!) ? Number(m[1]) : m[1]!;
    if (typeof port === 'number' && (port < 1 || port > 65535))
      return { error: `${port} is outside 1-65535` };
    const entry: EditPort = { port, protocol };
    if (m[2]) entry.endPort = Number(m[2]);
    out.push(entry);
  }
  return out;
}
