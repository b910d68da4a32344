import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, parseText, type Workspace } from '../../engine/index';
import { clusterArbitrary } from '../../engine/testing/arbitraries';
import {
  DENIED_ALL_LIMIT,
  DENSE_EDGE_LIMIT,
  EDGE_LABEL_LIMIT,
  isolationBadge,
  isolationMarks,
  NS_CELL_CHARS,
  shortName,
  OVERVIEW_EDGE_LIMIT,
  toElements,
  type GraphModel,
  type GraphOptions,
} from './toElements';
import { parseLabelFilter } from './labelFilter';

const YAML = `
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {team: x}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: a, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: a, labels: {app: db}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: a}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
`;

const base: GraphOptions = {
  namespaceFilter: '',
  labelSelector: null,
  port: null,
  protocol: 'TCP',
  selected: null,
  showDenied: false,
  enforced: true,
};

function model(options: Partial<GraphOptions> = {}) {
  const parsed = parseText(YAML).value;
  // The parser refuses names that are not DNS names; the graph must still draw any name as plain text.
  const endpoints = parsed.cluster.endpoints.map((e) =>
    e.type === 'pod' && e.name === 'db' ? { ...e, name: '<b>db</b>' } : e,
  );
  const ws = { ...parsed, cluster: { ...parsed.cluster, endpoints } };
  return toElements(ws, analyze(ws.cluster), { ...base, ...options });
}

