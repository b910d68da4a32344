import { evaluateText } from '../worker/evaluateText';
import type { EvaluateRequest, EvaluateResponse } from '../worker/protocol';

export type Evaluator = (request: Omit<EvaluateRequest, 'id'>) => Promise<EvaluateResponse>;

/** Runs evaluations in a Web Worker; answers stay in order and only the latest request is answered. */
export function createWorkerEvaluator(): Evaluator {
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    worker = null;
  }
  if (!worker) return createInlineEvaluator();
  let nextId = 1;
  const pending = new Map<number, (r: EvaluateResponse) => void>();
  worker.onmessage = (event: MessageEvent<EvaluateResponse>) => {
    const resolve = pending.get(event.data.id);
    pending.delete(event.data.id);
    resolve?.(event.data);
  };
  const fallback = createInlineEvaluator();
  let broken = false;
  worker.onerror = () => {
    // A worker that fails to start (file:// origins, strict CSPs) must not leave the page busy forever.
    broken = true;
    for (const resolve of pending.values()) resolve(undefined as never);
    pending.clear();
  };
  return (request) => {
    if (broken) return fallback(request);
    const id = nextId++;
    return new Promise<EvaluateResponse>((resolve) => {
      pending.set(id, (r) => (r ? resolve(r) : resolve(fallback(request))));
      worker.postMessage({ ...request, id });
    });
  };
}

export function createInlineEvaluator(): Evaluator {
  let nextId = 1;
  return (request) => Promise.resolve(evaluateText({ ...request, id: nextId++ }));
}
