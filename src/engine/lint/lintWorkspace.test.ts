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
});
