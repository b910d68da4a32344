import {
  analyze,
  applyEdit,
  parseText,
  formatPortSet,
  type Analysis,
  type Edit,
  type EditPeer,
  type EditPort,
  type Endpoint,
  type Protocol,
  type Workspace,
} from '../../engine/index';

export type SourceScope = 'pod-labels' | 'namespace' | 'cidr';

export interface ConnectionPlan {
  text: string;
  edits: Edit[];
  /** Connections that the edit opens besides the one drawn, as "from -> to (ports)". */
  alsoOpens: string[];
  opensDrawn: boolean;
  error?: string;
}

const NAME_LABEL = 'kubernetes.io/metadata.name';

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

function peerFor(source: Endpoint, policyNamespace: string, scope: SourceScope): EditPeer {
  if (source.type === 'external')
    return {
      ipBlock: {
        cidr:
          source.cidr && !source.cidr.endsWith('/0')
            ? source.cidr
            : `${source.address}/${source.address.includes(':') ? 128 : 32}`,
      },
    };
  if (scope === 'namespace')
    return { namespaceSelector: { matchLabels: { [NAME_LABEL]: source.namespace } } };
  if (source.namespace === policyNamespace) return { podSelector: { matchLabels: { ...source.labels } } };
  return {
    namespaceSelector: { matchLabels: { [NAME_LABEL]: source.namespace } },
    podSelector: { matchLabels: { ...source.labels } },
  };
}

/** The edits that allow `from` -> `to` on `ports`, and what they open, before anything is applied. */
export function planConnection(
  text: string,
  ws: Workspace,
  current: Analysis,
  from: number,
  to: number,
  ports: EditPort[],
  scope: SourceScope,
  egressToo: boolean,
): ConnectionPlan {
  const src = ws.cluster.endpoints[from]!;
  const dst = ws.cluster.endpoints[to]!;
  const edits: Edit[] = [];
  if (dst.type === 'pod') {
    edits.push({
      type: 'add-ingress-rule',
      namespace: dst.namespace,
      podSelector: { matchLabels: { ...dst.labels } },
      peers: [peerFor(src, dst.namespace, scope)],
      ports,
    });
  }
  if (src.type === 'pod' && egressToo) {
    const toPeer: EditPeer =
      dst.type === 'external'
        ? {
            ipBlock: {
              cidr:
                dst.cidr && !dst.cidr.endsWith('/0')
                  ? dst.cidr
                  : `${dst.address}/${dst.address.includes(':') ? 128 : 32}`,
            },
          }
        : dst.namespace === src.namespace
          ? { podSelector: { matchLabels: { ...dst.labels } } }
          : {
              namespaceSelector: { matchLabels: { [NAME_LABEL]: dst.namespace } },
              podSelector: { matchLabels: { ...dst.labels } },
            };
    edits.push({
      type: 'add-egress-rule',
      namespace: src.namespace,
      podSelector: { matchLabels: { ...src.labels } },
      peers: [toPeer],
      ports,
    });
  }
  if (edits.length === 0)
    return {
      text,
      edits,
      alsoOpens: [],
      opensDrawn: false,
      error: 'Traffic between two outside addresses is not governed by NetworkPolicy.',
    };
  let next = text;
  for (const edit of edits) {
    const r = applyEdit(next, edit);
    const err = r.diagnostics.find((d) => d.severity === 'error');
    if (err) return { text, edits, alsoOpens: [], opensDrawn: false, error: err.message };
    next = r.value.text;
  }
  const after = parseText(next);
  const analysis = analyze(after.value.cluster, current.options);
  const refs = after.value.cluster.endpoints.map((e) => e.ref);
  const oldRefs = ws.cluster.endpoints.map((e) => e.ref);
  const before = new Map(
    current.edges().map((e) => [`${oldRefs[e.from]}>${oldRefs[e.to]}`, formatPortSet(e.ports)]),
  );
  const alsoOpens: string[] = [];
  let opensDrawn = false;
  for (const e of analysis.edges()) {
    const key = `${refs[e.from]}>${refs[e.to]}`;
    const ports = formatPortSet(e.ports);
    if (before.get(key) === ports) continue;
    if (refs[e.from] === src.ref && refs[e.to] === dst.ref) opensDrawn = true;
    else alsoOpens.push(`${refs[e.from]} → ${refs[e.to]} (${ports})`);
  }
  return { text: next, edits, alsoOpens, opensDrawn };
}
