// Structured edits of the YAML text: one handler per edit type, all sharing one EditContext (the text,
// its documents and how to answer). Only the document that changes is re-serialised (the `yaml`
// Document API keeps its comments and key order); every other document stays byte-identical.
import { Document, LineCounter, isMap, isSeq, parseAllDocuments, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Protocol, Result } from '../types';
import { syntaxErrorRange } from '../parse/syntaxErrors';
import { editRefusal, type EditRefusal } from '../messages';
import {
  appendDocument,
  ITEM_WISE_BYTES,
  locate,
  locatedStart,
  matches,
  meta,
  removeLocated,
  replaceNode,
  rewriteLocated,
  segments,
  type Located,
  type ObjectRef,
  type Segment,
} from './documents';

export type { ObjectRef } from './documents';

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

interface AddRule<T extends string> {
  type: T;
  namespace: string;
  podSelector: Selector;
  peers: EditPeer[];
  ports: EditPort[];
  policyName?: string;
}
interface RemoveFromRule<T extends string> {
  type: T;
  policy: { namespace: string; name: string };
  direction: 'Ingress' | 'Egress';
  ruleIndex: number;
  peerIndex?: number;
  portIndex?: number;
}

/** One variant per type, so `Extract<Edit, {type: K}>` names exactly the edits a handler receives. */
export type Edit =
  | AddRule<'add-ingress-rule'>
  | AddRule<'add-egress-rule'>
  | RemoveFromRule<'remove-rule'>
  | RemoveFromRule<'remove-peer'>
  | RemoveFromRule<'remove-port'>
  | { type: 'add-default-deny'; namespace: string; policyTypes: ('Ingress' | 'Egress')[] }
  | { type: 'allow-dns'; namespace: string }
  | ({ type: 'set-labels'; labels: Record<string, string | null> } & ObjectRef)
  | { type: 'add-object'; yaml: string }
  | ({ type: 'delete-object' } & ObjectRef)
  | { type: 'delete-namespace'; name: string }
  | { type: 'convert-legacy-policy'; namespace: string; name: string };

export interface EditOutcome {
  text: string;
  changed: boolean;
  /** Set when the edit was refused (the text is then the input, unchanged). */
  refusal?: EditRefusal;
}
export type EditResult = Result<EditOutcome>;

/** What every handler works from: the text as it was, its documents, and the ways to answer. */
export interface EditContext {
  readonly text: string;
  /** Above this size the text is read one document, or one item of a big List, at a time. */
  readonly itemWiseBytes: number;
  readonly segments: Segment[];
  /**
   * The objects passing `test`, in text order. `hint`: strings every such object has among its values
   * (see `locate`), so that a big List is read only where they are.
   */
  locate(test: (node: unknown) => boolean, hint?: readonly string[]): Located[];
  /** The NetworkPolicies of a namespace. */
  policies(namespace: string): Located[];
  /** The text with `target`'s document written back as its Document is now. */
  rewrite(target: Located): string;
  /** The edit's result: `next` is the new text (the same text means nothing changed). */
  done(next: string): EditResult;
  refuse(refusal: EditRefusal, args?: readonly (string | number)[]): EditResult;
}

type Handlers = { [K in Edit['type']]: (edit: Extract<Edit, { type: K }>, ctx: EditContext) => EditResult };

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

/** What every object `ref` names has among its values; a namespace left out may be `default`'s. */
const refHint = (ref: ObjectRef) => [
  ref.kind,
  ref.name,
  ...(ref.namespace && ref.namespace !== 'default' && ref.kind !== 'Namespace' ? [ref.namespace] : []),
];

const named = (ctx: EditContext, namespace: string, name: string) =>
  ctx.policies(namespace).find((p) => meta(p.node, 'name') === name);

const setLabels: Handlers['set-labels'] = (edit, ctx) => {
  const [target] = ctx.locate((n) => matches(n, edit), refHint(edit));
  // A namespace that is only referenced gets declared, as `kubectl label namespace` would find it
  // existing in a real cluster.
  if (!target && edit.kind === 'Namespace') {
    const labels = Object.fromEntries(
      Object.entries(edit.labels).filter((e): e is [string, string] => e[1] !== null),
    );
    if (Object.keys(labels).length === 0) return ctx.done(ctx.text);
    const namespace = new Document({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: edit.name, labels },
    });
    return ctx.done(appendDocument(ctx.text, namespace.toString()));
  }
  if (!target)
    return ctx.refuse('object-missing', [
      edit.kind,
      `${edit.namespace ? `${edit.namespace}/` : ''}${edit.name}`,
    ]);
  const isWorkload = edit.kind !== 'Pod' && edit.kind !== 'Namespace';
  const path = isWorkload
    ? edit.kind === 'CronJob'
      ? ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels']
      : ['spec', 'template', 'metadata', 'labels']
    : ['metadata', 'labels'];
  // The labels map as written, to rewrite it alone: the whole document re-serialised reflows its other
  // lines (a long `spec: { containers: [...] }` becomes a five-line block).
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
  if (!changed) return ctx.done(ctx.text);
  if (writtenRange && isMap(written)) {
    const at = locatedStart(ctx.segments, target);
    return ctx.done(replaceNode(ctx.text, at + writtenRange[0], at + writtenRange[1], written));
  }
  return ctx.done(ctx.rewrite(target));
};

