// One formatter per output format of `eval` (DESIGN 2.3), all over the same Analysis.
import {
  formatPortSet,
  isPortSetEmpty,
  portSetHas,
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

export function formatEval(
  cluster: Cluster,
  analysis: Analysis,
  format: EvalFormat,
  filter?: PortFilter,
): string {
  const refs = cluster.endpoints.map((e) => e.ref);
  const edges = analysis.edges().filter((e) => allowed(e.ports, filter));
  switch (format) {
    case 'json': {
      // Only allowed connections: the output grows with what is allowed, not with pods squared.
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
      const connections = edges.map((e) => ({
        from: refs[e.from],
        to: refs[e.to],
        ports: portsJson(e.ports),
      }));
      return `${JSON.stringify({ endpoints, connections, ...(filter ? { filter } : {}) }, null, 2)}\n`;
    }
    case 'csv': {
      const lines = ['from,to,allowed,ports'];
      for (let from = 0; from < refs.length; from++) {
        for (let to = 0; to < refs.length; to++) {
          if (from === to) continue;
          const ports = analysis.allowedPorts(from, to);
          const ok = allowed(ports, filter);
          lines.push(
            [refs[from]!, refs[to]!, String(ok), ok ? formatPortSet(ports) : ''].map(csvCell).join(','),
          );
        }
      }
      return `${lines.join('\n')}\n`;
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
      for (const e of edges)
        lines.push(`  ${q(refs[e.from]!)} -> ${q(refs[e.to]!)} [label=${q(formatPortSet(e.ports))}];`);
      lines.push('}');
      return `${lines.join('\n')}\n`;
    }
    case 'md':
    case 'table': {
      // A pod x pod table stops being readable (and printable) long before clusters get big.
      if (refs.length > TABLE_LIMIT) return namespaceSummary(cluster, edges, format, filter);
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
        return `${[header, header.map(() => '---'), ...rows].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n')}\n`;
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
      return `${title}\n${[line(header), ...rows.map(line)].join('\n')}\n`;
    }
  }
}

function namespaceSummary(
  cluster: Cluster,
  edges: { from: number; to: number }[],
  format: EvalFormat,
  filter?: PortFilter,
): string {
  const groupOf = cluster.endpoints.map((e) => (e.type === 'pod' ? e.namespace : '(outside)'));
  const groups = [...new Set(groupOf)];
  const size = new Map<string, number>();
  for (const g of groupOf) size.set(g, (size.get(g) ?? 0) + 1);
  const allowed = new Map<string, number>();
  for (const e of edges) {
    const key = `${groupOf[e.from]}|${groupOf[e.to]}`;
    allowed.set(key, (allowed.get(key) ?? 0) + 1);
  }
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
