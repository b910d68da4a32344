import {
  analyze,
  applyEdit,
  evaluateConnection,
  parseText,
  formatPortSet,
  intersectPortSets,
  METADATA_NAME_LABEL,
  normalizeCidr,
  portSetsEqual,
  type Analysis,
  type Edit,
  type EditPeer,
  type EditPort,
  type Endpoint,
  type Labels,
  type PortSet,
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

/**
 * One end of a drawn connection: an endpoint (pod, workload, external address), a whole
 * namespace, or a new outside address range (which becomes an external node once a rule names it).
 */
export type ConnectionEnd = { endpoint: number } | { namespace: string } | { cidr: string };

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
  /**
   * Connections that close: a first policy selecting a pod isolates it, so whatever the new rule
   * does not allow stops working.
   */
  closes: string[];
  opensDrawn: boolean;
  /** The text after each edit, in order: one diff hunk per edit (each rewrites one document). */
  steps: string[];
  /** Sides left alone because a rule there already admits the drawn connection on these ports. */
  covered: ('Ingress' | 'Egress')[];
  error?: string;
}

/** Drawn ports checked one by one for an existing rule; a wider range is never taken as covered. */
const COVER_CHECK_LIMIT = 256;

/**
 * Whether `side` of the connection already admits every drawn port (so a new rule there would add
 * nothing): only for two endpoints and explicit ports, each evaluated as the engine does.
 */
function sideCovers(
  ws: Workspace,
  current: Analysis,
  from: ConnectionEnd,
  to: ConnectionEnd,
  ports: EditPort[],
  side: 'ingress' | 'egress',
): boolean {
  if (!('endpoint' in from) || !('endpoint' in to) || ports.length === 0) return false;
  const probes: { port: number | string; protocol: Protocol }[] = [];
  for (const p of ports) {
    const protocol = p.protocol ?? 'TCP';
    if (p.port === undefined) return false;
    if (typeof p.port !== 'number' || p.endPort === undefined) probes.push({ port: p.port, protocol });
    else if (p.endPort - p.port >= COVER_CHECK_LIMIT) return false;
    else for (let n = p.port; n <= p.endPort; n++) probes.push({ port: n, protocol });
  }
  // A rule admits it, not merely "not isolated": there a drawn rule is what isolates the pod, on purpose.
  return probes.every(
    ({ port, protocol }) =>
      evaluateConnection(
        ws.cluster,
        { from: from.endpoint, to: to.endpoint, port, protocol },
        current.options,
      )[side].allowedBy.length > 0,
  );
}

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

const pickLabels = (labels: Labels, keys: readonly string[] | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(labels).filter(([k]) => !keys || keys.includes(k)));

function cidrOf(e: Endpoint & { type: 'external' }): string {
  return e.cidr && !e.outsideOf ? e.cidr : `${e.address}/${e.address.includes(':') ? 128 : 32}`;
}

interface End {
  /** Namespace of a pod end (undefined for an external address). */
  namespace?: string;
  /** Labels of a pod end; undefined for a whole namespace. */
  labels?: Labels;
  /** The CIDR of an outside end. */
  cidr?: string;
  /** REFs of the endpoints this end stands for (for a new CIDR: found after the edit). */
  refs: Set<string>;
}

function resolveEnd(ws: Workspace, end: ConnectionEnd): End | { error: string } {
  if ('cidr' in end) {
    const cidr = normalizeCidr(
      end.cidr.trim().includes('/')
        ? end.cidr.trim()
        : `${end.cidr.trim()}/${end.cidr.includes(':') ? 128 : 32}`,
    );
    if (!cidr) return { error: `"${end.cidr}" is not an IPv4 or IPv6 address or CIDR` };
    return { cidr, refs: new Set() };
  }
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
  if (e.type === 'external') return { cidr: cidrOf(e), refs: new Set([e.ref]) };
  return { namespace: e.namespace, labels: e.labels, refs: new Set([e.ref]) };
}

function sourcePeer(ws: Workspace, src: End, policyNamespace: string, o: ScopeOptions): EditPeer {
  if (src.cidr) return { ipBlock: { cidr: src.cidr } };
  const ns = src.namespace!;
  const byName = { matchLabels: { [METADATA_NAME_LABEL]: ns } };
  if (o.scope === 'namespace' || src.labels === undefined)
    return ns === policyNamespace ? { podSelector: {} } : { namespaceSelector: byName };
  const podSelector = {
    matchLabels: o.scope === 'pod-labels' ? { ...src.labels } : pickLabels(src.labels, o.podLabelKeys ?? []),
  };
  if (o.scope === 'ns-labels') {
    const nsLabels = ws.cluster.namespaces.find((n) => n.name === ns)?.labels ?? {
      [METADATA_NAME_LABEL]: ns,
    };
    return {
      namespaceSelector: { matchLabels: pickLabels(nsLabels, o.namespaceLabelKeys ?? []) },
      podSelector,
    };
  }
  return ns === policyNamespace ? { podSelector } : { namespaceSelector: byName, podSelector };
}

