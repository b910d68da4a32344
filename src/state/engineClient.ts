import { evaluateText } from '../worker/evaluateText';
import {
  ResponseAssembler,
  TextSender,
  type EvaluateRequest,
  type EvaluateResponse,
  type WorkerMessage,
} from '../worker/protocol';

export type Evaluator = ((request: Omit<EvaluateRequest, 'id'>) => Promise<EvaluateResponse>) & {
  /** Drops the evaluation under way and those waiting (their promises never settle). */
  cancel?: () => void;
};

/** What the client needs of a Worker (a fake one in tests). */
export type EngineWorker = Pick<Worker, 'postMessage' | 'onmessage' | 'onerror'> &
  Partial<Pick<Worker, 'terminate'>>;

const startWorker = (): EngineWorker =>
  new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });

/**
 * How long one evaluation may take before the worker is presumed hung: enough for a cold worker to
 * start on a busy machine, then proportional to the text (parsing and analysis are linear in it). The
 * margin is wide: a machine shared with other work can be many times slower than a quiet one, and a
 * false alarm costs a second evaluation of a big text.
 */
export const deadlineFor = (chars: number) => BASE_DEADLINE_MS + Math.ceil(chars / 1e6) * DEADLINE_PER_MB_MS;
export const BASE_DEADLINE_MS = 10_000;
export const DEADLINE_PER_MB_MS = 5_000;
/** Past its deadline, a text up to this size is evaluated on the page at once (it takes milliseconds). */
export const INLINE_LIMIT = 200_000;

export interface EvaluatorEvents {
  /** A worker missed its deadline and was replaced: say what happened. */
  onTrouble?: (message: string) => void;
  /** Timers, replaceable in tests. */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Runs evaluations in a Web Worker, one at a time. A request made while one is being evaluated waits,
 * and a newer one replaces it: typing in a big text (each evaluation a second long) must not queue an
 * evaluation per pause in the worker, each of them stale by the time it runs. A replaced request's
 * caller gets the newer answer (the store discards it as stale).
 *
 * A worker that never answers (hung, or closed itself) must not leave the page waiting: each request
 * has a deadline proportional to its text; past it the worker is replaced, and the request evaluated
 * on the page when small, else once more in the new worker, and on the page if that one misses too.
 */
export function createWorkerEvaluator(
  makeWorker: () => EngineWorker = startWorker,
  events: EvaluatorEvents = {},
): Evaluator {
  const setTimer = events.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = events.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  const fallback = createInlineEvaluator();
  type Resolve = (r: EvaluateResponse) => void;
  type Running = { id: number; request: Omit<EvaluateRequest, 'id'>; callers: Resolve[]; retried: boolean };
  let nextId = 1;
  // The request being evaluated (its callers), and the one to evaluate next.
  let running: Running | null = null;
  let waiting: { request: Omit<EvaluateRequest, 'id'>; callers: Resolve[] } | null = null;
  let deadline: unknown = null;
  let broken = false;
  let engine: EngineWorker | null = null;
  // Each request goes to the worker as the change from the previous one (see EvaluateMessage); a new
  // worker starts from the empty text.
  let sender = new TextSender();
  // A response comes in several messages (see toMessages), each read in its own task.
  let assembler = new ResponseAssembler();

  const inline = (request: Omit<EvaluateRequest, 'id'>, callers: Resolve[]) =>
    void fallback(request).then((r) => callers.forEach((c) => c(r)));

  const stopDeadline = () => {
    if (deadline !== null) clearTimer(deadline);
    deadline = null;
  };

  const send = (request: Omit<EvaluateRequest, 'id'>, callers: Resolve[], retried = false) => {
    running = { id: nextId++, request, callers, retried };
    engine!.postMessage(sender.toMessage({ ...request, id: running.id }));
    const mine = running;
    deadline = setTimer(() => {
      if (running === mine) missed(mine);
    }, deadlineFor(request.text.length));
  };

  const next = () => {
    stopDeadline();
    running = null;
    if (!waiting) return;
    const { request, callers } = waiting;
    waiting = null;
    if (broken) inline(request, callers);
    else send(request, callers);
  };

  const connect = (): boolean => {
    try {
      engine = makeWorker();
    } catch {
      engine = null;
    }
    sender = new TextSender();
    assembler = new ResponseAssembler();
    if (!engine) {
      broken = true;
      return false;
    }
    const mine = engine;
    engine.onmessage = (event: MessageEvent<WorkerMessage>) => {
      if (engine !== mine || !running || event.data.id !== running.id) return;
      const response = assembler.receive(event.data);
      if (!response) return;
      const { callers } = running;
      next();
      for (const c of callers) c(response);
    };
    engine.onerror = () => {
      if (engine !== mine) return;
      // A worker that fails to start (file:// origins, strict CSPs) must not leave the page busy forever.
      broken = true;
      if (!running) return;
      const { request, callers } = running;
      inline(request, callers);
      next();
    };
    return true;
  };

  const replace = () => {
    engine?.terminate?.();
    engine = null;
    return connect();
  };

  const missed = (late: Running) => {
    const seconds = Math.round(deadlineFor(late.request.text.length) / 1000);
    stopDeadline();
    running = null;
    const fresh = replace();
    if (late.request.text.length <= INLINE_LIMIT || late.retried || !fresh) {
      events.onTrouble?.(
        `The evaluation did not finish within ${seconds} s, so it was run on this page instead${fresh ? ', and the engine was restarted for the next ones' : ''}.`,
      );
      inline(late.request, late.callers);
      next();
    } else {
      events.onTrouble?.(
        `The evaluation did not finish within ${seconds} s: the engine was restarted and is trying again.`,
      );
      // A newer request waiting replaces the retry.
      if (waiting) {
        waiting.callers.push(...late.callers);
        next();
      } else send(late.request, late.callers, true);
    }
  };

  if (!connect()) return createInlineEvaluator();

  const evaluate: Evaluator = (request) => {
    if (broken) return fallback(request);
    return new Promise<EvaluateResponse>((resolve) => {
      if (!running) send(request, [resolve]);
      else if (waiting) waiting = { request, callers: [...waiting.callers, resolve] };
      else waiting = { request, callers: [resolve] };
    });
  };
  evaluate.cancel = () => {
    if (!running && !waiting) return;
    stopDeadline();
    running = null;
    waiting = null;
    replace();
  };
  return evaluate;
}

export function createInlineEvaluator(): Evaluator {
  let nextId = 1;
  return (request) => Promise.resolve(evaluateText({ ...request, id: nextId++ }));
}
