// Property tests of the cluster-scoped tiers: on random clusters mixing NetworkPolicy,
// AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy (with nodes and host-network
// pods), the fast evaluator, evaluateConnection and the naive reference evaluator agree.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tieredClusterArbitrary, PROBE_PORTS, PROTOCOLS } from '../testing/arbitraries';
import { analyze, analysisFromData, analysisToData, analysisTransferables } from './analyze';
import { evaluateConnection } from './evaluateConnection';
import { referenceAllowed } from './reference';
import { portSetHas, portSetsEqual } from '../match/ports';
import type { Semantics } from '../types';

const semantics = fc.constantFrom<Semantics>('current', 'current', 'legacy');
const enforcedArb = fc.boolean();

describe('with admin and baseline tiers, the fast evaluator agrees with the reference evaluator', () => {
  it('on every pair, protocol and port', () => {
    fc.assert(
      fc.property(tieredClusterArbitrary, semantics, (cluster, sem) => {
        const options = { semantics: sem };
        const analysis = analyze(cluster, options);
        const n = cluster.endpoints.length;
        for (let from = 0; from < n; from++) {
          for (let to = 0; to < n; to++) {
            const ports = analysis.allowedPorts(from, to);
            for (const protocol of PROTOCOLS) {
              for (const port of PROBE_PORTS) {
                const connection = { from, to, port, protocol };
                const expected = referenceAllowed(cluster, connection, options);
                expect(portSetHas(ports, protocol, port), `${from}->${to} ${protocol}/${port}`).toBe(
                  expected,
                );
                expect(evaluateConnection(cluster, connection, options).allowed).toBe(expected);
              }
            }
          }
        }
      }),
      { numRuns: 300 },
    );
    // Hundreds of clusters, each checked pair by pair: past the default timeout on a busy machine.
  }, 120_000);

  it('names the Deny rule that evaluateConnection names, from the compiled tiers, after the round trip', () => {
    fc.assert(
      fc.property(tieredClusterArbitrary, enforcedArb, (cluster, enforced) => {
        const compiled = analyze(cluster, { enforced });
        const data = analysisToData(compiled);
        const analysis = analysisFromData(structuredClone(data, { transfer: analysisTransferables(data) }));
        const n = cluster.endpoints.length;
        for (let from = 0; from < n; from++)
          for (let to = 0; to < n; to++)
            for (const protocol of PROTOCOLS)
              for (const port of PROBE_PORTS) {
                // As the graph and matrix label a denied pair: egress first, decided as if enforced.
                const verdict = evaluateConnection(cluster, { from, to, port, protocol }, { enforced: true });
                const side = [verdict.egress, verdict.ingress].find(
                  (v) => !v.allowed && v.decidedBy?.action === 'Deny',
                );
                const expected =
                  from === to || !side?.decidedBy
                    ? null
                    : {
                        policyIndex: side.decidedBy.policy.index,
                        direction: side.decidedBy.direction,
                        ruleIndex: side.decidedBy.ruleIndex,
                      };
                expect(
                  analysis.adminDenial(from, to, port, protocol),
                  `${from}->${to} ${protocol}/${port}`,
                ).toEqual(expected);
              }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('on named connection ports', () => {
    fc.assert(
      fc.property(tieredClusterArbitrary, (cluster) => {
        for (const from of cluster.endpoints.keys()) {
          for (const to of cluster.endpoints.keys()) {
            for (const protocol of PROTOCOLS) {
              for (const port of ['http', 'dns']) {
                const connection = { from, to, port, protocol };
                expect(evaluateConnection(cluster, connection).allowed).toBe(
                  referenceAllowed(cluster, connection),
                );
              }
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('rows, columns, edges and class edges are the pairwise result, and survive the worker round trip', () => {
    fc.assert(
      fc.property(tieredClusterArbitrary, (cluster) => {
        const analysis = analyze(cluster);
        const sender = analyze(cluster);
        sender.classEdges();
        const sent = analysisToData(sender);
        const copy = analysisFromData(structuredClone(sent, { transfer: analysisTransferables(sent) }));
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
        expect(
          analysis
            .edges()
            .map((e) => `${e.from}>${e.to}`)
            .sort(),
        ).toEqual([...expected].sort());
        const rows = cluster.endpoints.flatMap((_, i) => copy.row(i));
        for (const e of rows) expect(portSetsEqual(e.ports, analysis.allowedPorts(e.from, e.to))).toBe(true);
        expect(rows.map((e) => `${e.from}>${e.to}`).sort()).toEqual([...expected].sort());
        const columns = cluster.endpoints.flatMap((_, i) =>
          analysis.column(i).map((e) => `${e.from}>${e.to}`),
        );
        expect(columns.sort()).toEqual([...expected].sort());
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
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
