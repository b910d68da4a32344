import { describe, expect, it } from 'vitest';
import { analyze, parseText } from '../../engine/index';
import { nodeDetails } from './nodeDetails';

const YAML = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}
status: {podIP: 10.1.0.5}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: a}
spec:
  podSelector: {}
  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]
`;

describe('nodeDetails', () => {
  const ws = parseText(YAML).value;
  const analysis = analyze(ws.cluster);

  it('lists a pod’s labels, ports, address and isolation as text', () => {
    expect(nodeDetails(ws.cluster, analysis, { index: 0 })).toEqual({
      title: 'Pod a/web',
      lines: ['labels: app=web', 'ports: http 80/TCP', 'IP: 10.1.0.5', 'isolated for ingress'],
    });
  });

  it('names the ipBlock of an external node', () => {
    const ext = ws.cluster.endpoints.find((e) => e.type === 'external' && e.cidr === '10.0.0.0/8')!;
    expect(nodeDetails(ws.cluster, analysis, { index: ext.index })!.lines).toEqual([
      'ipBlock 10.0.0.0/8',
      'evaluated as 10.0.0.1',
    ]);
  });

  it('says what the "other addresses" node stands for, not "any address", when ipBlocks exist', () => {
    const other = ws.cluster.endpoints.find((e) => e.type === 'external' && e.outsideOf)!;
    expect(nodeDetails(ws.cluster, analysis, { index: other.index })!.lines).toEqual([
      'Any address no ipBlock matches (outside 1 ipBlock)',
      'evaluated as 203.0.113.77',
    ]);
  });

  it('summarises a namespace that is only referenced', () => {
    expect(nodeDetails(ws.cluster, analysis, { namespace: 'a' })).toEqual({
      title: 'Namespace a',
      lines: [
        'labels: kubernetes.io/metadata.name=a',
        '1 pod/workloads, 1 NetworkPolicy',
        'not declared in the YAML: only referenced',
      ],
    });
    expect(nodeDetails(ws.cluster, analysis, { namespace: 'nope' })).toBeNull();
  });
});
