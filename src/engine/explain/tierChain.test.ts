import { describe, expect, it } from 'vitest';
import { evaluateConnection, parseText, resolveRef } from '../index';
import { adminPoliciesSelecting, tierChain } from './tierChain';
import { describeAdminPolicy, describeAdminRule } from '../evaluate/adminTiers';

const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {team: b}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
spec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: b, labels: {app: db}}
spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-a, namespace: b}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}]}]
`;

function chainOf(extra: string) {
  const ws = parseText(`${CLUSTER}---\n${extra}`).value;
  const from = resolveRef(ws.cluster, 'a/web');
  const to = resolveRef(ws.cluster, 'b/db');
  if (!from.ok || !to.ok) throw new Error('refs');
  const verdict = evaluateConnection(ws.cluster, {
    from: from.index,
    to: to.index,
    port: 5432,
    protocol: 'TCP',
  });
  return { ws, verdict, chain: tierChain(ws.cluster, verdict) };
}

const ANP = (action: string) => `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: guard-b}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {team: b}}}
  ingress:
    - name: from-a
      action: ${action}
      from: [{namespaces: {matchLabels: {team: a}}}]
`;

describe('tierChain', () => {
  it('is absent without admin or baseline policies', () => {
    const ws = parseText(CLUSTER).value;
    const v = evaluateConnection(ws.cluster, { from: 0, to: 1, port: 5432, protocol: 'TCP' });
    expect(tierChain(ws.cluster, v)).toBeNull();
  });

  it('an admin Deny decides in the admin tier and the later tiers are not consulted', () => {
    const { chain, verdict } = chainOf(ANP('Deny'));
    expect(verdict.allowed).toBe(false);
    const ingress = chain!.find((c) => c.direction === 'Ingress')!;
    expect(ingress.subject).toBe('b/db');
    expect(ingress.rows.map((r) => [r.tier, r.status])).toEqual([
      ['Admin', 'decided'],
      ['NetworkPolicy', 'not-consulted'],
      ['Baseline', 'not-consulted'],
      ['Default', 'not-consulted'],
    ]);
    expect(ingress.rows[0]).toMatchObject({
      allowed: false,
      text: 'Deny by AdminNetworkPolicy guard-b (priority 10), ingress rule 1 `from-a`',
    });
    expect(ingress.rows[0]!.range?.line).toBeGreaterThan(0);
  });

  it('a Pass hands the decision to the NetworkPolicy that selects the pod', () => {
    const { chain, verdict } = chainOf(ANP('Pass'));
    expect(verdict.allowed).toBe(true);
    const ingress = chain!.find((c) => c.direction === 'Ingress')!;
    expect(ingress.rows.map((r) => [r.tier, r.status, r.allowed])).toEqual([
      ['Admin', 'passed', undefined],
      ['NetworkPolicy', 'decided', true],
      ['Baseline', 'not-consulted', undefined],
      ['Default', 'not-consulted', undefined],
    ]);
    expect(ingress.rows[1]!.text).toBe('allowed by b/allow-a');
  });

  it('egress of an unselected pod goes through every tier to the default', () => {
    const { chain } = chainOf(ANP('Deny'));
    const egress = chain!.find((c) => c.direction === 'Egress')!;
    expect(egress.rows.map((r) => [r.tier, r.status])).toEqual([
      ['Admin', 'no-match'],
      ['NetworkPolicy', 'no-match'],
      ['Baseline', 'no-match'],
      ['Default', 'decided'],
    ]);
    expect(egress.rows[1]!.text).toBe('no NetworkPolicy selects a/web');
  });

  it('lists the admin policies whose subject is a pod, admin tier first', () => {
    const { ws } = chainOf(
      `${ANP('Deny')}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
`,
    );
    const db = ws.cluster.endpoints.find((e) => e.ref === 'b/db')!;
    const web = ws.cluster.endpoints.find((e) => e.ref === 'a/web')!;
    expect(adminPoliciesSelecting(ws.cluster, db).map((p) => p.name)).toEqual(['guard-b', 'default']);
    expect(adminPoliciesSelecting(ws.cluster, web).map((p) => p.name)).toEqual(['default']);
  });
});

describe('the wording of admin policies and rules', () => {
  it('is one for the tier chain, the explanation and lint: priority and tier in parentheses', () => {
    const cnp = { index: 0, kind: 'ClusterNetworkPolicy', name: 'x', tier: 'Baseline', priority: 5 } as const;
    expect(describeAdminPolicy(cnp)).toBe('ClusterNetworkPolicy x (priority 5, Baseline tier)');
    expect(
      describeAdminPolicy({
        kind: 'BaselineAdminNetworkPolicy',
        name: 'default',
        tier: 'Baseline',
        priority: null,
      }),
    ).toBe('BaselineAdminNetworkPolicy default');
    expect(
      describeAdminRule({
        policy: cnp,
        direction: 'Egress',
        ruleIndex: 1,
        ruleName: 'to-db',
        action: 'Deny',
        peerIndex: 0,
        portIndex: -1,
      }),
    ).toBe('ClusterNetworkPolicy x (priority 5, Baseline tier), egress rule 2 `to-db`');
  });
});
