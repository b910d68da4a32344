import {
  Document,
  LineCounter,
  isMap,
  isSeq,
  parseAllDocuments,
  parseDocument,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { Diagnostic, Protocol, Result } from '../types';
import { documentSpans } from '../parse/documents';
import { syntaxErrorRange } from '../parse/syntaxErrors';

type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};
export type EditPeer =
  { podSelector?: Selector; namespaceSelector?: Selector } | { ipBlock: { cidr: string; except?: string[] } };
export interface EditPort {
  port?: number | string;
  endPort?: number;
  protocol?: Protocol;
}
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export type Edit =
  | {
      type: 'add-ingress-rule' | 'add-egress-rule';
      namespace: string;
      podSelector: Selector;
      peers: EditPeer[];
      ports: EditPort[];
      policyName?: string;
    }
  | {
      type: 'remove-rule' | 'remove-peer' | 'remove-port';
      policy: { namespace: string; name: string };
      direction: 'Ingress' | 'Egress';
      ruleIndex: number;
      peerIndex?: number;
      portIndex?: number;
    }
  | { type: 'add-default-deny'; namespace: string; policyTypes: ('Ingress' | 'Egress')[] }
  | { type: 'allow-dns'; namespace: string }
  | ({ type: 'set-labels'; labels: Record<string, string | null> } & ObjectRef)
  | { type: 'add-object'; yaml: string }
  | ({ type: 'delete-object' } & ObjectRef)
  | { type: 'delete-namespace'; name: string }
  | { type: 'convert-legacy-policy'; namespace: string; name: string };

interface Segment {
  /** Where the document's content starts (after its `---` marker). */
  start: number;
  end: number;
  /** Where the document starts, its `---` marker included. */
  marker: number;
}

/**
 * The documents of the text, from the one splitter the parser uses too (`documentSpans`), so untouched
 * documents are kept byte for byte and every edit sees the documents the graph shows.
 */
function segments(text: string, docs?: readonly Document[]): Segment[] {
  return documentSpans(text, docs).map((s) => ({ start: s.contentStart, end: s.end, marker: s.start }));
}

const fail = (text: string, message: string): Result<{ text: string; changed: boolean }> => ({
  value: { text, changed: false },
  diagnostics: [{ code: 'edit-refused', severity: 'error', message } satisfies Diagnostic],
});
const ok = (text: string, changed: boolean): Result<{ text: string; changed: boolean }> => ({
  value: { text, changed },
  diagnostics: [],
});

function meta(node: unknown, key: string): string | undefined {
  if (!isMap(node)) return undefined;
  const m = node.get('metadata');
  const v = isMap(m) ? m.get(key) : undefined;
  return v === undefined || v === null ? undefined : String(v);
}

