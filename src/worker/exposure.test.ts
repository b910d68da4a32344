import { describe, expect, it } from 'vitest';
import type { GhostPod } from '../engine/index';
import { EngineService } from './engineService';

const YAML = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-frontend, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
    ports: [{port: 5432}]
`;
const options = {};
const frontend: GhostPod = { name: 'front', namespace: 'shop', labels: { app: 'frontend' }, ports: [] };

describe('what-if pods in the engine service', () => {
  it('are evaluated with the text by every kind of request, and never written to it', () => {
    const service = new EngineService();
    const evaluated = service.handle({
      type: 'evaluate',
      id: 1,
      text: YAML,
      fileName: 'a.yaml',
      options,
      ghosts: [frontend, { ...frontend, name: 'Bad' }],
    });
    expect(evaluated.workspace.cluster.endpoints.map((e) => [e.ref, e.type === 'pod' && e.ghost])).toEqual([
      ['shop/web', undefined],
      ['shop/db', undefined],
      ['shop/front', true],
    ]);
    expect(evaluated.ghostDiagnostics?.map((d) => [d.code, d.path])).toEqual([
      ['ghost-name', 'ghosts[1].name'],
    ]);
    // The YAML's own findings do not mention them.
    expect(evaluated.diagnostics.some((d) => d.code.startsWith('ghost'))).toBe(false);
    const explained = service.handle({
      type: 'explain',
      id: 2,
      text: YAML,
      options,
      ghosts: [frontend],
      from: 'shop/front',
      to: 'shop/db',
      port: null,
      protocol: 'TCP',
    }).result;
    expect(explained.found).toBe(true);
    expect(explained.allowed).toBe(true);
    expect(explained.chosen).toEqual({ port: 5432, protocol: 'TCP' });
    expect(explained.admittedBy.ingress.map((r) => r.name)).toEqual(['db-from-frontend']);
    expect(explained.steps.map((s) => s.text).join(' ')).toContain(
      'what if pod shop/front (not in the YAML)',
    );
    // Without the what-if pods, the same text has no such pod.
    const without = service.handle({
      type: 'explain',
      id: 3,
      text: YAML,
      options,
      from: 'shop/front',
      to: 'shop/db',
      port: null,
      protocol: 'TCP',
    }).result;
    expect(without.found).toBe(false);
  });

  it('a preview lists what an edit closes for a what-if pod too', () => {
    const service = new EngineService();
    const preview = service.handle({
      type: 'previewEdits',
      id: 1,
      text: YAML,
      options,
      ghosts: [{ ...frontend, name: 'api', labels: { app: 'api' } }],
      edits: [{ type: 'add-default-deny', namespace: 'shop', policyTypes: ['Egress'] }],
    }).result;
    expect(preview.error).toBeNull();
    expect(preview.changes.closed.map((c) => `${c.from}>${c.to}`)).toContain('shop/api>shop/web');
  });
});

describe('the exposure question', () => {
  const ask = (
    labels: Record<string, string>,
    direction: 'from' | 'to',
    namespace = 'shop',
    ghosts: GhostPod[] = [],
  ) =>
    new EngineService().handle({
      type: 'exposure',
      id: 1,
      text: YAML,
      options,
      ghosts,
      namespace,
      labels,
      ports: [],
      direction,
    }).result;

  it('lists what a pod with these labels could reach, with the policy and rule that admit each', () => {
    const result = ask({ app: 'frontend' }, 'from');
    expect(result.error).toBeNull();
    expect(result.count).toBe(2);
    const db = result.peers.find((p) => p.ref === 'shop/db')!;
    expect(db.ports).toContain('5432');
    expect(db.ingress.cause).toBe('allowed-by-rule');
    expect(db.ingress.rules.map((r) => [r.namespace, r.name, r.ruleIndex])).toEqual([
      ['shop', 'db-from-frontend', 0],
    ]);
    expect(db.egress.cause).toBe('not-isolated');
    // Other labels: the database's policy does not admit it.
    expect(ask({ app: 'other' }, 'from').peers.map((p) => p.ref)).toEqual(['shop/web']);
  });

  it('lists who could reach it, including the what-if pods of the workspace', () => {
    const result = ask({ app: 'db' }, 'to', 'shop', [frontend]);
    expect(result.peers.map((p) => [p.ref, p.ghost])).toEqual([['shop/front', true]]);
    expect(result.peers[0]!.ingress.rules.map((r) => r.name)).toEqual(['db-from-frontend']);
  });

  it('says when the namespace is assumed, and refuses labels the API server would', () => {
    expect(ask({ app: 'x' }, 'from', 'newns').namespaceAssumed).toBe(true);
    const refused = ask({ 'bad key': 'x' }, 'from');
    expect(refused.error).toMatch(/invalid label key "bad key"/);
    expect(refused.peers).toEqual([]);
  });
});
