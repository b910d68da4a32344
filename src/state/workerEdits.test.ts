import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { createInlineClient, evaluatorOf, type EngineClient } from './engineClient';
import { applyEditsInWorker } from './workerEdits';

const POD = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: n}\n`;

/** The inline client, recording what each request asked for. */
function recordingClient() {
  const inner = createInlineClient();
  const asked: { type: string; changes?: unknown; text: string }[] = [];
  const client: EngineClient = {
    request(type, request, channel) {
      asked.push({ type, text: request.text, changes: (request as { changes?: unknown }).changes });
      return inner.request(type, request, channel);
    },
    cancel: () => inner.cancel(),
  };
  return { client, asked };
}

async function settle(store: ReturnType<typeof createAppStore>) {
  for (let i = 0; i < 50 && (store.getState().busy || !store.getState().workspace); i++)
    await new Promise((r) => setTimeout(r, 5));
}

describe('edits made without a preview', () => {
  it('take the text after the edit from the engine service, as applyEdits alone would make it', async () => {
    const { client, asked } = recordingClient();
    const store = createAppStore({ text: POD('a'), evaluator: evaluatorOf(client), debounceMs: 0 });
    await settle(store);
    const edit = { type: 'allow-dns' as const, namespace: 'n' };
    const onPage = createAppStore({
      text: POD('a'),
      evaluator: evaluatorOf(createInlineClient()),
      debounceMs: 0,
    });
    await settle(onPage);
    expect(onPage.getState().applyEdits([edit]).ok).toBe(true);

    const result = await applyEditsInWorker(store, [edit]);
    expect(result.ok).toBe(true);
    expect(store.getState().text).toBe(onPage.getState().text);
    expect(store.getState().text).toContain('allow-dns');
    // Asked of the engine service for the text only, on the text before the edit.
    expect(asked.filter((a) => a.type === 'previewEdits')).toEqual([
      { type: 'previewEdits', text: POD('a'), changes: false },
    ]);
    // One undo step, with its receipt, as any edit.
    expect(store.getState().receipt?.before).toBe(POD('a'));
  });

  it('refused by the service, is refused with the reason applyEdits gives', async () => {
    const store = createAppStore({
      text: POD('a'),
      evaluator: evaluatorOf(createInlineClient()),
      debounceMs: 0,
    });
    await settle(store);
    const gone = { type: 'delete-object' as const, kind: 'Pod', namespace: 'n', name: 'nobody' };
    const result = await applyEditsInWorker(store, [gone]);
    expect(result.ok).toBe(false);
    expect(store.getState().text).toBe(POD('a'));
  });
});