function destinationPeer(dst: End, srcNamespace: string): EditPeer {
  if (dst.cidr) return { ipBlock: { cidr: dst.cidr } };
  const podSelector = { matchLabels: { ...(dst.labels ?? {}) } };
  return dst.namespace === srcNamespace
    ? { podSelector }
    : { namespaceSelector: { matchLabels: { [METADATA_NAME_LABEL]: dst.namespace! } }, podSelector };
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
  const none = { alsoOpens: [], alsoOpensPairs: [], closes: [], opensDrawn: false, steps: [], covered: [] };
  const src = resolveEnd(ws, from);
  const dst = resolveEnd(ws, to);
  if ('error' in src) return { text, edits: [], ...none, error: src.error };
  if ('error' in dst) return { text, edits: [], ...none, error: dst.error };
  const edits: Edit[] = [];
  // A side that already admits the connection (grafana's `egress: - {}`) gets no second rule.
  const covered: ('Ingress' | 'Egress')[] = [];
  if (!dst.cidr && sideCovers(ws, current, from, to, ports, 'ingress')) covered.push('Ingress');
  if (!src.cidr && egressToo && sideCovers(ws, current, from, to, ports, 'egress')) covered.push('Egress');
  if (!dst.cidr && !covered.includes('Ingress')) {
    edits.push({
      type: 'add-ingress-rule',
      namespace: dst.namespace!,
      podSelector: { matchLabels: { ...(dst.labels ?? {}) } },
      peers: [sourcePeer(ws, src, dst.namespace!, scope)],
      ports,
    });
  }
  if (!src.cidr && egressToo && !covered.includes('Egress')) {
    edits.push({
      type: 'add-egress-rule',
      namespace: src.namespace!,
      podSelector: { matchLabels: { ...(src.labels ?? {}) } },
      peers: [destinationPeer(dst, src.namespace!)],
      ports,
    });
  }
  if (edits.length === 0)
    return {
      text,
      edits,
      ...none,
      covered,
      error: covered.length
        ? `${covered
            .map((c) => (c === 'Ingress' ? "The destination's ingress rules" : "the source's egress rules"))
            .join(' and ')
            .replace(/^./, (c) => c.toUpperCase())} already admit this on these ports: nothing to add.${
            !egressToo && !sideCovers(ws, current, from, to, ports, 'egress')
              ? ' The source is isolated for egress: tick "Also allow egress at the source".'
              : ''
          }`
        : 'Traffic between two outside addresses is not governed by NetworkPolicy.',
    };
  let next = text;
  const steps: string[] = [];
  for (const edit of edits) {
    const r = applyEdit(next, edit);
    const err = r.diagnostics.find((d) => d.severity === 'error');
    if (err) return { text, edits, ...none, error: err.message };
    next = r.value.text;
    steps.push(next);
  }
  const change = connectionChanges(ws, current, next);
  // An outside end stands for the external node of its CIDR, which may only exist now.
  for (const end of [src, dst])
    if (end.cidr)
      for (const e of change.after.endpoints)
        if (e.type === 'external' && e.cidr === end.cidr) end.refs.add(e.ref);
  const alsoOpens: string[] = [];
  const alsoOpensPairs: { from: string; to: string }[] = [];
  let opensDrawn = false;
  for (const o of change.opened) {
    if (src.refs.has(o.from) && dst.refs.has(o.to)) opensDrawn = true;
    else {
      alsoOpens.push(o.text);
      alsoOpensPairs.push({ from: o.from, to: o.to });
    }
  }
  return {
    text: next,
    edits,
    alsoOpens,
    alsoOpensPairs,
    closes: change.closed.map((c) => c.text),
    opensDrawn,
    steps,
    covered,
  };
}

export interface ConnectionChange {
  from: string;
  to: string;
  /** "from → to (ports)", for lists. */
  text: string;
}

/**
 * What an edit does to the allowed connections, by REF so renames and new endpoints line up:
 * the pairs that open or gain ports, and those that close or lose ports.
 */
export function connectionChanges(
  ws: Workspace,
  current: Analysis,
  nextText: string,
): { opened: ConnectionChange[]; closed: ConnectionChange[]; after: Workspace['cluster'] } {
  const after = parseText(nextText).value.cluster;
  const analysis = analyze(after, current.options);
  const refs = after.endpoints.map((e) => e.ref);
  const oldRefs = ws.cluster.endpoints.map((e) => e.ref);
  // Keyed by REF pairs joined with NUL: names from YAML may contain any printable character.
  const before = new Map(current.edges().map((e) => [`${oldRefs[e.from]}\u0000${oldRefs[e.to]}`, e.ports]));
  const now = new Map(analysis.edges().map((e) => [`${refs[e.from]}\u0000${refs[e.to]}`, e.ports]));
  const within = (a: PortSet, b: PortSet | undefined) =>
    b !== undefined && portSetsEqual(intersectPortSets(a, b), a);
  const opened: ConnectionChange[] = [];
  const closed: ConnectionChange[] = [];
  for (const [key, ports] of now) {
    const was = before.get(key);
    if (within(ports, was)) continue;
    const [from, to] = key.split('\u0000') as [string, string];
    const suffix = was ? `, was ${formatPortSet(was)}` : '';
    opened.push({ from, to, text: `${from} → ${to} (${formatPortSet(ports)}${suffix})` });
  }
  for (const [key, was] of before) {
    const ports = now.get(key);
    if (within(was, ports)) continue;
    const [from, to] = key.split('\u0000') as [string, string];
    const suffix = ports ? `, now only ${formatPortSet(ports)}` : '';
    closed.push({ from, to, text: `${from} → ${to} (${formatPortSet(was)}${suffix})` });
  }
  return { opened, closed, after };
}
