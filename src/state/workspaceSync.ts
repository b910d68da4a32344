// Saves the workspace on every change, and keeps two tabs from overwriting each other unseen.
//
// Invariants:
// - The record under KEY always points at a text that is completely stored: a big text goes into a
//   new IndexedDB slot first, and the record is switched to it only once that transaction commits.
// - This tab writes KEY only over the value it last wrote or read: when another tab has written a
//   different workspace, saving pauses and the user chooses (Load theirs / Keep mine, theirs then kept
//   under BACKUP_KEY). Both versions stay reachable.
import { createStore, useStore, type StoreApi } from 'zustand';
import { useAppStoreApi, type AppState, type AppStore, type PreviousWorkspace } from './store';
import {
  BACKUP_KEY,
  KEY,
  LOCAL_STORAGE_LIMIT,
  PREVIOUS_KEY,
  SECONDARY_LIMIT,
  collectSlots,
  loadSaved,
  newSlot,
  parseSaved,
  readSavedText,
  slotOf,
  writeSlot,
  type SavedWorkspace,
} from './persistence';
import { specOf } from './slices/expectations';

export interface SyncState {
  /** Another tab saved a different workspace: this tab saves nothing until the user chooses. */
  theirs: SavedWorkspace | null;
  /** Another tab's workspace kept when this tab kept its own. */
  backup: SavedWorkspace | null;
  /** A big text is being written to IndexedDB. */
  saving: boolean;
  loadTheirs: () => Promise<void>;
  keepMine: () => void;
  restoreBackup: () => Promise<void>;
  discardBackup: () => void;
}

export interface SyncOptions {
  /** This tab's id: letters and digits. */
  writer: string;
  /** What KEY held when the page read it: a different value later was written by another tab. */
  readAtStart: string | null;
  /** Texts known to be stored in slots already (the ones this page loaded from them). */
  known?: { text: string; slot: string }[];
  lesson: () => SavedWorkspace['lesson'];
  debounceMs?: number;
}

export type SyncStore = ReturnType<typeof startSync>;

