// One formatter per output format of `eval` (DESIGN 2.3), all over the same Analysis.
import {
  formatPortSet,
  groupPairs,
  passesFilter,
  writeEvalCsv,
  type AllowedEdge,
  type Analysis,
  type Cluster,
  type PortFilter,
  type PortSet,
} from '../engine/index';

export type { PortFilter } from '../engine/index';

/** Beyond this many endpoints, table and md print a namespace x namespace summary. */
export const TABLE_LIMIT = 60;

export type EvalFormat = 'table' | 'json' | 'csv' | 'md' | 'dot';

function portsJson(ports: PortSet): Record<string, [number, number][]> {
  const out: Record<string, [number, number][]> = {};
  for (const p of ['TCP', 'UDP', 'SCTP'] as const)
    if (ports[p].length) out[p] = ports[p].map((r) => [r.from, r.to]);
  return out;
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
      visit(analysis.row(from).filter((e) => passesFilter(e.ports, filter)));
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
        if (!passesFilter(ports, filter)) return '✗';
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
