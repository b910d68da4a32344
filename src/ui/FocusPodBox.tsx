import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useAppStore, useAppStoreApi, selectSelection, selectWorkspace } from '../state/store';
import { searchIndexFor } from '../state/search';
import { matchEndpoints } from '../state/searchIndex';
import { activeDescendant, activeOption, useComboboxKeys } from './useComboboxKeys';

/** Height of one option: the list is windowed, so every row has the same height. */
const ROW_PX = 26;
/** Rows the popup shows at once; PageUp/PageDown move by this many. */
const PAGE_ROWS = 12;
/** Rows rendered above and below the visible ones, so a fast scroll does not show blank rows. */
const OVERSCAN = 6;

/**
 * Focus pod: a combobox (WAI-ARIA 1.2, list autocomplete) over every pod, workload and outside address.
 * Typing filters by name, namespace or label (`app=web`) with the Find anything index; arrows move,
 * Enter focuses, Escape closes then restores the focused pod's name. The list is windowed: only the
 * rows in view are in the DOM, each with its position (aria-posinset/setsize), so 10,000 pods cost a
 * screenful of rows. Names and labels are rendered as text.
 */
export function FocusPodBox() {
  const store = useAppStoreApi();
  const workspace = useAppStore(selectWorkspace);
  const selection = useAppStore(selectSelection);
  const listId = useId();
  const inputId = useId();
  const list = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  /** What the person typed since focusing the box; null: the box shows the focused pod. */
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);

  const selectedIndex = selection?.type === 'endpoint' ? selection.index : null;
  const selectedRef = selectedIndex !== null ? (workspace?.cluster.endpoints[selectedIndex]?.ref ?? '') : '';
  // The index is built when the list is first opened (or by Find anything), not on every analysis.
  const index = useMemo(() => (open && workspace ? searchIndexFor(workspace) : null), [open, workspace]);
  const matches = useMemo(() => (index ? matchEndpoints(index, query ?? '') : []), [index, query]);
  const current = activeOption(active, matches.length);
  const shown = open && index !== null;

  // The active row stays in view (and so in the DOM, for aria-activedescendant) while arrowing.
  useEffect(() => {
    const el = list.current;
    if (!shown || !el) return;
    const top = current * ROW_PX;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_PX > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_PX - el.clientHeight;
  }, [current, shown]);

  const close = () => {
    setOpen(false);
    setQuery(null);
    setActive(0);
    setScrollTop(0);
  };
  const pick = (entry: number) => {
    const endpoint = index?.entries[entry]?.endpoint;
    if (endpoint !== undefined) store.getState().select({ type: 'endpoint', index: endpoint });
    close();
  };

  const onKeyDown = useComboboxKeys(
    { open, listShown: shown, count: matches.length, current, typed: query !== null },
    { wrap: false, pageRows: PAGE_ROWS, homeEnd: false },
    {
      onOpen: () => setOpen(true),
      onMove: setActive,
      onPick: (i) => pick(matches[i]!),
      onClose: close,
      onClear: close,
    },
  );

  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN);
  const last = Math.min(matches.length, first + PAGE_ROWS + 2 * OVERSCAN);
  const rows: number[] = [];
  for (let i = first; i < last; i++) rows.push(i);
  // The active row is always rendered, even scrolled away (the list follows it on the next frame).
  if (shown && matches.length && (current < first || current >= last)) rows.push(current);

  return (
    // A label beside the box, not around it: a click on an option inside a <label> would be passed on
    // to the input and open the list again.
    <div
      className="focus-pod"
      title="Pick a pod to highlight who can reach it and whom it can reach (keyboard alternative to clicking the graph): type part of its name, namespace or a label"
    >
      <label htmlFor={inputId}>Focus pod</label>
      <span className="focus-pod-box">
        <input
          id={inputId}
          type="text"
          role="combobox"
          aria-label="Focus pod"
          aria-expanded={shown && matches.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeDescendant(listId, shown, matches.length, current)}
          autoComplete="off"
          spellCheck={false}
          placeholder="none: type to find"
          value={query ?? selectedRef}
          disabled={!workspace}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setScrollTop(0);
            if (list.current) list.current.scrollTop = 0;
            setOpen(true);
          }}
          onFocus={(e) => {
            e.currentTarget.select();
            setOpen(true);
          }}
          onClick={() => setOpen(true)}
          onBlur={close}
          onKeyDown={onKeyDown}
        />
        {selectedIndex !== null && (
          <button
            type="button"
            className="focus-pod-clear"
            aria-label="Clear focus"
            title="Clear the focus"
            onClick={() => store.getState().select(null)}
          >
            ×
          </button>
        )}
        {shown && (
          <span className="focus-pod-popup">
            <div
              ref={list}
              id={listId}
              role="listbox"
              aria-label="Pods to focus"
              className="focus-pod-list"
              style={{ height: Math.min(matches.length, PAGE_ROWS) * ROW_PX }}
              onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
            >
              <div role="presentation" style={{ height: matches.length * ROW_PX, position: 'relative' }}>
                {rows.map((i) => {
                  const entry = index.entries[matches[i]!]!;
                  return (
                    <div
                      key={i}
                      id={`${listId}-${i}`}
                      role="option"
                      aria-selected={i === current}
                      aria-posinset={i + 1}
                      aria-setsize={matches.length}
                      className={i === current ? 'focus-pod-option active' : 'focus-pod-option'}
                      style={{ top: i * ROW_PX, height: ROW_PX }}
                      // Keeps the focus in the input, so the list stays open until an option is picked.
                      onMouseDown={(e) => e.preventDefault()}
                      onClick={() => pick(matches[i]!)}
                      onMouseMove={() => i !== current && setActive(i)}
                    >
                      <span className="focus-pod-ref">{entry.title}</span>{' '}
                      <span className="focus-pod-detail">{entry.detail}</span>
                    </div>
                  );
                })}
              </div>
            </div>
            <span className="focus-pod-count" role="status">
              {matches.length === 0
                ? 'No pod matches'
                : `${matches.length.toLocaleString('en')} ${matches.length === 1 ? 'match' : 'matches'}`}
            </span>
          </span>
        )}
      </span>
    </div>
  );
}
