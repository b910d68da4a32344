// Draw connection…'s plan, in the worker: the policy edits that allow one connection as narrowly as
// the chosen source scope says, whether a side already admits it, and what else they open and close.
import {
  applyEdit,
  evaluateConnection,
  METADATA_NAME_LABEL,
  minimalReplacement,
  normalizeCidr,
  type Analysis,
  type Edit,
  type EditPeer,
  type EditPort,
  type Endpoint,
  type Labels,
  type Protocol,
  type Workspace,
} from '../engine/index';
import { listChanges, type Model } from './changes';
import type { ConnectionEnd, ConnectionPlan, PlanInput, ScopeOptions } from './protocol';

export type { ConnectionEnd, ConnectionPlan, ScopeOptions, SourceScope } from './protocol';

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

/**
 * The edits that allow `from` -> `to` on `ports`, and what they open and close, before anything is
 * applied. `analyse` reads and analyses a text (the service's, cached).
 */
export function planConnection(
  text: string,
  base: Model & { workspace: Workspace },
  { from, to, ports, scope, egressToo }: PlanInput,
  analyse: (text: string) => Model,
): ConnectionPlan {
  const ws = base.workspace;
  const current = base.analysis;
  const none = {
    replacement: null,
    alsoOpens: [],
    alsoOpensCount: 0,
    closes: [],
    closesCount: 0,
    opensDrawn: false,
    steps: [],
    covered: [],
  };
  const src = resolveEnd(ws, from);
  const dst = resolveEnd(ws, to);
  if ('error' in src) return { edits: [], ...none, error: src.error };
  if ('error' in dst) return { edits: [], ...none, error: dst.error };
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
  const steps: ConnectionPlan['steps'] = [];
  for (const edit of edits) {
    const r = applyEdit(next, edit);
    const err = r.diagnostics.find((d) => d.severity === 'error');
    if (err) return { edits, ...none, error: err.message };
    steps.push(hunkOf(next, r.value.text));
    next = r.value.text;
  }
  const after = analyse(next);
  // An outside end stands for the external node of its CIDR, which may only exist now.
  for (const end of [src, dst])
    if (end.cidr)
      for (const e of after.cluster.endpoints)
        if (e.type === 'external' && e.cidr === end.cidr) end.refs.add(e.ref);
  const change = listChanges(base, after, { from: src.refs, to: dst.refs });
  return {
    edits,
    replacement: minimalReplacement(text, next),
    alsoOpens: change.opened,
    alsoOpensCount: change.openedCount,
    closes: change.closed,
    closesCount: change.closedCount,
    opensDrawn: change.drawnOpened > 0,
    steps,
    covered,
  };
}

/** Context lines kept around an edit's change in its hunk. */
const HUNK_CONTEXT = 3;

/**
 * The lines an edit touches, with a little context, before and after: enough for the dialog's line
 * diff without sending two whole texts to the page.
 */
export function hunkOf(before: string, after: string): { before: string; after: string; line: number } {
  // Only the lines around the change are split: a 30 MB export has a million lines.
  const change = minimalReplacement(before, after);
  const reach = HUNK_CONTEXT + 2;
  // From the start of the line `reach` lines above the change's.
  let from = change ? change.start : before.length;
  for (let k = 0; k <= reach && from > 0; k++) from = before.lastIndexOf('\n', from - 1);
  from = from <= 0 ? 0 : from + 1;
  const lineAfter = (text: string, at: number) => {
    let end = at;
    for (let k = 0; k < reach && end >= 0 && end < text.length; k++) end = text.indexOf('\n', end + 1);
    return end < 0 ? text.length : end;
  };
  const endBefore = change ? lineAfter(before, change.end) : before.length;
  const endAfter = change ? lineAfter(after, change.start + change.text.length) : after.length;
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0 && i < from; i = before.indexOf('\n', i + 1)) line++;
  const hunk = hunkOfLines(before.slice(from, endBefore), after.slice(from, endAfter));
  return { ...hunk, line: hunk.line + line - 1 };
}

export function hunkOfLines(before: string, after: string): { before: string; after: string; line: number } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const from = Math.max(0, start - HUNK_CONTEXT);
  return {
    before: a.slice(from, Math.min(a.length, endA + HUNK_CONTEXT)).join('\n'),
    after: b.slice(from, Math.min(b.length, endB + HUNK_CONTEXT)).join('\n'),
    line: from + 1,
  };
}
