// Find anything: one index over the pods, workloads, namespaces, policies and outside addresses of a
// workspace, built once per analysis and queried on every keystroke. Pure data (no DOM): names and
// labels from the YAML are returned as plain strings for the UI to render as text.
//
// Budget: a query scans the precomputed lower-case strings once (no allocation per entry that does not
// match), so 10,000 pods stay well under a frame per keystroke.
import type { SourceRange, Workspace } from '../engine/index';

export type SearchKind = 'pod' | 'workload' | 'namespace' | 'policy' | 'address';

export interface SearchEntry {
  kind: SearchKind;
  /** What the result list shows first: a REF, a namespace name, `namespace/name` of a policy, a CIDR. */
  title: string;
  /** A short second line: kind and labels (or the policy's pod selector). */
  detail: string;
  /** Endpoint index for pods, workloads and addresses. */
  endpoint?: number;
  /** Namespace name, for namespaces. */
  namespace?: string;
  /** Where it is written, when it is (policies, pods, workloads). */
  range?: SourceRange;
}

export interface SearchHit {
  entry: SearchEntry;
  /** Lower is better: 0 exact name, 1 name prefix, 2 part of the name, 3 a label. */
  score: number;
}

export interface SearchIndex {
  readonly entries: readonly SearchEntry[];
  /** Lower-case name (title) per entry. */
  readonly names: readonly string[];
  /** Lower-case `key=value` labels (and selector labels) per entry, one per line. */
  readonly labels: readonly string[];
  /** Entry indices by kind, then name: the order results are listed in, within a score. */
  readonly order: Int32Array;
}

const KIND_ORDER: Record<SearchKind, number> = { pod: 0, workload: 1, namespace: 2, policy: 3, address: 4 };

const labelLines = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels).map(([k, v]) => `${k}=${v}`);

/** Entries indexed between two pauses of `buildSearchIndexSteps`: a few milliseconds of work. */
export const ENTRIES_PER_STEP = 1_000;

/** The whole index at once (tests, and a query typed before the idle build finished). */
export function buildSearchIndex(workspace: Workspace): SearchIndex {
  const steps = buildSearchIndexSteps(workspace);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `buildSearchIndex` in steps: it pauses every ENTRIES_PER_STEP entries and before sorting, so a page
 * builds the index of 10,000 pods in idle slices rather than one long task.
 */
export function* buildSearchIndexSteps(workspace: Workspace): Generator<void, SearchIndex> {
  const { cluster } = workspace;
  const entries: SearchEntry[] = [];
  const names: string[] = [];
  const labels: string[] = [];
  const add = (entry: SearchEntry, lines: string[]) => {
    entries.push(entry);
    names.push(entry.title.toLowerCase());
    labels.push(lines.join('\n').toLowerCase());
  };
  for (const e of cluster.endpoints) {
    if (entries.length % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
    if (e.type === 'pod') {
      const lines = labelLines(e.labels);
      add(
        {
          kind: e.kind === 'Pod' ? 'pod' : 'workload',
          title: e.ref,
          detail: [e.kind, ...lines].join(' · '),
          endpoint: e.index,
          ...(e.range ? { range: e.range } : {}),
        },
        lines,
      );
    } else {
      const lines = [e.label, e.cidr, e.address].filter(Boolean);
      add(
        { kind: 'address', title: e.label, detail: `outside the cluster · ${e.ref}`, endpoint: e.index },
        lines,
      );
    }
  }
  for (const ns of cluster.namespaces) {
    if (entries.length % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
    const lines = labelLines(ns.labels);
    add(
      { kind: 'namespace', title: ns.name, detail: ['Namespace', ...lines].join(' · '), namespace: ns.name },
      lines,
    );
  }
  for (const p of cluster.policies) {
    if (entries.length % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
    const selector = labelLines(p.podSelector.matchLabels);
    const exprs = p.podSelector.matchExpressions.map((x) =>
      `${x.key} ${x.operator} ${x.values.join(',')}`.trim(),
    );
    add(
      {
        kind: 'policy',
        title: `${p.namespace}/${p.name}`,
        detail: ['NetworkPolicy', `selects ${[...selector, ...exprs].join(', ') || 'every pod'}`].join(' · '),
        namespace: p.namespace,
        ...(p.range ? { range: p.range } : {}),
      },
      [...selector, ...exprs],
    );
  }
  yield;
  // Sorted by kind, then title: one key per entry compared as a plain string (the kind as one
  // leading character), rather than a comparator reading two fields of two objects per comparison.
  const keys = entries.map((e) => `${KIND_ORDER[e.kind]}${e.title}`);
  const order = Int32Array.from(entries.keys()).sort((a, b) =>
    keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0,
  );
  return { entries, names, labels, order };
}

/**
 * Entries matching every word of the query (whitespace separated, case-insensitive). A word matches part
 * of the name, or part of a `key=value` label line, so `app=web`, `tier=fro` and `frontend` all work.
 * Best first: by how the name matched, then kind, then name. At most `limit` hits; `total` counts all.
 */
export function searchIndex(
  index: SearchIndex,
  query: string,
  limit = 50,
): { hits: SearchHit[]; total: number } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { hits: [], total: 0 };
  // Entries are visited already in list order, so each score keeps its first `limit` hits and the
  // rest are only counted: a one-letter query over 10,000 pods sorts nothing.
  const byScore: SearchHit[][] = [[], [], [], []];
  let total = 0;
  const { names, labels, entries, order } = index;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const name = names[i]!;
    const hay = labels[i]!;
    let score = 0;
    let ok = true;
    for (const w of words) {
      let s: number;
      if (name === w) s = 0;
      else if (name.startsWith(w) || name.includes(`/${w}`)) s = 1;
      else if (name.includes(w)) s = 2;
      else if (hay.includes(w)) s = 3;
      else {
        ok = false;
        break;
      }
      score = Math.max(score, s);
    }
    if (!ok) continue;
    total++;
    const bucket = byScore[score]!;
    if (bucket.length < limit) bucket.push({ entry: entries[i]!, score });
  }
  const hits = byScore.flat();
  return { hits: hits.slice(0, limit), total };
}

/**
 * The entries with an endpoint (pods, workloads, addresses) matching every word of `query`, best first
 * (as `searchIndex` ranks them), all of them: the Focus pod list is windowed, so it takes every match.
 * An empty query lists every endpoint in list order. Returns indices into `index.entries`.
 */
export function matchEndpoints(index: SearchIndex, query: string): number[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const { names, labels, entries, order } = index;
  const byScore: number[][] = [[], [], [], []];
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (entries[i]!.endpoint === undefined) continue;
    const name = names[i]!;
    let score = 0;
    let ok = true;
    for (const w of words) {
      let s: number;
      if (name === w) s = 0;
      else if (name.startsWith(w) || name.includes(`/${w}`)) s = 1;
      else if (name.includes(w)) s = 2;
      else if (labels[i]!.includes(w)) s = 3;
      else {
        ok = false;
        break;
      }
      score = Math.max(score, s);
    }
    if (ok) byScore[score]!.push(i);
  }
  return byScore.flat();
}
