// The fast evaluator's facade: compiles a cluster into `AnalysisData` (classes, rules, profiles) and
// answers the `Analysis` questions from it. The parts live in their own modules:
// ipBlockSets -> classes -> compileRules -> profiles (compile), rowScanner and portAlgebra (answer).
import type { AllowedEdge, Analysis, ClassEdges, Cluster, EvaluateOptions, PortSet } from '../types';
import { FULL_PORT_SET, packPortSets } from '../match/ports';
import { withDefaults } from './common';
import { csr, grow, type AnalysisData } from './analysisData';
import { collectIpBlocks, endpointIpBlockSets } from './ipBlockSets';
import { buildClasses, nodeKeyOf } from './classes';
import { compileRules } from './compileRules';
import { ingressProfiles } from './profiles';
import { EMPTY_ID } from './portAlgebra';
import { createRowScanner } from './rowScanner';

export type { AnalysisData } from './analysisData';
export { analysisToData, analysisTransferables } from './analysisData';

export function analyze(cluster: Cluster, options?: EvaluateOptions): Analysis {
  return analysisFromData(compileAnalysis(cluster, options));
}

export function compileAnalysis(cluster: Cluster, options?: EvaluateOptions): AnalysisData {
  const opts = withDefaults(options);
  const endpoints = cluster.endpoints;
  const { ipBlocks, ipBlockIds } = collectIpBlocks(cluster);
  const classes = buildClasses(
    endpoints,
    ipBlocks,
    endpointIpBlockSets(endpoints, ipBlocks),
    nodeKeyOf(cluster),
  );
  const rules = compileRules(cluster, opts, classes, ipBlockIds);
  const [ingressOffsets, ingressRules] = csr(rules.ingressPerClass);
  const [egressOffsets, egressRules] = csr(rules.egressPerClass);
  const profiles = ingressProfiles(
    classes.classCount,
    rules.ruleCount,
    rules.ingressPerClass,
    rules.ingressIsolated,
    rules.ruleNamed,
    classes.classPortKeyList,
  );
  return {
    ...(rules.tiers ? { tiers: rules.tiers } : {}),
    endpointCount: endpoints.length,
    options: opts,
    classCount: classes.classCount,
    classOf: classes.classOf,
    memberOffsets: classes.memberOffsets,
    members: classes.members,
    classExternal: classes.classExternal,
    words: rules.words,
    ruleCount: rules.ruleCount,
    rulePeers: rules.rulePeers,
    rulePorts: rules.rulePorts,
    ruleNamed: rules.ruleNamed,
    namedPorts: rules.namedPorts,
    classPortKey: Int32Array.from(classes.classPortKeyList),
    portKeyCount: classes.portKeyCount,
    portSets: packPortSets(rules.portSets),
    ingressIsolated: rules.ingressIsolated,
    egressIsolated: rules.egressIsolated,
    ingressOffsets,
    ingressRules,
    egressOffsets,
    egressRules,
    ...profiles,
  };
}

