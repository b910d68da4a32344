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
