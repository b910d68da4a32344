// One formatter per output format of `eval` (DESIGN 2.3), all over the same Analysis.
import {
  formatPortSet,
  isPortSetEmpty,
  portSetHas,
  unionPortSets,
  type AllowedEdge,
  type Analysis,
  type Cluster,
  type PortSet,
  type Protocol,
} from '../engine/index';

/** Beyond this many endpoints, table and md print a namespace x namespace summary. */
export const TABLE_LIMIT = 60;

export type EvalFormat = 'table' | 'json' | 'csv' | 'md' | 'dot';

export interface PortFilter {
  port: number;
  protocol: Protocol;
}

function allowed(ports: PortSet, filter?: PortFilter): boolean {
  return filter ? portSetHas(ports, filter.protocol, filter.port) : !isPortSetEmpty(ports);
}

function portsJson(ports: PortSet): Record<string, [number, number][]> {
  const out: Record<string, [number, number][]> = {};
  for (const p of ['TCP', 'UDP', 'SCTP'] as const)
    if (ports[p].length) out[p] = ports[p].map((r) => [r.from, r.to]);
  return out;
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Beyond this many ordered pairs, `eval --format csv` writes a row per pair of namespaces unless asked for every pair. */
export const CSV_PAIR_LIMIT = 1_000_000;

/** The namespace of a pod, or its own REF for an address outside the cluster. */
const groupOf = (cluster: Cluster, i: number) => {
  const e = cluster.endpoints[i]!;
  return e.type === 'pod' ? e.namespace : '(outside)';
};

interface GroupPairs {
  groups: string[];
  size: Map<string, number>;
  pairs: Map<string, { allowed: number; ports: PortSet }>;
}

/** Class edges counted between two pauses of `groupPairsSteps` (a few milliseconds of work). */
const EDGES_PER_STEP = 5_000;

/**
 * Allowed pairs and their ports per ordered pair of namespaces (outside addresses form one group),
 * counted in class space: each class edge adds the product of its classes' sizes. The ports of a
 * pair of groups are the union of the few distinct port sets of its edges, made once per pair.
 */
function groupPairs(cluster: Cluster, analysis: Analysis, filter?: PortFilter): GroupPairs {
  const steps = groupPairsSteps(cluster, analysis, filter);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** `groupPairs` in steps: it pauses every EDGES_PER_STEP class edges. */
function* groupPairsSteps(
  cluster: Cluster,
  analysis: Analysis,
  filter?: PortFilter,
): Generator<void, GroupPairs> {
  const names = cluster.endpoints.map((_, i) => groupOf(cluster, i));
  const groups = [...new Set(names)];
  const index = new Map(groups.map((g, i) => [g, i]));
  const groupIdx = Int32Array.from(names, (g) => index.get(g)!);
  const g = groups.length;
  const size = new Map<string, number>();
  for (const n of names) size.set(n, (size.get(n) ?? 0) + 1);
  const counts = new Float64Array(g * g);
  const portIds = new Map<number, Set<number>>();
  const edges = analysis.classEdges();
  const passes = edges.portSets.map((set) => allowed(set, filter));
  // Members of a class share a namespace: count them per class once, as [group, count, ...].
  const perClass = new Map<number, number[]>();
  const classGroups = (c: number) => {
    let hit = perClass.get(c);
    if (!hit) {
      const byGroup = new Map<number, number>();
      for (const m of analysis.classMembers(c))
        byGroup.set(groupIdx[m]!, (byGroup.get(groupIdx[m]!) ?? 0) + 1);
      perClass.set(c, (hit = [...byGroup].flat()));
    }
    return hit;
  };
  for (let i = 0; i < edges.length; i++) {
    if (i > 0 && i % EDGES_PER_STEP === 0) yield;
    const p = edges.ports[i]!;
    if (!passes[p]) continue;
    const from = edges.from[i]!;
    const to = edges.to[i]!;
    const fa = classGroups(from);
    const fb = classGroups(to);
    for (let x = 0; x < fa.length; x += 2)
      for (let y = 0; y < fb.length; y += 2) {
        // Within one class the pairs exclude each member with itself.
        const count = fa[x + 1]! * fb[y + 1]! - (from === to && fa[x] === fb[y] ? fa[x + 1]! : 0);
        if (count <= 0) continue;
        const cell = fa[x]! * g + fb[y]!;
        counts[cell]! += count;
        let ids = portIds.get(cell);
        if (!ids) portIds.set(cell, (ids = new Set()));
        ids.add(p);
      }
  }
  const pairs = new Map<string, { allowed: number; ports: PortSet }>();
  for (const [cell, ids] of portIds) {
    let ports: PortSet | null = null;
    for (const id of ids) ports = ports ? unionPortSets(ports, edges.portSets[id]!) : edges.portSets[id]!;
    pairs.set(`${groups[Math.floor(cell / g)]}|${groups[cell % g]}`, {
      allowed: counts[cell]!,
      ports: ports!,
    });
  }
  return { groups, size, pairs };
}

/**
 * `eval --format csv`, written in pieces (never one string): a row per ordered pair of endpoints, or,
 * past CSV_PAIR_LIMIT pairs and unless `perPair`, a row per ordered pair of namespaces with how many
 * of its pod pairs are allowed and on which ports (a header with other columns says which it is).
 */
export function writeEvalCsv(
  cluster: Cluster,
  analysis: Analysis,
  filter: PortFilter | undefined,
  write: (text: string) => void,
  perPair: boolean,
  limit = CSV_PAIR_LIMIT,
): void {
  for (const chunk of evalCsvChunks(cluster, analysis, filter, perPair, limit)) if (chunk) write(chunk);
}

/** Whether `eval --format csv` (and the app's export) writes a row per pair of namespaces. */
export const csvByNamespace = (endpoints: number, perPair: boolean, limit = CSV_PAIR_LIMIT) =>
  !perPair && endpoints * (endpoints - 1) > limit;

/**
 * The pieces of `writeEvalCsv`, one row of the result (or a few hundred namespace rows) at a time, so
 * that a caller on a page can stop between them and let the page breathe.
 */
export function* evalCsvChunks(
  cluster: Cluster,
  analysis: Analysis,
  filter: PortFilter | undefined,
  perPair: boolean,
  limit = CSV_PAIR_LIMIT,
): Generator<string> {
  const n = cluster.endpoints.length;
  if (csvByNamespace(n, perPair, limit)) {
    const steps = groupPairsSteps(cluster, analysis, filter);
    let step = steps.next();
    for (; !step.done; step = steps.next()) yield '';
    const { groups, size, pairs } = step.value;
    yield 'from_namespace,to_namespace,allowed_pairs,total_pairs,ports\n';
    let lines: string[] = [];
    for (const a of groups)
      for (const b of groups) {
        const total = size.get(a)! * size.get(b)! - (a === b ? size.get(a)! : 0);
        if (total === 0) continue;
        const hit = pairs.get(`${a}|${b}`);
        lines.push(
          [a, b, String(hit?.allowed ?? 0), String(total), hit ? formatPortSet(hit.ports) : '']
            .map(csvCell)
            .join(','),
        );
        if (lines.length === 500) {
          yield `${lines.join('\n')}\n`;
          lines = [];
        }
      }
    if (lines.length) yield `${lines.join('\n')}\n`;
    return;
  }
  const refs = cluster.endpoints.map((e) => e.ref);
  yield 'from,to,allowed,ports\n';
  for (let from = 0; from < n; from++) {
    const row = new Map(analysis.row(from).map((e) => [e.to, e.ports]));
    const lines: string[] = [];
    for (let to = 0; to < n; to++) {
      if (from === to) continue;
      // Traffic between two outside addresses is not governed by NetworkPolicy: rows leave it out.
      const ports =
        row.get(to) ??
        (cluster.endpoints[from]!.type === 'external' && cluster.endpoints[to]!.type === 'external'
          ? analysis.allowedPorts(from, to)
          : undefined);
      const ok = ports !== undefined && allowed(ports, filter);
      lines.push([refs[from]!, refs[to]!, String(ok), ok ? formatPortSet(ports) : ''].map(csvCell).join(','));
    }
    yield lines.length ? `${lines.join('\n')}\n` : '';
  }
}

/**
 * Writes `eval`'s output in pieces (a row of the result at a time), so that what it holds at once grows
 * with one row, not with every allowed pair: an open cluster of tens of thousands of pods has hundreds
 * of millions of pairs, more than one string or the heap can hold.
 */
export function writeEval(
  cluster: Cluster,
  analysis: Analysis,
  format: EvalFormat,
  write: (text: string) => void,
  filter?: PortFilter,
  perPair = false,
): void {
  const refs = cluster.endpoints.map((e) => e.ref);
  /** The allowed edges leaving each endpoint in turn, in (from, to) order. */
  const eachRow = (visit: (edges: AllowedEdge[]) => void) => {
    for (let from = 0; from < refs.length; from++)
      visit(analysis.row(from).filter((e) => allowed(e.ports, filter)));
  };
  switch (format) {
    case 'json': {
      // Only allowed connections: the output grows with what is allowed, not with pods squared. Printed
      // as JSON.stringify(report, null, 2) would print it, one connection at a time.
      const endpoints = cluster.endpoints.map((e) =>
        e.type === 'pod'
          ? { ref: e.ref, kind: e.kind, namespace: e.namespace, name: e.name, labels: e.labels }
          : {
              ref: e.ref,
              kind: 'External',
              address: e.address,
              cidr: e.cidr,
              ...(e.except?.length ? { except: e.except } : {}),
              ...(e.outsideOf ? { outsideOf: e.outsideOf } : {}),
              label: e.label,
            },
      );
      const indent = (value: unknown, by: string) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${by}`);
      write(`{\n  "endpoints": ${indent(endpoints, '  ')},\n  "connections": `);
      let first = true;
      eachRow((edges) => {
        if (edges.length === 0) return;
        const items = edges.map(
          (e) => `    ${indent({ from: refs[e.from], to: refs[e.to], ports: portsJson(e.ports) }, '    ')}`,
        );
        write(`${first ? '[\n' : ',\n'}${items.join(',\n')}`);
        first = false;
      });
      write(first ? '[]' : '\n  ]');
      write(filter ? `,\n  "filter": ${indent(filter, '  ')}\n}\n` : '\n}\n');
      return;
    }
    case 'csv': {
      writeEvalCsv(cluster, analysis, filter, write, perPair);
      return;
    }
    case 'dot': {
      const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
      const lines = ['digraph netpol {', '  rankdir=LR;', '  node [shape=box];'];
      const byNs = new Map<string, string[]>();
      for (const e of cluster.endpoints) {
        const ns = e.type === 'pod' ? e.namespace : '';
        byNs.set(ns, [...(byNs.get(ns) ?? []), e.ref]);
      }
      let i = 0;
      for (const [ns, members] of byNs) {
        if (ns) lines.push(`  subgraph cluster_${i++} {`, `    label=${q(ns)};`);
        for (const m of members) lines.push(`${ns ? '    ' : '  '}${q(m)}${ns ? '' : ' [shape=ellipse]'};`);
        if (ns) lines.push('  }');
      }
      write(`${lines.join('\n')}\n`);
      eachRow((edges) => {
        for (const e of edges)
          write(`  ${q(refs[e.from]!)} -> ${q(refs[e.to]!)} [label=${q(formatPortSet(e.ports))}];\n`);
      });
      write('}\n');
      return;
    }
    case 'md':
    case 'table': {
      // A pod x pod table stops being readable (and printable) long before clusters get big.
      if (refs.length > TABLE_LIMIT) {
        write(namespaceSummary(cluster, analysis, format, filter));
        return;
      }
      const cell = (from: number, to: number) => {
        if (from === to) return '·';
        const ports = analysis.allowedPorts(from, to);
        if (!allowed(ports, filter)) return '✗';
        return filter ? '✓' : `✓ ${formatPortSet(ports)}`;
      };
      const header = ['from \\ to', ...refs];
      const rows = refs.map((r, from) => [r, ...refs.map((_, to) => cell(from, to))]);
      if (format === 'md') {
        const esc = (s: string) => s.replace(/\|/g, '\\|');
        write(
          `${[header, header.map(() => '---'), ...rows].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n')}\n`,
        );
        return;
      }
      const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => [...r[c]!].length)));
      const line = (r: string[]) =>
        r
          .map((s, c) => s + ' '.repeat(widths[c]! - [...s].length))
          .join('  ')
          .trimEnd();
      const title = filter
        ? `Allowed on ${filter.protocol} ${filter.port} (rows: from, columns: to)`
        : 'Allowed connections (rows: from, columns: to)';
      write(`${title}\n${[line(header), ...rows.map(line)].join('\n')}\n`);
    }
  }
}