export function analysisFromData(d: AnalysisData): Analysis {
  const { ports, classPair, scanRow, deniedBy } = createRowScanner(d);
  const rowOf = (from: number): AllowedEdge[] => {
    const s = d.classOf[from]!;
    const edges: AllowedEdge[] = [];
    const fromExternal = d.classExternal[s] === 1;
    scanRow(s, (c, p) => {
      if (fromExternal && d.classExternal[c]) return;
      const set = ports.sets[p]!;
      for (let m = d.memberOffsets[c]!; m < d.memberOffsets[c + 1]!; m++) {
        const to = d.members[m]!;
        if (to !== from) edges.push({ from, to, ports: set });
      }
    });
    return edges.sort((a, b) => a.to - b.to);
  };

  let classEdgesCache: ClassEdges | null = d.classEdges ?? null;
  const analysis: Analysis & { data: AnalysisData } = {
    data: d,
    endpointCount: d.endpointCount,
    options: d.options,
    classCount: d.classCount,
    classOf: (endpoint) => d.classOf[endpoint]!,
    classMembers: (cls) => Array.from(d.members.subarray(d.memberOffsets[cls]!, d.memberOffsets[cls + 1]!)),
    classEdges: () => {
      // The analysis never changes: the graph, the grouped matrix and exports share one result.
      if (classEdgesCache) return classEdgesCache;
      let capacity = 1024;
      let from: Int32Array<ArrayBuffer> = new Int32Array(capacity);
      let to: Int32Array<ArrayBuffer> = new Int32Array(capacity);
      let portIds: Int32Array<ArrayBuffer> = new Int32Array(capacity);
      let n = 0;
      for (let s = 0; s < d.classCount; s++) {
        const sExternal = d.classExternal[s] === 1;
        const single = d.memberOffsets[s + 1]! - d.memberOffsets[s]! < 2;
        scanRow(s, (c, p) => {
          if ((sExternal && d.classExternal[c]) || (s === c && single)) return;
          if (n === capacity) {
            capacity *= 2;
            from = grow(from, capacity);
            to = grow(to, capacity);
            portIds = grow(portIds, capacity);
          }
          from[n] = s;
          to[n] = c;
          portIds[n] = p;
          n++;
        });
      }
      classEdgesCache = {
        length: n,
        from: from.slice(0, n),
        to: to.slice(0, n),
        ports: portIds.slice(0, n),
        // Later rows may add port sets: this result keeps the ones it refers to.
        portSets: ports.sets.slice(),
      };
      d.classEdges = classEdgesCache;
      return classEdgesCache;
    },
    isolation: (endpoint) => {
      const c = d.classOf[endpoint]!;
      return { ingress: d.ingressIsolated[c] === 1, egress: d.egressIsolated[c] === 1 };
    },
    allowedPorts: (from, to) => {
      if (from === to) return FULL_PORT_SET;
      return ports.sets[classPair(d.classOf[from]!, d.classOf[to]!)]!;
    },
    row: rowOf,
    adminDenial: (from, to, port, protocol) => {
      if (from === to || !d.tiers) return null;
      const r = deniedBy(d.classOf[from]!, d.classOf[to]!, protocol, port);
      if (r < 0) return null;
      const source = d.tiers.ruleSource;
      return {
        policyIndex: source[r * 3]!,
        direction: source[r * 3 + 1] === 0 ? 'Ingress' : 'Egress',
        ruleIndex: source[r * 3 + 2]!,
      };
    },
    column: (to) => {
      const c = d.classOf[to]!;
      const edges: AllowedEdge[] = [];
      const toExternal = d.classExternal[c] === 1;
      for (let s = 0; s < d.classCount; s++) {
        if (toExternal && d.classExternal[s]) continue;
        const p = classPair(s, c);
        if (p === EMPTY_ID) continue;
        const set = ports.sets[p]!;
        for (let m = d.memberOffsets[s]!; m < d.memberOffsets[s + 1]!; m++) {
          const from = d.members[m]!;
          if (from !== to) edges.push({ from, to, ports: set });
        }
      }
      return edges.sort((a, b) => a.from - b.from);
    },
    edges: () => {
      const edges: AllowedEdge[] = [];
      const rowTo: number[] = [];
      const rowPorts: PortSet[] = [];
      for (let s = 0; s < d.classCount; s++) {
        const sExternal = d.classExternal[s] === 1;
        rowTo.length = 0;
        rowPorts.length = 0;
        scanRow(s, (c, p) => {
          if (sExternal && d.classExternal[c]) return;
          rowTo.push(c);
          rowPorts.push(ports.sets[p]!);
        });
        for (let a = d.memberOffsets[s]!; a < d.memberOffsets[s + 1]!; a++) {
          const from = d.members[a]!;
          for (let k = 0; k < rowTo.length; k++) {
            const c = rowTo[k]!;
            for (let m = d.memberOffsets[c]!; m < d.memberOffsets[c + 1]!; m++) {
              const to = d.members[m]!;
              if (to !== from) edges.push({ from, to, ports: rowPorts[k]! });
            }
          }
        }
      }
      return edges.sort((x, y) => x.from - y.from || x.to - y.to);
    },
  };
  return analysis;
}
