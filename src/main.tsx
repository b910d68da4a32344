import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { createAppStore, setDefaultStore } from './state/store';
import { loadLargeText, loadSaved, persist, readShareFromHash } from './state/persistence';
import { createLessonStore, restoreLesson, setLessonStore } from './state/lessonStore';
import { lessons, replayLesson } from './lessons/index';
import './ui/styles.css';

// Where the first workspace comes from: a share link, else what this browser saved, else the first lesson.
const shared = readShareFromHash(window.location.hash);
const saved = shared ?? loadSaved(window.localStorage);
const first = lessons[0]!;
const firstState = replayLesson(first, 0);
const large = !shared && saved?.inIndexedDb === true;
const store = createAppStore({
  text: large ? '' : (saved?.text ?? firstState.text),
  settings: saved?.settings,
});
if (saved?.fileNames) store.setState({ fileNames: saved.fileNames });
setDefaultStore(store);

const lessonStore = createLessonStore(store, window.localStorage);
setLessonStore(lessonStore);
// A lesson stays attached only while the workspace still derives from it (see restoreLesson).
const lessonRef = saved ? saved.lesson : { id: first.id, step: 0 };
if (restoreLesson(lessonStore, lessonRef, store.getState().text, !saved)) store.setState({ tab: 'lessons' });
if (shared) {
  store.setState({ notice: 'Workspace restored from the share link.' });
  history.replaceState(null, '', window.location.pathname + window.location.search);
}
if (large) {
  // A big workspace lives in IndexedDB: read it before saving anything over it.
  store.setState({ notice: 'Restoring your large workspace…' });
  void loadLargeText().then((text) => {
    if (text !== null) {
      store.getState().setText(text, 'external');
      store.setState({ notice: null });
    } else
      store.setState({ notice: 'The saved large workspace could not be read back: open your files again.' });
    startSaving();
  });
} else startSaving();

function startSaving() {
  persist(store, window.localStorage, () => {
    const l = lessonStore.getState();
    return l.lessonId ? { id: l.lessonId, step: l.step } : null;
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
