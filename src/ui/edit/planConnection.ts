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
  type Labels,
  type Protocol,
  type Workspace,
} from '../../engine/index';

/**
 * How broad the source of a drawn connection is, the choices of the draw dialog:
 * exactly the pod's labels, a chosen subset of them, every pod of its namespace,
 * or pods with (some of) these labels in namespaces with (some of) those labels.
 * An external source is always its CIDR.
 */
export type SourceScope = 'pod-labels' | 'label-subset' | 'namespace' | 'ns-labels';

/** One end of a drawn connection: an endpoint (pod, workload, external address) or a whole namespace. */
export type ConnectionEnd = { endpoint: number } | { namespace: string };

export interface ScopeOptions {
  scope: SourceScope;
  /** For 'label-subset' and 'ns-labels': the source pod label keys to keep (none: every pod). */
  podLabelKeys?: readonly string[];
  /** For 'ns-labels': the source namespace's label keys to match. */
  namespaceLabelKeys?: readonly string[];
}

export interface ConnectionPlan {
  text: string;
  edits: Edit[];
  /** Connections that the edit opens besides the one drawn, as "from -> to (ports)". */
  alsoOpens: string[];
  /** The same, as endpoint REF pairs, so the graph can show them. */
  alsoOpensPairs: { from: string; to: string }[];
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

const pickLabels = (labels: Labels, keys: readonly string[] | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(labels).filter(([k]) => !keys || keys.includes(k)));

function cidrOf(e: Endpoint & { type: 'external' }): string {
  return e.cidr && !e.cidr.endsWith('/0') ? e.cidr : `${e.address}/${e.address.includes(':') ? 128 : 32}`;
}

interface End {
  /** Namespace of a pod end (undefined for an external address). */
  namespace?: string;
  /** Labels of a pod end; undefined for a whole namespace. */
  labels?: Labels;
  external?: Endpoint & { type: 'external' };
  /** REFs of the endpoints this end stands for. */
  refs: Set<string>;
}

function resolveEnd(ws: Workspace, end: ConnectionEnd): End {
  if ('namespace' in end)
    return {
      namespace: end.namespace,
      refs: new Set(
        ws.cluster.endpoints
          .filter((e) => e.type === 'pod' && e.namespace === end.namespace)
          .map((e) => e.ref),
      ),
    };
  const e = ws.cluster.endpoints[end.endpoint]!;
  if (e.type === 'external') return { external: e, refs: new Set([e.ref]) };
  return { namespace: e.namespace, labels: e.labels, refs: new Set([e.ref]) };
}

function sourcePeer(ws: Workspace, src: End, policyNamespace: string, o: ScopeOptions): EditPeer {
  if (src.external) return { ipBlock: { cidr: cidrOf(src.external) } };
  const ns = src.namespace!;
  const byName = { matchLabels: { [NAME_LABEL]: ns } };
  if (o.scope === 'namespace' || src.labels === undefined)
    return ns === policyNamespace ? { podSelector: {} } : { namespaceSelector: byName };
  const podSelector = {
    matchLabels: o.scope === 'pod-labels' ? { ...src.labels } : pickLabels(src.labels, o.podLabelKeys ?? []),
  };
  if (o.scope === 'ns-labels') {
    const nsLabels = ws.cluster.namespaces.find((n) => n.name === ns)?.labels ?? { [NAME_LABEL]: ns };
    return {
      namespaceSelector: { matchLabels: pickLabels(nsLabels, o.namespaceLabelKeys ?? []) },
      podSelector,
    };
  }
  return ns === policyNamespace ? { podSelector } : { namespaceSelector: byName, podSelector };
}

function destinationPeer(dst: End, srcNamespace: string): EditPeer {
  if (dst.external) return { ipBlock: { cidr: cidrOf(dst.external) } };
  const podSelector = { matchLabels: { ...(dst.labels ?? {}) } };
  return dst.namespace === srcNamespace
    ? { podSelector }
    : { namespaceSelector: { matchLabels: { [NAME_LABEL]: dst.namespace! } }, podSelector };
}

/** The edits that allow `from` -> `to` on `ports`, and what they open, before anything is applied. */
export function planConnection(
  text: string,
  ws: Workspace,
  current: Analysis,
  from: ConnectionEnd,
  to: ConnectionEnd,
  ports: EditPort[],
  scope: ScopeOptions,
  egressToo: boolean,
): ConnectionPlan {
  const src = resolveEnd(ws, from);
  const dst = resolveEnd(ws, to);
  const edits: Edit[] = [];
  if (!dst.external) {
    edits.push({
      type: 'add-ingress-rule',
      namespace: dst.namespace!,
      podSelector: { matchLabels: { ...(dst.labels ?? {}) } },
      peers: [sourcePeer(ws, src, dst.namespace!, scope)],
      ports,
    });
  }
  if (!src.external && egressToo) {
    edits.push({
      type: 'add-egress-rule',
      namespace: src.namespace!,
      podSelector: { matchLabels: { ...(src.labels ?? {}) } },
      peers: [destinationPeer(dst, src.namespace!)],
      ports,
    });
  }
  const none = { alsoOpens: [], alsoOpensPairs: [], opensDrawn: false };
  if (edits.length === 0)
    return {
      text,
      edits,
      ...none,
      error: 'Traffic between two outside addresses is not governed by NetworkPolicy.',
    };
  let next = text;
  for (const edit of edits) {
    const r = applyEdit(next, edit);
    const err = r.diagnostics.find((d) => d.severity === 'error');
    if (err) return { text, edits, ...none, error: err.message };
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
  const alsoOpensPairs: { from: string; to: string }[] = [];
  let opensDrawn = false;
  for (const e of analysis.edges()) {
    const f = refs[e.from]!;
    const t = refs[e.to]!;
    const ports = formatPortSet(e.ports);
    if (before.get(`${f}>${t}`) === ports) continue;
    if (src.refs.has(f) && dst.refs.has(t)) opensDrawn = true;
    else {
      alsoOpens.push(`${f} → ${t} (${ports})`);
      alsoOpensPairs.push({ from: f, to: t });
    }
  }
  return { text: next, edits, alsoOpens, alsoOpensPairs, opensDrawn };
}
