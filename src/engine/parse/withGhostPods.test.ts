import { describe, expect, it } from 'vitest';
import { analyze } from '../evaluate/analyze';
import { evaluateConnection } from '../evaluate/evaluateConnection';
import { explainVerdict, formatVerdict } from '../explain/explainVerdict';
import { diagnostic } from '../messages';
import type { GhostPod, PodEndpoint } from '../types';
import { parseText } from './parseWorkspace';
import { GHOST_LIMIT, ghostProblems, withGhostPods } from './withGhostPods';

const YAML = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
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
  - from:
    - podSelector: {matchLabels: {app: frontend}}
    ports: [{port: 5432}]
  - from:
    - ipBlock: {cidr: 10.0.0.0/8}
`;

const base = parseText(YAML).value.cluster;
const ghost = (over: Partial<GhostPod> = {}): GhostPod => ({
  name: 'web',
  namespace: 'shop',
  labels: { app: 'frontend' },
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
  ...over,
});
const indexOf = (refs: readonly { ref: string }[], ref: string) => refs.findIndex((e) => e.ref === ref);

describe('withGhostPods', () => {
  it('adds each what-if pod after the YAML pods and before the outside addresses, which are renumbered', () => {
    const externalsBefore = base.endpoints.filter((e) => e.type === 'external').map((e) => e.ref);
    expect(externalsBefore.length).toBeGreaterThan(0);
    const { value, diagnostics } = withGhostPods(base, [ghost()]);
    expect(diagnostics).toEqual([]);
    expect(value.endpoints.map((e) => e.ref)).toEqual(['shop/db', 'shop/web', ...externalsBefore]);
    value.endpoints.forEach((e, i) => expect(e.index).toBe(i));
    const added = value.endpoints[1] as PodEndpoint;
    expect(added).toMatchObject({
      type: 'pod',
      kind: 'Pod',
      ghost: true,
      labels: { app: 'frontend' },
      ips: [],
    });
    expect(added.range).toBeUndefined();
    // The cluster given is left as it was.
    expect(base.endpoints.map((e) => e.ref)).toEqual(['shop/db', ...externalsBefore]);
  });

  it('is evaluated as a pod: the policy admits it, and the explanation says it is not in the YAML', () => {
    const cluster = withGhostPods(base, [ghost(), ghost({ name: 'other', labels: { app: 'other' } })]).value;
    const analysis = analyze(cluster);
    const web = indexOf(cluster.endpoints, 'shop/web');
    const other = indexOf(cluster.endpoints, 'shop/other');
    const db = indexOf(cluster.endpoints, 'shop/db');
    expect(analysis.allowedPorts(web, db).TCP).toEqual([{ from: 5432, to: 5432 }]);
    expect(analysis.allowedPorts(other, db).TCP).toEqual([]);
    const verdict = evaluateConnection(cluster, { from: web, to: db, port: 5432, protocol: 'TCP' });
    expect(verdict.allowed).toBe(true);
    expect(verdict.ingress.allowedBy.map((m) => [m.policy.name, m.ruleIndex])).toEqual([
      ['db-from-frontend', 0],
    ]);
    expect(formatVerdict(cluster, verdict)).toContain('what if pod shop/web (not in the YAML)');
    const steps = explainVerdict(cluster, verdict);
    expect(steps.some((s) => s.text.includes('what if pod shop/web (not in the YAML)'))).toBe(true);
  });

  it('assumes a namespace that only a what-if pod names, and says so', () => {
    const { value, diagnostics } = withGhostPods(base, [ghost({ namespace: 'newns' })]);
    const ns = value.namespaces.find((n) => n.name === 'newns');
    expect(ns).toMatchObject({
      declared: false,
      assumed: true,
      labels: { 'kubernetes.io/metadata.name': 'newns' },
    });
    expect(diagnostics).toEqual([
      {
        ...diagnostic('ghost-namespace-assumed', ['newns/web', 'newns']),
        path: 'ghosts[0].namespace',
      },
    ]);
    expect(diagnostics[0]!.severity).toBe('info');
    // A namespace of the YAML is not assumed: no finding.
    expect(withGhostPods(base, [ghost()]).diagnostics).toEqual([]);
  });

  it('refuses a pod with an invalid label key or value, with the message of the table, and keeps the others', () => {
    const bad = ghost({ name: 'bad', labels: { 'bad key': 'x', app: '<b>frontend</b>' } });
    const { value, diagnostics } = withGhostPods(base, [bad, ghost()]);
    expect(value.endpoints.some((e) => e.ref === 'shop/bad')).toBe(false);
    expect(value.endpoints.some((e) => e.ref === 'shop/web')).toBe(true);
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['ghost-label-key', 'ghosts[0].labels["bad key"]'],
      ['ghost-label-value', 'ghosts[0].labels["app"]'],
    ]);
    expect(diagnostics[1]!.message).toBe(
      diagnostic('ghost-label-value', [
        'shop/bad',
        '<b>frontend</b>',
        'app',
        'use letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
      ]).message,
    );
    expect(diagnostics.every((d) => d.severity === 'error' && d.message.endsWith('it is not added'))).toBe(
      true,
    );
  });

  it('refuses invalid names and ports, and a name taken by the YAML or an earlier what-if pod', () => {
    const { value, diagnostics } = withGhostPods(base, [
      ghost({ name: 'Web_1' }),
      ghost({ namespace: 'Bad NS' }),
      ghost({ name: 'p', ports: [{ containerPort: 70000, protocol: 'TCP' }] }),
      ghost({ name: 'q', ports: [{ name: 'Not--ok', containerPort: 80, protocol: 'ICMP' as 'TCP' }] }),
      ghost({ name: 'db' }),
      ghost(),
      ghost(),
    ]);
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['ghost-name', 'ghosts[0].name'],
      ['ghost-name', 'ghosts[1].namespace'],
      ['ghost-port', 'ghosts[2].ports[0]'],
      ['ghost-port', 'ghosts[3].ports[0]'],
      ['ghost-port', 'ghosts[3].ports[0]'],
      ['ghost-name-taken', 'ghosts[4].name'],
      ['ghost-name-taken', 'ghosts[6].name'],
    ]);
    expect(diagnostics[5]!.message).toContain('Pod shop/db in the YAML');
    expect(diagnostics[6]!.message).toContain('what-if pod shop/web');
    expect(value.endpoints.filter((e) => e.type === 'pod' && e.ghost).map((e) => e.ref)).toEqual([
      'shop/web',
    ]);
  });

  it(`evaluates at most ${GHOST_LIMIT} what-if pods and says how many were left out`, () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ghost({ name: `g${i}` }));
    const { value, diagnostics } = withGhostPods(base, many);
    expect(value.endpoints.filter((e) => e.type === 'pod' && e.ghost)).toHaveLength(GHOST_LIMIT);
    expect(diagnostics).toEqual([
      { ...diagnostic('ghost-limit', [GHOST_LIMIT, 10_000 - GHOST_LIMIT]), path: `ghosts[${GHOST_LIMIT}]` },
    ]);
  });

  it('never throws on what-if pods of the wrong shape', () => {
    const hostile = [
      { name: 7, namespace: null, labels: null, ports: 'x' },
      { name: 'a', namespace: 'shop', labels: { app: 5 }, ports: [null] },
      {
        name: 'b',
        namespace: 'shop',
        labels: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v'])),
        ports: [],
      },
    ] as unknown as GhostPod[];
    const { value, diagnostics } = withGhostPods(base, hostile);
    expect(value).toBe(base);
    expect(diagnostics.map((d) => d.code)).toEqual([
      'ghost-name',
      'ghost-name',
      'ghost-label-value',
      'ghost-port',
      'ghost-port',
      'ghost-too-big',
    ]);
    expect(withGhostPods(base, null as unknown as GhostPod[]).value).toBe(base);
  });

  it('ghostProblems names the field of each problem, for the form', () => {
    expect(ghostProblems(ghost())).toEqual([]);
    expect(ghostProblems(ghost({ name: '', labels: { 'a/b/c': 'x' } })).map((d) => d.path)).toEqual([
      'name',
      'labels["a/b/c"]',
    ]);
  });
});
