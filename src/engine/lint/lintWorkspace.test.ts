import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clusterArbitrary } from '../testing/arbitraries';
import { parseWorkspace } from '../parse/index';
import { lintWorkspace } from './lintWorkspace';
import { lintReference } from './lintReference';
import type { Cluster, Workspace } from '../types';

const workspaceOf = (cluster: Cluster): Workspace => ({ files: [], documents: [], cluster });

describe('lint in class space', () => {
  it('gives the same findings, in the same order, as the pod-by-pod reference on random clusters', () => {
    fc.assert(
      fc.property(clusterArbitrary, (cluster) => {
        const ws = workspaceOf(cluster);
        expect(lintWorkspace(ws)).toEqual(lintReference(ws));
      }),
      { numRuns: 500 },
    );
  });

  it('finds each kind of finding on a written example', () => {
    const text = `
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: y, labels: {app: b}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec:
  podSelector: {matchLabels: {app: a}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: b}}}]
      ports: [{port: web}]
  egress:
    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {app: b}}}]
      ports: [{port: 443}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ghost, namespace: y}
spec: {podSelector: {matchLabels: {app: nope}}}
`;
    const ws = parseWorkspace([{ name: 'w.yaml', text }]).value;
    const codes = lintWorkspace(ws).map((d) => d.code);
    expect(codes).toEqual([
      'lint-peer-selects-nothing',
      'lint-peer-other-namespace',
      'lint-named-port-missing',
      'lint-no-dns-egress',
      'lint-policy-selects-nothing',
    ]);
    expect(lintWorkspace(ws)).toEqual(lintReference(ws));
  });

  it('reads each class of pods once per distinct selector, not every pod for every policy', () => {
    // 2,000 alike pods and 200 policies with different selectors. Work is counted as reads of pod
    // labels (a counting proxy), so the test states the complexity without timing anything.
    const docs = ['apiVersion: v1\nkind: Namespace\nmetadata: {name: x}'];
    for (let i = 0; i < 2000; i++)
      docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: x, labels: {app: a}}`);
    for (let i = 0; i < 200; i++)
      docs.push(
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n${i}, namespace: x}\n` +
          `spec: {podSelector: {matchLabels: {app: a, v: "${i}"}}, ingress: [{from: [{podSelector: {matchLabels: {app: b${i}}}}]}]}`,
      );
    const ws = parseWorkspace([{ name: 'many.yaml', text: docs.join('\n---\n') }]).value;
    let reads = 0;
    const counted: Workspace = {
      ...ws,
      cluster: {
        ...ws.cluster,
        endpoints: ws.cluster.endpoints.map((e) =>
          e.type === 'pod'
            ? {
                ...e,
                labels: new Proxy(e.labels, {
                  get: (target, key) => {
                    reads++;
                    return Reflect.get(target, key);
                  },
                }),
              }
            : e,
        ),
      },
    };
    const findings = lintWorkspace(counted);
    const classSpace = reads;
    reads = 0;
    expect(lintReference(counted)).toEqual(findings);
    const podByPod = reads;
    expect(findings.filter((d) => d.code === 'lint-policy-selects-nothing')).toHaveLength(200);
    // One pass over the pods to group them, then a few reads per selector.
    expect(classSpace).toBeLessThan(2000 * 2 + 200 * 10);
    expect(podByPod).toBeGreaterThan(2000 * 200);
  });
});