export function startSync(app: AppStore, storage: Storage, options: SyncOptions) {
  const { writer } = options;
  let lastSeen = options.readAtStart;
  let known = [...(options.known ?? [])];
  let slots = 0;
  let savedPrevious: AppState['previous'] | undefined = undefined;
  let running = false;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const refused = () =>
    app
      .getState()
      .setNotice('The browser refused to save this workspace (storage full?). Download it to keep it.');

  const sameAsMine = (theirs: SavedWorkspace) => {
    const s = app.getState();
    const sameText = theirs.slot
      ? known.some((k) => k.slot === theirs.slot && k.text === s.text)
      : !theirs.inIndexedDb && theirs.text === s.text;
    return (
      sameText &&
      JSON.stringify(theirs.settings) === JSON.stringify(s.settings) &&
      JSON.stringify(theirs.expectations ?? []) === JSON.stringify(s.expectations.map(specOf))
    );
  };

  /** Whether KEY still holds what this tab last wrote or read; if not, another tab's workspace is shown. */
  const checkOthers = (): boolean => {
    let raw: string | null;
    try {
      raw = storage.getItem(KEY);
    } catch {
      return true;
    }
    if (raw === lastSeen || raw === null) return true;
    const theirs = parseSaved(raw).value;
    if (!theirs || sameAsMine(theirs)) {
      lastSeen = raw;
      return true;
    }
    sync.setState({ theirs });
    return false;
  };

  const slotFor = async (text: string): Promise<string> => {
    const found = known.find((k) => k.text === text);
    if (found) return found.slot;
    const slot = newSlot(writer, slots++);
    sync.setState({ saving: true });
    try {
      await writeSlot(slot, text);
    } finally {
      sync.setState({ saving: false });
    }
    known.push({ text, slot });
    return slot;
  };

  const toRecord = async (w: PreviousWorkspace, limit: number, extra: Partial<SavedWorkspace>) => {
    const base = {
      fileNames: w.fileNames,
      settings: w.settings ?? app.getState().settings,
      ...extra,
      writer,
    };
    if (w.text.length <= limit || typeof indexedDB === 'undefined') return { ...base, text: w.text };
    return { ...base, text: '', slot: await slotFor(w.text) } satisfies SavedWorkspace;
  };

  const saveOnce = async () => {
    if (sync.getState().theirs || !checkOthers()) return;
    const s = app.getState();
    let record: SavedWorkspace;
    let previous: SavedWorkspace | null | undefined;
    try {
      record = await toRecord(s, LOCAL_STORAGE_LIMIT, {
        lesson: options.lesson(),
        expectations: s.expectations.map(specOf),
      });
      if (s.previous !== savedPrevious)
        previous = s.previous ? await toRecord(s.previous, SECONDARY_LIMIT, {}) : null;
    } catch {
      refused();
      return;
    }
    // Another tab may have saved while the text went into IndexedDB: never write over it unseen.
    if (sync.getState().theirs || !checkOthers()) return;
    const raw = JSON.stringify(record);
    try {
      storage.setItem(KEY, raw);
      lastSeen = raw;
      if (previous !== undefined) {
        if (previous) storage.setItem(PREVIOUS_KEY, JSON.stringify(previous));
        else storage.removeItem(PREVIOUS_KEY);
        savedPrevious = s.previous;
      }
    } catch {
      refused();
      return;
    }
    // Keep in memory only the texts whose slots records still point at.
    const live = new Set([KEY, PREVIOUS_KEY, BACKUP_KEY].map((k) => slotOf(loadSaved(storage, k).value)));
    known = known.filter((k) => live.has(k.slot));
    // Within the save loop, so that no slot this tab is still writing (not yet pointed at) is collected.
    await collectSlots(
      storage,
      writer,
      known.map((k) => k.slot),
    );
  };

  const save = async () => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      do {
        pending = false;
        await saveOnce();
      } while (pending);
    } finally {
      running = false;
    }
  };

  const schedule = (ms = options.debounceMs ?? 200) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void save();
    }, ms);
  };

  const open = async (saved: SavedWorkspace, notice: string, failure: string): Promise<boolean> => {
    const text = await readSavedText(saved);
    if (text === null) {
      app.getState().setNotice(failure);
      return false;
    }
    if (saved.slot) known.push({ text, slot: saved.slot });
    app.getState().openWorkspace({ text, fileNames: saved.fileNames, settings: saved.settings }, notice);
    // Theirs are added to this tab's expectations: none of either is lost.
    if (saved.expectations) app.getState().mergeExpectations(saved.expectations);
    return true;
  };

  const sync = createStore<SyncState>()((set, get) => ({
    theirs: null,
    backup: loadSaved(storage, BACKUP_KEY).value,
    saving: false,
    loadTheirs: async () => {
      const theirs = get().theirs;
      if (!theirs) return;
      const ok = await open(
        theirs,
        'Loaded the workspace saved by the other tab. Undo open brings yours back.',
        'The other tab’s workspace could not be read back: yours is kept.',
      );
      if (!ok) return;
      try {
        lastSeen = storage.getItem(KEY);
      } catch {
        // Saving reports it.
      }
      set({ theirs: null });
      schedule(0);
    },
    keepMine: () => {
      const theirs = get().theirs;
      if (!theirs) return;
      try {
        storage.setItem(BACKUP_KEY, JSON.stringify(theirs));
        lastSeen = storage.getItem(KEY);
      } catch {
        refused();
        return;
      }
      set({ theirs: null, backup: theirs });
      schedule(0);
    },
    restoreBackup: async () => {
      const backup = get().backup;
      if (!backup) return;
      const ok = await open(
        backup,
        'Restored the other tab’s version. Undo open brings yours back.',
        'The kept version could not be read back.',
      );
      if (!ok) return;
      get().discardBackup();
    },
    discardBackup: () => {
      try {
        storage.removeItem(BACKUP_KEY);
      } catch {
        // Nothing kept, nothing to lose.
      }
      set({ backup: null });
    },
  }));

  const onStorage = (e: StorageEvent) => {
    if (e.storageArea !== storage) return;
    if (e.key === BACKUP_KEY || e.key === null)
      sync.setState({ backup: loadSaved(storage, BACKUP_KEY).value });
    if (e.key !== KEY && e.key !== null) return;
    if (!sync.getState().theirs) checkOthers();
    else {
      // Still undecided: offer their latest.
      const theirs = e.newValue ? parseSaved(e.newValue).value : null;
      if (theirs) sync.setState({ theirs });
    }
  };
  // Closing the tab while a big text is being stored, or while another tab's save waits for a choice,
  // would drop this tab's latest version: the browser asks first.
  const onBeforeUnload = (e: BeforeUnloadEvent) => {
    const { saving, theirs } = sync.getState();
    if (saving || theirs) e.preventDefault();
  };
  // A tab closed within the debounce of a change (an expectation just added, a key just typed) saves
  // it on the way out: a small workspace is written to localStorage synchronously by saveOnce.
  const onPageHide = () => {
    if (!timer) return;
    clearTimeout(timer);
    timer = null;
    void save();
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', onStorage);
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('pagehide', onPageHide);
  }

  const unsubscribe = app.subscribe((state, prev) => {
    if (
      state.text === prev.text &&
      state.settings === prev.settings &&
      state.previous === prev.previous &&
      state.fileNames === prev.fileNames &&
      state.expectations === prev.expectations
    )
      return;
    schedule();
  });

  return Object.assign(sync, {
    /** Saves now (after the current save, if any). */
    flush: () => save(),
    stop: () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (typeof window !== 'undefined') {
        window.removeEventListener('storage', onStorage);
        window.removeEventListener('beforeunload', onBeforeUnload);
        window.removeEventListener('pagehide', onPageHide);
      }
    },
  });
}

// The saving of each app store, set once it starts (after a big saved text is read back); components
// under that store's provider follow it from then on.
type SyncHolder = StoreApi<{ sync: SyncStore | null }>;
const holders = new WeakMap<AppStore, SyncHolder>();
function holderOf(app: AppStore): SyncHolder {
  let holder = holders.get(app);
  if (!holder) holders.set(app, (holder = createStore<{ sync: SyncStore | null }>()(() => ({ sync: null }))));
  return holder;
}
/** Makes `sync` the saving that components under `app`'s provider show (see useSync). */
export const setSyncStore = (app: AppStore, sync: SyncStore) => holderOf(app).setState({ sync });
const inert = createStore<SyncState>()(() => ({
  theirs: null,
  backup: null,
  saving: false,
  loadTheirs: async () => {},
  keepMine: () => {},
  restoreBackup: async () => {},
  discardBackup: () => {},
}));
/** A value of the saving of the provider's store; before saving starts, of an idle one. */
export function useSync<T>(selector: (s: SyncState) => T): T {
  const sync = useStore(holderOf(useAppStoreApi()), (h) => h.sync);
  return useStore(sync ?? inert, selector);
}
