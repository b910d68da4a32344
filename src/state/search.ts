// The store side of Find anything: the index is built once per analysed workspace (a new workspace
// object comes with every analysis), and choosing a result acts on the store like a click would.
import { buildSearchIndex, type SearchEntry, type SearchIndex } from './searchIndex';
import type { Workspace } from '../engine/index';
import type { AppStore } from './store';

const indexes = new WeakMap<Workspace, SearchIndex>();

export function searchIndexFor(workspace: Workspace): SearchIndex {
  let index = indexes.get(workspace);
  if (!index) indexes.set(workspace, (index = buildSearchIndex(workspace)));
  return index;
}

/**
 * Focuses a found entry: selects it (the graph focuses a pod, workload, address or namespace), lifts a
 * namespace filter that would hide it, and shows a policy's lines in the editor. `drawn` says whether
 * the graph draws the entry's node now: a pod the graph does not draw (it shows namespaces, not pods,
 * past its size limits) gets its namespace picked in the filter, which draws that namespace's pods.
 */
export function focusSearchEntry(store: AppStore, entry: SearchEntry, drawn = true) {
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
  if (!drawn && ns && entry.kind !== 'namespace' && entry.kind !== 'policy') s.setNamespaceFilter(ns);
  else if (s.namespaceFilter && s.namespaceFilter !== ns) s.setNamespaceFilter('');
  if (entry.endpoint !== undefined) s.select({ type: 'endpoint', index: entry.endpoint });
  else if (entry.kind === 'namespace' && entry.namespace)
    s.select({ type: 'namespace', name: entry.namespace });
  if (entry.kind === 'policy' && entry.range) s.revealLines(entry.range.line, entry.range.endLine);
}
