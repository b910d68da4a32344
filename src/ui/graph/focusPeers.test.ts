import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, parseText, portSetPasses, type PortSet } from '../../engine/index';
import { clusterArbitrary } from '../../engine/testing/arbitraries';
import { toElements, type GraphOptions } from './toElements';
import { focusPeers, namespacePeers, OUTSIDE_GROUP, portSummary } from './focusPeers';

// web in ns a reaches db in b (5432) and the two api pods in c (any port); mon in d reaches web on 9100.
const YAML = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: a, labels: {app: other}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: b, labels: {app: db}}
---
apiVersion: v1
kind: Pod
metadata: {name: api-1, namespace: c, labels: {app: api}}
---
apiVersion: v1
kind: Pod
metadata: {name: api-2, namespace: c, labels: {app: api}}
---
apiVersion: v1
kind: Pod
metadata: {name: mon, namespace: d, labels: {app: mon}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: a}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: d}}}], ports: [{port: 9100}]}]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: b}}}]
    ports: [{port: 5432}]
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: c}}}]
`;

const ws = parseText(YAML).value;
const analysis = analyze(ws.cluster);
const index = (ref: string) => ws.cluster.endpoints.find((e) => e.ref === ref)!.index;
const base: GraphOptions = {
  namespaceFilter: '',
  labelSelector: null,
  port: null,
  protocol: 'TCP',
  selected: null,
  showDenied: false,
  enforced: true,
};

describe('focusPeers', () => {
  it('groups every peer the focus reaches or is reached by, by namespace, with ports', () => {
    const groups = focusPeers(ws.cluster.endpoints, analysis, index('a/web'), () => true);
    expect(
      groups.map((g) => [g.namespace, g.peers, g.out.map((l) => l.ports), g.in.map((l) => l.ports)]),
    ).toEqual([
      ['b', 1, ['TCP 5432'], []],
      ['c', 2, ['all ports', 'all ports'], []],
      ['d', 1, [], ['TCP 9100']],
    ]);
  });

  it('counts a peer that both reaches and is reached once, and honours the port filter and include', () => {
    // web admits only namespace d (on 9100) and reaches only b and c: a/other and web are no peers.
    const otherGroups = focusPeers(ws.cluster.endpoints, analysis, index('a/other'), () => true);
    expect(otherGroups.find((g) => g.namespace === 'a')).toBeUndefined();
    const mon = index('d/mon');
    const monGroups = focusPeers(ws.cluster.endpoints, analysis, mon, () => true);
    const both = monGroups.find((g) => g.namespace === 'b')!;
    expect(both.out.length).toBe(1);
    expect(both.in.length).toBe(1);
    expect(both.peers).toBe(1);
    const on9100 = focusPeers(ws.cluster.endpoints, analysis, index('a/web'), (p) =>
      portSetPasses(p, 'TCP', 9100),
    );
    // b is reached on 5432 only; c on every port, 9100 included.
    expect(on9100.map((g) => g.namespace)).toEqual(['c', 'd']);
    const withoutC = focusPeers(
      ws.cluster.endpoints,
      analysis,
      index('a/web'),
      () => true,
      (i) => ws.cluster.endpoints[i]!.type === 'pod' && ws.cluster.endpoints[i]!.namespace !== 'c',
    );
    expect(withoutC.map((g) => g.namespace)).toEqual(['b', 'd']);
    expect(OUTSIDE_GROUP).toBe('');
  });

  it('summarizes ports of a group edge, distinct and at most two', () => {
    expect(
      portSummary([
        { index: 0, ports: 'TCP 80' },
        { index: 1, ports: 'TCP 80' },
      ]),
    ).toBe('TCP 80');
    expect(
      portSummary([
        { index: 0, ports: 'TCP 80' },
        { index: 1, ports: 'TCP 443' },
        { index: 2, ports: 'UDP 53' },
      ]),
    ).toBe('TCP 80; TCP 443; …');
  });
});

describe('toElements with a focus', () => {
  const nodes = (m: ReturnType<typeof toElements>) =>
    m.elements.filter((e) => e.group === 'nodes').map((e) => String(e.data.id));
  const edges = (m: ReturnType<typeof toElements>) =>
    m.elements.filter((e) => e.group === 'edges').map((e) => [e.data.id, e.data.label]);

  it('draws peers outside the namespace filter as collapsed groups with counts and ports, and says so', () => {
    const m = toElements(ws, analysis, { ...base, namespaceFilter: 'a', selected: index('a/web') });
    expect(nodes(m)).toEqual(['ns:a', 'ep:0', 'ep:1', 'grp:b', 'grp:c', 'grp:d']);
    expect(edges(m)).toEqual([
      ['gout:b', '1 × TCP 5432'],
      ['gout:c', '2 × all ports'],
      ['gin:d', '1 × TCP 9100'],
    ]);
    expect(m.elements.find((e) => e.data.id === 'gout:c')!.data).toMatchObject({
      source: 'ep:0',
      target: 'grp:c',
      count: 2,
    });
    expect(m.focus).toMatchObject({ ref: 'a/web', outsideFilter: 4, alone: false });
    expect(m.focus!.groups.map((g) => [g.namespace, g.peers])).toEqual([
      ['b', 1],
      ['c', 2],
      ['d', 1],
    ]);
  });

  it('opens a group into its pods, each with its own edge and ports', () => {
    const m = toElements(ws, analysis, {
      ...base,
      namespaceFilter: 'a',
      selected: index('a/web'),
      expanded: new Set(['c']),
    });
    const api1 = m.elements.find((e) => e.data.ref === 'c/api-1')!;
    expect(api1.data.parent).toBe('grp:c');
    expect(m.elements.find((e) => e.data.id === 'grp:c')!.classes).toContain('expanded');
    expect(m.elements.find((e) => e.data.id === 'grp:c')!.data.expanded).toBe(true);
    expect(m.elements.find((e) => e.data.id === 'grp:b')!.data.expanded).toBe(false);
    expect(edges(m)).toContainEqual([`e:${index('a/web')}-${index('c/api-2')}`, 'all ports']);
    expect(edges(m).map((e) => e[0])).not.toContain('gout:c');
  });

  it('without filters, draws every peer as a pod and no group', () => {
    const m = toElements(ws, analysis, { ...base, selected: index('a/web') });
    expect(nodes(m).some((id) => id.startsWith('grp:'))).toBe(false);
    expect(m.focus).toBeUndefined();
  });

  it('in a cluster too big for pods, shows the focus alone with all its peer groups', () => {
    const m = toElements(ws, analysis, { ...base, maxNodes: 2, selected: index('a/web') });
    expect(m.aggregated).toBe(false);
    expect(m.focus).toMatchObject({ alone: true });
    expect(nodes(m)).toEqual([`ep:${index('a/web')}`, 'grp:b', 'grp:c', 'grp:d']);
    expect(m.elements[0]!.data.label).toContain('a/web');
    // Without a focus it is the namespace overview again.
    expect(toElements(ws, analysis, { ...base, maxNodes: 2 }).aggregated).toBe(true);
  });

  it('draws a focus outside the filters with its edges to the pods shown', () => {
    const m = toElements(ws, analysis, { ...base, namespaceFilter: 'c', selected: index('a/web') });
    expect(nodes(m)).toContain(`ep:${index('a/web')}`);
    expect(edges(m).map((e) => e[0])).toEqual(
      expect.arrayContaining([`e:${index('a/web')}-${index('c/api-1')}`, 'gout:b', 'gin:d']),
    );
  });
});

describe('namespacePeers', () => {
  it('counts the pairs, peers and ports of a namespace with every other namespace, each way', () => {
    const groups = namespacePeers(ws.cluster.endpoints, analysis, 'a', () => true);
    const by = new Map(groups.map((g) => [g.namespace, g]));
    // web reaches db on 5432; other (not isolated) reaches db on every port: 2 pairs, db counted once.
    expect(by.get('b')).toMatchObject({ outPairs: 2, outPeers: 1, peers: 1 });
    expect(by.get('b')!.outPorts.split('; ').sort()).toEqual(['TCP 5432', 'all ports'].sort());
    // mon reaches web on 9100 and other on any port.
    expect(by.get('d')).toMatchObject({ inPairs: 2, inPeers: 1 });
    expect(namespacePeers(ws.cluster.endpoints, analysis, 'no-such-namespace', () => true)).toEqual([]);
  });

  it('agrees with a pair-by-pair count on random clusters, with and without a port filter', () => {
    fc.assert(
      fc.property(clusterArbitrary, fc.constantFrom(null, 80), (cluster, port) => {
        const an = analyze(cluster);
        const portOk = (p: PortSet) => portSetPasses(p, 'TCP', port);
        const nsOf = (i: number) => {
          const e = cluster.endpoints[i]!;
          return e.type === 'pod' ? e.namespace : OUTSIDE_GROUP;
        };
        for (const ns of new Set(
          cluster.endpoints.filter((e) => e.type === 'pod').map((e) => nsOf(e.index)),
        )) {
          const want = new Map<string, { out: number; in: number }>();
          const bump = (g: string, k: 'out' | 'in') => {
            const w = want.get(g) ?? { out: 0, in: 0 };
            w[k]++;
            want.set(g, w);
          };
          for (const a of cluster.endpoints)
            for (const b of cluster.endpoints) {
              if (a.index === b.index || nsOf(a.index) !== ns || nsOf(b.index) === ns) continue;
              if (portOk(an.allowedPorts(a.index, b.index))) bump(nsOf(b.index), 'out');
              if (portOk(an.allowedPorts(b.index, a.index))) bump(nsOf(b.index), 'in');
            }
          const got = new Map(
            namespacePeers(cluster.endpoints, an, ns, portOk).map((g) => [
              g.namespace,
              { out: g.outPairs, in: g.inPairs },
            ]),
          );
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 100 },
    );
  });
});