describe('toElements', () => {
  it('draws namespaces as parents, pods inside, allowed edges with their ports, and isolation marks', () => {
    const m = model();
    const byId = new Map(m.elements.map((e) => [e.data.id, e]));
    expect(byId.get('ns:a')!.data.label).toBe('a\nteam=x');
    expect(byId.get('ep:1')!.data).toMatchObject({
      parent: 'ns:a',
      label: '<b>db</b>\n⊘ ingress',
      isoIn: true,
      isoOut: false,
    });
    expect(byId.get('ep:1')!.classes).toContain('iso-in');
    expect(byId.get('e:0-1')!.data.label).toBe('TCP 5432');
    // An unlabelled arrow would not say what it admits: every port is said in words.
    expect(byId.get('e:1-0')!.data.label).toBe('all ports');
    expect(m.elements.filter((e) => e.group === 'edges')).toHaveLength(2);
  });

  it('filters by port, namespace and label selector', () => {
    expect(
      model({ port: 80 })
        .elements.filter((e) => e.group === 'edges')
        .map((e) => e.data.id),
    ).toEqual(['e:1-0']);
    expect(model({ namespaceFilter: 'other' }).elements).toEqual([]);
    const sel = parseLabelFilter('app in (web)');
    expect(sel && !('error' in sel)).toBe(true);
    const m = model({ labelSelector: sel as never });
    expect(m.elements.filter((e) => e.group === 'nodes').map((e) => e.data.id)).toEqual(['ns:a', 'ep:0']);
  });

  it('shows denied connections of the selected pod dashed, or as would-be-denied without enforcement', () => {
    const denied = model({ selected: 1, showDenied: true, port: 80 }).elements.filter(
      (e) => e.data.allowed === false,
    );
    expect(denied.map((e) => [e.data.id, e.classes, e.data.label])).toEqual([
      ['d:0-1', 'denied', '✕ denied'],
    ]);
    const flannel = model({ selected: 1, showDenied: true, port: 80, enforced: false }).elements.filter(
      (e) => e.data.allowed === false,
    );
    expect(flannel[0]!.classes).toBe('would-deny');
  });

  it('draws a connection an admin Deny closes apart from one no rule admits, and by whom', () => {
    // web -> db is admitted by the NetworkPolicy on 5432; the admin tier denies it before NetworkPolicy.
    const anp = `${YAML}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: lock-db}
spec:
  priority: 7
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
  ingress: [{action: Deny, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}]}]
`;
    const ws = parseText(anp).value;
    const opts = { ...base, selected: 1, showDenied: true };
    const denied = (o: Partial<GraphOptions>) =>
      toElements(ws, analyze(ws.cluster), { ...opts, ...o })
        .elements.filter((e) => e.data.allowed === false)
        .map((e) => [e.data.id, e.classes, e.data.label]);
    expect(denied({ port: 5432 })).toEqual([
      ['d:0-1', 'denied admin-denied', '⊗ admin Deny: lock-db (priority 7)'],
    ]);
    expect(denied({ port: 5432, enforced: false })[0]).toEqual([
      'd:0-1',
      'would-deny admin-denied',
      '⚠ would be denied (admin Deny: lock-db (priority 7)) (not enforced)',
    ]);
    // The tiers apply under the current semantics only.
    expect(denied({ port: 5432, semantics: 'legacy' })[0]![1]).toBe('denied');
    // Without the admin policy the same pair is allowed on 5432 and denied on 80 by no rule.
    expect(model({ ...opts, port: 80 }).elements.find((e) => e.data.id === 'd:0-1')!.classes).toBe('denied');
  });

  it('shows the denied pairs of a small view with no pod focused, and says when a focus is needed', () => {
    const m = model({ showDenied: true, port: 80 });
    expect(m.elements.filter((e) => e.data.allowed === false).map((e) => e.data.id)).toEqual(['d:0-1']);
    expect(m.deniedNeedsFocus).toBe(false);
    const ws = parseText(
      Array.from(
        { length: DENIED_ALL_LIMIT + 1 },
        (_, i) => `kind: Pod\napiVersion: v1\nmetadata: {name: p${i}, namespace: a}\n`,
      ).join('---\n'),
    ).value;
    const big = toElements(ws, analyze(ws.cluster), { ...base, showDenied: true, port: 80 });
    expect(big.deniedNeedsFocus).toBe(true);
    expect(model({ showDenied: false }).deniedNeedsFocus).toBe(false);
  });

  it('aggregates to namespaces beyond the size limits', () => {
    const m = model({ maxNodes: 1 });
    expect(m.aggregated).toBe(true);
    // db is isolated for ingress, web is not: the cell says some (◐) in symbols, its title in words.
    const a = m.elements.find((e) => e.data.id === 'ns:a')!;
    expect(a.data.label).toBe('a\n2 · ◐in ○out');
    expect(a.data.title).toBe('a: 2 pods, ◐ ingress 1/2');
  });

  it('overview cells: long names cut in the middle to NS_CELL_CHARS, isolation in three marks', () => {
    expect(shortName('team-7')).toBe('team-7');
    const cut = shortName('payments-gateway-production-eu-west-1');
    expect(cut).toHaveLength(NS_CELL_CHARS);
    expect(cut).toBe('payments-…st-1');
    expect(isolationMarks({ pods: 3, isoIn: 3, isoOut: 0 })).toBe('⊘in ○out');
    expect(isolationMarks({ pods: 4, isoIn: 1, isoOut: 4 })).toBe('◐in ⊘out');
  });

  it('an aggregated edge carries as many pairs as the pod-level edges between its two groups', () => {
    fc.assert(
      fc.property(clusterArbitrary, fc.constantFrom(null, 80), (cluster, port) => {
        const analysis = analyze(cluster);
        const ws = { files: [], documents: [], cluster } as unknown as Workspace;
        const group = (i: number) => {
          const e = cluster.endpoints[i]!;
          return e.type === 'pod' ? `ns:${e.namespace}` : `ep:${e.index}`;
        };
        const expected = new Map<string, number>();
        for (const e of toElements(ws, analysis, { ...base, port, maxEdges: 1e9 }).elements) {
          if (e.group !== 'edges') continue;
          const k = `${group(Number(e.data.from))}|${group(Number(e.data.to))}`;
          if (group(Number(e.data.from)) !== group(Number(e.data.to)))
            expected.set(k, (expected.get(k) ?? 0) + 1);
        }
        const got = new Map(
          toElements(ws, analysis, { ...base, port, maxNodes: 0, maxOverviewEdges: 1e9 })
            .elements.filter((e) => e.group === 'edges')
            .map((e) => [`${e.data.source}|${e.data.target}`, e.data.pairs]),
        );
        expect(got).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('isolationBadge says every, some or no pod isolated, per direction', () => {
    expect(isolationBadge({ pods: 3, isoIn: 3, isoOut: 3 })).toBe('⊘ ingress  ⊘ egress');
    expect(isolationBadge({ pods: 3, isoIn: 3, isoOut: 0 })).toBe('⊘ ingress');
    expect(isolationBadge({ pods: 4, isoIn: 1, isoOut: 4 })).toBe('◐ ingress 1/4  ⊘ egress');
    expect(isolationBadge({ pods: 2, isoIn: 0, isoOut: 0 })).toBe('○ open: no isolation');
  });

  it('aggregated edges are exactly the namespace pairs of the pod-level edges', () => {
    fc.assert(
      fc.property(clusterArbitrary, fc.constantFrom(null, 80, 53), (cluster, port) => {
        const analysis = analyze(cluster);
        const ws = { files: [], documents: [], cluster } as unknown as Workspace;
        const group = (i: number) => {
          const e = cluster.endpoints[i]!;
          return e.type === 'pod' ? `ns:${e.namespace}` : `ep:${e.index}`;
        };
        const expected = new Set<string>();
        for (const e of toElements(ws, analysis, { ...base, port }).elements)
          if (e.group === 'edges' && group(Number(e.data.from)) !== group(Number(e.data.to)))
            expected.add(`${group(Number(e.data.from))}|${group(Number(e.data.to))}`);
        const aggregated = toElements(ws, analysis, { ...base, port, maxNodes: 0, maxOverviewEdges: 1e9 });
        expect(aggregated.aggregated).toBe(true);
        const got = new Set(
          aggregated.elements
            .filter((e) => e.group === 'edges')
            .map((e) => `${e.data.source}|${e.data.target}`),
        );
        expect(got).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseLabelFilter', () => {
  it.each([
    ['app=web', { matchLabels: { app: 'web' }, matchExpressions: [] }],
    [
      'tier in (a, b),!legacy',
      {
        matchLabels: {},
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'legacy', operator: 'DoesNotExist', values: [] },
        ],
      },
    ],
    [
      'env!=prod,team',
      {
        matchLabels: {},
        matchExpressions: [
          { key: 'env', operator: 'NotIn', values: ['prod'] },
          { key: 'team', operator: 'Exists', values: [] },
        ],
      },
    ],
  ])('%s', (text, expected) => {
    expect(parseLabelFilter(text)).toEqual(expected);
  });
  it('says what is wrong', () => {
    expect(parseLabelFilter('app ~ web')).toMatchObject({
      error: expect.stringMatching(/^cannot read "app ~ web": .*; every pod is shown until it reads$/),
    });
    expect(parseLabelFilter('  ')).toBeNull();
  });
});

describe('toElements on a dense graph', () => {
  // n pods in one namespace, an ingress rule on port 80 for all: n(n-1) pod-to-pod edges, plus
  // each pod to and from the "other addresses" node.
  const dense = (n: number) => {
    const pods = Array.from(
      { length: n },
      (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: n, labels: {app: a}}\n`,
    );
    const policy =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: n}\nspec: {podSelector: {}, ingress: [{ports: [{port: 80}]}]}\n';
    const ws = parseText([...pods, policy].join('---\n')).value;
    return (options: Partial<GraphOptions>) => toElements(ws, analyze(ws.cluster), { ...base, ...options });
  };
  const edgesOf = (m: ReturnType<ReturnType<typeof dense>>) => m.elements.filter((e) => e.group === 'edges');

  it('past the label limit, labels only the focused pod’s edges and hides the rest', () => {
    const m = dense(21)({ selected: 3 }); // 420 + 42 edges
    const edges = edgesOf(m);
    expect(edges.length).toBe(462);
    expect(edges.length).toBeGreaterThan(EDGE_LABEL_LIMIT);
    expect(edges.length).toBeLessThanOrEqual(DENSE_EDGE_LIMIT);
    const touching = edges.filter((e) => e.data.from === 3 || e.data.to === 3);
    expect(touching.every((e) => e.classes!.includes('highlight'))).toBe(true);
    const podPod = touching.filter((e) => Number(e.data.from) < 21 && Number(e.data.to) < 21);
    expect(podPod).toHaveLength(40);
    expect(podPod.every((e) => e.data.label === 'TCP 80')).toBe(true);
    const others = edges.filter((e) => e.data.from !== 3 && e.data.to !== 3);
    expect(others.every((e) => e.classes!.includes('hidden') && e.data.label === '')).toBe(true);
    expect(m.undrawnEdges).toBe(0);
  });

  it('past the dense limit, draws only the focused pod’s edges and counts the rest', () => {
    const g = dense(30); // 870 + 60 edges
    const none = g({});
    expect(edgesOf(none)).toHaveLength(0);
    expect(none.undrawnEdges).toBe(930);
    const focused = g({ selected: 3 });
    expect(edgesOf(focused)).toHaveLength(29 * 2 + 2);
    expect(focused.undrawnEdges + focused.shownEdges).toBe(930);
    expect(edgesOf(focused).filter((e) => e.data.label === 'TCP 80')).toHaveLength(29 + 29 + 1);
  });

  it('an overview past OVERVIEW_EDGE_LIMIT draws the heaviest namespace edges and all of a focused one', () => {
    // 30 namespaces of 1 to 4 pods, nothing isolated: 30 x 29 namespace edges of 1 to 16 pod pairs.
    const pods = Array.from({ length: 30 }, (_, i) =>
      Array.from(
        { length: 1 + (i % 4) },
        (_, k) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${k}, namespace: n${i}}\n`,
      ).join('---\n'),
    );
    const ws = parseText(pods.join('---\n')).value;
    const analysis = analyze(ws.cluster);
    const edgesOf = (m: GraphModel) => m.elements.filter((e) => e.group === 'edges');
    const all = toElements(ws, analysis, { ...base, maxNodes: 0, maxOverviewEdges: 1e9 });
    expect(edgesOf(all)).toHaveLength(30 * 29);
    expect(all.overview).toBeUndefined();

    const m = toElements(ws, analysis, { ...base, maxNodes: 0 });
    expect(m.aggregated).toBe(true);
    const drawn = edgesOf(m);
    expect(drawn).toHaveLength(OVERVIEW_EDGE_LIMIT);
    expect(m.overview).toEqual({ heaviest: OVERVIEW_EDGE_LIMIT, total: 30 * 29 });
    expect(m.undrawnEdges).toBe(30 * 29 - OVERVIEW_EDGE_LIMIT);
    // None left out is heavier than one drawn, and each drawn one says its count.
    const ids = new Set(drawn.map((e) => e.data.id));
    const lightestDrawn = Math.min(...drawn.map((e) => Number(e.data.pairs)));
    for (const e of edgesOf(all))
      if (!ids.has(e.data.id)) expect(Number(e.data.pairs)).toBeLessThanOrEqual(lightestDrawn);
    expect(lightestDrawn).toBe(16);
    for (const e of drawn) expect(e.data.label).toBe(`${Number(e.data.pairs)} pairs`);
    expect(m.elements.filter((e) => e.classes === 'namespace-group')).toHaveLength(30);
    // Every namespace is a cell of one size, whatever its pods or the length of its name.
    const cells = m.elements.filter((e) => e.data.kind === 'namespace-group');
    expect(new Set(cells.map((e) => e.data.pods)).size).toBeGreaterThan(1);
    expect(new Set(cells.map((e) => `${e.data.w}x${e.data.h}`)).size).toBe(1);

    // n1 (2 pods) focused: its 58 edges are all drawn and highlighted, with counts and ports; the rest dimmed.
    const f = toElements(ws, analysis, { ...base, maxNodes: 0, selectedNamespace: 'n1' });
    const touching = edgesOf(f).filter((e) => e.data.source === 'ns:n1' || e.data.target === 'ns:n1');
    expect(touching).toHaveLength(58);
    for (const e of touching) {
      expect(e.classes).toContain('highlight');
      expect(e.data.label).toMatch(/^\d+ pairs · all ports$/);
    }
    for (const e of edgesOf(f)) if (!touching.includes(e)) expect(e.classes).toContain('dimmed');
    expect(f.shownEdges + f.undrawnEdges).toBe(30 * 29);
    expect(f.namespaceFocus?.groups).toHaveLength(29);
    const n2 = f.namespaceFocus!.groups.find((g) => g.namespace === 'n2')!;
    expect(n2).toMatchObject({ outPairs: 6, inPairs: 6, outPeers: 3, inPeers: 3, peers: 3 });
  });

  it('a namespace focused in the pod view draws its peers outside the filter as one node per namespace', () => {
    const pods = ['a', 'a', 'b', 'c', 'c', 'c'].map(
      (ns, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ${ns}}\n`,
    );
    const ws = parseText(pods.join('---\n')).value;
    const m = toElements(ws, analyze(ws.cluster), { ...base, namespaceFilter: 'a', selectedNamespace: 'a' });
    expect(m.aggregated).toBe(false);
    const grp = m.elements.find((e) => e.data.id === 'grp:c')!;
    expect(grp.data.label).toBe('c\n3 peers');
    const out = m.elements.find((e) => e.data.id === 'gout:c')!;
    expect(out.data).toMatchObject({ source: 'ns:a', target: 'grp:c', label: '6 pairs · all ports' });
    expect(m.elements.find((e) => e.data.id === 'gin:b')!.data.label).toBe('2 pairs · all ports');
    expect(m.namespaceFocus).toMatchObject({ namespace: 'a', drawnAsGroups: true });
    expect(m.namespaceFocus!.groups.map((g) => g.namespace)).toEqual(['b', 'c']);
  });
});
