import { describe, expect, it } from 'vitest';
import type { WorkerLike } from '../../../state/latestClient';
import type { LayoutRequest, LayoutResponse } from './computeLayout';
import { createLayoutRunner } from './layoutClient';

/** A layout worker that answers only when the test says, with positions that name their request. */
function fakeWorker() {
  const posted: LayoutRequest[] = [];
  const worker: WorkerLike = {
    postMessage: (message: LayoutRequest) => void posted.push(message),
    onmessage: null,
    onerror: null,
  };
  const reply = (request: LayoutRequest) => {
    const data: LayoutResponse = {
      id: request.id,
      positions: Object.fromEntries(request.nodes.map((n) => [n.id, { x: 1, y: 2 }])),
    };
    worker.onmessage!.call(worker as Worker, { data } as MessageEvent);
  };
  return { worker, posted, reply };
}

const graph = (node: string) => ({
  nodes: [{ id: node, w: 10, h: 10 }],
  edges: [],
  randomize: true,
  quality: 'draft' as const,
});

describe('the layout client', () => {
  it('drops a stale layout: asked for again while it runs, the first answer resolves to null', async () => {
    const fake = fakeWorker();
    const layout = createLayoutRunner(() => fake.worker);
    const first = layout(graph('a'));
    const second = layout(graph('b'));
    const third = layout(graph('c'));
    // One at a time: the second never reaches the worker, the third replaces it.
    expect(fake.posted.map((r) => r.nodes[0]!.id)).toEqual(['a']);
    fake.reply(fake.posted[0]!);
    expect(await first).toBeNull();
    expect(await second).toBeNull();
    expect(fake.posted.map((r) => r.nodes[0]!.id)).toEqual(['a', 'c']);
    // An answer to an older request arriving late is ignored.
    fake.reply(fake.posted[0]!);
    fake.reply(fake.posted[1]!);
    expect(Object.keys((await third)!.positions)).toEqual(['c']);
  });

  it('lays out on the page when the worker fails', async () => {
    const fake = fakeWorker();
    const layout = createLayoutRunner(() => fake.worker);
    const pending = layout(graph('a'));
    fake.worker.onerror!.call(fake.worker as Worker, new Event('error') as ErrorEvent);
    expect(Object.keys((await pending)!.positions)).toEqual(['a']);
    expect(Object.keys((await layout(graph('b')))!.positions)).toEqual(['b']);
  });
});
