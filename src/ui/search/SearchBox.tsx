// Find anything: the header's search over pods, workloads, namespaces, policies and addresses.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useAppStore, useAppStoreApi, selectWorkspace } from '../../state/store';
import { buildSearchIndexWhenIdle, focusSearchEntry, searchIndexFor } from '../../state/search';
import { searchIndex, type SearchEntry, type SearchKind } from '../../state/searchIndex';
import { getGraphController } from '../graph/graphRegistry';
import { endpointId, namespaceId } from '../graph/ids';
import { activeDescendant, activeOption, useComboboxKeys } from '../useComboboxKeys';

const KIND_LABEL: Record<SearchKind, string> = {
  pod: 'Pod',
  workload: 'Workload',
  namespace: 'Namespace',
  policy: 'Policy',
  address: 'Address',
};

/** Brings a found node into view without changing the zoom, when the graph draws it. */
function centerOnGraph(entry: SearchEntry) {
  const graph = getGraphController();
  if (!graph) return;
  const id =
    entry.endpoint !== undefined
      ? endpointId(entry.endpoint)
      : entry.namespace
        ? namespaceId(entry.namespace)
        : null;
  // The graph redraws for the new focus first: center once it has.
  requestAnimationFrame(() => {
    if (id) graph.center(id);
  });
}

/**
 * Find anything (Ctrl+K or Cmd+K): a combobox over pods, workloads, namespaces, policies and addresses
 * (WAI-ARIA combobox with a listbox popup). Arrow keys move through the results, Enter focuses one.
 * Names and labels are rendered as text.
 */
export function SearchBox() {
  const store = useAppStoreApi();
  const workspace = useAppStore(selectWorkspace);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  // A query typed before the idle build below is done finishes it now (the person is waiting for it);
  // a new workspace alone never builds the index in a render.
  const result = useMemo(
    () =>
      workspace && query.trim() ? searchIndex(searchIndexFor(workspace), query, 50) : { hits: [], total: 0 },
    [workspace, query],
  );
  const hits = result.hits;
  const current = activeOption(active, hits.length);

  // The index of a new analysis is built in idle slices, before the first query needs it.
  useEffect(() => {
    if (!workspace || typeof requestIdleCallback === 'undefined') return;
    return buildSearchIndexWhenIdle(workspace, () => {});
  }, [workspace]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'k' || e.key === 'K')) {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The active option stays in view while arrowing through a long list.
  useEffect(() => {
    if (!open) return;
    document.getElementById(`${listId}-${current}`)?.scrollIntoView({ block: 'nearest' });
  }, [current, open, listId]);

  const choose = (entry: SearchEntry) => {
    const graph = getGraphController();
    const drawn = entry.endpoint === undefined || !graph || graph.hasNode(endpointId(entry.endpoint));
    focusSearchEntry(store, entry, drawn);
    centerOnGraph(entry);
    setOpen(false);
  };

  // Home/End and Enter act while the popup is wanted (`open`); it shows only once something is typed.
  const onKeyDown = useComboboxKeys(
    { open, listShown: open, count: hits.length, current, typed: query !== '' },
    { wrap: true, pageRows: 0, homeEnd: true },
    {
      onOpen: () => setOpen(true),
      onMove: setActive,
      onPick: (i) => choose(hits[i]!.entry),
      onClose: () => setOpen(false),
      onClear: () => setQuery(''),
    },
  );

  const showList = open && query.trim() !== '';
  return (
    <div className="search-box">
      <input
        ref={input}
        type="search"
        role="combobox"
        aria-label="Find anything"
        aria-expanded={showList && hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeDescendant(listId, showList, hits.length, current)}
        placeholder="Find… (Ctrl+K)"
        title="Find pods, workloads, namespaces, policies and addresses by name or label (app=web); Ctrl+K or ⌘K"
        value={query}
        disabled={!workspace}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <div className="search-results">
          {hits.length > 0 && (
            <ul id={listId} role="listbox" aria-label="Found">
              {hits.map((h, i) => (
                <li
                  key={`${h.entry.kind}:${h.entry.title}:${i}`}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === current}
                  className={i === current ? 'active' : undefined}
                  // Keeps the focus in the input, so the list stays open until a result is chosen.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(h.entry)}
                  onMouseMove={() => i !== current && setActive(i)}
                >
                  <span className="search-kind">{KIND_LABEL[h.entry.kind]}</span>
                  <span className="search-title">{h.entry.title}</span>
                  <span className="search-detail">{h.entry.detail}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="search-count" role="status">
            {result.total === 0
              ? 'Nothing found'
              : result.total > hits.length
                ? `${hits.length} of ${result.total} shown: type more to narrow`
                : `${result.total} found`}
          </p>
        </div>
      )}
    </div>
  );
}
