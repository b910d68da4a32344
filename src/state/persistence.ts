// Never lose work: the workspace is saved in the browser on every change, and a share link carries it
// compressed in the URL fragment (which is never sent to any server). Everything read back, from a link
// or from storage, is untrusted: it is validated field by field, and what does not fit is dropped and
// named, never allowed to break the page.
import { Inflate, strFromU8 } from 'fflate';
import { lessons } from '../lessons/index';
import { PLUGINS, type PanelTab, type Settings } from './store';
import type { Panes } from './panes';
import { LOCAL_STORAGE_LIMIT, SAVED_PART } from './storageLimits';
import { encodeShare, fromBase64Url } from './shareCodec';
import type { ExpectationSpec } from '../engine/index';

export { encodeShare };

export { LOCAL_STORAGE_LIMIT, SAVED_PART };

/** The workspace that loads. */
export const KEY = 'netpol-lab:workspace:v1';
/** The workspace before the last open (files, share link, another tab's version): what Undo open restores. */
export const PREVIOUS_KEY = 'netpol-lab:previous:v1';
/** Another tab's workspace, kept when this tab chose to keep its own. */
export const BACKUP_KEY = 'netpol-lab:backup:v1';
/** Links beyond this length break in chat tools and some browsers: say so instead. */
export const MAX_LINK_LENGTH = 60_000;
/**
 * A share link may inflate to at most this many bytes. Deflate reaches about 1000:1, so a link of a
 * few hundred kB could otherwise become a workspace of hundreds of megabytes and stall the page.
 */
export const MAX_SHARED_BYTES = 16 * 1024 * 1024;
/** Fragments longer than this are refused before any decoding. */
export const MAX_FRAGMENT_LENGTH = 1024 * 1024;

export type SavedSelection =
  | { type: 'endpoint'; ref: string }
  | { type: 'pair'; from: string; to: string }
  | { type: 'namespace'; name: string };

/** What a share link restores besides the text and settings. */
export interface SavedView {
  tab?: PanelTab;
  port?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  namespaceFilter?: string;
  labelFilter?: string;
  showDenied?: boolean;
  theme?: 'light' | 'dark';
  selection?: SavedSelection | null;
  /** Pane widths (null: the default share) and which panes are collapsed. */
  panes?: Panes;
}

export interface SavedWorkspace {
  text: string;
  fileNames: string[];
  settings: Settings;
  lesson?: { id: string; step: number } | null;
  view?: SavedView;
  /** The text is in IndexedDB under this slot; `text` is then empty. */
  slot?: string;
  /** Written by an earlier version: the text is in IndexedDB under ['text', 0], ['text', 1], ... */
  inIndexedDb?: boolean;
  /** The tab that wrote it: tells another tab's write from this tab's own. */
  writer?: string;
  /** The Expectations panel's list (a share link carries it too: each is a few dozen bytes). */
  expectations?: ExpectationSpec[];
}

/** Expectations read back at most (the panel keeps at most as many, see MAX_EXPECTATIONS). */
const MAX_SAVED_EXPECTATIONS = 1000;

/** The previous workspace and the backup share localStorage with the current one: keep them small there. */
export const SECONDARY_LIMIT = 64_000;
const DB = 'netpol-lab';
const STORE = 'workspace';
const LEGACY_SLOT = 'text';

// ---------------------------------------------------------------------------------------------
// Validation

const TABS: PanelTab[] = ['matrix', 'explanation', 'problems', 'lessons', 'audit', 'expectations'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
const DEFAULT_SETTINGS: Settings = { semantics: 'current', plugin: 'calico', dns: false };
const MAX_NAME = 1000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k);
/** A value quoted for a message: short, and only ever shown as text. */
const show = (v: unknown) => {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};
const shortString = (v: unknown, max = MAX_NAME): v is string => typeof v === 'string' && v.length <= max;

/**
 * The fields of a saved or shared workspace that fit, and a description of each one dropped. Returns
 * null when there is no text to restore at all.
 */
