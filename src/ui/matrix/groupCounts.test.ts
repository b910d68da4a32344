import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, isPortSetEmpty, portSetHas, type Cluster, type Endpoint } from '../../engine/index';
import { clusterArbitrary } from '../../engine/testing/arbitraries';
import { groupCounts, heatLevel } from './groupCounts';

/** Checks every cell of groupCounts against pairs counted one by one. */
function checkCells(cluster: Cluster, port: number | null, groupKey: (e: Endpoint) => string) {
  const analysis = analyze(cluster);
  const groups = new Map<string, number[]>();
  for (const e of cluster.endpoints) groups.set(groupKey(e), [...(groups.get(groupKey(e)) ?? []), e.index]);
  const entries = [...groups.entries()];
  const externals = cluster.endpoints.filter((e) => e.type === 'external').map((e) => e.index);
  const counts = groupCounts(analysis, entries, port, 'TCP', externals);
  entries.forEach(([a, from], i) =>
    entries.forEach(([b, to], j) => {
      let allowed = 0;
      for (const f of from)
        for (const t of to) {
          if (f === t) continue;
          const ports = analysis.allowedPorts(f, t);
          if (port === null ? !isPortSetEmpty(ports) : portSetHas(ports, 'TCP', port)) allowed++;
        }
      const total = from.length * to.length - (a === b ? from.length : 0);
      expect({ allowed: counts.allowed(i, j), total: counts.total(i, j) }, `${a} -> ${b}`).toEqual({
        allowed,
        total,
      });
    }),
  );
}

const ports = fc.constantFrom(null, 53, 80, 8080);

describe('groupCounts', () => {
  it('adds up to the pod-level result, for any port filter', () => {
    fc.assert(
      fc.property(clusterArbitrary, ports, (cluster, port) =>
        checkCells(cluster, port, (e) => (e.type === 'pod' ? e.namespace : 'outside the cluster')),
      ),
      { numRuns: 200 },
    );
  });

  it('adds up when a group splits the pods that look alike (the counts of a class spread over groups)', () => {
    fc.assert(
      fc.property(clusterArbitrary, ports, fc.integer({ min: 2, max: 3 }), (cluster, port, k) =>
        checkCells(cluster, port, (e) => `group ${e.index % k}`),
      ),
      { numRuns: 100 },
    );
  });

  it('gives the heat of a cell as the share of its pairs allowed, 0 for an empty pair of groups', () => {
    expect(heatLevel(0, 10)).toBe(0);
    expect(heatLevel(5, 10)).toBe(0.5);
    expect(heatLevel(10, 10)).toBe(1);
    expect(heatLevel(0, 0)).toBe(0);
  });
});