/** The whole output as one string (for small results and tests). */
export function formatEval(
  cluster: Cluster,
  analysis: Analysis,
  format: EvalFormat,
  filter?: PortFilter,
): string {
  const parts: string[] = [];
  writeEval(cluster, analysis, format, (text) => parts.push(text), filter);
  return parts.join('');
}

function namespaceSummary(
  cluster: Cluster,
  analysis: Analysis,
  format: EvalFormat,
  filter?: PortFilter,
): string {
  const { groups, size, pairs } = groupPairs(cluster, analysis, filter);
  const allowed = new Map([...pairs].map(([key, v]) => [key, v.allowed]));
  const header = ['from \\ to', ...groups];
  const rows = groups.map((a) => [
    a,
    ...groups.map((b) => {
      const total = size.get(a)! * size.get(b)! - (a === b ? size.get(a)! : 0);
      return `${allowed.get(`${a}|${b}`) ?? 0}/${total}`;
    }),
  ]);
  const title = `${cluster.endpoints.length} endpoints: allowed pairs per namespace${filter ? ` on ${filter.protocol} ${filter.port}` : ''} (use --format json or csv for every pair)`;
  if (format === 'md') {
    return `${title}\n\n${[header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`;
  }
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  return `${title}\n${[line(header), ...rows.map(line)].join('\n')}\n`;
}
