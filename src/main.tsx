import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { AppStoreProvider, createAppStore } from './state/store';
import {
  KEY,
  PREVIOUS_KEY,
  describeIgnored,
  loadSaved,
  readSavedText,
  readShareFromHash,
  shareReadNotice,
  slotOf,
  type SavedWorkspace,
} from './state/persistence';
import { setSyncStore, startSync } from './state/workspaceSync';
import { applyView, watchShareLinks } from './state/shareLinks';
import { restoreLesson } from './state/lessonStore';
import { lessons, replayText } from './lessons/index';
import './ui/styles.css';

/** localStorage, or, where the browser refuses it (storage disabled), a memory that lasts the visit. */
function browserStorage(): Storage {
  try {
    const storage = window.localStorage;
    storage.getItem(KEY);
    return storage;
  } catch {
    const map = new Map<string, string>();
    return {
      get length() {
        return map.size;
      },
      clear: () => map.clear(),
      getItem: (k) => map.get(k) ?? null,
      key: (i) => [...map.keys()][i] ?? null,
      removeItem: (k) => void map.delete(k),
      setItem: (k, v) => void map.set(k, String(v)),
    };
  }
}

// Where the first workspace comes from: a share link (the saved one becoming the previous, for Undo
// open), else what this browser saved, else the first lesson.
const storage = browserStorage();
const writer =
  Math.random()
    .toString(36)
    .slice(2, 10)
    .replace(/[^a-z0-9]/g, '') || 'tab';
let readAtStart: string | null = null;
try {
  readAtStart = storage.getItem(KEY);
} catch {
  readAtStart = null;
}
const link = readShareFromHash(window.location.hash);
const stored = loadSaved(storage);
const storedPrevious = loadSaved(storage, PREVIOUS_KEY);
const shared = link.kind === 'ok' ? link.saved : null;
const current: SavedWorkspace | null = shared ?? stored.value;
const previous: SavedWorkspace | null = shared ? stored.value : storedPrevious.value;
const notices: string[] = [];
if (shared)
  notices.push(`Opened the workspace from the share link.${previous ? ' Undo open brings yours back.' : ''}`);
const linkProblem = shareReadNotice(link);
if (linkProblem) notices.push(linkProblem);
if (link.kind === 'ok') notices.push(describeIgnored(link.ignored, 'the link').trim());
else notices.push(describeIgnored(stored.ignored, 'the saved workspace').trim());
if (link.kind !== 'none') history.replaceState(null, '', window.location.pathname + window.location.search);

const first = lessons[0]!;
const firstState = replayText(first, 0);
const large = slotOf(current) !== null;
const store = createAppStore({
  text: large ? '' : (current?.text ?? firstState.text),
  settings: current?.settings,
  storage,
});
if (current?.fileNames) store.setState({ fileNames: current.fileNames });
// A share link's expectations are added to the ones saved here: opening a link never drops any.
store
  .getState()
  .mergeExpectations([
    ...(shared ? (stored.value?.expectations ?? []) : []),
    ...(current?.expectations ?? []),
  ]);
if (shared?.view) applyView(store, shared.view);

// A lesson stays attached only while the workspace still derives from it (see restoreLesson).
const lessonRef = current ? current.lesson : { id: first.id, step: 0 };
if (restoreLesson(store, lessonRef, store.getState().text, !current) && !shared?.view?.tab)
  store.setState({ tab: 'lessons' });
const say = () => {
  const text = notices.filter(Boolean).join(' ');
  if (text) store.setState({ notice: text });
};
say();

// Big texts live in IndexedDB: read them before saving anything over them.
const known: { text: string; slot: string }[] = [];
const restore = async () => {
  if (large) {
    store.setState({ notice: 'Restoring your large workspace…' });
    const text = await readSavedText(current!);
    if (text !== null) {
      store.getState().setText(text, 'external');
      if (current!.slot) known.push({ text, slot: current!.slot });
      say();
      if (!notices.some(Boolean)) store.setState({ notice: null });
    } else
      store.setState({ notice: 'The saved large workspace could not be read back: open your files again.' });
  }
  if (previous) {
    const text = await readSavedText(previous);
    if (text !== null) {
      if (previous.slot) known.push({ text, slot: previous.slot });
      store.setState({ previous: { text, fileNames: previous.fileNames, settings: previous.settings } });
    }
  }
};
void restore().then(() => {
  const sync = startSync(store, storage, {
    writer,
    readAtStart,
    known,
    lesson: () => {
      const l = store.getState().lesson;
      return l.lessonId ? { id: l.lessonId, step: l.step } : null;
    },
  });
  setSyncStore(store, sync);
  watchShareLinks(store);
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App />
    </AppStoreProvider>
  </StrictMode>,
);
