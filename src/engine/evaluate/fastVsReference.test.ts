import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clusterArbitrary, ghostsArbitrary, PROBE_PORTS, PROTOCOLS } from '../testing/arbitraries';
import { withGhostPods } from '../parse/withGhostPods';
import { analyze, analysisFromData, analysisToData, analysisTransferables } from './analyze';
import { evaluateConnection } from './evaluateConnection';
import { referenceAllowed } from './reference';
import { portSetHas, portSetsEqual } from '../match/ports';
import type { Semantics } from '../types';

const semantics = fc.constantFrom<Semantics>('current', 'legacy');

describe('the fast evaluator agrees with the reference evaluator', () => {
  it('on every pair, protocol and port of random clusters', () => {
    fc.assert(
      fc.property(clusterArbitrary, semantics, (cluster, sem) => {
        const options = { semantics: sem };
        const analysis = analyze(cluster, options);
        const n = cluster.endpoints.length;
        for (let from = 0; from < n; from++) {
          for (let to = 0; to < n; to++) {
            const ports = analysis.allowedPorts(from, to);
            for (const protocol of PROTOCOLS) {
              for (const port of PROBE_PORTS) {
                const expected = referenceAllowed(cluster, { from, to, port, protocol }, options);
                expect(portSetHas(ports, protocol, port), `${from}->${to} ${protocol}/${port}`).toBe(
                  expected,
                );
                expect(evaluateConnection(cluster, { from, to, port, protocol }, options).allowed).toBe(
                  expected,
                );
              }
            }
          }
        }
      }),
      { numRuns: 300 },
    );
    // Hundreds of clusters, each checked pair by pair: seconds alone, longer on a busy machine.
  }, 120_000);

  it('with what-if pods added to random clusters', () => {
    fc.assert(
      fc.property(clusterArbitrary, ghostsArbitrary, semantics, (base, ghosts, sem) => {
        const { value: cluster, diagnostics } = withGhostPods(base, ghosts);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(cluster.endpoints.filter((e) => e.type === 'pod' && e.ghost)).toHaveLength(ghosts.length);
        const options = { semantics: sem };
        const analysis = analyze(cluster, options);
        const n = cluster.endpoints.length;
        for (let from = 0; from < n; from++) {
          for (let to = 0; to < n; to++) {
            const ports = analysis.allowedPorts(from, to);
            for (const protocol of PROTOCOLS) {
              for (const port of [...PROBE_PORTS, 'http']) {
                const expected = referenceAllowed(cluster, { from, to, port, protocol }, options);
                if (typeof port === 'number')
                  expect(portSetHas(ports, protocol, port), `${from}->${to} ${protocol}/${port}`).toBe(
                    expected,
                  );
                expect(evaluateConnection(cluster, { from, to, port, protocol }, options).allowed).toBe(
                  expected,
                );
              }
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('on named connection ports', () => {
    fc.assert(
      fc.property(clusterArbitrary, semantics, (cluster, sem) => {
        const options = { semantics: sem };
        for (const from of cluster.endpoints.keys()) {
          for (const to of cluster.endpoints.keys()) {
            for (const protocol of PROTOCOLS) {
              for (const port of ['http', 'dns']) {
                const connection = { from, to, port, protocol };
                expect(evaluateConnection(cluster, connection, options).allowed).toBe(
                  referenceAllowed(cluster, connection, options),
                );
              }
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rows, columns and edges are the pairwise result, and survive the worker round trip', () => {
    fc.assert(
      fc.property(clusterArbitrary, semantics, (cluster, sem) => {
        const analysis = analyze(cluster, { semantics: sem });
        // As the worker sends it: the complete result computed there, every typed array transferred.
        const sender = analyze(cluster, { semantics: sem });
        sender.classEdges();
        const sent = analysisToData(sender);
        const copy = analysisFromData(structuredClone(sent, { transfer: analysisTransferables(sent) }));
        const leftBehind = [...Object.values(sent), ...Object.values(sent.classEdges!)].filter(
          (v): v is ArrayBufferView => ArrayBuffer.isView(v) && v.byteLength > 0,
        );
        expect(leftBehind).toEqual([]);
        const n = cluster.endpoints.length;
        const external = (i: number) => cluster.endpoints[i]!.type === 'external';
        const expected: string[] = [];
        for (let from = 0; from < n; from++) {
          for (let to = 0; to < n; to++) {
            if (from === to || (external(from) && external(to))) continue;
            const ports = analysis.allowedPorts(from, to);
            expect(portSetsEqual(copy.allowedPorts(from, to), ports)).toBe(true);
            if (ports.TCP.length + ports.UDP.length + ports.SCTP.length > 0) expected.push(`${from}>${to}`);
          }
        }
        const edges = analysis.edges().map((e) => `${e.from}>${e.to}`);
        expect(edges.sort()).toEqual([...expected].sort());
        const rows = cluster.endpoints.flatMap((_, i) => copy.row(i).map((e) => `${e.from}>${e.to}`));
        expect(rows.sort()).toEqual([...expected].sort());
        const classEdges = copy.classEdges();
        const viaClasses: string[] = [];
        for (let i = 0; i < classEdges.length; i++) {
          const ports = classEdges.portSets[classEdges.ports[i]!]!;
          for (const f of analysis.classMembers(classEdges.from[i]!))
            for (const t of analysis.classMembers(classEdges.to[i]!)) {
              if (t === f) continue;
              viaClasses.push(`${f}>${t}`);
              expect(portSetsEqual(ports, analysis.allowedPorts(f, t))).toBe(true);
            }
        }
        expect(viaClasses.sort()).toEqual([...expected].sort());
        const columns = cluster.endpoints.flatMap((_, i) =>
          analysis.column(i).map((e) => `${e.from}>${e.to}`),
        );
        expect(columns.sort()).toEqual([...expected].sort());
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (analysis.classOf(i) === analysis.classOf(j) && i !== j) {
              // Endpoints of one class are indistinguishable: same row towards every third endpoint.
              for (let k = 0; k < n; k++) {
                if (k === i || k === j) continue;
                expect(portSetsEqual(analysis.allowedPorts(i, k), analysis.allowedPorts(j, k))).toBe(true);
              }
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
