import { describe, expect, it } from 'vitest';
import { applyEdit, type Edit } from './applyEdit';
import { parseText } from '../parse/index';
import { evaluateConnection, resolveRef } from '../evaluate/index';

const BASE = `# the workshop
apiVersion: v1
kind: Namespace
metadata:
  name: ns-1 # keep me
---
# http-echo serves on 80
apiVersion: v1
kind: Pod
metadata:
  name: http-echo
  namespace: ns-1
  labels:
    app: http-echo # the server
spec:
  containers:
    - name: c
      ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Pod
metadata:
  name: busybox
  namespace: ns-1
  labels: {run: busybox}
spec: {containers: [{name: c}]}
`;

const docsOf = (text: string) => text.split(/^---\n/m);

function allowed(text: string, from: string, to: string, port = 80) {
  const cluster = parseText(text).value.cluster;
  const a = resolveRef(cluster, from);
  const b = resolveRef(cluster, to);
  if (!a.ok || !b.ok) throw new Error('ref');
  return evaluateConnection(cluster, { from: a.index, to: b.index, port, protocol: 'TCP' }).allowed;
}

describe('applyEdit', () => {
  it('labels a pod, keeping comments and leaving other documents byte-identical', () => {
    const r = applyEdit(BASE, {
      type: 'set-labels',
      kind: 'Pod',
      namespace: 'ns-1',
      name: 'busybox',
      labels: { app: 'busybox' },
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.value.changed).toBe(true);
    const before = docsOf(BASE);
    const after = docsOf(r.value.text);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toBe(before[1]);
    expect(after[2]).toContain('app: busybox');
    expect(parseText(r.value.text).value.cluster.endpoints[1]!).toMatchObject({
      labels: { run: 'busybox', app: 'busybox' },
    });
    const again = applyEdit(r.value.text, {
      type: 'set-labels',
      kind: 'Pod',
      namespace: 'ns-1',
      name: 'busybox',
      labels: { app: 'busybox' },
    });
    expect(again.value.changed).toBe(false);
  });

  it('rewrites only the labels node: a long flow sibling and comments stay byte for byte', () => {
    const spec =
      'spec: { containers: [ { name: web, image: "nginx:1.25", ports: [ { containerPort: 8080 }, { containerPort: 9500 } ] } ] }';
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  labels:\n    app: web # the app\n    tier: back\n${spec}\n`;
    const r = applyEdit(pod, {
      type: 'set-labels',
      kind: 'Pod',
      namespace: 'shop',
      name: 'web',
      labels: { app: 'web2', tier: null, team: 'x' },
    });
    expect(r.value.text).toBe(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  labels:\n    app: web2 # the app\n    team: x\n${spec}\n`,
    );
    const flow = `apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop, labels: {app: db}}\n${spec}\n`;
    const f = applyEdit(flow, {
      type: 'set-labels',
      kind: 'Pod',
      namespace: 'shop',
      name: 'db',
      labels: { port: '80' },
    });
    expect(f.value.text).toBe(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop, labels: { app: db, port: "80" }}\n${spec}\n`,
    );
  });

  it('removes a label and keeps the comment on a sibling', () => {
    const r = applyEdit(BASE, { type: 'set-labels', kind: 'Namespace', name: 'ns-1', labels: { team: 'a' } });
    expect(r.value.text).toContain('# keep me');
    const removed = applyEdit(r.value.text, {
      type: 'set-labels',
      kind: 'Namespace',
      name: 'ns-1',
      labels: { team: null },
    });
    expect(removed.value.text).not.toContain('team');
  });

  it('adds a default deny that closes connections, once', () => {
    expect(allowed(BASE, 'ns-1/busybox', 'ns-1/http-echo')).toBe(true);
    const r = applyEdit(BASE, { type: 'add-default-deny', namespace: 'ns-1', policyTypes: ['Ingress'] });
    expect(r.value.text.startsWith(BASE)).toBe(true);
    expect(r.value.text).toContain('name: default-deny-ingress');
    expect(r.value.text).toContain('policyTypes:\n    - Ingress');
    expect(allowed(r.value.text, 'ns-1/busybox', 'ns-1/http-echo')).toBe(false);
    expect(
      applyEdit(r.value.text, { type: 'add-default-deny', namespace: 'ns-1', policyTypes: ['Ingress'] }).value
        .changed,
    ).toBe(false);
  });

  it('adds an ingress rule as a new policy, then extends that policy', () => {
    const denied = applyEdit(BASE, { type: 'add-default-deny', namespace: 'ns-1', policyTypes: ['Ingress'] })
      .value.text;
    const r = applyEdit(denied, {
      type: 'add-ingress-rule',
      namespace: 'ns-1',
      podSelector: { matchLabels: { app: 'http-echo' } },
      peers: [{ podSelector: { matchLabels: { run: 'busybox' } } }],
      ports: [{ port: 80, protocol: 'TCP' }],
    });
    expect(r.value.text).toContain('name: allow-ingress-to-http-echo');
    expect(allowed(r.value.text, 'ns-1/busybox', 'ns-1/http-echo')).toBe(true);
    expect(allowed(r.value.text, 'ns-1/busybox', 'ns-1/http-echo', 81)).toBe(false);
    const more = applyEdit(r.value.text, {
      type: 'add-ingress-rule',
      namespace: 'ns-1',
      podSelector: { matchLabels: { app: 'http-echo' } },
      peers: [],
      ports: [{ port: 81 }],
    });
    expect(more.value.text.match(/kind: NetworkPolicy/g)).toHaveLength(2);
    expect(allowed(more.value.text, 'ns-1/busybox', 'ns-1/http-echo', 81)).toBe(true);
  });

  it('removes the rule that admits a connection', () => {
    const withRule = applyEdit(BASE, {
      type: 'add-ingress-rule',
      namespace: 'ns-1',
      podSelector: { matchLabels: { app: 'http-echo' } },
      peers: [{ podSelector: { matchLabels: { run: 'busybox' } } }],
      ports: [],
    }).value.text;
    expect(allowed(withRule, 'ns-1/busybox', 'ns-1/http-echo')).toBe(true);
    const r = applyEdit(withRule, {
      type: 'remove-rule',
      policy: { namespace: 'ns-1', name: 'allow-ingress-to-http-echo' },
      direction: 'Ingress',
      ruleIndex: 0,
    });
    expect(allowed(r.value.text, 'ns-1/busybox', 'ns-1/http-echo')).toBe(false);
  });

  it('converts an extensions/v1beta1 policy to networking.k8s.io/v1', () => {
    const legacy = `apiVersion: extensions/v1beta1
kind: NetworkPolicy
metadata:
 name: test-network-policy
 namespace: default
spec:
 podSelector:
  matchLabels:
    role: db
 ingress:
  - from:
     - podSelector:
        matchLabels:
         role: frontend
    ports:
     - protocol: tcp
       port: 6379
`;
    const r = applyEdit(legacy, {
      type: 'convert-legacy-policy',
      namespace: 'default',
      name: 'test-network-policy',
    });
    const parsed = parseText(r.value.text);
    expect(parsed.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(parsed.value.cluster.policies[0]).toMatchObject({ legacy: false, policyTypes: ['Ingress'] });
  });

  it('works inside a kind: List', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a, namespace: x}\n`;
    const r = applyEdit(list, {
      type: 'set-labels',
      kind: 'Pod',
      namespace: 'x',
      name: 'a',
      labels: { app: 'a' },
    });
    expect(parseText(r.value.text).value.cluster.endpoints[0]).toMatchObject({ labels: { app: 'a' } });
  });

  it('refuses to edit broken YAML and leaves the text alone', () => {
    const broken = `${BASE}---\nkind: Pod\nmetadata: [oops\n`;
    const r = applyEdit(broken, { type: 'add-default-deny', namespace: 'ns-1', policyTypes: ['Ingress'] });
    expect(r.value.text).toBe(broken);
    expect(r.diagnostics[0]!.severity).toBe('error');
    // It names the problem and where it is, not only that there is one.
    const line = broken.split('\n').findIndex((l) => l.includes('[oops')) + 1;
    expect(r.diagnostics[0]!.message).toMatch(
      new RegExp(`^The YAML has a syntax error at line ${line}:11: `),
    );
    expect(r.diagnostics[0]!.message).toContain('this "[" is never closed');
  });

  describe('on a document whose content shares its --- line', () => {
    const text = `${BASE}--- {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n`;
    const namespaces = (t: string) => parseText(t).value.cluster.namespaces.map((n) => [n.name, n.labels]);

    it('sets labels on that object, not on a new copy of it', () => {
      const r = applyEdit(text, { type: 'set-labels', kind: 'Namespace', name: 'b', labels: { team: 'x' } });
      expect(r.diagnostics).toEqual([]);
      expect(r.value.text.startsWith(BASE)).toBe(true);
      expect(parseText(r.value.text).diagnostics).toEqual([]);
      expect(namespaces(r.value.text)).toEqual([
        ['ns-1', { 'kubernetes.io/metadata.name': 'ns-1' }],
        ['b', { team: 'x', 'kubernetes.io/metadata.name': 'b' }],
      ]);
    });

    it('deletes it', () => {
      const r = applyEdit(text, { type: 'delete-object', kind: 'Namespace', name: 'b' });
      expect(r.diagnostics).toEqual([]);
      expect(r.value.text).toBe(BASE);
    });

    it('deletes the document before it and keeps it', () => {
      const first = `--- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n--- {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n`;
      const r = applyEdit(first, { type: 'delete-object', kind: 'Namespace', name: 'a' });
      expect(r.value.text).toBe('{apiVersion: v1, kind: Namespace, metadata: {name: b}}\n');
    });
  });

  it('deletes a document', () => {
    const r = applyEdit(BASE, { type: 'delete-object', kind: 'Pod', namespace: 'ns-1', name: 'busybox' });
    expect(parseText(r.value.text).value.cluster.endpoints.map((e) => e.ref)).toEqual(['ns-1/http-echo']);
    expect(r.value.text).toContain('# http-echo serves on 80');
  });

  it('labels a namespace that is only referenced by declaring it, and then edits that declaration', () => {
    const text = BASE.replace(/namespace: ns-1\n/g, 'namespace: ns-2\n');
    const r = applyEdit(text, { type: 'set-labels', kind: 'Namespace', name: 'ns-2', labels: { team: 'a' } });
    expect(r.value.text.startsWith(text)).toBe(true);
    const ns = parseText(r.value.text).value.cluster.namespaces.find((n) => n.name === 'ns-2')!;
    expect(ns).toMatchObject({
      declared: true,
      labels: { team: 'a', 'kubernetes.io/metadata.name': 'ns-2' },
    });
    const again = applyEdit(r.value.text, {
      type: 'set-labels',
      kind: 'Namespace',
      name: 'ns-2',
      labels: { team: null },
    });
    expect(again.value.text.startsWith(text)).toBe(true);
    expect(
      parseText(again.value.text).value.cluster.namespaces.find((n) => n.name === 'ns-2')!.labels,
    ).toEqual({
      'kubernetes.io/metadata.name': 'ns-2',
    });
  });

  it('does not turn a default deny into an allow: a drawn rule gets its own policy', () => {
    const denied = applyEdit(BASE, { type: 'add-default-deny', namespace: 'ns-1', policyTypes: ['Ingress'] })
      .value.text;
    const r = applyEdit(denied, {
      type: 'add-ingress-rule',
      namespace: 'ns-1',
      podSelector: {},
      peers: [{ podSelector: { matchLabels: { run: 'busybox' } } }],
      ports: [{ port: 80 }],
    });
    expect(r.value.text.startsWith(denied)).toBe(true);
    expect(r.value.text.slice(denied.length)).toContain('name: allow-ingress-to-all-pods');
    expect(allowed(r.value.text, 'ns-1/busybox', 'ns-1/http-echo')).toBe(true);
  });

  it('deletes a namespace with everything in it, leaving the rest alone', () => {
    const other = `${BASE}---\napiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: ns-9}\n`;
    const r = applyEdit(other, { type: 'delete-namespace', name: 'ns-1' });
    expect(parseText(r.value.text).value.cluster.endpoints.map((e) => e.ref)).toEqual(['ns-9/x']);
    expect(parseText(r.value.text).value.cluster.namespaces.map((n) => n.name)).toEqual(['ns-9']);
    expect(applyEdit(r.value.text, { type: 'delete-namespace', name: 'ns-1' }).diagnostics[0]!.code).toBe(
      'edit-refused',
    );
  });

  describe('refuses, leaving the text alone and naming why', () => {
    const withRule = applyEdit(BASE, {
      type: 'add-ingress-rule',
      namespace: 'ns-1',
      podSelector: { matchLabels: { app: 'http-echo' } },
      peers: [{ podSelector: { matchLabels: { run: 'busybox' } } }],
      ports: [{ port: 80 }],
    }).value.text;
    const policy = { namespace: 'ns-1', name: 'allow-ingress-to-http-echo' };
    const cases: [string, string, Edit, string, string][] = [
      [
        'labels on a missing pod',
        BASE,
        { type: 'set-labels', kind: 'Pod', namespace: 'ns-1', name: 'nope', labels: { a: 'b' } },
        'object-missing',
        'No Pod ns-1/nope in the YAML.',
      ],
      [
        'deleting a missing object',
        BASE,
        { type: 'delete-object', kind: 'Pod', namespace: 'ns-1', name: 'nope' },
        'object-missing',
        'No Pod nope in the YAML.',
      ],
      [
        'removing a rule of a missing policy',
        BASE,
        { type: 'remove-rule', policy, direction: 'Ingress', ruleIndex: 0 },
        'policy-missing',
        'No NetworkPolicy ns-1/allow-ingress-to-http-echo.',
      ],
      [
        'removing a rule that is gone',
        withRule,
        { type: 'remove-rule', policy, direction: 'Ingress', ruleIndex: 3 },
        'rule-missing',
        'That rule no longer exists.',
      ],
      [
        'removing a peer that is gone',
        withRule,
        { type: 'remove-peer', policy, direction: 'Ingress', ruleIndex: 0, peerIndex: 1 },
        'entry-missing',
        'That entry no longer exists.',
      ],
      [
        'removing a port without saying which',
        withRule,
        { type: 'remove-port', policy, direction: 'Ingress', ruleIndex: 0 },
        'entry-missing',
        'That entry no longer exists.',
      ],
      [
        'converting a missing policy',
        BASE,
        { type: 'convert-legacy-policy', namespace: 'ns-1', name: 'old' },
        'policy-missing',
        'No NetworkPolicy ns-1/old.',
      ],
      [
        'deleting an empty namespace',
        BASE,
        { type: 'delete-namespace', name: 'ns-9' },
        'namespace-empty',
        'Nothing in namespace ns-9 to delete.',
      ],
      [
        // It reads without a syntax error, and the YAML library threw writing it back.
        'labelling a pod whose labels use an alias before its anchor',
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: ns-1\n  labels:\n    app: *a\n    tier: &a x\n',
        { type: 'set-labels', kind: 'Pod', namespace: 'ns-1', name: 'web', labels: { b: 'c' } },
        'unwritable',
        'The document could not be written back (Unresolved alias (the anchor must be set before the alias): a). Fix it in the editor before editing from the graph.',
      ],
    ];
    it.each(cases)('%s', (_, text, edit, refusal, message) => {
      const r = applyEdit(text, edit);
      expect(r.value).toEqual({ text, changed: false, refusal });
      expect(r.diagnostics).toEqual([{ code: 'edit-refused', severity: 'error', message }]);
    });

    it('quotes names from the input with invisible characters escaped', () => {
      const r = applyEdit(BASE, { type: 'delete-namespace', name: 'ns\u202e-9' });
      expect(r.diagnostics[0]!.message).toBe('Nothing in namespace ns\\u202e-9 to delete.');
    });

    it('names a syntax error as its own refusal', () => {
      const r = applyEdit('kind: [', { type: 'allow-dns', namespace: 'n' });
      expect(r.value.refusal).toBe('yaml-syntax');
      expect(r.diagnostics[0]!.code).toBe('edit-refused');
    });
  });

  it('deleting namespace default keeps the cluster-scoped objects, which have no namespace', () => {
    const text = [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n',
      'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n',
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: guard}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n',
    ].join('---\n');
    const r = applyEdit(text, { type: 'delete-namespace', name: 'default' });
    const cluster = parseText(r.value.text).value.cluster;
    expect(cluster.endpoints).toEqual([]);
    expect(cluster.adminPolicies!.map((p) => p.name)).toEqual(['guard']);
    expect(cluster.nodes!.map((n) => n.name)).toEqual(['n1']);
  });
});