/** Kinds without a namespace: deleting namespace `default` must not take them with it. */
const CLUSTER_SCOPED = new Set([
  'Node',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);

function matches(node: unknown, ref: ObjectRef): boolean {
  if (!isMap(node) || String(node.get('kind')) !== ref.kind || meta(node, 'name') !== ref.name) return false;
  if (ref.kind === 'Namespace') return true;
  return (meta(node, 'namespace') ?? 'default') === (ref.namespace ?? 'default');
}

interface Located {
  segment: number;
  doc: Document;
  node: YAMLMap;
  /** Set for an item of a List. */
  list?: YAMLSeq;
}

function locate(text: string, segs: Segment[], test: (node: unknown) => boolean): Located[] {
  const found: Located[] = [];
  segs.forEach((seg, i) => {
    const slice = text.slice(seg.start, seg.end);
    if (!slice.trim()) return;
    const doc = parseDocument(slice);
    if (doc.errors.length) return;
    const root = doc.contents;
    if (test(root)) found.push({ segment: i, doc, node: root as YAMLMap });
    else if (isMap(root) && String(root.get('kind')).endsWith('List')) {
      const items = root.get('items');
      if (isSeq(items))
        for (const item of items.items)
          if (test(item)) found.push({ segment: i, doc, node: item as YAMLMap, list: items });
    }
  });
  return found;
}

function splice(text: string, segs: Segment[], index: number, replacement: string): string {
  const seg = segs[index]!;
  const original = text.slice(seg.start, seg.end);
  const trailing = /\n*$/.exec(original)![0];
  // Content that shared its `---` line (`--- {kind: ...}`) is written back as a block on the next line.
  const own = seg.start > 0 && text[seg.start - 1] !== '\n' ? '\n' : '';
  return (
    text.slice(0, seg.start) + own + replacement.replace(/\n*$/, '') + (trailing || '') + text.slice(seg.end)
  );
}

/**
 * `text` with the node written from `start` to `end` replaced by `node` as it is now, in the same
 * style (flow `{a: b}` or block), its lines indented as the first one was; nothing else is touched.
 */
function replaceNode(text: string, start: number, end: number, node: YAMLMap): string {
  const column = start - (text.lastIndexOf('\n', start - 1) + 1);
  let written: string;
  if (node.items.length === 0) written = '{}';
  else {
    const doc = new Document();
    doc.contents = node;
    written = doc
      .toString({ lineWidth: 0 })
      .replace(/\n+$/, '')
      .split('\n')
      .map((line, i) => (i === 0 || !line ? line : ' '.repeat(column) + line))
      .join('\n');
  }
  // A block map's range runs through its last line break: keep it.
  const lineEnd = /\n*$/.exec(text.slice(start, end))![0];
  return text.slice(0, start) + written + lineEnd + text.slice(end);
}

/** Removes a located object: its item from a List, or its document and one adjacent separator. */
function removeLocated(text: string, segs: Segment[], target: Located): string {
  if (target.list) {
    target.list.items = target.list.items.filter((i) => i !== target.node);
    return splice(text, segs, target.segment, target.doc.toString());
  }
  const seg = segs[target.segment]!;
  const before = text.slice(0, seg.marker);
  const after = text.slice(seg.end);
  // The first document went: the next one's marker is not needed (its content stays, on its own line).
  return before.trim() ? before + after : after.replace(/^---(?:[ \t]*(?:#[^\n]*)?\n|[ \t]+)/, '');
}

function appendDocument(text: string, yaml: string): string {
  const body = yaml.replace(/^\s*---\s*\n/, '').replace(/\s*$/, '\n');
  if (!text.trim()) return body;
  return `${text.replace(/\s*$/, '\n')}---\n${body}`;
}

function portJson(p: EditPort): Record<string, unknown> {
  const out: Record<string, unknown> = { protocol: p.protocol ?? 'TCP' };
  if (p.port !== undefined) out.port = p.port;
  if (p.endPort !== undefined) out.endPort = p.endPort;
  return out;
}

function selectorJson(s: Selector): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.matchLabels && Object.keys(s.matchLabels).length) out.matchLabels = s.matchLabels;
  if (s.matchExpressions?.length) out.matchExpressions = s.matchExpressions;
  return out;
}

function sameSelector(node: unknown, wanted: Selector): boolean {
  const js = (
    node && typeof node === 'object' && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : node
  ) as Selector | undefined;
  const norm = (s: Selector | undefined) =>
    JSON.stringify([Object.entries(s?.matchLabels ?? {}).sort(), s?.matchExpressions ?? []]);
  return norm(js ?? {}) === norm(wanted);
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'pods';

function policyYaml(name: string, namespace: string, spec: Record<string, unknown>): string {
  const doc = new Document({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec,
  });
  return doc.toString();
}

/**
 * Structured edits of the YAML text. Only the document that changes is re-serialised (the `yaml`
 * Document API keeps its comments and key order); every other document stays byte-identical.
 */
export function applyEdit(text: string, edit: Edit): Result<{ text: string; changed: boolean }> {
  const lineCounter = new LineCounter();
  const all = parseAllDocuments(text, { lineCounter });
  const docs = Array.isArray(all) ? all : [all];
  // Duplicate keys are not syntax errors: the parser reports them on their object, edits may proceed.
  const errors = docs.flatMap((d) => d.errors).filter((e) => e.code !== 'DUPLICATE_KEY');
  if (errors.length > 0) {
    const first = errors[0]!;
    const at = syntaxErrorRange(text, first.message, first.pos);
    const { line, col } = lineCounter.linePos(at.range[0]);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return fail(
      text,
      `The YAML has a syntax error at line ${line}:${col}: ${at.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}${more}. Fix it before editing from the graph.`,
    );
  }
  const segs = segments(text, docs);
  const policies = (namespace: string) =>
    locate(
      text,
      segs,
      (n) =>
        isMap(n) &&
        String(n.get('kind')) === 'NetworkPolicy' &&
        (meta(n, 'namespace') ?? 'default') === namespace,
    );

  switch (edit.type) {
    case 'set-labels': {
      const [target] = locate(text, segs, (n) => matches(n, edit));
      // A namespace that is only referenced gets declared, as `kubectl label namespace` would
      // find it existing in a real cluster.
      if (!target && edit.kind === 'Namespace') {
        const labels = Object.fromEntries(
          Object.entries(edit.labels).filter((e): e is [string, string] => e[1] !== null),
        );
        if (Object.keys(labels).length === 0) return ok(text, false);
        return ok(
          appendDocument(
            text,
            new Document({
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: { name: edit.name, labels },
            }).toString(),
          ),
          true,
        );
      }
      if (!target)
        return fail(
          text,
          `No ${edit.kind} ${edit.namespace ? `${edit.namespace}/` : ''}${edit.name} in the YAML.`,
        );
      const isWorkload = edit.kind !== 'Pod' && edit.kind !== 'Namespace';
      const path = isWorkload
        ? edit.kind === 'CronJob'
          ? ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels']
          : ['spec', 'template', 'metadata', 'labels']
        : ['metadata', 'labels'];
      // The labels map as written, to rewrite it alone: the whole document re-serialized reflows its
      // other lines (a long `spec: { containers: [...] }` became a five-line block).
      const written = target.node.getIn(path, true);
      const writtenRange =
        isMap(written) && written.range ? ([written.range[0], written.range[1]] as const) : null;
      let changed = false;
      for (const [key, value] of Object.entries(edit.labels)) {
        const current = target.node.getIn([...path, key]);
        if (value === null) {
          if (current !== undefined) {
            target.node.deleteIn([...path, key]);
            changed = true;
          }
        } else if (current === undefined || String(current) !== value) {
          if (!target.node.hasIn(path) || target.node.getIn(path) === null)
            target.node.setIn(path, target.doc.createNode({}));
          target.node.setIn([...path, key], value);
          changed = true;
        }
      }
      if (!changed) return ok(text, false);
      if (writtenRange && isMap(written)) {
        const at = segs[target.segment]!.start;
        return ok(replaceNode(text, at + writtenRange[0], at + writtenRange[1], written), true);
      }
      return ok(splice(text, segs, target.segment, target.doc.toString()), true);
    }
    case 'add-default-deny': {
      const types = edit.policyTypes.length ? edit.policyTypes : ['Ingress' as const];
      const name = types.length === 2 ? 'default-deny-all' : `default-deny-${types[0]!.toLowerCase()}`;
      const existing = policies(edit.namespace).find((p) => meta(p.node, 'name') === name);
      if (existing) return ok(text, false);
      return ok(
        appendDocument(text, policyYaml(name, edit.namespace, { podSelector: {}, policyTypes: types })),
        true,
      );
    }
    case 'allow-dns': {
      const name = 'allow-dns';
      if (policies(edit.namespace).some((p) => meta(p.node, 'name') === name)) return ok(text, false);
      return ok(
        appendDocument(
          text,
          policyYaml(name, edit.namespace, {
            podSelector: {},
            policyTypes: ['Egress'],
            egress: [
              {
                to: [
                  {
                    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                  },
                ],
                ports: [
                  { protocol: 'UDP', port: 53 },
                  { protocol: 'TCP', port: 53 },
                ],
              },
            ],
          }),
        ),
        true,
      );
    }
    case 'add-ingress-rule':
    case 'add-egress-rule': {
      const direction = edit.type === 'add-ingress-rule' ? 'Ingress' : 'Egress';
      const listKey = direction === 'Ingress' ? 'ingress' : 'egress';
      const peerKey = direction === 'Ingress' ? 'from' : 'to';
      const rule: Record<string, unknown> = {};
      if (edit.peers.length)
        rule[peerKey] = edit.peers.map((p) =>
          'ipBlock' in p
            ? { ipBlock: p.ipBlock }
            : {
                ...(p.namespaceSelector ? { namespaceSelector: selectorJson(p.namespaceSelector) } : {}),
                ...(p.podSelector ? { podSelector: selectorJson(p.podSelector) } : {}),
              },
        );
      if (edit.ports.length) rule.ports = edit.ports.map(portJson);
      // Extend a v1 policy that already selects exactly these pods and already has rules in this
      // direction, else write a new one: a default deny keeps saying what its name says.
      const target = policies(edit.namespace).find(
        (p) =>
          String(p.node.get('apiVersion')) === 'networking.k8s.io/v1' &&
          isSeq(p.node.getIn(['spec', listKey])) &&
          (p.node.getIn(['spec', listKey]) as YAMLSeq).items.length > 0 &&
          sameSelector(p.node.getIn(['spec', 'podSelector']), edit.podSelector) &&
          (edit.policyName === undefined || meta(p.node, 'name') === edit.policyName),
      );
      if (target) {
        const spec = target.node.get('spec') as YAMLMap;
        const list = spec.get(listKey);
        if (isSeq(list)) list.add(target.doc.createNode(rule));
        else spec.set(listKey, target.doc.createNode([rule]));
        const types = spec.get('policyTypes');
        if (isSeq(types)) {
          if (!types.items.some((t) => String((t as { value?: unknown }).value ?? t) === direction))
            types.add(direction);
        } else if (direction === 'Egress') {
          spec.set(
            'policyTypes',
            target.doc.createNode(spec.has('ingress') ? ['Ingress', 'Egress'] : ['Egress']),
          );
        }
        return ok(splice(text, segs, target.segment, target.doc.toString()), true);
      }
      const labels = [...new Set(Object.values(edit.podSelector.matchLabels ?? {}))];
      const base =
        edit.policyName ??
        `allow-${direction === 'Ingress' ? 'ingress-to' : 'egress-from'}-${slug(labels.join('-') || 'all-pods')}`;
      const taken = new Set(policies(edit.namespace).map((p) => meta(p.node, 'name')));
      let name = base;
      for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
      return ok(
        appendDocument(
          text,
          policyYaml(name, edit.namespace, {
            podSelector: selectorJson(edit.podSelector),
            policyTypes: [direction],
            [listKey]: [rule],
          }),
        ),
        true,
      );
    }
    case 'remove-rule':
    case 'remove-peer':
    case 'remove-port': {
      const [target] = policies(edit.policy.namespace).filter(
        (p) => meta(p.node, 'name') === edit.policy.name,
      );
      if (!target) return fail(text, `No NetworkPolicy ${edit.policy.namespace}/${edit.policy.name}.`);
      const listKey = edit.direction === 'Ingress' ? 'ingress' : 'egress';
      const path = ['spec', listKey, edit.ruleIndex];
      if (!target.node.hasIn(path)) return fail(text, `That rule no longer exists.`);
      if (edit.type === 'remove-rule') target.node.deleteIn(path);
      else {
        const key = edit.type === 'remove-peer' ? (edit.direction === 'Ingress' ? 'from' : 'to') : 'ports';
        const index = edit.type === 'remove-peer' ? edit.peerIndex : edit.portIndex;
        const list = target.node.getIn([...path, key]);
        if (!isSeq(list) || index === undefined || index >= list.items.length)
          return fail(text, 'That entry no longer exists.');
        // Removing the last peer would turn the rule into "from everyone": remove the whole rule instead.
        if (list.items.length === 1) target.node.deleteIn(path);
        else list.delete(index);
      }
      return ok(splice(text, segs, target.segment, target.doc.toString()), true);
    }
    case 'add-object':
      return ok(appendDocument(text, edit.yaml), true);
    case 'delete-object': {
      const [target] = locate(text, segs, (n) => matches(n, edit));
      if (!target) return fail(text, `No ${edit.kind} ${edit.name} in the YAML.`);
      return ok(removeLocated(text, segs, target), true);
    }
    case 'delete-namespace': {
      // What `kubectl delete namespace` does: the namespace and everything in it. One object per
      // pass, each removed where it was found (the text, and so the segments, change every time).
      const inside = (n: unknown) =>
        isMap(n) &&
        (String(n.get('kind')) === 'Namespace'
          ? meta(n, 'name') === edit.name
          : !String(n.get('kind')).endsWith('List') &&
            !CLUSTER_SCOPED.has(String(n.get('kind'))) &&
            (meta(n, 'namespace') ?? 'default') === edit.name);
      let next = text;
      for (;;) {
        const nextSegs = segments(next);
        const [target] = locate(next, nextSegs, inside);
        if (!target) break;
        next = removeLocated(next, nextSegs, target);
      }
      return next === text ? fail(text, `Nothing in namespace ${edit.name} to delete.`) : ok(next, true);
    }
    case 'convert-legacy-policy': {
      const [target] = policies(edit.namespace).filter((p) => meta(p.node, 'name') === edit.name);
      if (!target) return fail(text, `No NetworkPolicy ${edit.namespace}/${edit.name}.`);
      if (String(target.node.get('apiVersion')) === 'networking.k8s.io/v1') return ok(text, false);
      target.node.set('apiVersion', 'networking.k8s.io/v1');
      const spec = target.node.get('spec');
      if (isMap(spec)) {
        for (const listKey of ['ingress', 'egress']) {
          const rules = spec.get(listKey);
          if (!isSeq(rules)) continue;
          for (const rule of rules.items) {
            const ports = isMap(rule) ? rule.get('ports') : undefined;
            if (!isSeq(ports)) continue;
            for (const port of ports.items) {
              if (isMap(port) && port.has('protocol'))
                port.set('protocol', String(port.get('protocol')).toUpperCase());
            }
          }
        }
        if (!spec.has('policyTypes')) {
          const egress = spec.get('egress');
          spec.set(
            'policyTypes',
            target.doc.createNode(isSeq(egress) && egress.items.length ? ['Ingress', 'Egress'] : ['Ingress']),
          );
        }
      }
      return ok(splice(text, segs, target.segment, target.doc.toString()), true);
    }
  }
}