export function validateSaved(raw: unknown): { value: SavedWorkspace | null; ignored: string[] } {
  const ignored: string[] = [];
  if (!isObject(raw) || typeof raw.text !== 'string') return { value: null, ignored: ['the workspace text'] };
  const value: SavedWorkspace = {
    text: raw.text,
    fileNames: ['workspace.yaml'],
    settings: { ...DEFAULT_SETTINGS },
  };

  if (has(raw, 'fileNames')) {
    const names = raw.fileNames;
    if (
      Array.isArray(names) &&
      names.length > 0 &&
      names.length <= 10_000 &&
      names.every((n) => shortString(n))
    )
      value.fileNames = names as string[];
    else ignored.push(`the file names ${show(names)}`);
  }

  if (has(raw, 'settings')) {
    const s = raw.settings;
    if (!isObject(s)) ignored.push(`the settings ${show(s)}`);
    else {
      if (s.semantics === 'current' || s.semantics === 'legacy') value.settings.semantics = s.semantics;
      else if (has(s, 'semantics')) ignored.push(`the semantics ${show(s.semantics)}`);
      if (typeof s.plugin === 'string' && PLUGINS.some((p) => p.id === s.plugin))
        value.settings.plugin = s.plugin;
      else if (has(s, 'plugin')) ignored.push(`the network plugin ${show(s.plugin)}`);
      if (typeof s.dns === 'boolean') value.settings.dns = s.dns;
      else if (has(s, 'dns')) ignored.push(`the DNS setting ${show(s.dns)}`);
    }
  }

  if (has(raw, 'lesson') && raw.lesson !== null && raw.lesson !== undefined) {
    const l = raw.lesson;
    const lesson = isObject(l) && typeof l.id === 'string' ? lessons.find((x) => x.id === l.id) : undefined;
    if (!isObject(l) || !lesson) ignored.push(`the lesson ${show(isObject(l) ? l.id : l)} (no such lesson)`);
    else if (
      typeof l.step !== 'number' ||
      !Number.isInteger(l.step) ||
      l.step < 0 ||
      l.step >= lesson.steps.length
    )
      ignored.push(
        `step ${show(l.step)} of the lesson “${lesson.title}” (it has ${lesson.steps.length} steps)`,
      );
    else value.lesson = { id: lesson.id, step: l.step };
  } else if (has(raw, 'lesson')) value.lesson = null;

  if (has(raw, 'view')) {
    const v = raw.view;
    if (!isObject(v)) ignored.push(`the view ${show(v)}`);
    else value.view = validateView(v, ignored);
  }

  if (has(raw, 'expectations')) {
    const list = raw.expectations;
    if (!Array.isArray(list)) ignored.push(`the expectations ${show(list)}`);
    else {
      const kept = list.slice(0, MAX_SAVED_EXPECTATIONS).filter(isExpectation);
      const left = list.length - kept.length;
      if (left > 0) ignored.push(`${left} expectation${left === 1 ? '' : 's'}`);
      value.expectations = kept.map((e) => ({
        from: e.from,
        to: e.to,
        port: e.port,
        protocol: e.protocol,
        allowed: e.allowed,
      }));
    }
  }

  if (has(raw, 'slot')) {
    if (typeof raw.slot === 'string' && /^[\w.-]{1,100}$/.test(raw.slot) && raw.slot !== LEGACY_SLOT)
      value.slot = raw.slot;
    else return { value: null, ignored: [...ignored, `the stored text ${show(raw.slot)}`] };
  } else if (raw.inIndexedDb === true) value.inIndexedDb = true;
  if (shortString(raw.writer, 100)) value.writer = raw.writer;
  return { value, ignored };
}

function isExpectation(e: unknown): e is ExpectationSpec {
  return (
    isObject(e) &&
    shortString(e.from) &&
    shortString(e.to) &&
    ((typeof e.port === 'number' && Number.isFinite(e.port)) || shortString(e.port, 100)) &&
    (PROTOCOLS as readonly unknown[]).includes(e.protocol) &&
    typeof e.allowed === 'boolean'
  );
}

