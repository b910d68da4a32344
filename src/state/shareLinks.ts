// What a share link carries besides the text and settings (the open panel, filters and selection), and
// share links opened in a page that is already open (pasted into the address bar: only the fragment
// changes, so the page is not loaded again).
import type { AppState, AppStore, Selection } from './store';
import {
  describeIgnored,
  readShareFromHash,
  shareReadNotice,
  type SavedSelection,
  type SavedView,
} from './persistence';
import { restoreLesson } from './lessonStore';

/** The view to put in a share link; the selection by REF, since indices change with the text. */
export function currentView(s: AppState): SavedView {
  const endpoints = s.workspace?.cluster.endpoints ?? [];
  let selection: SavedSelection | null = null;
  const sel = s.selection;
  if (sel?.type === 'endpoint' && endpoints[sel.index])
    selection = { type: 'endpoint', ref: endpoints[sel.index]!.ref };
  else if (sel?.type === 'pair' && endpoints[sel.from] && endpoints[sel.to])
    selection = { type: 'pair', from: endpoints[sel.from]!.ref, to: endpoints[sel.to]!.ref };
  else if (sel?.type === 'namespace') selection = { type: 'namespace', name: sel.name };
  return {
    tab: s.tab,
    port: s.port,
    protocol: s.protocol,
    namespaceFilter: s.namespaceFilter,
    labelFilter: s.labelFilter,
    showDenied: s.showDenied,
    theme: s.theme,
    selection,
    panes: s.panes,
  };
}

/**
 * Applies a validated view now, and its selection once the text is evaluated (REFs resolve to
 * endpoints only then). A selection that names nothing in the workspace is dropped, and said so.
 */
export function applyView(store: AppStore, view: SavedView): void {
  const { selection, ...rest } = view;
  store.setState(rest);
  if (!selection) return;
  const resolve = (s: AppState): Selection | 'missing' => {
    const endpoints = s.workspace?.cluster.endpoints ?? [];
    const find = (ref: string) => endpoints.find((e) => e.ref === ref)?.index;
    if (selection.type === 'namespace')
      return s.workspace?.cluster.namespaces.some((n) => n.name === selection.name)
        ? { type: 'namespace', name: selection.name }
        : 'missing';
    if (selection.type === 'endpoint') {
      const index = find(selection.ref);
      return index === undefined ? 'missing' : { type: 'endpoint', index };
    }
    const from = find(selection.from);
    const to = find(selection.to);
    return from === undefined || to === undefined ? 'missing' : { type: 'pair', from, to };
  };
  const unsubscribe = store.subscribe((s) => {
    if (s.busy || !s.workspace || s.evaluatedText !== s.text) return;
    unsubscribe();
    const found = resolve(s);
    if (found !== 'missing') {
      store.setState({ selection: found });
      return;
    }
    const what =
      selection.type === 'pair'
        ? `${selection.from} → ${selection.to}`
        : selection.type === 'endpoint'
          ? selection.ref
          : `namespace ${selection.name}`;
    const note = describeIgnored([`the selection ${what} (not in this workspace)`], 'the link');
    store.setState({ notice: `${s.notice ?? ''}${note}`.trim() });
  });
}

/** Opens a share link whose fragment was put in the address bar of this already open page. */
export function watchShareLinks(store: AppStore) {
  const onHash = () => {
    const read = readShareFromHash(window.location.hash);
    if (read.kind === 'none') return;
    history.replaceState(null, '', window.location.pathname + window.location.search);
    if (read.kind !== 'ok') {
      store.getState().setNotice(shareReadNotice(read));
      return;
    }
    const { saved, ignored } = read;
    store
      .getState()
      .openWorkspace(
        { text: saved.text, fileNames: saved.fileNames, settings: saved.settings },
        `Opened the workspace from the share link. Undo open brings yours back.${describeIgnored(ignored, 'the link')}`,
      );
    if (saved.expectations) store.getState().mergeExpectations(saved.expectations);
    // The lesson comes back only if the link's text still derives from its step (restoreLesson).
    restoreLesson(store, saved.lesson, saved.text, false);
    if (saved.view) applyView(store, saved.view);
  };
  window.addEventListener('hashchange', onHash);
  return () => window.removeEventListener('hashchange', onHash);
}