const addDefaultDeny: Handlers['add-default-deny'] = (edit, ctx) => {
  const types = edit.policyTypes.length ? edit.policyTypes : ['Ingress' as const];
  const name = types.length === 2 ? 'default-deny-all' : `default-deny-${types[0]!.toLowerCase()}`;
  if (named(ctx, edit.namespace, name)) return ctx.done(ctx.text);
  return ctx.done(
    appendDocument(ctx.text, policyYaml(name, edit.namespace, { podSelector: {}, policyTypes: types })),
  );
};

const allowDns: Handlers['allow-dns'] = (edit, ctx) => {
  const name = 'allow-dns';
  if (named(ctx, edit.namespace, name)) return ctx.done(ctx.text);
  const spec = {
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
  };
  return ctx.done(appendDocument(ctx.text, policyYaml(name, edit.namespace, spec)));
};

const addRule = (edit: AddRule<'add-ingress-rule' | 'add-egress-rule'>, ctx: EditContext): EditResult => {
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
  const policies = ctx.policies(edit.namespace);
  const target = policies.find(
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
    return ctx.done(ctx.rewrite(target));
  }
  const labels = [...new Set(Object.values(edit.podSelector.matchLabels ?? {}))];
  const base =
    edit.policyName ??
    `allow-${direction === 'Ingress' ? 'ingress-to' : 'egress-from'}-${slug(labels.join('-') || 'all-pods')}`;
  const taken = new Set(policies.map((p) => meta(p.node, 'name')));
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  const spec = { podSelector: selectorJson(edit.podSelector), policyTypes: [direction], [listKey]: [rule] };
  return ctx.done(appendDocument(ctx.text, policyYaml(name, edit.namespace, spec)));
};

const removeFromRule = (
  edit: RemoveFromRule<'remove-rule' | 'remove-peer' | 'remove-port'>,
  ctx: EditContext,
): EditResult => {
  const target = named(ctx, edit.policy.namespace, edit.policy.name);
  if (!target) return ctx.refuse('policy-missing', [edit.policy.namespace, edit.policy.name]);
  const listKey = edit.direction === 'Ingress' ? 'ingress' : 'egress';
  const path = ['spec', listKey, edit.ruleIndex];
  if (!target.node.hasIn(path)) return ctx.refuse('rule-missing');
  if (edit.type === 'remove-rule') target.node.deleteIn(path);
  else {
    const key = edit.type === 'remove-peer' ? (edit.direction === 'Ingress' ? 'from' : 'to') : 'ports';
    const index = edit.type === 'remove-peer' ? edit.peerIndex : edit.portIndex;
    const list = target.node.getIn([...path, key]);
    if (!isSeq(list) || index === undefined || index >= list.items.length) return ctx.refuse('entry-missing');
    // Removing the last peer would turn the rule into "from everyone": remove the whole rule instead.
    if (list.items.length === 1) target.node.deleteIn(path);
    else list.delete(index);
  }
  return ctx.done(ctx.rewrite(target));
};

const deleteObject: Handlers['delete-object'] = (edit, ctx) => {
  const [target] = ctx.locate((n) => matches(n, edit), refHint(edit));
  if (!target) return ctx.refuse('object-missing', [edit.kind, edit.name]);
  return ctx.done(removeLocated(ctx.text, ctx.segments, target));
};