function validateView(v: Record<string, unknown>, ignored: string[]): SavedView {
  const view: SavedView = {};
  const field = <K extends keyof SavedView>(key: K, ok: (x: unknown) => boolean, label: string) => {
    if (!has(v, key)) return;
    if (ok(v[key])) view[key] = v[key] as SavedView[K];
    else ignored.push(`${label} ${show(v[key])}`);
  };
  field('tab', (x) => TABS.includes(x as PanelTab), 'the panel');
  field(
    'port',
    (x) =>
      typeof x === 'string' && (x === '' || (/^\d{1,5}$/.test(x) && Number(x) >= 1 && Number(x) <= 65535)),
    'the port filter',
  );
  field('protocol', (x) => (PROTOCOLS as readonly unknown[]).includes(x), 'the protocol filter');
  field('namespaceFilter', (x) => shortString(x, 253), 'the namespace filter');
  field('labelFilter', (x) => shortString(x), 'the label filter');
  field('showDenied', (x) => typeof x === 'boolean', 'the “Show denied” setting');
  field('theme', (x) => x === 'light' || x === 'dark', 'the theme');
  field(
    'selection',
    (x) =>
      x === null ||
      (isObject(x) &&
        ((x.type === 'endpoint' && shortString(x.ref)) ||
          (x.type === 'pair' && shortString(x.from) && shortString(x.to)) ||
          (x.type === 'namespace' && shortString(x.name, 253)))),
    'the selection',
  );
  const width = (x: unknown) =>
    x === null || (typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 10000);
  field(
    'panes',
    (x) =>
      isObject(x) &&
      width(x.editor) &&
      width(x.side) &&
      typeof x.editorCollapsed === 'boolean' &&
      typeof x.sideCollapsed === 'boolean',
    'the pane layout',
  );
  if (view.panes) {
    const p = view.panes;
    view.panes = {
      editor: p.editor,
      side: p.side,
      editorCollapsed: p.editorCollapsed,
      sideCollapsed: p.sideCollapsed,
    };
  }
  if (view.selection) {
    // Keep only the fields of its type.
    const s = view.selection;
    view.selection =
      s.type === 'endpoint'
        ? { type: s.type, ref: s.ref }
        : s.type === 'pair'
          ? { type: s.type, from: s.from, to: s.to }
          : { type: s.type, name: s.name };
  }
  return view;
}

/** "Ignored …: a, b and c." for a notice, or '' when nothing was ignored. */
export function describeIgnored(ignored: string[], where: string): string {
  if (!ignored.length) return '';
  const list =
    ignored.length === 1
      ? ignored[0]!
      : `${ignored.slice(0, -1).join(', ')} and ${ignored[ignored.length - 1]!}`;
  return ` Ignored from ${where}, as it does not fit: ${list}.`;
}

// ---------------------------------------------------------------------------------------------
// Share links

/** Fed this many compressed bytes at a time, the inflater outputs at most about 1 MB per step. */
const INFLATE_STEP = 1024;

/** Inflates raw DEFLATE data, stopping as soon as the output passes `cap`. Throws on corrupt data. */
export function inflateCapped(bytes: Uint8Array, cap: number): Uint8Array | 'too-big' {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > cap) over = true;
    else chunks.push(chunk);
  });
  for (let at = 0; at < bytes.length && !over; at += INFLATE_STEP)
    inflater.push(bytes.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= bytes.length);
  if (over) return 'too-big';
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export type ShareRead =
  | { kind: 'none' }
  | { kind: 'ok'; saved: SavedWorkspace; ignored: string[] }
  | { kind: 'unreadable' }
  | { kind: 'too-big' };

