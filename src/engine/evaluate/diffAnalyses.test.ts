import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clusterArbitrary, PROBE_PORTS, PROTOCOLS } from '../testing/arbitraries';
import { analyze } from './analyze';
import { diffAnalyses } from './diffAnalyses';
import { referenceAllowed } from './reference';
import {
  EMPTY_PORT_SET,
  formatPortSet,
  portSetHas,
  portSetOf,
  subtractPortSets,
  unionPortSets,
} from '../match/ports';
import { parseText } from '../parse/parseWorkspace';
import type { Cluster, PortSet, Semantics } from '../types';

const semantics = fc.constantFrom<Semantics>('current', 'legacy');

/** Every pod twice (`x/p0` and `x/p0-twin`): classes with several members, whose pairs change too. */
const twin = (c: Cluster): Cluster => {
  const pods = c.endpoints.filter((e) => e.type === 'pod');
  const endpoints = [
    ...c.endpoints,
    ...pods.map((p) => ({ ...p, ref: `${p.ref}-twin`, name: `${p.name}-twin` })),
  ];
  return { ...c, endpoints: endpoints.map((e, index) => ({ ...e, index })) };
};

/** Versions that share endpoints: two random clusters, or one with the other's policies. */
const versions = fc.oneof(
  fc
    .tuple(clusterArbitrary, clusterArbitrary)
    .map(([a, b]): [Cluster, Cluster] => [twin(a), { ...twin(a), policies: b.policies }]),
  fc.tuple(clusterArbitrary, clusterArbitrary),
  fc
    .tuple(clusterArbitrary, clusterArbitrary)
    .map(([a, b]): [Cluster, Cluster] => [a, { ...a, policies: b.policies }]),
  fc.tuple(clusterArbitrary, clusterArbitrary, fc.nat()).map(([a, b, drop]): [Cluster, Cluster] => [
    a,
    {
      ...a,
      policies: b.policies,
      // One endpoint gone: the rest renumbered, matched by REF.
      endpoints: a.endpoints
        .filter((_, i) => i !== drop % a.endpoints.length)
        .map((e, index) => ({ ...e, index })),
    },
  ]),
);

describe('diffAnalyses agrees with a pair-by-pair diff of the reference evaluator', () => {
  it('on random version pairs', () => {
    fc.assert(
      fc.property(versions, semantics, ([before, after], sem) => {
        const options = { semantics: sem };
        const diff = diffAnalyses(
          { cluster: before, analysis: analyze(before, options) },
          { cluster: after, analysis: analyze(after, options) },
        );
        const changed = new Map<string, { added: PortSet; removed: PortSet }>();
        let count = 0;
        for (const pair of diff.pairs()) {
          count++;
          const key = `${pair.from}>${pair.to}`;
          expect(changed.has(key), `pair ${key} listed twice`).toBe(false);
          expect(after.endpoints[pair.afterFrom]!.ref).toBe(before.endpoints[pair.from]!.ref);
          expect(after.endpoints[pair.afterTo]!.ref).toBe(before.endpoints[pair.to]!.ref);
          changed.set(key, pair);
        }
        expect(count).toBe(diff.changedPairs);
        const afterIndex = new Map(after.endpoints.map((e) => [e.ref, e.index]));
        for (const src of before.endpoints) {
          const af = afterIndex.get(src.ref);
          if (af === undefined) continue;
          for (const dst of before.endpoints) {
            const at = afterIndex.get(dst.ref);
            if (at === undefined || dst.index === src.index) continue;
            const change = changed.get(`${src.index}>${dst.index}`);
            for (const protocol of PROTOCOLS) {
              for (const port of PROBE_PORTS) {
                const was = referenceAllowed(
                  before,
                  { from: src.index, to: dst.index, port, protocol },
                  options,
                );
                const is = referenceAllowed(after, { from: af, to: at, port, protocol }, options);
                const where = `${src.ref} -> ${dst.ref} ${protocol}/${port}`;
                expect(change ? portSetHas(change.added, protocol, port) : false, where).toBe(!was && is);
                expect(change ? portSetHas(change.removed, protocol, port) : false, where).toBe(was && !is);
              }
            }
          }
        }
        expect(diff.endpointsRemoved).toEqual(
          before.endpoints.filter((e) => !afterIndex.has(e.ref)).map((e) => e.ref),
        );
      }),
      { numRuns: 300 },
    );
    // Hundreds of clusters, each checked pair by pair: seconds alone, longer on a busy machine.
  }, 120_000);
});

describe('diffAnalyses on manifests', () => {
  const base = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
`;
  const read = (text: string) => {
    const cluster = parseText(text).value.cluster;
    return { cluster, analysis: analyze(cluster) };
  };

  it('a default deny on db closes what reached it; an allow from api on 5432 then reopens that port', () => {
    const deny = `${base}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {matchLabels: {app: db}}, policyTypes: [Ingress]}
`;
    const allow = `${deny}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-to-db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 5432}]}]
`;
    const first = diffAnalyses(read(base), read(deny));
    const refs = (d: typeof first, cluster: Cluster) =>
      [...d.pairs()].map(
        (p) =>
          `${cluster.endpoints[p.from]!.ref} -> ${cluster.endpoints[p.to]!.ref}: +${formatPortSet(p.added)} -${formatPortSet(p.removed)}`,
      );
    expect(refs(first, read(base).cluster).sort()).toEqual([
      'shop/api -> shop/db: +none -all ports',
      'shop/web -> shop/db: +none -all ports',
    ]);
    const second = diffAnalyses(read(deny), read(allow));
    expect(refs(second, read(deny).cluster)).toEqual(['shop/api -> shop/db: +TCP 5432 -none']);
    expect(diffAnalyses(read(allow), read(allow)).changes).toEqual([]);
  });

  it('names the endpoints only one version has', () => {
    const more = `${base}---
apiVersion: v1
kind: Pod
metadata: {name: cache, namespace: shop}
`;
    const diff = diffAnalyses(read(base), read(more));
    expect(diff.endpointsAdded).toEqual(['shop/cache']);
    expect(diff.endpointsRemoved).toEqual([]);
    expect(diff.changedPairs).toBe(0);
  });
});

describe('subtractPortSets', () => {
  it('removes ranges, splitting where a hole falls inside', () => {
    const a = unionPortSets(portSetOf('TCP', 1, 100), portSetOf('UDP', 53));
    const b = unionPortSets(portSetOf('TCP', 10, 20), portSetOf('TCP', 50, 200));
    expect(formatPortSet(subtractPortSets(a, b))).toBe('TCP 1-9, 21-49 · UDP 53');
    expect(formatPortSet(subtractPortSets(b, a))).toBe('TCP 101-200');
    expect(formatPortSet(subtractPortSets(a, a))).toBe('none');
  });

  it('agrees with membership on random ranges', () => {
    const set = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 30 })), { maxLength: 4 })
      .map((ranges) =>
        ranges.reduce(
          (s, [from, span]) => unionPortSets(s, portSetOf('TCP', from, from + span)),
          EMPTY_PORT_SET,
        ),
      );
    fc.assert(
      fc.property(set, set, (a, b) => {
        const d = subtractPortSets(a, b);
        for (let port = 1; port <= 160; port++)
          expect(portSetHas(d, 'TCP', port)).toBe(portSetHas(a, 'TCP', port) && !portSetHas(b, 'TCP', port));
      }),
    );
  });
});
