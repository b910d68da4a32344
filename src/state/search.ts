// The store side of Find anything: the index is built once per analysed workspace (a new workspace
// object comes with every analysis), and choosing a result acts on the store like a click would.
import { buildSearchIndexSteps, type SearchEntry, type SearchIndex } from './searchIndex';
import type { Workspace } from '../engine/index';
import type { AppStore } from './store';

const indexes = new WeakMap<Workspace, SearchIndex>();
/** Builds under way (started when idle), resumed rather than restarted by a query that cannot wait. */
const building = new WeakMap<Workspace, Generator<void, SearchIndex>>();

/** The index of `workspace`: built now, or the rest of its idle build finished now. */
export function searchIndexFor(workspace: Workspace): SearchIndex {
  let index = indexes.get(workspace);
  if (index) return index;
  const steps = building.get(workspace) ?? buildSearchIndexSteps(workspace);
  let step = steps.next();
  while (!step.done) step = steps.next();
  index = step.value;
  building.delete(workspace);
  indexes.set(workspace, index);
  return index;
}

/** Slices of an idle build: each stops once a step leaves less than this left of the idle period. */
const IDLE_MARGIN_MS = 2;
/** A slice stops after this long even when the browser grants a longer idle period (up to 50 ms). */
const IDLE_SLICE_MS = 12;

export interface IdleScheduler {
  request(run: (deadline: { timeRemaining(): number; didTimeout: boolean }) => void): number;
  cancel(id: number): void;
}

const browserIdle: IdleScheduler = {
  request: (run) => requestIdleCallback(run, { timeout: 2000 }),
  cancel: (id) => cancelIdleCallback(id),
};

/**
 * Builds the index of `workspace` a step at a time in idle periods (a few milliseconds each: never one
 * long task, at 10,000 pods a dozen slices), then calls `onReady`. Returns the function that stops it.
 */
export function buildSearchIndexWhenIdle(
  workspace: Workspace,
  onReady: (index: SearchIndex) => void,
  scheduler: IdleScheduler = browserIdle,
  now: () => number = () => performance.now(),
): () => void {
  const done = indexes.get(workspace);
  if (done) {
    onReady(done);
    return () => {};
  }
  let id = 0;
  let stopped = false;
  const slice = (deadline: { timeRemaining(): number; didTimeout: boolean }) => {
    if (stopped) return;
    // A query may have finished the build meanwhile.
    const ready = indexes.get(workspace);
    if (ready) return onReady(ready);
    let steps = building.get(workspace);
    if (!steps) building.set(workspace, (steps = buildSearchIndexSteps(workspace)));
    const start = now();
    // Past its timeout the callback runs with no idle time left: one step, then yield again.
    do {
      const step = steps.next();
      if (step.done) {
        building.delete(workspace);
        indexes.set(workspace, step.value);
        return onReady(step.value);
      }
    } while (deadline.timeRemaining() > IDLE_MARGIN_MS && now() - start < IDLE_SLICE_MS);
    id = scheduler.request(slice);
  };
  id = scheduler.request(slice);
  return () => {
    stopped = true;
    scheduler.cancel(id);
  };
}

/**
 * Focuses a found entry: selects it (the graph focuses a pod, workload, address or namespace), lifts a
 * namespace filter that would hide it, and shows a policy's lines in the editor. A pod the graph does
 * not draw as a pod (`drawn` false: it shows namespaces past its size limits) is focused in place:
 * the graph then draws it with its peers grouped by namespace, a dozen nodes, rather than switching to
 * its namespace's pods, which lays out a whole new graph (seconds at 10,000 pods).
 */
export function focusSearchEntry(store: AppStore, entry: SearchEntry, _drawn = true) {
  const s = store.getState();
  const ns =
    entry.kind === 'namespace' || entry.kind === 'policy'
      ? entry.namespace
      : entry.endpoint !== undefined
        ? (() => {
            const ep = s.workspace?.cluster.endpoints[entry.endpoint];
            return ep?.type === 'pod' ? ep.namespace : undefined;
          })()
        : undefined;
  if (s.namespaceFilter && s.namespaceFilter !== ns) s.setNamespaceFilter('');
  if (entry.endpoint !== undefined) s.select({ type: 'endpoint', index: entry.endpoint });
  else if (entry.kind === 'namespace' && entry.namespace)
    s.select({ type: 'namespace', name: entry.namespace });
  if (entry.kind === 'policy' && entry.range) s.revealLines(entry.range.line, entry.range.endLine);
}