export function decodeShare(fragment: string): ShareRead {
  if (fragment.length > MAX_FRAGMENT_LENGTH) return { kind: 'too-big' };
  try {
    const bytes = inflateCapped(fromBase64Url(fragment), MAX_SHARED_BYTES);
    if (bytes === 'too-big') return { kind: 'too-big' };
    const { value, ignored } = validateSaved(JSON.parse(strFromU8(bytes)) as unknown);
    // A link always carries its text; one that points into some browser's storage is not a link.
    if (!value || value.slot || value.inIndexedDb) return { kind: 'unreadable' };
    return { kind: 'ok', saved: value, ignored };
  } catch {
    return { kind: 'unreadable' };
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

/** A fragment that starts like a share link is one: anything wrong with it is reported, never ignored. */
export function readShareFromHash(hash: string): ShareRead {
  if (!hash.startsWith('#w=')) return { kind: 'none' };
  const body = hash.slice(3);
  if (body.length > MAX_FRAGMENT_LENGTH) return { kind: 'too-big' };
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return { kind: 'unreadable' };
  return decodeShare(body);
}

export function shareReadNotice(read: ShareRead): string | null {
  if (read.kind === 'unreadable')
    return 'This link could not be read (it may have been cut short or changed): your own workspace is shown.';
  if (read.kind === 'too-big')
    return `This link was refused: its workspace would be over ${MAX_SHARED_BYTES / 1024 / 1024} MB. Your own workspace is shown; share big clusters as files.`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Storage

/** A saved record from localStorage, validated; null when absent or unusable. */
export function loadSaved(storage: Storage, key = KEY): { value: SavedWorkspace | null; ignored: string[] } {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return { value: null, ignored: [] };
  }
  if (!raw) return { value: null, ignored: [] };
  return parseSaved(raw);
}

export function parseSaved(raw: string): { value: SavedWorkspace | null; ignored: string[] } {
  try {
    return validateSaved(JSON.parse(raw) as unknown);
  } catch {
    return { value: null, ignored: ['the saved workspace (unreadable)'] };
  }
}

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

/** Keys of a slot's parts: [slot, 0], [slot, 1], ... (arrays compare item by item, in order). */
const partsOf = (slot: string) => IDBKeyRange.bound([slot, 0], [slot, Infinity]);

/** A text kept in IndexedDB under `slot`, or null when it is not there (whole) or cannot be read. */
export async function readSlot(slot: string): Promise<string | null> {
  try {
    const parts = await idb<unknown[]>('readonly', (store) => store.getAll(partsOf(slot)));
    if (parts.length > 0 && parts.every((p) => typeof p === 'string')) return parts.join('');
    if (slot !== LEGACY_SLOT) return null;
    // Saved whole, by an earlier version.
    const text = await idb<unknown>('readonly', (store) => store.get(LEGACY_SLOT));
    return typeof text === 'string' ? text : null;
  } catch {
    return null;
  }
}

/** The text of a saved record: from the record itself or from IndexedDB. */
export function readSavedText(saved: SavedWorkspace): Promise<string | null> {
  if (saved.slot) return readSlot(saved.slot);
  if (saved.inIndexedDb) return readSlot(LEGACY_SLOT);
  return Promise.resolve(saved.text);
}

/** The IndexedDB slot a record's text lives in, if any. */
export const slotOf = (saved: SavedWorkspace | null): string | null =>
  saved?.slot ?? (saved?.inIndexedDb ? LEGACY_SLOT : null);

/**
 * Writes a text under a new slot, part by part in one transaction: each part is put once the one
 * before is stored (its own task). The transaction commits all parts or none: a tab closed meanwhile
 * leaves no slot behind, and the records in localStorage, switched only after it commits, still point
 * at the texts they had.
 */
export async function writeSlot(slot: string, text: string): Promise<void> {
  const db = await openDb();
  try {
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction(STORE, 'readwrite');
      const store = transaction.objectStore(STORE);
      let part = 0;
      const putNext = () => {
        const at = part * SAVED_PART;
        const request = store.put(text.slice(at, at + SAVED_PART), [slot, part++]);
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

/** A new slot name: its creation time first, so that slots left by closed tabs can be told apart by age. */
export const newSlot = (writer: string, n: number) => `s${Date.now()}-${writer}-${n}`;

/** Slots younger than this may belong to another tab that has not switched its record to them yet. */
const SLOT_GRACE_MS = 10 * 60 * 1000;

/**
 * Deletes the slots no record points at: this tab's own at once, other tabs' once old enough that no
 * save of theirs can still be on its way to pointing at them.
 */
export async function collectSlots(storage: Storage, writer: string, inUse: string[] = []): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const keep = new Set<string>(inUse);
  for (const key of [KEY, PREVIOUS_KEY, BACKUP_KEY]) {
    const slot = slotOf(loadSaved(storage, key).value);
    if (slot) keep.add(slot);
  }
  try {
    const keys = await idb<IDBValidKey[]>('readonly', (store) => store.getAllKeys());
    const now = Date.now();
    const drop = new Set<string>();
    for (const key of keys) {
      const slot = Array.isArray(key) ? key[0] : key;
      if (typeof slot !== 'string' || keep.has(slot) || drop.has(slot)) continue;
      const born = /^s(\d+)-([\w]+)-/.exec(slot);
      if (slot === LEGACY_SLOT || (born && (born[2] === writer || now - Number(born[1]) > SLOT_GRACE_MS)))
        drop.add(slot);
    }
    for (const slot of drop) {
      await idb('readwrite', (store) => store.delete(partsOf(slot)));
      if (slot === LEGACY_SLOT) await idb('readwrite', (store) => store.delete(LEGACY_SLOT));
    }
  } catch {
    // Unreferenced parts only cost space; the next save tries again.
  }
}
