import type { LayoutRequest, LayoutResponse } from './computeLayout';

export type LayoutRunner = (request: Omit<LayoutRequest, 'id'>) => Promise<LayoutResponse | null>;

/**
 * Lays out in a Web Worker. Only the latest request is answered (an older one resolves to null: its
 * graph has changed since); without workers, or should the worker fail, the layout runs on the page.
 */
export function createLayoutRunner(): LayoutRunner {
  let latest = 0;
  const inline = async (request: LayoutRequest): Promise<LayoutResponse | null> => {
    const { computeLayout } = await import('./computeLayout');
    return request.id === latest ? computeLayout(request) : null;
  };
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = null;
  }
  if (!worker) return (request) => inline({ ...request, id: ++latest });
  let broken = false;
  const pending = new Map<number, { request: LayoutRequest; resolve: (r: LayoutResponse | null) => void }>();
  worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
    const waiting = pending.get(event.data.id);
    pending.delete(event.data.id);
    waiting?.resolve(event.data.id === latest ? event.data : null);
  };
  worker.onerror = () => {
    // A worker that cannot start (file:// origins, strict CSPs) must not leave the graph unlaid.
    broken = true;
    for (const { request, resolve } of pending.values()) void inline(request).then(resolve);
    pending.clear();
  };
  return (partial) => {
    const request = { ...partial, id: ++latest };
    if (broken) return inline(request);
    for (const { resolve } of pending.values()) resolve(null);
    pending.clear();
    return new Promise((resolve) => {
      pending.set(request.id, { request, resolve });
      worker.postMessage(request);
    });
  };
}
