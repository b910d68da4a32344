// The app's CSV export of the reachability matrix: the rows of the engine's CSV generator, the same as
// the CLI's `eval --format csv` (a row per pair of endpoints, or past CSV_PAIR_LIMIT pairs a row per
// pair of namespaces, which the header says), written a piece at a time between pauses that give the
// page back, into a Blob: never one string, never one long task (each run of pieces stops after
// BUDGET_MS).
//
// It stays on the page, reading the analysis the worker compiled (row by row, not re-evaluating): in
// the worker, a per-pair export of a big cluster (10^8 rows) would hold every other request for
// minutes, while here it is sliced into tasks of BUDGET_MS and can be stopped between any two.
import { csvByNamespace, evalCsvChunks, type Analysis, type Workspace } from '../engine/index';
import { enforces, engineOf, type AppStore } from './store';

/** Work done between two pauses: well under the 50 ms that makes a long task. */
export const BUDGET_MS = 8;
/** Pieces kept as strings before they are folded into the Blob, so memory holds the Blob, not them. */
const PARTS_PER_FOLD = 512;

export interface CsvExportOptions {
  /** Every pair even past the limit (a cluster of 10,000 pods makes 10^8 rows). */
  perPair?: boolean;
  /** Pairs past which rows are per namespace (CSV_PAIR_LIMIT unless a test says otherwise). */
  limit?: number;
  /** A pause that lets the page run (tests give their own). */
  pause?: () => Promise<void>;
  now?: () => number;
  onProgress?: (fraction: number) => void;
  /** Checked between pieces: true stops the export, which then resolves to null. */
  cancelled?: () => boolean;
}

const pauseForPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Whether the export of this workspace writes namespace rows unless asked for every pair. */
export const exportsByNamespace = (workspace: Workspace) =>
  csvByNamespace(workspace.cluster.endpoints.length, false);

/** Drains string pieces into a Blob, pausing every `BUDGET_MS`; null when cancelled. */
export async function chunksToBlob(
  chunks: Iterator<string>,
  options: Omit<CsvExportOptions, 'perPair'> & { total?: number } = {},
): Promise<Blob | null> {
  const pause = options.pause ?? pauseForPage;
  const now = options.now ?? (() => performance.now());
  let blob = new Blob([], { type: 'text/csv' });
  let parts: string[] = [];
  let done = 0;
  for (;;) {
    const start = now();
    let finished = false;
    while (now() - start < BUDGET_MS) {
      const next = chunks.next();
      if (next.done) {
        finished = true;
        break;
      }
      done++;
      if (next.value) parts.push(next.value);
      if (parts.length >= PARTS_PER_FOLD) {
        blob = new Blob([blob, ...parts], { type: 'text/csv' });
        parts = [];
      }
    }
    if (finished) break;
    if (options.total) options.onProgress?.(Math.min(1, done / options.total));
    await pause();
    if (options.cancelled?.()) return null;
  }
  return new Blob([blob, ...parts], { type: 'text/csv' });
}

/** The reachability CSV of an analysed workspace, as a Blob built off long tasks. */
export function reachabilityCsv(
  workspace: Workspace,
  analysis: Analysis,
  options: CsvExportOptions = {},
): Promise<Blob | null> {
  const perPair = options.perPair ?? false;
  const n = workspace.cluster.endpoints.length;
  const chunks = evalCsvChunks(workspace.cluster, analysis, undefined, perPair, options.limit);
  return chunksToBlob(chunks, {
    ...options,
    total: csvByNamespace(n, perPair, options.limit) ? undefined : n + 1,
  });
}

/**
 * The reachability CSV of the store's workspace. Namespace rows (past the limit, unless every pair is
 * asked for) are written by the engine worker, which holds the analysis: grouping the class edges by
 * namespace is one step of tens of milliseconds at 10,000 pods, a long task on a busy page. The page
 * only folds the pieces into a Blob, between pauses. Rows per pair of endpoints are written here, a
 * row at a time (the worker would hold them all to send them). Null when cancelled or replaced.
 */
export async function exportReachabilityCsv(
  store: AppStore,
  options: CsvExportOptions = {},
): Promise<Blob | null> {
  const s = store.getState();
  const { workspace, analysis } = s;
  if (!workspace || !analysis) return null;
  const limit = options.limit;
  if (!options.perPair && csvByNamespace(workspace.cluster.endpoints.length, false, limit)) {
    const answer = await engineOf(store).request('namespaceCsv', {
      ...(limit !== undefined ? { limit } : {}),
      text: s.text,
      options: { semantics: s.settings.semantics, enforced: enforces(s.settings.plugin) },
      ghosts: s.ghosts,
    });
    if (options.cancelled?.()) return null;
    // No answer (the worker reads the text as a smaller workspace): the rows are written here.
    if (answer) return chunksToBlob(answer.chunks[Symbol.iterator](), options);
  }
  return reachabilityCsv(workspace, analysis, options);
}
