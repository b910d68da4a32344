import type { EvaluateOptions } from '../engine/index';
import { EngineService } from '../worker/engineService';
import {
  ResponseAssembler,
  TextSender,
  type CallRequest,
  type CallResponse,
  type CallType,
  type EngineRequest,
  type EvaluateRequest,
  type EvaluateResponse,
  type Ghosts,
  type WorkerMessage,
} from '../worker/protocol';

export type Evaluator = ((request: Omit<EvaluateRequest, 'id'>) => Promise<EvaluateResponse>) & {
  /** Drops the evaluation under way and those waiting (their promises never settle). */
  cancel?: () => void;
  /** The client behind it, for the other kinds of request (previews, explanations, ...). */
  client?: EngineClient;
};

/** A request as a caller makes it: its kind's fields, the workspace text and the options. */
export type ClientRequest<K extends CallType> = CallRequest<K> & {
  text: string;
  options: EvaluateOptions;
} & Ghosts;

/**
 * The page's one way to the engine. Each kind of request is answered latest first: a request made
 * while another of its kind waits replaces it, and one made while another of its kind runs makes that
 * one's answer stale. A replaced or stale request resolves to null (an `evaluate` one, to the newer
 * answer: the store discards it as stale by its own count).
 */
export interface EngineClient {
  /**
   * `channel` (the kind by default) is what "latest" is counted in: views that each need their own
   * answer of one kind at once (the two sides of a comparison) ask on channels of their own.
   */
  request<K extends CallType>(
    type: K,
    request: ClientRequest<K>,
    channel?: string,
  ): Promise<CallResponse<K> | null>;
  /** Drops every request under way and waiting: evaluations never settle, the others resolve to null. */
  cancel(): void;
}

/** What the client needs of a Worker (a fake one in tests). */
export type EngineWorker = Pick<Worker, 'postMessage' | 'onmessage' | 'onerror'> &
  Partial<Pick<Worker, 'terminate'>>;

const startWorker = (): EngineWorker =>
  new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' });

/**
 * How long one request may take before the worker is presumed hung: enough for a cold worker to
 * start on a busy machine, then proportional to the text (parsing and analysis are linear in it). The
 * margin is wide: a machine shared with other work can be many times slower than a quiet one, and a
 * false alarm costs a second evaluation of a big text.
 */
export const deadlineFor = (chars: number) => BASE_DEADLINE_MS + Math.ceil(chars / 1e6) * DEADLINE_PER_MB_MS;
export const BASE_DEADLINE_MS = 10_000;
export const DEADLINE_PER_MB_MS = 5_000;
/** Past its deadline, a text up to this size is handled on the page at once (it takes milliseconds). */
export const INLINE_LIMIT = 200_000;

