// Never lose work: the workspace is saved in the browser on every change, and a share link carries it
// compressed in the URL fragment (which is never sent to any server).
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { AppStore, Settings } from './store';

const KEY = 'netpol-lab:workspace:v1';
/** Links beyond this length break in chat tools and some browsers: say so instead. */
export const MAX_LINK_LENGTH = 60_000;

export interface SavedWorkspace {
  text: string;
  fileNames: string[];
  settings: Settings;
  lesson?: { id: string; step: number } | null;
  /** The text is too big for localStorage and sits in IndexedDB; `text` is then empty. */
  inIndexedDb?: boolean;
}

/** Texts above this size go to IndexedDB: localStorage holds about 5 MB per site, in UTF-16. */
export const LOCAL_STORAGE_LIMIT = 1_000_000;
const DB = 'netpol-lab';
const STORE = 'workspace';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

async function idb<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = run(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

/**
 * A big text is saved in parts of this many characters, each put in its own task. Put whole, the
 * browser copies it in one task: 50 to 620 ms for 32 MB (measured in Chromium), after every pause in
 * typing; in parts of 1 MB, no part took more than 9 ms.
 */
export const SAVED_PART = 1 << 20;
/** Keys of the parts: ['text', 0], ['text', 1], ... (arrays compare item by item, in order). */
const PARTS = () => IDBKeyRange.bound(['text', 0], ['text', Infinity]);

/** The big text saved by `persist`, or null. */
export async function loadLargeText(): Promise<string | null> {
  try {
    const parts = await idb<unknown[]>('readonly', (store) => store.getAll(PARTS()));
    if (parts.length > 0 && parts.every((p) => typeof p === 'string')) return parts.join('');
    // Saved whole, by an earlier version.
    const text = await idb<unknown>('readonly', (store) => store.get('text'));
    return typeof text === 'string' ? text : null;
  } catch {
    return null;
  }
}

/**
 * Replaces the saved big text, part by part in one transaction: each part is put once the one before
 * is stored (its own task), and the whole replacement is kept or, on failure, none of it.
 */
async function saveLargeText(text: string): Promise<void> {
  const db = await openDb();
  try {
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction(STORE, 'readwrite');
      const store = transaction.objectStore(STORE);
      store.delete(PARTS());
      store.delete('text');
      let part = 0;
      const putNext = () => {
        const at = part * SAVED_PART;
        const request = store.put(text.slice(at, at + SAVED_PART), ['text', part++]);
        if (at + SAVED_PART < text.length) request.onsuccess = putNext;
      };
      putNext();
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB request failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function encodeShare(saved: SavedWorkspace): string {
  return toBase64Url(deflateSync(strToU8(JSON.stringify(saved)), { level: 9 }));
}

export function decodeShare(fragment: string): SavedWorkspace | null {
  try {
    const parsed = JSON.parse(strFromU8(inflateSync(fromBase64Url(fragment)))) as SavedWorkspace;
    return typeof parsed.text === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

export function shareUrl(saved: SavedWorkspace, base: string): { url: string } | { error: string } {
  const url = `${base.split('#')[0]}#w=${encodeShare(saved)}`;
  if (url.length > MAX_LINK_LENGTH) {
    return {
      error: `This workspace makes a ${Math.round(url.length / 1000)} kB link, too long to share safely. Use “Download YAML” instead.`,
    };
  }
  return { url };
}

export function readShareFromHash(hash: string): SavedWorkspace | null {
  const m = /^#w=([A-Za-z0-9_-]+)$/.exec(hash);
  return m ? decodeShare(m[1]!) : null;
}

export function loadSaved(storage: Storage): SavedWorkspace | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as SavedWorkspace;
    return typeof parsed.text === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** Saves on every change of the text or settings (debounced a little while typing). */
export function persist(store: AppStore, storage: Storage, lesson: () => SavedWorkspace['lesson']) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const refused = () =>
    store
      .getState()
      .setNotice('The browser refused to save this workspace (storage full?). Download it to keep it.');
  const save = () => {
    const s = store.getState();
    const large = s.text.length > LOCAL_STORAGE_LIMIT;
    try {
      storage.setItem(
        KEY,
        JSON.stringify({
          text: large ? '' : s.text,
          fileNames: s.fileNames,
          settings: s.settings,
          lesson: lesson(),
          ...(large ? { inIndexedDb: true } : {}),
        } satisfies SavedWorkspace),
      );
    } catch {
      refused();
      return;
    }
    if (large && typeof indexedDB !== 'undefined') {
      saveLargeText(s.text).catch(refused);
    }
  };
  return store.subscribe((state, prev) => {
    if (state.text === prev.text && state.settings === prev.settings) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 200);
  });
}
