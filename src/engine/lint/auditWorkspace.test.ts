import { describe, expect, it } from 'vitest';
import { parseText } from '../parse/parseWorkspace';
import { auditWorkspace } from './auditWorkspace';

const NS = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n---\n`;
const POD = (ns: string, name: string, labels = `app: ${name}`) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}\n---\n`;
const NP = (ns: string, name: string, spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: ${spec}\n---\n`;

function audit(text: string, semantics: 'current' | 'legacy' = 'current') {
  const parsed = parseText(text);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const ws = parsed.value;
  const report = auditWorkspace(ws, { semantics });
  const ref = (i: number) => ws.cluster.endpoints[i]!.ref;
  return { report, ref };
}

const SHOP =
  NS('shop') +
  NS('ops') +
  POD('shop', 'web') +
  POD('shop', 'db') +
  POD('ops', 'monitor') +
  NP('shop', 'deny-in', '{podSelector: {}, policyTypes: [Ingress]}') +
  NP(
    'shop',
    'web-public',
    '{podSelector: {matchLabels: {app: web}}, ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 443}]}]}',
  ) +
  NP(
    'shop',
    'db-from-all-ns',
    '{podSelector: {matchLabels: {app: db}}, ingress: [{from: [{namespaceSelector: {}}]}]}',
  ) +
  NP('shop', 'ghost', '{podSelector: {matchLabels: {app: gone}}, ingress: [{}]}');

describe('audit, item by item', () => {
  it('pods not isolated, per direction', () => {
    const { report, ref } = audit(SHOP);
    expect(report.notIsolated.ingress.map(ref)).toEqual(['ops/monitor']);
    expect(report.notIsolated.egress.map(ref)).toEqual(['shop/web', 'shop/db', 'ops/monitor']);
  });

  it('pods reachable from outside the cluster, with the rule that admits outside addresses', () => {
    const { report, ref } = audit(SHOP);
    expect(
      report.reachableFromOutside.map((r) => [ref(r.pod), r.openToAll, r.rules.map((x) => x.policy)]),
    ).toEqual([
      ['shop/web', false, ['shop/web-public']],
      ['ops/monitor', true, []],
    ]);
    expect(report.reachableFromOutside[0]!.rules[0]!.ports).toEqual([
      expect.objectContaining({ protocol: 'TCP', port: 443 }),
    ]);
    expect(report.reachableFromOutside[0]!.rules[0]!.range?.line).toBeGreaterThan(0);
  });

  it('namespaces without a default deny, per direction; a deny with rules is not a default deny', () => {
    const { report } = audit(
      SHOP + NS('empty') + NP('ops', 'not-a-deny', '{podSelector: {}, policyTypes: [Egress], egress: [{}]}'),
    );
    expect(report.namespacesWithoutDefaultDeny).toEqual([
      { namespace: 'empty', ingress: false, egress: false },
      { namespace: 'ops', ingress: false, egress: false },
      { namespace: 'shop', ingress: true, egress: false },
    ]);
  });

  it('in the legacy semantics the DefaultDeny annotation is the ingress default deny', () => {
    const text =
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: old\n  annotations:\n    net.beta.kubernetes.io/network-policy: '{"ingress": {"isolation": "DefaultDeny"}}'\n---\n` +
      POD('old', 'a');
    expect(audit(text, 'legacy').report.namespacesWithoutDefaultDeny).toEqual([
      { namespace: 'old', ingress: true, egress: false },
    ]);
    expect(audit(text, 'current').report.namespacesWithoutDefaultDeny).toEqual([
      { namespace: 'old', ingress: false, egress: false },
    ]);
  });

  it('policies that select nothing', () => {
    expect(audit(SHOP).report.policiesSelectingNothing.map((p) => p.policy)).toEqual(['shop/ghost']);
  });

  it('rules that admit every namespace: no peers, or namespaceSelector {} alone', () => {
    const { report } = audit(
      SHOP +
        NP(
          'ops',
          'some-ns',
          '{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}]}]}',
        ),
    );
    expect(report.rulesAdmittingEveryNamespace.map((r) => [r.policy, r.anyAddress])).toEqual([
      ['shop/db-from-all-ns', false],
      ['shop/ghost', true],
    ]);
  });

  it('the most permissive rules by pod pairs admitted', () => {
    const { report } = audit(
      SHOP +
        POD('ops', 'a') +
        POD('ops', 'b') +
        NP('ops', 'all-in', '{podSelector: {}, ingress: [{from: [{podSelector: {}}]}]}'),
    );
    // ops/all-in: 3 ops pods selected x 3 ops pods admitted; shop/db-from-all-ns: 1 x 5 pods.
    expect(report.mostPermissiveRules.slice(0, 3).map((r) => [r.policy, r.pairs])).toEqual([
      ['ops/all-in', 9],
      ['shop/db-from-all-ns', 5],
      ['shop/web-public', 0],
    ]);
    expect(report.mostPermissiveRules.find((r) => r.policy === 'shop/ghost')).toEqual(
      expect.objectContaining({ pairs: 0, anyAddress: true }),
    );
  });
});