export interface EvaluatorEvents {
  /** A worker missed its deadline and was replaced: say what happened. */
  onTrouble?: (message: string) => void;
  /** Timers, replaceable in tests. */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

type AnyRequest = ClientRequest<CallType> & { type: CallType };
type Resolve = (r: unknown) => void;

/** The engine on the page, for when workers are unavailable or fail: the same service, one at a time. */
export function createInlineClient(): EngineClient {
  let service: EngineService | null = null;
  let nextId = 1;
  const latest = new Map<string, number>();
  return {
    request(type, request, channel = type) {
      const id = nextId++;
      latest.set(channel, id);
      return Promise.resolve().then(() => {
        // A newer request on the channel made meanwhile answers instead.
        if (type !== 'evaluate' && latest.get(channel) !== id) return null;
        service ??= new EngineService();
        const answer = service.handle({ ...request, type, id } as EngineRequest);
        return (type === 'evaluate' ? answer : (answer as { result: unknown }).result) as CallResponse<
          typeof type
        >;
      });
    },
    cancel() {
      latest.clear();
    },
  };
}

/**
 * Runs requests in a Web Worker, one at a time, the latest of each kind: typing in a big text (each
 * evaluation a second long) must not queue an evaluation per pause in the worker, each of them stale
 * by the time it runs, nor a preview per key press in a dialog.
 *
 * A worker that never answers (hung, or closed itself) must not leave the page waiting: each request
 * has a deadline proportional to its text; past it the worker is replaced, and the request handled
 * on the page when small, else once more in the new worker, and on the page if that one misses too.
 */
export function createEngineClient(
  makeWorker: () => EngineWorker = startWorker,
  events: EvaluatorEvents = {},
): EngineClient {
  const setTimer = events.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = events.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  const fallback = createInlineClient();
  type Running = {
    id: number;
    channel: string;
    request: AnyRequest;
    callers: Resolve[];
    retried: boolean;
    stale: boolean;
  };
  let nextId = 1;
  // The request being handled, and the latest waiting of each kind (in the order their kinds came).
  let running: Running | null = null;
  const waiting = new Map<string, { request: AnyRequest; callers: Resolve[] }>();
  let deadline: unknown = null;
  let broken = false;
  let engine: EngineWorker | null = null;
  // Each request goes to the worker with the change from the previous one's text (see TextSender); a
  // new worker starts from the empty text.
  let sender = new TextSender();
  // An evaluation comes in several messages (see toMessages), each read in its own task.
  let assembler = new ResponseAssembler();

  // Each on a channel of its own: the page's fallback must not drop what the worker's queue kept.
  let inlineChannel = 0;
  const inline = (request: AnyRequest, callers: Resolve[]) =>
    void fallback
      .request(request.type, request, `inline:${inlineChannel++}`)
      .then((r) => callers.forEach((c) => c(r)));

  const stopDeadline = () => {
    if (deadline !== null) clearTimer(deadline);
    deadline = null;
  };

  const send = (request: AnyRequest, channel: string, callers: Resolve[], retried = false) => {
    running = { id: nextId++, channel, request, callers, retried, stale: false };
    engine!.postMessage(sender.toMessage({ ...request, id: running.id }));
    const mine = running;
    deadline = setTimer(() => {
      if (running === mine) missed(mine);
    }, deadlineFor(request.text.length));
  };

  const next = () => {
    stopDeadline();
    running = null;
    const first = waiting.entries().next();
    if (first.done) return;
    const [channel, { request, callers }] = first.value;
    waiting.delete(channel);
    if (broken) inline(request, callers);
    else send(request, channel, callers);
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
      const message = event.data;
      if (engine !== mine || !running || message.id !== running.id) return;
      let answer: unknown;
      if ('result' in message) answer = message.result;
      else {
        answer = assembler.receive(message);
        if (!answer) return;
      }
      const { callers, stale } = running;
      next();
      for (const c of callers) c(stale ? null : answer);
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
    const what = late.request.type === 'evaluate' ? 'The evaluation' : 'The preview';
    stopDeadline();
    running = null;
    const fresh = replace();
    if (late.request.text.length <= INLINE_LIMIT || late.retried || !fresh) {
      events.onTrouble?.(
        `${what} did not finish within ${seconds} s, so it was run on this page instead${fresh ? ', and the engine was restarted for the next ones' : ''}.`,
      );
      inline(late.request, late.callers);
      next();
    } else {
      events.onTrouble?.(
        `${what} did not finish within ${seconds} s: the engine was restarted and is trying again.`,
      );
      // A newer request of its kind waiting replaces the retry.
      const newer = waiting.get(late.channel);
      if (newer) {
        newer.callers.push(...late.callers);
        next();
      } else send(late.request, late.channel, late.callers, true);
    }
  };

  if (!connect()) return fallback;

  return {
    request(type, partial, channel = type) {
      const request = { ...partial, type } as AnyRequest;
      if (broken) return fallback.request(type, partial, channel);
      return new Promise((resolve) => {
        const callers: Resolve[] = [resolve as Resolve];
        const older = waiting.get(channel);
        if (older) {
          // An evaluation's callers all get the newest answer; other kinds answer only the newest.
          if (type === 'evaluate') callers.unshift(...older.callers);
          else older.callers.forEach((c) => c(null));
          waiting.delete(channel);
        }
        if (running && running.channel === channel && type !== 'evaluate') running.stale = true;
        if (!running) send(request, channel, callers);
        else waiting.set(channel, { request, callers });
      });
    },
    cancel() {
      for (const { callers, request } of waiting.values())
        if (request.type !== 'evaluate') callers.forEach((c) => c(null));
      const wasRunning = running;
      waiting.clear();
      if (!wasRunning) return;
      stopDeadline();
      running = null;
      if (wasRunning.request.type !== 'evaluate') wasRunning.callers.forEach((c) => c(null));
      replace();
    },
  };
}

/** An evaluator over a client: `evaluate` requests, and the client for the rest. */
export function evaluatorOf(client: EngineClient): Evaluator {
  const evaluate: Evaluator = (request) =>
    client.request('evaluate', request).then((r) => r!) as Promise<EvaluateResponse>;
  evaluate.cancel = () => client.cancel();
  evaluate.client = client;
  return evaluate;
}

export function createWorkerEvaluator(
  makeWorker: () => EngineWorker = startWorker,
  events: EvaluatorEvents = {},
): Evaluator {
  return evaluatorOf(createEngineClient(makeWorker, events));
}

export function createInlineEvaluator(): Evaluator {
  return evaluatorOf(createInlineClient());
}
