import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { createInlineEvaluator } from './engineClient';
import { startSync } from './workspaceSync';
import { BACKUP_KEY, KEY, PREVIOUS_KEY } from './persistence';

/** localStorage as one tab sees it: another tab writes into the same map. */
function memoryStorage(): Storage {
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

const POD = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: n}\n`;
const savedText = (storage: Storage, key = KEY) =>
  (JSON.parse(storage.getItem(key) ?? '{}') as { text?: string }).text;

function setup(storage: Storage) {
  const app = createAppStore({ text: POD('mine'), evaluator: createInlineEvaluator(), debounceMs: 0 });
  const sync = startSync(app, storage, {
    writer: 'tab1',
    readAtStart: storage.getItem(KEY),
    lesson: () => null,
    debounceMs: 0,
  });
  return { app, sync };
}

describe('saving the workspace', () => {
  it('saves every change, and the workspace before an open as the previous one', async () => {
    const storage = memoryStorage();
    const { app, sync } = setup(storage);
    app.getState().setText(POD('typed'));
    await sync.flush();
    expect(savedText(storage)).toBe(POD('typed'));
    app.getState().openWorkspace({ text: POD('shared'), fileNames: ['s.yaml'] }, 'opened');
    await sync.flush();
    expect(savedText(storage)).toBe(POD('shared'));
    expect(savedText(storage, PREVIOUS_KEY)).toBe(POD('typed'));
    app.getState().undoOpen();
    await sync.flush();
    expect(savedText(storage)).toBe(POD('typed'));
    expect(storage.getItem(PREVIOUS_KEY)).toBeNull();
    sync.stop();
  });

  it('never writes over another tab’s save unseen; Keep mine saves and keeps theirs as the backup', async () => {
    const storage = memoryStorage();
    const { app, sync } = setup(storage);
    app.getState().setText(POD('mine2'));
    await sync.flush();
    // Another tab saves.
    const theirs = JSON.stringify({ text: POD('theirs'), fileNames: ['t.yaml'], writer: 'tab2' });
    storage.setItem(KEY, theirs);
    app.getState().setText(POD('mine3'));
    await sync.flush();
    expect(storage.getItem(KEY)).toBe(theirs);
    expect(sync.getState().theirs?.text).toBe(POD('theirs'));
    sync.getState().keepMine();
    await sync.flush();
    expect(savedText(storage)).toBe(POD('mine3'));
    expect(savedText(storage, BACKUP_KEY)).toBe(POD('theirs'));
    await sync.getState().restoreBackup();
    expect(app.getState().text).toBe(POD('theirs'));
    expect(app.getState().previous?.text).toBe(POD('mine3'));
    expect(storage.getItem(BACKUP_KEY)).toBeNull();
    sync.stop();
  });

  it('Load theirs shows the other tab’s workspace, with Undo open back to this one', async () => {
    const storage = memoryStorage();
    const { app, sync } = setup(storage);
    app.getState().setText(POD('mine2'));
    await sync.flush();
    storage.setItem(KEY, JSON.stringify({ text: POD('theirs'), fileNames: ['t.yaml'], writer: 'tab2' }));
    await sync.flush();
    expect(sync.getState().theirs).not.toBeNull();
    await sync.getState().loadTheirs();
    expect(app.getState().text).toBe(POD('theirs'));
    await sync.flush();
    expect(savedText(storage, PREVIOUS_KEY)).toBe(POD('mine2'));
    expect(sync.getState().theirs).toBeNull();
    sync.stop();
  });

  it('takes a save by another tab of the same workspace for no conflict', async () => {
    const storage = memoryStorage();
    const { app, sync } = setup(storage);
    app.getState().setText(POD('same'));
    await sync.flush();
    const settings = app.getState().settings;
    storage.setItem(
      KEY,
      JSON.stringify({ text: POD('same'), fileNames: ['x.yaml'], settings, writer: 'tab2' }),
    );
    await sync.flush();
    expect(sync.getState().theirs).toBeNull();
    expect(JSON.parse(storage.getItem(KEY)!)).toMatchObject({ writer: 'tab1' });
    sync.stop();
  });
});

describe('saving the expectations with the workspace', () => {
  const E = { from: 'n/a', to: 'n/b', port: 80, protocol: 'TCP' as const, allowed: false };
  const savedList = (storage: Storage) =>
    (JSON.parse(storage.getItem(KEY) ?? '{}') as { expectations?: unknown }).expectations;

  it('saves each change of the list', async () => {
    const storage = memoryStorage();
    const { app, sync } = setup(storage);
    const id = app.getState().addExpectation(E)!;
    await new Promise((r) => setTimeout(r, 5));
    await sync.flush();
    expect(savedList(storage)).toEqual([E]);
    app.getState().removeExpectation(id);
    await new Promise((r) => setTimeout(r, 5));
    await sync.flush();
    expect(savedList(storage)).toEqual([]);
    sync.stop();
  });

  it('saves a change on pagehide, when the tab closes before the debounce', async () => {
    // The page's window, as far as startSync uses it.
    const page = new EventTarget();
    (globalThis as { window?: unknown }).window = page;
    try {
      const storage = memoryStorage();
      const app = createAppStore({ text: POD('a'), evaluator: createInlineEvaluator(), debounceMs: 0 });
      const sync = startSync(app, storage, {
        writer: 'tab1',
        readAtStart: null,
        lesson: () => null,
        // Longer than the test: only pagehide can save it in time.
        debounceMs: 60_000,
      });
      app.getState().addExpectation(E);
      await new Promise((r) => setTimeout(r, 5));
      expect(storage.getItem(KEY)).toBeNull();
      page.dispatchEvent(new Event('pagehide'));
      await new Promise((r) => setTimeout(r, 0));
      expect(savedList(storage)).toEqual([E]);
      sync.stop();
    } finally {
      delete (globalThis as { window?: unknown }).window;
    }
  });

  it("adds another tab's expectations to this tab's when loading theirs", async () => {
    const storage = memoryStorage();
    const { app, sync } = setup(storage);
    app.getState().addExpectation(E);
    await sync.flush();
    const theirs = { ...E, to: 'n/c', allowed: true };
    storage.setItem(
      KEY,
      JSON.stringify({ text: POD('theirs'), fileNames: ['t.yaml'], writer: 'tab2', expectations: [theirs] }),
    );
    // The next save finds their write and waits for a choice.
    app.getState().setText(POD('mine2'));
    await sync.flush();
    expect(sync.getState().theirs).not.toBeNull();
    await sync.getState().loadTheirs();
    expect(app.getState().expectations.map(({ id: _i, ...e }) => e)).toEqual([E, theirs]);
    sync.stop();
  });
});
