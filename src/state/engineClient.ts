import { evaluateText } from '../worker/evaluateText';
import {
  ResponseAssembler,
  TextSender,
  type EvaluateRequest,
  type EvaluateResponse,
  type WorkerMessage,
} from '../worker/protocol';

export type Evaluator = (request: Omit<EvaluateRequest, 'id'>) => Promise<EvaluateResponse>;

/** What the client needs of a Worker (a fake one in tests). */
export type EngineWorker = Pick<Worker, 'postMessage' | 'onmessage' | 'onerror'>;

const startWorker = (): EngineWorker =>
  new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });

/**
 * Runs evaluations in a Web Worker, one at a time. A request made while one is being evaluated waits,
 * and a newer one replaces it: typing in a big text (each evaluation a second long) must not queue an
 * evaluation per pause in the worker, each of them stale by the time it runs. A replaced request's
 * caller gets the newer answer (the store discards it as stale).
 */
export function createWorkerEvaluator(makeWorker: () => EngineWorker = startWorker): Evaluator {
  let worker: EngineWorker | null = null;
  try {
    worker = makeWorker();
  } catch {
    worker = null;
  }
  if (!worker) return createInlineEvaluator();
  const engine = worker;
  type Resolve = (r: EvaluateResponse) => void;
  let nextId = 1;
  // The request being evaluated (its callers), and the one to evaluate next.
  let running: { id: number; request: Omit<EvaluateRequest, 'id'>; callers: Resolve[] } | null = null;
  let waiting: { request: Omit<EvaluateRequest, 'id'>; callers: Resolve[] } | null = null;
  // Each request goes to the worker as the change from the previous one (see EvaluateMessage).
  const sender = new TextSender();
  const fallback = createInlineEvaluator();
  let broken = false;
  const send = (request: Omit<EvaluateRequest, 'id'>, callers: Resolve[]) => {
    running = { id: nextId++, request, callers };
    engine.postMessage(sender.toMessage({ ...request, id: running.id }));
  };
  const next = () => {
    running = null;
    if (!waiting) return;
    const { request, callers } = waiting;
    waiting = null;
    if (broken) void fallback(request).then((r) => callers.forEach((c) => c(r)));
    else send(request, callers);
  };
  // A response comes in several messages (see toMessages), each read in its own task.
  const assembler = new ResponseAssembler();
  engine.onmessage = (event: MessageEvent<WorkerMessage>) => {
    if (!running || event.data.id !== running.id) return;
    const response = assembler.receive(event.data);
    if (!response) return;
    const { callers } = running;
    next();
    for (const c of callers) c(response);
  };
  engine.onerror = () => {
    // A worker that fails to start (file:// origins, strict CSPs) must not leave the page busy forever.
    broken = true;
    if (!running) return;
    const { request, callers } = running;
    void fallback(request).then((r) => callers.forEach((c) => c(r)));
    next();
  };
  return (request) => {
    if (broken) return fallback(request);
    return new Promise<EvaluateResponse>((resolve) => {
      if (!running) send(request, [resolve]);
      else if (waiting) waiting = { request, callers: [...waiting.callers, resolve] };
      else waiting = { request, callers: [resolve] };
    });
  };
}

export function createInlineEvaluator(): Evaluator {
  let nextId = 1;
  return (request) => Promise.resolve(evaluateText({ ...request, id: nextId++ }));
}
