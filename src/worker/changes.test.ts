import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clusterArbitrary } from '../engine/testing/arbitraries';
import { analyze, intersectPortSets, isPortSetEmpty, portSetsEqual, type Cluster } from '../engine/index';
import { listChanges } from './changes';

/** Versions sharing endpoints: one cluster with another's policies, sometimes one endpoint gone. */
const versions = fc.oneof(
  fc
    .tuple(clusterArbitrary, clusterArbitrary)
    .map(([a, b]): [Cluster, Cluster] => [a, { ...a, policies: b.policies }]),
  fc.tuple(clusterArbitrary, clusterArbitrary, fc.nat()).map(([a, b, drop]): [Cluster, Cluster] => [
    a,
    {
      ...a,
      policies: b.policies,
      endpoints: a.endpoints
        .filter((_, i) => i !== drop % a.endpoints.length)
        .map((e, index) => ({ ...e, index })),
    },
  ]),
);

/** Opened and closed pairs by REF, worked out pair by pair from each version's allowed edges. */
function pairByPair(before: Cluster, after: Cluster) {
  const a = analyze(before);
  const b = analyze(after);
  const key = (c: Cluster, e: { from: number; to: number }) =>
    `${c.endpoints[e.from]!.ref}\u0000${c.endpoints[e.to]!.ref}`;
  const was = new Map(a.edges().map((e) => [key(before, e), e.ports]));
  const now = new Map(b.edges().map((e) => [key(after, e), e.ports]));
  const within = (x: typeof was extends Map<string, infer P> ? P : never, y: typeof x | undefined) =>
    y !== undefined && portSetsEqual(intersectPortSets(x, y), x);
  const opened = [...now].filter(([k, p]) => !isPortSetEmpty(p) && !within(p, was.get(k))).map(([k]) => k);
  const closed = [...was].filter(([k, p]) => !isPortSetEmpty(p) && !within(p, now.get(k))).map(([k]) => k);
  return { opened: opened.sort(), closed: closed.sort() };
}

describe('listChanges (what a preview lists)', () => {
  it('counts and lists exactly the pairs a pair-by-pair comparison finds', () => {
    fc.assert(
      fc.property(versions, ([before, after]) => {
        const listed = listChanges(
          { cluster: before, analysis: analyze(before) },
          { cluster: after, analysis: analyze(after) },
        );
        const expected = pairByPair(before, after);
        const keys = (l: { from: string; to: string }[]) => l.map((c) => `${c.from}\u0000${c.to}`).sort();
        expect(keys(listed.opened)).toEqual(expected.opened);
        expect(keys(listed.closed)).toEqual(expected.closed);
        expect(listed.openedCount).toBe(expected.opened.length);
        expect(listed.closedCount).toBe(expected.closed.length);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps counts exact when the lists stop at their limit', () => {
    fc.assert(
      fc.property(versions, ([before, after]) => {
        const models = [
          { cluster: before, analysis: analyze(before) },
          { cluster: after, analysis: analyze(after) },
        ] as const;
        const whole = listChanges(...models);
        const cut = listChanges(...models, undefined, 1);
        expect(cut.openedCount).toBe(whole.openedCount);
        expect(cut.closedCount).toBe(whole.closedCount);
        expect(cut.opened.length).toBe(Math.min(1, whole.openedCount));
        expect(cut.closed.length).toBe(Math.min(1, whole.closedCount));
      }),
      { numRuns: 100 },
    );
  });
});
