import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, isPortSetEmpty, portSetHas } from '../../engine/index';
import { clusterArbitrary } from '../../engine/testing/arbitraries';
import { groupCounts } from './groupCounts';

describe('groupCounts', () => {
  it('adds up to the pod-level result, for any port filter', () => {
    fc.assert(
      fc.property(clusterArbitrary, fc.constantFrom(null, 53, 80, 8080), (cluster, port) => {
        const analysis = analyze(cluster);
        const groups = new Map<string, number[]>();
        for (const e of cluster.endpoints) {
          const key = e.type === 'pod' ? e.namespace : 'outside the cluster';
          groups.set(key, [...(groups.get(key) ?? []), e.index]);
        }
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
      }),
      { numRuns: 200 },
    );
  });
});
