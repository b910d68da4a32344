// The graph's client of the layout worker (force-directed and grid layouts off the main thread).
import { LatestClient, type Tagged, type WorkerLike } from '../../../state/latestClient';
import type { LayoutRequest, LayoutResponse } from './computeLayout';

export type LayoutRunner = (request: Omit<LayoutRequest, 'id'>) => Promise<LayoutResponse | null>;

const startWorker = (): WorkerLike =>
  new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });

type LayoutCall = Omit<LayoutRequest, 'id'> & Tagged;

/**
 * Lays out in a Web Worker, on the engine's client (`LatestClient`): one layout at a time, and of
 * those asked meanwhile only the latest; an older one resolves to null (its graph has changed since).
 * Without workers, or should the worker fail, the layout runs on the page.
 */
export function createLayoutRunner(start: () => WorkerLike = startWorker): LayoutRunner {
  let inlineLatest = 0;
  const client = new LatestClient({
    start,
    codec: () => ({
      encode: (request, id) => {
        const { type: _type, ...layout } = request as LayoutCall;
        return { ...layout, id } satisfies LayoutRequest;
      },
      idOf: (message) => (message as LayoutResponse).id,
      read: (message) => message,
    }),
    inline: async (request, channel) => {
      // Latest wins on the page too, for requests made once the worker is known broken.
      const mine = channel === undefined ? -1 : ++inlineLatest;
      const { computeLayout } = await import('./computeLayout');
      if (mine !== -1 && mine !== inlineLatest) return null;
      const { type: _type, ...layout } = request as LayoutCall;
      return computeLayout({ ...layout, id: 0 });
    },
  });
  return (request) => client.request({ ...request, type: 'layout' }) as Promise<LayoutResponse | null>;
}
