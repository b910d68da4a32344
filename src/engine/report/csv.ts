// The reachability CSV (`eval --format csv`, and the app's CSV export): the same rows from one
// generator, in pieces, so the CLI writes them to a stream and the page between pauses. Pure.
import { formatPortSet } from '../match/ports';
import type { Analysis, Cluster } from '../types';
import { groupPairsSteps, passesFilter, type PortFilter } from './groupPairs';

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Beyond this many ordered pairs, `eval --format csv` writes a row per pair of namespaces unless asked for every pair. */
export const CSV_PAIR_LIMIT = 1_000_000;

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
  // A what-if pod (the app's, never the CLI's: it is not in the YAML) is named as such.
  const refs = cluster.endpoints.map((e) => (e.type === 'pod' && e.ghost ? `${e.ref} (what if)` : e.ref));
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
      const ok = ports !== undefined && passesFilter(ports, filter);
      lines.push([refs[from]!, refs[to]!, String(ok), ok ? formatPortSet(ports) : ''].map(csvCell).join(','));
    }
    yield lines.length ? `${lines.join('\n')}\n` : '';
  }
}