/** Kinds without a namespace: deleting namespace `default` must not take them with it. */
const CLUSTER_SCOPED = new Set([
  'Node',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);

const deleteNamespace: Handlers['delete-namespace'] = (edit, ctx) => {
  // What `kubectl delete namespace` does: the namespace and everything in it. One object per pass,
  // each removed where it was found (the text, and so the segments, change every time).
  const inside = (n: unknown) =>
    isMap(n) &&
    (String(n.get('kind')) === 'Namespace'
      ? meta(n, 'name') === edit.name
      : !String(n.get('kind')).endsWith('List') &&
        !CLUSTER_SCOPED.has(String(n.get('kind'))) &&
        (meta(n, 'namespace') ?? 'default') === edit.name);
  let next = ctx.text;
  for (;;) {
    const nextSegs = segments(next, undefined, ctx.itemWiseBytes);
    const [target] = locate(
      next,
      nextSegs,
      inside,
      edit.name === 'default' ? [] : [edit.name],
      ctx.itemWiseBytes,
    );
    if (!target) break;
    next = removeLocated(next, nextSegs, target);
  }
  return next === ctx.text ? ctx.refuse('namespace-empty', [edit.name]) : ctx.done(next);
};

const convertLegacyPolicy: Handlers['convert-legacy-policy'] = (edit, ctx) => {
  const target = named(ctx, edit.namespace, edit.name);
  if (!target) return ctx.refuse('policy-missing', [edit.namespace, edit.name]);
  if (String(target.node.get('apiVersion')) === 'networking.k8s.io/v1') return ctx.done(ctx.text);
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
  return ctx.done(ctx.rewrite(target));
};

/** Every edit type has its handler: a new type does not compile until it gets one. */
const HANDLERS: Handlers = {
  'set-labels': setLabels,
  'add-default-deny': addDefaultDeny,
  'allow-dns': allowDns,
  'add-ingress-rule': addRule,
  'add-egress-rule': addRule,
  'remove-rule': removeFromRule,
  'remove-peer': removeFromRule,
  'remove-port': removeFromRule,
  'add-object': (edit, ctx) => ctx.done(appendDocument(ctx.text, edit.yaml)),
  'delete-object': deleteObject,
  'delete-namespace': deleteNamespace,
  'convert-legacy-policy': convertLegacyPolicy,
};

function refused(text: string, refusal: EditRefusal, args: readonly (string | number)[] = []): EditResult {
  return { value: { text, changed: false, refusal }, diagnostics: [editRefusal(refusal, args)] };
}

function context(text: string, segs: Segment[], itemWiseBytes: number): EditContext {
  const ctx: EditContext = {
    text,
    itemWiseBytes,
    segments: segs,
    locate: (test, hint) => locate(text, segs, test, hint, itemWiseBytes),
    policies: (namespace) =>
      ctx.locate(
        (n) =>
          isMap(n) &&
          String(n.get('kind')) === 'NetworkPolicy' &&
          (meta(n, 'namespace') ?? 'default') === namespace,
        namespace === 'default' ? ['NetworkPolicy'] : ['NetworkPolicy', namespace],
      ),
    rewrite: (target) => rewriteLocated(text, segs, target),
    done: (next) => ({ value: { text: next, changed: next !== text }, diagnostics: [] }),
    refuse: (refusal, args) => refused(text, refusal, args),
  };
  return ctx;
}

/**
 * Applies one edit; refuses (the text unchanged, an `edit-refused` diagnostic) on a syntax error.
 * Above `ITEM_WISE_BYTES` only the documents and List items the edit reads are parsed, and a syntax
 * error elsewhere goes unnoticed here: the whole text's diagnostics are its reader's (the app edits only
 * a text that reads).
 */
export function applyEdit(
  text: string,
  edit: Edit,
  { itemWiseBytes = ITEM_WISE_BYTES }: { itemWiseBytes?: number } = {},
): EditResult {
  const known = HANDLERS[edit.type] as (edit: Edit, ctx: EditContext) => EditResult;
  // The YAML library throws while writing a document it read without an error (an alias before its
  // anchor is one): the edit is refused with its reason, the engine never throws on user input.
  const handler = (e: Edit, ctx: EditContext): EditResult => {
    try {
      return known(e, ctx);
    } catch (error) {
      return refused(text, 'unwritable', [error instanceof Error ? error.message : String(error)]);
    }
  };
  if (text.length > itemWiseBytes)
    return handler(edit, context(text, segments(text, undefined, itemWiseBytes), itemWiseBytes));
  const lineCounter = new LineCounter();
  const all = parseAllDocuments(text, { lineCounter });
  const docs = Array.isArray(all) ? all : [all];
  // Duplicate keys are not syntax errors: the parser reports them on their object, edits may proceed.
  const errors = docs.flatMap((d) => d.errors).filter((e) => e.code !== 'DUPLICATE_KEY');
  if (errors.length > 0) {
    const first = errors[0]!;
    const at = syntaxErrorRange(text, first.message, first.pos);
    const { line, col } = lineCounter.linePos(at.range[0]);
    const what = at.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return refused(text, 'yaml-syntax', [line, col, what, more]);
  }
  return handler(edit, context(text, segments(text, docs), itemWiseBytes));
}
